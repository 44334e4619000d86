"""The WebSocket protocol: ``$connect``/``$disconnect`` bookkeeping and dispatch to the actions.

Every frame gets one answer on its own connection: the action's reply or an ``error`` event
carrying the frame's ``clientMsgId``. A bad frame never closes the socket. ``ping`` never
gets here: API Gateway answers it on its own route (a MOCK integration), without Lambda.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Set
from typing import Any

from chalicelib import aws, protocol, telemetry
from chalicelib.actions import REGISTRY, Action, Context, Outcome, Services
from chalicelib.auth import Principal
from chalicelib.errors import ChatError, Forbidden, TokenExpired, Unauthorized, ValidationFailed
from chalicelib.ratelimit.limits import Limits
from chalicelib.schemas import RoomFrame, decode_json, parse
from chalicelib.sessions import Sessions
from chalicelib.tickets import Tickets
from chalicelib.users import Users

log = logging.getLogger(__name__)


class Realtime:
    def __init__(self, tickets: Tickets, users: Users, services: Services, sessions: Sessions, limits: Limits,
                 allowed_origins: Set[str], actions: dict[str, Action[Any]] = REGISTRY) -> None:
        self._tickets = tickets
        self._users = users
        self._services = services
        self._sessions = sessions
        self._limits = limits
        self._allowed_origins = allowed_origins
        self._actions = actions

    @aws.guarded
    def connect(self, connection_id: str, ticket: str | None, origin: str | None) -> Principal:
        """The handshake is refused with 403 for a foreign (or ``null``) browser Origin, which is
        how cross-site WebSocket hijacking starts, with 401 without a valid ticket, and with 429 past
        the user's connect attempts.

        No Origin at all is not a browser (tests, load generators, native clients): nothing
        for a hijacking page to ride on there, and the ticket still has to be valid."""
        if origin is not None and origin.rstrip("/") not in self._allowed_origins:
            log.info("handshake refused: origin %.100r is not allowed", origin)
            raise Forbidden("This origin may not open a WebSocket", code="origin_not_allowed")
        principal = self._tickets.redeem(ticket)
        self._limits.connect(principal.user_id)
        self._users.ensure(principal)
        registered = self._services.connections.register(connection_id, principal)
        telemetry.connection_opened()
        if registered.came_online:
            self._services.presence.came_online(principal.user_id, registered.room_ids)
        return principal

    def disconnect(self, connection_id: str) -> None:
        """A connection found Gone by a fan-out first was forgotten there, without a presence push."""
        forgotten = self._services.connections.forget(connection_id)
        if forgotten is not None and forgotten.was_last:
            self._services.presence.went_quiet(forgotten.user_id, forgotten.room_ids)

    def receive(self, connection_id: str, body: str | None) -> None:
        """Handle one client frame and answer on the same connection."""
        frame: dict[str, Any] | None = None
        after = None
        expired = False
        try:
            frame = self._decode(body)
            outcome = self._dispatch(connection_id, frame)
            reply: protocol.ServerEvent = outcome.reply
            after = outcome.after
        except ChatError as exc:
            reply = protocol.error_event(exc, self._client_msg_id(frame))
            expired = isinstance(exc, TokenExpired)
        except Exception as exc:
            failure: ChatError | None = aws.unavailable(exc)
            if failure is None:
                log.exception("WebSocket frame failed on %s", connection_id)
                failure = ChatError("Something went wrong; retry with the same clientMsgId", code="internal_error",
                                    status=500)
            reply = protocol.error_event(failure, self._client_msg_id(frame))
        self._services.broadcast.to_connection(connection_id, reply)
        if expired:  # answered first, so the client learns why its socket closes
            self._sessions.close(connection_id)
        if after is not None:
            try:
                after()
            except Exception:  # the frame succeeded and was answered; fan-out failures are logged
                log.exception("after-reply work failed on %s", connection_id)

    def _dispatch(self, connection_id: str, frame: dict[str, Any]) -> Outcome:
        caller = self._services.connections.principal(connection_id)
        if caller is None:
            raise Unauthorized("Unknown connection; reconnect", code="unknown_connection")
        if caller.expires_at and caller.expires_at <= time.time():
            raise TokenExpired("Your sign-in has expired; reconnect with a new ticket")
        self._limits.frame(connection_id, caller.user_id)  # every frame counts, whatever its action
        name = frame.get("action")
        if not isinstance(name, str) or not name:
            raise ValidationFailed("Every frame needs an 'action'", code="missing_action")
        action = self._actions.get(name)  # '$connect' & co. are routes, never registered as actions
        if action is None:
            raise ValidationFailed(f"Unknown action '{name}'", code="unknown_action")
        if action.feature is not None:
            self._services.features.require_feature(action.feature)
        request = parse(action.frame, frame)
        access = None
        if action.permission is not None:
            assert isinstance(request, RoomFrame)  # Action checks this at definition
            access = self._services.rooms.authorize_soon(caller, str(request.room_id), action.permission)
            if not action.overlap_check:
                access.result()
        return action.handler(Context(connection_id, caller, self._services, access), request)

    @staticmethod
    def _client_msg_id(frame: dict[str, Any] | None) -> str | None:
        client_msg_id = frame.get("clientMsgId") if frame else None
        return client_msg_id if isinstance(client_msg_id, str) else None

    @staticmethod
    def _decode(body: str | None) -> dict[str, Any]:
        frame = decode_json(body, "Frame")
        if not isinstance(frame, dict):
            raise ValidationFailed("Frame must be a JSON object", code="invalid_body")
        return frame
