"""Changes to a stored message (edit, delete, reaction, a thread's counters) and their audit.

Every change takes the room's next ``seq`` (the same counter new messages use) and stores it
as the row's ``changeSeq``, which ``Message.change_index`` orders, so ``resume`` replays
"what changed after N" with one Query. A change is read → decide → allocate seq →
conditional UpdateItem on the ``changeSeq`` that was read: a concurrent change makes the
write fail and the change is redone on the fresh row, so ``changeSeq`` only moves forward
and the audit's previous content is exactly what the change replaced.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, cast

from pynamodb.exceptions import UpdateError
from pynamodb.expressions.condition import Condition
from pynamodb.expressions.update import Action

from chalicelib import protocol
from chalicelib.auth import Principal
from chalicelib.broadcast import Broadcaster
from chalicelib.connections import ConnectionRegistry
from chalicelib.envelope import CONTENT, PREVIOUS_CONTENT, Envelope
from chalicelib.errors import Conflict, NotFound
from chalicelib.mentions import MentionChange, Mentions
from chalicelib.models import AuditRecord, Message, Room, expiry_bucket, utcnow
from chalicelib.pages import decode_cursor, encode_cursor
from chalicelib.policy import Permission
from chalicelib.protocol import MessageUpdatedEvent, MessageWire, ReactionChange
from chalicelib.rooms import Rooms
from chalicelib.schemas import HistoryQuery

log = logging.getLogger(__name__)

ATTEMPTS = 5  # concurrent changes to one message before answering ``conflict``


def next_seq(room_id: str) -> int:
    """The room's next seq (atomic ADD): new messages and changes share this one counter."""
    room = Room(room_id)
    try:
        room.update(actions=[Room.last_seq.add(1)], condition=Room.room_id.exists())
    except UpdateError as exc:
        if exc.cause_response_code == "ConditionalCheckFailedException":
            raise NotFound("Room not found", code="room_not_found") from exc
        raise
    return int(room.last_seq)


@dataclass(frozen=True)
class Update:
    """What a change writes; ``audit`` names the audited action (edit/delete) or None."""

    actions: list[Action]
    audit: str | None = None


@dataclass(frozen=True)
class Changed:
    message: MessageWire  # the new state, ``mine`` for the actor
    fan_out: Callable[..., None]  # ``messageUpdated`` to the room (optionally given its connections' owners)
    reaction: ReactionChange | None = None  # what a ``react`` asked for, echoed to the actor too

    def reply(self) -> MessageUpdatedEvent:
        """The actor's ``messageUpdated``; it carries the reaction like the fan-out, so a client
        keeps its ``mine`` flags by one rule for every ``messageUpdated``."""
        return protocol.message_updated(self.message, self.reaction)


