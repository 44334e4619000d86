variable "name_prefix" {
  description = "Prefix for every resource name, e.g. \"cloudchat-dev\"."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{2,30}$", var.name_prefix))
    error_message = "name_prefix must be 3-31 lowercase letters, digits or dashes, starting with a letter."
  }
}

variable "kms_key_arn" {
  description = "Customer-managed KMS key for SSE-KMS."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:", var.kms_key_arn))
    error_message = "kms_key_arn must be a KMS key ARN."
  }
}

variable "cors_allowed_origins" {
  description = "Web origins allowed to PUT/GET through presigned URLs (the PWA's https origin)."
  type        = list(string)

  validation {
    condition     = length(var.cors_allowed_origins) > 0 && alltrue([for o in var.cors_allowed_origins : can(regex("^(https://|http://localhost)", o))])
    error_message = "cors_allowed_origins must be non-empty https origins (http only for localhost)."
  }
}

variable "unattached_upload_expiry_days" {
  description = "Delete objects under uploads/ (presigned uploads never attached to a message) after this many days."
  type        = number
  default     = 1

  validation {
    condition     = var.unattached_upload_expiry_days >= 1
    error_message = "unattached_upload_expiry_days must be at least 1."
  }
}

variable "retention_days" {
  description = "Delete attached media under media/ after this many days (align with MESSAGE_RETENTION_DAYS)."
  type        = number
  default     = 90

  validation {
    condition     = var.retention_days >= 1
    error_message = "retention_days must be at least 1."
  }
}

variable "noncurrent_version_expiry_days" {
  description = "Keep overwritten/deleted object versions this long."
  type        = number
  default     = 30

  validation {
    condition     = var.noncurrent_version_expiry_days >= 1
    error_message = "noncurrent_version_expiry_days must be at least 1."
  }
}

variable "access_log_bucket" {
  description = "Bucket receiving S3 server access logs (from the observability module)."
  type        = string

  validation {
    condition     = length(var.access_log_bucket) >= 3
    error_message = "access_log_bucket must be a bucket name."
  }
}

variable "force_destroy" {
  description = "Allow `terraform destroy` to delete a non-empty bucket (dev only)."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Tags applied to every resource."
  type        = map(string)
  default     = {}
}
