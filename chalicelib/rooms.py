"""Rooms and memberships: public and private rooms, direct messages. Who may do what is policy.py's."""

from __future__ import annotations

import uuid
from concurrent.futures import Future, ThreadPoolExecutor
from typing import cast

from cachetools import TTLCache
from pynamodb.exceptions import DoesNotExist, PutError

from chalicelib import protocol
from chalicelib.auth import Principal
from chalicelib.broadcast import Broadcaster
from chalicelib.connections import ConnectionRegistry
from chalicelib.errors import NotFound, ValidationFailed
from chalicelib.models import Ban, Membership, Room
from chalicelib.policy import Permission, RoomKind, RoomRole, decide, room_role
from chalicelib.protocol import MemberWire, RoomWire
from chalicelib.schemas import AddMember, CreateRoom
from chalicelib.users import Users

# DM room ids are derived from the two user ids, so "open a DM" is idempotent.
DM_NAMESPACE = uuid.UUID("6f1c7a52-3c1e-4f7e-9a59-0c2f6d1c9b11")
PUBLIC_LISTING = "public"


class Rooms:
    """Membership rows are cached per container for a short time (reads only)."""

    def __init__(self, users: Users, connections: ConnectionRegistry, broadcast: Broadcaster,
                 membership_cache_seconds: float, lookups: ThreadPoolExecutor) -> None:
        self._users = users
        self._lookups = lookups
        self._connections = connections
        self._broadcast = broadcast
        self._memberships: TTLCache[tuple[str, str], Membership] = TTLCache(maxsize=50_000,
                                                                            ttl=membership_cache_seconds)

    # -- queries -----------------------------------------------------------------------
    def get(self, room_id: str) -> Room:
        try:
            return Room.get(room_id)
        except DoesNotExist as exc:
            raise NotFound(f"Room {room_id} not found", code="room_not_found") from exc

    def visible(self, principal: Principal, room_id: str) -> Room:
        """A public room is visible to everyone; private rooms and DMs to members only."""
        room = self.get(room_id)
        self.authorize(principal, room_id, Permission.READ_ROOM, room=room)
        return room

    def membership(self, room_id: str, user_id: str, *, fresh: bool = False) -> Membership | None:
        """The user's Membership row (None: not a member). ``fresh`` skips the cache: writes
        use it so a user who left, was removed or was muted (in another container) cannot act,
        while reads may trust a recent answer."""
        if not fresh and (room_id, user_id) in self._memberships:
            return self._memberships[(room_id, user_id)]
        try:
            row = Membership.get(room_id, user_id, consistent_read=fresh)
        except DoesNotExist:
            self.forget(room_id, user_id)
            return None
        self._memberships[(room_id, user_id)] = row
        return row

    def role(self, room_id: str, user_id: str, *, fresh: bool = False) -> RoomRole:
        """The user's role in the room (``none``: not a member)."""
        row = self.membership(room_id, user_id, fresh=fresh)
        return room_role(row.role if row else None)

    def forget(self, room_id: str, user_id: str) -> None:
        """Drop the cached membership after changing it (this container only)."""
        self._memberships.pop((room_id, user_id), None)

    def authorize(self, principal: Principal, room_id: str, permission: Permission, *,
                  room: Room | None = None, fresh: bool = False, author: bool = False) -> RoomRole:
        """Ask the policy (with the caller's mute, from the same row); raise its denial.
        ``author``: the caller wrote the message acted on. Returns the caller's room role."""
        row = self.membership(room_id, principal.user_id, fresh=fresh)
        role = room_role(row.role if row else None)
        muted = row.muted_until() if row else None
        kind = cast(RoomKind, room.kind) if room else None
        decide(permission, principal.global_role, role, kind, author,
               muted_until=protocol.timestamp(muted) if muted else None).enforce()
        return role

    def authorize_soon(self, principal: Principal, room_id: str, permission: Permission) -> Future[RoomRole]:
        """``authorize`` with a fresh read, started in the background so a write can run beside it."""
        return self._lookups.submit(self.authorize, principal, room_id, permission, fresh=True)

    def list_mine(self, principal: Principal) -> list[RoomWire]:
        room_ids = [m.room_id for m in Membership.user_index.query(principal.user_id)]
        rooms = list(Room.batch_get(room_ids)) if room_ids else []
        return [protocol.room_wire(r) for r in sorted(rooms, key=lambda r: r.created_at)]

    def list_public(self) -> list[RoomWire]:
        return [protocol.room_wire(r)
                for r in Room.public_index.query(PUBLIC_LISTING, scan_index_forward=False, limit=100)]

    def members(self, principal: Principal, room_id: str) -> list[MemberWire]:
        self.visible(principal, room_id)
        return [protocol.member_wire(m) for m in Membership.query(room_id)]

    # -- commands ----------------------------------------------------------------------
    def create(self, principal: Principal, request: CreateRoom) -> tuple[Room, bool]:
        """Returns the room and whether it was newly created (a DM may already exist)."""
        if request.kind == "dm":
            return self._open_dm(principal, request)
        if not request.name:
            raise ValidationFailed("name: required for public and private rooms", code="missing_field")
        room = Room(str(uuid.uuid4()), name=request.name, kind=request.kind, description=request.description,
                    created_by=principal.user_id, listing=PUBLIC_LISTING if request.kind == "public" else None)
        invitees = [self._users.get(uid) for uid in dict.fromkeys(request.member_ids) if uid != principal.user_id]
        room.save()
        self._add(room, principal.user_id, principal.username, role="owner")
        for user in invitees:
            self._add(room, user.user_id, user.username)
        return room, True

    def join(self, principal: Principal, room_id: str) -> Room:
        """A ban is only looked up for a newcomer: joining a room one is in is a no-op."""
        room = self.get(room_id)
        role = self.role(room_id, principal.user_id, fresh=True)
        banned = role == "none" and self.banned(room_id, principal.user_id)
        decide(Permission.JOIN_ROOM, principal.global_role, role, cast(RoomKind, room.kind), banned=banned).enforce()
        if role == "none":
            self._add(room, principal.user_id, principal.username)
        return room

    def leave(self, principal: Principal, room_id: str) -> None:
        room = self.get(room_id)
        self.authorize(principal, room_id, Permission.LEAVE_ROOM, room=room)
        self.remove(room_id, principal.user_id)

    def remove(self, room_id: str, user_id: str) -> list[str]:
        """Delete the membership and the user's RoomConnection rows: their open sockets stop
        receiving the room now. Returns those sockets."""
        Membership(room_id, user_id).delete()
        self.forget(room_id, user_id)
        return self._connections.unsubscribe(user_id, room_id)

    def add_member(self, principal: Principal, room_id: str, request: AddMember) -> MemberWire:
        room = self.get(room_id)
        role = self.authorize(principal, room_id, Permission.ADD_MEMBER, room=room)
        user = self._users.get(request.user_id)
        if self.banned(room_id, user.user_id):
            decide(Permission.ADD_MEMBER, principal.global_role, role, cast(RoomKind, room.kind),
                   banned=True).enforce()
        return protocol.member_wire(self._add(room, user.user_id, user.username))

    @staticmethod
    def banned(room_id: str, user_id: str) -> bool:
        return Ban.count(room_id, Ban.user_id == user_id, consistent_read=True) > 0

    # -- internals ---------------------------------------------------------------------
    def _open_dm(self, principal: Principal, request: CreateRoom) -> tuple[Room, bool]:
        others = [uid for uid in dict.fromkeys(request.member_ids) if uid != principal.user_id]
        if len(others) != 1:
            raise ValidationFailed("memberIds: a DM needs exactly one other user", code="invalid_member_ids")
        other = self._users.get(others[0])
        pair = sorted([principal.user_id, other.user_id])
        room_id = str(uuid.uuid5(DM_NAMESPACE, "|".join(pair)))
        try:
            return Room.get(room_id), False
        except DoesNotExist:
            pass
        room = Room(room_id, name=f"{principal.username} & {other.username}", kind="dm",
                    created_by=principal.user_id)
        try:  # the other user may open it at the same moment: never overwrite (its lastSeq, its content key)
            room.save(condition=Room.room_id.does_not_exist())
        except PutError as exc:
            if exc.cause_response_code != "ConditionalCheckFailedException":
                raise
            return Room.get(room_id, consistent_read=True), False
        self._add(room, principal.user_id, principal.username, role="owner")
        self._add(room, other.user_id, other.username, role="owner")
        return room, True

    def _add(self, room: Room, user_id: str, username: str, role: str = "member") -> Membership:
        """Store the membership, subscribe the user's open connections, and tell their devices."""
        membership = Membership(room.room_id, user_id, username=username, role=role,
                                lookalike=self._users.lookalike(user_id) or None)
        membership.save()
        self._memberships[(room.room_id, user_id)] = membership
        devices = self._connections.subscribe(user_id, room.room_id)
        self._broadcast.to_connections(devices, protocol.room_added(room))
        return membership
