# Notifications: the backend puts chat events on an EventBridge bus; rules route them to the
# notification Lambda, which publishes to SNS (mobile push / topic fan-out) or sends SES mail.
locals {
  fcm_enabled        = nonsensitive(var.fcm_server_key != "")
  apns_enabled       = nonsensitive(var.apns.key != "")
  ses_enabled        = var.ses_identity != ""
  ses_is_domain      = local.ses_enabled && !strcontains(var.ses_identity, "@")
  lambda_target      = var.notification_function_arn != ""
  lambda_function_id = local.lambda_target ? split(":", var.notification_function_arn)[6] : ""
  lambda_qualifier   = local.lambda_target && length(split(":", var.notification_function_arn)) > 7 ? split(":", var.notification_function_arn)[7] : null
}

# -- EventBridge ---------------------------------------------------------------------------
resource "aws_cloudwatch_event_bus" "this" {
  name = "${var.name_prefix}-events"
  tags = var.tags
}

resource "aws_cloudwatch_event_rule" "notify" {
  name           = "${var.name_prefix}-notify"
  description    = "Chat events that may notify offline users"
  event_bus_name = aws_cloudwatch_event_bus.this.name
  event_pattern = jsonencode({
    source        = ["cloudchat"]
    "detail-type" = var.notification_detail_types
  })
  tags = var.tags
}

resource "aws_cloudwatch_event_target" "notify" {
  count = local.lambda_target ? 1 : 0

  rule           = aws_cloudwatch_event_rule.notify.name
  event_bus_name = aws_cloudwatch_event_bus.this.name
  target_id      = "notification-lambda"
  arn            = var.notification_function_arn

  retry_policy {
    maximum_event_age_in_seconds = 3600
    maximum_retry_attempts       = 8
  }
}

resource "aws_lambda_permission" "events" {
  count = local.lambda_target ? 1 : 0

  statement_id  = "AllowEventBridgeNotify"
  action        = "lambda:InvokeFunction"
  function_name = local.lambda_function_id
  qualifier     = local.lambda_qualifier
  principal     = "events.amazonaws.com"
  source_arn    = aws_cloudwatch_event_rule.notify.arn
}

# -- SNS -----------------------------------------------------------------------------------
resource "aws_sns_topic" "push" {
  name              = "${var.name_prefix}-push"
  kms_master_key_id = var.kms_key_arn
  tags              = var.tags
}

resource "aws_sns_platform_application" "fcm" {
  count = local.fcm_enabled ? 1 : 0

  name                = "${var.name_prefix}-fcm"
  platform            = "GCM"
  platform_credential = var.fcm_server_key
}

resource "aws_sns_platform_application" "apns" {
  count = local.apns_enabled ? 1 : 0

  name                     = "${var.name_prefix}-apns"
  platform                 = var.apns.use_sandbox ? "APNS_SANDBOX" : "APNS"
  platform_credential      = var.apns.key
  platform_principal       = var.apns.key_id
  apple_platform_team_id   = var.apns.team_id
  apple_platform_bundle_id = var.apns.bundle_id
}

# -- SES -----------------------------------------------------------------------------------
resource "aws_sesv2_configuration_set" "this" {
  count = local.ses_enabled ? 1 : 0

  configuration_set_name = "${var.name_prefix}-mail"

  delivery_options {
    tls_policy = "REQUIRE"
  }

  reputation_options {
    reputation_metrics_enabled = true
  }

  sending_options {
    sending_enabled = true
  }

  suppression_options {
    suppressed_reasons = ["BOUNCE", "COMPLAINT"]
  }

  tags = var.tags
}

resource "aws_sesv2_email_identity" "this" {
  count = local.ses_enabled ? 1 : 0

  email_identity         = var.ses_identity
  configuration_set_name = aws_sesv2_configuration_set.this[0].configuration_set_name
  tags                   = var.tags
}

# The identity's Easy DKIM tokens. SES v1's VerifyDomainDkim returns the tokens the v2 identity
# already has (it creates nothing; deleting it is a no-op), and as a plain list attribute they can
# be planned, and mocked in tests/infra/terraform, where v2's computed dkim_signing_attributes
# block cannot.
resource "aws_ses_domain_dkim" "this" {
  count  = local.ses_is_domain ? 1 : 0
  domain = aws_sesv2_email_identity.this[0].email_identity
}

resource "aws_route53_record" "dkim" {
  count = local.ses_is_domain && var.ses_hosted_zone_id != "" ? 3 : 0

  zone_id = var.ses_hosted_zone_id
  name    = "${aws_ses_domain_dkim.this[0].dkim_tokens[count.index]}._domainkey.${var.ses_identity}"
  type    = "CNAME"
  ttl     = 600
  records = ["${aws_ses_domain_dkim.this[0].dkim_tokens[count.index]}.dkim.amazonses.com"]
}
