"""Every allow/deny in one pure function: ``decide(permission, global_role, room_role, room_kind, author, ...)``.

The global role comes from the caller's Cognito groups, the room role from their
Membership row (``none`` without one); ``author`` says the caller wrote the message acted
on; ``muted_until`` is the caller's mute in the room while it is in force (read from the same
Membership row); ``target`` is the (global role, room role) of the user a moderation action
acts on; ``banned`` says the user joining or being added is banned from the room; ``blocked``
says the other user (the DM's peer, the one opened a DM with, the invitee) blocked the caller.
A denial carries a machine-readable ``reason``, which is the error code the client sees.

A room the caller may not see (private or DM, not a member) is denied exactly like a room that
does not exist: 404 ``room_not_found``, so nobody learns that it exists. Adding a rule
means adding a ``Permission`` and a branch here, plus rows in tests/unit/test_policy.py.

Rank, strongest first: global admin > global moderator > room owner > room moderator >
member. A user's rank is the higher of their global and room ranks; staff never act on an
equal or higher rank (so nobody moderates themselves).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from chalicelib.errors import Forbidden, NotFound

GlobalRole = Literal["admin", "moderator", "user"]
RoomRole = Literal["owner", "moderator", "member", "none"]
RoomKind = Literal["public", "private", "dm"]

GLOBAL_ROLES: tuple[GlobalRole, ...] = ("admin", "moderator", "user")  # strongest first
ROOM_STAFF: tuple[RoomRole, ...] = ("owner", "moderator")


class Permission(StrEnum):
    READ_ROOM = "readRoom"  # the room, its members, its history
    JOIN_ROOM = "joinRoom"
    LEAVE_ROOM = "leaveRoom"
    ADD_MEMBER = "addMember"
    POST_MESSAGE = "postMessage"
    RECEIPTS = "receipts"  # mark delivered/read, read the room's delivery and read states
    REACT = "react"
    EDIT_MESSAGE = "editMessage"
    DELETE_MESSAGE = "deleteMessage"
    READ_AUDIT = "readAudit"
    MODERATE = "moderate"  # mute, unmute, kick, ban, unban a member; list the bans
    PIN_MESSAGE = "pinMessage"  # pin or unpin
    APPOINT = "appoint"  # make a member a room moderator, or a moderator a member again
    TYPING = "typing"  # tell the room I am typing
    READ_PRESENCE = "readPresence"  # who of the room's members is online
    SEARCH_ROOM = "searchRoom"  # search a room's messages: members only, even in a public room
    MANAGE_USERS = "manageUsers"  # set a user's global roles, disable, enable or sign them out everywhere
    OPEN_DM = "openDm"  # open (or reopen) a direct message with another user


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str | None = None  # the error code when denied
    message: str = ""
    status: int = 403

    def enforce(self) -> None:
        if self.allowed:
            return
        if self.status == 404:
            raise NotFound(self.message, code=self.reason)
        raise Forbidden(self.message, code=self.reason)


ALLOW = Decision(True)
NOT_A_MEMBER = Decision(False, "not_a_member", "You are not a member of this room")
NOT_STAFF = Decision(False, "forbidden", "Only the room's owner or moderators, or global moderators, can do this")
OUTRANKED = Decision(False, "forbidden", "You cannot act on someone of equal or higher rank")
BANNED = Decision(False, "banned", "This user is banned from the room")
HIDDEN = Decision(False, "room_not_found", "Room not found", status=404)  # what an unknown room answers
# One answer whoever's choice it was, so a refusal tells as little as possible.
UNAVAILABLE = Decision(False, "user_unavailable", "This user does not accept messages or invitations from you")
# What a block stops the blocked user doing to the blocker: everything that reaches them.
BLOCKABLE: frozenset[Permission] = frozenset({Permission.POST_MESSAGE, Permission.OPEN_DM, Permission.ADD_MEMBER,
                                             Permission.REACT, Permission.TYPING})
# What a mute stops: everything that speaks to the room.
SILENCED: frozenset[Permission] = frozenset({Permission.POST_MESSAGE, Permission.EDIT_MESSAGE, Permission.REACT,
                                            Permission.TYPING})
_RANK: dict[str, int] = {"admin": 5, "moderator": 4}  # global ranks; room ranks below
_ROOM_RANK: dict[str, int] = {"owner": 3, "moderator": 2, "member": 1, "none": 0}


def global_role(roles: Iterable[str]) -> GlobalRole:
    """The strongest of the caller's Cognito groups; everyone is at least a ``user``."""
    held = set(roles)
    return next((role for role in GLOBAL_ROLES if role in held), "user")


def room_role(role: str | None) -> RoomRole:
    """A Membership row's role (``None``: no row). Unknown values count as a plain member."""
    if role is None:
        return "none"
    return role if role in ("owner", "moderator") else "member"  # type: ignore[return-value]


