"""Posting (exactly once per clientMsgId, then fan-out) and paging through a room's history."""

from __future__ import annotations

import base64
import binascii
import json
import uuid
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from pynamodb.exceptions import PutError, UpdateError

from chalicelib import protocol, telemetry
from chalicelib.auth import Principal
from chalicelib.broadcast import Broadcaster
from chalicelib.connections import ConnectionRegistry
from chalicelib.errors import NotFound, ValidationFailed
from chalicelib.models import Message, MessageKey, Room, utcnow
from chalicelib.policy import RoomRole
from chalicelib.protocol import MessageWire
from chalicelib.rooms import Rooms
from chalicelib.schemas import HistoryQuery, NewMessage

IDEMPOTENCY_WINDOW = timedelta(days=1)


def encode_cursor(seq: int) -> str:
    return base64.urlsafe_b64encode(json.dumps({"before": seq}).encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        before = json.loads(base64.urlsafe_b64decode(padded))["before"]
    except (binascii.Error, ValueError, KeyError, TypeError) as exc:
        raise ValidationFailed("cursor is not one this API returned", code="invalid_cursor") from exc
    if isinstance(before, bool) or not isinstance(before, int) or before < 1:
        raise ValidationFailed("cursor is not one this API returned", code="invalid_cursor")
    return before


@dataclass(frozen=True)
class Posted:
    message: MessageWire
    duplicate: bool  # this clientMsgId had been sent before
    fan_out: Callable[[], None]  # delivers the message to the room; a no-op unless this call stored it


class Messages:
    """The one owner of "post a message", for REST and WebSocket alike.

    Exactly-once store without transactions, in three writes (plus a membership read):

    1. allocate the room's next ``seq`` (atomic ADD);
    2. claim the idempotency key (conditional put carrying the whole message row);
    3. store the message (conditional put on ``(roomId, seq)``).

    A resend loses the claim in step 2 and is answered from the key item; if the first
    attempt died between steps 2 and 3, the resend finishes step 3 for it, so a message that
    was acknowledged once is never lost and is stored (and fanned out) once. A lost claim
    skips its freshly allocated seq: seqs are strictly increasing, not dense.
    """

    def __init__(self, rooms: Rooms, connections: ConnectionRegistry, broadcast: Broadcaster,
                 retention_days: int, lookups: ThreadPoolExecutor) -> None:
        self._rooms = rooms
        self._connections = connections
        self._broadcast = broadcast
        self._retention = timedelta(days=retention_days)
        self._lookups = lookups

    def post(self, principal: Principal, room_id: str, request: NewMessage, access: Future[RoomRole], *,
             sender: str | None = None) -> Posted:
        """Store the message once; the caller answers the sender, then calls ``fan_out``.

        ``access`` is the POST_MESSAGE check (``Rooms.authorize_soon``), awaited after the seq
        allocation: a refused send only skips the seq it allocated. The room's connections
        are read in parallel too. ``sender`` (a WebSocket connection) is left out of the fan-out.
        """
        connections = self._lookups.submit(self._connections.room_connections, room_id)
        reply_to = str(request.reply_to) if request.reply_to else None
        seq = self._next_seq(room_id)
        access.result()
        if reply_to:
            self._check_reply_target(room_id, reply_to)
        key = MessageKey.key_for(room_id, principal.user_id, request.client_msg_id)
        now = utcnow()
        row = Message(room_id, seq, message_id=str(uuid.uuid4()), user_id=principal.user_id,
                      username=principal.username, content=request.content, type=request.type, reply_to=reply_to,
                      client_msg_id=request.client_msg_id, created_at=protocol.timestamp(now),
                      expires_at=now + self._retention)
        duplicate = False
        try:
            MessageKey(key, seq=seq, message=row.to_simple_dict(), expires_at=now + IDEMPOTENCY_WINDOW).save(
                condition=MessageKey.key.does_not_exist())
        except PutError as exc:
            if exc.cause_response_code != "ConditionalCheckFailedException":
                raise
            row = Message()
            row.from_simple_dict(MessageKey.get(key, consistent_read=True).message)
            duplicate = True
        message = protocol.message_wire(row)
        if not self._store(row):
            return Posted(message, duplicate, fan_out=lambda: None)

        def fan_out() -> None:
            self._broadcast.to_room(room_id, protocol.message_event(message), exclude=sender, connections=connections)

        return Posted(message, duplicate, fan_out)

    def history(self, principal: Principal, room_id: str, query: HistoryQuery) -> dict[str, Any]:
        """Newest first; ``nextCursor`` pages strictly older, so pages never overlap or skip."""
        self._rooms.visible(principal, room_id)
        condition = Message.seq < decode_cursor(query.cursor) if query.cursor else None
        page = list(Message.query(room_id, range_key_condition=condition, scan_index_forward=False,
                                  limit=query.limit + 1))
        more = len(page) > query.limit
        page = page[: query.limit]
        return {
            "messages": [protocol.message_wire(m) for m in page],
            "nextCursor": encode_cursor(int(page[-1].seq)) if more else None,
        }

    def _next_seq(self, room_id: str) -> int:
        room = Room(room_id)
        try:
            room.update(actions=[Room.last_seq.add(1)], condition=Room.room_id.exists())
        except UpdateError as exc:
            if exc.cause_response_code == "ConditionalCheckFailedException":
                raise NotFound(f"Room {room_id} not found", code="room_not_found") from exc
            raise
        return int(room.last_seq)

    def _check_reply_target(self, room_id: str, reply_to: str) -> None:
        for hit in Message.message_id_index.query(reply_to, limit=1):
            if hit.room_id == room_id:
                return
        raise ValidationFailed("replyTo must name a message in the same room", code="invalid_reply_to")

    @staticmethod
    def _store(row: Message) -> bool:
        """Write the history row once; False if it is already there."""
        try:
            row.save(condition=Message.seq.does_not_exist())
        except PutError as exc:
            if exc.cause_response_code == "ConditionalCheckFailedException":
                return False
            raise
        telemetry.message_sent()
        return True
