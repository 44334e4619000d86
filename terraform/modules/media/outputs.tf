output "bucket_name" {
  description = "MEDIA_BUCKET."
  value       = module.bucket.id
}

output "bucket_arn" {
  description = "Media bucket ARN (for IAM)."
  value       = module.bucket.arn
}

output "upload_prefix" {
  description = "Prefix for presigned uploads not yet attached to a message (expired by lifecycle)."
  value       = "uploads/"
}

output "media_prefix" {
  description = "Prefix for attached media (retention lifecycle)."
  value       = "media/"
}
