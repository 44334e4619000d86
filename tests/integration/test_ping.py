"""``ping`` is answered by the gateway's MOCK route, as in the deployed API: pong, and no Lambda runs."""

from __future__ import annotations

import asyncio
from typing import Any

import requests
from helpers import ChatUser, Socket

PINGS = 50


def lambda_invocations(stack: dict[str, Any]) -> dict[str, int]:
    stats: dict[str, Any] = requests.get(f"{stack['web']}_local/stats", timeout=5).json()
    return dict(stats["invocations"])


def test_ping_gets_pong_without_a_lambda_invocation(stack: dict[str, Any], bob: ChatUser) -> None:
    async def scenario() -> None:
        socket = await Socket.open(stack["ws"], bob.token)
        before = lambda_invocations(stack)
        for _ in range(PINGS):
            await socket.ping()
        after_pings = lambda_invocations(stack)
        await socket.send({"action": "noSuchAction"})  # the counter does see frames that reach Lambda
        assert (await socket.expect("error"))["error"]["code"] == "unknown_action"
        after_unknown = lambda_invocations(stack)
        await socket.close()

        routes = (set(before) | set(after_pings)) - {"$disconnect"}  # other tests' sockets may still be closing
        assert {r: after_pings.get(r, 0) - before.get(r, 0) for r in routes} == dict.fromkeys(routes, 0)
        assert "ping" not in after_pings
        assert after_unknown["$default"] == after_pings.get("$default", 0) + 1

    asyncio.run(scenario())


def test_pong_is_exactly_the_mock_route_response(stack: dict[str, Any], bob: ChatUser) -> None:
    async def scenario() -> None:
        socket = await Socket.open(stack["ws"], bob.token)
        await socket.send({"action": "ping"})
        assert await socket.recv_raw() == '{"event":"pong"}'
        await socket.close()

    asyncio.run(scenario())
