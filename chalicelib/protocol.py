"""Everything the server sends a client: the events, and the message/room/member shapes they carry.

This is the only place those dicts are built, REST bodies included. ``web/src/api/types.ts``
mirrors the TypedDicts here and ``tests/unit/test_protocol.py`` checks that both sides agree.
Timestamps on the wire are ISO-8601 UTC with milliseconds and a ``Z`` (``timestamp``).
"""

# No ``from __future__ import annotations``: on 3.11 TypedDict only honours ``NotRequired`` as a real type.
from datetime import UTC, datetime
from typing import Literal, NotRequired, TypedDict

from chalicelib.errors import ChatError, RateLimited
from chalicelib.models import AuditRecord, Ban, Block, Invitation, Membership, Message, Pin, Room, User


# -- shapes ----------------------------------------------------------------------------------
class ReactionWire(TypedDict):
    emoji: str
    count: int
    mine: bool  # the receiving user reacted with it (always false in a room-wide fan-out)


class MentionWire(TypedDict):
    """A member named by ``@username`` in a message's content."""

    userId: str
    username: str


class MessageWire(TypedDict):
    messageId: str
    roomId: str
    seq: int
    changeSeq: int  # the room seq of this message's latest change
    userId: str
    username: str
    content: str  # "" once deleted
    type: str
    replyTo: str | None  # the thread root
    threadOnly: bool  # a thread reply not also sent to the room
    replyCount: int  # on a thread root
    lastReplyAt: str | None
    editedAt: str | None
    deleted: bool
    reactions: list[ReactionWire]
    mentions: list[MentionWire]  # members named by @username, in order of appearance; [] when none
    clientMsgId: str
    createdAt: str
    lookalike: bool  # the sender's name mixes scripts or reads like an earlier user's: show a warning


class ReactionChange(TypedDict):
    emoji: str
    userId: str
    added: bool


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
    role: str  # owner | moderator | member
    joinedAt: str
    muteUntil: str | None  # while a mute is in force
    lookalike: bool  # the member's name mixes scripts or reads like an earlier user's: show a warning


class RoomPageWire(TypedDict):
    """``GET /rooms?scope=public``: a page of the directory; ``nextCursor`` continues it (null: the end)."""

    rooms: list[RoomWire]
    nextCursor: str | None


class InvitationWire(TypedDict):
    """A pending invitation to a room (``GET /me/invitations``, ``roomInvited``)."""

    roomId: str
    roomName: str
    roomKind: str
    invitedBy: str
    invitedByName: str
    invitedAt: str
    expiresAt: str


class BlockWire(TypedDict):
    """A user the caller blocked (``GET /me/blocks``)."""

    userId: str
    username: str
    blockedAt: str


class MuteWire(TypedDict):
    """Answers ``POST /rooms/{id}/mutes`` (and ``DELETE``, with ``until`` null)."""

    userId: str
    until: str | None


class BanWire(TypedDict):
    """A row of ``GET /rooms/{id}/bans``; ``bannedBy`` is the moderator's userId."""

    userId: str
    username: str
    reason: str | None
    bannedBy: str
    bannedAt: str


class PinWire(TypedDict):
    """A row of ``GET /rooms/{id}/pins``; ``pinnedBy`` is the pinner's userId."""

    message: MessageWire
    pinnedBy: str
    pinnedAt: str


class ReceiptWire(TypedDict):
    """A member's marks in a room. ``readSeq`` is null when shown to others and the member
    turned receipts off. ``deliveredSeq`` is never below ``readSeq``: reading implies delivery."""

    userId: str
    deliveredSeq: int
    readSeq: int | None


class MemberReceiptWire(TypedDict):
    """A row of ``GET /rooms/{id}/receipts``: a ``ReceiptWire`` with the member's name."""

    userId: str
    username: str
    deliveredSeq: int
    readSeq: int | None


class DeliveredWire(TypedDict):
    roomId: str
    deliveredSeq: int


class UnreadWire(TypedDict):
    """A row of ``GET /me/unread``: ``unread`` counts messages (not edits or reactions) after
    ``readSeq`` sent by others, within the room's newest ``UNREAD_WINDOW`` seqs; ``mentions``
    counts the messages after ``readSeq`` that mention the caller (edits and deletes included)."""

    roomId: str
    lastSeq: int
    readSeq: int
    unread: int
    mentions: int


