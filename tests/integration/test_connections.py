"""Connection bookkeeping: $disconnect cleanup and the Gone path of fan-out."""

from __future__ import annotations

import asyncio
import base64
import os
import time
from collections.abc import Callable
from typing import Any

from helpers import ChatUser, Socket, Tables, create_room, eventually, eventually_async, join


def fake_connection_id() -> str:
    return base64.b64encode(os.urandom(10)).decode()  # API Gateway's shape, e.g. "L0SM9cOFvHcCIhw="


def plant_connection(tables: Tables, user: ChatUser, room_id: str, *, with_connection_row: bool = True,
                     connected_at: str = "2026-01-01T00:00:00.000000+0000") -> str:
    """Rows as ConnectionRegistry.register writes them, for a socket API Gateway has already dropped."""
    connection_id = fake_connection_id()
    ttl = {"N": str(int(time.time()) + 3600)}
    if with_connection_row:
        tables.put("Connections", {"connectionId": {"S": connection_id}, "userId": {"S": user.sub},
                                   "username": {"S": user.name},
                                   "connectedAt": {"S": connected_at}, "ttl": ttl})
    tables.put("RoomConnections", {"roomId": {"S": room_id}, "connectionId": {"S": connection_id},
                                   "userId": {"S": user.sub}, "ttl": ttl})
    return connection_id


def test_rows_follow_the_socket_lifecycle(stack: dict[str, Any], tables: Tables,
                                          new_user: Callable[..., ChatUser]) -> None:
    user = new_user()
    room = create_room(user)

    async def scenario() -> None:
        socket = await Socket.open(stack["ws"], user.token)
        await socket.ping()
        [connection_id] = tables.connection_ids_of(user.sub)
        row = tables.get("Connections", {"connectionId": connection_id})
        assert row is not None
        assert "roomIds" not in row  # its rooms are its RoomConnection rows (ConnectionIndex), never a list here
        assert int(row["ttl"]["N"]) > time.time() + 3600
        assert tables.room_connection_ids(room["roomId"]) == [connection_id]
        await socket.close()
        assert await eventually_async(lambda: tables.connection_ids_of(user.sub) == [])
        assert tables.room_connection_ids(room["roomId"]) == []

    asyncio.run(scenario())


def test_closed_socket_stops_receiving_and_the_other_still_does(stack: dict[str, Any], tables: Tables,
                                                                new_user: Callable[..., ChatUser]) -> None:
    a_user, b_user = new_user(), new_user()
    room = create_room(a_user)
    join(b_user, room["roomId"])

    async def scenario() -> None:
        a = await Socket.open(stack["ws"], a_user.token)
        b1 = await Socket.open(stack["ws"], b_user.token)
        b2 = await Socket.open(stack["ws"], b_user.token)
        await b2.ping()
        assert len(tables.connection_ids_of(b_user.sub)) == 2
        await b1.close()
        assert await eventually_async(lambda: len(tables.connection_ids_of(b_user.sub)) == 1)
        ack = await a.send_message(room["roomId"], "who is left?")
        assert (await b2.expect("message"))["message"] == ack["message"]
        assert sorted(tables.room_connection_ids(room["roomId"])) == sorted(
            tables.connection_ids_of(a_user.sub) + tables.connection_ids_of(b_user.sub))
        await a.close()
        await b2.close()

    asyncio.run(scenario())


