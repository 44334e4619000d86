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

variable "aws_call_bounds" {
  description = "AWS_CONNECT_TIMEOUT_SECONDS, AWS_READ_TIMEOUT_SECONDS, AWS_MAX_ATTEMPTS: every DynamoDB and boto3 call's timeouts and attempts, so a request facing an unreachable service answers 503 service_unavailable well inside API Gateway's 29 s."
  type = object({
    connect_timeout_seconds = optional(number, 2)
    read_timeout_seconds    = optional(number, 4)
    max_attempts            = optional(number, 3)
  })
  default  = {}
  nullable = false

  validation {
    condition     = var.aws_call_bounds.max_attempts >= 1 && var.aws_call_bounds.max_attempts <= 5 && var.aws_call_bounds.max_attempts * (var.aws_call_bounds.connect_timeout_seconds + var.aws_call_bounds.read_timeout_seconds) <= 27
    error_message = "aws_call_bounds: 1-5 attempts, and attempts x (connect + read timeout) at most 27 s (API Gateway gives up at 29 s)."
  }
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

variable "redis" {
  description = "The cache module's rediss:// URL and AUTH-token secret (REDIS_URL, REDIS_AUTH_SECRET_ARN); null: no Redis."
  type = object({
    url             = string
    auth_secret_arn = string
  })
  default = null

  validation {
    condition     = var.redis == null || try(startswith(var.redis.url, "redis") && can(regex("^arn:aws[a-z-]*:secretsmanager:", var.redis.auth_secret_arn)), false)
    error_message = "redis needs a redis:// or rediss:// url and a Secrets Manager secret ARN."
  }
}

variable "rate_limit_backend" {
  description = "RATE_LIMIT_BACKEND: auto (redis when var.redis is set, else dynamodb), redis, dynamodb or off."
  type        = string
  default     = "auto"

  validation {
    condition     = contains(["auto", "redis", "dynamodb", "off"], var.rate_limit_backend)
    error_message = "rate_limit_backend must be auto, redis, dynamodb or off."
  }
}

variable "redis_timeout_ms" {
  description = "REDIS_TIMEOUT_MS: connect/read timeout per rate-limit call; past it the request passes unchecked (fails open)."
  type        = number
  default     = 100

  validation {
    condition     = var.redis_timeout_ms >= 10 && var.redis_timeout_ms <= 2000
    error_message = "redis_timeout_ms must be 10-2000."
  }
}

variable "rate_limits" {
  description = "RATE_LIMIT_<NAME> per policy, as \"LIMIT/WINDOW_SECONDS[/BURST]\": LIMIT per window on average, up to BURST (default LIMIT) at once. docs/operations.md."
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

variable "kms_key_arns" {
  description = "KMS keys: data (env vars, DynamoDB, secrets), storage (S3 media), logs (log groups, SNS), content (message content's per-room data keys)."
  type = object({
    data    = string
    storage = string
    logs    = string
    content = string
  })
}

variable "vpc" {
  description = "Subnets and security groups that reach the Redis/Valkey cache (null: no Lambda joins a VPC)."
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

variable "features" {
  description = "Feature flags (FEATURE_FILE_UPLOAD, FEATURE_PUSH, FEATURE_REACTIONS, FEATURE_VOICE, MAX_FILE_SIZE_BYTES): GET /config exposes them and the server enforces them (feature_disabled). Parameters under feature_flags_ssm_path override them."
  type = object({
    file_upload         = optional(bool, false)
    push                = optional(bool, false)
    reactions           = optional(bool, true)
    voice               = optional(bool, false)
    max_file_size_bytes = optional(number, 10485760)
  })
  default  = {}
  nullable = false

  validation {
    condition     = var.features.max_file_size_bytes >= 1 && var.features.max_file_size_bytes <= 5368709120 && floor(var.features.max_file_size_bytes) == var.features.max_file_size_bytes
    error_message = "features.max_file_size_bytes must be a whole number of bytes between 1 and 5 GiB (one S3 PUT)."
  }
}

variable "feature_flags_ssm_path" {
  description = "FEATURE_FLAGS_SSM_PATH: an SSM Parameter Store path (e.g. /cloud-chat/prod/features) whose parameters named like the flag variables (FEATURE_PUSH, MAX_FILE_SIZE_BYTES...) override var.features, read once per Lambda container. Empty: environment only."
  type        = string
  default     = ""
  nullable    = false

  validation {
    condition     = var.feature_flags_ssm_path == "" || can(regex("^(/[A-Za-z0-9_.-]+)+$", var.feature_flags_ssm_path))
    error_message = "feature_flags_ssm_path must be empty or an absolute SSM path without a trailing slash, e.g. /cloud-chat/prod/features."
  }
}

variable "feature_flag_parameters" {
  description = "Initial SSM parameters under feature_flags_ssm_path (name => value, e.g. { FEATURE_PUSH = \"true\" }). Terraform creates them once and then ignores their value, so operators flip flags in Parameter Store."
  type        = map(string)
  default     = {}
  nullable    = false

  validation {
    condition     = alltrue([for name in keys(var.feature_flag_parameters) : contains(["FEATURE_FILE_UPLOAD", "FEATURE_PUSH", "FEATURE_REACTIONS", "FEATURE_VOICE", "MAX_FILE_SIZE_BYTES", "MESSAGE_RETENTION_DAYS"], name)])
    error_message = "feature_flag_parameters keys must be FEATURE_FILE_UPLOAD, FEATURE_PUSH, FEATURE_REACTIONS, FEATURE_VOICE, MAX_FILE_SIZE_BYTES or MESSAGE_RETENTION_DAYS."
  }

  validation {
    condition     = length(var.feature_flag_parameters) == 0 || var.feature_flags_ssm_path != ""
    error_message = "feature_flag_parameters needs feature_flags_ssm_path."
  }
}

variable "allowed_origins" {
  description = "ALLOWED_ORIGINS: browser origins whose pages may open the WebSocket (the web client's URL); others get 403 at $connect."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for o in var.allowed_origins : can(regex("^https?://[^/]+$", o))])
    error_message = "Each allowed origin is scheme://host[:port], without a path or trailing slash."
  }
}

