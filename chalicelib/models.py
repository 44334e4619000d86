"""DynamoDB data model (PynamoDB).

Access patterns, each served by a key or an index — nothing here is ever Scanned:

==============================================  =========================================
Pattern                                         Served by
==============================================  =========================================
get a user / room                               ``User`` / ``Room`` hash key
allocate a room's next message seq              ``Room.last_seq`` atomic ADD
list public rooms, newest first                 ``Room.public_index`` (sparse)
search public rooms by name                     ``Room.public_index`` + filter on ``nameKey``
cap a room's members / a user's rooms           ``Room.member_count`` / ``User.room_count``
is X a member of room R / list R's members      ``Membership`` (roomId, userId)
list X's rooms                                  ``Membership.user_index``
room history, newest first, by page             ``Message`` (roomId, seq) descending
what changed in room R after seq N (resume)     ``Message.change_index`` (roomId, changeSeq)
a thread's replies, oldest first                ``Message.reply_index`` (sparse: replies only)
a user's messages                               ``Message.user_index``
find a message by id (reply targets)            ``Message.message_id_index``
idempotent send by clientMsgId                  ``MessageKey`` conditional put
a room's edit/delete/moderation audit           ``AuditRecord`` (roomId, seq) descending
is X banned from room R / list R's bans         ``Ban`` (roomId, userId)
a room's pins                                   ``Pin`` (roomId, messageId)
a connection's user                             ``Connection`` hash key
a connection's subscribed rooms                 ``RoomConnection.connection_index``
a user's live connections                       ``Connection.user_index``
connections whose token expired before T        ``Connection.token_expiry_index`` (shard, tokenExp < T)
redeem a WebSocket ticket once                  ``Ticket`` conditional delete (ALL_OLD)
a room's live connections (fan-out)             ``RoomConnection`` (roomId, connectionId)
a member's delivered/read marks in a room       ``ReadMark`` (roomId, userId)
every member's marks in a room                  ``ReadMark`` Query on roomId
a user's live connections and announced state   ``Presence`` hash key (userId)
throttle a user's typing in a room              ``TypingState`` (roomId, userId) conditional write
who first took a name's lookalike skeleton      ``UsernameClaim`` conditional put
a member's unread mentions in a room            ``ReadMark.mention_seqs`` (read with the marks)
X's pending invitations / is X invited to R     ``Invitation`` (userId, roomId)
has X blocked Y / X's blocks                    ``Block`` (userId, blockedId)
the DM of a pair of users                       ``DirectPair`` hash key (sorted pair)
messages holding a word, newest first           ``SearchEntry`` (term, position)
... in one room                                 ``SearchEntry.room_index`` (roomId#term, position)
count a rate-limit window's hits                ``RateLimitCounter`` conditional ADD
messages / audit records past their expiry      ``expiry_index`` (sparse: expiryBucket, expiresAt)
==============================================  =========================================
"""

from __future__ import annotations

import zlib
from datetime import UTC, datetime
from typing import Protocol

from pynamodb.attributes import (
    BinaryAttribute,
    BooleanAttribute,
    JSONAttribute,
    NumberAttribute,
    NumberSetAttribute,
    TTLAttribute,
    UnicodeAttribute,
    UnicodeSetAttribute,
    UTCDateTimeAttribute,
)
from pynamodb.constants import STREAM_NEW_AND_OLD_IMAGE
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex, KeysOnlyProjection
from pynamodb.models import Model

from chalicelib.config import Settings


def utcnow() -> datetime:
    return datetime.now(UTC)


class Opener(Protocol):
    """Opens a sealed value (``chalicelib/envelope.py``); ``field`` names the attribute it was sealed for."""

    def open(self, room_id: str, message_id: str, field: str, blob: bytes | str) -> str: ...


_opener: Opener | None = None
CONTENT = "content"  # the field a message's text is sealed for
PREVIOUS_CONTENT = "previousContent"  # ... an audit record's copy of the text an edit or delete replaced


def use_opener(opener: Opener) -> None:
    """Set at start-up (``Chat.from_env``): how sealed content is opened when it is first read."""
    global _opener
    _opener = opener


