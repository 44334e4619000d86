# What an operator supplies to prod from outside: the deploy scripts (-var package_path), CI
# (TF_VAR_*) or an uncommitted terraform.tfvars. Everything that makes this stage prod is a
# literal in main.tf; every other stack setting keeps modules/stack's default. To change one of
# those for prod, edit the module "stack" call in main.tf (docs/deploy.md).

variable "package_path" {
  description = "Lambda zip from `chalice package` (scripts/deploy.sh passes build/chalice/deployment.zip); empty: that same default."
  type        = string
  default     = ""
  nullable    = false

  validation {
    condition     = var.package_path == "" || endswith(var.package_path, ".zip")
    error_message = "package_path must be empty or a .zip file."
  }
}

variable "region" {
  description = "AWS region of the stage (the CloudFront WAF and certificate are always in us-east-1); the stack validates it."
  type        = string
  default     = "us-east-1"
  nullable    = false
}

variable "us_east_1_logs_kms_key_arn" {
  description = "Required when region is not us-east-1: a us-east-1 KMS key for the CloudFront WAF log group."
  type        = string
  default     = ""
  nullable    = false

  validation {
    condition     = var.us_east_1_logs_kms_key_arn == "" || can(regex("^arn:aws[a-z-]*:kms:us-east-1:[0-9]{12}:key/", var.us_east_1_logs_kms_key_arn))
    error_message = "us_east_1_logs_kms_key_arn must be empty or a us-east-1 KMS key ARN."
  }
}

variable "google_oauth" {
  description = "Google OAuth client; empty client_id: no Google sign-in. Pass as TF_VAR_google_oauth."
  type = object({
    client_id     = string
    client_secret = string
  })
  default   = { client_id = "", client_secret = "" }
  nullable  = false
  sensitive = true

  validation {
    condition     = var.google_oauth.client_id == "" || var.google_oauth.client_secret != ""
    error_message = "google_oauth.client_secret is required when client_id is set."
  }
}

variable "facebook_oauth" {
  description = "Facebook app; empty client_id: no Facebook sign-in. Pass as TF_VAR_facebook_oauth."
  type = object({
    client_id     = string
    client_secret = string
    api_version   = optional(string, "v19.0")
  })
  default   = { client_id = "", client_secret = "" }
  nullable  = false
  sensitive = true

  validation {
    condition     = var.facebook_oauth.client_id == "" || var.facebook_oauth.client_secret != ""
    error_message = "facebook_oauth.client_secret is required when client_id is set."
  }
}

variable "github_oauth" {
  description = "GitHub OAuth app behind an OIDC bridge; empty client_id: no GitHub sign-in. Pass as TF_VAR_github_oauth."
  type = object({
    client_id     = string
    client_secret = string
    oidc_issuer   = string
  })
  default   = { client_id = "", client_secret = "", oidc_issuer = "" }
  nullable  = false
  sensitive = true

  validation {
    condition     = var.github_oauth.client_id == "" || (var.github_oauth.client_secret != "" && startswith(var.github_oauth.oidc_issuer, "https://"))
    error_message = "github_oauth needs client_secret and an https:// oidc_issuer when client_id is set."
  }
}

variable "extra_web_origins" {
  description = "Extra https origins (no path) allowed for Cognito callbacks and media CORS, besides the web URL."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for o in var.extra_web_origins : can(regex("^https://[a-z0-9.-]+(:[0-9]+)?$", o))])
    error_message = "extra_web_origins must be https://host[:port] origins (no path, no trailing slash); prod takes no http origins."
  }
}

variable "domain_name" {
  description = "Custom domain of the web client (ACM certificate + alias record); empty: the CloudFront domain."
  type        = string
  default     = ""
  nullable    = false
}

variable "hosted_zone_id" {
  description = "Route 53 hosted zone of domain_name; required when domain_name is set."
  type        = string
  default     = ""
  nullable    = false

  validation {
    condition     = var.hosted_zone_id == "" || can(regex("^Z[A-Z0-9]{1,31}$", var.hosted_zone_id))
    error_message = "hosted_zone_id must be empty or a Route 53 zone id (Z...)."
  }
}

variable "ses_identity" {
  description = "SES domain or address for email notifications and Cognito's mail, verified in this account; empty: no SES (Cognito's default sender, 50 mails a day)."
  type        = string
  default     = ""
  nullable    = false
}

variable "ses_hosted_zone_id" {
  description = "Route 53 hosted zone of a domain ses_identity, to create its DKIM records in; empty: publish them yourself."
  type        = string
  default     = ""
  nullable    = false

  validation {
    condition     = var.ses_hosted_zone_id == "" || can(regex("^Z[A-Z0-9]{1,31}$", var.ses_hosted_zone_id))
    error_message = "ses_hosted_zone_id must be empty or a Route 53 zone id (Z...)."
  }
}

variable "alarm_emails" {
  description = "Who gets the CloudWatch alarm emails (each confirms the SNS subscription)."
  type        = list(string)
  default     = []
  nullable    = false
}

variable "live_versions" {
  description = "Rollback pin of the live aliases (function key -> version); scripts/deploy_rollback.sh writes it to rollback.auto.tfvars.json. Empty: the newest version."
  type        = map(string)
  default     = {}
  nullable    = false
}
