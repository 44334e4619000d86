# Scheduled handlers (@app.schedule): an EventBridge rule invokes the function's live alias.
# The retention sweep (chalicelib/retention.py) deletes expired history that DynamoDB's TTL has
# not removed yet; a failed run is retried by EventBridge and the next run goes on regardless.
resource "aws_cloudwatch_event_rule" "sweep_retention" {
  name                = "${local.base_name}-sweep-retention"
  description         = "Cloud Chat retention sweep"
  schedule_expression = var.retention_sweep_schedule
  tags                = var.tags
}

resource "aws_cloudwatch_event_target" "sweep_retention" {
  rule = aws_cloudwatch_event_rule.sweep_retention.name
  arn  = aws_lambda_alias.live["sweep_retention"].arn

  retry_policy {
    maximum_retry_attempts       = 2
    maximum_event_age_in_seconds = 3600
  }
}

resource "aws_lambda_permission" "sweep_retention" {
  statement_id  = "EventBridgeInvokesSweep"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.this["sweep_retention"].function_name
  qualifier     = aws_lambda_alias.live["sweep_retention"].name
  principal     = "events.amazonaws.com"
  source_arn    = aws_cloudwatch_event_rule.sweep_retention.arn
}
