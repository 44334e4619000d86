"""The WebSocket protocol: ``$connect``/``$disconnect`` bookkeeping and the message actions.

Every frame gets an answer on its own connection: ``messageAck`` or an ``error`` event
carrying the frame's ``clientMsgId``. A bad frame never closes the socket. ``ping`` never
gets here: API Gateway answers it on its own route (a MOCK integration), without Lambda.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from chalicelib import telemetry
from chalicelib.auth import Principal, TokenVerifier
from chalicelib.broadcast import Broadcaster
from chalicelib.connections import ConnectionRegistry
from chalicelib.errors import ChatError, Unauthorized, ValidationFailed
from chalicelib.messages import Messages
from chalicelib.schemas import SendMessageFrame, parse
from chalicelib.users import Users

log = logging.getLogger(__name__)

Action = Callable[[str, Principal, dict[str, Any]], None]


def error_event(error: ChatError, frame: dict[str, Any] | None = None) -> dict[str, Any]:
    event: dict[str, Any] = {"event": "error", **error.to_dict()}
    client_msg_id = frame.get("clientMsgId") if frame else None
    if isinstance(client_msg_id, str):
        event["clientMsgId"] = client_msg_id
    return event


class Realtime:
    def __init__(self, verifier: TokenVerifier, users: Users, connections: ConnectionRegistry,
                 messages: Messages, broadcast: Broadcaster, lookups: ThreadPoolExecutor) -> None:
        self._verifier = verifier
        self._users = users
        self._connections = connections
        self._messages = messages
        self._broadcast = broadcast
        self._lookups = lookups
        self._actions: dict[str, Action] = {"sendMessage": self._send_message}

    def connect(self, connection_id: str, token: str | None) -> Principal:
        """Raises Unauthorized for a missing or bad token: the handshake is refused."""
        if not token:
            raise Unauthorized("Pass the Cognito token as ?token=")
        principal = self._verifier.verify(token)
        self._users.ensure(principal)
        self._connections.register(connection_id, principal)
        telemetry.connection_opened()
        return principal

    def disconnect(self, connection_id: str) -> None:
        self._connections.forget(connection_id)

    def receive(self, connection_id: str, body: str | None) -> None:
        """Handle one client frame and answer on the same connection."""
        frame: dict[str, Any] | None = None
        try:
            frame = self._decode(body)
            principal = self._connections.principal(connection_id)
            if principal is None:
                raise Unauthorized("Unknown connection; reconnect", code="unknown_connection")
            action = frame.get("action")
            if not isinstance(action, str) or not action:
                raise ValidationFailed("Every frame needs an 'action'", code="missing_action")
            handler = self._actions.get(action)
            if handler is None:
                raise ValidationFailed(f"Unknown action '{action}'", code="unknown_action")
            handler(connection_id, principal, frame)  # answers on the connection itself
            return
        except ChatError as exc:
            reply = error_event(exc, frame)
        except Exception:
            log.exception("WebSocket frame failed on %s", connection_id)
            reply = error_event(ChatError("Something went wrong; retry with the same clientMsgId",
                                          code="internal_error", status=500), frame)
        self._broadcast.to_connection(connection_id, reply)

    # -- actions -----------------------------------------------------------------------
    def _send_message(self, connection_id: str, principal: Principal, frame: dict[str, Any]) -> None:
        """Ack the sender first, then fan out to everyone else (a plain resend is only acked)."""
        request = parse(SendMessageFrame, frame)
        room_id = str(request.room_id)
        connections = self._lookups.submit(self._connections.room_connections, room_id)
        result = self._messages.send(principal, room_id, request)
        self._broadcast.to_connection(connection_id, {"event": "messageAck", "clientMsgId": request.client_msg_id,
                                                      "message": result.message, "duplicate": result.duplicate})
        if result.stored:
            self._broadcast.to_room(room_id, {"event": "message", "message": result.message},
                                    exclude=connection_id, connections=connections)

    @staticmethod
    def _decode(body: str | None) -> dict[str, Any]:
        try:
            frame = json.loads(body or "")
        except ValueError as exc:
            raise ValidationFailed("Frame is not valid JSON", code="invalid_json") from exc
        if not isinstance(frame, dict):
            raise ValidationFailed("Frame must be a JSON object", code="invalid_body")
        return frame
