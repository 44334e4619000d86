# modules/backend applied on its own, so assertions can read its resources: the alias and stage
# wiring, the ping route, the execution log groups, the IAM statements (the mock's policy JSON is
# fake, so the documents' statement arguments are checked), the one uploaded package and the
# rollback pin. No zip exists here, so the package is the documented "not-built" placeholder.
mock_provider "aws" {
  source = "./mocks"
}

variables {
  stage               = "dev"
  package_path        = "build/chalice/deployment.zip" # not built in the test copy
  table_prefix        = "cloudchat-dev-"
  table_arns          = ["arn:aws:dynamodb:us-east-1:123456789012:table/cloudchat-dev-Rooms"]
  index_arns          = ["arn:aws:dynamodb:us-east-1:123456789012:table/cloudchat-dev-Rooms/index/*"]
  messages_stream_arn = "arn:aws:dynamodb:us-east-1:123456789012:table/cloudchat-dev-Messages/stream/2026-01-01T00:00:00.000"
  cognito = {
    user_pool_id = "us-east-1_AbCdEfGhI"
    client_id    = "0123456789abcdefghijklmnop"
    issuer       = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEfGhI"
    jwks_url     = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEfGhI/.well-known/jwks.json"
    endpoint     = "https://cognito-idp.us-east-1.amazonaws.com/"
  }
  kms_key_arns = {
    data    = "arn:aws:kms:us-east-1:123456789012:key/00000000-0000-0000-0000-00000000da7a"
    storage = "arn:aws:kms:us-east-1:123456789012:key/00000000-0000-0000-0000-0000000057a6"
    logs    = "arn:aws:kms:us-east-1:123456789012:key/00000000-0000-0000-0000-0000000001a5"
    content = "arn:aws:kms:us-east-1:123456789012:key/00000000-0000-0000-0000-0000000c0475"
  }
  access_log_bucket = "cloudchat-dev-access-logs-123456789012"
  allowed_origins   = ["https://chat.example.com", "http://localhost:5173"]
}

