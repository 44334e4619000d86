"""The backend sets exactly the environment variables the app reads: none missing, none unread."""

from __future__ import annotations

import re
from typing import Any

from infra_hcl import APP_SOURCES, attr, locals_of, resources

# Provided by the Lambda runtime (reserved: setting them is an error) or only used locally.
RUNTIME_PROVIDED = {"AWS_REGION", "AWS_DEFAULT_REGION"}
LOCAL_ONLY_PREFIXES = ("AWS_ENDPOINT_URL",)

PATTERNS = (
    r"""env\.get\(\s*['"]([A-Z][A-Z0-9_]+)['"]""",
    r"""os\.environ\.get\(\s*['"]([A-Z][A-Z0-9_]+)['"]""",
    r"""os\.environ\[\s*['"]([A-Z][A-Z0-9_]+)['"]\s*\]""",
    r"""os\.getenv\(\s*['"]([A-Z][A-Z0-9_]+)['"]""",
    r"""env\[\s*['"]([A-Z][A-Z0-9_]+)['"]\s*\]""",
)


def variables_read_by_the_app() -> set[str]:
    found: set[str] = set()
    for source in APP_SOURCES:
        text = source.read_text()
        for pattern in PATTERNS:
            found.update(re.findall(pattern, text))
    return {v for v in found if v not in RUNTIME_PROVIDED and not v.startswith(LOCAL_ONLY_PREFIXES)}


def test_the_scan_finds_the_known_settings() -> None:
    # Guards the regexes themselves: these are read in chalicelib/config.py today.
    assert {"TABLE_PREFIX", "COGNITO_USER_POOL_ID", "WS_MANAGEMENT_ENDPOINT"} <= variables_read_by_the_app()


def backend_environment(module_hcl: dict[str, Any]) -> set[str]:
    return set(locals_of(module_hcl["backend"])["environment"])


def test_backend_sets_every_variable_the_app_reads(module_hcl: dict[str, Any]) -> None:
    missing = variables_read_by_the_app() - backend_environment(module_hcl)
    assert not missing, f"backend module does not set {sorted(missing)}"


def test_backend_sets_no_variable_the_app_does_not_read(module_hcl: dict[str, Any]) -> None:
    unread = backend_environment(module_hcl) - variables_read_by_the_app()
    assert not unread, f"backend module sets {sorted(unread)}, which nothing in app.py/chalicelib reads"


def test_backend_does_not_set_reserved_variables(module_hcl: dict[str, Any]) -> None:
    assert not RUNTIME_PROVIDED & backend_environment(module_hcl)


def test_every_function_gets_the_environment(module_hcl: dict[str, Any]) -> None:
    function = resources(module_hcl["backend"], "aws_lambda_function")["this"]
    environment = function["environment"][0]
    assert attr(environment, "variables") == "${local.environment}"
    assert attr(function, "kms_key_arn") == "${var.kms_key_arns.data}"
    assert attr(function["tracing_config"][0], "mode") == "Active"
