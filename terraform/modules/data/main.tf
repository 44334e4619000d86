# One table per PynamoDB model in chalicelib/models.py (names: <table_prefix><Model>).
# tests/infra/test_data_tables.py compares keys, GSIs and TTL with the models themselves.
# Shared settings: on-demand billing, PITR, SSE with the customer-managed key,
# optional deletion protection.

resource "aws_dynamodb_table" "users" {
  name                        = "${var.table_prefix}Users"
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = "userId"
  deletion_protection_enabled = var.deletion_protection

  attribute {
    name = "userId"
    type = "S"
  }

  point_in_time_recovery {
    enabled = var.point_in_time_recovery
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = var.kms_key_arn
  }

  tags = merge(var.tags, { Model = "Users" })
}

resource "aws_dynamodb_table" "rooms" {
  name                        = "${var.table_prefix}Rooms"
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = "roomId"
  deletion_protection_enabled = var.deletion_protection

  attribute {
    name = "roomId"
    type = "S"
  }

  attribute {
    name = "listing"
    type = "S"
  }

  attribute {
    name = "createdAt"
    type = "S"
  }

  global_secondary_index {
    name            = "PublicRoomIndex"
    hash_key        = "listing"
    range_key       = "createdAt"
    projection_type = "ALL"
  }

  point_in_time_recovery {
    enabled = var.point_in_time_recovery
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = var.kms_key_arn
  }

  tags = merge(var.tags, { Model = "Rooms" })
}

resource "aws_dynamodb_table" "memberships" {
  name                        = "${var.table_prefix}Memberships"
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = "roomId"
  range_key                   = "userId"
  deletion_protection_enabled = var.deletion_protection

  attribute {
    name = "roomId"
    type = "S"
  }

  attribute {
    name = "userId"
    type = "S"
  }

  global_secondary_index {
    name            = "UserRoomsIndex"
    hash_key        = "userId"
    range_key       = "roomId"
    projection_type = "ALL"
  }

  point_in_time_recovery {
    enabled = var.point_in_time_recovery
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = var.kms_key_arn
  }

  tags = merge(var.tags, { Model = "Memberships" })
}

resource "aws_dynamodb_table" "messages" {
  name                        = "${var.table_prefix}Messages"
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = "roomId"
  range_key                   = "seq"
  deletion_protection_enabled = var.deletion_protection

  attribute {
    name = "roomId"
    type = "S"
  }

  attribute {
    name = "seq"
    type = "N"
  }

  attribute {
    name = "userId"
    type = "S"
  }

  attribute {
    name = "createdAt"
    type = "S"
  }

  attribute {
    name = "messageId"
    type = "S"
  }

  global_secondary_index {
    name            = "UserIndex"
    hash_key        = "userId"
    range_key       = "createdAt"
    projection_type = "ALL"
  }

  global_secondary_index {
    name            = "MessageIdIndex"
    hash_key        = "messageId"
    projection_type = "KEYS_ONLY"
  }

  ttl {
    attribute_name = "expiresAt"
    enabled        = true
  }

  point_in_time_recovery {
    enabled = var.point_in_time_recovery
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = var.kms_key_arn
  }

  tags = merge(var.tags, { Model = "Messages" })
}

resource "aws_dynamodb_table" "message_keys" {
  name                        = "${var.table_prefix}MessageKeys"
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = "key"
  deletion_protection_enabled = var.deletion_protection

  attribute {
    name = "key"
    type = "S"
  }

  ttl {
    attribute_name = "expiresAt"
    enabled        = true
  }

  point_in_time_recovery {
    enabled = var.point_in_time_recovery
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = var.kms_key_arn
  }

  tags = merge(var.tags, { Model = "MessageKeys" })
}

resource "aws_dynamodb_table" "connections" {
  name                        = "${var.table_prefix}Connections"
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = "connectionId"
  deletion_protection_enabled = var.deletion_protection

  attribute {
    name = "connectionId"
    type = "S"
  }

  attribute {
    name = "userId"
    type = "S"
  }

  global_secondary_index {
    name            = "UserIndex"
    hash_key        = "userId"
    projection_type = "ALL"
  }

  ttl {
    attribute_name = "ttl"
    enabled        = true
  }

  point_in_time_recovery {
    enabled = var.point_in_time_recovery
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = var.kms_key_arn
  }

  tags = merge(var.tags, { Model = "Connections" })
}

resource "aws_dynamodb_table" "room_connections" {
  name                        = "${var.table_prefix}RoomConnections"
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = "roomId"
  range_key                   = "connectionId"
  deletion_protection_enabled = var.deletion_protection

  attribute {
    name = "roomId"
    type = "S"
  }

  attribute {
    name = "connectionId"
    type = "S"
  }

  ttl {
    attribute_name = "ttl"
    enabled        = true
  }

  point_in_time_recovery {
    enabled = var.point_in_time_recovery
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = var.kms_key_arn
  }

  tags = merge(var.tags, { Model = "RoomConnections" })
}
