"""Typing and presence through the local stack, with real WebSocket clients."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

import pytest
from helpers import ChatUser, Socket, create_room, error_of, join

from chalicelib.typing_indicator import EXPIRES_IN_MS, THROTTLE_MS

SETTLE = 2.0  # long enough for a $disconnect to run and fan out


def typing(room_id: str, state: str) -> dict[str, Any]:
    return {"action": "typing", "roomId": room_id, "state": state}


async def signal(socket: Socket, room_id: str, state: str) -> bool:
    """Send a typing frame; return the ack's ``fannedOut``."""
    await socket.send(typing(room_id, state))
    ack = await socket.expect("typingAck")
    assert ack["roomId"] == room_id
    return bool(ack["fannedOut"])


@pytest.fixture
def pair(new_user: Callable[..., ChatUser]) -> tuple[ChatUser, ChatUser, str]:
    """Two members of a fresh public room."""
    a, b = new_user(), new_user()
    room = create_room(a)
    join(b, room["roomId"])
    return a, b, room["roomId"]


# -- typing ----------------------------------------------------------------------------------
def test_typing_reaches_the_others_but_not_the_typists_other_devices(
        stack: dict[str, Any], pair: tuple[ChatUser, ChatUser, str]) -> None:
    a, b, room_id = pair

    async def scenario() -> None:
        a1, a2 = await Socket.open(stack["ws"], a.token), await Socket.open(stack["ws"], a.token)
        b1 = await Socket.open(stack["ws"], b.token)
        assert await signal(a1, room_id, "start") is True
        event = await b1.expect("typing")
        assert event == {"event": "typing", "roomId": room_id, "userId": a.sub, "username": a.name,
                         "state": "start", "expiresInMs": EXPIRES_IN_MS}
        await a2.silent()
        for s in (a1, a2, b1):
            await s.close()

    asyncio.run(scenario())


def test_a_second_start_within_the_window_is_not_fanned_out_and_one_after_it_is(
        stack: dict[str, Any], pair: tuple[ChatUser, ChatUser, str]) -> None:
    a, b, room_id = pair

    async def scenario() -> None:
        a1, b1 = await Socket.open(stack["ws"], a.token), await Socket.open(stack["ws"], b.token)
        first = time.monotonic()
        assert await signal(a1, room_id, "start") is True
        await b1.expect("typing")
        assert await signal(a1, room_id, "start") is False
        await b1.silent()
        await asyncio.sleep(max(0.0, first + THROTTLE_MS / 1000 + 0.2 - time.monotonic()))
        assert await signal(a1, room_id, "start") is True
        assert (await b1.expect("typing"))["state"] == "start"
        await a1.close()
        await b1.close()

    asyncio.run(scenario())


def test_stop_goes_out_once_after_a_start(stack: dict[str, Any], pair: tuple[ChatUser, ChatUser, str]) -> None:
    a, b, room_id = pair

    async def scenario() -> None:
        a1, b1 = await Socket.open(stack["ws"], a.token), await Socket.open(stack["ws"], b.token)
        assert await signal(a1, room_id, "stop") is False  # nothing to stop
        await b1.silent()
        assert await signal(a1, room_id, "start") is True
        await b1.expect("typing")
        assert await signal(a1, room_id, "start") is False  # throttled, but the stop still goes out
        assert await signal(a1, room_id, "stop") is True
        stop = await b1.expect("typing")
        assert (stop["state"], stop["userId"]) == ("stop", a.sub)
        assert await signal(a1, room_id, "stop") is False
        await b1.silent()
        await a1.close()
        await b1.close()

    asyncio.run(scenario())


