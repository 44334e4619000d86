"""The stack against an AWS stand-in it did not start (``--aws-endpoint``, LocalStack's mode), smoke subset.

Docker is not available here, so a separately started moto server stands in for LocalStack's
edge endpoint, and a second one serves Cognito through ``AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER``,
as it would for a LocalStack edition without Cognito.
"""

from __future__ import annotations

import asyncio
import subprocess
from collections.abc import Iterator
from typing import Any

import pytest
from helpers import Api, ChatUser, Socket, aws_client, aws_env, create_room, join, register_stack, unique

from local import bootstrap, process
from local.stack import free_port, start_moto

HOST = "127.0.0.1"


def moto_server() -> tuple[subprocess.Popen[bytes], str]:
    port = free_port(HOST)
    return start_moto(HOST, port), f"http://{HOST}:{port}"


@pytest.fixture(scope="module")
def external() -> Iterator[dict[str, str]]:
    """Two AWS stand-ins: the "edge" endpoint for everything, and one for Cognito only."""
    servers = [moto_server(), moto_server()]
    try:
        yield {"edge": servers[0][1], "cognito": servers[1][1]}
    finally:
        for server, _ in servers:
            server.terminate()
            server.wait(10)


@pytest.fixture(scope="module")
def running_stack(external: dict[str, str]) -> Iterator[process.StackProcess]:
    """Overrides the session stack for this module, so the liveness check in conftest watches this one."""
    with process.running("--aws-endpoint", external["edge"], "--web-dir", "/nonexistent", "--lambda-workers", "1",
                         env={"AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER": external["cognito"]}) as running:
        yield running


@pytest.fixture(scope="module")
def info(running_stack: process.StackProcess) -> dict[str, Any]:
    return register_stack(running_stack.info)


def signed_in(info: dict[str, Any], name: str) -> ChatUser:
    with aws_env(info):
        token = bootstrap.sign_in(info["region"], info["clientId"], name, info["password"])["IdToken"]
    return ChatUser(name, info["users"][name], token, Api(info["rest"], token))


def test_banner_names_the_endpoint_of_each_service(running_stack: process.StackProcess,
                                                   external: dict[str, str]) -> None:
    info = running_stack.info
    assert info["moto"] is None
    assert info["aws"] == external["edge"]
    assert info["endpoints"] == {"dynamodb": external["edge"], "s3": external["edge"], "kms": external["edge"],
                                 "cognito-idp": external["cognito"]}
    banner = "".join(running_stack.log)
    assert f"AWS        : {external['edge']}  (--aws-endpoint)" in banner
    assert f"cognito-idp : {external['cognito']}" in banner


def test_resources_are_provisioned_on_the_external_endpoints(info: dict[str, Any], external: dict[str, str]) -> None:
    tables = aws_client(info, "dynamodb", external["edge"]).list_tables()["TableNames"]
    assert {"cloudchat-local-Messages", "cloudchat-local-Rooms", "cloudchat-local-Connections"} <= set(tables)
    buckets = aws_client(info, "s3", external["edge"]).list_buckets()["Buckets"]
    assert "cloud-chat-local-media" in {b["Name"] for b in buckets}
    pools = {name: [p["Id"] for p in aws_client(info, "cognito-idp", url).list_user_pools(MaxResults=60)["UserPools"]]
             for name, url in external.items()}
    assert pools == {"edge": [], "cognito": [info["userPoolId"]]}


def test_clients_are_sent_to_the_cognito_endpoint(info: dict[str, Any], external: dict[str, str]) -> None:
    response = Api(info["rest"], None).get("/config")
    assert response.json()["cognitoEndpoint"] == external["cognito"] + "/"
    connect_src = response.headers["Content-Security-Policy"].split("connect-src ")[1].split(";")[0].split()
    assert external["cognito"] in connect_src


def test_sign_in_create_room_chat_over_websocket_and_read_history(info: dict[str, Any]) -> None:
    alice, bob = signed_in(info, "alice"), signed_in(info, "bob")  # tokens from the Cognito stand-in
    room = create_room(alice)
    join(bob, room["roomId"])
    text = unique("hello over the external endpoint")

    async def scenario() -> None:
        a = await Socket.open(info["ws"], alice.token)
        b = await Socket.open(info["ws"], bob.token)
        ack = await a.send_message(room["roomId"], text)
        assert ack["event"] == "messageAck", ack
        received = await b.expect("message")
        assert received["message"] == ack["message"]
        await a.close()
        await b.close()

    asyncio.run(scenario())
    history = bob.api.get(f"/rooms/{room['roomId']}/messages").json()["messages"]
    assert [m["content"] for m in history] == [text]