def opened(room_id: str, message_id: str, field: str, blob: bytes | str) -> str:
    if _opener is None:
        raise RuntimeError("models.use_opener was not called: sealed content cannot be read")
    return _opener.open(room_id, message_id, field, blob)


EXPIRY_SHARDS = 8  # expiry buckets per day: spreads a day's index writes over this many partitions


def expiry_bucket(key: str, expires_at: datetime) -> str:
    """``<expiry day>#<shard of key>``: where a row sits in its table's ``ExpiryIndex``."""
    return f"{expires_at.astimezone(UTC):%Y-%m-%d}#{zlib.crc32(key.encode()) % EXPIRY_SHARDS}"


class BaseMeta:
    """Shared table options. ``table_name`` and ``region`` are unset until ``bind(settings)``:
    a model used before start-up fails loudly instead of talking to a default table."""

    billing_mode = "PAY_PER_REQUEST"
    max_retry_attempts = 3


class User(Model):
    """A Cognito user's profile; ``user_id`` is the token's ``sub``."""

    class Meta(BaseMeta):  # its own class: bind() sets the table name per model
        pass

    user_id = UnicodeAttribute(hash_key=True, attr_name="userId")
    username = UnicodeAttribute()
    email = UnicodeAttribute(null=True)
    created_at = UTCDateTimeAttribute(attr_name="createdAt", default_for_new=utcnow)
    send_receipts = BooleanAttribute(attr_name="sendReceipts", null=True)  # unset: on
    roles = UnicodeSetAttribute(null=True)  # global roles (Cognito groups) when last seen: others' rank
    lookalike = BooleanAttribute(null=True)  # the name mixes scripts or reads like an earlier user's (names.py)
    # Sign-out everywhere, disable or a role change: tokens issued before this (epoch s) get no ticket.
    tokens_valid_after = NumberAttribute(attr_name="tokensValidAfter", null=True)
    room_count = NumberAttribute(attr_name="roomCount", null=True)  # memberships, kept by memberships.py (cap)


class PublicRoomIndex(GlobalSecondaryIndex["Room"]):
    """Sparse: only public rooms carry ``listing``, so DMs and private rooms never appear."""

    class Meta:
        index_name = "PublicRoomIndex"
        projection = AllProjection()

    listing = UnicodeAttribute(hash_key=True)
    created_at = UTCDateTimeAttribute(range_key=True, attr_name="createdAt")


class Room(Model):
    class Meta(BaseMeta):  # its own class: bind() sets the table name per model
        pass

    room_id = UnicodeAttribute(hash_key=True, attr_name="roomId")
    name = UnicodeAttribute()
    kind = UnicodeAttribute()  # public | private | dm
    description = UnicodeAttribute(null=True)
    created_by = UnicodeAttribute(attr_name="createdBy")
    created_at = UTCDateTimeAttribute(attr_name="createdAt", default_for_new=utcnow)
    last_seq = NumberAttribute(attr_name="lastSeq", default=0)
    listing = UnicodeAttribute(null=True)
    # The room's content data key, encrypted by KMS (chalicelib/envelope.py); set by the first send.
    content_key = BinaryAttribute(attr_name="contentKey", null=True, legacy_encoding=False)
    name_key = UnicodeAttribute(attr_name="nameKey", null=True)  # the name normalised for directory search
    member_count = NumberAttribute(attr_name="memberCount", null=True)  # kept by memberships.py (cap)
    public_index = PublicRoomIndex()


class UserRoomsIndex(GlobalSecondaryIndex["Membership"]):
    class Meta:
        index_name = "UserRoomsIndex"
        projection = AllProjection()

    user_id = UnicodeAttribute(hash_key=True, attr_name="userId")
    room_id = UnicodeAttribute(range_key=True, attr_name="roomId")


