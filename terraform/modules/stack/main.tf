# Cloud Chat, one stage: every module wired together. terraform/envs/<stage> call this once with
# the stage's values; the providers (aws and aws.us_east_1, with the default tags) come from there.
data "aws_caller_identity" "current" {}

locals {
  name_prefix           = "cloudchat-${var.stage}"
  table_prefix          = "cloudchat-${var.stage}-"
  account_id            = data.aws_caller_identity.current.account_id
  cognito_domain_prefix = var.cognito_domain_prefix != "" ? var.cognito_domain_prefix : "${local.name_prefix}-${local.account_id}"
  web_origins           = concat([module.web.url], var.extra_web_origins)
}

module "keys" {
  source = "../keys"

  name_prefix             = local.name_prefix
  deletion_window_in_days = var.kms_deletion_window_days
  key_administrator_arns  = var.kms_administrator_arns
}

module "data" {
  source = "../data"

  table_prefix        = local.table_prefix
  kms_key_arn         = module.keys.data_key_arn
  deletion_protection = var.deletion_protection
}

module "auth" {
  source = "../auth"

  name_prefix              = local.name_prefix
  domain_prefix            = local.cognito_domain_prefix
  mfa_configuration        = var.mfa_configuration
  callback_urls            = [for o in local.web_origins : "${o}/"]
  logout_urls              = [for o in local.web_origins : "${o}/"]
  allow_user_password_auth = true
  deletion_protection      = var.deletion_protection
  google                   = var.google_oauth
  facebook                 = var.facebook_oauth
  github                   = var.github_oauth

  feature_plan = {
    tier                   = var.cognito_user_pool_tier
    advanced_security_mode = var.cognito_advanced_security_mode
  }
  # Cognito's verification and reset mails go through the stage's SES identity when it has one.
  email = var.ses_identity == "" ? null : {
    ses_identity_arn  = module.notify.ses_identity_arn
    from_address      = "Cloud Chat <${module.notify.ses_from_address}>"
    configuration_set = module.notify.ses_configuration_set
  }
}

module "observability" {
  source = "../observability"

  name_prefix          = local.name_prefix
  kms_key_arn          = module.keys.logs_key_arn
  alarm_emails         = var.alarm_emails
  function_names       = module.backend.function_names
  rest_api_name        = module.backend.rest_api_name
  rest_stage_name      = module.backend.rest_stage_name
  websocket_api_id     = module.backend.websocket_api_id
  websocket_stage_name = module.backend.websocket_stage_name
  table_names          = module.data.table_names
  force_destroy        = var.force_destroy_buckets

  authorizer_function_name = module.backend.function_names["cognito"]
  log_retention_days       = var.log_retention_days
}

module "media" {
  source = "../media"

  name_prefix          = local.name_prefix
  kms_key_arn          = module.keys.storage_key_arn
  cors_allowed_origins = local.web_origins
  retention_days       = var.message_retention_days
  access_log_bucket    = module.observability.access_log_bucket
  force_destroy        = var.force_destroy_buckets
}

module "waf" {
  source    = "../waf"
  providers = { aws = aws, aws.us_east_1 = aws.us_east_1 }

  name_prefix              = local.name_prefix
  rest_stage_arn           = module.backend.rest_stage_arn
  rate_limit_per_5_minutes = var.waf_rate_limit
  log_retention_days       = var.log_retention_days
  secret_kms_key_arn       = module.keys.data_key_arn
  regional_log_kms_key_arn = module.keys.logs_key_arn
  # The log group of a CLOUDFRONT ACL lives in us-east-1; the logs key must be in that region.
  cloudfront_log_kms_key_arn = var.region == "us-east-1" ? module.keys.logs_key_arn : var.us_east_1_logs_kms_key_arn
}

module "web" {
  source    = "../web"
  providers = { aws = aws, aws.us_east_1 = aws.us_east_1 }

  name_prefix              = local.name_prefix
  kms_key_arn              = module.keys.storage_key_arn
  rest_api_domain          = module.backend.rest_api_domain
  websocket_origin         = regex("^wss://[^/]+", module.backend.websocket_url) # origin only: the URL ends in /<stage>
  extra_connect_src        = ["https://cognito-idp.${var.region}.amazonaws.com", "https://${module.media.bucket_name}.s3.${var.region}.amazonaws.com"]
  web_acl_arn              = module.waf.cloudfront_web_acl_arn
  origin_verify_header     = module.waf.origin_verify_header
  access_log_bucket        = module.observability.access_log_bucket
  access_log_bucket_domain = module.observability.access_log_bucket_domain
  domain_name              = var.domain_name
  hosted_zone_id           = var.hosted_zone_id
  force_destroy            = var.force_destroy_buckets
}

module "cache" {
  source = "../cache"
  count  = var.redis_enabled ? 1 : 0

  name_prefix         = local.name_prefix
  nat_gateway_mode    = var.redis_nat_gateway_mode
  interface_endpoints = var.redis_interface_endpoints
  node_type           = var.redis_node_type
  kms_key_arn         = module.keys.data_key_arn
  logs_kms_key_arn    = module.keys.logs_key_arn
  log_retention_days  = var.log_retention_days
}

module "notify" {
  source = "../notify"

  name_prefix  = local.name_prefix
  kms_key_arn  = module.keys.logs_key_arn
  ses_identity = var.ses_identity

  ses_hosted_zone_id = var.ses_hosted_zone_id
}

module "backend" {
  source = "../backend"

  stage               = var.stage
  package_path        = var.package_path != "" ? var.package_path : "${path.root}/../../../build/chalice/deployment.zip"
  table_prefix        = module.data.table_prefix
  table_arns          = module.data.table_arns
  index_arns          = module.data.index_arns
  messages_stream_arn = module.data.messages_stream_arn
  public_rest_url     = module.web.api_url
  allowed_origins     = local.web_origins
  cognito = {
    user_pool_id = module.auth.user_pool_id
    client_id    = module.auth.client_id
    issuer       = module.auth.issuer
    jwks_url     = module.auth.jwks_url
    endpoint     = module.auth.cognito_endpoint
  }
  fanout_workers          = var.fanout_workers
  message_retention_days  = var.message_retention_days
  features                = var.features
  feature_flags_ssm_path  = var.feature_flags_ssm_path
  feature_flag_parameters = var.feature_flag_parameters
  caps                    = var.caps
  kms_key_arns = {
    data    = module.keys.data_key_arn
    storage = module.keys.storage_key_arn
    logs    = module.keys.logs_key_arn
    content = module.keys.content_key_arn
  }
  # With the cache on, the functions join its VPC and the rate limits run on it.
  vpc = var.redis_enabled ? {
    subnet_ids         = module.cache[0].lambda_subnet_ids
    security_group_ids = [module.cache[0].lambda_security_group_id]
  } : null
  redis = var.redis_enabled ? {
    url             = module.cache[0].url
    auth_secret_arn = module.cache[0].auth_secret_arn
  } : null
  rate_limits             = var.rate_limits
  access_log_bucket       = module.observability.access_log_bucket
  memory_mb               = var.lambda_memory_mb
  log_retention_days      = var.log_retention_days
  execution_logging_level = var.api_execution_logging_level
  live_versions           = var.live_versions
}
