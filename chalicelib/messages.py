"""Sending (exactly once per clientMsgId) and paging through a room's history."""

from __future__ import annotations

import base64
import binascii
import json
import uuid
from datetime import timedelta
from typing import Any

from pynamodb.connection import Connection as DynamoConnection
from pynamodb.exceptions import DoesNotExist, TransactWriteError, UpdateError
from pynamodb.transactions import TransactWrite

from chalicelib.auth import Principal
from chalicelib.errors import NotFound, ValidationFailed
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
    if not isinstance(before, int) or before < 1:
        raise ValidationFailed("cursor is not one this API returned", code="invalid_cursor")
    return before


class Messages:
    """A send costs two DynamoDB writes: the seq counter, then one transaction that stores
    the message together with its idempotency key. A resend fails the key's condition
    and gets the original message back (its freshly allocated seq is skipped, never reused)."""

    def __init__(self, rooms: Rooms, region: str, retention_days: int) -> None:
        self._rooms = rooms
        self._retention = timedelta(days=retention_days)
        self._dynamo = DynamoConnection(region=region)

    def send(self, principal: Principal, room_id: str, request: NewMessage) -> tuple[dict[str, Any], bool]:
        """Store a message once; returns it and whether it had been stored before."""
        self._rooms.require_member(room_id, principal.user_id)
        reply_to = str(request.reply_to) if request.reply_to else None
        if reply_to:
            self._check_reply_target(room_id, reply_to)
        key = MessageKey.key_for(room_id, principal.user_id, request.client_msg_id)
        now = utcnow()
        seq = self._next_seq(room_id)
        message = Message(
            room_id, seq,
            message_id=str(uuid.uuid4()), user_id=principal.user_id, username=principal.username,
            content=request.content, type=request.type, reply_to=reply_to,
            client_msg_id=request.client_msg_id,
            created_at=now.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            expires_at=now + self._retention,
        )
        try:
            with TransactWrite(connection=self._dynamo) as tx:
                tx.save(MessageKey(key, seq=seq, expires_at=now + IDEMPOTENCY_WINDOW),
                        condition=MessageKey.key.does_not_exist())
                tx.save(message, condition=Message.seq.does_not_exist())
        except TransactWriteError as exc:
            reasons = exc.cancellation_reasons or []
            if reasons and reasons[0] is not None and reasons[0].code == "ConditionalCheckFailed":
                return self._stored(room_id, key), True
            raise
        return message_to_dict(message), False

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

    def _stored(self, room_id: str, key: str) -> dict[str, Any]:
        try:
            seq = MessageKey.get(key, consistent_read=True).seq
            return message_to_dict(Message.get(room_id, seq, consistent_read=True))
        except DoesNotExist as exc:  # the key outlived its message (retention): treat as new loss
            raise NotFound("The original message no longer exists", code="message_expired") from exc