class Membership(Model):
    class Meta(BaseMeta):  # its own class: bind() sets the table name per model
        pass

    room_id = UnicodeAttribute(hash_key=True, attr_name="roomId")
    user_id = UnicodeAttribute(range_key=True, attr_name="userId")
    username = UnicodeAttribute()
    role = UnicodeAttribute(default="member")  # a policy.RoomRole: owner | moderator | member
    joined_at = UTCDateTimeAttribute(attr_name="joinedAt", default_for_new=utcnow)
    # The send path reads this row anyway, so checking a mute costs a plain send nothing.
    mute_until = UTCDateTimeAttribute(attr_name="muteUntil", null=True)
    lookalike = BooleanAttribute(null=True)  # the member's User.lookalike when they joined
    # DMs only: the other member, so the send path (which reads this row) can check a block.
    peer_id = UnicodeAttribute(attr_name="peerId", null=True)
    user_index = UserRoomsIndex()

    def muted_until(self) -> datetime | None:
        """The mute while it is in force; None once ``muteUntil`` has passed."""
        return self.mute_until if self.mute_until and self.mute_until > utcnow() else None


class MessageUserIndex(GlobalSecondaryIndex["Message"]):
    class Meta:
        index_name = "UserIndex"
        projection = AllProjection()

    user_id = UnicodeAttribute(hash_key=True, attr_name="userId")
    created_at = UnicodeAttribute(range_key=True, attr_name="createdAt")


class MessageIdIndex(GlobalSecondaryIndex["Message"]):
    class Meta:
        index_name = "MessageIdIndex"
        projection = KeysOnlyProjection()

    message_id = UnicodeAttribute(hash_key=True, attr_name="messageId")


class ChangeIndex(GlobalSecondaryIndex["Message"]):
    """Every change to a message (post, edit, delete, reaction, thread reply) moves its
    ``changeSeq`` to the room's next seq, so "what changed after N" is one Query."""

    class Meta:
        index_name = "ChangeIndex"
        projection = AllProjection()

    room_id = UnicodeAttribute(hash_key=True, attr_name="roomId")
    change_seq = NumberAttribute(range_key=True, attr_name="changeSeq")


class ReplyIndex(GlobalSecondaryIndex["Message"]):
    """Sparse: only thread replies carry ``replyTo``."""

    class Meta:
        index_name = "ReplyIndex"
        projection = AllProjection()

    reply_to = UnicodeAttribute(hash_key=True, attr_name="replyTo")
    seq = NumberAttribute(range_key=True)


class MessageExpiryIndex(GlobalSecondaryIndex["Message"]):
    """Sparse: rows with ``expiryBucket``, so the retention sweep (``chalicelib/retention.py``)
    finds expired rows with one Query per (day, shard), never a Scan."""

    class Meta:
        index_name = "ExpiryIndex"
        projection = KeysOnlyProjection()

    expiry_bucket = UnicodeAttribute(hash_key=True, attr_name="expiryBucket")
    expires_at = NumberAttribute(range_key=True, attr_name="expiresAt")


class Message(Model):
    """A chat message; ``seq`` is allocated per room so history order is total and stable.

    ``reactions`` is a string set of ``"<emoji> <userId>"`` entries: DynamoDB's ADD/DELETE on
    a set make "one of each emoji per user" atomic without a read, and the set need not exist.
    ``mentions`` is the ``[{userId, username}]`` list parsed from ``content`` at send and edit.
    The table's stream (old and new images) feeds the search index (``chalicelib/search.py``).
    The text is stored sealed (``contentSealed``, ``chalicelib/envelope.py``) and opened only when
    ``content`` is read, which the services do after their access checks.
    """

    class Meta(BaseMeta):  # its own class: bind() sets the table name per model
        stream_view_type = STREAM_NEW_AND_OLD_IMAGE

    room_id = UnicodeAttribute(hash_key=True, attr_name="roomId")
    seq = NumberAttribute(range_key=True)
    message_id = UnicodeAttribute(attr_name="messageId")
    user_id = UnicodeAttribute(attr_name="userId")
    username = UnicodeAttribute()
    sealed_content = BinaryAttribute(attr_name="contentSealed", null=True, legacy_encoding=False)  # unset: deleted
    plain_content = UnicodeAttribute(attr_name="content", null=True)  # rows stored before sealing, until edited
    type = UnicodeAttribute(default="text")
    reply_to = UnicodeAttribute(null=True, attr_name="replyTo")
    client_msg_id = UnicodeAttribute(attr_name="clientMsgId")
    created_at = UnicodeAttribute(attr_name="createdAt")  # ISO-8601, sortable
    expires_at = TTLAttribute(attr_name="expiresAt", null=True)
    expiry_bucket = UnicodeAttribute(attr_name="expiryBucket", null=True)  # unset on rows stored before the sweep
    change_seq = NumberAttribute(attr_name="changeSeq", null=True)  # null only on rows older than changes
    edited_at = UnicodeAttribute(attr_name="editedAt", null=True)
    deleted = BooleanAttribute(default=False)
    thread_only = BooleanAttribute(attr_name="threadOnly", default=False)
    reply_count = NumberAttribute(attr_name="replyCount", default=0)
    last_reply_at = UnicodeAttribute(attr_name="lastReplyAt", null=True)
    reactions = UnicodeSetAttribute(null=True)
    mentions = JSONAttribute(null=True)  # unset on rows stored before mentions: none
    lookalike = BooleanAttribute(null=True)  # the sender's User.lookalike when sent
    user_index = MessageUserIndex()
    message_id_index = MessageIdIndex()
    change_index = ChangeIndex()
    reply_index = ReplyIndex()
    expiry_index = MessageExpiryIndex()

    @property
    def content(self) -> str:
        """The text, opened from ``contentSealed`` on each read; "" once deleted."""
        if self.sealed_content is None:
            return self.plain_content or ""
        return opened(self.room_id, self.message_id, CONTENT, self.sealed_content)


