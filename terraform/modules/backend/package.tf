# The Lambda package, uploaded once: all five functions read the same S3 object (inline, Terraform
# would send the zip to Lambda five times per change). The key is the zip's SHA-256, so a new
# build is a new object and every function's s3_key (and source_code_hash) changes with it.
#
# Offline checks (terraform validate, terraform test with mock providers) run without a build:
# fileexists() lets them plan and apply with a placeholder key, while a real apply without the
# zip fails on the upload, before any function changes.
locals {
  package_built  = fileexists(var.package_path)
  package_sha256 = local.package_built ? filesha256(var.package_path) : "not-built"
}

module "artifacts" {
  source = "../private_bucket"

  bucket_name   = "${local.base_name}-artifacts-${local.account_id}"
  kms_key_arn   = var.kms_key_arns.storage
  access_logs   = { bucket = var.access_log_bucket }
  force_destroy = true # only build outputs, rebuilt from git
  tags          = var.tags
}

# Superseded packages become noncurrent versions (Lambda keeps its own copy of every published
# version, so rollback does not need them) and expire after a week.
resource "aws_s3_bucket_lifecycle_configuration" "artifacts" {
  bucket = module.artifacts.versioning_id

  rule {
    id     = "superseded-packages"
    status = "Enabled"
    filter {}
    noncurrent_version_expiration {
      noncurrent_days = 7
    }
    expiration {
      expired_object_delete_marker = true
    }
    abort_incomplete_multipart_upload {
      days_after_initiation = 1
    }
  }
}

resource "aws_s3_object" "package" {
  bucket     = module.artifacts.id
  key        = "lambda/${local.package_sha256}.zip"
  source     = var.package_path
  kms_key_id = var.kms_key_arns.storage
  tags       = var.tags
}
