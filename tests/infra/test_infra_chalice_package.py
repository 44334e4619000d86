"""`chalice package` still builds the app, and the native backend module matches what it generates.

The backend module deploys the Lambda functions and both APIs natively (Chalice's generated
Terraform pins Terraform < 1.4 and the AWS provider < 5). This runs the real packaging through
scripts/deploy_build.sh, with a .chalice/config.json rendered by scripts/write_chalice_config.py,
and checks: the REST function, the authorizer and the three WebSocket handlers; the WebSocket API
and its $connect/$default/$disconnect routes; and that the backend module's handler names, REST
routes (and which need the authorizer) and WebSocket routes are exactly Chalice's.

Dependencies are left out of the zip unless INFRA_FULL_PACKAGE=1 (that downloads Lambda wheels).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from infra_hcl import APP_CHALICE, ROOT, attr, locals_of, names, resources

STAGE = "dev"
FAKE_OUTPUTS = {
    "environment_variables": {"value": {"TABLE_PREFIX": "cloudchat-dev-", "COGNITO_USER_POOL_ID": "us-east-1_test",
                                        "COGNITO_CLIENT_ID": "client", "FANOUT_WORKERS": "16"}},
    "app_role_arn": {"value": "arn:aws:iam::123456789012:role/cloud-chat-dev-app"},
}


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    if not APP_CHALICE.exists():
        pytest.skip(f"chalice not installed in the app virtualenv ({APP_CHALICE})")
    tmp = tmp_path_factory.mktemp("chalice")
    outputs = tmp / "outputs.json"
    outputs.write_text(json.dumps(FAKE_OUTPUTS))
    config = tmp / "config.json"
    subprocess.run([sys.executable, str(ROOT / "scripts" / "write_chalice_config.py"), "--stage", STAGE,
                    "--outputs", str(outputs), "--config", str(config)], check=True)
    requirements = ROOT / "requirements.txt"
    if os.environ.get("INFRA_FULL_PACKAGE") != "1":
        requirements = tmp / "requirements.txt"
        requirements.write_text("")
    env = {**os.environ, "CHALICE": str(APP_CHALICE), "OUT": str(tmp / "out"), "SRC": str(tmp / "src"),
           "CHALICE_CONFIG": str(config), "REQUIREMENTS": str(requirements), "AWS_DEFAULT_REGION": "us-east-1"}
    subprocess.run(["bash", str(ROOT / "scripts" / "deploy_build.sh"), STAGE], env=env, check=True,
                   capture_output=True, text=True)
    out = Path(env["OUT"])
    assert (out / "deployment.zip").stat().st_size > 0
    generated = json.loads((out / "chalice.tf.json").read_text())
    generated["_config"] = json.loads(config.read_text())
    return generated


def lambdas(package: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return package["resource"]["aws_lambda_function"]


def swagger(package: dict[str, Any]) -> dict[str, Any]:
    return json.loads(package["locals"]["chalice_api_swagger"])


def test_config_rendered_by_the_script(package: dict[str, Any]) -> None:
    stage = package["_config"]["stages"][STAGE]
    assert package["_config"]["app_name"] == "cloud-chat"
    assert stage["api_gateway_stage"] == "api"
    assert stage["environment_variables"]["TABLE_PREFIX"] == "cloudchat-dev-"
    assert stage["manage_iam_role"] is False


def test_package_has_rest_authorizer_and_websocket_functions(package: dict[str, Any]) -> None:
    handlers = {fn["handler"] for fn in lambdas(package).values()}
    assert handlers == {"app.app", "app.cognito", "app.ws_connect", "app.ws_message", "app.ws_disconnect",
                        "app.index_messages", "app.sweep_expired_sockets", "app.sweep_retention"}
    for fn in lambdas(package).values():
        assert fn["environment"]["variables"]["TABLE_PREFIX"] == "cloudchat-dev-"  # the rendered config is used


def test_package_has_the_websocket_api_and_routes(package: dict[str, Any]) -> None:
    (api,) = package["resource"]["aws_apigatewayv2_api"].values()
    assert api["protocol_type"] == "WEBSOCKET"
    assert api["route_selection_expression"] == "$request.body.action"
    routes = {r["route_key"] for r in package["resource"]["aws_apigatewayv2_route"].values()}
    assert routes == {"$connect", "$default", "$disconnect"}


def test_backend_handlers_are_chalices(package: dict[str, Any], module_hcl: dict[str, Any]) -> None:
    functions = locals_of(module_hcl["backend"])["functions"]
    assert {f["handler"] for f in functions.values()} == {fn["handler"] for fn in lambdas(package).values()}


def test_backend_schedules_are_chalices(package: dict[str, Any], module_hcl: dict[str, Any]) -> None:
    """Each @app.schedule runs at the rate its decorator says, on the function of that name."""
    rules = package["resource"]["aws_cloudwatch_event_rule"].values()
    theirs = {rule["schedule_expression"] for rule in rules}
    ours = locals_of(module_hcl["backend"])["schedules"]
    variables = names(module_hcl["backend"], "variable")
    defaults = {f"${{var.{name}}}": attr(body, "default") for name, body in variables.items()}
    assert {defaults.get(expression, expression) for expression in ours.values()} == theirs
    functions = locals_of(module_hcl["backend"])["functions"]
    assert {functions[name]["handler"] for name in ours} == {
        fn["handler"] for fn in lambdas(package).values() if fn["handler"].endswith(tuple(ours))}


def test_backend_websocket_routes_are_chalices(package: dict[str, Any], module_hcl: dict[str, Any]) -> None:
    functions = locals_of(module_hcl["backend"])["functions"]
    ours = {route: functions[fn]["handler"] for route, fn in locals_of(module_hcl["backend"])["ws_routes"].items()}
    integrations = package["resource"]["aws_apigatewayv2_integration"]
    theirs = {}
    for route in package["resource"]["aws_apigatewayv2_route"].values():
        integration = integrations[route["target"].split(".")[1]]
        fn_name = integration["integration_uri"].split("aws_lambda_function.")[1].split(".")[0]
        theirs[route["route_key"]] = lambdas(package)[fn_name]["handler"]
    assert ours == theirs


def test_backend_rest_routes_are_chalices(package: dict[str, Any], module_hcl: dict[str, Any]) -> None:
    theirs = {}
    for path, methods in swagger(package)["paths"].items():
        for method, spec in methods.items():
            if method == "options":  # CORS preflight mocks; the API is same-origin behind CloudFront
                continue
            theirs[f"{method.upper()} {path}"] = bool(spec.get("security"))
    ours = locals_of(module_hcl["backend"])["rest_routes"]
    assert ours == theirs


def test_backend_stream_mapping_is_chalices(package: dict[str, Any], module_hcl: dict[str, Any]) -> None:
    """Chalice maps the stream to the indexer with the app's batch settings; ours does too (the
    stream ARN is Terraform's, from the data module)."""
    (theirs,) = package["resource"]["aws_lambda_event_source_mapping"].values()
    fn_name = theirs["function_name"].split("aws_lambda_function.")[1].split(".")[0]
    ours = resources(module_hcl["backend"], "aws_lambda_event_source_mapping")["index_messages"]
    assert attr(ours, "function_name") == '${aws_lambda_alias.live["index_messages"].arn}'
    assert lambdas(package)[fn_name]["handler"] == locals_of(module_hcl["backend"])["functions"]["index_messages"][
        "handler"]
    for key in ("batch_size", "starting_position", "maximum_batching_window_in_seconds"):
        assert attr(ours, key) == theirs[key], key
    assert attr(ours, "event_source_arn") == "${var.messages_stream_arn}"


def test_authorizer_ttl_matches_app(package: dict[str, Any], module_hcl: dict[str, Any]) -> None:
    spec = swagger(package)["securityDefinitions"]["cognito"]["x-amazon-apigateway-authorizer"]
    ours = resources(module_hcl["backend"], "aws_api_gateway_authorizer")["cognito"]
    assert ours["authorizer_result_ttl_in_seconds"][0] == spec["authorizerResultTtlInSeconds"]
    assert ours["type"][0].lower() == spec["type"].lower()