run "backend" {
  command = apply
  module {
    source = "../../../terraform/modules/backend"
  }

  # alias and stage wiring: API Gateway only ever invokes <function>:live
  assert {
    condition     = alltrue([for i in aws_api_gateway_integration.route : endswith(i.uri, ":$${stageVariables.lambdaAlias}/invocations")]) && alltrue([for i in aws_apigatewayv2_integration.ws : endswith(i.integration_uri, ":$${stageVariables.lambdaAlias}/invocations")])
    error_message = "every Lambda integration must invoke the alias named by the lambdaAlias stage variable"
  }
  assert {
    condition     = aws_api_gateway_stage.this.variables.lambdaAlias == "live" && aws_apigatewayv2_stage.websocket.stage_variables.lambdaAlias == "live"
    error_message = "both stages must set lambdaAlias = live"
  }
  assert {
    condition     = keys(aws_lambda_alias.live) == keys(aws_lambda_function.this) && alltrue([for k, a in aws_lambda_alias.live : a.name == "live" && a.function_version == aws_lambda_function.this[k].version])
    error_message = "one live alias per function, on the version this apply published"
  }
  assert {
    condition     = aws_api_gateway_authorizer.cognito.authorizer_uri == aws_lambda_alias.live["cognito"].invoke_arn
    error_message = "the authorizer must invoke the cognito function's live alias"
  }
  assert {
    condition     = aws_lambda_permission.rest_api.qualifier == "live" && aws_lambda_permission.authorizer.qualifier == "live" && alltrue([for p in aws_lambda_permission.ws : p.qualifier == "live"])
    error_message = "every Lambda permission must be qualified by the live alias"
  }
  assert {
    condition     = toset(keys(aws_lambda_permission.ws)) == toset(["$connect", "$default", "$disconnect"])
    error_message = "only the Lambda routes get a permission (ping is MOCK)"
  }

  # ping: answered by API Gateway itself
  assert {
    condition     = aws_apigatewayv2_route.ping.route_key == "ping" && aws_apigatewayv2_route.ping.target == "integrations/${aws_apigatewayv2_integration.ping.id}" && aws_apigatewayv2_route.ping.route_response_selection_expression == "$default"
    error_message = "route ping must target the MOCK integration and return its response"
  }
  assert {
    condition     = aws_apigatewayv2_integration.ping.integration_type == "MOCK" && aws_apigatewayv2_integration.ping.request_templates["$default"] == "{\"statusCode\":200}"
    error_message = "ping must be a MOCK integration answering status 200"
  }
  assert {
    condition     = aws_apigatewayv2_integration_response.ping.response_templates["$default"] == "{\"event\":\"pong\"}" && aws_apigatewayv2_route_response.ping.route_response_key == "$default"
    error_message = "ping must answer exactly {\"event\":\"pong\"}"
  }

  # execution logs: pre-created with the logs key and retention, level per stage
  assert {
    condition     = aws_cloudwatch_log_group.rest_execution.name == "API-Gateway-Execution-Logs_a1b2c3d4e5/api" && aws_cloudwatch_log_group.ws_execution.name == "/aws/apigateway/w1s2k3t4a5/api"
    error_message = "execution log group names must be the ones API Gateway writes to"
  }
  assert {
    condition     = alltrue([for g in [aws_cloudwatch_log_group.rest_execution, aws_cloudwatch_log_group.ws_execution] : g.kms_key_id == var.kms_key_arns.logs && g.retention_in_days == var.log_retention_days])
    error_message = "execution log groups need the logs key and the stage's retention"
  }
  assert {
    condition     = aws_api_gateway_method_settings.all.settings[0].logging_level == "ERROR" && aws_apigatewayv2_stage.websocket.default_route_settings[0].logging_level == "ERROR"
    error_message = "execution logging defaults to ERROR on both stages"
  }

  # the search indexer follows the Messages stream through its live alias
  assert {
    condition     = aws_lambda_event_source_mapping.index_messages.function_name == aws_lambda_alias.live["index_messages"].arn && aws_lambda_event_source_mapping.index_messages.event_source_arn == var.messages_stream_arn
    error_message = "the Messages stream must invoke the indexer's live alias"
  }

  # the retention sweep runs on its schedule through its live alias
  assert {
    condition     = aws_cloudwatch_event_target.schedule["sweep_retention"].arn == aws_lambda_alias.live["sweep_retention"].arn && aws_lambda_permission.schedule["sweep_retention"].qualifier == aws_lambda_alias.live["sweep_retention"].name && aws_cloudwatch_event_rule.schedule["sweep_retention"].schedule_expression == "rate(1 hour)"
    error_message = "EventBridge must invoke the sweep's live alias hourly"
  }

  # envelope encryption: the content key, only with a roomId encryption context
  assert {
    condition     = [for s in data.aws_iam_policy_document.app.statement : s.resources if s.sid == "ContentKeyPerRoom"][0] == toset([var.kms_key_arns.content]) && local.environment.CONTENT_KMS_KEY_ID == var.kms_key_arns.content
    error_message = "the content key is granted alone and passed as CONTENT_KMS_KEY_ID"
  }

  # IAM: exactly what the code calls (tests/infra/test_infra_iam.py derives the list)
  assert {
    condition = toset(flatten([for s in data.aws_iam_policy_document.app.statement : s.actions])) == toset([
      "dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem",
      "dynamodb:BatchWriteItem", "dynamodb:Query", "execute-api:ManageConnections", "kms:Decrypt", "kms:GenerateDataKey",
      "logs:CreateLogStream", "logs:PutLogEvents", "dynamodb:DescribeStream", "dynamodb:GetRecords",
      "dynamodb:GetShardIterator", "dynamodb:ListStreams",
      "cognito-idp:AdminAddUserToGroup", "cognito-idp:AdminRemoveUserFromGroup", "cognito-idp:AdminListGroupsForUser",
      "cognito-idp:AdminDisableUser", "cognito-idp:AdminEnableUser", "cognito-idp:AdminUserGlobalSignOut",
    ])
    error_message = "app policy actions: ${jsonencode(flatten([for s in data.aws_iam_policy_document.app.statement : s.actions]))}"
  }
  assert {
    condition     = [for s in data.aws_iam_policy_document.app.statement : s.resources if s.sid == "CognitoUserAdministration"][0] == toset(["arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_AbCdEfGhI"])
    error_message = "user administration is granted on this pool only"
  }
  assert {
    condition     = alltrue([for f in aws_lambda_function.this : f.environment[0].variables.ALLOWED_ORIGINS == "https://chat.example.com,http://localhost:5173"])
    error_message = "$connect admits exactly the configured web origins"
  }
  assert {
    condition     = aws_cloudwatch_event_rule.schedule["sweep_expired_sockets"].schedule_expression == "rate(1 minute)" && aws_cloudwatch_event_target.schedule["sweep_expired_sockets"].arn == aws_lambda_alias.live["sweep_expired_sockets"].arn
    error_message = "the expiry sweep runs every minute through the live alias"
  }
  assert {
    condition     = aws_lambda_permission.schedule["sweep_expired_sockets"].principal == "events.amazonaws.com" && aws_lambda_permission.schedule["sweep_expired_sockets"].source_arn == aws_cloudwatch_event_rule.schedule["sweep_expired_sockets"].arn
    error_message = "only its own rule may invoke the sweep"
  }
  assert {
    condition     = [for s in data.aws_iam_policy_document.app.statement : s.resources if s.sid == "DynamoDBTablesAndIndexes"][0] == toset(concat(var.table_arns, var.index_arns))
    error_message = "DynamoDB grants must cover the tables and their indexes only"
  }
  assert {
    condition = [for s in data.aws_iam_policy_document.app.statement : s.resources if s.sid == "WebSocketConnections"][0] == toset([
      "arn:aws:execute-api:us-east-1:123456789012:w1s2k3t4a5/api/POST/@connections/*",
      "arn:aws:execute-api:us-east-1:123456789012:w1s2k3t4a5/api/DELETE/@connections/*",
    ])
    error_message = "ManageConnections must be scoped to this API's stage"
  }
  assert {
    condition     = toset(flatten([for s in data.aws_iam_policy_document.authorizer.statement : s.actions])) == toset(["logs:CreateLogStream", "logs:PutLogEvents", "kms:Decrypt"])
    error_message = "the authorizer only writes its logs and reads its environment"
  }
  assert {
    condition     = alltrue([for s in concat(data.aws_iam_policy_document.app.statement, data.aws_iam_policy_document.authorizer.statement) : length(s.resources) > 0 && !contains(s.resources, "*")])
    error_message = "no statement without resources or with resource *"
  }

  # package: one S3 object, every function reads it
  assert {
    condition     = alltrue([for f in aws_lambda_function.this : f.s3_bucket == aws_s3_object.package.bucket && f.s3_key == aws_s3_object.package.key && f.filename == null])
    error_message = "every function must read the one uploaded package"
  }
  assert {
    condition     = aws_s3_object.package.key == "lambda/not-built.zip" && aws_s3_object.package.bucket == module.artifacts.id
    error_message = "without a build the package key is the placeholder, in the artifacts bucket"
  }
  assert {
    condition     = alltrue([for f in aws_lambda_function.this : f.reserved_concurrent_executions == null])
    error_message = "no reserved concurrency by default (new accounts cannot reserve)"
  }
}

