# The Chalice app, deployed natively (not through `chalice package --pkg-format terraform`,
# whose JSON pins Terraform < 1.4 and the AWS provider < 5). The code is the zip that
# `chalice package` builds; the handler names below are the ones Chalice generates, and
# tests/infra/test_chalice_package.py checks them against a fresh `chalice package` run.
#
# Blue-green: every apply publishes a new version per function and moves the "live" alias
# to it, unless var.live_versions pins it. Every API Gateway integration invokes
# <function>:${stageVariables.lambdaAlias}, so `make rollback` (scripts/deploy_rollback.sh, a
# Terraform apply with that pin) repoints "live" at an earlier version in one step, and a canary
# can be tried by pointing the stage variable at another alias.

data "aws_caller_identity" "current" {}
data "aws_region" "current" {}
data "aws_partition" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  region     = data.aws_region.current.name
  partition  = data.aws_partition.current.partition
  base_name  = "${var.app_name}-${var.stage}"

  # Handlers as `chalice package` names them: the REST app, the authorizer, the WebSocket trio,
  # the search indexer fed by the Messages stream (search.tf) and the scheduled sweeps (schedules below).
  functions = {
    api                  = { handler = "app.app", role = "app" }
    cognito              = { handler = "app.cognito", role = "authorizer" }
    websocket_connect    = { handler = "app.ws_connect", role = "app" }
    websocket_message    = { handler = "app.ws_message", role = "app" }
    websocket_disconnect = { handler = "app.ws_disconnect", role = "app" }
    index_messages       = { handler = "app.index_messages", role = "app" }
    # @app.schedule handlers, each invoked by its EventBridge rule (schedules below)
    sweep_expired_sockets = { handler = "app.sweep_expired_sockets", role = "app" }
    sweep_retention       = { handler = "app.sweep_retention", role = "app" }
  }

  # Function -> schedule expression, as the @app.schedule decorators in app.py say.
  schedules = {
    sweep_expired_sockets = "rate(1 minute)"             # sockets whose token expired (chalicelib/sessions.py)
    sweep_retention       = var.retention_sweep_schedule # history past retention that TTL has not removed yet
  }
  user_pool_arn = "arn:${local.partition}:cognito-idp:${local.region}:${local.account_id}:userpool/${var.cognito.user_pool_id}"

  ws_stage_name   = "api"
  rest_stage_name = "api"
  ws_endpoint     = "${aws_apigatewayv2_api.websocket.id}.execute-api.${local.region}.amazonaws.com/${local.ws_stage_name}"
  rest_invoke_url = "https://${aws_api_gateway_rest_api.this.id}.execute-api.${local.region}.amazonaws.com/${local.rest_stage_name}"

  # Exactly what chalicelib/config.py reads (AWS_REGION is set by Lambda itself); nothing more.
  # MEDIA_BUCKET, EVENT_BUS_NAME, PUSH_TOPIC_ARN and SES_CONFIGURATION_SET come back with the
  # features that read them. tests/infra/test_infra_backend_env.py checks both directions.
  environment = {
    TABLE_PREFIX                = var.table_prefix
    COGNITO_USER_POOL_ID        = var.cognito.user_pool_id
    COGNITO_CLIENT_ID           = var.cognito.client_id
    COGNITO_ISSUER              = var.cognito.issuer
    COGNITO_JWKS_URL            = var.cognito.jwks_url
    PUBLIC_COGNITO_ENDPOINT     = var.cognito.endpoint
    PUBLIC_REST_URL             = var.public_rest_url != "" ? var.public_rest_url : local.rest_invoke_url
    PUBLIC_WS_URL               = "wss://${local.ws_endpoint}"
    WS_MANAGEMENT_ENDPOINT      = "https://${local.ws_endpoint}"
    AWS_CONNECT_TIMEOUT_SECONDS = tostring(var.aws_call_bounds.connect_timeout_seconds)
    AWS_READ_TIMEOUT_SECONDS    = tostring(var.aws_call_bounds.read_timeout_seconds)
    AWS_MAX_ATTEMPTS            = tostring(var.aws_call_bounds.max_attempts)
    FANOUT_WORKERS              = tostring(var.fanout_workers)
    MAX_ROOMS_PER_USER          = tostring(var.caps.rooms_per_user)
    MAX_MEMBERS_PER_ROOM        = tostring(var.caps.members_per_room)
    MAX_CONNECTIONS_PER_USER    = tostring(var.caps.connections_per_user)
    INVITATION_DAYS             = tostring(var.caps.invitation_days)
    MESSAGE_RETENTION_DAYS      = tostring(var.message_retention_days)
    RESUME_WINDOW               = tostring(var.resume_window)
    # Rate limits: Redis when the cache is on (its AUTH token read once from Secrets Manager),
    # else the DynamoDB counters (the RateLimits table); docs/operations.md.
    RATE_LIMIT_BACKEND          = var.rate_limit_backend != "auto" ? var.rate_limit_backend : (var.redis != null ? "redis" : "dynamodb")
    REDIS_URL                   = var.redis != null ? var.redis.url : ""
    REDIS_AUTH_SECRET_ARN       = var.redis != null ? var.redis.auth_secret_arn : ""
    REDIS_TIMEOUT_MS            = tostring(var.redis_timeout_ms)
    RATE_LIMIT_REST_USER        = var.rate_limits.rest_user
    RATE_LIMIT_REST_IP          = var.rate_limits.rest_ip
    RATE_LIMIT_WS_CONNECTION    = var.rate_limits.ws_connection
    RATE_LIMIT_WS_USER          = var.rate_limits.ws_user
    RATE_LIMIT_WS_CONNECT       = var.rate_limits.ws_connect
    RATE_LIMIT_ROOM_CREATE      = var.rate_limits.room_create
    RATE_LIMIT_INVITE           = var.rate_limits.invite
    RATE_LIMIT_DM               = var.rate_limits.dm
    FEATURE_FILE_UPLOAD         = tostring(var.features.file_upload)
    FEATURE_PUSH                = tostring(var.features.push)
    FEATURE_REACTIONS           = tostring(var.features.reactions)
    FEATURE_VOICE               = tostring(var.features.voice)
    MAX_FILE_SIZE_BYTES         = tostring(var.features.max_file_size_bytes)
    FEATURE_FLAGS_SSM_PATH      = var.feature_flags_ssm_path
    ALLOWED_ORIGINS             = join(",", var.allowed_origins)
    TICKET_SECONDS              = tostring(var.ticket_seconds)
    CONTENT_KMS_KEY_ID          = var.kms_key_arns.content
    CONTENT_KEY_CACHE_SIZE      = tostring(var.content_key_cache_size)
    CONTENT_KEY_CACHE_SECONDS   = tostring(var.content_key_cache_seconds)
    RETENTION_SWEEP_DAYS        = tostring(var.retention_sweep_days)
    RETENTION_SWEEP_GRACE_HOURS = tostring(var.retention_sweep_grace_hours)
  }

  in_vpc = { for name, fn in local.functions : name => var.vpc != null && contains(var.vpc_functions, name) }
}

