"""The emulator's @connections management API, driven with boto3 as a Lambda would."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from helpers import ChatUser, Socket, Tables, aws_client, eventually_async


@pytest.fixture
def management(stack: dict[str, Any]) -> Any:
    return aws_client(stack, "apigatewaymanagementapi", endpoint_url=stack["web"].rstrip("/"))


@pytest.fixture
def user(new_user: Callable[..., ChatUser]) -> ChatUser:
    return new_user()


async def open_with_id(stack: dict[str, Any], tables: Tables, user: ChatUser) -> tuple[Socket, str]:
    socket = await Socket.open(stack["ws"], user.token)
    await socket.ping()
    [connection_id] = tables.connection_ids_of(user.sub)
    return socket, connection_id


def test_post_to_connection_arrives_on_the_socket(stack: dict[str, Any], tables: Tables, management: Any,
                                                  user: ChatUser) -> None:
    async def scenario() -> None:
        socket, connection_id = await open_with_id(stack, tables, user)
        payload = {"event": "custom", "text": "straight from @connections", "n": 1}
        await asyncio.to_thread(management.post_to_connection, ConnectionId=connection_id,
                                Data=json.dumps(payload).encode())
        assert await socket.recv() == payload
        await asyncio.to_thread(management.post_to_connection, ConnectionId=connection_id, Data=b"plain text")
        assert await socket.recv_raw() == "plain text"
        await socket.close()

    asyncio.run(scenario())


def test_post_to_unknown_connection_is_gone(management: Any) -> None:
    with pytest.raises(management.exceptions.GoneException):
        management.post_to_connection(ConnectionId="bm90LWEtY29ubmVjdGlvbg==", Data=b"{}")
    with pytest.raises(management.exceptions.GoneException):
        management.get_connection(ConnectionId="bm90LWEtY29ubmVjdGlvbg==")
    with pytest.raises(management.exceptions.GoneException):
        management.delete_connection(ConnectionId="bm90LWEtY29ubmVjdGlvbg==")


def test_get_connection(stack: dict[str, Any], tables: Tables, management: Any, user: ChatUser) -> None:
    async def scenario() -> None:
        socket, connection_id = await open_with_id(stack, tables, user)
        info = await asyncio.to_thread(management.get_connection, ConnectionId=connection_id)
        connected_at = info["ConnectedAt"]
        assert isinstance(connected_at, datetime)
        now = datetime.now(UTC)
        assert now - timedelta(minutes=1) < connected_at <= now + timedelta(seconds=1)
        assert info["LastActiveAt"] >= connected_at.replace(microsecond=0)
        assert info["Identity"]["SourceIp"] == "127.0.0.1"
        await socket.close()

    asyncio.run(scenario())


def test_delete_connection_closes_the_socket_and_cleans_up(stack: dict[str, Any], tables: Tables,
                                                           management: Any, user: ChatUser) -> None:
    async def scenario() -> None:
        socket, connection_id = await open_with_id(stack, tables, user)
        await asyncio.to_thread(management.delete_connection, ConnectionId=connection_id)
        await socket.wait_closed()
        assert socket.connection.close_code is not None
        assert await eventually_async(lambda: tables.connection_ids_of(user.sub) == [])
        with pytest.raises(management.exceptions.GoneException):
            await asyncio.to_thread(management.post_to_connection, ConnectionId=connection_id, Data=b"{}")

    asyncio.run(scenario())


def test_closed_socket_is_gone(stack: dict[str, Any], tables: Tables, management: Any, user: ChatUser) -> None:
    async def scenario() -> None:
        socket, connection_id = await open_with_id(stack, tables, user)
        await socket.close()
        await asyncio.sleep(0.2)
        with pytest.raises(management.exceptions.GoneException):
            await asyncio.to_thread(management.get_connection, ConnectionId=connection_id)

    asyncio.run(scenario())
