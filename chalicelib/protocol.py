"""Everything the server sends a client: the events, and the message/room/member shapes they carry.

This is the only place those dicts are built, REST bodies included. ``web/src/api/types.ts``
mirrors the TypedDicts here and ``tests/unit/test_protocol.py`` checks that both sides agree.
Timestamps on the wire are ISO-8601 UTC with milliseconds and a ``Z`` (``timestamp``).
"""

# No ``from __future__ import annotations``: on 3.11 TypedDict only honours ``NotRequired`` as a real type.
from datetime import UTC, datetime
from typing import Literal, NotRequired, TypedDict

from chalicelib.errors import ChatError
from chalicelib.models import Membership, Message, Room


# -- shapes ----------------------------------------------------------------------------------
class MessageWire(TypedDict):
    messageId: str
    roomId: str
    seq: int
    userId: str
    username: str
    content: str
    type: str
    replyTo: str | None
    clientMsgId: str
    createdAt: str


class RoomWire(TypedDict):
    roomId: str
    name: str
    kind: str
    description: str | None
    createdBy: str
    createdAt: str
    lastSeq: int


class MemberWire(TypedDict):
    userId: str
    username: str
    role: str
    joinedAt: str


class ErrorBody(TypedDict):
    code: str
    message: str


# -- events ----------------------------------------------------------------------------------
class MessageAckEvent(TypedDict):
    """To the sending socket only; ``duplicate`` when this ``clientMsgId`` was sent before."""

    event: Literal["messageAck"]
    clientMsgId: str
    duplicate: bool
    message: MessageWire


class MessageEvent(TypedDict):
    """A new message, to every other live connection of the room."""

    event: Literal["message"]
    message: MessageWire


class RoomAddedEvent(TypedDict):
    """The user was added to a room; their open connections now receive it."""

    event: Literal["roomAdded"]
    room: RoomWire


class ErrorEvent(TypedDict):
    """A frame failed; echoes the frame's ``clientMsgId`` when it had one."""

    event: Literal["error"]
    error: ErrorBody
    clientMsgId: NotRequired[str]


class PongEvent(TypedDict):
    """Answers ``ping``; sent by API Gateway's MOCK route, never built by the app."""

    event: Literal["pong"]


ServerEvent = MessageAckEvent | MessageEvent | RoomAddedEvent | ErrorEvent | PongEvent
SERVER_EVENTS: tuple[type, ...] = (MessageAckEvent, MessageEvent, RoomAddedEvent, ErrorEvent, PongEvent)


# -- constructors ----------------------------------------------------------------------------
def timestamp(moment: datetime) -> str:
    """``2026-11-25T13:25:17.224Z``: one format for every time on the wire; sorts as text."""
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def message_wire(row: Message) -> MessageWire:
    return {
        "messageId": row.message_id, "roomId": row.room_id, "seq": int(row.seq), "userId": row.user_id,
        "username": row.username, "content": row.content, "type": row.type, "replyTo": row.reply_to,
        "clientMsgId": row.client_msg_id, "createdAt": row.created_at,
    }


def room_wire(room: Room) -> RoomWire:
    return {
        "roomId": room.room_id, "name": room.name, "kind": room.kind, "description": room.description,
        "createdBy": room.created_by, "createdAt": timestamp(room.created_at), "lastSeq": int(room.last_seq or 0),
    }


def member_wire(membership: Membership) -> MemberWire:
    return {"userId": membership.user_id, "username": membership.username, "role": membership.role,
            "joinedAt": timestamp(membership.joined_at)}


def message_ack(client_msg_id: str, message: MessageWire, duplicate: bool) -> MessageAckEvent:
    return {"event": "messageAck", "clientMsgId": client_msg_id, "duplicate": duplicate, "message": message}


def message_event(message: MessageWire) -> MessageEvent:
    return {"event": "message", "message": message}


def room_added(room: Room) -> RoomAddedEvent:
    return {"event": "roomAdded", "room": room_wire(room)}


def error_event(error: ChatError, client_msg_id: str | None = None) -> ErrorEvent:
    event: ErrorEvent = {"event": "error", "error": {"code": error.code, "message": error.message}}
    if client_msg_id is not None:
        event["clientMsgId"] = client_msg_id
    return event
