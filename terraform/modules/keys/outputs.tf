output "data_key_arn" {
  description = "KMS key for DynamoDB, Secrets Manager and ElastiCache."
  value       = aws_kms_key.data.arn
}

output "storage_key_arn" {
  description = "KMS key for the S3 media and web buckets."
  value       = aws_kms_key.storage.arn
}

output "logs_key_arn" {
  description = "KMS key for CloudWatch Logs and SNS topics."
  value       = aws_kms_key.logs.arn
}

output "content_key_arn" {
  description = "KMS key for message content's per-room data keys (envelope encryption)."
  value       = aws_kms_key.content.arn
}

output "key_arns" {
  description = "All key ARNs by purpose."
  value = {
    data    = aws_kms_key.data.arn
    storage = aws_kms_key.storage.arn
    logs    = aws_kms_key.logs.arn
    content = aws_kms_key.content.arn
  }
}
