variable "table_prefix" {
  description = "Prefix of every table name; the app reads the same value from TABLE_PREFIX (e.g. \"cloudchat-dev-\")."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_.-]{1,200}$", var.table_prefix))
    error_message = "table_prefix may contain only letters, digits, '_', '-' and '.'."
  }
}

variable "kms_key_arn" {
  description = "Customer-managed KMS key for server-side encryption of every table."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:", var.kms_key_arn))
    error_message = "kms_key_arn must be a KMS key ARN."
  }
}

variable "deletion_protection" {
  description = "Refuse DeleteTable (set true in prod)."
  type        = bool
  default     = false
}

variable "point_in_time_recovery" {
  description = "Continuous backups (35 days of point-in-time restore)."
  type        = bool
  default     = true
}

variable "tags" {
  description = "Tags applied to every resource."
  type        = map(string)
  default     = {}
}