def test_typing_is_members_only_and_checks_its_input(stack: dict[str, Any], pair: tuple[ChatUser, ChatUser, str],
                                                      new_user: Callable[..., ChatUser]) -> None:
    _, b, room_id = pair
    outsider = new_user()

    async def scenario() -> None:
        b1, out = await Socket.open(stack["ws"], b.token), await Socket.open(stack["ws"], outsider.token)
        await out.send(typing(room_id, "start"))
        assert (await out.expect("error"))["error"]["code"] == "not_a_member"
        await b1.silent()
        bad = [
            ({"action": "typing", "roomId": room_id, "state": "maybe"}, "invalid_state"),
            ({"action": "typing", "roomId": room_id}, "missing_field"),
            ({"action": "typing", "roomId": "not-a-uuid", "state": "start"}, "invalid_room_id"),
            ({"action": "typing", "roomId": room_id, "state": 1}, "invalid_state"),
        ]
        for frame, code in bad:
            await b1.send(frame)
            assert (await b1.expect("error"))["error"]["code"] == code, frame
        await b1.close()
        await out.close()

    asyncio.run(scenario())


# -- presence --------------------------------------------------------------------------------
def test_presence_goes_once_per_connection_and_only_on_first_connect_and_last_disconnect(
        stack: dict[str, Any], new_user: Callable[..., ChatUser]) -> None:
    watcher, mover, stranger = new_user(), new_user(), new_user()
    rooms = [create_room(watcher)["roomId"] for _ in range(2)]
    for room_id in rooms:  # two shared rooms: still one event per connection
        join(mover, room_id)
    online = {"event": "presence", "users": [{"userId": mover.sub, "online": True}]}
    offline = {"event": "presence", "users": [{"userId": mover.sub, "online": False}]}

    async def scenario() -> None:
        w1 = await Socket.open(stack["ws"], watcher.token, presence=True)
        w2 = await Socket.open(stack["ws"], watcher.token, presence=True)
        outside = await Socket.open(stack["ws"], stranger.token, presence=True)
        m1 = await Socket.open(stack["ws"], mover.token, presence=True)
        assert await w1.recv() == online
        assert await w2.recv() == online
        m2 = await Socket.open(stack["ws"], mover.token, presence=True)  # a second device: no change
        await m2.ping()
        await m2.close()  # and its disconnect is not the last one
        await w1.silent(SETTLE)
        await w2.silent(0.1)
        await m1.close()
        assert await w1.recv(SETTLE) == offline
        assert await w2.recv(SETTLE) == offline
        await w1.silent(1.0)
        await w2.silent(0.1)
        await outside.silent(0.1)
        for s in (w1, w2, outside):
            await s.close()

    asyncio.run(scenario())


def test_a_reload_announces_offline_then_online_once_each(stack: dict[str, Any],
                                                          pair: tuple[ChatUser, ChatUser, str]) -> None:
    watcher, mover, _ = pair

    async def scenario() -> None:
        w = await Socket.open(stack["ws"], watcher.token, presence=True)
        m = await Socket.open(stack["ws"], mover.token)
        assert (await w.recv())["users"] == [{"userId": mover.sub, "online": True}]
        await m.close()
        assert (await w.recv(SETTLE))["users"] == [{"userId": mover.sub, "online": False}]
        m = await Socket.open(stack["ws"], mover.token)  # a reload
        assert (await w.recv(SETTLE))["users"] == [{"userId": mover.sub, "online": True}]
        await m.ping()
        await w.silent(1.0)
        await m.close()
        await w.close()

    asyncio.run(scenario())


def test_room_presence_lists_members_online_state(stack: dict[str, Any], pair: tuple[ChatUser, ChatUser, str],
                                                  new_user: Callable[..., ChatUser]) -> None:
    a, b, room_id = pair
    outsider = new_user()

    def states() -> dict[str, bool]:
        response = a.api.get(f"/rooms/{room_id}/presence")
        assert response.status_code == 200, response.text
        return {row["userId"]: row["online"] for row in response.json()["users"]}

    async def scenario() -> None:
        assert states() == {a.sub: False, b.sub: False}
        b1 = await Socket.open(stack["ws"], b.token)
        await b1.ping()
        assert states() == {a.sub: False, b.sub: True}
        await b1.close()
        await asyncio.sleep(SETTLE)
        assert states() == {a.sub: False, b.sub: False}

    asyncio.run(scenario())
    denied = outsider.api.get(f"/rooms/{room_id}/presence")  # a public room, but members only
    assert denied.status_code == 403 and error_of(denied) == "not_a_member"
    bad = a.api.get("/rooms/nope/presence")
    assert bad.status_code == 400 and error_of(bad) == "invalid_room_id"