def rank(global_role: GlobalRole, room_role: RoomRole) -> int:
    """Higher outranks lower: a global admin (5) … a plain member (1), no membership (0)."""
    return max(_RANK.get(global_role, 0), _ROOM_RANK[room_role])


def decide(permission: Permission, global_role: GlobalRole, room_role: RoomRole,
           room_kind: RoomKind | None = None, author: bool = False, *, muted_until: str | None = None,
           target: tuple[GlobalRole, RoomRole] | None = None, banned: bool = False,
           blocked: bool = False) -> Decision:
    """``room_kind`` None means unknown, and is treated as not public; callers pass it whenever
    the caller is not a member, so that a hidden room can answer like an unknown one."""
    decision = _decide(permission, global_role, room_role, room_kind, author, muted_until=muted_until,
                       target=target, banned=banned)
    if not decision.allowed and room_role == "none" and room_kind in ("private", "dm"):
        return HIDDEN
    if decision.allowed and blocked and permission in BLOCKABLE:
        return UNAVAILABLE
    return decision


def _decide(permission: Permission, global_role: GlobalRole, room_role: RoomRole, room_kind: RoomKind | None,
            author: bool, *, muted_until: str | None, target: tuple[GlobalRole, RoomRole] | None,
            banned: bool) -> Decision:
    is_member = room_role != "none"
    is_staff = global_role in ("admin", "moderator") or room_role in ROOM_STAFF
    if permission in SILENCED and is_member and muted_until:
        return Decision(False, "muted", f"You are muted in this room until {muted_until}")
    if permission in (Permission.MODERATE, Permission.APPOINT):
        return _moderate(permission, global_role, room_role, room_kind, target)
    if permission is Permission.PIN_MESSAGE:
        return ALLOW if is_staff else NOT_STAFF
    if permission is Permission.OPEN_DM:
        return ALLOW  # anyone may, unless blocked (``decide``)
    if permission is Permission.READ_ROOM:
        return ALLOW if is_member or room_kind == "public" else NOT_A_MEMBER
    if permission in (Permission.POST_MESSAGE, Permission.LEAVE_ROOM, Permission.RECEIPTS, Permission.REACT,
                      Permission.TYPING, Permission.READ_PRESENCE, Permission.SEARCH_ROOM):
        return ALLOW if is_member else NOT_A_MEMBER
    if permission is Permission.EDIT_MESSAGE:
        if not is_member:
            return NOT_A_MEMBER
        return ALLOW if author else Decision(False, "forbidden", "Only the author can edit a message")
    if permission is Permission.DELETE_MESSAGE:
        if (author and is_member) or is_staff:
            return ALLOW
        if not is_member:
            return NOT_A_MEMBER
        return Decision(False, "forbidden", "Only the author, a moderator or an admin can delete a message")
    if permission is Permission.MANAGE_USERS:  # global: no room, so room_role is "none"
        if global_role != "admin":
            return Decision(False, "forbidden", "Only admins manage users")
        if target is not None and rank(*target) >= rank(global_role, "none"):
            return Decision(False, "forbidden", "Admins cannot manage admins, themselves included")
        return ALLOW
    if permission is Permission.READ_AUDIT:
        return ALLOW if global_role == "admin" else Decision(False, "forbidden", "Only admins read the audit")
    if permission is Permission.JOIN_ROOM:
        if is_member:
            return ALLOW
        if banned:
            return Decision(False, "banned", "You are banned from this room")
        if room_kind == "public":
            return ALLOW
        return Decision(False, "room_not_joinable", "Only public rooms can be joined; ask a member to add you")
    if permission is Permission.ADD_MEMBER:
        if room_kind == "dm":
            return Decision(False, "room_not_joinable", "Direct messages have exactly two members")
        if banned:
            return BANNED
        if is_staff:
            return ALLOW
        if not is_member:
            return NOT_A_MEMBER
        if room_kind == "public":
            return ALLOW
        return Decision(False, "forbidden", "Only the owner or a moderator can add members to a private room")
    raise ValueError(f"no rule for {permission}")


def _moderate(permission: Permission, global_role: GlobalRole, room_role: RoomRole, room_kind: RoomKind | None,
              target: tuple[GlobalRole, RoomRole] | None) -> Decision:
    """Moderating a member (``target`` None: only "may this caller moderate here at all")."""
    if room_kind == "dm":
        return Decision(False, "forbidden", "Direct messages have no moderation")
    if permission is Permission.APPOINT:
        if global_role != "admin" and room_role != "owner":
            return Decision(False, "forbidden", "Only the room's owner or an admin appoints moderators")
        if target is not None and target[1] == "owner":
            return Decision(False, "forbidden", "The owner's role cannot be changed")
    elif global_role not in ("admin", "moderator") and room_role not in ROOM_STAFF:
        return NOT_STAFF
    if target is not None and rank(*target) >= rank(global_role, room_role):
        return OUTRANKED
    return ALLOW
