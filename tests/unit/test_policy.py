"""The authorization policy as a table: (permission, global role, room role, room kind) -> decision."""

from __future__ import annotations

import pytest

from chalicelib.errors import Forbidden, NotFound
from chalicelib.policy import Permission, decide, global_role, room_role

P = Permission
ALLOW = None  # expected reason when allowed

# permission, global role, room role, room kind, expected denial code (None: allowed)
TABLE = [
    (P.READ_ROOM, "user", "none", "public", ALLOW),
    (P.READ_ROOM, "user", "none", "private", "room_not_found"),  # hidden: like an unknown room
    (P.READ_ROOM, "admin", "none", "private", "room_not_found"),
    (P.READ_ROOM, "user", "member", "private", ALLOW),
    (P.READ_ROOM, "user", "member", "dm", ALLOW),
    (P.READ_ROOM, "user", "none", "dm", "room_not_found"),
    (P.POST_MESSAGE, "user", "member", None, ALLOW),
    (P.POST_MESSAGE, "user", "owner", None, ALLOW),
    (P.POST_MESSAGE, "user", "none", "public", "not_a_member"),
    (P.POST_MESSAGE, "admin", "none", "public", "not_a_member"),
    (P.RECEIPTS, "user", "member", "private", ALLOW),
    (P.RECEIPTS, "user", "none", "public", "not_a_member"),  # members only, even in public rooms
    (P.RECEIPTS, "admin", "none", "private", "room_not_found"),
    (P.LEAVE_ROOM, "user", "member", "public", ALLOW),
    (P.LEAVE_ROOM, "moderator", "none", "public", "not_a_member"),
    (P.JOIN_ROOM, "user", "none", "public", ALLOW),
    (P.JOIN_ROOM, "user", "member", "private", ALLOW),  # already in: a no-op
    (P.JOIN_ROOM, "user", "none", "private", "room_not_found"),
    (P.JOIN_ROOM, "admin", "none", "dm", "room_not_found"),
    (P.ADD_MEMBER, "admin", "owner", "dm", "room_not_joinable"),
    (P.ADD_MEMBER, "user", "member", "public", ALLOW),
    (P.ADD_MEMBER, "user", "member", "private", "forbidden"),
    (P.ADD_MEMBER, "user", "owner", "private", ALLOW),
    (P.ADD_MEMBER, "user", "moderator", "private", ALLOW),
    (P.ADD_MEMBER, "moderator", "none", "private", ALLOW),
    (P.ADD_MEMBER, "admin", "none", "private", ALLOW),
    (P.ADD_MEMBER, "user", "none", "public", "not_a_member"),
    (P.ADD_MEMBER, "user", "none", "private", "room_not_found"),
    (P.REACT, "user", "member", "public", ALLOW),
    (P.REACT, "admin", "none", "public", "not_a_member"),
    (P.SEARCH_ROOM, "user", "member", "private", ALLOW),
    (P.SEARCH_ROOM, "user", "none", "public", "not_a_member"),
    (P.SEARCH_ROOM, "admin", "none", "private", "room_not_found"),
    (P.READ_AUDIT, "admin", "none", "private", ALLOW),
    (P.READ_AUDIT, "moderator", "owner", "public", "forbidden"),
    (P.READ_AUDIT, "user", "owner", "public", "forbidden"),
    # may the caller moderate here at all (no target yet)
    (P.MODERATE, "user", "owner", "public", ALLOW),
    (P.MODERATE, "user", "moderator", "private", ALLOW),
    (P.MODERATE, "moderator", "none", "public", ALLOW),
    (P.MODERATE, "admin", "member", "private", ALLOW),
    (P.MODERATE, "user", "member", "public", "forbidden"),
    (P.MODERATE, "user", "none", "public", "forbidden"),
    (P.MODERATE, "admin", "owner", "dm", "forbidden"),  # DMs have no moderation
    (P.PIN_MESSAGE, "user", "moderator", "public", ALLOW),
    (P.PIN_MESSAGE, "user", "owner", "dm", ALLOW),
    (P.PIN_MESSAGE, "moderator", "none", "private", ALLOW),
    (P.PIN_MESSAGE, "user", "member", "public", "forbidden"),
    (P.APPOINT, "user", "owner", "private", ALLOW),
    (P.APPOINT, "admin", "none", "public", ALLOW),
    (P.APPOINT, "user", "moderator", "public", "forbidden"),
    (P.APPOINT, "moderator", "member", "public", "forbidden"),
    (P.APPOINT, "user", "owner", "dm", "forbidden"),
    (P.TYPING, "user", "member", "public", ALLOW),
    (P.TYPING, "admin", "none", "public", "not_a_member"),  # members only, even in public rooms
    (P.READ_PRESENCE, "user", "member", "dm", ALLOW),
    (P.READ_PRESENCE, "user", "none", "public", "not_a_member"),
    (P.READ_PRESENCE, "moderator", "none", "private", "room_not_found"),
    (P.OPEN_DM, "user", "none", None, ALLOW),
    (P.MODERATE, "user", "none", "private", "room_not_found"),
    (P.PIN_MESSAGE, "user", "none", "dm", "room_not_found"),
    # global user management: no room involved
    (P.MANAGE_USERS, "admin", "none", None, ALLOW),
    (P.MANAGE_USERS, "moderator", "none", None, "forbidden"),
    (P.MANAGE_USERS, "user", "none", None, "forbidden"),
    (P.MANAGE_USERS, "user", "owner", "public", "forbidden"),  # owning a room is no global power
]

