"""At ``--log-level DEBUG`` no token and no message content reaches any log: the stack's own
output (gateway, stream poller), the Lambda workers' stderr (botocore, PynamoDB, the app) and
their stdout (EMF). An oversized Authorization header's bytes are not logged either."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from helpers import Socket, create_room, post_message, register_stack, sign_up

from local import process


@pytest.fixture(scope="module")
def debug_stack() -> Iterator[process.StackProcess]:
    stack = process.start("--web-dir", "/nonexistent", "--log-level", "DEBUG", keep_lines=None)
    try:
        yield stack
    finally:
        stack.stop()


def test_no_token_or_content_in_debug_logs(debug_stack: process.StackProcess) -> None:
    info = register_stack(debug_stack.info)
    marker = f"Secret{uuid.uuid4().hex}"
    user = sign_up(info)
    room = create_room(user)
    posted = post_message(user, room["roomId"], f"{marker} rest")
    assert posted.status_code == 201, posted.text
    edited = user.api.request("PATCH", f"/rooms/{room['roomId']}/messages/{posted.json()['messageId']}",
                              json={"content": f"{marker} edited"})
    assert edited.status_code == 200, edited.text

    async def over_websocket() -> None:
        socket = await Socket.open(info["ws"], user.token)  # a ticket, after the token in a header
        ack = await socket.send_message(room["roomId"], f"{marker} ws")
        assert ack["event"] == "messageAck", ack
        await socket.close()

    asyncio.run(over_websocket())
    oversized = "Bearer " + "OversizedHeader" * 2000  # 30 KB: past the HTTP parser's field limit
    refused = requests.get(f"{info['rest']}/me", headers={"Authorization": oversized}, timeout=10)
    assert 400 <= refused.status_code < 500
    large = "Bearer " + "LargeHeader" * 600  # 6.6 KB: reaches the authorizer, which refuses it
    assert requests.get(f"{info['rest']}/me", headers={"Authorization": large}, timeout=10).status_code == 401
    time.sleep(1.5)  # the stream poller and the search indexer log their batches too

    debug_stack.stop()
    logs = "".join(debug_stack.log) + Path(info["lambdaStdout"]).read_text()
    assert "DEBUG" in logs and "lambda[" in logs  # the workers did log at DEBUG
    lowered = logs.lower()
    assert marker.lower() not in lowered  # the search index lowercases words
    for secret in (user.token, *user.token.split(".")):
        assert secret not in logs
    assert "oversizedheader" not in lowered and "largeheader" not in lowered
