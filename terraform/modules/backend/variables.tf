variable "app_name" {
  description = "Chalice app name (app.py: Chalice(app_name=...))."
  type        = string
  default     = "cloud-chat"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{2,30}$", var.app_name))
    error_message = "app_name must be 3-31 lowercase letters, digits or dashes."
  }
}

variable "stage" {
  description = "Deployment stage (dev, prod, ...): part of every name and the Chalice stage."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9]{1,15}$", var.stage))
    error_message = "stage must be 2-16 lowercase letters/digits."
  }
}

variable "package_path" {
  description = "Deployment zip built by `chalice package` (scripts/deploy_build.sh writes build/chalice/deployment.zip)."
  type        = string

  validation {
    condition     = endswith(var.package_path, ".zip")
    error_message = "package_path must point to a .zip file."
  }
}

variable "access_log_bucket" {
  description = "Bucket receiving the artifacts bucket's S3 server access logs (the observability module's)."
  type        = string

  validation {
    condition     = length(var.access_log_bucket) >= 3
    error_message = "access_log_bucket must be a bucket name."
  }
}

variable "runtime" {
  description = "Lambda Python runtime; must match the interpreter `chalice package` ran under (wheels are per-version)."
  type        = string
  default     = "python3.11"

  validation {
    condition     = contains(["python3.11", "python3.12", "python3.13"], var.runtime)
    error_message = "runtime must be python3.11, python3.12 or python3.13."
  }
}

variable "architecture" {
  description = "Lambda architecture. chalice package downloads manylinux x86_64 wheels, so keep x86_64 unless you build arm64 wheels."
  type        = string
  default     = "x86_64"

  validation {
    condition     = contains(["x86_64", "arm64"], var.architecture)
    error_message = "architecture must be x86_64 or arm64."
  }
}

variable "memory_mb" {
  description = "Memory for the API and WebSocket functions (CPU scales with it; fan-out is network bound)."
  type        = number
  default     = 512

  validation {
    condition     = var.memory_mb >= 128 && var.memory_mb <= 10240
    error_message = "memory_mb must be 128-10240."
  }
}

variable "timeout_seconds" {
  description = "Timeout for the API and WebSocket functions (API Gateway gives up at 29 s)."
  type        = number
  default     = 29

  validation {
    condition     = var.timeout_seconds >= 3 && var.timeout_seconds <= 29
    error_message = "timeout_seconds must be 3-29."
  }
}

variable "reserved_concurrency" {
  description = "Reserved concurrency per app function; null (default) reserves none. New accounts often have a limit of 10, and reserving fails unless 100 stay unreserved."
  type        = number
  default     = null

  validation {
    condition     = var.reserved_concurrency == null || coalesce(var.reserved_concurrency, 1) >= 1
    error_message = "reserved_concurrency must be null or at least 1."
  }
}

variable "live_alias_name" {
  description = "Alias every integration invokes through the `lambdaAlias` stage variable; `make rollback` moves it."
  type        = string
  default     = "live"

  validation {
    condition     = can(regex("^[a-zA-Z][a-zA-Z0-9_-]{0,127}$", var.live_alias_name))
    error_message = "live_alias_name must be a valid alias name."
  }
}

variable "live_versions" {
  description = "Rollback pin: function key (api, cognito, websocket_*) -> published version the live alias keeps. Functions not named (all, by default) follow the version each apply publishes."
  type        = map(string)
  default     = {}
  nullable    = false

  validation {
    condition     = alltrue([for v in values(var.live_versions) : can(regex("^[1-9][0-9]*$", v))])
    error_message = "live_versions values must be published version numbers (\"1\", \"2\", ...)."
  }
}

variable "table_prefix" {
  description = "TABLE_PREFIX (from the data module)."
  type        = string
}

variable "table_arns" {
  description = "DynamoDB table ARNs the app may use."
  type        = list(string)

  validation {
    condition     = length(var.table_arns) > 0 && alltrue([for a in var.table_arns : can(regex("^arn:aws[a-z-]*:dynamodb:", a))])
    error_message = "table_arns must be non-empty DynamoDB table ARNs."
  }
}

variable "index_arns" {
  description = "DynamoDB index ARN patterns (<table-arn>/index/*)."
  type        = list(string)
}

