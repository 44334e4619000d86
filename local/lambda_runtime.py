"""Lambda stand-in: worker processes that each import the Chalice app once (warm containers).

The gateway process hands them API Gateway events and gets Lambda results back, so app
code and gateway code run on different cores, as they do in AWS. REST requests are turned
into proxy events here, by Chalice's own ``LocalGateway`` (which also runs the authorizer),
and authorizer or routing failures come back as the gateway responses Terraform configures.
"""

from __future__ import annotations

import importlib
import json
import logging
import os
import sys
from typing import Any

from chalice.app import DynamoDBEventConfig, ScheduledEventConfig
from chalice.config import Config
from chalice.local import LambdaContext, LocalGateway, LocalGatewayException

log = logging.getLogger(__name__)

_app_module: Any = None
_rest: LocalGateway | None = None

GATEWAY_ERRORS = {401: ("unauthorized", "Missing or invalid credentials"), 403: ("forbidden", "Not allowed")}
ROUTE_NOT_FOUND = (404, "route_not_found", "No such route")
CORS = {"Access-Control-Allow-Origin": "*"}

RestResult = tuple[int, dict[str, Any], bytes]
INTERNAL_ERROR = b'{"message": "Internal server error"}'  # API Gateway's body when the integration fails


def error_body(code: str, message: str) -> bytes:
    return json.dumps({"error": {"code": code, "message": message}}).encode()


def start(env: dict[str, str], log_level: str, stdout_path: str) -> None:
    """Worker initializer: configure like a Lambda's environment, then import the app.

    stdout goes to a file, as a Lambda's goes to CloudWatch Logs: that is where the
    app's EMF metric lines land. Logging stays on stderr, in the terminal.
    """
    global _app_module, _rest
    sys.stdout = open(stdout_path, "a", buffering=1)  # noqa: SIM115 - lives as long as the worker
    os.environ.update(env)
    logging.basicConfig(level=log_level, format="%(asctime)s %(levelname)s lambda[%(process)d] %(name)s: %(message)s")
    _app_module = importlib.import_module("app")  # installs chalicelib.logsafe on these handlers
    app = _app_module.app
    _rest = LocalGateway(app, Config.create(chalice_stage="local", app_name=app.app_name, lambda_timeout=30))


def websocket_routes() -> list[str]:
    return list(_app_module.app.websocket_handlers)


def stream_handlers() -> list[str]:
    """The app's DynamoDB stream handlers (``@app.on_dynamodb_record``), by function name."""
    return [source.handler_string.rsplit(".", 1)[-1] for source in _app_module.app.event_sources
            if isinstance(source, DynamoDBEventConfig)]


def invoke_stream(handler_name: str, event: dict[str, Any]) -> None:
    """Run a stream handler on one batch; an exception fails the batch (the poller retries it)."""
    getattr(_app_module, handler_name)(event, _context())


def schedule_handlers() -> list[str]:
    """The app's scheduled handlers (``@app.schedule``), by function name."""
    return [source.handler_string.rsplit(".", 1)[-1] for source in _app_module.app.event_sources
            if isinstance(source, ScheduledEventConfig)]


def invoke_schedule(handler_name: str, event: dict[str, Any]) -> None:
    """Run a scheduled handler once; an exception is the run's failure (the timer logs it)."""
    getattr(_app_module, handler_name)(event, _context())


def _context() -> LambdaContext:
    return LambdaContext(function_name=_app_module.app.app_name, memory_size=1024, max_runtime_ms=30_000)


def invoke_websocket(route: str, event: dict[str, Any]) -> tuple[int, bytes]:
    """Run the handler for a WebSocket route; returns the integration's status and body."""
    config = _app_module.app.websocket_handlers.get(route)
    if config is None:
        return 200, b""
    handler = getattr(_app_module, config.handler_string.rsplit(".", 1)[-1])
    try:
        result = handler(event, _context()) or {}
    except Exception:
        log.exception("%s handler raised", route)
        return 500, INTERNAL_ERROR
    body = result.get("body") or b""
    return int(result.get("statusCode", 200)), body.encode() if isinstance(body, str) else body


def invoke_rest(method: str, path: str, headers: dict[str, str], body: bytes | None) -> RestResult:
    assert _rest is not None
    try:
        response = _rest.handle_request(method, path, headers, body)
    except LocalGatewayException as exc:
        if exc.CODE == 403 and exc.headers.get("x-amzn-ErrorType") == "UnauthorizedException":  # no such route
            status, code, message = ROUTE_NOT_FOUND
        else:
            status = exc.CODE
            code, message = GATEWAY_ERRORS.get(status, ("gateway_error", "Gateway error"))
        return status, CORS, error_body(code, message)
    except Exception as exc:  # a Lambda authorizer signals 401 by raising "Unauthorized"
        if str(exc) == "Unauthorized":
            return 401, CORS, error_body(*GATEWAY_ERRORS[401])
        log.exception("REST invocation failed")
        return 500, {}, INTERNAL_ERROR
    if response["statusCode"] == 405:  # a method the resource lacks: API Gateway never invokes the Lambda
        status, code, message = ROUTE_NOT_FOUND
        return status, CORS, error_body(code, message)
    headers_out = {**response.get("headers", {}), **response.get("multiValueHeaders", {})}
    payload = response.get("body") or b""
    return response["statusCode"], headers_out, payload.encode() if isinstance(payload, str) else payload
