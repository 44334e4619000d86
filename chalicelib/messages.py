"""Posting (exactly once per clientMsgId, then fan-out) and reading a room: history, threads, resume."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from pynamodb.exceptions import PutError

from chalicelib import protocol, telemetry
from chalicelib.auth import Principal
from chalicelib.broadcast import Broadcaster
from chalicelib.changes import Changes, next_seq
from chalicelib.connections import ConnectionRegistry
from chalicelib.envelope import CONTENT, Envelope
from chalicelib.errors import Conflict, NotFound, ValidationFailed
from chalicelib.mentions import MentionChange, Mentions
from chalicelib.models import Message, MessageKey, expiry_bucket, utcnow
from chalicelib.pages import decode_cursor, encode_cursor
from chalicelib.policy import RoomRole
from chalicelib.protocol import MessageWire, ServerEvent
from chalicelib.rooms import Rooms
from chalicelib.schemas import HistoryQuery, NewMessage, ResumeFrame
from chalicelib.users import Users

IDEMPOTENCY_WINDOW = timedelta(days=1)


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

    A resend loses the claim in step 2 and is answered with the message's current row (it
    may have been edited since); if the first attempt died between steps 2 and 3, the resend
    finishes step 3 for it, so a message that was acknowledged once is never lost and is
    stored (and fanned out) once. A lost claim skips its freshly allocated seq: seqs are
    strictly increasing, not dense. A new row's ``changeSeq`` is its ``seq``, in the same put.
    ``@username`` mentions are resolved before the claim (a read only when the content has an
    ``@``) and stored on the row; the mentioned hear of it after the room's fan-out.
    """

    def __init__(self, rooms: Rooms, changes: Changes, mentions: Mentions, connections: ConnectionRegistry,
                 broadcast: Broadcaster, retention_days: int, resume_window: int, users: Users,
                 envelope: Envelope) -> None:
        self._rooms = rooms
        self._users = users
        self._mentions = mentions
        self._changes = changes
        self._resume_window = resume_window
        self._connections = connections
        self._broadcast = broadcast
        self._retention = timedelta(days=retention_days)
        self._envelope = envelope

    def post(self, principal: Principal, room_id: str, request: NewMessage, access: Future[RoomRole], *,
             sender: str | None = None) -> Posted:
        """Store the message once; the caller answers the sender, then calls ``fan_out``.

        ``access`` is the POST_MESSAGE check (``Rooms.authorize_soon``), awaited before the seq
        allocation: a refused send leaves the room's ``lastSeq`` as it was. The room's connections
        are read by ``fan_out``, after the ack. ``sender`` (a WebSocket connection) is left out.
        """
        reply_to = str(request.reply_to) if request.reply_to else None
        access.result()
        seq = next_seq(room_id)
        root = self._thread_root(room_id, reply_to) if reply_to else None
        mentions = self._mentions.resolve(room_id, request.content)
        key = MessageKey.key_for(room_id, principal.user_id, request.client_msg_id)
        now = utcnow()
        message_id = str(uuid.uuid4())
        expires_at = now + self._retention
        row = Message(room_id, seq, message_id=message_id, user_id=principal.user_id,
                      username=principal.username, type=request.type, reply_to=reply_to,
                      thread_only=bool(reply_to) and not request.also_to_room, change_seq=seq,
                      client_msg_id=request.client_msg_id, created_at=protocol.timestamp(now),
                      mentions=mentions or None, expires_at=expires_at,
                      expiry_bucket=expiry_bucket(room_id, expires_at),
                      lookalike=self._users.lookalike(principal.user_id) or None)
        attributes = row.to_simple_dict()  # before sealing: JSON holds no binary
        row.sealed_content = self._envelope.seal(room_id, message_id, CONTENT, request.content)
        duplicate = False
        try:
            MessageKey(key, seq=seq, message=attributes, sealed_content=row.sealed_content,
                       expires_at=now + IDEMPOTENCY_WINDOW).save(condition=MessageKey.key.does_not_exist())
        except PutError as exc:
            if exc.cause_response_code != "ConditionalCheckFailedException":
                raise
            first = MessageKey.get(key, consistent_read=True)
            row = Message()
            row.from_simple_dict(first.message)
            row.sealed_content = first.sealed_content
            duplicate = True
        if not self._store(row):
            current = Message.get(room_id, row.seq, consistent_read=True)  # the key item's copy may be stale
            return Posted(protocol.message_wire(current, principal.user_id), duplicate, fan_out=lambda: None)
        message = protocol.message_wire(row)
        root_fan_out = self._changes.reply_added(root, row) if root else None

        def fan_out() -> None:
            owners = self._connections.room_connection_owners(room_id)  # after the write: see Broadcaster.to_room
            self._broadcast.to_room(room_id, protocol.message_event(message), exclude=sender, connections=list(owners))
            if root_fan_out:
                root_fan_out(owners)
            if message["mentions"]:
                change = MentionChange.between([], message["mentions"], message["userId"])
                self._mentions.record(message, change, owners)

        return Posted(message, duplicate, fan_out)

    def history(self, principal: Principal, room_id: str, query: HistoryQuery) -> dict[str, Any]:
        """Newest first; ``nextCursor`` pages strictly older, so pages never overlap or skip."""
        self._rooms.visible(principal, room_id)
        condition = Message.seq < decode_cursor(query.cursor, "before") if query.cursor else None
        page = list(Message.query(room_id, range_key_condition=condition, scan_index_forward=False,
                                  limit=query.limit + 1))
        more = len(page) > query.limit
        page = page[: query.limit]
        return {
            "messages": [protocol.message_wire(m, principal.user_id) for m in page],
            "nextCursor": encode_cursor("before", int(page[-1].seq)) if more else None,
        }

    def thread(self, principal: Principal, room_id: str, message_id: str, query: HistoryQuery) -> dict[str, Any]:
        """The root and its replies, oldest first; ``nextCursor`` pages strictly newer."""
        self._rooms.visible(principal, room_id)
        root = self._changes.find(room_id, message_id)
        condition = Message.seq > decode_cursor(query.cursor, "after") if query.cursor else None
        page = list(Message.reply_index.query(message_id, range_key_condition=condition, limit=query.limit + 1))
        more = len(page) > query.limit
        page = page[: query.limit]
        return {
            "root": protocol.message_wire(root, principal.user_id),
            "replies": [protocol.message_wire(m, principal.user_id) for m in page],
            "nextCursor": encode_cursor("after", int(page[-1].seq)) if more else None,
        }

    def resume(self, principal: Principal, request: ResumeFrame) -> list[ServerEvent]:
        """Per room, in request order: its changes after ``afterSeq`` (current state, oldest
        change first), or ``resumeGap`` when the gap is wider than the replay window. Every
        room is checked through the policy before anything is read."""
        rooms = [self._rooms.visible(principal, str(point.room_id)) for point in request.rooms]
        events: list[ServerEvent] = []
        for room, point in zip(rooms, request.rooms, strict=True):
            last_seq = int(room.last_seq or 0)
            if last_seq - point.after_seq > self._resume_window:
                events.append(protocol.resume_gap(room.room_id, last_seq))
                continue
            page = list(Message.change_index.query(room.room_id, Message.change_seq > point.after_seq,
                                                   limit=request.limit + 1))
            more = len(page) > request.limit
            page = page[: request.limit]
            up_to = int(page[-1].change_seq) if page else point.after_seq
            events.append(protocol.resumed(room.room_id, [protocol.message_wire(m, principal.user_id) for m in page],
                                           up_to, more))
        return events

    def _thread_root(self, room_id: str, reply_to: str) -> Message:
        """A thread hangs off a root in the same room: not a reply itself, not deleted."""
        try:
            root = self._changes.find(room_id, reply_to)
        except NotFound as exc:
            raise ValidationFailed("replyTo must name a message in the same room", code="invalid_reply_to") from exc
        if root.reply_to:
            raise ValidationFailed("replyTo must be a thread's root, not a reply", code="invalid_reply_to")
        if root.deleted:
            raise Conflict("The message was deleted", code="message_deleted")
        return root

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