# -- logs ----------------------------------------------------------------------------------
resource "aws_cloudwatch_log_group" "function" {
  for_each = local.functions

  name              = "/aws/lambda/${local.base_name}-${each.key}"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arns.logs
  tags              = var.tags
}

# -- IAM -----------------------------------------------------------------------------------
data "aws_iam_policy_document" "assume_lambda" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "app" {
  name               = "${local.base_name}-app"
  description        = "Cloud Chat REST and WebSocket handlers"
  assume_role_policy = data.aws_iam_policy_document.assume_lambda.json
  tags               = var.tags
}

resource "aws_iam_role" "authorizer" {
  name               = "${local.base_name}-authorizer"
  description        = "Cloud Chat token authorizer: verifies JWTs, touches no data"
  assume_role_policy = data.aws_iam_policy_document.assume_lambda.json
  tags               = var.tags
}

# Only what the code calls today; tests/infra/test_infra_iam.py derives it from the source and
# checks both directions. PynamoDB 6 -> DynamoDB: Model.get/batch_get (GetItem, BatchGetItem),
# save (PutItem), update (UpdateItem), delete (DeleteItem), query incl. GSIs (Query), batch_write
# (BatchWriteItem); it never describes tables at runtime (the models carry the schema), and only
# the local bootstrap (models.create_tables) does. chalicelib/gateway.py signs @connections posts
# and deletes -> execute-api:ManageConnections on this API's stage only. S3 (media), SNS (push),
# SES (mail) and EventBridge grants come back with the code that calls them.
data "aws_iam_policy_document" "app" {
  statement {
    sid = "DynamoDBTablesAndIndexes"
    actions = [
      "dynamodb:GetItem",
      "dynamodb:BatchGetItem",
      "dynamodb:PutItem",
      "dynamodb:UpdateItem",
      "dynamodb:DeleteItem",
      "dynamodb:BatchWriteItem",
      "dynamodb:Query",
    ]
    resources = concat(var.table_arns, var.index_arns)
  }

  # The event source mapping reads the Messages stream with the function's role (search.tf).
  statement {
    sid       = "ReadMessagesStream"
    actions   = ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:ListStreams"]
    resources = [var.messages_stream_arn]
  }

  statement {
    sid     = "WebSocketConnections"
    actions = ["execute-api:ManageConnections"]
    resources = [
      "${aws_apigatewayv2_api.websocket.execution_arn}/${local.ws_stage_name}/POST/@connections/*",
      "${aws_apigatewayv2_api.websocket.execution_arn}/${local.ws_stage_name}/DELETE/@connections/*",
    ]
  }

  # chalicelib/admin.py and sessions.py: admins manage users, logout signs out everywhere.
  # (RevokeToken is authorized by the app client id, not IAM.)
  statement {
    sid = "CognitoUserAdministration"
    actions = [
      "cognito-idp:AdminAddUserToGroup",
      "cognito-idp:AdminRemoveUserFromGroup",
      "cognito-idp:AdminListGroupsForUser",
      "cognito-idp:AdminDisableUser",
      "cognito-idp:AdminEnableUser",
      "cognito-idp:AdminUserGlobalSignOut",
    ]
    resources = [local.user_pool_arn]
  }

  # The tables and the environment variables are encrypted with the data key; its key policy
  # only admits calls via DynamoDB and Lambda, so this grants nothing beyond those two paths.
  # The Redis AUTH token, read once per cold start (chalicelib/ratelimit/limiter.py); that secret only.
  dynamic "statement" {
    for_each = var.redis != null ? [var.redis.auth_secret_arn] : []
    content {
      sid       = "RedisAuthSecret"
      actions   = ["secretsmanager:GetSecretValue"]
      resources = [statement.value]
    }
  }

  statement {
    sid       = "DataKeyViaDynamoDBAndLambda"
    actions   = ["kms:Decrypt"]
    resources = [var.kms_key_arns.data]
  }

  # Envelope encryption (chalicelib/envelope.py): a room's data key is made and opened with the
  # content key, only with an encryption context that has a roomId and nothing else.
  statement {
    sid       = "ContentKeyPerRoom"
    actions   = ["kms:GenerateDataKey", "kms:Decrypt"]
    resources = [var.kms_key_arns.content]
    condition {
      test     = "ForAllValues:StringEquals"
      variable = "kms:EncryptionContextKeys"
      values   = ["roomId"]
    }
    condition {
      test     = "Null"
      variable = "kms:EncryptionContext:roomId"
      values   = ["false"]
    }
  }

  statement {
    sid     = "OwnLogStreams"
    actions = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = [
      for name, fn in local.functions : "${aws_cloudwatch_log_group.function[name].arn}:*" if fn.role == "app"
    ]
  }

  # chalicelib/config.py reads the feature flags under this path once per container (features.tf).
  dynamic "statement" {
    for_each = var.feature_flags_ssm_path == "" ? [] : [var.feature_flags_ssm_path]
    content {
      sid       = "FeatureFlagParameters"
      actions   = ["ssm:GetParametersByPath"]
      resources = ["arn:${local.partition}:ssm:${local.region}:${local.account_id}:parameter${statement.value}"]
    }
  }
}

