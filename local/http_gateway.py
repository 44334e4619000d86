"""API Gateway REST emulator, the ``@connections`` management API, and the web client's files.

REST requests under the stage prefix become API Gateway proxy events (Chalice's own
``LocalGateway`` builds them and runs the authorizer, as API Gateway would); authorizer
and routing failures are rendered as the gateway responses Terraform configures.
"""

from __future__ import annotations

import json
import logging
import mimetypes
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from chalice.local import LocalGateway, LocalGatewayException

from local.websocket_gateway import WebSocketGateway

log = logging.getLogger(__name__)

GATEWAY_ERRORS = {
    401: ("unauthorized", "Missing or invalid token"),
    403: ("forbidden", "Not allowed"),
}
ROUTE_NOT_FOUND = (404, "route_not_found", "No such route")


def error_body(code: str, message: str) -> bytes:
    return json.dumps({"error": {"code": code, "message": message}}).encode()


class GatewayServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], gateway: LocalGateway, websockets: WebSocketGateway,
                 stage_prefix: str, static_dir: Path | None) -> None:
        super().__init__(address, GatewayRequestHandler)
        self.gateway = gateway
        self.websockets = websockets
        self.stage_prefix = stage_prefix
        self.static_dir = static_dir


class GatewayRequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: GatewayServer

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        log.debug("%s " + format, self.address_string(), *args)

    def _dispatch(self) -> None:
        path = urlsplit(self.path).path
        if path.startswith("/@connections/"):
            self._management(unquote(path.removeprefix("/@connections/")))
        elif path == self.server.stage_prefix or path.startswith(self.server.stage_prefix + "/"):
            self._rest()
        elif self.command in ("GET", "HEAD"):
            self._static(path)
        else:
            self._send(*ROUTE_NOT_FOUND[:1], error_body(*ROUTE_NOT_FOUND[1:]))

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = _dispatch

    def _body(self) -> bytes | None:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else None

    def _send(self, status: int, body: bytes = b"", headers: dict[str, Any] | None = None) -> None:
        self.send_response(status)
        headers = dict(headers or {})
        headers.setdefault("Content-Type", "application/json")
        for name, value in headers.items():
            for item in value if isinstance(value, list) else [value]:
                self.send_header(name, str(item))
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    # -- REST API -----------------------------------------------------------------------------
    def _rest(self) -> None:
        body = self._body()
        path = self.path[len(self.server.stage_prefix):] or "/"
        headers = {name.lower(): value for name, value in self.headers.items()}
        try:
            response = self.server.gateway.handle_request(self.command, path, headers, body)
        except LocalGatewayException as exc:
            status, (code, message) = exc.CODE, GATEWAY_ERRORS.get(exc.CODE, ("gateway_error", "Gateway error"))
            if b"Missing Authentication Token" in (exc.body or b""):
                status, code, message = ROUTE_NOT_FOUND
            self._send(status, error_body(code, message), {"Access-Control-Allow-Origin": "*"})
            return
        except Exception as exc:  # a Lambda authorizer signals 401 by raising "Unauthorized"
            if str(exc) == "Unauthorized":
                self._send(401, error_body(*GATEWAY_ERRORS[401]), {"Access-Control-Allow-Origin": "*"})
            else:
                log.exception("REST invocation failed")
                self._send(500, b'{"message": "Internal server error"}')
            return
        headers_out = {**response.get("headers", {}), **response.get("multiValueHeaders", {})}
        payload = response.get("body") or b""
        self._send(response["statusCode"], payload.encode() if isinstance(payload, str) else payload, headers_out)

    # -- @connections -------------------------------------------------------------------------
    def _management(self, connection_id: str) -> None:
        """POST/GET/DELETE like API Gateway: 410 GoneException for unknown or closed ids."""
        body = self._body()
        ws = self.server.websockets
        gone = (410, json.dumps({"message": None}).encode(), {"x-amzn-ErrorType": "GoneException"})
        if self.command == "POST":
            delivered = ws.post(connection_id, body or b"")
            self._send(*(gone if not delivered else (200, b"")))
        elif self.command == "GET":
            conn = ws.connections.get(connection_id)
            if conn is None:
                self._send(*gone)
                return
            iso = "%Y-%m-%dT%H:%M:%S.000Z"
            info = {
                "ConnectedAt": time.strftime(iso, time.gmtime(conn.connected_at / 1000)),
                "LastActiveAt": time.strftime(iso, time.gmtime(conn.last_active)),
                "Identity": {"SourceIp": conn.source_ip, "UserAgent": conn.user_agent},
            }
            self._send(200, json.dumps(info).encode())
        elif self.command == "DELETE":
            self._send(*(gone if not ws.close(connection_id) else (204, b"")))
        else:
            self._send(405, error_body("method_not_allowed", "Use POST, GET or DELETE"))

    # -- web client ---------------------------------------------------------------------------
    def _static(self, path: str) -> None:
        root = self.server.static_dir
        if root is None or not root.is_dir():
            self._send(404, b"Web client not built: run `make web`", {"Content-Type": "text/plain"})
            return
        candidate = (root / path.lstrip("/")).resolve()
        if not candidate.is_relative_to(root.resolve()) or not candidate.is_file():
            candidate = root / "index.html"  # single-page app: unknown paths render the shell
        hashed = "/assets/" in path
        content_type = mimetypes.guess_type(candidate.name)[0] or "application/octet-stream"
        cache = "public, max-age=31536000, immutable" if hashed else "no-cache"
        self._send(200, candidate.read_bytes(), {"Content-Type": content_type, "Cache-Control": cache})
