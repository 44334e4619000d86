"""WAF: managed rule groups + rate limit, attached to CloudFront and to the REST API stage."""

from __future__ import annotations

from typing import Any

from infra_hcl import attr, blocks, names, resources

MANAGED = {
    "AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet", "AWSManagedRulesAmazonIpReputationList",
}


def test_acl_has_managed_rules_and_a_rate_limit(module_hcl: dict[str, Any]) -> None:
    acl = resources(module_hcl["waf"], "aws_wafv2_web_acl")["this"]
    groups, rate = set(), False
    for rule in blocks(acl, "rule"):
        statement = blocks(rule, "statement")[0]
        for group in blocks(statement, "managed_rule_group_statement"):
            groups.add(attr(group, "name"))
            assert attr(group, "vendor_name") == "AWS"
        rate = rate or bool(blocks(statement, "rate_based_statement"))
    assert groups >= MANAGED
    assert rate
    assert resources(module_hcl["waf"], "aws_wafv2_web_acl_logging_configuration")


def test_regional_acl_is_associated_with_resources(module_hcl: dict[str, Any]) -> None:
    assoc = resources(module_hcl["waf"], "aws_wafv2_web_acl_association")["this"]
    assert attr(assoc, "web_acl_arn") == "${aws_wafv2_web_acl.this.arn}"
    assert "var.resource_arns" in attr(assoc, "resource_arn")


def test_distribution_uses_the_web_acl(module_hcl: dict[str, Any]) -> None:
    dist = resources(module_hcl["web"], "aws_cloudfront_distribution")["this"]
    assert attr(dist, "web_acl_id") == "${var.web_acl_arn}"


def test_stack_wires_cloudfront_and_rest_stage(module_hcl: dict[str, Any]) -> None:
    modules = names(module_hcl["stack"], "module")
    cloudfront, regional = modules["waf_cloudfront"], modules["waf_regional"]
    assert attr(cloudfront, "scope") == "CLOUDFRONT"
    assert "aws.us_east_1" in str(attr(cloudfront, "providers"))
    assert attr(modules["web"], "web_acl_arn") == "${module.waf_cloudfront.web_acl_arn}"
    assert attr(regional, "scope") == "REGIONAL"
    assert "module.backend.rest_stage_arn" in str(attr(regional, "resource_arns"))


def test_rest_stage_output_is_the_stage_arn(module_hcl: dict[str, Any]) -> None:
    outputs = names(module_hcl["backend"], "output")
    assert attr(outputs["rest_stage_arn"], "value") == "${aws_api_gateway_stage.this.arn}"
