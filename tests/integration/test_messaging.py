"""Live delivery between room members, seq allocation, and exactly-once send by clientMsgId."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from typing import Any

from helpers import ChatUser, Socket, create_room, join, post_message, unique


def test_message_reaches_the_other_member_with_stored_id_and_seq(stack: dict[str, Any],
                                                                 new_user: Callable[..., ChatUser]) -> None:
    sender, receiver = new_user(), new_user()
    room = create_room(sender)
    join(receiver, room["roomId"])

    async def scenario() -> None:
        a = await Socket.open(stack["ws"], sender.token)
        b = await Socket.open(stack["ws"], receiver.token)
        ack = await a.send_message(room["roomId"], "hello bob", "m-1")
        assert ack["event"] == "messageAck"
        assert ack["clientMsgId"] == "m-1"
        assert ack["duplicate"] is False
        stored = ack["message"]
        assert uuid.UUID(stored["messageId"])
        assert stored["seq"] == 1
        assert stored["roomId"] == room["roomId"]
        assert stored["userId"] == sender.sub
        assert stored["username"] == sender.name
        assert (stored["content"], stored["type"], stored["replyTo"]) == ("hello bob", "text", None)
        assert stored["clientMsgId"] == "m-1"
        assert stored["createdAt"].endswith("Z")

        live = await b.expect("message")
        assert live["message"] == stored
        await a.silent()  # the sender gets the ack only, not its own message again
        await a.close()
        await b.close()

    asyncio.run(scenario())
    history = history_of(receiver, room["roomId"])
    assert [m["content"] for m in history] == ["hello bob"]


def history_of(user: ChatUser, room_id: str) -> list[dict[str, Any]]:
    response = user.api.get(f"/rooms/{room_id}/messages")
    assert response.status_code == 200, response.text
    messages: list[dict[str, Any]] = response.json()["messages"]
    return messages


def test_seq_increments_per_room_and_reaches_everyone(stack: dict[str, Any],
                                                      new_user: Callable[..., ChatUser]) -> None:
    a_user, b_user = new_user(), new_user()
    room = create_room(a_user)
    other_room = create_room(a_user)
    join(b_user, room["roomId"])

    async def scenario() -> None:
        a = await Socket.open(stack["ws"], a_user.token)
        b = await Socket.open(stack["ws"], b_user.token)
        seqs = []
        for n, sender, receiver in [(1, a, b), (2, b, a), (3, a, b), (4, b, a)]:
            ack = await sender.send_message(room["roomId"], f"msg {n}")
            assert ack["event"] == "messageAck", ack
            seqs.append(ack["message"]["seq"])
            assert (await receiver.expect("message"))["message"] == ack["message"]
        assert seqs == [1, 2, 3, 4]
        other = await a.send_message(other_room["roomId"], "elsewhere")
        assert other["message"]["seq"] == 1  # seq is per room
        await b.silent()  # b is not in the other room
        await a.close()
        await b.close()

    asyncio.run(scenario())
    assert a_user.api.get(f"/rooms/{room['roomId']}").json()["lastSeq"] == 4


def test_every_connection_of_a_member_receives_and_the_senders_other_tabs_too(
        stack: dict[str, Any], new_user: Callable[..., ChatUser]) -> None:
    a_user, b_user = new_user(), new_user()
    room = create_room(a_user)
    join(b_user, room["roomId"])

    async def scenario() -> None:
        a1 = await Socket.open(stack["ws"], a_user.token)
        a2 = await Socket.open(stack["ws"], a_user.token)
        b1 = await Socket.open(stack["ws"], b_user.token)
        b2 = await Socket.open(stack["ws"], b_user.token)
        ack = await a1.send_message(room["roomId"], "to all tabs")
        for socket in (a2, b1, b2):
            assert (await socket.expect("message"))["message"] == ack["message"]
        for socket in (a1, a2, b1, b2):
            await socket.close()

    asyncio.run(scenario())


def test_websocket_resend_is_acked_as_duplicate_and_not_redelivered(stack: dict[str, Any],
                                                                   new_user: Callable[..., ChatUser]) -> None:
    a_user, b_user = new_user(), new_user()
    room = create_room(a_user)
    join(b_user, room["roomId"])

    async def scenario() -> None:
        a = await Socket.open(stack["ws"], a_user.token)
        b = await Socket.open(stack["ws"], b_user.token)
        first = await a.send_message(room["roomId"], "once", "dup-1")
        assert first["duplicate"] is False
        await b.expect("message")
        again = await a.send_message(room["roomId"], "once (retry, even with other content)", "dup-1")
        assert again["event"] == "messageAck"
        assert again["duplicate"] is True
        assert again["clientMsgId"] == "dup-1"
        assert again["message"] == first["message"]
        await b.silent()
        # a resend from another connection of the same user is still the same message
        a2 = await Socket.open(stack["ws"], a_user.token)
        third = await a2.send_message(room["roomId"], "once", "dup-1")
        assert (third["duplicate"], third["message"]) == (True, first["message"])
        await b.silent()
        await a.silent()
        # the next new message is not confused by the skipped seq
        after = await a.send_message(room["roomId"], "next", "dup-2")
        assert after["duplicate"] is False
        assert after["message"]["seq"] > first["message"]["seq"]
        assert (await b.expect("message"))["message"] == after["message"]
        for socket in (a, a2, b):
            await socket.close()

    asyncio.run(scenario())
    history = history_of(b_user, room["roomId"])
    assert [m["clientMsgId"] for m in history] == ["dup-2", "dup-1"]


def test_same_client_msg_id_from_another_user_is_a_different_message(
        stack: dict[str, Any], new_user: Callable[..., ChatUser]) -> None:
    a_user, b_user = new_user(), new_user()
    room = create_room(a_user)
    join(b_user, room["roomId"])
    first = post_message(a_user, room["roomId"], "from a", "shared-id")
    second = post_message(b_user, room["roomId"], "from b", "shared-id")
    assert (first.status_code, second.status_code) == (201, 201)
    assert first.json()["messageId"] != second.json()["messageId"]


def test_rest_resend_is_200_with_the_same_message(stack: dict[str, Any],
                                                  new_user: Callable[..., ChatUser]) -> None:
    a_user, b_user = new_user(), new_user()
    room = create_room(a_user)
    join(b_user, room["roomId"])

    async def scenario() -> None:
        b = await Socket.open(stack["ws"], b_user.token)
        await b.ping()  # registered before the first post
        first = await asyncio.to_thread(post_message, a_user, room["roomId"], "via rest", "rest-1")
        assert first.status_code == 201, first.text
        assert (await b.expect("message"))["message"] == first.json()
        again = await asyncio.to_thread(post_message, a_user, room["roomId"], "via rest", "rest-1")
        assert again.status_code == 200, again.text
        assert again.json() == first.json()
        await b.silent()
        # REST and WebSocket share the idempotency key
        a = await Socket.open(stack["ws"], a_user.token)
        over_ws = await a.send_message(room["roomId"], "via rest", "rest-1")
        assert (over_ws["duplicate"], over_ws["message"]) == (True, first.json())
        await b.silent()
        await a.close()
        await b.close()

    asyncio.run(scenario())
    history = history_of(a_user, room["roomId"])
    assert [m["clientMsgId"] for m in history] == ["rest-1"]


def test_reply_to_a_message_in_the_same_room(stack: dict[str, Any], new_user: Callable[..., ChatUser]) -> None:
    user = new_user()
    room = create_room(user)
    target = post_message(user, room["roomId"], "question").json()
    reply = post_message(user, room["roomId"], "answer", replyTo=target["messageId"], type="file")
    assert reply.status_code == 201, reply.text
    assert reply.json()["replyTo"] == target["messageId"]
    assert reply.json()["type"] == "file"


def test_seeded_general_room_delivers(stack: dict[str, Any], alice: ChatUser, bob: ChatUser) -> None:
    async def scenario() -> None:
        a = await Socket.open(stack["ws"], alice.token)
        b = await Socket.open(stack["ws"], bob.token)
        ack = await a.send_message(stack["generalRoomId"], unique("hi"))
        assert ack["event"] == "messageAck", ack
        received = await b.expect("message")
        assert received["message"]["messageId"] == ack["message"]["messageId"]
        await a.close()
        await b.close()

    asyncio.run(scenario())
