# Four customer-managed keys, one per blast radius:
#   data    — DynamoDB tables, Secrets Manager (Redis auth token), ElastiCache at rest,
#             Lambda environment variables
#   storage — S3 media and web buckets (CloudFront reads the web bucket through OAC)
#   logs    — CloudWatch Logs, SNS topics (alarms, push), VPC flow logs
#   content — message content's envelope encryption: the backend makes and opens one data key
#             per room with it (chalicelib/envelope.py), always with a roomId encryption context
# Each key policy lets the account (IAM) manage the key and lets only the AWS services that
# use it call kms:Decrypt/GenerateDataKey, scoped with kms:ViaService / encryption context.

data "aws_caller_identity" "current" {}
data "aws_region" "current" {}
data "aws_partition" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  region     = data.aws_region.current.name
  partition  = data.aws_partition.current.partition
  root_arn   = "arn:${local.partition}:iam::${local.account_id}:root"

  admin_statements = concat(
    [{
      Sid       = "AccountRootManagesKeyThroughIAM"
      Effect    = "Allow"
      Principal = { AWS = local.root_arn }
      Action    = "kms:*"
      Resource  = "*"
    }],
    length(var.key_administrator_arns) == 0 ? [] : [{
      Sid       = "KeyAdministrators"
      Effect    = "Allow"
      Principal = { AWS = var.key_administrator_arns }
      Action = [
        "kms:Create*", "kms:Describe*", "kms:Enable*", "kms:List*", "kms:Put*", "kms:Update*",
        "kms:Revoke*", "kms:Disable*", "kms:Get*", "kms:Delete*", "kms:TagResource",
        "kms:UntagResource", "kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion",
      ]
      Resource = "*"
    }],
  )

  use_actions = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"]
}

resource "aws_kms_key" "data" {
  description             = "${var.name_prefix}: DynamoDB tables, Secrets Manager, ElastiCache"
  enable_key_rotation     = true
  rotation_period_in_days = 365
  deletion_window_in_days = var.deletion_window_in_days
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat(local.admin_statements, [{
      Sid       = "AccountServicesUseKey"
      Effect    = "Allow"
      Principal = { AWS = local.root_arn }
      Action    = local.use_actions
      Resource  = "*"
      Condition = {
        StringEquals = {
          "kms:CallerAccount" = local.account_id
          "kms:ViaService" = [
            "dynamodb.${local.region}.amazonaws.com",
            "secretsmanager.${local.region}.amazonaws.com",
            "elasticache.${local.region}.amazonaws.com",
            "lambda.${local.region}.amazonaws.com",
          ]
        }
      }
    }])
  })
  tags = var.tags
}

resource "aws_kms_alias" "data" {
  name          = "alias/${var.name_prefix}-data"
  target_key_id = aws_kms_key.data.key_id
}

resource "aws_kms_key" "storage" {
  description             = "${var.name_prefix}: S3 media and web buckets"
  enable_key_rotation     = true
  rotation_period_in_days = 365
  deletion_window_in_days = var.deletion_window_in_days
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat(local.admin_statements, [
      {
        Sid       = "S3UsesKeyForThisAccount"
        Effect    = "Allow"
        Principal = { AWS = local.root_arn }
        Action    = local.use_actions
        Resource  = "*"
        Condition = {
          StringEquals = {
            "kms:CallerAccount" = local.account_id
            "kms:ViaService"    = "s3.${local.region}.amazonaws.com"
          }
        }
      },
      {
        Sid       = "CloudFrontOriginAccessControlDecrypts"
        Effect    = "Allow"
        Principal = { Service = "cloudfront.amazonaws.com" }
        Action    = ["kms:Decrypt"]
        Resource  = "*"
        Condition = {
          StringEquals = { "aws:SourceAccount" = local.account_id }
          ArnLike      = { "aws:SourceArn" = "arn:${local.partition}:cloudfront::${local.account_id}:distribution/*" }
        }
      },
    ])
  })
  tags = var.tags
}

resource "aws_kms_alias" "storage" {
  name          = "alias/${var.name_prefix}-storage"
  target_key_id = aws_kms_key.storage.key_id
}

resource "aws_kms_key" "logs" {
  description             = "${var.name_prefix}: CloudWatch Logs and SNS topics"
  enable_key_rotation     = true
  rotation_period_in_days = 365
  deletion_window_in_days = var.deletion_window_in_days
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat(local.admin_statements, [
      {
        Sid       = "CloudWatchLogsEncryptsThisAccountsLogGroups"
        Effect    = "Allow"
        Principal = { Service = "logs.${local.region}.amazonaws.com" }
        Action    = local.use_actions
        Resource  = "*"
        Condition = {
          ArnLike = { "kms:EncryptionContext:aws:logs:arn" = "arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:*" }
        }
      },
      {
        Sid       = "AlarmsAndEventsPublishToEncryptedTopics"
        Effect    = "Allow"
        Principal = { Service = ["cloudwatch.amazonaws.com", "events.amazonaws.com"] }
        Action    = ["kms:Decrypt", "kms:GenerateDataKey*"]
        Resource  = "*"
        Condition = {
          StringEquals = { "aws:SourceAccount" = local.account_id }
        }
      },
      {
        Sid       = "SnsUsesKeyForThisAccount"
        Effect    = "Allow"
        Principal = { AWS = local.root_arn }
        Action    = local.use_actions
        Resource  = "*"
        Condition = {
          StringEquals = {
            "kms:CallerAccount" = local.account_id
            "kms:ViaService"    = "sns.${local.region}.amazonaws.com"
          }
        }
      },
    ])
  })
  tags = var.tags
}

resource "aws_kms_alias" "logs" {
  name          = "alias/${var.name_prefix}-logs"
  target_key_id = aws_kms_key.logs.key_id
}

# No service uses this key: only the backend's IAM role does, directly (the root statement
# delegates to IAM), and its policy admits only calls whose encryption context is exactly a
# roomId (terraform/modules/backend/main.tf, ContentKeyPerRoom).
resource "aws_kms_key" "content" {
  description             = "${var.name_prefix}: message content data keys, one per room"
  enable_key_rotation     = true
  rotation_period_in_days = 365
  deletion_window_in_days = var.deletion_window_in_days
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = local.admin_statements
  })
  tags = var.tags
}

resource "aws_kms_alias" "content" {
  name          = "alias/${var.name_prefix}-content"
  target_key_id = aws_kms_key.content.key_id
}
