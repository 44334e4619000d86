# Cloud Chat, dev. The whole stage is terraform/modules/stack; this root says what makes it dev
# (the literals below) and passes on what the operator supplies (variables.tf). Settings not named
# here keep the stack's defaults; to change one for dev, add it here.
locals {
  stage = "dev"
  tags  = { Project = "cloud-chat", Stage = local.stage, ManagedBy = "terraform" }
}

module "stack" {
  source    = "../../modules/stack"
  providers = { aws = aws, aws.us_east_1 = aws.us_east_1 }

  stage = local.stage

  # dev: disposable (no deletion protection, buckets emptied on destroy, short key deletion
  # window and retention), Cognito on the Essentials plan without threat protection (that needs
  # Plus), the Vite dev server as an origin.
  deletion_protection            = false
  force_destroy_buckets          = true
  kms_deletion_window_days       = 7
  cognito_user_pool_tier         = "ESSENTIALS"
  cognito_advanced_security_mode = "OFF"
  message_retention_days         = 30
  log_retention_days             = 14
  extra_web_origins              = concat(["http://localhost:5173"], var.extra_web_origins)
  api_execution_logging_level    = "INFO" # every request, to debug

  # Supplied per deployment (variables.tf).
  package_path               = var.package_path
  region                     = var.region
  us_east_1_logs_kms_key_arn = var.us_east_1_logs_kms_key_arn
  google_oauth               = var.google_oauth
  facebook_oauth             = var.facebook_oauth
  github_oauth               = var.github_oauth
  alarm_emails               = var.alarm_emails
  live_versions              = var.live_versions
}
