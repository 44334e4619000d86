# The observability, cache and auth modules applied on their own, so assertions can read their
# resources: the alarm set, the Redis secret's name, the log retention, the Cognito plan rules.
mock_provider "aws" {
  source = "./mocks"
}

variables {
  name_prefix = "cloudchat-test"
}

run "alarms_page_on_api_5xx_not_on_rejected_tokens" {
  module {
    source = "../../../terraform/modules/observability"
  }

  variables {
    kms_key_arn = "arn:aws:kms:us-east-1:123456789012:key/0a1b2c3d-4e5f-6789-abcd-ef0123456789"
    function_names = {
      api                  = "cloudchat-test-api"
      cognito              = "cloudchat-test-cognito"
      websocket_connect    = "cloudchat-test-websocket_connect"
      websocket_message    = "cloudchat-test-websocket_message"
      websocket_disconnect = "cloudchat-test-websocket_disconnect"
    }
    authorizer_function_name = "cloudchat-test-cognito"
    rest_api_name            = "cloudchat-test"
    websocket_api_id         = "w1s2k3t4a5"
    table_names              = { Users = "cloudchat-test-Users" }
    log_retention_days       = 14
  }

  assert {
    condition     = toset(keys(aws_cloudwatch_metric_alarm.lambda_errors)) == toset(["api", "websocket_connect", "websocket_disconnect", "websocket_message"])
    error_message = "Lambda error alarms cover the app functions only, not the authorizer (it raises on every bad token)"
  }

  assert {
    condition     = contains(keys(aws_cloudwatch_metric_alarm.lambda_throttles), "cognito")
    error_message = "the authorizer keeps its throttle alarm"
  }

  assert {
    condition = (
      aws_cloudwatch_metric_alarm.this["rest_5xx_rate"].metric_name == "5XXError" &&
      aws_cloudwatch_metric_alarm.this["rest_5xx_rate"].dimensions == tomap({ ApiName = "cloudchat-test", Stage = "api" })
    )
    error_message = "REST 5xx (which includes a failing authorizer) pages"
  }

  assert {
    condition = (
      aws_cloudwatch_metric_alarm.this["websocket_execution_errors"].metric_name == "ExecutionError" &&
      aws_cloudwatch_metric_alarm.this["websocket_execution_errors"].dimensions == tomap({ ApiId = "w1s2k3t4a5", Stage = "api" })
    )
    error_message = "WebSocket integrations failing to run page"
  }

  assert {
    condition     = !contains([for a in aws_cloudwatch_metric_alarm.this : a.metric_name], "IntegrationError")
    error_message = "no alarm on IntegrationError: it counts the 401 $connect returns for a bad token"
  }

  assert {
    condition     = one(one(aws_s3_bucket_lifecycle_configuration.access_logs.rule).expiration).days == 14
    error_message = "access logs are kept for the stage's log retention"
  }
}

run "redis_secret_name_cannot_collide_with_a_deleted_one" {
  module {
    source = "../../../terraform/modules/cache"
  }

  variables {
    kms_key_arn        = "arn:aws:kms:us-east-1:123456789012:key/0a1b2c3d-4e5f-6789-abcd-ef0123456789"
    logs_kms_key_arn   = "arn:aws:kms:us-east-1:123456789012:key/1a1b2c3d-4e5f-6789-abcd-ef0123456789"
    log_retention_days = 14
  }

  assert {
    condition     = aws_secretsmanager_secret.auth.name_prefix == "cloudchat-test/redis-auth-"
    error_message = "the AUTH-token secret is named by prefix: a fixed name stays reserved 7 days after deletion"
  }

  assert {
    condition     = aws_secretsmanager_secret.auth.recovery_window_in_days == 7
    error_message = "a deleted secret stays recoverable for a week"
  }

  assert {
    condition     = aws_cloudwatch_log_group.flow.retention_in_days == 14 && aws_cloudwatch_log_group.slow.retention_in_days == 14
    error_message = "flow and slow logs follow the stage's log retention"
  }
}

run "threat_protection_without_plus_fails_at_plan" {
  command = plan

  module {
    source = "../../../terraform/modules/auth"
  }

  variables {
    domain_prefix = "cloudchat-test-123456789012"
    callback_urls = ["https://chat.example.com/"]
    logout_urls   = ["https://chat.example.com/"]
    feature_plan  = { tier = "ESSENTIALS", advanced_security_mode = "AUDIT" }
  }

  expect_failures = [var.feature_plan]
}