resource "aws_iam_role_policy" "app" {
  name   = "cloud-chat-app"
  role   = aws_iam_role.app.id
  policy = data.aws_iam_policy_document.app.json
}

data "aws_iam_policy_document" "authorizer" {
  statement {
    sid       = "OwnLogStreams"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.function["cognito"].arn}:*"]
  }

  statement {
    sid       = "DataKeyViaLambda" # its environment variables
    actions   = ["kms:Decrypt"]
    resources = [var.kms_key_arns.data]
  }
}

resource "aws_iam_role_policy" "authorizer" {
  name   = "cloud-chat-authorizer"
  role   = aws_iam_role.authorizer.id
  policy = data.aws_iam_policy_document.authorizer.json
}

# X-Ray (PutTraceSegments/PutTelemetryRecords) and VPC ENI management have no resource-level
# permissions; AWS's managed policies are the narrowest grant available for them.
resource "aws_iam_role_policy_attachment" "xray" {
  for_each   = { app = aws_iam_role.app.name, authorizer = aws_iam_role.authorizer.name }
  role       = each.value
  policy_arn = "arn:${local.partition}:iam::aws:policy/AWSXRayDaemonWriteAccess"
}

resource "aws_iam_role_policy_attachment" "vpc" {
  count      = var.vpc == null ? 0 : 1
  role       = aws_iam_role.app.name
  policy_arn = "arn:${local.partition}:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"
}

