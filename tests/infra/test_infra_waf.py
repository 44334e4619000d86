"""WAF: managed rules and the rate limit at the edge, origin verification on the REST stage.

The planned values (CSP, header value on both sides, associations) are asserted by the
mock-provider tests in tests/infra/terraform; these checks cover the source's shape.
"""

from __future__ import annotations

from typing import Any

from infra_hcl import attr, blocks, flat, locals_of, names, resources

MANAGED = {
    "AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet", "AWSManagedRulesAmazonIpReputationList",
}


def test_cloudfront_acl_has_managed_rules_and_a_rate_limit(module_hcl: dict[str, Any]) -> None:
    waf = module_hcl["waf"]
    acl = resources(waf, "aws_wafv2_web_acl")["cloudfront"]
    assert attr(acl, "scope") == "CLOUDFRONT"
    assert attr(acl, "provider") == "${aws.us_east_1}"
    groups = locals_of(waf)["managed_rule_groups"]
    assert set(groups) == MANAGED
    rules = {attr(r, "name"): r for r in blocks(acl, "rule")}
    assert blocks(blocks(rules["RatePerIp"], "statement")[0], "rate_based_statement")
    # the label rule reads the common rule set's labels, so it must run after it
    assert attr(rules["BodyRulesOutsideMessages"], "priority") > groups["AWSManagedRulesCommonRuleSet"]["priority"]


def test_body_rules_count_on_the_messages_route_only(module_hcl: dict[str, Any]) -> None:
    local = locals_of(module_hcl["waf"])
    assert set(local["body_rule_labels"]) == {"CrossSiteScripting_BODY", "GenericLFI_BODY"}
    common = local["managed_rule_groups"]["AWSManagedRulesCommonRuleSet"]
    assert common["count_rules"] == "${keys(local.body_rule_labels)}"
    assert local["body_rules_exempt_path"] == "^/api/rooms/[^/]+/messages$"


def test_regional_acl_admits_only_the_origin_verify_header(module_hcl: dict[str, Any]) -> None:
    waf = module_hcl["waf"]
    acl = resources(waf, "aws_wafv2_web_acl")["regional"]
    assert blocks(blocks(acl, "default_action")[0], "block"), "the regional ACL must fail closed"
    (rule,) = blocks(acl, "rule")
    assert blocks(blocks(rule, "action")[0], "allow")
    match = blocks(blocks(rule, "statement")[0], "byte_match_statement")[0]
    assert attr(match, "positional_constraint") == "EXACTLY"
    assert attr(match, "search_string") == "${data.aws_secretsmanager_secret_version.origin_verify.secret_string}"
    header = blocks(blocks(match, "field_to_match")[0], "single_header")[0]
    assert attr(header, "name") == "${local.origin_verify_header}"
    assoc = resources(waf, "aws_wafv2_web_acl_association")["rest_stage"]
    assert attr(assoc, "web_acl_arn") == "${aws_wafv2_web_acl.regional.arn}"
    assert attr(assoc, "resource_arn") == "${var.rest_stage_arn}"
    secret = resources(waf, "aws_secretsmanager_secret")["origin_verify"]
    assert attr(secret, "kms_key_id") == "${var.secret_kms_key_arn}"


def test_both_acls_log_block_and_count_only(module_hcl: dict[str, Any]) -> None:
    waf = module_hcl["waf"]
    assert locals_of(waf)["logged_actions"] == ["BLOCK", "COUNT"]
    for name, config in resources(waf, "aws_wafv2_web_acl_logging_configuration").items():
        log_filter = blocks(config, "logging_filter")[0]
        assert attr(log_filter, "default_behavior") == "DROP", name
        redacted = {attr(blocks(f, "single_header")[0], "name") for f in blocks(config, "redacted_fields")}
        assert "authorization" in redacted, name
    regional = resources(waf, "aws_wafv2_web_acl_logging_configuration")["regional"]
    assert "${local.origin_verify_header}" in {
        attr(blocks(f, "single_header")[0], "name") for f in blocks(regional, "redacted_fields")}
    for group in resources(waf, "aws_cloudwatch_log_group").values():
        assert attr(group, "retention_in_days") == "${var.log_retention_days}"


def test_stack_wires_the_acls_and_the_header(module_hcl: dict[str, Any]) -> None:
    modules = names(module_hcl["stack"], "module")
    waf, web = modules["waf"], modules["web"]
    assert attr(waf, "rest_stage_arn") == "${module.backend.rest_stage_arn}"
    assert attr(waf, "log_retention_days") == "${var.log_retention_days}"
    assert attr(web, "web_acl_arn") == "${module.waf.cloudfront_web_acl_arn}"
    assert attr(web, "origin_verify_header") == "${module.waf.origin_verify_header}"
    api_origin = next(o for o in blocks(resources(module_hcl["web"], "aws_cloudfront_distribution")["this"], "origin")
                      if attr(o, "origin_id") == "${local.api_origin_id}")
    header = blocks(api_origin, "custom_header")[0]
    assert attr(header, "name") == "${var.origin_verify_header.name}"
    assert flat(attr(header, "value")) == ["${var.origin_verify_header.value}"]


def test_rest_stage_output_is_the_stage_arn(module_hcl: dict[str, Any]) -> None:
    outputs = names(module_hcl["backend"], "output")
    assert attr(outputs["rest_stage_arn"], "value") == "${aws_api_gateway_stage.this.arn}"
