"""Helpers for driving the local stack: REST client, WebSocket client, users, rooms, DynamoDB."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from unittest import mock

import boto3
import requests
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed
from websockets.typing import Origin

from chalicelib.envelope import CONTENT, open_sealed
from local import bootstrap, client
from local import stack as local_stack
from local.endpoints import Endpoints

TABLE_PREFIX = "cloudchat-local-"  # local/stack.py StackOptions.table_prefix
RECV_TIMEOUT = 5.0
QUIET_PERIOD = 0.5
REST_URLS: dict[str, str] = {}  # ws url -> rest url of each running stack: Socket.open fetches its tickets there


def register_stack(info: dict[str, Any]) -> dict[str, Any]:
    """Let ``Socket.open(info["ws"], token)`` find the stack's ticket endpoint."""
    REST_URLS[info["ws"]] = info["rest"]
    return info


def endpoints_of(info: dict[str, Any]) -> Endpoints:
    return Endpoints(info["aws"], info["endpoints"])


@contextlib.contextmanager
def aws_env(info: dict[str, Any]) -> Iterator[None]:
    """Point boto3 (as local.bootstrap uses it) at the stack's AWS endpoints, for the duration only."""
    with mock.patch.dict(os.environ, local_stack.aws_env(info["region"], endpoints_of(info))):
        yield


def aws_client(info: dict[str, Any], service: str, endpoint_url: str | None = None) -> Any:
    return boto3.session.Session().client(
        service, region_name=info["region"], endpoint_url=endpoint_url or info["endpoints"][service],
        aws_access_key_id="testing", aws_secret_access_key="testing",
    )


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


# -- REST ------------------------------------------------------------------------------------
class Api:
    """The REST API as one caller (or anonymous when ``token`` is None)."""

    def __init__(self, rest_url: str, token: str | None) -> None:
        self.base = rest_url.rstrip("/")
        self.session = requests.Session()
        self.session.trust_env = False
        if token is not None:
            self.session.headers["Authorization"] = token

    def request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("timeout", 15)
        return self.session.request(method, self.base + path, **kwargs)

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, body: Any = None, **kwargs: Any) -> requests.Response:
        if body is not None:
            kwargs["json"] = body
        return self.request("POST", path, **kwargs)


def error_of(response: requests.Response) -> str:
    """The ``error.code`` of a 4xx answer."""
    payload = response.json()
    assert set(payload) == {"error"}, payload
    assert isinstance(payload["error"].get("message"), str), payload
    return str(payload["error"]["code"])


@dataclass
class ChatUser:
    name: str
    sub: str
    token: str
    api: Api


def create_room(owner: ChatUser, kind: str = "public", **fields: Any) -> dict[str, Any]:
    body = {"kind": kind, "name": unique("room"), **fields}
    response = owner.api.post("/rooms", body)
    assert response.status_code == 201, response.text
    room: dict[str, Any] = response.json()
    return room


def join(user: ChatUser, room_id: str) -> None:
    response = user.api.post(f"/rooms/{room_id}/join")
    assert response.status_code == 200, response.text


def invite(inviter: ChatUser, invitee: ChatUser, room_id: str) -> dict[str, Any]:
    response = inviter.api.post(f"/rooms/{room_id}/members", {"userId": invitee.sub})
    assert response.status_code == 201, response.text
    invitation: dict[str, Any] = response.json()
    return invitation


def accept(user: ChatUser, room_id: str) -> dict[str, Any]:
    response = user.api.post(f"/rooms/{room_id}/invitation/accept")
    assert response.status_code == 200, response.text
    room: dict[str, Any] = response.json()
    return room


def add_member(inviter: ChatUser, invitee: ChatUser, room_id: str) -> None:
    """Invite and accept: the way into a private room."""
    invite(inviter, invitee, room_id)
    accept(invitee, room_id)


def post_message(user: ChatUser, room_id: str, content: str, client_msg_id: str | None = None,
                 **fields: Any) -> requests.Response:
    body = {"content": content, "clientMsgId": client_msg_id or unique("c"), **fields}
    return user.api.post(f"/rooms/{room_id}/messages", body)


