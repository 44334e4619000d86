"""Rooms and memberships: public and private rooms, direct messages, invitations. Who may do what is policy.py's.

Membership is read consistently on every check, never cached: someone who just left cannot
read the room, and someone who just joined can. A room the caller may not see answers
exactly like a room that does not exist (404 ``room_not_found``).
"""

from __future__ import annotations

import contextlib
import unicodedata
import uuid
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import datetime
from typing import Any, cast

from pynamodb.exceptions import DoesNotExist, PutError

from chalicelib import protocol
from chalicelib.auth import Principal
from chalicelib.blocks import blocks
from chalicelib.broadcast import Broadcaster
from chalicelib.connections import ConnectionRegistry
from chalicelib.errors import ChatError, Forbidden, NotFound, ValidationFailed
from chalicelib.invitations import Invitations
from chalicelib.memberships import AlreadyMember, Memberships, already_member, too_many_rooms
from chalicelib.models import Ban, DirectPair, Membership, Room, User
from chalicelib.pages import decode_position, encode_cursor
from chalicelib.policy import BLOCKABLE, Permission, RoomKind, RoomRole, decide, room_role
from chalicelib.protocol import InvitationWire, MemberWire, RoomPageWire, RoomWire
from chalicelib.schemas import AddMember, CreateRoom, PublicRoomsQuery
from chalicelib.users import Users

PUBLIC_LISTING = "public"
DIRECTORY_CURSOR = "after"
DIRECTORY_READ_PAGE = 200  # index items read per DynamoDB page when searching by name
DIRECTORY_READ_PAGES = 3  # ... and pages per call: a search reads at most 600 items, then returns a cursor
_CREATED_AT = "%Y-%m-%dT%H:%M:%S.%f%z"  # PynamoDB's UTCDateTimeAttribute format


