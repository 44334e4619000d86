# Re-exported by terraform/envs/<stage>/outputs.tf (scripts read them via `terraform output -json`).
output "stage" {
  description = "Deployment stage."
  value       = var.stage
}

output "region" {
  description = "AWS region."
  value       = var.region
}

output "web_url" {
  description = "Open this in a browser."
  value       = module.web.url
}

output "web_bucket" {
  description = "Bucket the built web client is synced to."
  value       = module.web.bucket_name
}

output "cloudfront_distribution_id" {
  description = "Distribution to invalidate after a web upload."
  value       = module.web.distribution_id
}

output "rest_api_url" {
  description = "REST API via CloudFront (PUBLIC_REST_URL)."
  value       = module.web.api_url
}

output "content_security_policy" {
  description = "The CSP CloudFront sends with the web client and /api."
  value       = module.web.content_security_policy
}

output "websocket_url" {
  description = "WebSocket URL (PUBLIC_WS_URL)."
  value       = module.backend.websocket_url
}

output "environment_variables" {
  description = "Every environment variable the functions get: the source of .chalice/config.json's stage block."
  value       = module.backend.environment
}

output "function_names" {
  description = "Lambda functions by role."
  value       = module.backend.function_names
}

output "function_versions" {
  description = "Version the live alias serves per function (`make rollback` steps back from it)."
  value       = module.backend.function_versions
}

output "live_alias_name" {
  description = "Alias `make rollback` moves."
  value       = module.backend.live_alias_name
}

output "rest_api_id" {
  description = "REST API id."
  value       = module.backend.rest_api_id
}

output "websocket_api_id" {
  description = "WebSocket API id."
  value       = module.backend.websocket_api_id
}

output "app_role_arn" {
  description = "Execution role of the app functions (Chalice iam_role_arn)."
  value       = module.backend.app_role_arn
}

output "user_pool_id" {
  description = "Cognito user pool."
  value       = module.auth.user_pool_id
}

output "client_id" {
  description = "Cognito app client."
  value       = module.auth.client_id
}

output "hosted_ui" {
  description = "Cognito hosted UI."
  value       = module.auth.hosted_ui_domain
}

output "alarm_topic_arn" {
  description = "Alarm notifications."
  value       = module.observability.alarm_topic_arn
}

output "dashboard" {
  description = "CloudWatch dashboard name."
  value       = module.observability.dashboard_name
}

output "redis_enabled" {
  description = "Whether the Redis/Valkey cache (and its VPC/NAT) exists."
  value       = var.redis_enabled
}

output "cognito_feature_plan" {
  description = "Cognito tier and threat-protection mode."
  value       = module.auth.feature_plan
}

output "cognito_email" {
  description = "Cognito's mail through SES (identity, sender), or null: Cognito's default sender, 50 mails a day."
  value       = module.auth.email_configuration
}

output "ses_dkim_records" {
  description = "DKIM CNAME records published for the SES domain (empty: none, publish them yourself)."
  value       = module.notify.dkim_records
}
