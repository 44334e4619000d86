# Two web ACLs with different jobs:
#   cloudfront  (us-east-1, on the distribution): AWS managed rules and a per-IP rate limit, where
#               the viewer's own IP is seen;
#   regional    (on the REST stage): one rule, "the request came through CloudFront". CloudFront's
#               /api/* origin adds a secret header; anything without it (a direct call to
#               execute-api) is blocked. Managed rules and rate limits here would run twice and
#               see only CloudFront's edge IPs.
locals {
  origin_verify_header = "x-origin-verify" # WAF matches header names in lower case
  # Chat messages may legitimately contain code or HTML: the body XSS/LFI rules of the common
  # rule set only count there (POST /api/rooms/<id>/messages) and block everywhere else.
  body_rules_exempt_path = "^/api/rooms/[^/]+/messages$"
  body_rule_labels = {
    CrossSiteScripting_BODY = "awswaf:managed:aws:core-rule-set:CrossSiteScripting_Body"
    GenericLFI_BODY         = "awswaf:managed:aws:core-rule-set:GenericLFI_Body"
  }
  managed_rule_groups = {
    AWSManagedRulesCommonRuleSet          = { priority = 10, count_rules = keys(local.body_rule_labels) }
    AWSManagedRulesKnownBadInputsRuleSet  = { priority = 30, count_rules = [] }
    AWSManagedRulesAmazonIpReputationList = { priority = 40, count_rules = [] }
  }
  blocked_body   = "{\"error\":{\"code\":\"%s\",\"message\":\"%s\"}}" # the API's error format
  logged_actions = ["BLOCK", "COUNT"]                                 # ALLOW is the bulk and says nothing
}

# -- the origin-verify secret ----------------------------------------------------------------
# Secrets Manager holds the value; Terraform reads its AWSCURRENT version and writes it into
# CloudFront's origin header and the regional rule in the same apply. Rotation: put a new value
# (docs/deploy.md), then apply. Only the first generated value is ever written by Terraform.
data "aws_secretsmanager_random_password" "origin_verify" {
  password_length     = 48
  exclude_punctuation = true
  include_space       = false
}

resource "aws_secretsmanager_secret" "origin_verify" {
  #checkov:skip=CKV2_AWS_57:A rotation Lambda would change the value behind CloudFront and the ACL; rotation is put-secret-value + terraform apply, which updates both together (docs/deploy.md).
  name        = "${var.name_prefix}/origin-verify"
  description = "Value of the ${local.origin_verify_header} header CloudFront sends to the REST API; the regional WAF blocks requests without it"
  kms_key_id  = var.secret_kms_key_arn
  # Nothing to recover: a re-created stack writes a fresh value everywhere, and a recovery window
  # would reserve the name and fail that re-creation.
  recovery_window_in_days = 0
  tags                    = var.tags
}

resource "aws_secretsmanager_secret_version" "initial" {
  secret_id     = aws_secretsmanager_secret.origin_verify.id
  secret_string = data.aws_secretsmanager_random_password.origin_verify.random_password

  lifecycle {
    # The data source returns a new value on every plan; later values come from rotation.
    ignore_changes = [secret_string]
  }
}

data "aws_secretsmanager_secret_version" "origin_verify" {
  secret_id = aws_secretsmanager_secret_version.initial.secret_id
}

