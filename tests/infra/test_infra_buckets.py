"""Every S3 bucket is a modules/private_bucket call with the settings its caller needs.

private_bucket holds the hardening shared by all buckets; lifecycle rules, CORS and extra policy
statements stay in the callers. Its #checkov:skip=CKV2_AWS_61 relies on every caller attaching a
lifecycle configuration, which test_every_bucket_has_a_lifecycle_configuration enforces.
"""

from __future__ import annotations

from typing import Any

import pytest
from infra_hcl import MODULES, attr, blocks, flat, load_dir, names, resources

PRIVATE_BUCKET = load_dir(MODULES / "private_bucket")

# module dir -> (call name, expected arguments)
BUCKETS: dict[str, tuple[str, dict[str, Any]]] = {
    "media": ("bucket", {
        "bucket_name": "${var.name_prefix}-media-${data.aws_caller_identity.current.account_id}",
        "kms_key_arn": "${var.kms_key_arn}",
        "access_logs": {"bucket": "${var.access_log_bucket}"},
        "force_destroy": "${var.force_destroy}",
    }),
    "web": ("site_bucket", {
        "bucket_name": "${var.name_prefix}-web-${data.aws_caller_identity.current.account_id}",
        "kms_key_arn": "${var.kms_key_arn}",
        "access_logs": {"bucket": "${var.access_log_bucket}"},
        "policy_documents": ["${data.aws_iam_policy_document.site.json}"],
        "force_destroy": "${var.force_destroy}",
    }),
    "observability": ("access_logs", {
        "bucket_name": "${var.name_prefix}-access-logs-${data.aws_caller_identity.current.account_id}",
        "kms_key_arn": None,  # SSE-S3: CloudFront standard-log delivery cannot use a customer key
        "object_ownership": "BucketOwnerPreferred",  # CloudFront log delivery needs ACLs
        "access_logs": None,  # the log target does not log to itself
        "policy_documents": ["${data.aws_iam_policy_document.access_logs.json}"],
        "force_destroy": "${var.force_destroy}",
    }),
    "backend": ("artifacts", {
        "bucket_name": "${local.base_name}-artifacts-${local.account_id}",
        "kms_key_arn": "${var.kms_key_arns.storage}",
        "access_logs": {"bucket": "${var.access_log_bucket}"},
        "force_destroy": True,  # only the Lambda package, rebuilt from git
    }),
}


def bucket_calls(module: str) -> dict[str, dict[str, Any]]:
    return {n: b for n, b in names(load_dir(MODULES / module), "module").items()
            if attr(b, "source") == "../private_bucket"}


def test_no_module_declares_raw_buckets() -> None:
    for module in (*BUCKETS, "data", "auth", "cache", "notify", "keys", "waf", "stack"):
        parsed = load_dir(MODULES / module)
        raw = [t for item in parsed.get("resource", []) for t in item
               if t.startswith("aws_s3_bucket") and t != "aws_s3_bucket_lifecycle_configuration"
               and t != "aws_s3_bucket_cors_configuration"]
        assert not raw, f"{module} declares {raw}; use ../private_bucket"


@pytest.mark.parametrize("module", BUCKETS)
def test_bucket_settings(module: str) -> None:
    name, expected = BUCKETS[module]
    calls = bucket_calls(module)
    assert list(calls) == [name], f"{module}: private_bucket calls {list(calls)}"
    body = calls[name]
    args = {k: attr(body, k) for k in body if not k.startswith("__") and k != "source"}
    args.pop("tags", None)
    # defaults of the module stand in for arguments the caller leaves out
    defaults = {k: attr(v, "default") for k, v in names(PRIVATE_BUCKET, "variable").items() if "default" in v}
    assert {k: args.get(k, defaults.get(k)) for k in expected} == expected
    assert not set(args) - set(expected), f"{module}: unexpected arguments {set(args) - set(expected)}"
    assert args.get("object_ownership", defaults["object_ownership"]) == expected.get(
        "object_ownership", "BucketOwnerEnforced")


@pytest.mark.parametrize("module", BUCKETS)
def test_every_bucket_has_a_lifecycle_configuration(module: str) -> None:
    name, _ = BUCKETS[module]
    lifecycles = resources(load_dir(MODULES / module), "aws_s3_bucket_lifecycle_configuration")
    targets = [attr(body, "bucket") for body in lifecycles.values()]
    # versioning_id orders the rules after versioning (noncurrent-version expiry needs it)
    assert targets == [f"${{module.{name}.versioning_id}}"], f"{module}: lifecycle targets {targets}"
    rules = [r for body in lifecycles.values() for r in blocks(body, "rule")]
    assert rules and all(attr(r, "status") == "Enabled" for r in rules)
    assert any(blocks(r, "abort_incomplete_multipart_upload") for r in rules)
    assert any(blocks(r, "noncurrent_version_expiration") for r in rules)


def test_private_bucket_hardening() -> None:
    pab = resources(PRIVATE_BUCKET, "aws_s3_bucket_public_access_block")["this"]
    for key in ("block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"):
        assert attr(pab, key) is True, key
    versioning = resources(PRIVATE_BUCKET, "aws_s3_bucket_versioning")["this"]
    assert attr(blocks(versioning, "versioning_configuration")[0], "status") == "Enabled"
    sse = resources(PRIVATE_BUCKET, "aws_s3_bucket_server_side_encryption_configuration")["this"]
    default = blocks(blocks(sse, "rule")[0], "apply_server_side_encryption_by_default")[0]
    # python-hcl2 renders null as None inside expressions
    assert attr(default, "sse_algorithm").replace("None", "null") == '${var.kms_key_arn == null ? "AES256" : "aws:kms"}'
    assert attr(default, "kms_master_key_id") == "${var.kms_key_arn}"
    ownership = resources(PRIVATE_BUCKET, "aws_s3_bucket_ownership_controls")["this"]
    assert attr(blocks(ownership, "rule")[0], "object_ownership") == "${var.object_ownership}"
    logging = resources(PRIVATE_BUCKET, "aws_s3_bucket_logging")["this"]
    assert attr(logging, "target_prefix") == "s3/${var.bucket_name}/"
    policy_doc = resources(PRIVATE_BUCKET, "aws_iam_policy_document", section="data")["this"]
    deny = [s for s in blocks(policy_doc, "statement") if attr(s, "sid") == "DenyInsecureTransport"]
    assert deny and attr(deny[0], "effect") == "Deny"
    assert flat(attr(blocks(deny[0], "condition")[0], "values")) == ["false"]
    policy = resources(PRIVATE_BUCKET, "aws_s3_bucket_policy")["this"]
    assert attr(policy, "policy") == "${data.aws_iam_policy_document.this.json}"


def test_cloudfront_log_target_waits_for_ownership_and_policy() -> None:
    """CloudFront (legacy standard logging) needs ACLs on the log bucket when the distribution is
    created; the domain it logs to is only handed out after the ownership controls and policy."""
    output = names(PRIVATE_BUCKET, "output")["bucket_domain_name"]
    assert flat(attr(output, "depends_on")) == [
        "${aws_s3_bucket_ownership_controls.this}", "${aws_s3_bucket_policy.this}"]
    observability = names(load_dir(MODULES / "observability"), "output")
    assert attr(observability["access_log_bucket_domain"], "value") == "${module.access_logs.bucket_domain_name}"
    dist = resources(load_dir(MODULES / "web"), "aws_cloudfront_distribution")["this"]
    assert attr(blocks(dist, "logging_config")[0], "bucket") == "${var.access_log_bucket_domain}"
