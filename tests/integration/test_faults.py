"""The local stack under faults, behaving as AWS does under them: a killed Lambda worker is
replaced and its in-flight invocations answered with API Gateway's errors; a hung or dead AWS
endpoint (moto) gets a clear 503 / ``service_unavailable`` within a bounded time; an aborted
upgrade leaves no connection behind; a client that stops reading never stalls a fan-out.

These tests break their stack on purpose, so this module runs its own (``running_stack`` below
overrides the session one), and the test that kills moto runs last.
"""

from __future__ import annotations

import asyncio
import base64
import functools
import json
import os
import signal
import socket
import struct
import time
import urllib.request
from collections.abc import Callable, Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
import requests
from helpers import (
    ChatUser,
    Socket,
    Tables,
    create_room,
    error_of,
    eventually,
    join,
    post_message,
    register_stack,
    sign_up,
    unique,
)

from local import client, process

HUNG_AWS_BOUND_SECONDS = 20.0  # AWS_MAX_ATTEMPTS x AWS_READ_TIMEOUT_SECONDS + backoff, well under API Gateway's 29 s
INTERNAL_ERROR = {"message": "Internal server error"}
STALL_SECONDS = 4.0  # a fan-out stalled by a stuck reader waits out the post timeout; a busy machine is quicker


@pytest.fixture(scope="module")
def running_stack() -> Iterator[process.StackProcess]:
    """Three workers: a batch of the stream indexer stuck on a hung moto still leaves two for the test."""
    with process.running("--web-dir", "/nonexistent", "--lambda-workers", "3", timeout=90) as running:
        yield running


@pytest.fixture(scope="module")
def stack(running_stack: process.StackProcess) -> dict[str, Any]:
    return register_stack(running_stack.info)


@pytest.fixture(scope="module")
def tables(stack: dict[str, Any]) -> Tables:
    return Tables(stack)


@pytest.fixture(scope="module")
def owner(stack: dict[str, Any]) -> ChatUser:
    return sign_up(stack)


@pytest.fixture(scope="module")
def member(stack: dict[str, Any]) -> ChatUser:
    return sign_up(stack)


@pytest.fixture
def room(owner: ChatUser, member: ChatUser) -> str:
    room_id = str(create_room(owner)["roomId"])
    join(member, room_id)
    return room_id


def synchronous(test: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., None]:
    """Run an async test with ``asyncio.run``, as the rest of the suite does (no asyncio plugin)."""

    @functools.wraps(test)
    def run(*args: Any, **kwargs: Any) -> None:
        asyncio.run(test(*args, **kwargs))

    return run


def stats(info: dict[str, Any]) -> dict[str, Any]:
    with urllib.request.urlopen(info["web"] + "_local/stats", timeout=5) as response:
        result: dict[str, Any] = json.loads(response.read())
    return result


