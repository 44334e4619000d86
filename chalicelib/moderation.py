"""Moderation: mutes, kicks, bans, pins and room-moderator appointment, each one audited.

Who may act on whom is policy.py's (``MODERATE``, ``PIN_MESSAGE``, ``APPOINT`` and ranks).
The actor's membership and the target's are read consistently; the target's global rank
comes from the roles stored on their profile. A mute lives on the target's Membership row,
which every write path already reads, so enforcing it costs a plain send nothing.
"""

from __future__ import annotations

from typing import Literal, cast

from pynamodb.exceptions import DeleteError, PutError, UpdateError
from pynamodb.expressions.update import Action

from chalicelib import protocol
from chalicelib.auth import Principal
from chalicelib.broadcast import Broadcaster
from chalicelib.changes import Changes
from chalicelib.errors import Conflict, NotFound
from chalicelib.models import Ban, Membership, Message, Pin, Room, User, utcnow
from chalicelib.policy import Permission, RoomKind, RoomRole, decide, global_role, room_role
from chalicelib.protocol import BanWire, MemberWire, MuteWire, PinWire
from chalicelib.rooms import Rooms
from chalicelib.schemas import BanMember, KickMember, MuteMember, PinMessage, SetRole
from chalicelib.users import Users

MAX_PINS = 50  # per room: the pins list is one Query and one BatchGet


def _not_a_member() -> NotFound:
    return NotFound("That user is not a member of this room", code="member_not_found")


def _failed_condition(exc: PutError | UpdateError | DeleteError) -> bool:
    return exc.cause_response_code == "ConditionalCheckFailedException"


def _delete_existing(item: Ban | Pin, missing: NotFound) -> None:
    """Delete the row, or raise ``missing`` if it is not there (nothing to undo, nothing to audit)."""
    try:
        item.delete(condition=type(item).room_id.exists())
    except DeleteError as exc:
        if _failed_condition(exc):
            raise missing from exc
        raise


