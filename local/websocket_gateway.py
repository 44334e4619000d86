"""API Gateway WebSocket API emulator.

Turns real WebSocket traffic into API Gateway events for the Chalice handlers
(``$connect`` with query string and headers, route selection on ``$request.body.action``
falling back to ``$default``, ``$disconnect`` when the socket closes) and keeps the
connection table that the ``@connections`` management API posts into. Routes with a MOCK
integration (``ping``) are answered by the gateway itself, without a Lambda invocation.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any
from urllib.parse import parse_qs, urlsplit

from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.datastructures import Headers
from websockets.exceptions import ConnectionClosed
from websockets.http11 import Request, Response

from local import events

log = logging.getLogger(__name__)

Invoke = Callable[[str, dict[str, Any]], Awaitable[tuple[int, bytes]]]
MAX_FRAME_BYTES = 128 * 1024  # API Gateway's WebSocket message limit
# Routes with a MOCK integration, as the deployed WebSocket API has them: route -> its route response.
MOCK_ROUTES = {"ping": '{"event":"pong"}'}


@dataclass
class LiveConnection:
    connection_id: str
    connected_at: int
    source_ip: str
    user_agent: str
    socket: ServerConnection | None = None
    open: asyncio.Event = field(default_factory=asyncio.Event)
    last_active: float = field(default_factory=time.time)


class WebSocketGateway:
    """``invoke(route, event)`` runs the Lambda for a route; ``routes`` are the ones the app defines."""

    def __init__(self, invoke: Invoke, routes: set[str], *, stage: str) -> None:
        self._invoke = invoke
        self._routes = routes
        self._stage = stage
        self.connections: dict[str, LiveConnection] = {}
        self._server: Server | None = None
        self.domain = "127.0.0.1"
        self.posts = 0
        self.invocations: Counter[str] = Counter()  # Lambda invocations by route key

    async def start(self, host: str, port: int) -> int:
        self._server = await serve(self._session, host, port, process_request=self._on_handshake,
                                   max_size=MAX_FRAME_BYTES, ping_interval=None, compression=None)
        bound_port: int = self._server.sockets[0].getsockname()[1]
        self.domain = f"{host}:{bound_port}"
        return bound_port

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    # -- management API -------------------------------------------------------------------------
    async def post(self, connection_id: str, data: bytes) -> bool:
        """Send to a connection; False means API Gateway would answer 410 Gone, as it does for a
        connection whose ``$connect`` has not returned yet (the upgrade is still pending)."""
        conn = self.connections.get(connection_id)
        if conn is None or not conn.open.is_set() or conn.socket is None:
            return False
        self.posts += 1
        try:
            await conn.socket.send(data.decode())
        except UnicodeDecodeError:
            await conn.socket.send(data)
        except ConnectionClosed:
            return False
        return True

    async def close(self, connection_id: str) -> bool:
        conn = self.connections.get(connection_id)
        if conn is None or conn.socket is None:
            return False
        await conn.socket.close(1000, "Closed by the management API")
        return True

    # -- socket lifecycle ---------------------------------------------------------------------
    async def _on_handshake(self, socket: ServerConnection, request: Request) -> Response | None:
        """``$connect``: a non-2xx answer from the handler refuses the upgrade with that status."""
        url = urlsplit(request.path)
        headers = {name: value for name, value in request.headers.raw_items()}
        source_ip = socket.remote_address[0] if socket.remote_address else "127.0.0.1"
        conn = LiveConnection(events.new_connection_id(), int(time.time() * 1000), source_ip,
                              headers.get("User-Agent", ""))
        event = events.connect_event(conn.connection_id, headers=headers, query=parse_qs(url.query), stage=self._stage,
                                     domain=self.domain, connected_at=conn.connected_at, source_ip=source_ip)
        self.connections[conn.connection_id] = conn  # posts answer Gone until ``open`` (the upgrade) is set
        status, body = await self._lambda("$connect", event)
        if status >= 300:
            del self.connections[conn.connection_id]
            return Response(status, HTTPStatus(status).phrase,
                            Headers({"Content-Type": "application/json", "Content-Length": str(len(body))}),
                            body)
        socket.connection_id = conn.connection_id  # type: ignore[attr-defined]
        return None

    async def _session(self, socket: ServerConnection) -> None:
        conn = self.connections[socket.connection_id]  # type: ignore[attr-defined]
        conn.socket = socket
        conn.open.set()
        pending: set[asyncio.Future[Any]] = set()
        try:
            async for frame in socket:
                conn.last_active = time.time()
                body = frame if isinstance(frame, str) else frame.decode(errors="replace")
                route = self._route_for(body)
                if route in MOCK_ROUTES:
                    await socket.send(MOCK_ROUTES[route])
                    continue
                event = events.message_event(conn.connection_id, route, body, stage=self._stage, domain=self.domain,
                                             connected_at=conn.connected_at, source_ip=conn.source_ip)
                task = asyncio.ensure_future(self._lambda(route, event))
                pending.add(task)
                task.add_done_callback(pending.discard)
        except ConnectionClosed:
            pass
        finally:
            close_code = socket.close_code or 1006
            self.connections.pop(conn.connection_id, None)
            conn.socket = None
            event = events.disconnect_event(conn.connection_id, status_code=close_code,
                                            reason=socket.close_reason or "", stage=self._stage,
                                            domain=self.domain, connected_at=conn.connected_at,
                                            source_ip=conn.source_ip)
            await self._lambda("$disconnect", event)

    async def _lambda(self, route: str, event: dict[str, Any]) -> tuple[int, bytes]:
        self.invocations[route] += 1
        return await self._invoke(route, event)

    def _route_for(self, body: str) -> str:
        """Route selection expression ``$request.body.action``; unmatched frames go to ``$default``."""
        try:
            action = json.loads(body).get("action")
        except (ValueError, AttributeError, RecursionError):  # too deep: the app answers ``too_deep``
            return "$default"
        known = isinstance(action, str) and (action in self._routes or action in MOCK_ROUTES)
        return action if known else "$default"