class MessageKey(Model):
    """Idempotency record: (room, sender, clientMsgId) -> the message first stored under it.

    It carries the whole message so a resend can be answered (and a half-finished send
    repaired) from this one item: its attributes as JSON, its sealed text beside them (JSON
    holds no binary).
    """

    class Meta(BaseMeta):  # its own class: bind() sets the table name per model
        pass

    key = UnicodeAttribute(hash_key=True)
    seq = NumberAttribute()
    message = JSONAttribute()
    sealed_content = BinaryAttribute(attr_name="contentSealed", null=True, legacy_encoding=False)
    expires_at = TTLAttribute(attr_name="expiresAt", null=True)

    @staticmethod
    def key_for(room_id: str, user_id: str, client_msg_id: str) -> str:
        return f"{room_id}#{user_id}#{client_msg_id}"


class AuditExpiryIndex(GlobalSecondaryIndex["AuditRecord"]):
    """``MessageExpiryIndex`` for the audit."""

    class Meta:
        index_name = "ExpiryIndex"
        projection = KeysOnlyProjection()

    expiry_bucket = UnicodeAttribute(hash_key=True, attr_name="expiryBucket")
    expires_at = NumberAttribute(range_key=True, attr_name="expiresAt")


class AuditRecord(Model):
    """One edit, delete or moderation action: who, when, on what (a message, a user) and, for
    edits and deletes, the content before it. ``seq`` is the change's room seq, so records sort
    newest first without a clock. Kept as long as messages are."""

    class Meta(BaseMeta):  # its own class: bind() sets the table name per model
        pass

    room_id = UnicodeAttribute(hash_key=True, attr_name="roomId")
    seq = NumberAttribute(range_key=True)
    message_id = UnicodeAttribute(attr_name="messageId", null=True)  # edit | delete | pin | unpin
    target_user_id = UnicodeAttribute(attr_name="targetUserId", null=True)  # the member moderated
    action = UnicodeAttribute()  # edit | delete | mute | unmute | kick | ban | unban | pin | unpin | appoint | dismiss
    actor_id = UnicodeAttribute(attr_name="actorId")
    actor_name = UnicodeAttribute(attr_name="actorName")
    at = UnicodeAttribute()
    previous_sealed = BinaryAttribute(attr_name="previousContentSealed", null=True, legacy_encoding=False)
    previous_plain = UnicodeAttribute(attr_name="previousContent", null=True)  # records stored before sealing
    expires_at = TTLAttribute(attr_name="expiresAt", null=True)
    expiry_bucket = UnicodeAttribute(attr_name="expiryBucket", null=True)
    expiry_index = AuditExpiryIndex()

    @property
    def previous_content(self) -> str | None:
        """The text an edit or delete replaced (opened on read); None for other actions."""
        if self.previous_sealed is None or self.message_id is None:
            return self.previous_plain
        return opened(self.room_id, self.message_id, PREVIOUS_CONTENT, self.previous_sealed)


