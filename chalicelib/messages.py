"""Sending (exactly once per clientMsgId) and paging through a room's history."""

from __future__ import annotations

import base64
import binascii
import json
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from pynamodb.exceptions import PutError, UpdateError

from chalicelib import telemetry
from chalicelib.auth import Principal
from chalicelib.errors import Forbidden, NotFound, ValidationFailed
from chalicelib.models import Message, MessageKey, Room, utcnow
from chalicelib.rooms import Rooms
from chalicelib.schemas import HistoryQuery, NewMessage

IDEMPOTENCY_WINDOW = timedelta(days=1)


def message_to_dict(message: Message) -> dict[str, Any]:
    return {
        "messageId": message.message_id,
        "roomId": message.room_id,
        "seq": int(message.seq),
        "userId": message.user_id,
        "username": message.username,
        "content": message.content,
        "type": message.type,
        "replyTo": message.reply_to,
        "clientMsgId": message.client_msg_id,
        "createdAt": message.created_at,
    }


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
class SendResult:
    message: dict[str, Any]
    duplicate: bool  # this clientMsgId had been sent before
    stored: bool  # this call wrote the message to history: the caller fans it out


class Messages:
    """Exactly-once send without transactions, in three writes (plus a membership read):

    1. allocate the room's next ``seq`` (atomic ADD);
    2. claim the idempotency key (conditional put carrying the whole message);
    3. store the message (conditional put on ``(roomId, seq)``).

    A resend loses the claim in step 2 and is answered from the key item; if the first
    attempt died between steps 2 and 3, the resend finishes step 3 for it, so a message that
    was acknowledged once is never lost and is stored (and fanned out) once. A lost claim
    skips its freshly allocated seq: seqs are strictly increasing, not dense.
    """

    def __init__(self, rooms: Rooms, retention_days: int, lookups: ThreadPoolExecutor) -> None:
        self._rooms = rooms
        self._retention = timedelta(days=retention_days)
        self._lookups = lookups

    def send(self, principal: Principal, room_id: str, request: NewMessage) -> SendResult:
        """The membership check (uncached) runs in parallel with the seq allocation; a
        refused send only skips the seq it allocated."""
        member = self._lookups.submit(self._rooms.is_member, room_id, principal.user_id, fresh=True)
        reply_to = str(request.reply_to) if request.reply_to else None
        seq = self._next_seq(room_id)
        if not member.result():
            raise Forbidden("You are not a member of this room", code="not_a_member")
        if reply_to:
            self._check_reply_target(room_id, reply_to)
        key = MessageKey.key_for(room_id, principal.user_id, request.client_msg_id)
        now = utcnow()
        message = {
            "messageId": str(uuid.uuid4()), "roomId": room_id, "seq": seq, "userId": principal.user_id,
            "username": principal.username, "content": request.content, "type": request.type,
            "replyTo": reply_to, "clientMsgId": request.client_msg_id,
            "createdAt": now.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        }
        try:
            MessageKey(key, seq=seq, message=message, expires_at=now + IDEMPOTENCY_WINDOW).save(
                condition=MessageKey.key.does_not_exist())
        except PutError as exc:
            if exc.cause_response_code != "ConditionalCheckFailedException":
                raise
            original = MessageKey.get(key, consistent_read=True).message
            return SendResult(original, duplicate=True, stored=self._store(original))
        return SendResult(message, duplicate=False, stored=self._store(message))

    def history(self, principal: Principal, room_id: str, query: HistoryQuery) -> dict[str, Any]:
        """Newest first; ``nextCursor`` pages strictly older, so pages never overlap or skip."""
        self._rooms.visible(principal, room_id)
        condition = Message.seq < decode_cursor(query.cursor) if query.cursor else None
        page = list(Message.query(room_id, range_key_condition=condition, scan_index_forward=False,
                                  limit=query.limit + 1))
        more = len(page) > query.limit
        page = page[: query.limit]
        return {
            "messages": [message_to_dict(m) for m in page],
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

    def _store(self, message: dict[str, Any]) -> bool:
        """Write the history row once; False if it is already there."""
        created = datetime.fromisoformat(message["createdAt"].replace("Z", "+00:00"))
        row = Message(
            message["roomId"], message["seq"], message_id=message["messageId"], user_id=message["userId"],
            username=message["username"], content=message["content"], type=message["type"],
            reply_to=message["replyTo"], client_msg_id=message["clientMsgId"], created_at=message["createdAt"],
            expires_at=created + self._retention,
        )
        try:
            row.save(condition=Message.seq.does_not_exist())
        except PutError as exc:
            if exc.cause_response_code == "ConditionalCheckFailedException":
                return False
            raise
        telemetry.message_sent()
        return True
