# modules/private_bucket applied on its own, so assertions can read its resources.
mock_provider "aws" {
  source = "./mocks"
}

variables {
  bucket_name = "cloudchat-test-media-123456789012"
  kms_key_arn = "arn:aws:kms:us-east-1:123456789012:key/0a1b2c3d-4e5f-6789-abcd-ef0123456789"
}

run "logs_to_the_access_log_bucket" {
  module {
    source = "../../../terraform/modules/private_bucket"
  }

  variables {
    access_logs = { bucket = "cloudchat-test-access-logs-123456789012" }
  }

  assert {
    condition     = aws_s3_bucket_logging.this[0].target_bucket == "cloudchat-test-access-logs-123456789012"
    error_message = "server access logs go to the access-log bucket"
  }

  assert {
    condition     = aws_s3_bucket_logging.this[0].target_prefix == "s3/cloudchat-test-media-123456789012/"
    error_message = "each bucket logs under its own prefix"
  }

  assert {
    condition     = one(one(aws_s3_bucket_server_side_encryption_configuration.this.rule).apply_server_side_encryption_by_default).sse_algorithm == "aws:kms"
    error_message = "a KMS key selects SSE-KMS"
  }

  assert {
    condition     = aws_s3_bucket_public_access_block.this.restrict_public_buckets && aws_s3_bucket_public_access_block.this.block_public_policy
    error_message = "public access is blocked"
  }
}

run "the_log_bucket_does_not_log_to_itself" {
  module {
    source = "../../../terraform/modules/private_bucket"
  }

  variables {
    bucket_name = "cloudchat-test-access-logs-123456789012"
    kms_key_arn = null
    access_logs = null
  }

  assert {
    condition     = length(aws_s3_bucket_logging.this) == 0
    error_message = "no access logging without a target"
  }

  assert {
    condition     = one(one(aws_s3_bucket_server_side_encryption_configuration.this.rule).apply_server_side_encryption_by_default).sse_algorithm == "AES256"
    error_message = "no key selects SSE-S3"
  }
}
