"""API Gateway WebSocket API emulator.

Turns real WebSocket traffic into API Gateway events for the Chalice handlers
(``$connect`` with query string and headers, route selection on ``$request.body.action``
falling back to ``$default``, ``$disconnect`` when the socket closes) and keeps the
connection table that the ``@connections`` management API posts into. Routes with a MOCK
integration (``ping``) are answered by the gateway itself, without a Lambda invocation.

Faults behave as in API Gateway: a frame whose Lambda fails gets API Gateway's
``{"message": "Internal server error", ...}``; an upgrade aborted while ``$connect`` runs
leaves no connection behind (and gets its ``$disconnect``); and ``@connections`` posts never
wait for a client: each connection has its own bounded send queue drained by its own writer,
and a client that falls ``OUTBOX_LIMIT_BYTES`` behind is disconnected (1008), its later posts Gone.
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
from websockets.protocol import State

from local import events

log = logging.getLogger(__name__)

Invoke = Callable[[str, dict[str, Any]], Awaitable[tuple[int, bytes]]]
MAX_FRAME_BYTES = 128 * 1024  # API Gateway's WebSocket message limit
# Routes with a MOCK integration, as the deployed WebSocket API has them: route -> its route response.
MOCK_ROUTES = {"ping": '{"event":"pong"}'}
OUTBOX_LIMIT_BYTES = 1 << 20  # unsent data a connection may queue before it is cut off as a slow consumer
CLOSE_GRACE_SECONDS = 1.0  # a closing handshake the client does not answer in time is cut short


@dataclass
class LiveConnection:
    connection_id: str
    connected_at: int
    source_ip: str
    user_agent: str
    socket: ServerConnection | None = None
    last_active: float = field(default_factory=time.time)
    connect: asyncio.Future[tuple[int, bytes]] | None = None  # the $connect invocation
    outbox: asyncio.Queue[tuple[str | bytes, int]] = field(default_factory=asyncio.Queue)  # (frame, bytes)
    queued_bytes: int = 0
    closing: bool = False  # closed by the management API or as a slow consumer: posts are Gone


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
        self._background: set[asyncio.Future[Any]] = set()

    async def start(self, host: str, port: int) -> int:
        gateway = self

        class Connection(ServerConnection):
            async def handshake(self, *args: Any, **kwargs: Any) -> None:
                """However the opening handshake ends (refused, aborted by the client, timed out),
                a connection that did not open is never left behind."""
                try:
                    await super().handshake(*args, **kwargs)
                finally:
                    if self.protocol.state is not State.OPEN:
                        gateway._abandoned(self)

        self._server = await serve(self._session, host, port, process_request=self._on_handshake,
                                   create_connection=Connection, max_size=MAX_FRAME_BYTES, ping_interval=None,
                                   compression=None)
        bound_port: int = self._server.sockets[0].getsockname()[1]
        self.domain = f"{host}:{bound_port}"
        return bound_port

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    # -- management API -------------------------------------------------------------------------
    async def post(self, connection_id: str, data: bytes) -> bool:
        """Queue data for a connection; False means API Gateway would answer 410 Gone, as it does for a
        connection whose ``$connect`` has not returned yet (the upgrade is still pending) or that is closing.

        Never waits for the client: its writer sends, so one slow reader cannot stall a fan-out."""
        conn = self.connections.get(connection_id)
        if conn is None or conn.socket is None or conn.socket.state is not State.OPEN:  # pending or closing
            return False
        self.posts += 1
        return self._enqueue(conn, data)

    def _enqueue(self, conn: LiveConnection, data: bytes) -> bool:
        if conn.closing:
            return False
        if conn.queued_bytes + len(data) > OUTBOX_LIMIT_BYTES:
            log.warning("connection %s is %d bytes behind: disconnecting it", conn.connection_id, conn.queued_bytes)
            self._close_soon(conn, 1008, "Slow consumer: send queue full")
            return False
        try:
            frame: str | bytes = data.decode()
        except UnicodeDecodeError:
            frame = data
        conn.queued_bytes += len(data)
        conn.outbox.put_nowait((frame, len(data)))
        return True

    async def close(self, connection_id: str) -> bool:
        """``DeleteConnection``: answered at once; the closing handshake runs in the background."""
        conn = self.connections.get(connection_id)
        if conn is None or conn.socket is None or conn.closing:
            return False
        self._close_soon(conn, 1000, "Closed by the management API")
        return True

    def _close_soon(self, conn: LiveConnection, code: int, reason: str) -> None:
        conn.closing = True
        if conn.socket is not None:
            self._spawn(self._close(conn.socket, code, reason))

    @staticmethod
    async def _close(socket: ServerConnection, code: int, reason: str) -> None:
        """A client that does not read cannot take part in the closing handshake: drop its TCP connection."""
        try:
            async with asyncio.timeout(CLOSE_GRACE_SECONDS):
                await socket.close(code, reason)
        except TimeoutError:
            socket.transport.abort()

    async def _write(self, conn: LiveConnection, socket: ServerConnection) -> None:
        """The connection's writer: the only task that waits for this client to read."""
        while True:
            frame, size = await conn.outbox.get()
            conn.queued_bytes -= size
            try:
                await socket.send(frame)
            except ConnectionClosed:
                return

    def _spawn(self, work: Awaitable[Any]) -> None:
        task = asyncio.ensure_future(work)
        self._background.add(task)
        task.add_done_callback(self._background.discard)

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
        self.connections[conn.connection_id] = conn  # posts answer Gone until the session has its socket
        socket.connection_id = conn.connection_id  # type: ignore[attr-defined]
        # Shielded: a handshake cut short by the client or the open timeout must not cut $connect short,
        # or its connection row would have no $disconnect (``_abandoned`` waits for it instead).
        conn.connect = asyncio.ensure_future(self._lambda("$connect", event))
        status, body = await asyncio.shield(conn.connect)
        if status >= 300:
            self.connections.pop(conn.connection_id, None)
            return Response(status, HTTPStatus(status).phrase,
                            Headers({"Content-Type": "application/json", "Content-Length": str(len(body))}),
                            body)
        return None

    def _abandoned(self, socket: ServerConnection) -> None:
        """The upgrade did not complete: forget the connection and, once its $connect has
        succeeded, tell the app it is gone, as API Gateway does."""
        conn = self.connections.pop(getattr(socket, "connection_id", ""), None)
        if conn is not None and conn.connect is not None:
            self._spawn(self._disconnect_abandoned(conn, conn.connect))

    async def _disconnect_abandoned(self, conn: LiveConnection, connect: asyncio.Future[tuple[int, bytes]]) -> None:
        status, _ = await connect
        if status < 300:
            await self._lambda("$disconnect", self._disconnect_event(conn, 1006, "Going away"))

    async def _session(self, socket: ServerConnection) -> None:
        conn = self.connections[socket.connection_id]  # type: ignore[attr-defined]
        conn.socket = socket  # posts answered Gone until now: the upgrade was pending
        writer = asyncio.ensure_future(self._write(conn, socket))
        try:
            async for frame in socket:
                conn.last_active = time.time()
                body = frame if isinstance(frame, str) else frame.decode(errors="replace")
                route = self._route_for(body)
                if route in MOCK_ROUTES:
                    self._enqueue(conn, MOCK_ROUTES[route].encode())
                    continue
                event = events.message_event(conn.connection_id, route, body, stage=self._stage, domain=self.domain,
                                             connected_at=conn.connected_at, source_ip=conn.source_ip)
                self._spawn(self._frame(conn, route, event))
        except ConnectionClosed:
            pass
        finally:
            writer.cancel()
            self.connections.pop(conn.connection_id, None)
            conn.socket = None
            event = self._disconnect_event(conn, socket.close_code or 1006, socket.close_reason or "")
            await self._lambda("$disconnect", event)

    async def _frame(self, conn: LiveConnection, route: str, event: dict[str, Any]) -> None:
        """A frame whose Lambda failed (it raised, crashed, timed out) gets API Gateway's error message."""
        status, _ = await self._lambda(route, event)
        if status >= 500:
            error = {"message": "Internal server error", "connectionId": conn.connection_id,
                     "requestId": event["requestContext"]["requestId"]}
            self._enqueue(conn, json.dumps(error).encode())

    def _disconnect_event(self, conn: LiveConnection, code: int, reason: str) -> dict[str, Any]:
        return events.disconnect_event(conn.connection_id, status_code=code, reason=reason, stage=self._stage,
                                       domain=self.domain, connected_at=conn.connected_at, source_ip=conn.source_ip)

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
