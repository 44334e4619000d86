"""Rate limits through the local stack, on Redis and on the DynamoDB backend: REST 429 with
``Retry-After`` and ``RateLimit-*``, WebSocket ``rate_limited`` errors, refused ``$connect``, room,
DM and invitation limits; and a Redis killed mid-run: requests still pass (log + metric), then
limits apply again once it is back.

Each stack here is this module's own, with limits low enough to reach; windows are an hour
long so that no test straddles a fixed window of the DynamoDB backend.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from helpers import Api, Socket, error_of, register_stack, sign_up, unique
from websockets.exceptions import InvalidStatus

from local import process, redis_server

LOW_LIMITS = {
    "RATE_LIMIT_REST_USER": "12/3600",
    "RATE_LIMIT_REST_IP": "1000000/1",
    "RATE_LIMIT_WS_CONNECTION": "5/3600",
    "RATE_LIMIT_WS_USER": "8/3600",
    "RATE_LIMIT_WS_CONNECT": "3/3600",
    "RATE_LIMIT_ROOM_CREATE": "3/3600",
    "RATE_LIMIT_INVITE": "3/3600",
    "RATE_LIMIT_DM": "2/3600",
    "REDIS_TIMEOUT_MS": "2000",  # a busy test machine must not make the limiter fail open here
}

pytestmark = pytest.mark.skipif(not redis_server.available(), reason="redis-server is not installed")


@pytest.fixture(autouse=True)
def _stack_still_running() -> None:
    """This module runs only its own stacks: the shared one need not start."""


@pytest.fixture(scope="module", params=["redis", "dynamodb"])
def limited(request: pytest.FixtureRequest) -> Iterator[dict[str, Any]]:
    with process.running("--web-dir", "/nonexistent", "--rate-limit-backend", request.param,
                         env=LOW_LIMITS, timeout=90) as stack:
        assert stack.info["rateLimitBackend"] == request.param
        yield register_stack(stack.info)


def assert_rate_limited(response: requests.Response) -> int:
    assert response.status_code == 429, response.text
    assert error_of(response) == "rate_limited"
    retry_after = int(response.headers["Retry-After"])
    assert retry_after >= 1
    assert response.json()["error"]["retryAfter"] == retry_after
    return retry_after


# -- REST ------------------------------------------------------------------------------------
def test_rest_trips_exactly_at_request_n_plus_1_with_headers(limited: dict[str, Any]) -> None:
    user = sign_up(limited)  # its GET /me is request 1 of 12
    first = user.api.get("/me")
    assert first.status_code == 200
    assert first.headers["RateLimit-Limit"] == "12"
    assert first.headers["RateLimit-Remaining"] == "10"
    assert 0 < int(first.headers["RateLimit-Reset"]) <= 3600
    remaining = [int(user.api.get("/rooms").headers["RateLimit-Remaining"]) for _ in range(10)]
    assert remaining == list(range(9, -1, -1))
    refused = user.api.get("/me")
    retry_after = assert_rate_limited(refused)
    # a token bucket refills one request's share of the hour; a fixed window resets when it ends
    assert retry_after <= (3600 / 12 + 1 if limited["rateLimitBackend"] == "redis" else 3600)
    assert refused.headers["RateLimit-Remaining"] == "0"
    assert refused.headers["Access-Control-Allow-Origin"] == "*"  # a browser can read the 429
    assert sign_up(limited).api.get("/me").status_code == 200  # per user: others are not affected


def test_errors_carry_the_headers_too(limited: dict[str, Any]) -> None:
    user = sign_up(limited)
    missing = user.api.get("/rooms/00000000-0000-4000-8000-00000000dead")
    assert missing.status_code in (403, 404)
    assert missing.headers["RateLimit-Remaining"] == "10"


# -- WebSocket -------------------------------------------------------------------------------
def test_frames_are_limited_per_connection_and_per_user(limited: dict[str, Any]) -> None:
    user = sign_up(limited)

    async def scenario() -> None:
        first = await Socket.open(limited["ws"], user.token)
        second = await Socket.open(limited["ws"], user.token)
        for n in range(5):  # the connection's burst: each frame gets its own answer
            await first.send({"action": "noSuchAction", "clientMsgId": f"a{n}"})
            assert (await first.expect("error"))["error"]["code"] == "unknown_action"
        await first.send({"action": "noSuchAction", "clientMsgId": "a5"})
        limited_event = await first.expect("error")
        assert limited_event["clientMsgId"] == "a5"
        assert limited_event["error"]["code"] == "rate_limited"
        assert limited_event["error"]["retryAfter"] >= 1
        await first.ping()  # the socket stays open (ping is answered by the gateway)
        for n in range(3):  # the user's burst is 8: 5 + 3 more on the other connection
            await second.send({"action": "noSuchAction", "clientMsgId": f"b{n}"})
            assert (await second.expect("error"))["error"]["code"] == "unknown_action"
        await second.send({"action": "noSuchAction", "clientMsgId": "b3"})
        assert (await second.expect("error"))["error"]["code"] == "rate_limited"
        await first.close()
        await second.close()

    asyncio.run(scenario())


def test_connect_attempts_per_user_are_refused_with_429(limited: dict[str, Any]) -> None:
    user = sign_up(limited)

    async def scenario() -> None:
        for _ in range(3):
            socket = await Socket.open(limited["ws"], user.token)
            await socket.close()
        with pytest.raises(InvalidStatus) as refused:
            await Socket.open(limited["ws"], user.token)
        assert refused.value.response.status_code == 429
        assert json.loads(refused.value.response.body)["error"]["code"] == "rate_limited"
        other = await Socket.open(limited["ws"], sign_up(limited).token)  # per user
        await other.close()

    asyncio.run(scenario())


# -- rooms, DMs, invitations -----------------------------------------------------------------
def test_room_creations_per_hour(limited: dict[str, Any]) -> None:
    user = sign_up(limited)
    for kind in ("public", "private", "public"):
        assert user.api.post("/rooms", {"kind": kind, "name": unique("r")}).status_code == 201
    refused = user.api.post("/rooms", {"kind": "public", "name": unique("r")})
    assert_rate_limited(refused)
    assert refused.headers["RateLimit-Limit"] == "3"  # the room policy's own headers
    assert sign_up(limited).api.post("/rooms", {"kind": "public", "name": unique("r")}).status_code == 201


def test_dms_per_hour_count_apart_from_rooms(limited: dict[str, Any]) -> None:
    user = sign_up(limited)
    others = list(limited["users"].values())
    for other in others[:2]:
        assert user.api.post("/rooms", {"kind": "dm", "memberIds": [other]}).status_code == 201
    assert_rate_limited(user.api.post("/rooms", {"kind": "dm", "memberIds": [others[2]]}))
    assert user.api.post("/rooms", {"kind": "public", "name": unique("r")}).status_code == 201


def test_invitations_per_hour(limited: dict[str, Any]) -> None:
    owner = sign_up(limited)
    room = owner.api.post("/rooms", {"kind": "private", "name": unique("r")}).json()
    invitees = [sign_up(limited) for _ in range(4)]
    for invitee in invitees[:3]:
        added = owner.api.post(f"/rooms/{room['roomId']}/members", {"userId": invitee.sub})
        assert added.status_code == 201, added.text
    assert_rate_limited(owner.api.post(f"/rooms/{room['roomId']}/members", {"userId": invitees[3].sub}))
    assert invitees[3].api.get(f"/rooms/{room['roomId']}/members").status_code in (403, 404)


# -- Redis dies mid-run ----------------------------------------------------------------------
@pytest.fixture(scope="module")
def own_redis() -> Iterator[redis_server.RedisServer]:
    server = redis_server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def redis_stack(own_redis: redis_server.RedisServer) -> Iterator[process.StackProcess]:
    env = {**LOW_LIMITS, "RATE_LIMIT_REST_USER": "1000000/1", "RATE_LIMIT_REST_IP": "10/3600"}
    with process.running("--web-dir", "/nonexistent", "--redis-url", own_redis.url, env=env, timeout=90) as stack:
        assert (stack.info["rateLimitBackend"], stack.info["redis"]) == ("redis", own_redis.url)
        register_stack(stack.info)
        yield stack


def degraded_metrics(stdout_path: str) -> int:
    count = 0
    for line in Path(stdout_path).read_text().splitlines():
        try:
            emf = json.loads(line)
        except ValueError:
            continue
        count += len(emf.get("RateLimiterDegraded", []))
    return count


def test_requests_pass_while_redis_is_down_then_limits_apply_again(
        redis_stack: process.StackProcess, own_redis: redis_server.RedisServer) -> None:
    info = redis_stack.info
    alice = sign_up(info)  # GET /me: 1 of the IP's 10
    for _ in range(9):
        assert alice.api.get("/me").status_code == 200
    assert_rate_limited(alice.api.get("/me"))  # the 11th from 127.0.0.1

    own_redis.stop()
    started = time.monotonic()
    during = [alice.api.get("/me") for _ in range(15)]
    assert [r.status_code for r in during] == [200] * 15  # fails open: nobody is blocked
    assert time.monotonic() - started < 15  # and nobody waits on the dead Redis

    async def socket_still_works() -> None:
        socket = await Socket.open(info["ws"], alice.token)
        await socket.send({"action": "noSuchAction", "clientMsgId": "x"})
        assert (await socket.expect("error"))["error"]["code"] == "unknown_action"
        await socket.close()

    asyncio.run(socket_still_works())
    assert any("rate limiter degraded" in line for line in redis_stack.log), "".join(redis_stack.log)
    assert degraded_metrics(info["lambdaStdout"]) >= 15

    restarted = redis_server.start(port=own_redis.port)  # empty: no persistence
    own_redis.process = restarted.process
    time.sleep(1.5)  # the limiter rests COOLDOWN_SECONDS after a failure, then reconnects
    statuses = [Api(info["rest"], alice.token).get("/me").status_code for _ in range(11)]
    assert statuses == [200] * 10 + [429]