class Ban(Model):
    """A user banned from a room: they cannot join or be added until unbanned."""

    class Meta(BaseMeta):  # its own class: bind() sets the table name per model
        pass

    room_id = UnicodeAttribute(hash_key=True, attr_name="roomId")
    user_id = UnicodeAttribute(range_key=True, attr_name="userId")
    username = UnicodeAttribute()
    reason = UnicodeAttribute(null=True)
    banned_by = UnicodeAttribute(attr_name="bannedBy")
    banned_at = UnicodeAttribute(attr_name="bannedAt")


class Pin(Model):
    """A pinned message; ``seq`` finds its row without the message-id index."""

    class Meta(BaseMeta):  # its own class: bind() sets the table name per model
        pass

    room_id = UnicodeAttribute(hash_key=True, attr_name="roomId")
    message_id = UnicodeAttribute(range_key=True, attr_name="messageId")
    seq = NumberAttribute()
    pinned_by = UnicodeAttribute(attr_name="pinnedBy")
    pinned_at = UnicodeAttribute(attr_name="pinnedAt")


class ConnectionUserIndex(GlobalSecondaryIndex["Connection"]):
    class Meta:
        index_name = "UserIndex"
        projection = AllProjection()

    user_id = UnicodeAttribute(hash_key=True, attr_name="userId")


class TokenExpiryIndex(GlobalSecondaryIndex["Connection"]):
    """Connections by the expiry of the token they connected with, for the expiry sweep.

    Spread over ``TOKEN_SWEEP_SHARDS`` hash keys so that no one key takes every ``$connect``'s
    write; the sweep queries each shard for ``tokenExp < now``."""

    class Meta:
        index_name = "TokenExpiryIndex"
        projection = KeysOnlyProjection()

    sweep_shard = NumberAttribute(hash_key=True, attr_name="sweepShard")
    token_exp = NumberAttribute(range_key=True, attr_name="tokenExp")


TOKEN_SWEEP_SHARDS = 8


class Connection(Model):
    """A live API Gateway WebSocket connection: whose it is. Its rooms are its RoomConnection
    rows (``RoomConnection.connection_index``), so the item never grows with the user's rooms."""

    class Meta(BaseMeta):  # its own class: bind() sets the table name per model
        pass

    connection_id = UnicodeAttribute(hash_key=True, attr_name="connectionId")
    user_id = UnicodeAttribute(attr_name="userId")
    username = UnicodeAttribute()
    roles = UnicodeSetAttribute(null=True)  # global roles (Cognito groups) at $connect
    connected_at = UTCDateTimeAttribute(attr_name="connectedAt", default_for_new=utcnow)
    expires_at = TTLAttribute(attr_name="ttl", null=True)
    token_exp = NumberAttribute(attr_name="tokenExp", null=True)  # the connecting token's ``exp`` (epoch s)
    sweep_shard = NumberAttribute(attr_name="sweepShard", null=True)
    user_index = ConnectionUserIndex()
    token_expiry_index = TokenExpiryIndex()


class ConnectionRoomsIndex(GlobalSecondaryIndex["RoomConnection"]):
    """A connection's rooms, for ``$disconnect``: keys only, one small item per room."""

    class Meta:
        index_name = "ConnectionIndex"
        projection = KeysOnlyProjection()

    connection_id = UnicodeAttribute(hash_key=True, attr_name="connectionId")
    room_id = UnicodeAttribute(range_key=True, attr_name="roomId")


class RoomConnection(Model):
    """The fan-out index: one row per (room, live connection), so fan-out is one Query."""

    class Meta(BaseMeta):  # its own class: bind() sets the table name per model
        pass

    room_id = UnicodeAttribute(hash_key=True, attr_name="roomId")
    connection_id = UnicodeAttribute(range_key=True, attr_name="connectionId")
    user_id = UnicodeAttribute(attr_name="userId")
    expires_at = TTLAttribute(attr_name="ttl", null=True)
    connection_index = ConnectionRoomsIndex()


