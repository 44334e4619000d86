locals {
  tables = {
    Users           = aws_dynamodb_table.users
    Rooms           = aws_dynamodb_table.rooms
    Memberships     = aws_dynamodb_table.memberships
    Messages        = aws_dynamodb_table.messages
    MessageKeys     = aws_dynamodb_table.message_keys
    Connections     = aws_dynamodb_table.connections
    RoomConnections = aws_dynamodb_table.room_connections
  }
}

output "table_prefix" {
  description = "The TABLE_PREFIX the app must be given."
  value       = var.table_prefix
}

output "table_names" {
  description = "Table name by model name."
  value       = { for model, table in local.tables : model => table.name }
}

output "table_arns" {
  description = "Table ARNs (for IAM)."
  value       = [for table in local.tables : table.arn]
}

output "index_arns" {
  description = "ARN patterns of every table's indexes (for IAM Query on GSIs)."
  value       = [for table in local.tables : "${table.arn}/index/*"]
}
