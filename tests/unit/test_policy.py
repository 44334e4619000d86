"""The authorization policy as a table: (permission, global role, room role, room kind) -> decision."""

from __future__ import annotations

import pytest

from chalicelib.errors import Forbidden
from chalicelib.policy import Permission, decide, global_role, room_role

P = Permission
ALLOW = None  # expected reason when allowed

# permission, global role, room role, room kind, expected denial code (None: allowed)
TABLE = [
    (P.READ_ROOM, "user", "none", "public", ALLOW),
    (P.READ_ROOM, "user", "none", "private", "not_a_member"),
    (P.READ_ROOM, "admin", "none", "private", "not_a_member"),
    (P.READ_ROOM, "user", "member", "private", ALLOW),
    (P.READ_ROOM, "user", "member", "dm", ALLOW),
    (P.READ_ROOM, "user", "none", "dm", "not_a_member"),
    (P.POST_MESSAGE, "user", "member", None, ALLOW),
    (P.POST_MESSAGE, "user", "owner", None, ALLOW),
    (P.POST_MESSAGE, "user", "none", "public", "not_a_member"),
    (P.POST_MESSAGE, "admin", "none", "public", "not_a_member"),
    (P.RECEIPTS, "user", "member", "private", ALLOW),
    (P.RECEIPTS, "user", "none", "public", "not_a_member"),  # members only, even in public rooms
    (P.RECEIPTS, "admin", "none", "private", "not_a_member"),
    (P.LEAVE_ROOM, "user", "member", "public", ALLOW),
    (P.LEAVE_ROOM, "moderator", "none", "public", "not_a_member"),
    (P.JOIN_ROOM, "user", "none", "public", ALLOW),
    (P.JOIN_ROOM, "user", "member", "private", ALLOW),  # already in: a no-op
    (P.JOIN_ROOM, "user", "none", "private", "room_not_joinable"),
    (P.JOIN_ROOM, "admin", "none", "dm", "room_not_joinable"),
    (P.ADD_MEMBER, "admin", "owner", "dm", "room_not_joinable"),
    (P.ADD_MEMBER, "user", "member", "public", ALLOW),
    (P.ADD_MEMBER, "user", "member", "private", "forbidden"),
    (P.ADD_MEMBER, "user", "owner", "private", ALLOW),
    (P.ADD_MEMBER, "user", "moderator", "private", ALLOW),
    (P.ADD_MEMBER, "moderator", "none", "private", ALLOW),
    (P.ADD_MEMBER, "admin", "none", "private", ALLOW),
    (P.ADD_MEMBER, "user", "none", "public", "not_a_member"),
    (P.ADD_MEMBER, "user", "none", "private", "not_a_member"),
    (P.REACT, "user", "member", "public", ALLOW),
    (P.REACT, "admin", "none", "public", "not_a_member"),
    (P.SEARCH_ROOM, "user", "member", "private", ALLOW),
    (P.SEARCH_ROOM, "user", "none", "public", "not_a_member"),
    (P.SEARCH_ROOM, "admin", "none", "private", "not_a_member"),
    (P.READ_AUDIT, "admin", "none", "private", ALLOW),
    (P.READ_AUDIT, "moderator", "owner", "public", "forbidden"),
    (P.READ_AUDIT, "user", "owner", "public", "forbidden"),
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
        with pytest.raises(Forbidden) as denied:
            decision.enforce()
        assert denied.value.code == reason and denied.value.status == 403
    else:
        decision.enforce()


@pytest.mark.parametrize(("permission", "global_role", "room_role", "author", "reason"), ON_MESSAGES)
def test_policy_on_messages(permission: Permission, global_role: str, room_role: str, author: bool,
                            reason: str | None) -> None:
    decision = decide(permission, global_role, room_role, author=author)  # type: ignore[arg-type]
    assert (decision.allowed, decision.reason) == (reason is None, reason)


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