# -- WebSocket -------------------------------------------------------------------------------
class Socket:
    """A client WebSocket with JSON helpers and timeouts on every receive.

    ``presence`` events (others coming online or going offline) arrive whenever a user who
    shares a room connects; they are skipped unless the socket is opened with ``presence=True``.
    """

    def __init__(self, connection: ClientConnection, presence: bool = False) -> None:
        self.connection = connection
        self.skipped = set() if presence else {"presence"}

    @classmethod
    async def open(cls, ws_url: str, token: str | None, presence: bool = False) -> Socket:
        """Connect as the token's user, through a fresh ticket (``None``: with no credentials)."""
        if token is None:
            return await cls.open_url(ws_url, presence)
        ticket = await asyncio.to_thread(client.ticket, REST_URLS[ws_url], token)
        return await cls.open_url(client.socket_url(ws_url, ticket), presence)

    @classmethod
    async def open_url(cls, url: str, presence: bool = False, origin: str | None = None) -> Socket:
        connection = await connect(url, proxy=None, open_timeout=10, compression=None,
                                   origin=Origin(origin) if origin is not None else None)
        return cls(connection, presence)

    def _skipped(self, frame: str | bytes) -> bool:
        if not self.skipped:
            return False
        try:
            return json.loads(frame).get("event") in self.skipped
        except (ValueError, AttributeError):
            return False

    async def send(self, frame: Any) -> None:
        await self.connection.send(frame if isinstance(frame, str) else json.dumps(frame))

    async def recv_raw(self, timeout: float = RECV_TIMEOUT) -> str | bytes:
        deadline = time.monotonic() + timeout
        while True:
            frame = await asyncio.wait_for(self.connection.recv(), max(0.0, deadline - time.monotonic()))
            if not self._skipped(frame):
                return frame

    async def recv(self, timeout: float = RECV_TIMEOUT) -> dict[str, Any]:
        event: dict[str, Any] = json.loads(await self.recv_raw(timeout))
        return event

    async def expect(self, event: str, timeout: float = RECV_TIMEOUT) -> dict[str, Any]:
        received = await self.recv(timeout)
        assert received.get("event") == event, received
        return received

    async def silent(self, period: float = QUIET_PERIOD) -> None:
        """Assert that nothing arrives within ``period`` seconds."""
        try:
            frame = await self.recv_raw(period)
        except TimeoutError:
            return
        raise AssertionError(f"expected no frame, got {frame!r}")

    async def send_message(self, room_id: str, content: str, client_msg_id: str | None = None,
                           **fields: Any) -> dict[str, Any]:
        """sendMessage and wait for its ack (or error) event."""
        frame = {"action": "sendMessage", "roomId": room_id, "content": content,
                 "clientMsgId": client_msg_id or unique("c"), "type": "text", **fields}
        await self.send(frame)
        return await self.recv()

    async def ping(self) -> None:
        await self.send({"action": "ping"})
        await self.expect("pong")

    async def wait_closed(self, timeout: float = RECV_TIMEOUT) -> None:
        with contextlib.suppress(ConnectionClosed):
            while True:
                await asyncio.wait_for(self.connection.recv(), timeout)

    async def close(self) -> None:
        await self.connection.close()


# -- DynamoDB (the stack's moto) -------------------------------------------------------------
class Tables:
    """Raw access to the stack's tables, for planting and inspecting rows the API does not expose."""

    def __init__(self, info: dict[str, Any]) -> None:
        self.client = aws_client(info, "dynamodb")
        self.kms = aws_client(info, "kms")

    def content_of(self, item: dict[str, Any]) -> str:
        """A raw Messages item's text, opened as the app opens it (its room's data key from KMS)."""
        if "contentSealed" not in item:
            return str(item.get("content", {}).get("S", ""))  # a tombstone, or a row stored before sealing
        room_id = item["roomId"]["S"]
        room = self.get("Rooms", {"roomId": room_id})
        assert room is not None
        key = self.kms.decrypt(CiphertextBlob=room["contentKey"]["B"], EncryptionContext={"roomId": room_id})
        return open_sealed(key["Plaintext"], room_id, item["messageId"]["S"], CONTENT, item["contentSealed"]["B"])

    def get(self, table: str, key: dict[str, str]) -> dict[str, Any] | None:
        item: dict[str, Any] | None = self.client.get_item(
            TableName=TABLE_PREFIX + table, Key={k: {"S": v} for k, v in key.items()}, ConsistentRead=True,
        ).get("Item")
        return item

    def put(self, table: str, item: dict[str, Any]) -> None:
        self.client.put_item(TableName=TABLE_PREFIX + table, Item=item)

    def connection_ids_of(self, user_id: str) -> list[str]:
        items = self.client.query(
            TableName=TABLE_PREFIX + "Connections", IndexName="UserIndex",
            KeyConditionExpression="userId = :u", ExpressionAttributeValues={":u": {"S": user_id}},
        )["Items"]
        return [i["connectionId"]["S"] for i in items]

    def room_connection_ids(self, room_id: str) -> list[str]:
        items = self.client.query(
            TableName=TABLE_PREFIX + "RoomConnections",
            KeyConditionExpression="roomId = :r", ExpressionAttributeValues={":r": {"S": room_id}},
        )["Items"]
        return [i["connectionId"]["S"] for i in items]


def eventually(check: Callable[[], bool], timeout: float = 5.0, interval: float = 0.05) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(interval)
    return check()


async def eventually_async(check: Callable[[], bool], timeout: float = 5.0, interval: float = 0.05) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if await asyncio.to_thread(check):
            return True
        await asyncio.sleep(interval)
    return await asyncio.to_thread(check)


def sign_up(info: dict[str, Any], role: str = "user") -> ChatUser:
    """A brand-new Cognito user with a profile (GET /me creates it), signed in."""
    name = unique(role)
    with aws_env(info):
        sub = bootstrap.create_user(info["region"], info["userPoolId"], name, info["password"], role)
        token = bootstrap.sign_in(info["region"], info["clientId"], name, info["password"])["IdToken"]
    user = ChatUser(name, sub, token, Api(info["rest"], token))
    assert user.api.get("/me").status_code == 200
    return user
