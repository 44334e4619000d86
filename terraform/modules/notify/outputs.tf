output "event_bus_name" {
  description = "EventBridge bus the backend puts chat events on (EVENT_BUS_NAME)."
  value       = aws_cloudwatch_event_bus.this.name
}

output "event_bus_arn" {
  description = "EventBridge bus ARN (for IAM events:PutEvents)."
  value       = aws_cloudwatch_event_bus.this.arn
}

output "push_topic_arn" {
  description = "SNS topic for push fan-out (PUSH_TOPIC_ARN)."
  value       = aws_sns_topic.push.arn
}

output "platform_application_arns" {
  description = "SNS platform applications by platform (only those configured)."
  value = merge(
    local.fcm_enabled ? { fcm = aws_sns_platform_application.fcm[0].arn } : {},
    local.apns_enabled ? { apns = aws_sns_platform_application.apns[0].arn } : {},
  )
}

output "ses_identity_arn" {
  description = "SES identity ARN (empty when SES is off)."
  value       = local.ses_enabled ? aws_sesv2_email_identity.this[0].arn : ""
}

output "ses_from_address" {
  description = "Sender address on this identity: the address itself, or no-reply@<domain> (empty when SES is off)."
  value       = !local.ses_enabled ? "" : (local.ses_is_domain ? "no-reply@${var.ses_identity}" : var.ses_identity)
}

output "ses_configuration_set" {
  description = "SES configuration set name (empty when SES is off)."
  value       = local.ses_enabled ? aws_sesv2_configuration_set.this[0].configuration_set_name : ""
}

output "dkim_records" {
  description = "The SES domain's DKIM CNAME records created in ses_hosted_zone_id (name => target)."
  value       = { for r in aws_route53_record.dkim : r.name => one(r.records) }
}