class SearchResultWire(TypedDict):
    """A row of ``GET /search``: a message (its current state) and the room it is in."""

    message: MessageWire
    roomId: str
    roomName: str


class SearchPageWire(TypedDict):
    """``GET /search``: newest first; ask again with ``nextCursor`` while it is not null."""

    results: list[SearchResultWire]
    nextCursor: str | None


class SettingsWire(TypedDict):
    sendReceipts: bool


class AuditRecordWire(TypedDict):
    messageId: str | None  # edit | delete | pin | unpin
    targetUserId: str | None  # mute | unmute | kick | ban | unban | appoint | dismiss
    action: str  # edit | delete | mute | unmute | kick | ban | unban | pin | unpin | appoint | dismiss
    actorId: str
    actorName: str
    at: str
    previousContent: str | None  # edit | delete only


class PresenceWire(TypedDict):
    """A user's online state: online while they have at least one live connection (any device)."""

    userId: str
    online: bool


class ErrorBody(TypedDict):
    code: str
    message: str
    retryAfter: NotRequired[int]  # rate_limited only: seconds until a retry may pass


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


class MessageUpdatedEvent(TypedDict):
    """A message changed (edit, delete, reaction, thread counters): to the actor, then the room.

    ``reaction`` says who reacted, so each client can keep its own ``mine`` flags.
    """

    event: Literal["messageUpdated"]
    message: MessageWire
    reaction: NotRequired[ReactionChange]


class ResumedEvent(TypedDict):
    """Answers ``resume`` for one room: its changes after ``afterSeq``, oldest change first."""

    event: Literal["resumed"]
    roomId: str
    changes: list[MessageWire]
    upToSeq: int  # ask again from here while ``hasMore``
    hasMore: bool


class ResumeGapEvent(TypedDict):
    """The gap is wider than the replay window: drop the room's state and reload its history."""

    event: Literal["resumeGap"]
    roomId: str
    lastSeq: int


class MentionEvent(TypedDict):
    """The user was newly mentioned (by a new message or an edit): to all their connections."""

    event: Literal["mention"]
    roomId: str
    message: MessageWire


class RoomAddedEvent(TypedDict):
    """The user was added to a room; their open connections now receive it."""

    event: Literal["roomAdded"]
    room: RoomWire


class RoomInvitedEvent(TypedDict):
    """The user was invited to a room: accept or decline it over REST."""

    event: Literal["roomInvited"]
    invitation: InvitationWire


class RoomRemovedEvent(TypedDict):
    """The user was kicked or banned: their connections no longer receive the room."""

    event: Literal["roomRemoved"]
    roomId: str
    reason: Literal["kicked", "banned"]


class PinsChangedEvent(TypedDict):
    """A message was pinned or unpinned: fetch ``GET /rooms/{id}/pins`` again."""

    event: Literal["pinsChanged"]
    roomId: str


class DeliveredEvent(TypedDict):
    """Answers ``ackDelivered``: the marks now stored, which may be higher than asked."""

    event: Literal["delivered"]
    rooms: list[DeliveredWire]


class ReceiptsEvent(TypedDict):
    """Members' marks changed: answers ``markRead`` (the caller's own), and fans out to the
    authors of newly delivered messages (delivery) or to the room's members (read)."""

    event: Literal["receipts"]
    roomId: str
    members: list[ReceiptWire]


class TypingAckEvent(TypedDict):
    """Answers ``typing``: whether the room was told (a ``start`` inside the throttle window is not)."""

    event: Literal["typingAck"]
    roomId: str
    fannedOut: bool


class TypingEvent(TypedDict):
    """Someone else in the room started or stopped typing; a ``start`` lapses after ``expiresInMs``."""

    event: Literal["typing"]
    roomId: str
    userId: str
    username: str
    state: Literal["start", "stop"]
    expiresInMs: int


class PresenceEvent(TypedDict):
    """Users who share a room with the receiver came online or went offline."""

    event: Literal["presence"]
    users: list[PresenceWire]


