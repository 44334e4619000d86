"""The membership writer keeps both caps and never overwrites a membership (moto in-process)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from moto_tables import moto_tables

from chalicelib.config import Settings
from chalicelib.errors import Conflict
from chalicelib.memberships import Caps, Memberships
from chalicelib.models import Membership, Room, User

SETTINGS = Settings.from_env({"TABLE_PREFIX": "cloudchat-members-", "AWS_REGION": "us-east-1"})


@pytest.fixture
def writer() -> Iterator[Memberships]:
    with moto_tables(SETTINGS):
        for user_id in ("u-1", "u-2", "u-3"):
            User(user_id, username=user_id).save()
        for room_id in ("r-1", "r-2", "r-3"):
            Room(room_id, name=room_id, kind="public", created_by="u-1").save()
        yield Memberships(Caps(rooms_per_user=2, members_per_room=2))


def room(room_id: str) -> Room:
    return Room.get(room_id, consistent_read=True)


def count(user_id: str) -> int:
    return int(User.get(user_id, consistent_read=True).room_count or 0)


def test_rooms_per_user_cap(writer: Memberships) -> None:
    writer.add(room("r-1"), "u-1", "u-1")
    writer.add(room("r-2"), "u-1", "u-1")
    with pytest.raises(Conflict) as refused:
        writer.add(room("r-3"), "u-1", "u-1")
    assert (refused.value.code, refused.value.status) == ("too_many_rooms", 409)
    with pytest.raises(Conflict) as theirs:
        writer.add(room("r-3"), "u-1", "u-1", own=False)
    assert theirs.value.code == "user_room_limit"
    assert not Membership.count("r-3")  # nothing written by a refused add
    writer.remove("r-1", "u-1")
    writer.add(room("r-3"), "u-1", "u-1")
    assert count("u-1") == 2


def test_members_per_room_cap(writer: Memberships) -> None:
    writer.add(room("r-1"), "u-1", "u-1", role="owner")
    writer.add(room("r-1"), "u-2", "u-2")
    with pytest.raises(Conflict) as refused:
        writer.add(room("r-1"), "u-3", "u-3")
    assert refused.value.code == "room_full"
    assert (room("r-1").member_count, count("u-3")) == (2, 0)


def test_re_adding_never_overwrites(writer: Memberships) -> None:
    writer.add(room("r-1"), "u-1", "u-1", role="owner")
    with pytest.raises(Conflict) as again:
        writer.add(room("r-1"), "u-1", "u-1")
    assert again.value.code == "already_member"
    assert Membership.get("r-1", "u-1").role == "owner"
    assert (room("r-1").member_count, count("u-1")) == (1, 1)


def test_remove_many_skips_non_members_and_counts_down(writer: Memberships) -> None:
    writer.add(room("r-1"), "u-1", "u-1")
    writer.add(room("r-2"), "u-1", "u-1")
    assert writer.remove_many("u-1", ["r-2", "r-3", "r-1", "r-2"]) == ["r-2", "r-1"]
    assert count("u-1") == 0
    assert (room("r-1").member_count, room("r-2").member_count) == (0, 0)
    assert writer.remove_many("u-1", ["r-1"]) == []


def test_remove_many_copes_with_rows_older_than_the_counters(writer: Memberships) -> None:
    Membership("r-1", "u-2", username="u-2").save()  # stored before counters existed
    writer.add(room("r-2"), "u-2", "u-2")
    assert writer.remove_many("u-2", ["r-1", "r-2"]) == ["r-1", "r-2"]
    assert Membership.count("r-1") == 0 and count("u-2") == 0
