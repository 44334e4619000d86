"""Rooms and memberships: public and private rooms, direct messages, who may post where."""

from __future__ import annotations

import uuid
from typing import Any

from cachetools import TTLCache
from pynamodb.exceptions import DoesNotExist

from chalicelib.auth import Principal
from chalicelib.broadcast import Broadcaster
from chalicelib.connections import ConnectionRegistry
from chalicelib.errors import Forbidden, NotFound, ValidationFailed
from chalicelib.models import Membership, Room
from chalicelib.schemas import AddMember, CreateRoom
from chalicelib.users import Users

# DM room ids are derived from the two user ids, so "open a DM" is idempotent.
DM_NAMESPACE = uuid.UUID("6f1c7a52-3c1e-4f7e-9a59-0c2f6d1c9b11")
PUBLIC_LISTING = "public"


def room_to_dict(room: Room) -> dict[str, Any]:
    return {
        "roomId": room.room_id,
        "name": room.name,
        "kind": room.kind,
        "description": room.description,
        "createdBy": room.created_by,
        "createdAt": room.created_at.isoformat(),
        "lastSeq": int(room.last_seq or 0),
    }


def membership_to_dict(membership: Membership) -> dict[str, Any]:
    return {"userId": membership.user_id, "username": membership.username, "role": membership.role,
            "joinedAt": membership.joined_at.isoformat()}


class Rooms:
    """Positive membership answers are cached per container for a short time (reads only)."""

    def __init__(self, users: Users, connections: ConnectionRegistry, broadcast: Broadcaster,
                 membership_cache_seconds: float) -> None:
        self._users = users
        self._connections = connections
        self._broadcast = broadcast
        self._members: TTLCache[tuple[str, str], bool] = TTLCache(maxsize=50_000, ttl=membership_cache_seconds)

    # -- queries -----------------------------------------------------------------------
    def get(self, room_id: str) -> Room:
        try:
            return Room.get(room_id)
        except DoesNotExist as exc:
            raise NotFound(f"Room {room_id} not found", code="room_not_found") from exc

    def visible(self, principal: Principal, room_id: str) -> Room:
        """A public room is visible to everyone; private rooms and DMs to members only."""
        room = self.get(room_id)
        if room.kind != "public":
            self.require_member(room_id, principal.user_id)
        return room

    def is_member(self, room_id: str, user_id: str, *, fresh: bool = False) -> bool:
        """``fresh`` skips the cache: sends use it so a user who left (or was removed in
        another container) cannot post, while reads may trust a recent answer."""
        if not fresh and (room_id, user_id) in self._members:
            return True
        try:
            Membership.get(room_id, user_id, consistent_read=fresh)
        except DoesNotExist:
            self._members.pop((room_id, user_id), None)
            return False
        self._members[(room_id, user_id)] = True
        return True

    def require_member(self, room_id: str, user_id: str) -> None:
        if not self.is_member(room_id, user_id):
            raise Forbidden("You are not a member of this room", code="not_a_member")

    def list_mine(self, principal: Principal) -> list[dict[str, Any]]:
        room_ids = [m.room_id for m in Membership.user_index.query(principal.user_id)]
        rooms = list(Room.batch_get(room_ids)) if room_ids else []
        return [room_to_dict(r) for r in sorted(rooms, key=lambda r: r.created_at)]

    def list_public(self) -> list[dict[str, Any]]:
        return [room_to_dict(r) for r in Room.public_index.query(PUBLIC_LISTING, scan_index_forward=False, limit=100)]

    def members(self, principal: Principal, room_id: str) -> list[dict[str, Any]]:
        self.visible(principal, room_id)
        return [membership_to_dict(m) for m in Membership.query(room_id)]

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
        room = self.get(room_id)
        if self.is_member(room_id, principal.user_id):
            return room
        if room.kind != "public":
            raise Forbidden("Only public rooms can be joined; ask a member to add you", code="room_not_joinable")
        self._add(room, principal.user_id, principal.username)
        return room

    def leave(self, principal: Principal, room_id: str) -> None:
        self.get(room_id)
        self.require_member(room_id, principal.user_id)
        Membership(room_id, principal.user_id).delete()
        self._members.pop((room_id, principal.user_id), None)
        self._connections.unsubscribe(principal.user_id, room_id)

    def add_member(self, principal: Principal, room_id: str, request: AddMember) -> dict[str, Any]:
        room = self.get(room_id)
        if room.kind == "dm":
            raise Forbidden("Direct messages have exactly two members", code="room_not_joinable")
        is_owner = room.created_by == principal.user_id
        if not (is_owner or principal.has_role("admin", "moderator")):
            self.require_member(room_id, principal.user_id)
            if room.kind == "private":
                raise Forbidden("Only the owner or a moderator can add members to a private room", code="forbidden")
        user = self._users.get(request.user_id)
        return membership_to_dict(self._add(room, user.user_id, user.username))

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
        room.save()
        self._add(room, principal.user_id, principal.username, role="owner")
        self._add(room, other.user_id, other.username, role="owner")
        return room, True

    def _add(self, room: Room, user_id: str, username: str, role: str = "member") -> Membership:
        """Store the membership, subscribe the user's open connections, and tell their devices."""
        membership = Membership(room.room_id, user_id, username=username, role=role)
        membership.save()
        self._members[(room.room_id, user_id)] = True
        devices = self._connections.subscribe(user_id, room.room_id)
        self._broadcast.to_connections(devices, {"event": "roomAdded", "room": room_to_dict(room)})
        return membership
