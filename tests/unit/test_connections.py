"""A connection row carries the caller's global roles, so any container rebuilds the full caller."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from moto_tables import moto_tables

from chalicelib.auth import Principal
from chalicelib.config import Settings
from chalicelib.connections import ConnectionRegistry
from chalicelib.errors import ChatError
from chalicelib.models import Connection, Membership, RoomConnection

SETTINGS = Settings.from_env({"TABLE_PREFIX": "cloudchat-conn-", "AWS_REGION": "us-east-1"})


@pytest.fixture
def tables() -> Iterator[None]:
    with moto_tables(SETTINGS):
        yield


@pytest.mark.parametrize("roles", [("admin", "moderator", "user"), ("moderator",), ("user",)])
def test_a_cache_miss_rebuilds_the_caller_with_their_roles(tables: None, roles: tuple[str, ...]) -> None:
    caller = Principal(user_id="u-1", username="alice", email="a@example.test", roles=roles)
    ConnectionRegistry(max_per_user=20).register("c-1", caller)
    rebuilt = ConnectionRegistry(max_per_user=20).principal("c-1")  # another container: nothing cached
    assert rebuilt == Principal(user_id="u-1", username="alice", email=None, roles=roles)
    assert rebuilt.global_role == roles[0]


CALLER = Principal(user_id="u-1", username="alice", email=None, roles=("user",))


def rooms_of(connection_id: str) -> set[str]:
    return {rc.room_id for rc in RoomConnection.connection_index.query(connection_id)}


def test_connect_drops_a_room_left_while_it_read_a_stale_index(tables: None,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """$connect lists the rooms through an eventually consistent index: a membership deleted
    a moment ago may still be listed. The consistent re-check drops that subscription."""
    Membership("r-kept", "u-1", username="alice").save()
    stale = [Membership("r-kept", "u-1", username="alice"), Membership("r-left", "u-1", username="alice")]
    monkeypatch.setattr(Membership.user_index, "query", lambda *args, **kwargs: iter(stale))
    registered = ConnectionRegistry(max_per_user=20).register("c-1", CALLER)
    assert registered.room_ids == {"r-kept"}
    assert rooms_of("c-1") == {"r-kept"}
    assert [rc.connection_id for rc in RoomConnection.query("r-left")] == []


def test_leave_reaches_a_socket_the_connection_index_does_not_list_yet(tables: None,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """A socket registering during a leave is in the Presence row (read consistently) before
    it reads memberships, so the leave's unsubscribe finds it even when the index lags."""
    Membership("r-1", "u-1", username="alice").save()
    registry = ConnectionRegistry(max_per_user=20)
    registry.register("c-1", CALLER)
    monkeypatch.setattr(registry, "user_connections", lambda user_id: [])
    assert registry.unsubscribe("u-1", "r-1") == ["c-1"]
    assert rooms_of("c-1") == set()


def test_disconnect_finds_its_rooms_through_the_connection_index(tables: None) -> None:
    for room_id in ("r-1", "r-2"):
        Membership(room_id, "u-1", username="alice").save()
    registry = ConnectionRegistry(max_per_user=20)
    registry.register("c-1", CALLER)
    assert "roomIds" not in Connection.get("c-1").attribute_values  # no list that grows with the rooms
    forgotten = registry.forget("c-1")
    assert forgotten is not None and forgotten.room_ids == {"r-1", "r-2"}
    assert rooms_of("c-1") == set()


def test_the_socket_cap(tables: None) -> None:
    registry = ConnectionRegistry(max_per_user=2)
    registry.register("c-1", CALLER)
    registry.register("c-2", CALLER)
    with pytest.raises(ChatError) as refused:
        registry.register("c-3", CALLER)
    assert (refused.value.status, refused.value.code) == (429, "too_many_connections")
    registry.forget("c-1")
    registry.register("c-3", CALLER)