class ReadMark(Model):
    """A member's delivery and read high-water marks in a room: one row per (room, member),
    never per (message, member), so a message costs no write per recipient. Both only grow."""

    class Meta(BaseMeta):  # its own class: bind() sets the table name per model
        pass

    room_id = UnicodeAttribute(hash_key=True, attr_name="roomId")
    user_id = UnicodeAttribute(range_key=True, attr_name="userId")
    delivered_seq = NumberAttribute(attr_name="deliveredSeq", null=True)
    read_seq = NumberAttribute(attr_name="readSeq", null=True)  # reading implies delivery
    mention_seqs = NumberSetAttribute(attr_name="mentionSeqs", null=True)  # messages that mention the member


class SearchRoomIndex(GlobalSecondaryIndex["SearchEntry"]):
    """The same entries keyed per room, for a search within one room."""

    class Meta:
        index_name = "RoomTermIndex"
        projection = KeysOnlyProjection()

    room_term = UnicodeAttribute(hash_key=True, attr_name="roomTerm")
    position = UnicodeAttribute(range_key=True)


class SearchEntry(Model):
    """One word of one message: the inverted index ``search.py`` writes from the Messages
    stream and reads newest first. ``position`` is ``<createdAt>#<roomId>#<seq>`` (sorts by
    time, names the message); entries expire with their message."""

    class Meta(BaseMeta):  # its own class: bind() sets the table name per model
        pass

    term = UnicodeAttribute(hash_key=True)
    position = UnicodeAttribute(range_key=True)
    room_term = UnicodeAttribute(attr_name="roomTerm")
    expires_at = TTLAttribute(attr_name="expiresAt", null=True)
    room_index = SearchRoomIndex()


class Presence(Model):
    """A user's live connection ids (online = any) and the state last pushed to others.

    One UpdateItem per ``$connect``/``$disconnect`` keeps both: ADD/DELETE on the set are
    idempotent, and the old ``online`` returned by the same write says whether to push.
    ``expires_at`` moves to the newest connection's TTL: past it every connection is dead.
    """

    class Meta(BaseMeta):  # its own class: bind() sets the table name per model
        pass

    user_id = UnicodeAttribute(hash_key=True, attr_name="userId")
    connection_ids = UnicodeSetAttribute(attr_name="connectionIds", null=True)
    online = BooleanAttribute(null=True)  # what was last announced to the user's rooms
    expires_at = TTLAttribute(attr_name="ttl", null=True)


class TypingState(Model):
    """The last ``typing`` start fanned out for a user in a room, for the server-side throttle.

    Never history: the row expires (TTL) soon after the typing indicator would.
    """

    class Meta(BaseMeta):  # its own class: bind() sets the table name per model
        pass

    room_id = UnicodeAttribute(hash_key=True, attr_name="roomId")
    user_id = UnicodeAttribute(range_key=True, attr_name="userId")
    started_ms = NumberAttribute(attr_name="startedMs")  # epoch milliseconds of the fanned-out start
    stopped = BooleanAttribute(default=False)  # a stop went out after it
    expires_at = TTLAttribute(attr_name="ttl", null=True)


class RateLimitCounter(Model):
    """Hits in one fixed window of one rate-limit policy for one key (the DynamoDB rate-limit backend).

    ``key`` is ``policy#subject#window``; a conditional ADD counts a hit only below the burst.
    """

    class Meta(BaseMeta):  # its own class: bind() sets the table name per model
        pass

    key = UnicodeAttribute(hash_key=True)
    hits = NumberAttribute(null=True)
    expires_at = TTLAttribute(attr_name="expiresAt", null=True)


class UsernameClaim(Model):
    """The first user whose name has this skeleton (``names.skeleton``): a later user whose name
    reads the same (Cyrillic ``\u0430lice`` after ``alice``) finds it taken and is flagged lookalike."""

    class Meta(BaseMeta):  # its own class: bind() sets the table name per model
        pass

    skeleton = UnicodeAttribute(hash_key=True)
    user_id = UnicodeAttribute(attr_name="userId")
    username = UnicodeAttribute()