# Acting on a message: permission, global role, room role, caller wrote it, expected denial code
ON_MESSAGES = [
    (P.EDIT_MESSAGE, "user", "member", True, ALLOW),
    (P.EDIT_MESSAGE, "user", "member", False, "forbidden"),
    (P.EDIT_MESSAGE, "admin", "owner", False, "forbidden"),  # nobody edits someone else's words
    (P.EDIT_MESSAGE, "user", "none", True, "not_a_member"),  # left the room
    (P.DELETE_MESSAGE, "user", "member", True, ALLOW),
    (P.DELETE_MESSAGE, "user", "member", False, "forbidden"),
    (P.DELETE_MESSAGE, "user", "owner", False, ALLOW),
    (P.DELETE_MESSAGE, "user", "moderator", False, ALLOW),
    (P.DELETE_MESSAGE, "moderator", "none", False, ALLOW),
    (P.DELETE_MESSAGE, "admin", "member", False, ALLOW),
    (P.DELETE_MESSAGE, "user", "none", False, "not_a_member"),
    (P.DELETE_MESSAGE, "user", "none", True, "not_a_member"),
]


@pytest.mark.parametrize(("permission", "global_role", "room_role", "kind", "reason"), TABLE)
def test_policy_table(permission: Permission, global_role: str, room_role: str, kind: str | None,
                      reason: str | None) -> None:
    decision = decide(permission, global_role, room_role, kind)  # type: ignore[arg-type]
    assert decision.allowed is (reason is None)
    assert decision.reason == reason
    if reason:
        assert decision.message
        with pytest.raises(NotFound if reason == "room_not_found" else Forbidden) as denied:
            decision.enforce()
        assert denied.value.code == reason
        assert denied.value.status == (404 if reason == "room_not_found" else 403)
    else:
        decision.enforce()


@pytest.mark.parametrize(("permission", "global_role", "room_role", "author", "reason"), ON_MESSAGES)
def test_policy_on_messages(permission: Permission, global_role: str, room_role: str, author: bool,
                            reason: str | None) -> None:
    decision = decide(permission, global_role, room_role, author=author)  # type: ignore[arg-type]
    assert (decision.allowed, decision.reason) == (reason is None, reason)


# Acting on a member: permission, actor (global, room), target (global, room), expected denial code
ON_MEMBERS = [
    (P.MODERATE, ("user", "owner"), ("user", "moderator"), ALLOW),
    (P.MODERATE, ("user", "owner"), ("user", "member"), ALLOW),
    (P.MODERATE, ("user", "moderator"), ("user", "member"), ALLOW),
    (P.MODERATE, ("user", "moderator"), ("user", "none"), ALLOW),  # banning a non-member
    (P.MODERATE, ("user", "moderator"), ("user", "owner"), "forbidden"),
    (P.MODERATE, ("user", "moderator"), ("user", "moderator"), "forbidden"),  # equal rank
    (P.MODERATE, ("user", "moderator"), ("admin", "member"), "forbidden"),
    (P.MODERATE, ("user", "owner"), ("moderator", "member"), "forbidden"),
    (P.MODERATE, ("moderator", "none"), ("user", "owner"), ALLOW),
    (P.MODERATE, ("moderator", "member"), ("admin", "member"), "forbidden"),
    (P.MODERATE, ("admin", "none"), ("moderator", "owner"), ALLOW),
    (P.MODERATE, ("admin", "member"), ("admin", "member"), "forbidden"),  # nobody moderates themselves
    (P.APPOINT, ("user", "owner"), ("user", "member"), ALLOW),
    (P.APPOINT, ("user", "owner"), ("user", "moderator"), ALLOW),
    (P.APPOINT, ("admin", "none"), ("user", "owner"), "forbidden"),  # the owner stays the owner
    (P.APPOINT, ("user", "owner"), ("moderator", "member"), "forbidden"),
    (P.MANAGE_USERS, ("admin", "none"), ("user", "none"), ALLOW),
    (P.MANAGE_USERS, ("admin", "none"), ("moderator", "none"), ALLOW),
    (P.MANAGE_USERS, ("admin", "none"), ("admin", "none"), "forbidden"),  # nor themselves
    (P.MANAGE_USERS, ("moderator", "none"), ("user", "none"), "forbidden"),
]