# -- CloudFront ACL ----------------------------------------------------------------------------
resource "aws_wafv2_web_acl" "cloudfront" {
  #checkov:skip=CKV_AWS_192:AWSManagedRulesKnownBadInputsRuleSet (Log4j) is in local.managed_rule_groups, expanded by a dynamic block checkov does not follow; tests/infra/test_infra_waf.py asserts it.
  provider    = aws.us_east_1
  name        = "${var.name_prefix}-cloudfront"
  description = "Cloud Chat edge: AWS managed common/known-bad-inputs/IP-reputation rules and a per-IP rate limit"
  scope       = "CLOUDFRONT"

  default_action {
    allow {}
  }

  custom_response_body {
    key          = "blocked"
    content_type = "APPLICATION_JSON"
    content      = format(local.blocked_body, "request_blocked", "The request was blocked by the web application firewall")
  }

  custom_response_body {
    key          = "throttled"
    content_type = "APPLICATION_JSON"
    content      = format(local.blocked_body, "throttled", "Too many requests from this address; retry in a few minutes")
  }

  dynamic "rule" {
    for_each = local.managed_rule_groups
    content {
      name     = rule.key
      priority = rule.value.priority

      override_action {
        none {}
      }

      statement {
        managed_rule_group_statement {
          name        = rule.key
          vendor_name = "AWS"

          dynamic "rule_action_override" {
            for_each = rule.value.count_rules
            content {
              name = rule_action_override.value
              action_to_use {
                count {}
              }
            }
          }
        }
      }

      visibility_config {
        cloudwatch_metrics_enabled = true
        metric_name                = "${var.name_prefix}-cloudfront-${rule.key}"
        sampled_requests_enabled   = true
      }
    }
  }

  # Runs after the common rule set, whose labels it reads: the counted body rules block on every
  # path except the messages route.
  rule {
    name     = "BodyRulesOutsideMessages"
    priority = 20

    action {
      block {
        custom_response {
          response_code            = 403
          custom_response_body_key = "blocked"
        }
      }
    }

    statement {
      and_statement {
        statement {
          or_statement {
            dynamic "statement" {
              for_each = local.body_rule_labels
              content {
                label_match_statement {
                  scope = "LABEL"
                  key   = statement.value
                }
              }
            }
          }
        }
        statement {
          not_statement {
            statement {
              regex_match_statement {
                regex_string = local.body_rules_exempt_path
                field_to_match {
                  uri_path {}
                }
                text_transformation {
                  priority = 0
                  type     = "NONE"
                }
              }
            }
          }
        }
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "${var.name_prefix}-cloudfront-BodyRulesOutsideMessages"
      sampled_requests_enabled   = true
    }
  }

  rule {
    name     = "RatePerIp"
    priority = 50

    action {
      block {
        custom_response {
          response_code            = 429
          custom_response_body_key = "throttled"
        }
      }
    }

    statement {
      rate_based_statement {
        limit              = var.rate_limit_per_5_minutes
        aggregate_key_type = "IP"
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "${var.name_prefix}-cloudfront-RatePerIp"
      sampled_requests_enabled   = true
    }
  }

  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = "${var.name_prefix}-cloudfront"
    sampled_requests_enabled   = true
  }

  tags = var.tags
}

# -- regional ACL: origin verification ---------------------------------------------------------
resource "aws_wafv2_web_acl" "regional" {
  #checkov:skip=CKV_AWS_192:Only requests forwarded by CloudFront pass this ACL, and the CloudFront ACL runs AWSManagedRulesKnownBadInputsRuleSet (Log4j) on them first.
  name        = "${var.name_prefix}-regional"
  description = "Cloud Chat REST API: only requests forwarded by CloudFront (origin-verify header)"
  scope       = "REGIONAL"

  # Fail closed: a request is allowed only by the rule below.
  default_action {
    block {
      custom_response {
        response_code            = 403
        custom_response_body_key = "origin_not_verified"
      }
    }
  }

  custom_response_body {
    key          = "origin_not_verified"
    content_type = "APPLICATION_JSON"
    content      = format(local.blocked_body, "origin_not_verified", "Call the API through the web client's origin")
  }

  rule {
    name     = "FromCloudFront"
    priority = 10

    action {
      allow {}
    }

    statement {
      byte_match_statement {
        search_string         = data.aws_secretsmanager_secret_version.origin_verify.secret_string
        positional_constraint = "EXACTLY"
        field_to_match {
          single_header {
            name = local.origin_verify_header
          }
        }
        text_transformation {
          priority = 0
          type     = "NONE"
        }
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "${var.name_prefix}-regional-FromCloudFront"
      sampled_requests_enabled   = true
    }
  }

  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = "${var.name_prefix}-regional"
    sampled_requests_enabled   = true
  }

  tags = var.tags
}

resource "aws_wafv2_web_acl_association" "rest_stage" {
  resource_arn = var.rest_stage_arn
  web_acl_arn  = aws_wafv2_web_acl.regional.arn
}

# -- logs: only what WAF blocked or counted ----------------------------------------------------
# WAF requires log group names to start with "aws-waf-logs-"; a CLOUDFRONT ACL logs in us-east-1.
resource "aws_cloudwatch_log_group" "cloudfront" {
  provider          = aws.us_east_1
  name              = "aws-waf-logs-${var.name_prefix}-cloudfront"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.cloudfront_log_kms_key_arn
  tags              = var.tags
}

resource "aws_cloudwatch_log_group" "regional" {
  name              = "aws-waf-logs-${var.name_prefix}-regional"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.regional_log_kms_key_arn
  tags              = var.tags
}

resource "aws_wafv2_web_acl_logging_configuration" "cloudfront" {
  provider                = aws.us_east_1
  resource_arn            = aws_wafv2_web_acl.cloudfront.arn
  log_destination_configs = [aws_cloudwatch_log_group.cloudfront.arn]

  redacted_fields {
    single_header {
      name = "authorization"
    }
  }

  logging_filter {
    default_behavior = "DROP"
    filter {
      behavior    = "KEEP"
      requirement = "MEETS_ANY"
      dynamic "condition" {
        for_each = local.logged_actions
        content {
          action_condition {
            action = condition.value
          }
        }
      }
    }
  }
}

resource "aws_wafv2_web_acl_logging_configuration" "regional" {
  resource_arn            = aws_wafv2_web_acl.regional.arn
  log_destination_configs = [aws_cloudwatch_log_group.regional.arn]

  redacted_fields {
    single_header {
      name = "authorization"
    }
  }
  redacted_fields {
    single_header {
      name = local.origin_verify_header
    }
  }

  logging_filter {
    default_behavior = "DROP"
    filter {
      behavior    = "KEEP"
      requirement = "MEETS_ANY"
      dynamic "condition" {
        for_each = local.logged_actions
        content {
          action_condition {
            action = condition.value
          }
        }
      }
    }
  }
}
