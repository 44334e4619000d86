"""moto's server, plus a count of the AWS API calls it answered (``GET /_local/calls``).

Counting where AWS would bill — at the service, by ``X-Amz-Target`` or path — lets the
benchmark report DynamoDB calls per message without instrumenting the app.
"""

from __future__ import annotations

import argparse
import json
import os
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

from moto.cognitoidp.responses import CognitoIdpResponse
from moto.core.responses import ActionResult, EmptyResult
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app
from werkzeug.serving import run_simple

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class CallCounter:
    def __init__(self, app: WsgiApp) -> None:
        self._app = app
        self._calls: Counter[str] = Counter()
        self._lock = threading.Lock()
        self._serial = threading.Lock()

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == "/_local/calls":
            with self._lock:
                body = json.dumps(dict(self._calls)).encode()
            start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
            return [body]
        target = environ.get("HTTP_X_AMZ_TARGET")  # e.g. DynamoDB_20120810.PutItem
        if target:
            with self._lock:
                self._calls[target.replace("DynamoDB_20120810", "dynamodb")] += 1
        with self._serial:  # one request at a time: moto's backends are not thread-safe (a set
            return list(self._app(environ, start_response))  # updated twice at once answered 500)


def revoke_token(self: CognitoIdpResponse) -> ActionResult:
    """Cognito's ``RevokeToken``, which moto lacks: the refresh token (of that app client) stops
    refreshing, as ``POST /auth/logout`` expects. An unknown token is no error, as in Cognito."""
    token, client_id = self._get_param("Token"), self._get_param("ClientId")
    for pool in self.backend.user_pools.values():
        issued = pool.refresh_tokens.get(token)
        if issued is not None and issued[0] == client_id:
            pool.refresh_tokens[token] = None
    return EmptyResult()


def exit_with_parent(parent_pid: int) -> None:
    """If the stack dies without cleaning up (SIGKILL, a crash), don't outlive it holding the port."""

    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(1)
        os._exit(0)

    threading.Thread(target=watch, daemon=True).start()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("host")
    parser.add_argument("port", type=int)
    args = parser.parse_args()
    os.environ.setdefault("MOTO_PORT", str(args.port))
    exit_with_parent(os.getppid())
    CognitoIdpResponse.revoke_token = revoke_token  # type: ignore[attr-defined]
    app = CallCounter(DomainDispatcherApplication(create_backend_app))
    run_simple(args.host, args.port, app, threaded=True, request_handler=MotoRequestHandler)


if __name__ == "__main__":
    main()
