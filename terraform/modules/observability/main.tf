# Alarms to one SNS topic, a dashboard with the app's EMF metrics next to the AWS-native ones,
# and the bucket that receives S3 server access logs and CloudFront standard logs.
# (Lambda/API log groups with retention and X-Ray tracing live in the backend module.)
data "aws_caller_identity" "current" {}
data "aws_region" "current" {}

locals {
  # The metric names the app emits (namespace CloudChat, CloudWatch embedded metric format).
  app_metrics = ["MessagesSent", "FanoutDeliveries", "FanoutGone", "FanoutFailures", "FanoutLatencyMs", "ConnectionsOpened", "RateLimiterDegraded"]
  # RateLimited carries a policy dimension as well: its widget searches over the policies.
  t           = var.thresholds
  alarm_topic = [aws_sns_topic.alarms.arn]
  region      = data.aws_region.current.name
}

# -- alarm topic ---------------------------------------------------------------------------
resource "aws_sns_topic" "alarms" {
  name              = "${var.name_prefix}-alarms"
  kms_master_key_id = var.kms_key_arn
  tags              = var.tags
}

resource "aws_sns_topic_subscription" "email" {
  for_each  = toset(var.alarm_emails)
  topic_arn = aws_sns_topic.alarms.arn
  protocol  = "email"
  endpoint  = each.value
}

# -- single-metric alarms ------------------------------------------------------------------
locals {
  rest_api     = { ApiName = var.rest_api_name, Stage = var.rest_stage_name }
  websocket    = { ApiId = var.websocket_api_id, Stage = var.websocket_stage_name }
  at_least     = "GreaterThanOrEqualToThreshold"
  more_than    = "GreaterThanThreshold"
  alarm_common = { statistic = null, extended_statistic = null, period = 300, evaluation_periods = 1, datapoints_to_alarm = null }

  # Resource key => alarm. name is appended to name_prefix; unset fields come from alarm_common.
  metric_alarms = {
    rest_5xx_rate = {
      name        = "rest-5xx-rate"
      description = "More than ${local.t.rest_5xx_rate * 100}% of REST requests fail with 5xx"
      namespace   = "AWS/ApiGateway", metric_name = "5XXError", dimensions = local.rest_api
      statistic   = "Average", period = 60, evaluation_periods = 5, datapoints_to_alarm = 3
      threshold   = local.t.rest_5xx_rate, comparison_operator = local.more_than
    }
    rest_p99_latency = {
      name               = "rest-p99-latency"
      description        = "REST p99 latency above ${local.t.rest_p99_latency_ms} ms"
      namespace          = "AWS/ApiGateway", metric_name = "Latency", dimensions = local.rest_api
      extended_statistic = "p99", evaluation_periods = 3
      threshold          = local.t.rest_p99_latency_ms, comparison_operator = local.more_than
    }
    websocket_connections = {
      name        = "websocket-connect-surge"
      description = "More than ${local.t.websocket_connects_5m} WebSocket connects in 5 minutes (capacity/cost: $0.25 per million connection-minutes)"
      namespace   = "AWS/ApiGateway", metric_name = "ConnectCount", dimensions = local.websocket
      statistic   = "Sum"
      threshold   = local.t.websocket_connects_5m, comparison_operator = local.more_than
    }
    # ExecutionError, not IntegrationError: the latter also counts the 4xx a route returns, such
    # as $connect refusing a bad token, so junk tokens would page.
    websocket_execution_errors = {
      name        = "websocket-execution-errors"
      description = "WebSocket route integrations failing to run (Lambda errors, timeouts, throttles)"
      namespace   = "AWS/ApiGateway", metric_name = "ExecutionError", dimensions = local.websocket
      statistic   = "Sum"
      threshold   = local.t.websocket_5xx_messages, comparison_operator = local.at_least
    }
    # The app's own metrics (EMF, namespace CloudChat).
    fanout_failures = {
      name        = "fanout-failures"
      description = "Fan-out posts failing for reasons other than a gone connection"
      namespace   = var.app_metric_namespace, metric_name = "FanoutFailures", dimensions = var.app_metric_dimensions
      statistic   = "Sum"
      threshold   = local.t.fanout_failures, comparison_operator = local.at_least
    }
    rate_limiter_degraded = {
      name        = "rate-limiter-degraded"
      description = "Rate limits are not enforced: Redis (or DynamoDB) failed and requests passed unchecked (fail open)"
      namespace   = var.app_metric_namespace, metric_name = "RateLimiterDegraded", dimensions = var.app_metric_dimensions
      statistic   = "Sum"
      threshold   = local.t.rate_limiter_degraded, comparison_operator = local.at_least
    }
    fanout_latency = {
      name               = "fanout-p99-latency"
      description        = "Fan-out p99 latency above ${local.t.fanout_p99_latency_ms} ms"
      namespace          = var.app_metric_namespace, metric_name = "FanoutLatencyMs", dimensions = var.app_metric_dimensions
      extended_statistic = "p99", evaluation_periods = 3
      threshold          = local.t.fanout_p99_latency_ms, comparison_operator = local.more_than
    }
  }
}

