# Cloud Chat, prod. The whole stage is terraform/modules/stack; this root says what makes it prod
# (the literals below) and passes on what the operator supplies (variables.tf). Settings not named
# here keep the stack's defaults; to change one for prod, add it here.
locals {
  stage = "prod"
  tags  = { Project = "cloud-chat", Stage = local.stage, ManagedBy = "terraform" }
}

module "stack" {
  source    = "../../modules/stack"
  providers = { aws = aws, aws.us_east_1 = aws.us_east_1 }

  stage = local.stage

  # prod: deletion-protected tables and user pool, buckets kept on destroy, longer key
  # deletion window and retention, Cognito threat protection on the Plus plan. It stays in AUDIT
  # (risk scored and logged, nothing blocked) until the web client answers Cognito's challenges:
  # ENFORCED may answer a risky sign-in with an MFA challenge, which web/src/api/auth.ts rejects
  # (ChallengeNotSupportedError), so users would be locked out.
  deletion_protection            = true
  force_destroy_buckets          = false
  kms_deletion_window_days       = 30
  cognito_user_pool_tier         = "PLUS"
  cognito_advanced_security_mode = "AUDIT"
  message_retention_days         = 90
  log_retention_days             = 90
  extra_web_origins              = var.extra_web_origins
  api_execution_logging_level    = "ERROR" # failures only: INFO logs every request at ~$0.50/GB

  # Supplied per deployment (variables.tf).
  package_path               = var.package_path
  region                     = var.region
  us_east_1_logs_kms_key_arn = var.us_east_1_logs_kms_key_arn
  google_oauth               = var.google_oauth
  facebook_oauth             = var.facebook_oauth
  github_oauth               = var.github_oauth
  domain_name                = var.domain_name
  hosted_zone_id             = var.hosted_zone_id
  ses_identity               = var.ses_identity
  ses_hosted_zone_id         = var.ses_hosted_zone_id
  alarm_emails               = var.alarm_emails
  live_versions              = var.live_versions
}
