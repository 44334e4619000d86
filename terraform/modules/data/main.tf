# One table per PynamoDB model in chalicelib/models.py (names: <table_prefix><Model>).
# tests/infra/test_infra_data_tables.py compares keys, GSIs and TTL with the models themselves.
# Shared settings: on-demand billing, PITR, SSE with the customer-managed key,
# optional deletion protection.

locals {
  # Model name => key schema. attributes lists every key attribute (table and GSIs) with its type;
  # ttl is the TTL attribute name or null; stream is the stream view type or null (no stream).
  tables = {
    Users = {
      hash_key   = "userId"
      range_key  = null
      attributes = { userId = "S" }
      gsis       = {}
      ttl        = null
      stream     = null
    }
    Rooms = {
      hash_key   = "roomId"
      range_key  = null
      attributes = { roomId = "S", listing = "S", createdAt = "S" }
      gsis = {
        PublicRoomIndex = { hash_key = "listing", range_key = "createdAt", projection_type = "ALL" }
      }
      ttl    = null
      stream = null
    }
    Memberships = {
      hash_key   = "roomId"
      range_key  = "userId"
      attributes = { roomId = "S", userId = "S" }
      gsis = {
        UserRoomsIndex = { hash_key = "userId", range_key = "roomId", projection_type = "ALL" }
      }
      ttl    = null
      stream = null
    }
    Messages = {
      hash_key   = "roomId"
      range_key  = "seq"
      attributes = { roomId = "S", seq = "N", userId = "S", createdAt = "S", messageId = "S", changeSeq = "N", replyTo = "S", expiryBucket = "S", expiresAt = "N" }
      gsis = {
        UserIndex      = { hash_key = "userId", range_key = "createdAt", projection_type = "ALL" }
        MessageIdIndex = { hash_key = "messageId", range_key = null, projection_type = "KEYS_ONLY" }
        ChangeIndex    = { hash_key = "roomId", range_key = "changeSeq", projection_type = "ALL" }
        ReplyIndex     = { hash_key = "replyTo", range_key = "seq", projection_type = "ALL" }
        ExpiryIndex    = { hash_key = "expiryBucket", range_key = "expiresAt", projection_type = "KEYS_ONLY" } # retention sweep
      }
      ttl    = "expiresAt"
      stream = "NEW_AND_OLD_IMAGES" # feeds the search indexer (old words out, new words in)
    }
    MessageAudit = {
      hash_key   = "roomId"
      range_key  = "seq"
      attributes = { roomId = "S", seq = "N", expiryBucket = "S", expiresAt = "N" }
      gsis = {
        ExpiryIndex = { hash_key = "expiryBucket", range_key = "expiresAt", projection_type = "KEYS_ONLY" } # retention sweep
      }
      ttl    = "expiresAt"
      stream = null
    }
    Bans = {
      hash_key   = "roomId"
      range_key  = "userId"
      attributes = { roomId = "S", userId = "S" }
      gsis       = {}
      ttl        = null
      stream     = null
    }
    Pins = {
      hash_key   = "roomId"
      range_key  = "messageId"
      attributes = { roomId = "S", messageId = "S" }
      gsis       = {}
      ttl        = null
      stream     = null
    }
    MessageKeys = {
      hash_key   = "key"
      range_key  = null
      attributes = { key = "S" }
      gsis       = {}
      ttl        = "expiresAt"
      stream     = null
    }
    Connections = {
      hash_key   = "connectionId"
      range_key  = null
      attributes = { connectionId = "S", userId = "S", sweepShard = "N", tokenExp = "N" }
      gsis = {
        UserIndex = { hash_key = "userId", range_key = null, projection_type = "ALL" }
        # the expiry sweep: connections whose token expired, per shard (never a Scan)
        TokenExpiryIndex = { hash_key = "sweepShard", range_key = "tokenExp", projection_type = "KEYS_ONLY" }
      }
      ttl    = "ttl"
      stream = null
    }
    RoomConnections = {
      hash_key   = "roomId"
      range_key  = "connectionId"
      attributes = { roomId = "S", connectionId = "S" }
      gsis = {
        ConnectionIndex = { hash_key = "connectionId", range_key = "roomId", projection_type = "KEYS_ONLY" }
      }
      ttl    = "ttl"
      stream = null
    }
    ReadMarks = {
      hash_key   = "roomId"
      range_key  = "userId"
      attributes = { roomId = "S", userId = "S" }
      gsis       = {}
      ttl        = null
      stream     = null
    }
    SearchIndex = {
      hash_key   = "term"
      range_key  = "position"
      attributes = { term = "S", position = "S", roomTerm = "S" }
      gsis = {
        RoomTermIndex = { hash_key = "roomTerm", range_key = "position", projection_type = "KEYS_ONLY" }
      }
      ttl    = "expiresAt"
      stream = null
    }
    Presence = {
      hash_key   = "userId"
      range_key  = null
      attributes = { userId = "S" }
      gsis       = {}
      ttl        = "ttl"
      stream     = null
    }
    TypingStates = {
      hash_key   = "roomId"
      range_key  = "userId"
      attributes = { roomId = "S", userId = "S" }
      gsis       = {}
      ttl        = "ttl"
      stream     = null
    }
    # The DynamoDB rate-limit backend's fixed-window counters (used when Redis is off).
    RateLimits = {
      hash_key   = "key"
      range_key  = null
      attributes = { key = "S" }
      gsis       = {}
      ttl        = "expiresAt"
      stream     = null
    }
    Invitations = {
      hash_key   = "userId"
      range_key  = "roomId"
      attributes = { userId = "S", roomId = "S" }
      gsis       = {}
      ttl        = "expiresAt"
      stream     = null
    }
    UsernameClaims = {
      hash_key   = "skeleton"
      range_key  = null
      attributes = { skeleton = "S" }
      gsis       = {}
      ttl        = null
      stream     = null
    }
    Blocks = {
      hash_key   = "userId"
      range_key  = "blockedId"
      attributes = { userId = "S", blockedId = "S" }
      gsis       = {}
      ttl        = null
      stream     = null
    }
    Tickets = {
      hash_key   = "ticketHash"
      range_key  = null
      attributes = { ticketHash = "S" }
      gsis       = {}
      ttl        = "ttl" # unredeemed tickets; validUntil, not TTL, decides whether one still works
      stream     = null
    }
    DirectPairs = {
      hash_key   = "pair"
      range_key  = null
      attributes = { pair = "S" }
      gsis       = {}
      ttl        = null
      stream     = null
    }
  }
}

resource "aws_dynamodb_table" "this" {
  for_each = local.tables

  name                        = "${var.table_prefix}${each.key}"
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = each.value.hash_key
  range_key                   = each.value.range_key
  deletion_protection_enabled = var.deletion_protection
  stream_enabled              = each.value.stream != null
  stream_view_type            = each.value.stream

  dynamic "attribute" {
    for_each = each.value.attributes
    content {
      name = attribute.key
      type = attribute.value
    }
  }

  dynamic "global_secondary_index" {
    for_each = each.value.gsis
    content {
      name            = global_secondary_index.key
      hash_key        = global_secondary_index.value.hash_key
      range_key       = global_secondary_index.value.range_key
      projection_type = global_secondary_index.value.projection_type
    }
  }

  dynamic "ttl" {
    for_each = each.value.ttl == null ? [] : [each.value.ttl]
    content {
      attribute_name = ttl.value
      enabled        = true
    }
  }

  point_in_time_recovery {
    enabled = var.point_in_time_recovery
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = var.kms_key_arn
  }

  tags = merge(var.tags, { Model = each.key })
}

