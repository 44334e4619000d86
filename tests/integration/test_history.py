"""Cursor paging through a room's history: newest first, no gaps, no repeats."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from helpers import ChatUser, create_room, error_of, post_message


def fill(user: ChatUser, room_id: str, count: int) -> None:
    for n in range(count):
        assert post_message(user, room_id, f"message {n + 1}", f"h-{n + 1}").status_code == 201


def pages(user: ChatUser, room_id: str, limit: int) -> list[dict[str, Any]]:
    result, cursor = [], None
    for _ in range(100):
        params: dict[str, Any] = {"limit": limit}
        if cursor is not None:
            params["cursor"] = cursor
        response = user.api.get(f"/rooms/{room_id}/messages", params=params)
        assert response.status_code == 200, response.text
        page = response.json()
        result.append(page)
        cursor = page["nextCursor"]
        if cursor is None:
            return result
    raise AssertionError("paging did not terminate")


@pytest.fixture
def owner(new_user: Callable[..., ChatUser]) -> ChatUser:
    return new_user()


def test_pages_in_order_without_gaps_or_repeats(owner: ChatUser, new_user: Callable[..., ChatUser]) -> None:
    room = create_room(owner)
    fill(owner, room["roomId"], 35)
    reader = new_user()  # a public room's history is readable by non-members
    result = pages(reader, room["roomId"], 10)
    assert [len(p["messages"]) for p in result] == [10, 10, 10, 5]
    assert all(p["nextCursor"] for p in result[:-1])
    assert result[-1]["nextCursor"] is None
    seqs = [m["seq"] for p in result for m in p["messages"]]
    assert seqs == list(range(35, 0, -1))
    contents = [m["content"] for p in result for m in p["messages"]]
    assert contents == [f"message {n}" for n in range(35, 0, -1)]


def test_exact_multiple_of_the_page_size_has_no_empty_last_page(owner: ChatUser) -> None:
    room = create_room(owner)
    fill(owner, room["roomId"], 20)
    result = pages(owner, room["roomId"], 10)
    assert [len(p["messages"]) for p in result] == [10, 10]
    assert result[-1]["nextCursor"] is None


def test_new_messages_do_not_shift_pages_already_handed_out(owner: ChatUser) -> None:
    room = create_room(owner)
    fill(owner, room["roomId"], 12)
    first = owner.api.get(f"/rooms/{room['roomId']}/messages", params={"limit": 5}).json()
    post_message(owner, room["roomId"], "newer")
    second = owner.api.get(f"/rooms/{room['roomId']}/messages",
                           params={"limit": 5, "cursor": first["nextCursor"]}).json()
    assert [m["seq"] for m in first["messages"]] == [12, 11, 10, 9, 8]
    assert [m["seq"] for m in second["messages"]] == [7, 6, 5, 4, 3]


def test_default_page_and_empty_room(owner: ChatUser) -> None:
    room = create_room(owner)
    assert owner.api.get(f"/rooms/{room['roomId']}/messages").json() == {"messages": [], "nextCursor": None}
    fill(owner, room["roomId"], 3)
    page = owner.api.get(f"/rooms/{room['roomId']}/messages").json()
    assert [m["seq"] for m in page["messages"]] == [3, 2, 1]
    assert page["nextCursor"] is None


@pytest.mark.parametrize("cursor", ["garbage", "eyJiZWZvcmUiOiAwfQ", "eyJhZnRlciI6IDV9", "!!!"])
def test_bad_cursor_is_400(owner: ChatUser, cursor: str) -> None:
    room = create_room(owner)
    response = owner.api.get(f"/rooms/{room['roomId']}/messages", params={"cursor": cursor})
    assert response.status_code == 400
    assert error_of(response) == "invalid_cursor"


@pytest.mark.parametrize("limit", ["0", "101", "-5", "ten"])
def test_bad_limit_is_400(owner: ChatUser, limit: str) -> None:
    room = create_room(owner)
    response = owner.api.get(f"/rooms/{room['roomId']}/messages", params={"limit": limit})
    assert response.status_code == 400
    assert error_of(response) == "invalid_limit"


def test_limit_bounds_are_inclusive(owner: ChatUser) -> None:
    room = create_room(owner)
    fill(owner, room["roomId"], 2)
    for limit, count, more in [("1", 1, True), ("100", 2, False)]:
        page = owner.api.get(f"/rooms/{room['roomId']}/messages", params={"limit": limit}).json()
        assert len(page["messages"]) == count
        assert (page["nextCursor"] is not None) == more


def test_private_history_is_for_members_only(owner: ChatUser, new_user: Callable[..., ChatUser]) -> None:
    room = create_room(owner, kind="private")
    fill(owner, room["roomId"], 1)
    response = new_user().api.get(f"/rooms/{room['roomId']}/messages")
    assert response.status_code == 404  # hidden: like an unknown room
    assert error_of(response) == "room_not_found"
