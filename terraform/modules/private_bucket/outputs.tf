output "id" {
  description = "Bucket name."
  value       = aws_s3_bucket.this.id
}

output "arn" {
  description = "Bucket ARN."
  value       = aws_s3_bucket.this.arn
}

output "bucket_domain_name" {
  description = "<bucket>.s3.amazonaws.com (CloudFront logging_config)."
  value       = aws_s3_bucket.this.bucket_domain_name
}

output "bucket_regional_domain_name" {
  description = "Regional domain name (CloudFront S3 origin)."
  value       = aws_s3_bucket.this.bucket_regional_domain_name
}

output "versioning_id" {
  description = "Bucket name, available once versioning is enabled (lifecycle rules with noncurrent-version expiry reference it)."
  value       = aws_s3_bucket_versioning.this.id
}