run "rollback_pin_and_info_logging" {
  command = apply
  module {
    source = "../../../terraform/modules/backend"
  }

  variables {
    live_versions           = { api = "2", websocket_message = "1" }
    execution_logging_level = "INFO"
  }

  assert {
    condition     = aws_lambda_alias.live["api"].function_version == "2" && aws_lambda_alias.live["websocket_message"].function_version == "1" && aws_lambda_alias.live["cognito"].function_version == aws_lambda_function.this["cognito"].version
    error_message = "pinned functions keep their version, the others follow the new one"
  }
  assert {
    condition     = aws_api_gateway_method_settings.all.settings[0].logging_level == "INFO" && aws_apigatewayv2_stage.websocket.default_route_settings[0].logging_level == "INFO"
    error_message = "execution_logging_level applies to both stages"
  }
}

run "pin_of_an_unknown_function_fails" {
  command = plan
  module {
    source = "../../../terraform/modules/backend"
  }

  variables {
    live_versions = { apii = "2" }
  }
  expect_failures = [aws_lambda_alias.live]
}

run "pin_must_be_a_version_number" {
  command = plan
  module {
    source = "../../../terraform/modules/backend"
  }

  variables {
    live_versions = { api = "$LATEST" }
  }
  expect_failures = [var.live_versions]
}

# Rate limits: DynamoDB without a cache, Redis (URL, secret, a grant on that secret only) with one.
run "rate_limits_on_dynamodb_without_redis" {
  command = apply
  module {
    source = "../../../terraform/modules/backend"
  }

  assert {
    condition     = aws_lambda_function.this["api"].environment[0].variables.RATE_LIMIT_BACKEND == "dynamodb" && aws_lambda_function.this["api"].environment[0].variables.REDIS_URL == "" && aws_lambda_function.this["api"].environment[0].variables.RATE_LIMIT_REST_USER == "100/900"
    error_message = "without redis the limits run on DynamoDB with the seed's REST default"
  }
  assert {
    condition     = alltrue([for s in data.aws_iam_policy_document.app.statement : !contains(s.actions, "secretsmanager:GetSecretValue")])
    error_message = "no secret grant without redis"
  }
}