# -- functions -----------------------------------------------------------------------------
resource "aws_lambda_function" "this" {
  #checkov:skip=CKV_AWS_116:Invoked synchronously by API Gateway; a DLQ only applies to asynchronous invocations.
  #checkov:skip=CKV_AWS_117:VPC attachment is only needed for Redis; it is applied (vpc_config) when var.vpc is set, see docs/deploy.md for the NAT trade-off.
  #checkov:skip=CKV_AWS_272:Code signing needs a Signer profile in the build pipeline; the zip is built and deployed by the same OIDC-authenticated job.
  for_each = local.functions

  function_name                  = "${local.base_name}-${each.key}"
  description                    = "Cloud Chat ${each.key} (${each.value.handler})"
  role                           = each.value.role == "app" ? aws_iam_role.app.arn : aws_iam_role.authorizer.arn
  handler                        = each.value.handler
  runtime                        = var.runtime
  architectures                  = [var.architecture]
  s3_bucket                      = aws_s3_object.package.bucket
  s3_key                         = aws_s3_object.package.key
  source_code_hash               = local.package_built ? filebase64sha256(var.package_path) : null
  memory_size                    = each.value.role == "app" ? var.memory_mb : 256
  timeout                        = each.value.role == "app" ? var.timeout_seconds : 10
  publish                        = true
  reserved_concurrent_executions = each.value.role == "app" ? var.reserved_concurrency : null
  kms_key_arn                    = var.kms_key_arns.data

  environment {
    variables = local.environment
  }

  tracing_config {
    mode = "Active"
  }

  logging_config {
    log_format = "Text"
    log_group  = aws_cloudwatch_log_group.function[each.key].name
  }

  dynamic "vpc_config" {
    for_each = local.in_vpc[each.key] ? [var.vpc] : []
    content {
      subnet_ids         = vpc_config.value.subnet_ids
      security_group_ids = vpc_config.value.security_group_ids
    }
  }

  tags = var.tags

  depends_on = [
    aws_iam_role_policy.app,
    aws_iam_role_policy.authorizer,
    aws_cloudwatch_log_group.function,
  ]
}

# Terraform owns where "live" points, so a rollback is an apply and survives the next one:
# a function named in live_versions stays on that version, every other follows the version this
# apply publishes. scripts/deploy_rollback.sh (make rollback) writes the override.
resource "aws_lambda_alias" "live" {
  for_each = local.functions

  name             = var.live_alias_name
  description      = "What API Gateway invokes; pinned by live_versions (make rollback), else the newest version"
  function_name    = aws_lambda_function.this[each.key].function_name
  function_version = lookup(var.live_versions, each.key, aws_lambda_function.this[each.key].version)

  lifecycle {
    precondition {
      condition     = length(setsubtract(keys(var.live_versions), keys(local.functions))) == 0
      error_message = "live_versions names functions this module does not have: ${join(", ", setsubtract(keys(var.live_versions), keys(local.functions)))}."
    }
  }
}

# -- schedules -----------------------------------------------------------------------------
# Each @app.schedule handler runs on an EventBridge rule, through the live alias like the APIs.
resource "aws_cloudwatch_event_rule" "schedule" {
  for_each = local.schedules

  name                = "${local.base_name}-${each.key}"
  description         = "Cloud Chat ${each.key} (${local.functions[each.key].handler})"
  schedule_expression = each.value
  tags                = var.tags
}

resource "aws_cloudwatch_event_target" "schedule" {
  for_each = local.schedules

  rule = aws_cloudwatch_event_rule.schedule[each.key].name
  arn  = aws_lambda_alias.live[each.key].arn

  retry_policy { # a failed run is retried; the next run goes on regardless
    maximum_retry_attempts       = 2
    maximum_event_age_in_seconds = 3600
  }
}

resource "aws_lambda_permission" "schedule" {
  for_each = local.schedules

  statement_id  = "AllowEventBridgeSchedule"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.this[each.key].function_name
  qualifier     = aws_lambda_alias.live[each.key].name
  principal     = "events.amazonaws.com"
  source_arn    = aws_cloudwatch_event_rule.schedule[each.key].arn
}