class Ticket(Model):
    """A single-use WebSocket ticket (``POST /realtime/ticket``), stored by its SHA-256 only.

    It carries the principal it was issued to, so ``$connect`` needs no token; redeeming it is
    one conditional delete, so a replay finds nothing. TTL removes the ones never redeemed."""

    class Meta(BaseMeta):  # its own class: bind() sets the table name per model
        pass

    ticket_hash = UnicodeAttribute(hash_key=True, attr_name="ticketHash")
    user_id = UnicodeAttribute(attr_name="userId")
    username = UnicodeAttribute()
    email = UnicodeAttribute(null=True)
    roles = UnicodeSetAttribute(null=True)
    token_exp = NumberAttribute(attr_name="tokenExp")  # the issuing token's ``exp``
    valid_until = NumberAttribute(attr_name="validUntil")  # epoch seconds: TTL deletes late, this is exact
    expires_at = TTLAttribute(attr_name="ttl")



class Invitation(Model):
    """A pending invitation to a room: nobody becomes a member without accepting one.
    Keyed by invitee so "my invitations" is one Query; it expires (TTL) unanswered."""

    class Meta(BaseMeta):  # its own class: bind() sets the table name per model
        pass

    user_id = UnicodeAttribute(hash_key=True, attr_name="userId")
    room_id = UnicodeAttribute(range_key=True, attr_name="roomId")
    room_name = UnicodeAttribute(attr_name="roomName")
    room_kind = UnicodeAttribute(attr_name="roomKind")
    invited_by = UnicodeAttribute(attr_name="invitedBy")
    invited_by_name = UnicodeAttribute(attr_name="invitedByName")
    invited_at = UnicodeAttribute(attr_name="invitedAt")
    expires_at = TTLAttribute(attr_name="expiresAt", null=True)


class Block(Model):
    """``user_id`` blocked ``blocked_id``: no DM from them, no invitation from them."""

    class Meta(BaseMeta):  # its own class: bind() sets the table name per model
        pass

    user_id = UnicodeAttribute(hash_key=True, attr_name="userId")
    blocked_id = UnicodeAttribute(range_key=True, attr_name="blockedId")
    username = UnicodeAttribute()  # the blocked user's, for the list
    blocked_at = UnicodeAttribute(attr_name="blockedAt")


class DirectPair(Model):
    """Two users' DM: its room id is random, so only this row (keyed by the sorted pair) finds it."""

    class Meta(BaseMeta):  # its own class: bind() sets the table name per model
        pass

    pair = UnicodeAttribute(hash_key=True)
    room_id = UnicodeAttribute(attr_name="roomId")

    @staticmethod
    def key_for(one: str, other: str) -> str:
        return "|".join(sorted([one, other]))


# Each model's table, without the deployment's prefix (``Settings.table_prefix``).
TABLES: dict[type[Model], str] = {
    User: "Users", Room: "Rooms", Membership: "Memberships", Message: "Messages", MessageKey: "MessageKeys",
    AuditRecord: "MessageAudit", Ban: "Bans", Pin: "Pins",
    Connection: "Connections", RoomConnection: "RoomConnections", ReadMark: "ReadMarks",
    Presence: "Presence", TypingState: "TypingStates", SearchEntry: "SearchIndex",
    RateLimitCounter: "RateLimits",
    UsernameClaim: "UsernameClaims",
    Ticket: "Tickets",
    Invitation: "Invitations", Block: "Blocks", DirectPair: "DirectPairs",
}
ALL_MODELS: tuple[type[Model], ...] = tuple(TABLES)


def bind(settings: Settings) -> None:
    """Point every model at this deployment's tables and region (called once at start-up)."""
    for model, table in TABLES.items():
        model.Meta.table_name = settings.table_name(table)
        model.Meta.region = settings.region
        model.Meta.connect_timeout_seconds = settings.aws_connect_timeout  # bounded: chalicelib/aws.py
        model.Meta.read_timeout_seconds = settings.aws_read_timeout
        model.Meta.max_retry_attempts = settings.aws_max_attempts - 1  # retries after the first attempt
        model._connection = None  # PynamoDB caches the connection per model class


def create_tables(settings: Settings, wait: bool = True) -> None:
    """Create every table (and its indexes and TTL) from the models; existing tables are kept."""
    bind(settings)
    for model in ALL_MODELS:
        if not model.exists():
            model.create_table(wait=wait)
        model.update_ttl(ignore_update_ttl_errors=True)
