variable "name_prefix" {
  description = "Prefix for every resource name, e.g. \"cloudchat-dev\"."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{2,30}$", var.name_prefix))
    error_message = "name_prefix must be 3-31 lowercase letters, digits or dashes, starting with a letter."
  }
}

variable "kms_key_arn" {
  description = "KMS key for the alarm topic."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:", var.kms_key_arn))
    error_message = "kms_key_arn must be a KMS key ARN."
  }
}

variable "alarm_emails" {
  description = "Email addresses subscribed to the alarm topic (each must confirm)."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for e in var.alarm_emails : can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", e))])
    error_message = "alarm_emails must be email addresses."
  }
}

variable "function_names" {
  description = "Lambda function names by role (api, authorizer, ws_connect, ws_message, ws_disconnect)."
  type        = map(string)

  validation {
    condition     = length(var.function_names) > 0
    error_message = "function_names must not be empty."
  }
}

variable "authorizer_function_name" {
  description = "The Lambda authorizer among function_names: throttle alarm only, no error alarm (it raises on every bad token)."
  type        = string

  validation {
    condition     = var.authorizer_function_name != ""
    error_message = "authorizer_function_name must name the authorizer function."
  }
}

variable "rest_api_name" {
  description = "REST API name (the ApiName dimension)."
  type        = string
}

variable "rest_stage_name" {
  description = "REST API stage name."
  type        = string
  default     = "api"
}

variable "websocket_api_id" {
  description = "WebSocket API id (the ApiId dimension)."
  type        = string
}

variable "websocket_stage_name" {
  description = "WebSocket stage name."
  type        = string
  default     = "api"
}

variable "table_names" {
  description = "DynamoDB table names by model."
  type        = map(string)
}

variable "app_metric_namespace" {
  description = "Namespace of the app's CloudWatch EMF metrics."
  type        = string
  default     = "CloudChat"
}

variable "app_metric_dimensions" {
  description = "Dimensions the app attaches to its EMF metrics (an alarm matches only the exact dimension set). chalicelib/telemetry.py emits service=cloud-chat."
  type        = map(string)
  default     = { service = "cloud-chat" }
}

variable "thresholds" {
  description = "Alarm thresholds."
  type = object({
    rest_5xx_rate          = optional(number, 0.01)
    rest_p99_latency_ms    = optional(number, 2000)
    lambda_errors          = optional(number, 5)
    lambda_throttles       = optional(number, 1)
    dynamodb_throttles     = optional(number, 1)
    websocket_connects_5m  = optional(number, 10000)
    fanout_failures        = optional(number, 10)
    fanout_p99_latency_ms  = optional(number, 1000)
    websocket_5xx_messages = optional(number, 10)
    rate_limiter_degraded  = optional(number, 1)
  })
  default = {}

  validation {
    condition     = var.thresholds.rest_5xx_rate > 0 && var.thresholds.rest_5xx_rate < 1
    error_message = "thresholds.rest_5xx_rate is a fraction between 0 and 1."
  }
}

variable "log_retention_days" {
  description = "Days to keep the S3/CloudFront access logs (the stage's log retention)."
  type        = number
  default     = 365

  validation {
    condition     = var.log_retention_days >= 1
    error_message = "log_retention_days must be at least 1."
  }
}

variable "force_destroy" {
  description = "Allow `terraform destroy` to delete a non-empty log bucket (dev only)."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Tags applied to every resource."
  type        = map(string)
  default     = {}
}