variable "messages_stream_arn" {
  description = "The Messages table's stream (data module), which feeds the search indexer."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:dynamodb:.*:table/.+/stream/.+$", var.messages_stream_arn))
    error_message = "messages_stream_arn must be a DynamoDB stream ARN."
  }
}

variable "cognito" {
  description = "Cognito settings the app reads (COGNITO_USER_POOL_ID, COGNITO_CLIENT_ID, COGNITO_ISSUER, COGNITO_JWKS_URL, PUBLIC_COGNITO_ENDPOINT)."
  type = object({
    user_pool_id = string
    client_id    = string
    issuer       = string
    jwks_url     = string
    endpoint     = string
  })
}

variable "public_rest_url" {
  description = "PUBLIC_REST_URL the web client uses (the CloudFront /api URL). Empty: the API Gateway invoke URL."
  type        = string
  default     = ""
}

variable "fanout_workers" {
  description = "FANOUT_WORKERS: parallel @connections posts per invocation."
  type        = number
  default     = 16

  validation {
    condition     = var.fanout_workers >= 1 && var.fanout_workers <= 128
    error_message = "fanout_workers must be 1-128."
  }
}

variable "caps" {
  description = "MAX_ROOMS_PER_USER, MAX_MEMBERS_PER_ROOM, MAX_CONNECTIONS_PER_USER and INVITATION_DAYS (docs/operations.md)."
  type = object({
    rooms_per_user       = optional(number, 500)
    members_per_room     = optional(number, 5000)
    connections_per_user = optional(number, 20)
    invitation_days      = optional(number, 30)
  })
  default  = {}
  nullable = false

  validation {
    condition     = alltrue([for v in values(var.caps) : v >= 1])
    error_message = "every cap must be >= 1."
  }
}

variable "message_retention_days" {
  description = "MESSAGE_RETENTION_DAYS: messages expire (DynamoDB TTL) after this many days."
  type        = number
  default     = 90

  validation {
    condition     = var.message_retention_days >= 1
    error_message = "message_retention_days must be >= 1."
  }
}

variable "resume_window" {
  description = "RESUME_WINDOW: the widest gap (in room seqs) a WebSocket resume replays; wider gets resumeGap."
  type        = number
  default     = 5000

  validation {
    condition     = var.resume_window >= 1
    error_message = "resume_window must be >= 1."
  }
}

variable "kms_key_arns" {
  description = "KMS keys: data (env vars, DynamoDB, secrets), storage (S3 media), logs (log groups, SNS)."
  type = object({
    data    = string
    storage = string
    logs    = string
  })
}

variable "vpc" {
  description = "Subnets and security groups that reach the Redis/Valkey cache (null: no Lambda joins a VPC). The app does not read Redis yet; REDIS_URL and its secret grant come back with that code."
  type = object({
    subnet_ids         = list(string)
    security_group_ids = list(string)
  })
  default = null

  validation {
    condition     = try(length(var.vpc.subnet_ids) > 0 && length(var.vpc.security_group_ids) > 0, var.vpc == null)
    error_message = "vpc needs at least one subnet and one security group."
  }
}

variable "vpc_functions" {
  description = "Functions attached to the VPC when vpc is set (the authorizer never needs it)."
  type        = list(string)
  default     = ["api", "websocket_connect", "websocket_message", "websocket_disconnect"]
}

variable "log_retention_days" {
  description = "Retention of the Lambda and API access log groups."
  type        = number
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a CloudWatch Logs retention value."
  }
}

variable "execution_logging_level" {
  description = "API Gateway execution logging of both stages: ERROR (prod: failures only), INFO (dev: every request) or OFF."
  type        = string
  default     = "ERROR"

  validation {
    condition     = contains(["OFF", "ERROR", "INFO"], var.execution_logging_level)
    error_message = "execution_logging_level must be OFF, ERROR or INFO."
  }
}

variable "throttle" {
  description = "Stage throttling for REST and WebSocket routes."
  type = object({
    rate_limit  = number
    burst_limit = number
  })
  default = {
    rate_limit  = 200
    burst_limit = 400
  }
}

variable "tags" {
  description = "Tags applied to every resource."
  type        = map(string)
  default     = {}
}
