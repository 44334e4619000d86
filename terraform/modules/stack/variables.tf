variable "stage" {
  description = "Deployment stage; names every resource (cloudchat-<stage>-...)."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9]{1,15}$", var.stage))
    error_message = "stage must be 2-16 lowercase letters/digits."
  }
}

variable "region" {
  description = "AWS region for everything except the CloudFront-scoped WAF/certificate (us-east-1)."
  type        = string

  validation {
    condition     = can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]$", var.region))
    error_message = "region must be an AWS region name."
  }
}

variable "package_path" {
  description = "Lambda zip from `chalice package`; empty means build/chalice/deployment.zip at the repo root."
  type        = string
  default     = ""
  nullable    = false
}

variable "deletion_protection" {
  description = "DynamoDB and Cognito deletion protection."
  type        = bool
}

variable "force_destroy_buckets" {
  description = "Let `make destroy` delete non-empty buckets."
  type        = bool
}

variable "kms_deletion_window_days" {
  description = "KMS key deletion waiting period."
  type        = number
}

variable "kms_administrator_arns" {
  description = "Extra IAM principals allowed to administer the KMS keys."
  type        = list(string)
  default     = []
  nullable    = false
}

variable "mfa_configuration" {
  description = "Cognito TOTP MFA: OFF, OPTIONAL or ON."
  type        = string
  default     = "OPTIONAL"
  nullable    = false
}

variable "cognito_user_pool_tier" {
  description = "Cognito feature plan: LITE, ESSENTIALS or PLUS (threat protection needs PLUS)."
  type        = string
}

variable "cognito_advanced_security_mode" {
  description = "Cognito threat protection: OFF, AUDIT or ENFORCED (needs cognito_user_pool_tier PLUS; the auth module validates the pair)."
  type        = string
}

variable "cognito_domain_prefix" {
  description = "Hosted UI domain prefix; empty: cloudchat-<stage>-<account id>."
  type        = string
  default     = ""
  nullable    = false
}

variable "google_oauth" {
  description = "Google OAuth client (empty client_id: no Google sign-in)."
  type = object({
    client_id     = string
    client_secret = string
  })
  default   = { client_id = "", client_secret = "" }
  nullable  = false
  sensitive = true
}

variable "facebook_oauth" {
  description = "Facebook app (empty client_id: no Facebook sign-in)."
  type = object({
    client_id     = string
    client_secret = string
    api_version   = optional(string, "v19.0")
  })
  default   = { client_id = "", client_secret = "" }
  nullable  = false
  sensitive = true
}

variable "github_oauth" {
  description = "GitHub OAuth app behind an OIDC bridge (empty client_id: no GitHub sign-in)."
  type = object({
    client_id     = string
    client_secret = string
    oidc_issuer   = string
  })
  default   = { client_id = "", client_secret = "", oidc_issuer = "" }
  nullable  = false
  sensitive = true
}

variable "extra_web_origins" {
  description = "Additional origins for Cognito callbacks and media CORS (e.g. http://localhost:5173 in dev)."
  type        = list(string)
}

variable "domain_name" {
  description = "Optional custom domain for the web client."
  type        = string
  default     = ""
  nullable    = false
}

variable "hosted_zone_id" {
  description = "Route 53 zone of domain_name."
  type        = string
  default     = ""
  nullable    = false
}

variable "waf_rate_limit" {
  description = "Requests per 5 minutes per IP before WAF blocks."
  type        = number
  default     = 2000
  nullable    = false
}

variable "us_east_1_logs_kms_key_arn" {
  description = "Only when region != us-east-1: a us-east-1 KMS key for the CloudFront WAF log group."
  type        = string
  default     = ""
  nullable    = false
}

variable "redis_enabled" {
  description = "Create ElastiCache (Valkey) + VPC + NAT and attach the app Lambdas to the VPC. Off: in-process caches only."
  type        = bool
  default     = false
  nullable    = false
}