resource "aws_cloudwatch_metric_alarm" "this" {
  for_each = { for key, alarm in local.metric_alarms : key => merge(local.alarm_common, alarm) }

  alarm_name          = "${var.name_prefix}-${each.value.name}"
  alarm_description   = each.value.description
  namespace           = each.value.namespace
  metric_name         = each.value.metric_name
  dimensions          = each.value.dimensions
  statistic           = each.value.statistic
  extended_statistic  = each.value.extended_statistic
  period              = each.value.period
  evaluation_periods  = each.value.evaluation_periods
  datapoints_to_alarm = each.value.datapoints_to_alarm
  threshold           = each.value.threshold
  comparison_operator = each.value.comparison_operator
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_topic
  ok_actions          = local.alarm_topic
  tags                = var.tags
}

# -- Lambda --------------------------------------------------------------------------------
locals {
  # A Lambda authorizer denies a bad token by raising, so its Errors count junk tokens; its real
  # failures reach callers as API Gateway 5XX, which rest_5xx_rate watches. No error alarm for it.
  app_function_names = { for role, name in var.function_names : role => name if name != var.authorizer_function_name }
}

resource "aws_cloudwatch_metric_alarm" "lambda_errors" {
  for_each = local.app_function_names

  alarm_name          = "${var.name_prefix}-${each.key}-errors"
  alarm_description   = "Lambda ${each.value} errors"
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  dimensions          = { FunctionName = each.value }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = local.t.lambda_errors
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_topic
  ok_actions          = local.alarm_topic
  tags                = var.tags
}

resource "aws_cloudwatch_metric_alarm" "lambda_throttles" {
  for_each = var.function_names

  alarm_name          = "${var.name_prefix}-${each.key}-throttles"
  alarm_description   = "Lambda ${each.value} throttled (concurrency limit)"
  namespace           = "AWS/Lambda"
  metric_name         = "Throttles"
  dimensions          = { FunctionName = each.value }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = local.t.lambda_throttles
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_topic
  ok_actions          = local.alarm_topic
  tags                = var.tags
}

# -- DynamoDB ------------------------------------------------------------------------------
resource "aws_cloudwatch_metric_alarm" "dynamodb_throttles" {
  for_each = var.table_names

  alarm_name          = "${var.name_prefix}-dynamodb-${each.key}-throttles"
  alarm_description   = "DynamoDB ${each.value} read/write throttle events"
  comparison_operator = "GreaterThanOrEqualToThreshold"
  evaluation_periods  = 1
  threshold           = local.t.dynamodb_throttles
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_topic
  ok_actions          = local.alarm_topic

  metric_query {
    id          = "throttles"
    expression  = "reads + writes"
    label       = "Throttle events"
    return_data = true
  }

  metric_query {
    id = "reads"
    metric {
      namespace   = "AWS/DynamoDB"
      metric_name = "ReadThrottleEvents"
      dimensions  = { TableName = each.value }
      stat        = "Sum"
      period      = 300
    }
  }

  metric_query {
    id = "writes"
    metric {
      namespace   = "AWS/DynamoDB"
      metric_name = "WriteThrottleEvents"
      dimensions  = { TableName = each.value }
      stat        = "Sum"
      period      = 300
    }
  }

  tags = var.tags
}

