"""A connection row carries the caller's global roles, so any container rebuilds the full caller."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from moto_tables import moto_tables

from chalicelib.auth import Principal
from chalicelib.config import Settings
from chalicelib.connections import ConnectionRegistry

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
