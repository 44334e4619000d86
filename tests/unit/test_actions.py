"""The action registry's contract: names, schemas and permissions are checked when an action is declared."""

from __future__ import annotations

import pytest

from chalicelib.actions import REGISTRY, Action, Context, Outcome
from chalicelib.policy import Permission
from chalicelib.schemas import NewMessage, RoomFrame, SendMessageFrame


def nothing(ctx: Context, frame: RoomFrame) -> Outcome:
    raise AssertionError("not called")


def test_registry_holds_send_message_keyed_by_name() -> None:
    assert all(name == action.name for name, action in REGISTRY.items())
    send = REGISTRY["sendMessage"]
    assert send.frame is SendMessageFrame and send.permission is Permission.POST_MESSAGE


@pytest.mark.parametrize("name", ["$connect", "$disconnect", "$default", "$anything", ""])
def test_reserved_route_names_are_never_actions(name: str) -> None:
    assert name not in REGISTRY
    with pytest.raises(ValueError, match="API Gateway routes"):
        Action(name, RoomFrame, nothing)


def test_a_permission_needs_a_room_frame() -> None:
    with pytest.raises(TypeError, match="RoomFrame"):
        Action("x", NewMessage, nothing, permission=Permission.POST_MESSAGE)  # type: ignore[arg-type]
    Action("x", RoomFrame, nothing, permission=Permission.READ_ROOM)


def test_overlapping_the_check_needs_a_permission() -> None:
    with pytest.raises(ValueError, match="overlap_check"):
        Action("x", RoomFrame, nothing, overlap_check=True)
