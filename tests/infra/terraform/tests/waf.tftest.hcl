# modules/waf applied on its own: the edge ACL's rules, the origin-verify ACL, its association and
# the BLOCK/COUNT-only logging.
mock_provider "aws" {
  source = "./mocks"
}

mock_provider "aws" {
  alias  = "us_east_1"
  source = "./mocks"
}

variables {
  name_prefix                = "cloudchat-dev"
  rest_stage_arn             = "arn:aws:apigateway:us-east-1::/restapis/a1b2c3d4e5/stages/api"
  log_retention_days         = 14
  cloudfront_log_kms_key_arn = "arn:aws:kms:us-east-1:123456789012:key/0a1b2c3d-4e5f-6789-abcd-ef0123456789"
  regional_log_kms_key_arn   = "arn:aws:kms:us-east-1:123456789012:key/0a1b2c3d-4e5f-6789-abcd-ef0123456789"
  secret_kms_key_arn         = "arn:aws:kms:us-east-1:123456789012:key/0a1b2c3d-4e5f-6789-abcd-ef0123456789"
}

run "acls" {
  module {
    source = "../../../terraform/modules/waf"
  }

  assert {
    condition     = aws_wafv2_web_acl_association.rest_stage.resource_arn == var.rest_stage_arn && aws_wafv2_web_acl_association.rest_stage.web_acl_arn == aws_wafv2_web_acl.regional.arn
    error_message = "the regional ACL is associated with the REST stage"
  }

  assert {
    condition     = length(aws_wafv2_web_acl.regional.rule) == 1 && length(one(aws_wafv2_web_acl.regional.default_action).block) == 1
    error_message = "the regional ACL is one rule and blocks by default"
  }

  assert {
    condition = nonsensitive(one(one(one(aws_wafv2_web_acl.regional.rule).statement).byte_match_statement).search_string) == "mock-random-password-0123456789abcdef" && (
      one(one(one(one(one(aws_wafv2_web_acl.regional.rule).statement).byte_match_statement).field_to_match).single_header).name == nonsensitive(output.origin_verify_header.name)
    ) && nonsensitive(output.origin_verify_header.value) == "mock-random-password-0123456789abcdef"
    error_message = "the regional rule matches exactly the header and value CloudFront is given"
  }

  assert {
    condition     = aws_secretsmanager_secret.origin_verify.kms_key_id == var.secret_kms_key_arn
    error_message = "the origin-verify secret is KMS-encrypted"
  }

  assert {
    condition     = toset([for rule in aws_wafv2_web_acl.cloudfront.rule : rule.name]) == toset(["AWSManagedRulesCommonRuleSet", "BodyRulesOutsideMessages", "AWSManagedRulesKnownBadInputsRuleSet", "AWSManagedRulesAmazonIpReputationList", "RatePerIp"])
    error_message = "the CloudFront ACL keeps the managed groups and the rate limit"
  }

  assert {
    condition = toset(flatten([
      for rule in aws_wafv2_web_acl.cloudfront.rule : [
        for override in one(one(rule.statement).managed_rule_group_statement).rule_action_override : override.name
        if length(one(override.action_to_use).count) == 1
      ] if rule.name == "AWSManagedRulesCommonRuleSet"
    ])) == toset(["CrossSiteScripting_BODY", "GenericLFI_BODY"])
    error_message = "the common rule set only counts the XSS and LFI body rules"
  }

  assert {
    condition = one(flatten([
      for rule in aws_wafv2_web_acl.cloudfront.rule : [
        for part in one(one(rule.statement).and_statement).statement :
        one(one(one(part.not_statement).statement).regex_match_statement).regex_string
        if length(part.not_statement) > 0
      ] if rule.name == "BodyRulesOutsideMessages" && length(flatten(rule.action[*].block)) == 1
    ])) == "^/api/rooms/[^/]+/messages$"
    error_message = "the body-rule labels block everywhere but the messages route"
  }

  assert {
    condition = toset(flatten([
      for rule in aws_wafv2_web_acl.cloudfront.rule : [
        for part in one(one(rule.statement).and_statement).statement : [
          for label in one(part.or_statement).statement : one(label.label_match_statement).key
        ] if length(part.or_statement) > 0
      ] if rule.name == "BodyRulesOutsideMessages"
    ])) == toset(["awswaf:managed:aws:core-rule-set:CrossSiteScripting_Body", "awswaf:managed:aws:core-rule-set:GenericLFI_Body"])
    error_message = "the block rule reads the labels of the two counted body rules"
  }

  assert {
    condition = alltrue([
      for config in [aws_wafv2_web_acl_logging_configuration.cloudfront, aws_wafv2_web_acl_logging_configuration.regional] :
      one(config.logging_filter).default_behavior == "DROP" &&
      toset([for condition in one(one(config.logging_filter).filter).condition : one(condition.action_condition).action]) == toset(["BLOCK", "COUNT"])
    ])
    error_message = "WAF logs keep only BLOCK and COUNT"
  }

  assert {
    condition     = aws_cloudwatch_log_group.cloudfront.retention_in_days == 14 && aws_cloudwatch_log_group.regional.retention_in_days == 14
    error_message = "WAF logs keep the stage's retention"
  }
}
