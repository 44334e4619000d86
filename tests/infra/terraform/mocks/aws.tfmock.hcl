# Mock AWS answers shaped like real ones (12-digit account, partition-valid ARNs, JSON policies),
# so that the provider's own validation and the modules' variable validations run as they would
# against AWS. Computed attributes not listed here get random strings from Terraform.

mock_data "aws_caller_identity" {
  defaults = {
    account_id = "123456789012"
    arn        = "arn:aws:iam::123456789012:role/ci-deploy"
    user_id    = "AROAEXAMPLE:ci"
  }
}

mock_data "aws_partition" {
  defaults = {
    partition          = "aws"
    dns_suffix         = "amazonaws.com"
    reverse_dns_prefix = "com.amazonaws"
  }
}

mock_data "aws_region" {
  defaults = {
    name        = "us-east-1"
    endpoint    = "ec2.us-east-1.amazonaws.com"
    description = "US East (N. Virginia)"
  }
}

mock_data "aws_availability_zones" {
  defaults = {
    names    = ["us-east-1a", "us-east-1b", "us-east-1c"]
    zone_ids = ["use1-az1", "use1-az2", "use1-az4"]
  }
}

mock_data "aws_iam_policy_document" {
  defaults = {
    json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}"
  }
}

mock_data "aws_cloudfront_cache_policy" {
  defaults = {
    id = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
  }
}

mock_data "aws_cloudfront_origin_request_policy" {
  defaults = {
    id = "b689b0a8-53d0-40ab-baf2-68738e2966ac"
  }
}

mock_data "aws_secretsmanager_random_password" {
  defaults = {
    random_password = "mock-random-password-0123456789abcdef"
  }
}

# What a secret holds after the first apply: the generated value above.
mock_data "aws_secretsmanager_secret_version" {
  defaults = {
    secret_string = "mock-random-password-0123456789abcdef"
  }
}

mock_resource "aws_kms_key" {
  defaults = {
    arn    = "arn:aws:kms:us-east-1:123456789012:key/0a1b2c3d-4e5f-6789-abcd-ef0123456789"
    key_id = "0a1b2c3d-4e5f-6789-abcd-ef0123456789"
  }
}

mock_resource "aws_s3_bucket" {
  defaults = {
    arn                         = "arn:aws:s3:::cloudchat-mock-bucket"
    bucket_domain_name          = "cloudchat-mock-bucket.s3.amazonaws.com"
    bucket_regional_domain_name = "cloudchat-mock-bucket.s3.us-east-1.amazonaws.com"
  }
}

mock_resource "aws_iam_role" {
  defaults = {
    arn = "arn:aws:iam::123456789012:role/cloudchat-mock"
  }
}

mock_resource "aws_cloudwatch_log_group" {
  defaults = {
    arn = "arn:aws:logs:us-east-1:123456789012:log-group:/cloudchat/mock"
  }
}

mock_resource "aws_sns_topic" {
  defaults = {
    arn = "arn:aws:sns:us-east-1:123456789012:cloudchat-mock"
  }
}

mock_resource "aws_lambda_function" {
  defaults = {
    arn           = "arn:aws:lambda:us-east-1:123456789012:function:cloudchat-mock"
    invoke_arn    = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:cloudchat-mock/invocations"
    qualified_arn = "arn:aws:lambda:us-east-1:123456789012:function:cloudchat-mock:1"
    version       = "1"
  }
}

mock_resource "aws_lambda_alias" {
  defaults = {
    arn        = "arn:aws:lambda:us-east-1:123456789012:function:cloudchat-mock:live"
    invoke_arn = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:cloudchat-mock:live/invocations"
  }
}

mock_resource "aws_cloudwatch_event_rule" {
  defaults = {
    arn = "arn:aws:events:us-east-1:123456789012:rule/cloudchat-mock"
  }
}

mock_resource "aws_api_gateway_rest_api" {
  defaults = {
    id               = "a1b2c3d4e5"
    root_resource_id = "r00t000000"
    arn              = "arn:aws:apigateway:us-east-1::/restapis/a1b2c3d4e5"
    execution_arn    = "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5"
  }
}

mock_resource "aws_api_gateway_stage" {
  defaults = {
    arn           = "arn:aws:apigateway:us-east-1::/restapis/a1b2c3d4e5/stages/api"
    execution_arn = "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/api"
    invoke_url    = "https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/api"
  }
}

mock_resource "aws_apigatewayv2_api" {
  defaults = {
    id            = "w1s2k3t4a5"
    arn           = "arn:aws:apigateway:us-east-1::/apis/w1s2k3t4a5"
    execution_arn = "arn:aws:execute-api:us-east-1:123456789012:w1s2k3t4a5"
    api_endpoint  = "wss://w1s2k3t4a5.execute-api.us-east-1.amazonaws.com"
  }
}

mock_resource "aws_apigatewayv2_stage" {
  defaults = {
    arn           = "arn:aws:apigateway:us-east-1::/apis/w1s2k3t4a5/stages/api"
    execution_arn = "arn:aws:execute-api:us-east-1:123456789012:w1s2k3t4a5/api"
    invoke_url    = "wss://w1s2k3t4a5.execute-api.us-east-1.amazonaws.com/api"
  }
}

mock_resource "aws_cognito_user_pool" {
  defaults = {
    id       = "us-east-1_AbCdEfGhI"
    arn      = "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_AbCdEfGhI"
    endpoint = "cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEfGhI"
  }
}

mock_resource "aws_wafv2_web_acl" {
  defaults = {
    arn = "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/cloudchat-mock/0a1b2c3d-0000-1111-2222-333344445555"
  }
}

mock_resource "aws_secretsmanager_secret" {
  defaults = {
    arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:cloudchat-mock-AbCdEf"
  }
}

mock_resource "aws_cloudfront_distribution" {
  defaults = {
    arn            = "arn:aws:cloudfront::123456789012:distribution/E1A2B3C4D5E6F7"
    domain_name    = "d1a2b3c4d5e6f7.cloudfront.net"
    hosted_zone_id = "Z2FDTNDATAQYW2"
  }
}

mock_resource "aws_acm_certificate" {
  defaults = {
    arn = "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789"
    domain_validation_options = [{
      domain_name           = "chat.example.com"
      resource_record_name  = "_0123456789abcdef.chat.example.com."
      resource_record_type  = "CNAME"
      resource_record_value = "_fedcba9876543210.acm-validations.aws."
    }]
  }
}

mock_resource "aws_acm_certificate_validation" {
  defaults = {
    certificate_arn = "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789"
  }
}

mock_resource "aws_cloudwatch_event_bus" {
  defaults = {
    arn = "arn:aws:events:us-east-1:123456789012:event-bus/cloudchat-mock"
  }
}

mock_resource "aws_sesv2_email_identity" {
  defaults = {
    arn = "arn:aws:ses:us-east-1:123456789012:identity/chat.example.com"
  }
}

mock_resource "aws_dynamodb_table" {
  defaults = {
    arn        = "arn:aws:dynamodb:us-east-1:123456789012:table/cloudchat-mock"
    stream_arn = "arn:aws:dynamodb:us-east-1:123456789012:table/cloudchat-mock/stream/2026-01-01T00:00:00.000"
  }
}

# Easy DKIM always hands out three tokens.
mock_resource "aws_ses_domain_dkim" {
  defaults = {
    dkim_tokens = ["4q7hx2kdr5xqbbn3ymnzk3grwg4vsaaa", "uzz5fqbafrpg6kyhkxdc7h2qmoxxzbbb", "m3xg4rvyrwhz6dlzp5kkm2mxqgrz3ccc"]
  }
}
