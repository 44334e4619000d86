"""API Gateway's own rejections speak the app's error format, with the codes the local emulator uses."""

from __future__ import annotations

import json
from typing import Any

from infra_hcl import locals_of, run_app_python

EMULATOR_CODES = """
import json
from local.lambda_runtime import GATEWAY_ERRORS, ROUTE_NOT_FOUND
print(json.dumps({"401": GATEWAY_ERRORS[401][0], "403": GATEWAY_ERRORS[403][0], "404": ROUTE_NOT_FOUND[1]}))
"""


def test_gateway_responses_match_the_local_emulator(module_hcl: dict[str, Any]) -> None:
    responses = locals_of(module_hcl["backend"])["gateway_responses"]
    by_status = {r["status"]: r["code"] for r in responses.values() if r["status"]}
    emulator = run_app_python(EMULATOR_CODES)
    assert {status: by_status[status] for status in emulator} == emulator


def unescape(hcl: str) -> str:
    """python-hcl2 keeps HCL's string escapes (``\\"``); HCL and JSON escape alike."""
    return str(json.loads(f'"{hcl}"'))


def test_every_gateway_response_renders_the_error_envelope(module_hcl: dict[str, Any]) -> None:
    template = unescape(locals_of(module_hcl["backend"])["error_template"])
    for name, response in locals_of(module_hcl["backend"])["gateway_responses"].items():
        # $context.error.messageString arrives as a quoted JSON string; literals are quoted in the HCL
        message = '"text"' if response["message"].startswith("$context") else unescape(response["message"])
        body = json.loads(template % (response["code"], message))
        assert body["error"]["code"] == response["code"], name
        assert isinstance(body["error"]["message"], str) and body["error"]["message"], name
    assert {"UNAUTHORIZED", "ACCESS_DENIED", "MISSING_AUTHENTICATION_TOKEN", "DEFAULT_5XX"} <= set(
        locals_of(module_hcl["backend"])["gateway_responses"])
