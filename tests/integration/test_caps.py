"""The caps, through a local stack of their own started with small limits (3 of each)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from helpers import ChatUser, Socket, create_room, error_of, invite, join, register_stack, sign_up
from websockets.exceptions import InvalidStatus

from local import process

CAP = 3
LIMITS = {"MAX_ROOMS_PER_USER": str(CAP), "MAX_MEMBERS_PER_ROOM": str(CAP), "MAX_CONNECTIONS_PER_USER": str(CAP)}


@pytest.fixture(scope="module")
def small() -> Iterator[dict[str, Any]]:
    running = process.start("--web-dir", "/nonexistent", timeout=60, env=LIMITS)
    try:
        yield register_stack(running.info)
    finally:
        running.stop()


@pytest.fixture
def user(small: dict[str, Any]) -> Callable[[], ChatUser]:
    return lambda: sign_up(small)


def test_rooms_per_user(user: Callable[[], ChatUser]) -> None:
    me, other = user(), user()
    mine = [create_room(me)["roomId"] for _ in range(CAP)]
    created = me.api.post("/rooms", {"name": "one too many"})
    assert (created.status_code, error_of(created)) == (409, "too_many_rooms")
    theirs = create_room(other)["roomId"]
    joined = me.api.post(f"/rooms/{theirs}/join")
    assert (joined.status_code, error_of(joined)) == (409, "too_many_rooms")
    invite(other, me, theirs)
    accepted = me.api.post(f"/rooms/{theirs}/invitation/accept")
    assert (accepted.status_code, error_of(accepted)) == (409, "too_many_rooms")
    assert [i["roomId"] for i in me.api.get("/me/invitations").json()["invitations"]] == [theirs]  # kept
    dm = other.api.post("/rooms", {"kind": "dm", "memberIds": [me.sub]})
    assert (dm.status_code, error_of(dm)) == (409, "user_room_limit")
    assert me.api.post("/rooms/leave", {"roomIds": mine[:1]}).json() == {"left": mine[:1]}
    assert me.api.post(f"/rooms/{theirs}/invitation/accept").status_code == 200
    assert len(me.api.get("/rooms").json()["rooms"]) == CAP


def test_members_per_room(user: Callable[[], ChatUser]) -> None:
    owner = user()
    room = create_room(owner)["roomId"]
    for _ in range(CAP - 1):
        join(user(), room)
    late = user()
    refused = late.api.post(f"/rooms/{room}/join")
    assert (refused.status_code, error_of(refused)) == (409, "room_full")
    assert len(owner.api.get(f"/rooms/{room}/members").json()["members"]) == CAP


def test_open_sockets_per_user(small: dict[str, Any], user: Callable[[], ChatUser]) -> None:
    me = user()

    async def scenario() -> None:
        sockets = [await Socket.open(small["ws"], me.token) for _ in range(CAP)]
        with pytest.raises(InvalidStatus) as refused:
            await Socket.open(small["ws"], me.token)
        assert refused.value.response.status_code == 429
        assert json.loads(refused.value.response.body)["error"]["code"] == "too_many_connections"
        await sockets[0].close()
        for _ in range(50):  # $disconnect runs after the close completes
            try:
                sockets[0] = await Socket.open(small["ws"], me.token)
                break
            except InvalidStatus:
                await asyncio.sleep(0.1)
        else:
            pytest.fail("a closed socket's place was never freed")
        await sockets[0].ping()
        for socket in sockets:
            await socket.close()

    asyncio.run(scenario())
