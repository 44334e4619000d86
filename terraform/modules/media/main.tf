# Private media bucket: the only way in or out is a presigned URL minted by the backend.
data "aws_caller_identity" "current" {}

module "bucket" {
  source = "../private_bucket"

  bucket_name   = "${var.name_prefix}-media-${data.aws_caller_identity.current.account_id}"
  kms_key_arn   = var.kms_key_arn
  access_logs   = { bucket = var.access_log_bucket }
  force_destroy = var.force_destroy
  tags          = var.tags
}

resource "aws_s3_bucket_cors_configuration" "media" {
  bucket = module.bucket.id
  cors_rule {
    allowed_methods = ["GET", "PUT", "HEAD"]
    allowed_origins = var.cors_allowed_origins
    allowed_headers = ["Content-Type", "Content-MD5", "x-amz-*"]
    expose_headers  = ["ETag"]
    max_age_seconds = 3000
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "media" {
  bucket = module.bucket.versioning_id

  rule {
    id     = "expire-unattached-uploads"
    status = "Enabled"
    filter {
      prefix = "uploads/"
    }
    expiration {
      days = var.unattached_upload_expiry_days
    }
  }

  rule {
    id     = "media-retention"
    status = "Enabled"
    filter {
      prefix = "media/"
    }
    expiration {
      days = var.retention_days
    }
  }

  rule {
    id     = "housekeeping"
    status = "Enabled"
    filter {}
    noncurrent_version_expiration {
      noncurrent_days = var.noncurrent_version_expiry_days
    }
    abort_incomplete_multipart_upload {
      days_after_initiation = 1
    }
  }
}