# -- dashboard -----------------------------------------------------------------------------
locals {
  app_dims = flatten([for k, v in var.app_metric_dimensions : [k, v]])
  below    = ceil(length(local.app_metrics) / 3) * 6 # the first row under the app metrics' grid
  dashboard_widgets = concat(
    [for i, name in local.app_metrics : {
      type   = "metric"
      x      = (i % 3) * 8
      y      = floor(i / 3) * 6
      width  = 8
      height = 6
      properties = {
        title   = name
        region  = local.region
        view    = "timeSeries"
        stat    = endswith(name, "Ms") ? "p99" : "Sum"
        period  = 60
        metrics = [concat([var.app_metric_namespace, name], local.app_dims)]
      }
    }],
    [
      {
        type = "metric", x = 0, y = local.below, width = 12, height = 6
        properties = {
          title   = "REST requests, 4xx, 5xx", region = local.region, view = "timeSeries", stat = "Sum", period = 60
          metrics = [for m in ["Count", "4XXError", "5XXError"] : ["AWS/ApiGateway", m, "ApiName", var.rest_api_name, "Stage", var.rest_stage_name]]
        }
      },
      {
        type = "metric", x = 12, y = local.below, width = 12, height = 6
        properties = {
          title = "REST latency p50/p99", region = local.region, view = "timeSeries", period = 60
          metrics = [
            ["AWS/ApiGateway", "Latency", "ApiName", var.rest_api_name, "Stage", var.rest_stage_name, { stat = "p50" }],
            ["AWS/ApiGateway", "Latency", "ApiName", var.rest_api_name, "Stage", var.rest_stage_name, { stat = "p99" }],
          ]
        }
      },
      {
        type = "metric", x = 0, y = local.below + 6, width = 12, height = 6
        properties = {
          title   = "WebSocket connects, messages, errors", region = local.region, view = "timeSeries", stat = "Sum", period = 60
          metrics = [for m in ["ConnectCount", "MessageCount", "IntegrationError", "ExecutionError"] : ["AWS/ApiGateway", m, "ApiId", var.websocket_api_id, "Stage", var.websocket_stage_name]]
        }
      },
      {
        type = "metric", x = 12, y = local.below + 6, width = 12, height = 6
        properties = {
          title = "Lambda errors and throttles", region = local.region, view = "timeSeries", stat = "Sum", period = 60
          metrics = flatten([for fn in values(var.function_names) : [
            ["AWS/Lambda", "Errors", "FunctionName", fn],
            ["AWS/Lambda", "Throttles", "FunctionName", fn],
          ]])
        }
      },
      {
        type = "metric", x = 0, y = local.below + 12, width = 24, height = 6
        properties = {
          title = "DynamoDB throttle events", region = local.region, view = "timeSeries", stat = "Sum", period = 60
          metrics = flatten([for t in values(var.table_names) : [
            ["AWS/DynamoDB", "ReadThrottleEvents", "TableName", t],
            ["AWS/DynamoDB", "WriteThrottleEvents", "TableName", t],
          ]])
        }
      },
      {
        type = "metric", x = 0, y = local.below + 18, width = 24, height = 6
        properties = {
          title   = "Requests refused by rate limits, by policy", region = local.region, view = "timeSeries", period = 60
          metrics = [[{ expression = "SEARCH('{${var.app_metric_namespace},policy,service} MetricName=\"RateLimited\"', 'Sum', 60)", id = "limited" }]]
        }
      },
    ],
  )
}

resource "aws_cloudwatch_dashboard" "this" {
  dashboard_name = "${var.name_prefix}-overview"
  dashboard_body = jsonencode({ widgets = local.dashboard_widgets })
}

# -- access-log bucket ---------------------------------------------------------------------
module "access_logs" {
  source = "../private_bucket"

  bucket_name = "${var.name_prefix}-access-logs-${data.aws_caller_identity.current.account_id}"
  # CloudFront standard-log delivery writes with SSE-S3 (a customer key would block delivery)
  # and needs ACLs on the target bucket (it grants awslogsdelivery); this bucket is the
  # access-log target, so it does not log to itself.
  kms_key_arn      = null
  object_ownership = "BucketOwnerPreferred"
  access_logs      = null
  policy_documents = [data.aws_iam_policy_document.access_logs.json]
  force_destroy    = var.force_destroy
  tags             = var.tags
}

resource "aws_s3_bucket_lifecycle_configuration" "access_logs" {
  bucket = module.access_logs.versioning_id
  rule {
    id     = "expire-logs"
    status = "Enabled"
    filter {}
    expiration {
      days = var.log_retention_days
    }
    noncurrent_version_expiration {
      noncurrent_days = 7
    }
    abort_incomplete_multipart_upload {
      days_after_initiation = 1
    }
  }
}

data "aws_iam_policy_document" "access_logs" {
  statement {
    sid       = "S3ServerAccessLogs"
    actions   = ["s3:PutObject"]
    resources = ["${module.access_logs.arn}/s3/*"]
    principals {
      type        = "Service"
      identifiers = ["logging.s3.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
}