class ErrorEvent(TypedDict):
    """A frame failed; echoes the frame's ``clientMsgId`` when it had one."""

    event: Literal["error"]
    error: ErrorBody
    clientMsgId: NotRequired[str]


class PongEvent(TypedDict):
    """Answers ``ping``; sent by API Gateway's MOCK route, never built by the app."""

    event: Literal["pong"]


ServerEvent = (MessageAckEvent | MessageEvent | MessageUpdatedEvent | ResumedEvent | ResumeGapEvent
               | RoomAddedEvent | RoomRemovedEvent | PinsChangedEvent | DeliveredEvent | ReceiptsEvent
               | TypingAckEvent | TypingEvent | PresenceEvent | MentionEvent | ErrorEvent | PongEvent
               | RoomInvitedEvent)
SERVER_EVENTS: tuple[type, ...] = (MessageAckEvent, MessageEvent, MessageUpdatedEvent, ResumedEvent, ResumeGapEvent,
                                   RoomAddedEvent, RoomRemovedEvent, PinsChangedEvent, DeliveredEvent, ReceiptsEvent,
                                   TypingAckEvent, TypingEvent, PresenceEvent, MentionEvent, ErrorEvent, PongEvent,
                                   RoomInvitedEvent)


# -- constructors ----------------------------------------------------------------------------
def timestamp(moment: datetime) -> str:
    """``2026-11-25T13:25:17.224Z``: one format for every time on the wire; sorts as text."""
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def reaction_entry(emoji: str, user_id: str) -> str:
    """How one user's reaction is stored in ``Message.reactions`` (an emoji never holds a space)."""
    return f"{emoji} {user_id}"


def reactions_wire(entries: set[str] | None, viewer: str | None) -> list[ReactionWire]:
    """Counts per emoji, sorted by emoji so every reader sees one order; ``mine`` for ``viewer``."""
    users: dict[str, set[str]] = {}
    for entry in sorted(entries or ()):
        emoji, _, user_id = entry.partition(" ")
        users.setdefault(emoji, set()).add(user_id)
    return [{"emoji": emoji, "count": len(who), "mine": viewer in who} for emoji, who in users.items()]


def message_wire(row: Message, viewer: str | None = None) -> MessageWire:
    """The one mapping of a message row; ``viewer`` is the user the ``mine`` flags are for."""
    seq = int(row.seq)
    return {
        "messageId": row.message_id, "roomId": row.room_id, "seq": seq,
        "changeSeq": int(row.change_seq) if row.change_seq is not None else seq,
        "userId": row.user_id, "username": row.username, "content": row.content, "type": row.type,
        "replyTo": row.reply_to, "threadOnly": bool(row.thread_only), "replyCount": int(row.reply_count or 0),
        "lastReplyAt": row.last_reply_at, "editedAt": row.edited_at, "deleted": bool(row.deleted),
        "reactions": reactions_wire(row.reactions, viewer), "mentions": list(row.mentions or []),
        "clientMsgId": row.client_msg_id, "createdAt": row.created_at, "lookalike": bool(row.lookalike),
    }


def audit_wire(record: AuditRecord) -> AuditRecordWire:
    return {"messageId": record.message_id, "targetUserId": record.target_user_id, "action": record.action,
            "actorId": record.actor_id, "actorName": record.actor_name, "at": record.at,
            "previousContent": record.previous_content}


def room_wire(room: Room) -> RoomWire:
    return {
        "roomId": room.room_id, "name": room.name, "kind": room.kind, "description": room.description,
        "createdBy": room.created_by, "createdAt": timestamp(room.created_at), "lastSeq": int(room.last_seq or 0),
    }


def member_wire(membership: Membership) -> MemberWire:
    muted = membership.muted_until()
    return {"userId": membership.user_id, "username": membership.username, "role": membership.role,
            "joinedAt": timestamp(membership.joined_at), "muteUntil": timestamp(muted) if muted else None,
            "lookalike": bool(membership.lookalike)}


def mute_wire(user_id: str, until: datetime | None) -> MuteWire:
    return {"userId": user_id, "until": timestamp(until) if until else None}


def ban_wire(ban: Ban) -> BanWire:
    return {"userId": ban.user_id, "username": ban.username, "reason": ban.reason, "bannedBy": ban.banned_by,
            "bannedAt": ban.banned_at}


