"""Typing indicators: a throttled signal to the room's other members, never stored as history.

The throttle must hold across Lambda containers, so it is one conditional write on the
(room, user) ``TypingState`` row: a ``start`` goes out only when none went out in the last
``THROTTLE_MS``; a ``stop`` goes out only when an unexpired, unstopped ``start`` did.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Literal

from pynamodb.exceptions import PutError, UpdateError

from chalicelib import protocol
from chalicelib.auth import Principal
from chalicelib.broadcast import Broadcaster
from chalicelib.connections import ConnectionRegistry
from chalicelib.models import TypingState, utcnow

THROTTLE_MS = 3000  # at most one fanned-out start per user per room in this window
EXPIRES_IN_MS = 6000  # clients drop a start not refreshed within this

TypingStateName = Literal["start", "stop"]


@dataclass(frozen=True)
class Signalled:
    fanned_out: bool
    fan_out: Callable[[], None] | None  # tell the room's other members, after the reply


def _conditional_failed(exc: PutError | UpdateError) -> bool:
    return exc.cause_response_code == "ConditionalCheckFailedException"


class TypingIndicator:
    def __init__(self, connections: ConnectionRegistry, broadcast: Broadcaster) -> None:
        self._connections = connections
        self._broadcast = broadcast

    def signal(self, principal: Principal, room_id: str, state: TypingStateName) -> Signalled:
        """Record the signal if it passes the throttle; the caller checked membership."""
        now_ms = int(time.time() * 1000)
        passed = self._start(room_id, principal.user_id, now_ms) if state == "start" else \
            self._stop(room_id, principal.user_id, now_ms)
        if not passed:
            return Signalled(False, None)
        event = protocol.typing(room_id, principal.user_id, principal.username, state, EXPIRES_IN_MS)
        return Signalled(True, lambda: self._to_others(room_id, principal.user_id, event))

    @staticmethod
    def _start(room_id: str, user_id: str, now_ms: int) -> bool:
        row = TypingState(room_id, user_id, started_ms=now_ms, stopped=False,
                          expires_at=utcnow() + timedelta(milliseconds=EXPIRES_IN_MS))
        try:
            row.save(condition=TypingState.started_ms.does_not_exist()
                     | (TypingState.started_ms <= now_ms - THROTTLE_MS))
        except PutError as exc:
            if not _conditional_failed(exc):
                raise
            return False
        return True

    @staticmethod
    def _stop(room_id: str, user_id: str, now_ms: int) -> bool:
        try:
            TypingState(room_id, user_id).update(
                actions=[TypingState.stopped.set(True)],
                condition=(TypingState.stopped == False)  # noqa: E712
                & (TypingState.started_ms > now_ms - EXPIRES_IN_MS))
        except UpdateError as exc:
            if not _conditional_failed(exc):
                raise
            return False
        return True

    def _to_others(self, room_id: str, user_id: str, event: protocol.TypingEvent) -> None:
        """The room's connections except all of the typist's own (their other devices know)."""
        owners = self._connections.room_connection_owners(room_id)
        others = [cid for cid, owner in owners.items() if owner != user_id]
        self._broadcast.to_room(room_id, event, connections=others)
