# Per-deployment overrides (terraform.tfvars, TF_VAR_*, -var): every input of modules/stack, which
# documents and validates them. Left null, a setting takes this stage's value from main.tf or the
# stack's default. envs/dev and envs/prod declare the same set (tests/infra checks it).

variable "stage" {
  description = "Deployment stage; names every resource (cloudchat-<stage>-...)."
  type        = string
  default     = null
}

variable "region" {
  description = "AWS region for everything except the CloudFront-scoped WAF/certificate (us-east-1)."
  type        = string
  default     = "us-east-1"
}

variable "package_path" {
  description = "Lambda zip from `chalice package`; empty means build/chalice/deployment.zip at the repo root."
  type        = string
  default     = null
}

variable "deletion_protection" {
  description = "DynamoDB and Cognito deletion protection."
  type        = bool
  default     = null
}

variable "force_destroy_buckets" {
  description = "Let `make destroy` delete non-empty buckets."
  type        = bool
  default     = null
}

variable "kms_deletion_window_days" {
  description = "KMS key deletion waiting period."
  type        = number
  default     = null
}

variable "kms_administrator_arns" {
  description = "Extra IAM principals allowed to administer the KMS keys."
  type        = list(string)
  default     = null
}

variable "mfa_configuration" {
  description = "Cognito TOTP MFA: OFF, OPTIONAL or ON."
  type        = string
  default     = null
}

variable "cognito_advanced_security_mode" {
  description = "Cognito threat protection: OFF, AUDIT or ENFORCED (Plus plan)."
  type        = string
  default     = null
}

variable "cognito_domain_prefix" {
  description = "Hosted UI domain prefix; empty: cloudchat-<stage>-<account id>."
  type        = string
  default     = null
}

variable "google_oauth" {
  description = "Google OAuth client (empty client_id: no Google sign-in)."
  type = object({
    client_id     = string
    client_secret = string
  })
  default   = null
  sensitive = true
}

variable "facebook_oauth" {
  description = "Facebook app (empty client_id: no Facebook sign-in)."
  type = object({
    client_id     = string
    client_secret = string
    api_version   = optional(string, "v19.0")
  })
  default   = null
  sensitive = true
}

variable "github_oauth" {
  description = "GitHub OAuth app behind an OIDC bridge (empty client_id: no GitHub sign-in)."
  type = object({
    client_id     = string
    client_secret = string
    oidc_issuer   = string
  })
  default   = null
  sensitive = true
}

variable "extra_web_origins" {
  description = "Additional origins for Cognito callbacks and media CORS (e.g. http://localhost:5173 in dev)."
  type        = list(string)
  default     = null
}

variable "domain_name" {
  description = "Optional custom domain for the web client."
  type        = string
  default     = null
}

variable "hosted_zone_id" {
  description = "Route 53 zone of domain_name."
  type        = string
  default     = null
}

variable "waf_rate_limit" {
  description = "Requests per 5 minutes per IP before WAF blocks."
  type        = number
  default     = null
}

variable "us_east_1_logs_kms_key_arn" {
  description = "Only when region != us-east-1: a us-east-1 KMS key for the CloudFront WAF log group."
  type        = string
  default     = null
}

variable "redis_enabled" {
  description = "Create ElastiCache (Valkey) + VPC + NAT and attach the app Lambdas to the VPC. Off: in-process caches only."
  type        = bool
  default     = null
}

variable "redis_nat_gateway_mode" {
  description = "none, single or per_az (see docs/deploy.md)."
  type        = string
  default     = null
}

variable "redis_interface_endpoints" {
  description = "Interface VPC endpoints to add when Redis is on."
  type        = list(string)
  default     = null
}

variable "redis_node_type" {
  description = "Cache node type."
  type        = string
  default     = null
}

variable "ses_identity" {
  description = "SES domain or address for email notifications (empty: no SES)."
  type        = string
  default     = null
}

variable "alarm_emails" {
  description = "Who gets alarm emails."
  type        = list(string)
  default     = null
}

variable "fanout_workers" {
  description = "FANOUT_WORKERS."
  type        = number
  default     = null
}

variable "membership_cache_seconds" {
  description = "MEMBERSHIP_CACHE_SECONDS."
  type        = number
  default     = null
}

variable "message_retention_days" {
  description = "MESSAGE_RETENTION_DAYS (also the media retention)."
  type        = number
  default     = null
}

variable "lambda_memory_mb" {
  description = "Memory of the app functions."
  type        = number
  default     = null
}

variable "log_retention_days" {
  description = "Lambda/API log retention."
  type        = number
  default     = null
}

variable "manage_api_gateway_account" {
  description = "Set the account-wide API Gateway logging role from this stack (one stack per account/region)."
  type        = bool
  default     = null
}

variable "extra_tags" {
  description = "Extra tags on every resource (the providers' default_tags)."
  type        = map(string)
  default     = {}
}
