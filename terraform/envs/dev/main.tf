# Cloud Chat, dev. The whole stage is terraform/modules/stack; this root only says what makes
# it dev. Any setting can still be overridden per deployment (variables.tf): a value given there
# wins over the one below, and settings not named below fall back to the stack's defaults.
locals {
  stage = coalesce(var.stage, "dev")
  tags  = merge({ Project = "cloud-chat", Stage = local.stage, ManagedBy = "terraform" }, var.extra_tags)
}

module "stack" {
  source    = "../../modules/stack"
  providers = { aws = aws, aws.us_east_1 = aws.us_east_1 }

  stage  = local.stage
  region = var.region

  # dev: disposable (no deletion protection, buckets emptied on destroy, short retention),
  # threat protection in audit mode, and the Vite dev server allowed as an origin.
  deletion_protection            = coalesce(var.deletion_protection, false)
  force_destroy_buckets          = coalesce(var.force_destroy_buckets, true)
  kms_deletion_window_days       = coalesce(var.kms_deletion_window_days, 7)
  cognito_advanced_security_mode = coalesce(var.cognito_advanced_security_mode, "AUDIT")
  extra_web_origins              = coalesce(var.extra_web_origins, ["http://localhost:5173"])
  message_retention_days         = coalesce(var.message_retention_days, 30)
  log_retention_days             = coalesce(var.log_retention_days, 14)

  # The rest: null (not overridden) means the stack's default.
  package_path               = var.package_path
  kms_administrator_arns     = var.kms_administrator_arns
  mfa_configuration          = var.mfa_configuration
  cognito_domain_prefix      = var.cognito_domain_prefix
  google_oauth               = var.google_oauth
  facebook_oauth             = var.facebook_oauth
  github_oauth               = var.github_oauth
  domain_name                = var.domain_name
  hosted_zone_id             = var.hosted_zone_id
  waf_rate_limit             = var.waf_rate_limit
  us_east_1_logs_kms_key_arn = var.us_east_1_logs_kms_key_arn
  redis_enabled              = var.redis_enabled
  redis_nat_gateway_mode     = var.redis_nat_gateway_mode
  redis_interface_endpoints  = var.redis_interface_endpoints
  redis_node_type            = var.redis_node_type
  ses_identity               = var.ses_identity
  alarm_emails               = var.alarm_emails
  fanout_workers             = var.fanout_workers
  membership_cache_seconds   = var.membership_cache_seconds
  lambda_memory_mb           = var.lambda_memory_mb
  manage_api_gateway_account = var.manage_api_gateway_account
}
