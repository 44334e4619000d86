variable "name_prefix" {
  description = "Prefix for every resource name, e.g. \"cloudchat-dev\"."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{2,30}$", var.name_prefix))
    error_message = "name_prefix must be 3-31 lowercase letters, digits or dashes, starting with a letter."
  }
}

variable "rest_stage_arn" {
  description = "ARN of the REST API stage the regional (origin-verify) ACL is associated with."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:apigateway:[a-z0-9-]+::/restapis/[^/]+/stages/[^/]+$", var.rest_stage_arn))
    error_message = "rest_stage_arn must be a REST API stage ARN (arn:aws:apigateway:<region>::/restapis/<id>/stages/<stage>)."
  }
}

variable "rate_limit_per_5_minutes" {
  description = "Requests per 5 minutes from one viewer IP before the CloudFront ACL's rate-based rule blocks it."
  type        = number
  default     = 2000

  validation {
    condition     = var.rate_limit_per_5_minutes >= 10 && var.rate_limit_per_5_minutes <= 2000000000
    error_message = "rate_limit_per_5_minutes must be between 10 and 2e9."
  }
}

variable "log_retention_days" {
  description = "Retention of both WAF log groups (the stage's log retention)."
  type        = number

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a CloudWatch Logs retention value."
  }
}

variable "cloudfront_log_kms_key_arn" {
  description = "us-east-1 KMS key for the CloudFront ACL's log group (a CLOUDFRONT ACL logs in us-east-1)."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:us-east-1:", var.cloudfront_log_kms_key_arn))
    error_message = "cloudfront_log_kms_key_arn must be a us-east-1 KMS key ARN."
  }
}

variable "regional_log_kms_key_arn" {
  description = "KMS key (the stage's region) for the regional ACL's log group."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:", var.regional_log_kms_key_arn))
    error_message = "regional_log_kms_key_arn must be a KMS key ARN."
  }
}

variable "secret_kms_key_arn" {
  description = "KMS key (the stage's region, usable by Secrets Manager) encrypting the origin-verify secret."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:", var.secret_kms_key_arn))
    error_message = "secret_kms_key_arn must be a KMS key ARN."
  }
}

variable "tags" {
  description = "Tags applied to every resource."
  type        = map(string)
  default     = {}
}
