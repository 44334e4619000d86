variable "bucket_name" {
  description = "Globally unique bucket name (the caller builds it, e.g. \"<prefix>-media-<account>\")."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.bucket_name))
    error_message = "bucket_name must be a valid S3 bucket name (3-63 lowercase letters, digits, dots, hyphens)."
  }
}

variable "kms_key_arn" {
  description = "Customer-managed KMS key for SSE-KMS with bucket keys; null selects SSE-S3 (AES256), e.g. where CloudFront log delivery requires it."
  type        = string
  default     = null

  validation {
    condition     = var.kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:", var.kms_key_arn))
    error_message = "kms_key_arn must be a KMS key ARN or null."
  }
}

variable "object_ownership" {
  description = "S3 object ownership; BucketOwnerPreferred only where a log delivery service needs ACLs."
  type        = string
  default     = "BucketOwnerEnforced"

  validation {
    condition     = contains(["BucketOwnerEnforced", "BucketOwnerPreferred"], var.object_ownership)
    error_message = "object_ownership must be BucketOwnerEnforced or BucketOwnerPreferred."
  }
}

variable "access_logs" {
  description = "Where this bucket's S3 server access logs go (under s3/<bucket>/); null only for the access-log bucket itself. An object, not a bare name, so that whether logging exists is known at plan time even while the target bucket's name is not."
  type = object({
    bucket = string
  })
  default = null
}

variable "policy_documents" {
  description = "IAM policy JSON documents whose statements go into the bucket policy ahead of the built-in DenyInsecureTransport."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for d in var.policy_documents : can(jsondecode(d))])
    error_message = "policy_documents must be JSON policy documents."
  }
}

variable "force_destroy" {
  description = "Allow `terraform destroy` to delete a non-empty bucket (dev only)."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Tags applied to the bucket."
  type        = map(string)
  default     = {}
}