run "rate_limits_on_redis" {
  command = apply
  module {
    source = "../../../terraform/modules/backend"
  }

  variables {
    redis = {
      url             = "rediss://master.cloudchat-dev-cache.abc123.use1.cache.amazonaws.com:6379"
      auth_secret_arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:cloudchat-dev/redis-auth-AbCdEf"
    }
    rate_limits = { dm = "5/60", ws_user = "10/1/30" }
  }

  assert {
    condition     = aws_lambda_function.this["websocket_message"].environment[0].variables.RATE_LIMIT_BACKEND == "redis" && startswith(aws_lambda_function.this["websocket_message"].environment[0].variables.REDIS_URL, "rediss://") && endswith(aws_lambda_function.this["websocket_message"].environment[0].variables.REDIS_AUTH_SECRET_ARN, "redis-auth-AbCdEf")
    error_message = "with redis the functions get its URL and secret ARN"
  }
  assert {
    condition     = aws_lambda_function.this["api"].environment[0].variables.RATE_LIMIT_DM == "5/60" && aws_lambda_function.this["api"].environment[0].variables.RATE_LIMIT_WS_USER == "10/1/30" && aws_lambda_function.this["api"].environment[0].variables.RATE_LIMIT_INVITE == "50/3600"
    error_message = "rate_limits overrides one policy at a time; the others keep their defaults"
  }
  assert {
    condition     = length([for s in data.aws_iam_policy_document.app.statement : s if contains(s.actions, "secretsmanager:GetSecretValue") && s.resources == toset(["arn:aws:secretsmanager:us-east-1:123456789012:secret:cloudchat-dev/redis-auth-AbCdEf"])]) == 1
    error_message = "GetSecretValue on the Redis secret only"
  }
}

run "a_malformed_rate_limit_fails_at_plan" {
  command = plan
  module {
    source = "../../../terraform/modules/backend"
  }

  variables {
    rate_limits = { rest_user = "100 per 15 minutes" }
  }
  expect_failures = [var.rate_limits]
}

run "feature_flags_default_to_the_environment_only" {
  command = plan
  module {
    source = "../../../terraform/modules/backend"
  }

  assert {
    condition     = aws_lambda_function.this["api"].environment[0].variables["FEATURE_REACTIONS"] == "true" && aws_lambda_function.this["api"].environment[0].variables["FEATURE_PUSH"] == "false" && aws_lambda_function.this["api"].environment[0].variables["MAX_FILE_SIZE_BYTES"] == "10485760" && aws_lambda_function.this["api"].environment[0].variables["FEATURE_FLAGS_SSM_PATH"] == ""
    error_message = "reactions on, the other features off, 10 MiB files, no SSM path by default"
  }
  assert {
    condition     = length(aws_ssm_parameter.feature_flag) == 0 && !strcontains(data.aws_iam_policy_document.app.json, "ssm:")
    error_message = "no SSM parameters and no SSM grant without a path"
  }
}

run "feature_flags_from_variables_and_ssm" {
  command = apply
  module {
    source = "../../../terraform/modules/backend"
  }

  variables {
    features                = { reactions = false, voice = true, max_file_size_bytes = 2048 }
    feature_flags_ssm_path  = "/cloud-chat/dev/features"
    feature_flag_parameters = { FEATURE_PUSH = "true" }
  }

  assert {
    condition     = aws_lambda_function.this["websocket_message"].environment[0].variables["FEATURE_REACTIONS"] == "false" && aws_lambda_function.this["websocket_message"].environment[0].variables["FEATURE_VOICE"] == "true" && aws_lambda_function.this["websocket_message"].environment[0].variables["MAX_FILE_SIZE_BYTES"] == "2048" && aws_lambda_function.this["websocket_message"].environment[0].variables["FEATURE_FLAGS_SSM_PATH"] == "/cloud-chat/dev/features"
    error_message = "the features variable and the SSM path reach every function's environment"
  }
  assert {
    condition     = aws_ssm_parameter.feature_flag["FEATURE_PUSH"].name == "/cloud-chat/dev/features/FEATURE_PUSH" && aws_ssm_parameter.feature_flag["FEATURE_PUSH"].value == "true"
    error_message = "feature_flag_parameters become parameters under the path"
  }
  assert {
    condition     = anytrue([for st in data.aws_iam_policy_document.app.statement : st.sid == "FeatureFlagParameters" && toset(st.actions) == toset(["ssm:GetParametersByPath"]) && length(st.resources) == 1 && endswith(join("", st.resources), ":parameter/cloud-chat/dev/features")])
    error_message = "the app may read exactly the flags' path"
  }
}

run "feature_flag_parameter_names_are_checked" {
  command = plan
  module {
    source = "../../../terraform/modules/backend"
  }

  variables {
    feature_flags_ssm_path  = "/cloud-chat/dev/features"
    feature_flag_parameters = { FEATURE_TYPO = "true" }
  }
  expect_failures = [var.feature_flag_parameters]
}

run "feature_flags_ssm_path_must_be_absolute" {
  command = plan
  module {
    source = "../../../terraform/modules/backend"
  }

  variables {
    feature_flags_ssm_path = "cloud-chat/features/"
  }
  expect_failures = [var.feature_flags_ssm_path]
}
