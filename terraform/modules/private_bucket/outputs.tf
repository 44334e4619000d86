output "id" {
  description = "Bucket name."
  value       = aws_s3_bucket.this.id
}

output "arn" {
  description = "Bucket ARN."
  value       = aws_s3_bucket.this.arn
}

output "bucket_domain_name" {
  description = "<bucket>.s3.amazonaws.com for CloudFront logging_config; whatever reads it waits for the ownership controls and policy."
  value       = aws_s3_bucket.this.bucket_domain_name
  # CloudFront rejects a log bucket whose ACLs are not enabled yet: a distribution that logs here
  # (through this output) must wait for the ownership controls, and for the policy applied next to them.
  depends_on = [aws_s3_bucket_ownership_controls.this, aws_s3_bucket_policy.this]
}

output "bucket_regional_domain_name" {
  description = "Regional domain name (CloudFront S3 origin)."
  value       = aws_s3_bucket.this.bucket_regional_domain_name
}

output "versioning_id" {
  description = "Bucket name, available once versioning is enabled (lifecycle rules with noncurrent-version expiry reference it)."
  value       = aws_s3_bucket_versioning.this.id
}