def name_key(text: str) -> str:
    """A name or query as the directory compares it: NFKC, case-folded, spaces collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


class Rooms:
    def __init__(self, users: Users, connections: ConnectionRegistry, broadcast: Broadcaster,
                 memberships: Memberships, invitations: Invitations, lookups: ThreadPoolExecutor) -> None:
        self._users = users
        self._lookups = lookups
        self._connections = connections
        self._broadcast = broadcast
        self._memberships = memberships
        self._invitations = invitations

    # -- queries -----------------------------------------------------------------------
    def get(self, room_id: str) -> Room:
        try:
            return Room.get(room_id)
        except DoesNotExist as exc:
            raise NotFound("Room not found", code="room_not_found") from exc

    def visible(self, principal: Principal, room_id: str) -> Room:
        """A public room is visible to everyone; private rooms and DMs to members only."""
        room = self.get(room_id)
        self.authorize(principal, room_id, Permission.READ_ROOM, room=room)
        return room

    @staticmethod
    def membership(room_id: str, user_id: str) -> Membership | None:
        """The user's Membership row (None: not a member), read consistently."""
        try:
            return Membership.get(room_id, user_id, consistent_read=True)
        except DoesNotExist:
            return None

    def role(self, room_id: str, user_id: str) -> RoomRole:
        """The user's role in the room (``none``: not a member)."""
        row = self.membership(room_id, user_id)
        return room_role(row.role if row else None)

    def authorize(self, principal: Principal, room_id: str, permission: Permission, *,
                  room: Room | None = None, author: bool = False) -> RoomRole:
        """Ask the policy (with the caller's mute, from the same row); raise its denial.
        ``author``: the caller wrote the message acted on. Returns the caller's room role.

        A non-member's answer depends on the room's kind (a hidden room answers like an
        unknown one), so the room is read for them when the caller did not pass it. In a DM,
        whatever reaches the peer (a send, a reaction, typing) also asks whether the peer
        blocked the caller (one more read, DMs only)."""
        row = self.membership(room_id, principal.user_id)
        if row is None and room is None:
            room = self.get(room_id)
        role = room_role(row.role if row else None)
        muted = row.muted_until() if row else None
        kind = cast(RoomKind, room.kind) if room else None
        blocked = (permission in BLOCKABLE and row is not None and row.peer_id is not None
                   and blocks(row.peer_id, principal.user_id))
        decide(permission, principal.global_role, role, kind, author,
               muted_until=protocol.timestamp(muted) if muted else None, blocked=blocked).enforce()
        return role

    def authorize_soon(self, principal: Principal, room_id: str, permission: Permission) -> Future[RoomRole]:
        """``authorize``, started in the background so other work can run beside it."""
        return self._lookups.submit(self.authorize, principal, room_id, permission)

    def list_mine(self, principal: Principal) -> list[RoomWire]:
        room_ids = [m.room_id for m in Membership.user_index.query(principal.user_id)]
        rooms = list(Room.batch_get(room_ids)) if room_ids else []
        return [protocol.room_wire(r) for r in sorted(rooms, key=lambda r: r.created_at)]

    def list_public(self, query: PublicRoomsQuery) -> RoomPageWire:
        """Newest first, ``limit`` per page; ``q`` keeps the rooms whose normalised name holds it.

        One Query of the sparse public index (never a Scan). A search filters that Query and
        reads at most ``DIRECTORY_READ_PAGES`` pages per call: a page may then hold fewer than
        ``limit`` rooms and still carry a cursor, so a rare match costs bounded reads per call."""
        needle = name_key(query.q) if query.q else ""
        start = _decode_directory_cursor(query.cursor) if query.cursor else None
        pages = Room.public_index.query(
            PUBLIC_LISTING, scan_index_forward=False, last_evaluated_key=start,
            filter_condition=Room.name_key.contains(needle) if needle else None,
            page_size=DIRECTORY_READ_PAGE if needle else query.limit + 1).page_iter
        rooms: list[Room] = []
        position: dict[str, Any] | None = None  # where the next page starts; None: the index is exhausted
        for _ in range(DIRECTORY_READ_PAGES):
            try:
                page = next(pages)
            except StopIteration:
                position = None
                break
            for item in page.get("Items", []):
                rooms.append(Room.from_raw_data(item))
                position = item
                if len(rooms) == query.limit:
                    break
            if len(rooms) == query.limit:
                break
            position = pages.last_evaluated_key
            if position is None:
                break
        next_cursor = None
        if position is not None:
            next_cursor = encode_cursor(DIRECTORY_CURSOR, f"{position['createdAt']['S']}|{position['roomId']['S']}")
        return {"rooms": [protocol.room_wire(r) for r in rooms], "nextCursor": next_cursor}

    def members(self, principal: Principal, room_id: str) -> list[MemberWire]:
        self.visible(principal, room_id)
        return [protocol.member_wire(m) for m in Membership.query(room_id, consistent_read=True)]

    # -- commands ----------------------------------------------------------------------
    def create(self, principal: Principal, request: CreateRoom) -> tuple[Room, bool]:
        """Returns the room and whether it was newly created (a DM may already exist).
        ``memberIds`` are invited, never added: they join by accepting."""
        if request.kind == "dm":
            return self._open_dm(principal, request)
        if not request.name:
            raise ValidationFailed("name: required for public and private rooms", code="missing_field")
        invitees = [self._users.get(uid) for uid in dict.fromkeys(request.member_ids) if uid != principal.user_id]
        for user in invitees:
            decide(Permission.ADD_MEMBER, principal.global_role, "owner", request.kind,
                   blocked=blocks(user.user_id, principal.user_id)).enforce()
        self._check_room_cap(principal.user_id)
        room = Room(str(uuid.uuid4()), name=request.name, kind=request.kind, description=request.description,
                    created_by=principal.user_id, name_key=name_key(request.name),
                    listing=PUBLIC_LISTING if request.kind == "public" else None)
        room.save()
        try:
            self._add(room, principal.user_id, principal.username, role="owner")
        except ChatError:
            room.delete()  # the caps refused its owner (a racing join): no room without one
            raise
        for user in invitees:
            self._invitations.invite(principal, room, user)
        return room, True

    def join(self, principal: Principal, room_id: str) -> Room:
        """A ban is only looked up for a newcomer: joining a room one is in is a no-op."""
        room = self.get(room_id)
        role = self.role(room_id, principal.user_id)
        banned = role == "none" and self.banned(room_id, principal.user_id)
        decide(Permission.JOIN_ROOM, principal.global_role, role, cast(RoomKind, room.kind), banned=banned).enforce()
        if role == "none":
            with contextlib.suppress(AlreadyMember):  # a racing join of the same user
                self._add(room, principal.user_id, principal.username)
        return room

    def leave(self, principal: Principal, room_id: str) -> None:
        room = self.get(room_id)
        self.authorize(principal, room_id, Permission.LEAVE_ROOM, room=room)
        self.remove(room_id, principal.user_id)

    def leave_many(self, principal: Principal, room_ids: list[str]) -> list[str]:
        """Leave every listed room the caller is in, in batched writes; returns those left
        (the others are skipped, without saying which exist)."""
        left = self._memberships.remove_many(principal.user_id, room_ids)
        self._connections.unsubscribe_many(principal.user_id, left)
        return left

    def remove(self, room_id: str, user_id: str) -> list[str]:
        """Delete the membership and the user's RoomConnection rows: their open sockets stop
        receiving the room now. Returns those sockets."""
        self._memberships.remove(room_id, user_id)
        return self._connections.unsubscribe(user_id, room_id)

    def add_member(self, principal: Principal, room_id: str, request: AddMember) -> InvitationWire:
        """Invite the user (in any room kind but DMs): they become a member by accepting."""
        room = self.get(room_id)
        role = self.authorize(principal, room_id, Permission.ADD_MEMBER, room=room)
        user = self._users.get(request.user_id)
        if self.membership(room_id, user.user_id) is not None:
            raise already_member()
        decide(Permission.ADD_MEMBER, principal.global_role, role, cast(RoomKind, room.kind),
               banned=self.banned(room_id, user.user_id), blocked=blocks(user.user_id, principal.user_id)).enforce()
        return self._invitations.invite(principal, room, user)

    def accept(self, principal: Principal, room_id: str) -> Room:
        """Join the room of a pending invitation; the ban and the caps are checked again now."""
        self._invitations.get(principal.user_id, room_id)
        try:
            room = self.get(room_id)
        except NotFound:
            self._invitations.discard(principal.user_id, room_id)
            raise
        if self.banned(room_id, principal.user_id):
            self._invitations.discard(principal.user_id, room_id)
            raise Forbidden("You are banned from this room", code="banned")
        with contextlib.suppress(AlreadyMember):
            self._add(room, principal.user_id, principal.username)
        with contextlib.suppress(NotFound):  # a racing accept or decline took it
            self._invitations.discard(principal.user_id, room_id)
        return room

    @staticmethod
    def banned(room_id: str, user_id: str) -> bool:
        return Ban.count(room_id, Ban.user_id == user_id, consistent_read=True) > 0

    # -- internals ---------------------------------------------------------------------
    def _open_dm(self, principal: Principal, request: CreateRoom) -> tuple[Room, bool]:
        """The pair's DM, found through ``DirectPair`` (its id is random: nobody can derive it),
        or created. Refused with ``user_unavailable`` when the other user blocked the caller."""
        others = [uid for uid in dict.fromkeys(request.member_ids) if uid != principal.user_id]
        if len(others) != 1:
            raise ValidationFailed("memberIds: a DM needs exactly one other user", code="invalid_member_ids")
        other = self._users.get(others[0])
        decide(Permission.OPEN_DM, principal.global_role, "none",
               blocked=blocks(other.user_id, principal.user_id)).enforce()
        pair = DirectPair.key_for(principal.user_id, other.user_id)
        room_id = _claim_pair(pair)
        try:
            room = Room.get(room_id, consistent_read=True)
        except DoesNotExist:
            room = Room(room_id, name=f"{principal.username} & {other.username}", kind="dm",
                        created_by=principal.user_id, name_key=name_key(f"{principal.username} & {other.username}"))
            try:
                room.save(condition=Room.room_id.does_not_exist())
            except PutError as exc:
                if exc.cause_response_code != "ConditionalCheckFailedException":
                    raise
                return Room.get(room_id, consistent_read=True), False  # a racing open created it
            for user_id, username, peer, own in ((principal.user_id, principal.username, other.user_id, True),
                                                 (other.user_id, other.username, principal.user_id, False)):
                self._add(room, user_id, username, role="owner", peer_id=peer, own=own)
            return room, True
        if self.membership(room_id, principal.user_id) is None:  # reopening a DM one had left
            self._add(room, principal.user_id, principal.username, role="owner", peer_id=other.user_id)
        return room, False

    def _check_room_cap(self, user_id: str) -> None:
        """Refuse early, before anything is written (the membership write enforces it again)."""
        try:
            count = int(User.get(user_id, consistent_read=True, attributes_to_get=["roomCount"]).room_count or 0)
        except DoesNotExist:
            return
        if count >= self._memberships.caps.rooms_per_user:
            raise too_many_rooms(self._memberships.caps, own=True)

    def _add(self, room: Room, user_id: str, username: str, role: str = "member", *, peer_id: str | None = None,
             own: bool = True) -> Membership:
        """Store the membership (within the caps), subscribe the user's open connections, and tell their devices."""
        membership = self._memberships.add(room, user_id, username, role=role, peer_id=peer_id, own=own,
                                           lookalike=self._users.lookalike(user_id))
        devices = self._connections.subscribe(user_id, room.room_id)
        self._broadcast.to_connections(devices, protocol.room_added(room))
        return membership


def _claim_pair(pair: str) -> str:
    """The pair's DM room id: the stored one, or a new random one claimed by a conditional put."""
    try:
        return DirectPair.get(pair, consistent_read=True).room_id
    except DoesNotExist:
        pass
    room_id = str(uuid.uuid4())
    try:
        DirectPair(pair, room_id=room_id).save(condition=DirectPair.pair.does_not_exist())
    except PutError as exc:
        if exc.cause_response_code != "ConditionalCheckFailedException":
            raise
        return DirectPair.get(pair, consistent_read=True).room_id
    return room_id


def _decode_directory_cursor(cursor: str) -> dict[str, Any]:
    """The directory index position a cursor names; anything this API did not return is ``invalid_cursor``."""
    created_at, _, room_id = decode_position(cursor, DIRECTORY_CURSOR).partition("|")
    try:
        datetime.strptime(created_at, _CREATED_AT)
        room_id = str(uuid.UUID(room_id))
    except ValueError as exc:
        raise ValidationFailed("cursor is not one this API returned", code="invalid_cursor") from exc
    return {"listing": {"S": PUBLIC_LISTING}, "createdAt": {"S": created_at}, "roomId": {"S": room_id}}
