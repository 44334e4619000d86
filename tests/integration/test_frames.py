"""Every malformed frame gets an error event on its own socket, and the socket keeps working."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from helpers import ChatUser, Socket, Tables, create_room, eventually_async, post_message


@pytest.fixture
def member(new_user: Callable[..., ChatUser]) -> ChatUser:
    return new_user()


def send_frame(stack: dict[str, Any], user: ChatUser, frame: Any) -> dict[str, Any]:
    """Send one frame, return the answer, and prove the socket still answers a ping."""

    async def scenario() -> dict[str, Any]:
        socket = await Socket.open(stack["ws"], user.token)
        await socket.send(frame)
        answer = await socket.recv()
        await socket.ping()
        await socket.close()
        return answer

    return asyncio.run(scenario())


def assert_error(event: dict[str, Any], code: str, client_msg_id: str | None = None) -> None:
    assert event["event"] == "error", event
    assert event["error"]["code"] == code, event
    assert isinstance(event["error"]["message"], str) and event["error"]["message"]
    if client_msg_id is None:
        assert "clientMsgId" not in event
    else:
        assert event["clientMsgId"] == client_msg_id


def send_message_frame(room_id: str, **changes: Any) -> dict[str, Any]:
    frame: dict[str, Any] = {"action": "sendMessage", "roomId": room_id, "content": "hi", "type": "text",
                             "clientMsgId": "bad-1"}
    frame.update(changes)
    return {k: v for k, v in frame.items() if v is not ...}


@pytest.mark.parametrize(("frame", "code"), [
    ("this is not json", "invalid_json"),
    ("{\"action\": \"ping\"", "invalid_json"),
    ("", "invalid_json"),
    ("[]", "invalid_body"),
    ("[{\"action\": \"ping\"}]", "invalid_body"),
    ("\"ping\"", "invalid_body"),
    ("42", "invalid_body"),
    ("null", "invalid_body"),
    ({}, "missing_action"),
    ({"action": ""}, "missing_action"),
    ({"action": 7}, "missing_action"),
    ({"content": "no action"}, "missing_action"),
    ({"action": "dance"}, "unknown_action"),
    ({"action": "SENDMESSAGE"}, "unknown_action"),
])
def test_frames_without_a_usable_action(stack: dict[str, Any], member: ChatUser, frame: Any, code: str) -> None:
    assert_error(send_frame(stack, member, frame), code)


def test_unknown_action_echoes_client_msg_id(stack: dict[str, Any], member: ChatUser) -> None:
    assert_error(send_frame(stack, member, {"action": "dance", "clientMsgId": "x-1"}), "unknown_action", "x-1")


@pytest.mark.parametrize(("changes", "code", "echo"), [
    ({"content": ...}, "missing_field", "bad-1"),
    ({"clientMsgId": ...}, "missing_field", None),
    ({"roomId": ...}, "missing_field", "bad-1"),
    ({"content": "x" * 1001}, "content_too_long", "bad-1"),
    ({"content": "   "}, "invalid_content", "bad-1"),
    ({"content": 5}, "invalid_content", "bad-1"),
    ({"roomId": "general"}, "invalid_room_id", "bad-1"),
    ({"type": "video"}, "invalid_type", "bad-1"),
    ({"replyTo": "not-a-uuid"}, "invalid_reply_to", "bad-1"),
    ({"clientMsgId": "has spaces"}, "invalid_client_msg_id", "has spaces"),
    ({"clientMsgId": 12}, "invalid_client_msg_id", None),
])
def test_bad_send_message_frames(stack: dict[str, Any], member: ChatUser, changes: dict[str, Any], code: str,
                                 echo: str | None) -> None:
    room = create_room(member)
    assert_error(send_frame(stack, member, send_message_frame(room["roomId"], **changes)), code, echo)
    assert member.api.get(f"/rooms/{room['roomId']}/messages").json()["messages"] == []


def test_reply_to_a_message_in_another_room(stack: dict[str, Any], member: ChatUser) -> None:
    room, elsewhere = create_room(member), create_room(member)
    foreign = post_message(member, elsewhere["roomId"], "over there").json()
    event = send_frame(stack, member, send_message_frame(room["roomId"], replyTo=foreign["messageId"]))
    assert_error(event, "invalid_reply_to", "bad-1")


def test_reply_to_an_unknown_message(stack: dict[str, Any], member: ChatUser) -> None:
    room = create_room(member)
    assert_error(send_frame(stack, member, send_message_frame(room["roomId"], replyTo=str(uuid.uuid4()))),
                 "invalid_reply_to", "bad-1")


def test_not_a_member(stack: dict[str, Any], member: ChatUser, new_user: Callable[..., ChatUser]) -> None:
    room = create_room(new_user())
    event = send_frame(stack, member, send_message_frame(room["roomId"], clientMsgId="nm-1"))
    assert_error(event, "not_a_member", "nm-1")


def test_unknown_room(stack: dict[str, Any], member: ChatUser) -> None:
    event = send_frame(stack, member, send_message_frame(str(uuid.uuid4())))
    assert event["event"] == "error"
    assert event["error"]["code"] in ("not_a_member", "room_not_found")
    assert event["clientMsgId"] == "bad-1"


def test_many_bad_frames_on_one_socket_then_a_good_message(stack: dict[str, Any], member: ChatUser) -> None:
    room = create_room(member)
    bad_frames: list[tuple[Any, str]] = [
        ("nope", "invalid_json"), ("[1]", "invalid_body"), ({"x": 1}, "missing_action"),
        ({"action": "nope"}, "unknown_action"),
        (send_message_frame(room["roomId"], content="x" * 1001), "content_too_long"),
        (send_message_frame(room["roomId"], type="video"), "invalid_type"),
    ]

    async def scenario() -> None:
        socket = await Socket.open(stack["ws"], member.token)
        for frame, code in bad_frames:
            await socket.send(frame)
            assert (await socket.recv())["error"]["code"] == code
        ack = await socket.send_message(room["roomId"], "finally", "good-1")
        assert ack["event"] == "messageAck"
        assert ack["message"]["seq"] == 1
        await socket.ping()
        await socket.close()

    asyncio.run(scenario())


@pytest.mark.parametrize("route", ["$disconnect", "$connect", "$default"])
def test_reserved_route_names_are_not_actions(stack: dict[str, Any], member: ChatUser, route: str) -> None:
    """The gateway may route such a frame to ``$disconnect``; it must not unregister the sender."""
    room = create_room(member)
    tables = Tables(stack)

    async def scenario() -> None:
        socket = await Socket.open(stack["ws"], member.token)
        assert await eventually_async(lambda: len(tables.connection_ids_of(member.sub)) == 1)
        [connection_id] = tables.connection_ids_of(member.sub)
        await socket.send({"action": route, "clientMsgId": "r-1"})
        assert_error(await socket.recv(), "unknown_action", "r-1")
        assert tables.connection_ids_of(member.sub) == [connection_id]
        assert connection_id in tables.room_connection_ids(room["roomId"])
        ack = await socket.send_message(room["roomId"], "still here", "after-reserved")
        assert ack["event"] == "messageAck", ack
        await socket.close()

    asyncio.run(scenario())
