# What an operator supplies to dev from outside: the deploy scripts (-var package_path), CI
# (TF_VAR_*) or an uncommitted terraform.tfvars. Everything that makes this stage dev is a
# literal in main.tf; every other stack setting keeps modules/stack's default. To change one of
# those for dev, edit the module "stack" call in main.tf (docs/deploy.md); that includes a custom
# domain or SES identity, which dev does not usually have (prod takes them as variables).

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
  description = "Extra origins (no path) allowed for Cognito callbacks and media CORS, on top of the web URL and the Vite dev server (main.tf)."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for o in var.extra_web_origins : can(regex("^(https://[a-z0-9.-]+|http://(localhost|127\\.0\\.0\\.1))(:[0-9]+)?$", o))])
    error_message = "extra_web_origins must be https://host[:port] or http://localhost[:port] origins (no path, no trailing slash)."
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
