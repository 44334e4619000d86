"""Feature flags through a stack of their own: FEATURE_REACTIONS=false in the environment, and
more flags in SSM Parameter Store (moto), which win over the environment."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from helpers import Api, ChatUser, Socket, create_room, post_message, register_stack, sign_up

from local import process
from local.stack import free_port, start_moto

SSM_PATH = "/cloudchat/test/features"
HOST = "127.0.0.1"


@pytest.fixture(scope="module")
def flagged() -> Iterator[dict[str, Any]]:
    """A moto of our own, SSM parameters put there first, then a stack on that moto."""
    port = free_port(HOST)
    moto = start_moto(HOST, port)
    endpoint = f"http://{HOST}:{port}"
    try:
        ssm = boto3.client("ssm", region_name="us-east-1", endpoint_url=endpoint, aws_access_key_id="testing",
                           aws_secret_access_key="testing")
        ssm.put_parameter(Name=f"{SSM_PATH}/FEATURE_VOICE", Value="true", Type="String")
        ssm.put_parameter(Name=f"{SSM_PATH}/FEATURE_PUSH", Value="false", Type="String")  # the env says true
        ssm.put_parameter(Name=f"{SSM_PATH}/MAX_FILE_SIZE_BYTES", Value="2048", Type="String")
        ssm.put_parameter(Name=f"{SSM_PATH}/UNRELATED", Value="ignored", Type="String")
        env = {"FEATURE_REACTIONS": "false", "FEATURE_PUSH": "true", "FEATURE_FLAGS_SSM_PATH": SSM_PATH}
        with process.running("--web-dir", "/nonexistent", "--aws-endpoint", endpoint, env=env) as stack:
            yield register_stack(stack.info)
    finally:
        moto.terminate()
        moto.wait(10)


def test_config_exposes_the_flags_env_and_ssm_merged(flagged: dict[str, Any]) -> None:
    config = Api(flagged["rest"], None).get("/config").json()
    assert config["features"] == {"fileUpload": False, "push": False, "reactions": False, "voice": True,
                                  "maxFileSizeBytes": 2048, "messageRetentionDays": 90}


def test_react_is_refused_while_reactions_are_off(flagged: dict[str, Any]) -> None:
    user: ChatUser = sign_up(flagged)
    room = create_room(user)
    message = post_message(user, room["roomId"], "react to me").json()

    async def scenario() -> tuple[dict[str, Any], dict[str, Any]]:
        socket = await Socket.open(flagged["ws"], user.token)
        await socket.send({"action": "react", "roomId": room["roomId"], "messageId": message["messageId"],
                           "emoji": "\U0001f44d", "add": True, "clientMsgId": "r-1"})
        refused = await socket.recv()
        ack = await socket.send_message(room["roomId"], "sending still works", "s-1")
        await socket.close()
        return refused, ack

    refused, ack = asyncio.run(scenario())
    assert refused == {"event": "error", "clientMsgId": "r-1",
                       "error": {"code": "feature_disabled", "message": refused["error"]["message"]}}
    assert ack["event"] == "messageAck"
    [stored, _] = reversed(user.api.get(f"/rooms/{room['roomId']}/messages").json()["messages"])
    assert stored["messageId"] == message["messageId"] and stored["reactions"] == []


def test_reactions_stay_on_by_default(stack: dict[str, Any], bob: ChatUser) -> None:
    assert Api(stack["rest"], None).get("/config").json()["features"]["reactions"] is True
    room = create_room(bob)
    message = post_message(bob, room["roomId"], "react to me").json()

    async def scenario() -> dict[str, Any]:
        socket = await Socket.open(stack["ws"], bob.token)
        await socket.send({"action": "react", "roomId": room["roomId"], "messageId": message["messageId"],
                           "emoji": "\U0001f44d", "add": True})
        answer = await socket.recv()
        await socket.close()
        return answer

    assert asyncio.run(scenario())["event"] == "messageUpdated"