variable "ticket_seconds" {
  description = "TICKET_SECONDS: how long a WebSocket ticket stays redeemable (1-60)."
  type        = number
  default     = 60

  validation {
    condition     = var.ticket_seconds >= 1 && var.ticket_seconds <= 60
    error_message = "ticket_seconds must be between 1 and 60."
  }
}

variable "content_key_cache_size" {
  description = "CONTENT_KEY_CACHE_SIZE: rooms whose plaintext content data key a Lambda container keeps in memory."
  type        = number
  default     = 1000

  validation {
    condition     = var.content_key_cache_size >= 1
    error_message = "content_key_cache_size must be >= 1."
  }
}

variable "content_key_cache_seconds" {
  description = "CONTENT_KEY_CACHE_SECONDS: how long a container keeps a room's plaintext data key before asking KMS again."
  type        = number
  default     = 900

  validation {
    condition     = var.content_key_cache_seconds >= 0 && var.content_key_cache_seconds <= 86400
    error_message = "content_key_cache_seconds must be 0-86400."
  }
}

variable "retention_sweep_days" {
  description = "RETENTION_SWEEP_DAYS: how many expiry days back the hourly retention sweep looks; older rows are left to DynamoDB's TTL."
  type        = number
  default     = 7

  validation {
    condition     = var.retention_sweep_days >= 1 && var.retention_sweep_days <= 90
    error_message = "retention_sweep_days must be 1-90."
  }
}

variable "retention_sweep_grace_hours" {
  description = "RETENTION_SWEEP_GRACE_HOURS: the sweep leaves a row this long past its expiry to DynamoDB's TTL, whose deletions are free."
  type        = number
  default     = 24

  validation {
    condition     = var.retention_sweep_grace_hours >= 0 && var.retention_sweep_grace_hours <= 168
    error_message = "retention_sweep_grace_hours must be 0-168."
  }
}

variable "retention_sweep_schedule" {
  description = "EventBridge schedule expression of the retention sweep."
  type        = string
  default     = "rate(1 hour)"
}