variable "redis_nat_gateway_mode" {
  description = "none, single or per_az (see docs/deploy.md)."
  type        = string
  default     = "single"
  nullable    = false
}

variable "redis_interface_endpoints" {
  description = "Interface VPC endpoints to add when Redis is on."
  type        = list(string)
  default     = []
  nullable    = false
}

variable "redis_node_type" {
  description = "Cache node type."
  type        = string
  default     = "cache.t4g.micro"
  nullable    = false
}

variable "ses_identity" {
  description = "SES domain or address for email notifications and Cognito's mail (empty: no SES, Cognito's default sender)."
  type        = string
  default     = ""
  nullable    = false
}

variable "ses_hosted_zone_id" {
  description = "Route 53 zone of a domain ses_identity: its DKIM records are created there (empty: publish them yourself)."
  type        = string
  default     = ""
  nullable    = false
}

variable "alarm_emails" {
  description = "Who gets alarm emails."
  type        = list(string)
  default     = []
  nullable    = false
}

variable "fanout_workers" {
  description = "FANOUT_WORKERS."
  type        = number
  default     = 16
  nullable    = false
}

variable "caps" {
  description = "Membership and socket caps (the backend module's caps)."
  type = object({
    rooms_per_user       = optional(number, 500)
    members_per_room     = optional(number, 5000)
    connections_per_user = optional(number, 20)
    invitation_days      = optional(number, 30)
  })
  default  = {}
  nullable = false
}

variable "rate_limits" {
  description = "Rate-limit policies, \"LIMIT/WINDOW_SECONDS[/BURST]\" each (backend module's rate_limits; unset: its defaults)."
  type = object({
    rest_user     = optional(string, "100/900")
    rest_ip       = optional(string, "100/900")
    ws_connection = optional(string, "10/1/20")
    ws_user       = optional(string, "20/1/40")
    ws_connect    = optional(string, "30/60")
    room_create   = optional(string, "20/3600")
    invite        = optional(string, "50/3600")
    dm            = optional(string, "30/3600")
  })
  default  = {}
  nullable = false

  validation {
    condition     = alltrue([for spec in values(var.rate_limits) : can(regex("^[1-9][0-9]*/[1-9][0-9]*(/[1-9][0-9]*)?$", spec))])
    error_message = "Every rate limit must be LIMIT/WINDOW_SECONDS or LIMIT/WINDOW_SECONDS/BURST, each a positive integer."
  }
}

variable "message_retention_days" {
  description = "MESSAGE_RETENTION_DAYS (also the media retention)."
  type        = number
}

variable "lambda_memory_mb" {
  description = "Memory of the app functions."
  type        = number
  default     = 512
  nullable    = false
}

variable "log_retention_days" {
  description = "Days every log of the stage is kept: Lambda, API Gateway, WAF, VPC flow and cache slow-log groups, and the S3/CloudFront access logs."
  type        = number
}

variable "api_execution_logging_level" {
  description = "API Gateway execution logging of the REST and WebSocket stages: ERROR, INFO or OFF (the backend module validates it)."
  type        = string
  default     = "ERROR"
  nullable    = false
}

variable "live_versions" {
  description = "Rollback pin of the live aliases (function key -> version); empty: the newest version. Written by `make rollback`."
  type        = map(string)
  default     = {}
  nullable    = false
}

variable "features" {
  description = "Feature flags, passed to the backend module (see its variable of the same name)."
  type = object({
    file_upload         = optional(bool, false)
    push                = optional(bool, false)
    reactions           = optional(bool, true)
    voice               = optional(bool, false)
    max_file_size_bytes = optional(number, 10485760)
  })
  default  = {}
  nullable = false
}

variable "feature_flags_ssm_path" {
  description = "SSM path whose parameters override the feature flags (backend module); empty: environment only."
  type        = string
  default     = ""
  nullable    = false
}

variable "feature_flag_parameters" {
  description = "Initial SSM feature-flag parameters under feature_flags_ssm_path (backend module)."
  type        = map(string)
  default     = {}
  nullable    = false
}
