"""HTTP side of the emulator (aiohttp, on the WebSocket gateway's event loop).

- ``/api/...``: the REST API stage, invoked in a Lambda worker;
- ``/@connections/{id}``: the Management API, answering 410 ``GoneException`` for
  unknown or closed connections exactly as API Gateway does;
- ``/_local/stats``: counters for benchmarks and tests;
- ``POST /_local/schedules/{handler}``: run one scheduled handler now (tests, ``make retention-sweep``);
- anything else: the built web client (a single-page app).

The web client and ``/api`` carry the security headers CloudFront's response-headers policy
adds to those behaviours; ``@connections`` and ``/_local`` are not behind CloudFront.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path
from typing import Any

from aiohttp import web

from local.lambda_runtime import RestResult, error_body
from local.schedules import Schedules
from local.websocket_gateway import WebSocketGateway

InvokeRest = Callable[[str, str, dict[str, str], bytes | None], Awaitable[RestResult]]
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
ISO = "%Y-%m-%dT%H:%M:%S.000Z"


def gone() -> web.Response:
    return web.Response(status=410, body=b'{"message":null}', content_type="application/json",
                        headers={"x-amzn-ErrorType": "GoneException"})


def behind_cloudfront(handler: Handler, headers: Mapping[str, str]) -> Handler:
    """Add the response-headers policy's headers to every answer of ``handler``, as CloudFront does."""

    async def with_headers(request: web.Request) -> web.StreamResponse:
        response = await handler(request)
        response.headers.update(headers)
        return response

    return with_headers


def build_app(websockets: WebSocketGateway, invoke_rest: InvokeRest, stage_prefix: str,
              static_dir: Path | None, web_headers: Mapping[str, str],
              more_stats: Callable[[], Mapping[str, Any]] = dict,
              schedules: Schedules | None = None) -> web.Application:
    async def management(request: web.Request) -> web.Response:
        connection_id = request.match_info["connection_id"]
        if request.method == "POST":
            return web.Response(status=200) if await websockets.post(connection_id, await request.read()) else gone()
        if request.method == "DELETE":
            return web.Response(status=204) if await websockets.close(connection_id) else gone()
        conn = websockets.connections.get(connection_id)
        if conn is None:
            return gone()
        return web.json_response({
            "connectedAt": time.strftime(ISO, time.gmtime(conn.connected_at / 1000)),
            "lastActiveAt": time.strftime(ISO, time.gmtime(conn.last_active)),
            "identity": {"sourceIp": conn.source_ip, "userAgent": conn.user_agent},
        })

    async def rest(request: web.Request) -> web.Response:
        path = request.path_qs[len(stage_prefix):] or "/"
        headers = {name.lower(): value for name, value in request.headers.items()}
        body = await request.read() if request.body_exists else None
        status, headers_out, payload = await invoke_rest(request.method, path, headers, body)
        response = web.Response(status=status, body=payload)
        for name, value in headers_out.items():
            for item in value if isinstance(value, list) else [value]:
                response.headers.add(name, str(item))
        response.headers.setdefault("Content-Type", "application/json")
        return response

    async def stats(request: web.Request) -> web.Response:
        return web.json_response({"posts": websockets.posts, "connections": len(websockets.connections),
                                  "invocations": websockets.invocations, **more_stats()})

    async def run_schedule(request: web.Request) -> web.Response:
        """Run one scheduled handler now and answer when it has finished (500 if it raised)."""
        handler = request.match_info["handler"]
        if schedules is None or handler not in schedules.handlers:
            return web.Response(status=404, body=error_body("schedule_not_found", f"No scheduled handler {handler}"),
                                content_type="application/json")
        try:
            await schedules.run_now(handler)
        except Exception as exc:
            return web.Response(status=500, body=error_body("schedule_failed", f"{handler}: {exc!r}"),
                                content_type="application/json")
        return web.json_response({"handler": handler, "ran": True})

    async def static(request: web.Request) -> web.StreamResponse:
        if request.method not in ("GET", "HEAD"):
            return web.Response(status=404, body=error_body("route_not_found", "No such route"),
                                content_type="application/json")
        if static_dir is None or not (static_dir / "index.html").is_file():
            return web.Response(status=404, text="Web client not built: run `make web`")
        root = static_dir.resolve()
        candidate = (root / request.path.lstrip("/")).resolve()
        if not candidate.is_relative_to(root) or not candidate.is_file():
            candidate = root / "index.html"  # single-page app: unknown paths render the shell
        cache = "public, max-age=31536000, immutable" if "/assets/" in request.path else "no-cache"
        return web.FileResponse(candidate, headers={"Cache-Control": cache})

    app = web.Application(client_max_size=10 * 2**20)
    app.router.add_route("*", "/@connections/{connection_id}", management)
    app.router.add_route("*", stage_prefix, behind_cloudfront(rest, web_headers))
    # [\s\S]: a path segment may hold an encoded newline (%0A), which "." would not match
    app.router.add_route("*", stage_prefix + "/{tail:[\\s\\S]*}", behind_cloudfront(rest, web_headers))
    app.router.add_get("/_local/stats", stats)
    app.router.add_post("/_local/schedules/{handler}", run_schedule)
    app.router.add_route("*", "/{tail:[\\s\\S]*}", behind_cloudfront(static, web_headers))
    return app


async def start(app: web.Application, host: str, port: int) -> tuple[web.AppRunner, int]:
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    server: Any = site._server
    return runner, int(server.sockets[0].getsockname()[1])