class Changes:
    def __init__(self, rooms: Rooms, mentions: Mentions, connections: ConnectionRegistry, broadcast: Broadcaster,
                 retention_days: int, envelope: Envelope) -> None:
        self._rooms = rooms
        self._mentions = mentions
        self._connections = connections
        self._broadcast = broadcast
        self._retention = timedelta(days=retention_days)
        self._envelope = envelope

    def find(self, room_id: str, message_id: str) -> Message:
        """The message's current row (a consistent read), or 404 ``message_not_found``."""
        for hit in Message.message_id_index.query(message_id, limit=1):
            if hit.room_id == room_id:
                try:
                    return Message.get(room_id, hit.seq, consistent_read=True)
                except Message.DoesNotExist:
                    break
        raise NotFound("No such message in this room", code="message_not_found")

    # -- commands ----------------------------------------------------------------------
    def edit(self, principal: Principal, room_id: str, message_id: str, content: str, *,
             sender: str | None = None) -> Changed:
        """The new content's mentions replace the old ones (members named only now hear of it)."""
        def change(row: Message) -> Update:
            self._authorize(principal, row, Permission.EDIT_MESSAGE)
            _not_deleted(row)
            mentions = self._mentions.resolve(room_id, content)
            sealed = self._envelope.seal(room_id, row.message_id, CONTENT, content)
            return Update([Message.sealed_content.set(sealed), Message.plain_content.remove(),
                           Message.edited_at.set(protocol.timestamp(utcnow())),
                           Message.mentions.set(mentions) if mentions else Message.mentions.remove()], "edit")

        return self._apply(principal, room_id, message_id, change, sender=sender)

    def delete(self, principal: Principal, room_id: str, message_id: str, *, sender: str | None = None) -> Changed:
        """Deleting a tombstone again changes nothing and answers the tombstone."""
        def change(row: Message) -> Update | None:
            self._authorize(principal, row, Permission.DELETE_MESSAGE)
            if row.deleted:
                return None
            return Update([Message.deleted.set(True), Message.sealed_content.remove(), Message.plain_content.remove(),
                           Message.reactions.remove(),
                           Message.mentions.remove()], "delete")

        return self._apply(principal, room_id, message_id, change, sender=sender)

    def react(self, principal: Principal, room_id: str, message_id: str, emoji: str, add: bool, *,
              sender: str | None = None) -> Changed:
        """Membership was checked by the caller (the ``react`` action's permission). Adding a
        reaction the user already has, or removing one they do not, replies without a write."""
        entry = {protocol.reaction_entry(emoji, principal.user_id)}
        reaction: ReactionChange = {"emoji": emoji, "userId": principal.user_id, "added": add}

        def change(row: Message) -> Update | None:
            _not_deleted(row)
            if (entry <= (row.reactions or set())) == add:
                return None
            return Update([Message.reactions.add(entry) if add else Message.reactions.delete(entry)])

        return self._apply(principal, room_id, message_id, change, reaction, sender=sender)

    def reply_added(self, root: Message, reply: Message) -> Callable[[Mapping[str, str]], None]:
        """Count a new thread reply on its root; returns the root's fan-out (run after the reply's).

        A failure here leaves the reply stored and the counter one short: it is logged, never
        raised, because the reply was already acknowledged.
        """
        def change(row: Message) -> Update:
            return Update([Message.reply_count.add(1), Message.last_reply_at.set(reply.created_at)])

        try:
            changed = self._apply(None, root.room_id, root.message_id, change, current=root)
        except Exception:
            log.exception("thread root %s not updated for reply %s", root.message_id, reply.message_id)
            return lambda owners: None
        return changed.fan_out

    # -- audit -------------------------------------------------------------------------
    def audit(self, principal: Principal, room_id: str, query: HistoryQuery) -> dict[str, Any]:
        """Newest first (by the change's seq); admins only."""
        room = self._rooms.get(room_id)
        self._rooms.authorize(principal, room_id, Permission.READ_AUDIT, room=room)
        condition = AuditRecord.seq < decode_cursor(query.cursor, "before") if query.cursor else None
        page = list(AuditRecord.query(room_id, range_key_condition=condition, scan_index_forward=False,
                                      limit=query.limit + 1))
        more = len(page) > query.limit
        page = page[: query.limit]
        return {"records": [protocol.audit_wire(r) for r in page],
                "nextCursor": encode_cursor("before", int(page[-1].seq)) if more else None}

    def record(self, actor: Principal, room_id: str, action: str, *, seq: int | None = None,
               message_id: str | None = None, target_user_id: str | None = None,
               previous_content: str | None = None) -> None:
        """Append to the room's audit. ``seq``: the change's seq; moderation takes the room's next."""
        now = utcnow()
        expires_at = now + self._retention
        previous = None
        if previous_content is not None and message_id is not None:
            previous = self._envelope.seal(room_id, message_id, PREVIOUS_CONTENT, previous_content)
        AuditRecord(room_id, seq if seq is not None else next_seq(room_id), message_id=message_id,
                    target_user_id=target_user_id, action=action, actor_id=actor.user_id, actor_name=actor.username,
                    at=protocol.timestamp(now), previous_sealed=previous, expires_at=expires_at,
                    expiry_bucket=expiry_bucket(room_id, expires_at)).save()

    # -- internals ---------------------------------------------------------------------
    def _authorize(self, principal: Principal, row: Message, permission: Permission) -> None:
        """Fresh (consistent) membership: someone removed or muted a moment ago cannot edit or delete."""
        self._rooms.authorize(principal, row.room_id, permission, author=row.user_id == principal.user_id)

    def _apply(self, actor: Principal | None, room_id: str, message_id: str,
               change: Callable[[Message], Update | None], reaction: ReactionChange | None = None, *,
               current: Message | None = None, sender: str | None = None) -> Changed:
        """``current``: the row already read, if any; ``sender``: the actor's socket, left out of the fan-out."""
        viewer = actor.user_id if actor else None
        for _ in range(ATTEMPTS):
            row = current or self.find(room_id, message_id)
            current = None
            update = change(row)
            if update is None:
                return Changed(protocol.message_wire(row, viewer), lambda owners=None: None, reaction)
            previous_change, previous_mentions = row.change_seq, row.mentions or []
            previous_content = row.content if update.audit else None  # opened only when audited
            seq = next_seq(room_id)
            unchanged = (Message.change_seq == previous_change) if previous_change is not None \
                else Message.change_seq.does_not_exist()
            try:
                row.update(actions=[*update.actions, Message.change_seq.set(seq)],
                           condition=cast(Condition, unchanged))
            except UpdateError as exc:
                if exc.cause_response_code == "ConditionalCheckFailedException":
                    continue  # someone changed it first: decide again on the fresh row
                raise
            if update.audit and actor is not None:
                self.record(actor, room_id, update.audit, seq=seq, message_id=row.message_id,
                            previous_content=previous_content)
            mentioned = MentionChange.between(previous_mentions, row.mentions or [], row.user_id)
            return Changed(protocol.message_wire(row, viewer), self._fan_out(row, reaction, mentioned, sender),
                           reaction)
        raise Conflict("The message is changing too fast; retry", code="conflict")

    def _fan_out(self, row: Message, reaction: ReactionChange | None, mentioned: MentionChange,
                 sender: str | None) -> Callable[..., None]:
        """``messageUpdated`` to the room, then the mention counts and ``mention`` events an edit
        or delete changed."""
        message = protocol.message_wire(row)
        event = protocol.message_updated(message, reaction)

        def fan_out(owners: Mapping[str, str] | None = None) -> None:
            """``owners``: the room's connections and their users, when the caller already read them."""
            if owners is None:
                owners = self._connections.room_connection_owners(row.room_id)
            self._broadcast.to_room(row.room_id, event, exclude=sender, connections=list(owners))
            if mentioned.added or mentioned.removed:
                self._mentions.record(message, mentioned, owners)

        return fan_out


def _not_deleted(row: Message) -> None:
    if row.deleted:
        raise Conflict("The message was deleted", code="message_deleted")