@pytest.mark.parametrize(("permission", "actor", "target", "reason"), ON_MEMBERS)
def test_policy_on_members(permission: Permission, actor: tuple[str, str], target: tuple[str, str],
                           reason: str | None) -> None:
    decision = decide(permission, actor[0], actor[1], "public", target=target)  # type: ignore[arg-type]
    assert (decision.allowed, decision.reason) == (reason is None, reason)


@pytest.mark.parametrize(("permission", "muted_until", "reason"), [
    (P.POST_MESSAGE, "2030-01-01T00:00:00.000Z", "muted"),
    (P.EDIT_MESSAGE, "2030-01-01T00:00:00.000Z", "muted"),
    (P.REACT, "2030-01-01T00:00:00.000Z", "muted"),
    (P.TYPING, "2030-01-01T00:00:00.000Z", "muted"),
    (P.DELETE_MESSAGE, "2030-01-01T00:00:00.000Z", ALLOW),  # a muted member may still delete their own
    (P.RECEIPTS, "2030-01-01T00:00:00.000Z", ALLOW),
    (P.POST_MESSAGE, None, ALLOW),
])
def test_a_mute_silences_the_writes_and_says_until_when(permission: Permission, muted_until: str | None,
                                                        reason: str | None) -> None:
    decision = decide(permission, "user", "member", "public", author=True, muted_until=muted_until)
    assert (decision.allowed, decision.reason) == (reason is None, reason)
    if reason:
        assert str(muted_until) in decision.message


@pytest.mark.parametrize(("permission", "room_role", "kind", "reason"), [
    (P.JOIN_ROOM, "none", "public", "banned"),
    (P.JOIN_ROOM, "member", "public", ALLOW),  # still in: a no-op
    (P.ADD_MEMBER, "owner", "private", "banned"),
    (P.ADD_MEMBER, "owner", "dm", "room_not_joinable"),
])
def test_a_ban_stops_joining_and_being_added(permission: Permission, room_role: str, kind: str,
                                             reason: str | None) -> None:
    decision = decide(permission, "admin", room_role, kind, banned=True)  # type: ignore[arg-type]
    assert (decision.allowed, decision.reason) == (reason is None, reason)


@pytest.mark.parametrize(("permission", "room_role", "kind", "reason"), [
    (P.OPEN_DM, "none", None, "user_unavailable"),
    (P.POST_MESSAGE, "owner", "dm", "user_unavailable"),  # the DM's peer blocked the sender
    (P.ADD_MEMBER, "owner", "private", "user_unavailable"),  # the invitee blocked the inviter
    (P.ADD_MEMBER, "member", "public", "user_unavailable"),
    (P.POST_MESSAGE, "none", "dm", "room_not_found"),  # hidden first: a block reveals nothing more
    (P.READ_ROOM, "owner", "dm", ALLOW),  # a block stops writing to the blocker, not reading one's own DM
    (P.TYPING, "owner", "dm", "user_unavailable"),
    (P.REACT, "owner", "dm", "user_unavailable"),
    (P.RECEIPTS, "owner", "dm", ALLOW),  # marking one's own reads reaches nobody
])
def test_a_block_refuses_dms_and_invitations_from_the_blocked(permission: Permission, room_role: str,
                                                              kind: str | None, reason: str | None) -> None:
    decision = decide(permission, "admin", room_role, kind, blocked=True)  # type: ignore[arg-type]
    assert (decision.allowed, decision.reason) == (reason is None, reason)
    if reason == "user_unavailable":
        with pytest.raises(Forbidden) as denied:
            decision.enforce()
        assert denied.value.status == 403


def test_every_permission_has_rows() -> None:
    assert {row[0] for row in TABLE} | {row[0] for row in ON_MESSAGES} == set(Permission)


@pytest.mark.parametrize(("roles", "expected"), [
    (("admin", "user"), "admin"), (("moderator",), "moderator"), (("user",), "user"), ((), "user"),
    (("beta",), "user"),
])
def test_global_role_is_the_strongest_group(roles: tuple[str, ...], expected: str) -> None:
    assert global_role(roles) == expected


@pytest.mark.parametrize(("stored", "expected"), [
    (None, "none"), ("owner", "owner"), ("moderator", "moderator"), ("member", "member"), ("weird", "member"),
])
def test_room_role_from_the_membership_row(stored: str | None, expected: str) -> None:
    assert room_role(stored) == expected