def pin_wire(pin: Pin, message: Message, viewer: str | None = None) -> PinWire:
    return {"message": message_wire(message, viewer), "pinnedBy": pin.pinned_by, "pinnedAt": pin.pinned_at}


def settings_wire(user: User) -> SettingsWire:
    return {"sendReceipts": user.send_receipts is not False}


def delivered(marks: dict[str, int]) -> DeliveredEvent:
    return {"event": "delivered", "rooms": [{"roomId": room, "deliveredSeq": seq} for room, seq in marks.items()]}


def receipts(room_id: str, members: list[ReceiptWire]) -> ReceiptsEvent:
    return {"event": "receipts", "roomId": room_id, "members": members}


def message_ack(client_msg_id: str, message: MessageWire, duplicate: bool) -> MessageAckEvent:
    return {"event": "messageAck", "clientMsgId": client_msg_id, "duplicate": duplicate, "message": message}


def message_event(message: MessageWire) -> MessageEvent:
    return {"event": "message", "message": message}


def message_updated(message: MessageWire, reaction: ReactionChange | None = None) -> MessageUpdatedEvent:
    event: MessageUpdatedEvent = {"event": "messageUpdated", "message": message}
    if reaction is not None:
        event["reaction"] = reaction
    return event


def resumed(room_id: str, changes: list[MessageWire], up_to_seq: int, has_more: bool) -> ResumedEvent:
    return {"event": "resumed", "roomId": room_id, "changes": changes, "upToSeq": up_to_seq, "hasMore": has_more}


def resume_gap(room_id: str, last_seq: int) -> ResumeGapEvent:
    return {"event": "resumeGap", "roomId": room_id, "lastSeq": last_seq}


def mention(message: MessageWire) -> MentionEvent:
    return {"event": "mention", "roomId": message["roomId"], "message": message}


def search_result(message: Message, room_name: str) -> SearchResultWire:
    return {"message": message_wire(message), "roomId": message.room_id, "roomName": room_name}


def room_added(room: Room) -> RoomAddedEvent:
    return {"event": "roomAdded", "room": room_wire(room)}


def room_invited(invitation: InvitationWire) -> RoomInvitedEvent:
    return {"event": "roomInvited", "invitation": invitation}


def invitation_wire(row: Invitation) -> InvitationWire:
    expires = timestamp(row.expires_at) if row.expires_at else row.invited_at
    return {"roomId": row.room_id, "roomName": row.room_name, "roomKind": row.room_kind, "invitedBy": row.invited_by,
            "invitedByName": row.invited_by_name, "invitedAt": row.invited_at, "expiresAt": expires}


def block_wire(row: Block) -> BlockWire:
    return {"userId": row.blocked_id, "username": row.username, "blockedAt": row.blocked_at}


def room_removed(room_id: str, reason: Literal["kicked", "banned"]) -> RoomRemovedEvent:
    return {"event": "roomRemoved", "roomId": room_id, "reason": reason}


def pins_changed(room_id: str) -> PinsChangedEvent:
    return {"event": "pinsChanged", "roomId": room_id}


def typing_ack(room_id: str, fanned_out: bool) -> TypingAckEvent:
    return {"event": "typingAck", "roomId": room_id, "fannedOut": fanned_out}


def typing(room_id: str, user_id: str, username: str, state: Literal["start", "stop"],
           expires_in_ms: int) -> TypingEvent:
    return {"event": "typing", "roomId": room_id, "userId": user_id, "username": username, "state": state,
            "expiresInMs": expires_in_ms}


def presence(users: list[PresenceWire]) -> PresenceEvent:
    return {"event": "presence", "users": users}


def error_event(error: ChatError, client_msg_id: str | None = None) -> ErrorEvent:
    event: ErrorEvent = {"event": "error", "error": {"code": error.code, "message": error.message}}
    if isinstance(error, RateLimited):
        event["error"]["retryAfter"] = error.retry_after
    if client_msg_id is not None:
        event["clientMsgId"] = client_msg_id
    return event


class TicketWire(TypedDict):
    """``POST /realtime/ticket``: the one-time credential for ``$connect`` (``?ticket=``)."""

    ticket: str
    expiresIn: int  # seconds it stays redeemable