class Moderation:
    def __init__(self, rooms: Rooms, users: Users, changes: Changes, broadcast: Broadcaster) -> None:
        self._rooms = rooms
        self._users = users
        self._changes = changes
        self._broadcast = broadcast

    # -- members -----------------------------------------------------------------------
    def mute(self, principal: Principal, room_id: str, request: MuteMember) -> MuteWire:
        self._check(principal, room_id, Permission.MODERATE, request.user_id, member=True)
        self._update_member(room_id, request.user_id, Membership.mute_until.set(request.until))
        self._changes.record(principal, room_id, "mute", target_user_id=request.user_id)
        return protocol.mute_wire(request.user_id, request.until)

    def unmute(self, principal: Principal, room_id: str, user_id: str) -> MuteWire:
        self._check(principal, room_id, Permission.MODERATE, user_id, member=True)
        self._update_member(room_id, user_id, Membership.mute_until.remove())
        self._changes.record(principal, room_id, "unmute", target_user_id=user_id)
        return protocol.mute_wire(user_id, None)

    def kick(self, principal: Principal, room_id: str, request: KickMember) -> dict[str, str]:
        self._check(principal, room_id, Permission.MODERATE, request.user_id, member=True)
        self._remove(room_id, request.user_id, "kicked")
        self._changes.record(principal, room_id, "kick", target_user_id=request.user_id)
        return {"roomId": room_id, "userId": request.user_id}

    def ban(self, principal: Principal, room_id: str, request: BanMember) -> BanWire:
        """Stored before the kick, so a join racing the ban is refused. A non-member can be banned too."""
        user, target = self._check_target(principal, room_id, Permission.MODERATE, request.user_id)
        ban = Ban(room_id, request.user_id, username=user.username,
                  reason=request.reason, banned_by=principal.user_id, banned_at=protocol.timestamp(utcnow()))
        ban.save()
        if target is not None:
            self._remove(room_id, request.user_id, "banned")
        self._changes.record(principal, room_id, "ban", target_user_id=request.user_id)
        return protocol.ban_wire(ban)

    def unban(self, principal: Principal, room_id: str, user_id: str) -> dict[str, str]:
        self._check(principal, room_id, Permission.MODERATE, user_id)
        _delete_existing(Ban(room_id, user_id), NotFound("That user is not banned here", code="ban_not_found"))
        self._changes.record(principal, room_id, "unban", target_user_id=user_id)
        return {"roomId": room_id, "userId": user_id}

    def bans(self, principal: Principal, room_id: str) -> list[BanWire]:
        self._check(principal, room_id, Permission.MODERATE)
        return [protocol.ban_wire(ban) for ban in Ban.query(room_id)]

    def set_role(self, principal: Principal, room_id: str, user_id: str, request: SetRole) -> MemberWire:
        """Appointing someone to the role they have changes and audits nothing."""
        target = self._check(principal, room_id, Permission.APPOINT, user_id, member=True)
        assert target is not None  # member=True
        if target.role != request.role:
            target = self._update_member(room_id, user_id, Membership.role.set(request.role))
            action = "appoint" if request.role == "moderator" else "dismiss"
            self._changes.record(principal, room_id, action, target_user_id=user_id)
        return protocol.member_wire(target)

    # -- pins --------------------------------------------------------------------------
    def pin(self, principal: Principal, room_id: str, request: PinMessage) -> tuple[PinWire, bool]:
        """Returns the pin and whether it is new: pinning a pinned message changes nothing."""
        self._check(principal, room_id, Permission.PIN_MESSAGE)
        message = self._changes.find(room_id, str(request.message_id))
        if message.deleted:
            raise Conflict("The message was deleted", code="message_deleted")
        if Pin.count(room_id) >= MAX_PINS:
            raise Conflict(f"A room holds at most {MAX_PINS} pins; unpin one first", code="too_many_pins")
        pin = Pin(room_id, message.message_id, seq=message.seq, pinned_by=principal.user_id,
                  pinned_at=protocol.timestamp(utcnow()))
        try:
            pin.save(condition=Pin.message_id.does_not_exist())
        except PutError as exc:
            if not _failed_condition(exc):
                raise
            return protocol.pin_wire(Pin.get(room_id, message.message_id), message, principal.user_id), False
        self._changes.record(principal, room_id, "pin", message_id=message.message_id)
        self._broadcast.to_room(room_id, protocol.pins_changed(room_id))
        return protocol.pin_wire(pin, message, principal.user_id), True

    def unpin(self, principal: Principal, room_id: str, message_id: str) -> dict[str, str]:
        self._check(principal, room_id, Permission.PIN_MESSAGE)
        _delete_existing(Pin(room_id, message_id), NotFound("That message is not pinned", code="pin_not_found"))
        self._changes.record(principal, room_id, "unpin", message_id=message_id)
        self._broadcast.to_room(room_id, protocol.pins_changed(room_id))
        return {"roomId": room_id, "messageId": message_id}

    def pins(self, principal: Principal, room_id: str) -> list[PinWire]:
        """Newest pin first; a pinned message deleted since is left out."""
        self._rooms.visible(principal, room_id)
        pins = sorted(Pin.query(room_id), key=lambda p: p.pinned_at, reverse=True)
        messages = {m.message_id: m for m in Message.batch_get([(room_id, p.seq) for p in pins])} if pins else {}
        return [protocol.pin_wire(p, messages[p.message_id], principal.user_id)
                for p in pins if p.message_id in messages and not messages[p.message_id].deleted]

    # -- internals ---------------------------------------------------------------------
    def _check(self, principal: Principal, room_id: str, permission: Permission, target_id: str | None = None, *,
               member: bool = False) -> Membership | None:
        """``_check_target``'s membership; without a target, only "may the caller act here at all"."""
        if target_id is None:
            self._check_actor(principal, room_id, permission)
            return None
        target = self._check_target(principal, room_id, permission, target_id)[1]
        if member and target is None:
            raise _not_a_member()
        return target

    def _check_actor(self, principal: Principal, room_id: str, permission: Permission) -> tuple[RoomKind, RoomRole]:
        room: Room = self._rooms.get(room_id)
        kind = cast(RoomKind, room.kind)
        actor = self._rooms.role(room_id, principal.user_id)
        decide(permission, principal.global_role, actor, kind).enforce()
        return kind, actor

    def _check_target(self, principal: Principal, room_id: str, permission: Permission,
                      target_id: str) -> tuple[User, Membership | None]:
        """Ask the policy whether the caller may act here at all, then on this user (their
        rank). Returns the user and their membership, if any."""
        kind, actor = self._check_actor(principal, room_id, permission)
        user = self._users.get(target_id)
        target = self._rooms.membership(room_id, target_id)
        target_rank = (global_role(user.roles or ()), room_role(target.role if target else None))
        decide(permission, principal.global_role, actor, kind, target=target_rank).enforce()
        return user, target

    def _update_member(self, room_id: str, user_id: str, *actions: Action) -> Membership:
        """Update the target's membership if it still exists (it may have left meanwhile)."""
        row = Membership(room_id, user_id)
        try:
            row.update(actions=list(actions), condition=Membership.user_id.exists())
        except UpdateError as exc:
            if _failed_condition(exc):
                raise _not_a_member() from exc
            raise
        return row

    def _remove(self, room_id: str, user_id: str, reason: Literal["kicked", "banned"]) -> None:
        """The membership and the user's RoomConnection rows go first, then their devices hear why."""
        devices = self._rooms.remove(room_id, user_id)
        self._broadcast.to_connections(devices, protocol.room_removed(room_id, reason))