def test_gone_connection_is_removed_by_the_next_fanout(stack: dict[str, Any], tables: Tables,
                                                       new_user: Callable[..., ChatUser]) -> None:
    a_user, b_user = new_user(), new_user()
    room = create_room(a_user)
    join(b_user, room["roomId"])
    stale = plant_connection(tables, b_user, room["roomId"])
    assert stale in tables.room_connection_ids(room["roomId"])

    async def scenario() -> None:
        a = await Socket.open(stack["ws"], a_user.token)
        b = await Socket.open(stack["ws"], b_user.token)
        ack = await a.send_message(room["roomId"], "anyone there?")
        assert ack["event"] == "messageAck"
        assert (await b.expect("message"))["message"] == ack["message"]
        assert await eventually_async(lambda: stale not in tables.room_connection_ids(room["roomId"]))
        assert tables.get("Connections", {"connectionId": stale}) is None
        # live connections are untouched and keep receiving
        assert len(tables.room_connection_ids(room["roomId"])) == 2
        again = await a.send_message(room["roomId"], "still here")
        assert (await b.expect("message"))["message"] == again["message"]
        await a.close()
        await b.close()

    asyncio.run(scenario())


def test_gone_connection_is_removed_from_every_room(stack: dict[str, Any], tables: Tables,
                                                    new_user: Callable[..., ChatUser]) -> None:
    user = new_user()
    room, other_room = create_room(user), create_room(user)
    stale = fake_connection_id()
    ttl = {"N": str(int(time.time()) + 3600)}
    tables.put("Connections", {"connectionId": {"S": stale}, "userId": {"S": user.sub},
                               "username": {"S": user.name},
                               "connectedAt": {"S": "2026-01-01T00:00:00.000000+0000"}, "ttl": ttl})
    for room_id in (room["roomId"], other_room["roomId"]):
        tables.put("RoomConnections", {"roomId": {"S": room_id}, "connectionId": {"S": stale},
                                       "userId": {"S": user.sub}, "ttl": ttl})
    response = user.api.post(f"/rooms/{room['roomId']}/messages", {"content": "x", "clientMsgId": "g-1"})
    assert response.status_code == 201, response.text
    assert eventually(lambda: tables.get("Connections", {"connectionId": stale}) is None)
    assert tables.room_connection_ids(room["roomId"]) == []
    assert tables.room_connection_ids(other_room["roomId"]) == []


def test_orphaned_room_connection_row_is_removed_when_gone(stack: dict[str, Any], tables: Tables,
                                                           new_user: Callable[..., ChatUser]) -> None:
    """A RoomConnection row whose Connection row is already gone (TTL sweeps tables independently,
    or a subscribe raced a disconnect) still answers Gone on every fan-out: it must be deleted too."""
    a_user, b_user = new_user(), new_user()
    room = create_room(a_user)
    join(b_user, room["roomId"])
    stale = plant_connection(tables, b_user, room["roomId"], with_connection_row=False)

    async def scenario() -> None:
        a = await Socket.open(stack["ws"], a_user.token)
        b = await Socket.open(stack["ws"], b_user.token)
        ack = await a.send_message(room["roomId"], "anyone there?")
        assert (await b.expect("message"))["message"] == ack["message"]
        removed = await eventually_async(lambda: stale not in tables.room_connection_ids(room["roomId"]), 3.0)
        await a.close()
        await b.close()
        assert removed, "the orphaned RoomConnection row survived a GoneException"

    asyncio.run(scenario())


def test_a_connection_still_in_its_handshake_is_kept_when_it_answers_gone(
        stack: dict[str, Any], tables: Tables, new_user: Callable[..., ChatUser]) -> None:
    """API Gateway answers Gone until a connection's $connect returns (another user's $connect may
    announce presence to it meanwhile): a connection younger than the handshake keeps its rows."""
    user = new_user()
    room = create_room(user)
    now = time.strftime("%Y-%m-%dT%H:%M:%S.000000+0000", time.gmtime())
    young = plant_connection(tables, user, room["roomId"], connected_at=now)
    response = user.api.post(f"/rooms/{room['roomId']}/messages", {"content": "x", "clientMsgId": "hs-1"})
    assert response.status_code == 201, response.text
    time.sleep(1.0)  # the fan-out runs after the answer
    assert young in tables.room_connection_ids(room["roomId"])
    assert tables.get("Connections", {"connectionId": young}) is not None
