output "table_prefix" {
  description = "The TABLE_PREFIX the app must be given."
  value       = var.table_prefix
}

output "table_names" {
  description = "Table name by model name."
  value       = { for model, table in aws_dynamodb_table.this : model => table.name }
}

output "table_arns" {
  description = "Table ARNs (for IAM)."
  value       = [for table in aws_dynamodb_table.this : table.arn]
}

output "index_arns" {
  description = "ARN patterns of every table's indexes (for IAM Query on GSIs)."
  value       = [for table in aws_dynamodb_table.this : "${table.arn}/index/*"]
}

output "messages_stream_arn" {
  description = "The Messages table's stream (new and old images), read by the search indexer."
  value       = aws_dynamodb_table.this["Messages"].stream_arn
}