def raw_upgrade(info: dict[str, Any], token: str, *, receive_buffer: int | None = None) -> socket.socket:
    """A TCP connection that sent a complete WebSocket upgrade request and has read nothing."""
    host, port = info["ws"].removeprefix("ws://").split(":")
    sock = socket.socket()
    if receive_buffer is not None:  # before connect, so the window stays small
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, receive_buffer)
    sock.connect((host, int(port)))
    key = base64.b64encode(os.urandom(16)).decode()
    ticket = client.ticket(info["rest"], token)
    sock.sendall((f"GET /?ticket={ticket} HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\n"
                  f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
    return sock


def timed(call: Callable[[], Any]) -> tuple[Any, float]:
    started = time.monotonic()
    result = call()
    return result, time.monotonic() - started


# -- Lambda workers ----------------------------------------------------------------------------
@synchronous
async def test_a_killed_worker_is_replaced_and_every_in_flight_call_is_answered(
        stack: dict[str, Any], owner: ChatUser, member: ChatUser, room: str) -> None:
    workers = stats(stack)["lambdaWorkers"]
    assert len(workers) == 3
    sockets = [await Socket.open(stack["ws"], member.token) for _ in range(3)]
    frames = [{"action": "sendMessage", "roomId": room, "content": f"frame {i}", "clientMsgId": unique("c"),
               "type": "text"} for i in range(60)]
    with ThreadPoolExecutor(8) as pool:
        rest = [pool.submit(post_message, owner, room, f"rest {i}") for i in range(20)]
        for i, frame in enumerate(frames):
            await sockets[i % 3].send(frame)
        await asyncio.sleep(0.1)
        os.kill(workers[0], signal.SIGKILL)  # mid-flight: the gateway holds 80 invocations for 3 workers
        responses = [future.result() for future in rest]

    # Every frame gets its ack or API Gateway's integration error; none is left without an answer.
    acks, errors = 0, 0
    for i, sock in enumerate(sockets):
        for _ in range(len(frames[i::3])):
            while True:
                event = await sock.recv(timeout=30)
                if event.get("event") != "message":  # the room's messages fan out to these sockets too
                    break
            if event.get("event") == "messageAck":
                acks += 1
            else:
                assert set(event) == {"message", "connectionId", "requestId"}, event
                assert event["message"] == INTERNAL_ERROR["message"]
                errors += 1
    assert acks + errors == 60
    for response in responses:  # REST: done, or API Gateway's 502 for a crashed Lambda proxy
        assert response.status_code == 201 or (response.status_code == 502 and response.json() == INTERNAL_ERROR), \
            (response.status_code, response.text)

    # The crashed worker was replaced, as Lambda replaces a crashed execution environment...
    assert eventually(lambda: len(stats(stack)["lambdaWorkers"]) == 3, timeout=60)
    after = stats(stack)
    assert workers[0] not in after["lambdaWorkers"] and after["lambdaCrashes"] >= 1
    # ...and everything works again: the REST API and every socket.
    for i in range(9):
        assert post_message(owner, room, f"after {i}").status_code == 201
    for sock in sockets:
        while (ack := await sock.send_message(room, "after")).get("event") == "message":
            pass
        assert ack["event"] == "messageAck", ack
        await sock.close()


# -- WebSocket emulator ------------------------------------------------------------------------
@synchronous
async def test_an_aborted_upgrade_leaves_no_connection_behind(stack: dict[str, Any], tables: Tables,
                                                              new_user: Callable[..., ChatUser]) -> None:
    user = new_user()
    before = stats(stack)["connections"]
    for _ in range(5):  # the client goes away while $connect runs
        raw_upgrade(stack, user.token).close()
    partial = socket.create_connection((stack["ws"].removeprefix("ws://").split(":")[0],
                                        int(stack["ws"].rsplit(":", 1)[1])))
    partial.sendall(b"GET /?ticket=x HTTP/1.1\r\nHost: x\r\n")  # and once halfway through its request
    partial.close()

    assert eventually(lambda: stats(stack)["invocations"].get("$connect", 0) >= 5, timeout=10)
    # No half-open entry stays in the gateway, and the app got a $disconnect for each.
    assert eventually(lambda: stats(stack)["connections"] == before, timeout=10), stats(stack)
    assert eventually(lambda: tables.connection_ids_of(user.sub) == [], timeout=10)
    sock = await Socket.open(stack["ws"], user.token)  # and the user connects as usual
    await sock.ping()
    await sock.close()


@synchronous
async def test_a_client_that_leaves_mid_close_never_stalls_a_fanout(
        stack: dict[str, Any], owner: ChatUser, member: ChatUser, room: str) -> None:
    reader = await Socket.open(stack["ws"], member.token)
    half_closed = []
    for _ in range(3):  # sends its close frame, then neither reads nor closes its TCP connection
        sock = raw_upgrade(stack, member.token)
        assert sock.recv(12).startswith(b"HTTP/1.1 101")
        mask = os.urandom(4)
        sock.sendall(bytes([0x88, 0x82]) + mask + bytes(b ^ mask[i] for i, b in enumerate(struct.pack("!H", 1000))))
        half_closed.append(sock)
    await asyncio.sleep(0.3)
    try:
        for i in range(3):
            started = time.monotonic()
            assert post_message(owner, room, f"past the closing ones {i}").status_code == 201
            while (await reader.recv(timeout=15)).get("event") != "message":
                pass
            assert time.monotonic() - started < STALL_SECONDS
    finally:
        for sock in half_closed:
            sock.close()
        await reader.close()


@synchronous
async def test_a_client_that_stops_reading_never_stalls_a_fanout(
        stack: dict[str, Any], owner: ChatUser, member: ChatUser, room: str) -> None:
    readers = [await Socket.open(stack["ws"], member.token) for _ in range(2)]
    open_before = stats(stack)["connections"]
    stuck = raw_upgrade(stack, member.token, receive_buffer=4096)
    assert stuck.recv(12).startswith(b"HTTP/1.1 101")
    assert eventually(lambda: stats(stack)["connections"] == open_before + 1)
    content = "\N{GRINNING FACE}" * 1000  # 12 KB per event on the wire (JSON escapes it as surrogate pairs)
    slowest, sent, cut_off_at = 0.0, 0, None
    try:
        while sent < 600 and (cut_off_at is None or sent < cut_off_at + 10) and slowest < STALL_SECONDS:
            started = time.monotonic()
            assert post_message(owner, room, content).status_code == 201
            for reader in readers:
                while (await reader.recv(timeout=15)).get("event") != "message":
                    pass
            slowest = max(slowest, time.monotonic() - started)
            sent += 1
            if cut_off_at is None and stats(stack)["connections"] == open_before:
                cut_off_at = sent
    finally:
        stuck.close()
    print(f"stuck reader: slowest fan-out {slowest * 1000:.0f} ms over {sent} messages, cut off after {cut_off_at}")
    assert slowest < STALL_SECONDS, f"a fan-out took {slowest:.1f} s with a stuck reader in the room"
    # Far behind, the stuck client is disconnected, as API Gateway eventually does; posts to it are Gone.
    assert cut_off_at is not None, f"the stuck connection was still open after {sent} messages ({sent * 12} KB)"
    for reader in readers:
        await reader.close()


# -- a hung, then a dead, AWS endpoint ---------------------------------------------------------
def test_a_hung_aws_endpoint_gets_service_unavailable_in_bounded_time(
        stack: dict[str, Any], owner: ChatUser, member: ChatUser, room: str) -> None:
    for i in range(6):  # every worker has fetched the JWKS and warmed its caches
        assert owner.api.get(f"/rooms/{room}/messages").status_code == 200, i

    async def outage() -> tuple[tuple[requests.Response, float], tuple[dict[str, Any], float]]:
        sock = await Socket.open(stack["ws"], member.token)
        os.kill(stack["motoPid"], signal.SIGSTOP)
        try:
            rest = asyncio.create_task(asyncio.to_thread(
                timed, lambda: owner.api.get(f"/rooms/{room}/messages", timeout=40)))
            started = time.monotonic()
            await sock.send({"action": "sendMessage", "roomId": room, "content": "while moto hangs",
                             "clientMsgId": unique("c"), "type": "text"})
            event = await sock.recv(timeout=HUNG_AWS_BOUND_SECONDS + 10)
            return await rest, (event, time.monotonic() - started)
        finally:
            os.kill(stack["motoPid"], signal.SIGCONT)
            await sock.close()

    (response, rest_seconds), (event, frame_seconds) = asyncio.run(outage())
    print(f"hung moto: REST answered in {rest_seconds:.1f} s, the WebSocket frame in {frame_seconds:.1f} s")
    assert response.status_code == 503 and error_of(response) == "service_unavailable", response.text
    assert rest_seconds <= HUNG_AWS_BOUND_SECONDS
    assert event["event"] == "error" and event["error"]["code"] == "service_unavailable", event
    assert frame_seconds <= HUNG_AWS_BOUND_SECONDS

    # moto answers again: so does everything else.
    assert eventually(lambda: owner.api.get(f"/rooms/{room}/messages").status_code == 200, timeout=30)
    assert post_message(owner, room, "after the outage").status_code == 201


def test_a_dead_aws_endpoint_gets_clear_errors_not_hangs(stack: dict[str, Any], owner: ChatUser, room: str) -> None:
    """Last in this module: its stack has no moto afterwards."""
    os.kill(stack["motoPid"], signal.SIGKILL)
    response, seconds = timed(lambda: owner.api.get(f"/rooms/{room}/messages", timeout=40))
    print(f"dead moto: REST answered in {seconds:.1f} s")
    assert response.status_code == 503 and error_of(response) == "service_unavailable", response.text
    assert seconds <= HUNG_AWS_BOUND_SECONDS

    async def connect() -> None:  # the ticket a socket needs first is DynamoDB's too: a clear 503
        with pytest.raises(client.TicketRefused) as refused:
            await Socket.open(stack["ws"], owner.token)
        assert refused.value.status == 503 and json.loads(refused.value.body)["error"]["code"] == "service_unavailable"

    _, seconds = timed(lambda: asyncio.run(connect()))
    assert seconds <= HUNG_AWS_BOUND_SECONDS
