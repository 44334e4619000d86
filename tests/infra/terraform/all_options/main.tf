# A stage with every optional part turned on, in a region other than us-east-1: Redis (per-AZ NAT
# and interface endpoints), a custom domain with its ACM certificate, an SES identity, all three
# social providers and alarm e-mail. Only tests/stacks.tftest.hcl applies it (mock provider); it
# shows what terraform/envs/* accept, with the secrets an operator would pass as TF_VAR_*.
terraform {
  required_version = ">= 1.5.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.100.0, < 6.0.0"
    }
  }
}

provider "aws" {
  region = "eu-west-1"
}

provider "aws" {
  alias  = "us_east_1"
  region = "us-east-1"
}

module "stack" {
  source    = "../../../../terraform/modules/stack"
  providers = { aws = aws, aws.us_east_1 = aws.us_east_1 }

  stage                      = "full"
  region                     = "eu-west-1"
  us_east_1_logs_kms_key_arn = "arn:aws:kms:us-east-1:123456789012:key/9f8e7d6c-5b4a-3210-fedc-ba9876543210"

  deletion_protection            = true
  force_destroy_buckets          = false
  kms_deletion_window_days       = 30
  cognito_user_pool_tier         = "PLUS"
  cognito_advanced_security_mode = "AUDIT"
  message_retention_days         = 90
  log_retention_days             = 90
  extra_web_origins              = ["https://admin.example.com"]

  features                = { reactions = false, voice = true, max_file_size_bytes = 26214400 }
  feature_flags_ssm_path  = "/cloud-chat/full/features"
  feature_flag_parameters = { FEATURE_PUSH = "true" }

  redis_enabled             = true
  redis_nat_gateway_mode    = "per_az"
  redis_interface_endpoints = ["secretsmanager", "logs"]

  domain_name    = "chat.example.com"
  hosted_zone_id = "Z0123456789ABCDEFGHIJ"
  ses_identity   = "chat.example.com"

  ses_hosted_zone_id = "Z0123456789ABCDEFGHIJ"
  alarm_emails       = ["oncall@example.com"]

  google_oauth   = { client_id = "1234-abc.apps.googleusercontent.com", client_secret = "google-secret" }
  facebook_oauth = { client_id = "123456789012345", client_secret = "facebook-secret" }
  github_oauth   = { client_id = "Iv1.0123456789abcdef", client_secret = "github-secret", oidc_issuer = "https://github-oidc.example.com" }
}

output "stack" {
  value     = module.stack
  sensitive = true
}
