"""Envelope encryption through the local stack (moto's DynamoDB and KMS): the stored items hold no
plaintext, members read every message normally (history, thread, search through the stream
indexer, resume, audit), and a non-member reads nothing."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

import pytest
from helpers import TABLE_PREFIX, ChatUser, Socket, Tables, add_member, create_room, eventually, post_message, unique

Users = Callable[..., ChatUser]


def raw_item(tables: Tables, table: str, key: dict[str, Any]) -> dict[str, Any]:
    item: dict[str, Any] = tables.client.get_item(TableName=TABLE_PREFIX + table, Key=key,
                                                  ConsistentRead=True)["Item"]
    return item


def dump(item: dict[str, Any]) -> str:
    """Every attribute, binary ones as the bytes' repr: a plaintext word would show in either."""
    return json.dumps(item, default=repr)


def secret() -> str:
    return unique("zebra")


def message_key(message: dict[str, Any]) -> dict[str, Any]:
    return {"roomId": {"S": message["roomId"]}, "seq": {"N": str(message["seq"])}}


@pytest.fixture
def private_room(new_user: Users) -> tuple[ChatUser, ChatUser, ChatUser, str]:
    """A private room: its owner, a member the owner added, and a stranger."""
    owner, member, stranger = new_user(), new_user(), new_user()
    room_id = create_room(owner, kind="private")["roomId"]
    add_member(owner, member, room_id)
    return owner, member, stranger, room_id


def test_stored_messages_hold_no_plaintext_and_members_read_them(
        stack: dict[str, Any], tables: Tables, private_room: tuple[ChatUser, ChatUser, ChatUser, str]) -> None:
    owner, member, stranger, room_id = private_room
    rest_word, ws_word, reply_word = secret(), secret(), secret()
    sent = post_message(owner, room_id, f"over REST {rest_word}")
    assert sent.status_code == 201, sent.text
    rest_message = sent.json()

    async def over_websocket() -> dict[str, Any]:
        socket = await Socket.open(stack["ws"], member.token)
        try:
            ack = await socket.send_message(room_id, f"over WebSocket {ws_word}", clientMsgId="ws-1")
            assert ack["event"] == "messageAck" and not ack["duplicate"], ack
            again = await socket.send_message(room_id, f"over WebSocket {ws_word}", clientMsgId="ws-1")
            assert again["duplicate"] and again["message"]["content"] == f"over WebSocket {ws_word}", again
            message: dict[str, Any] = ack["message"]
            return message
        finally:
            await socket.close()

    ws_message = asyncio.run(over_websocket())
    assert ws_message["content"] == f"over WebSocket {ws_word}"
    reply = post_message(member, room_id, f"a reply {reply_word}", replyTo=rest_message["messageId"])
    assert reply.status_code == 201, reply.text

    for message, word, author, client_msg_id in [(rest_message, rest_word, owner, rest_message["clientMsgId"]),
                                                 (ws_message, ws_word, member, "ws-1")]:
        row = raw_item(tables, "Messages", message_key(message))
        assert word not in dump(row) and "content" not in row and "B" in row["contentSealed"], row
        assert tables.content_of(row) == message["content"]  # the room's key opens it: sealed, not lost
        key = raw_item(tables, "MessageKeys", {"key": {"S": f"{room_id}#{author.sub}#{client_msg_id}"}})
        assert word not in dump(key), key
    room_row = raw_item(tables, "Rooms", {"roomId": {"S": room_id}})
    assert "B" in room_row["contentKey"]  # the KMS-encrypted data key, made by the first send

    history = member.api.get(f"/rooms/{room_id}/messages")
    assert history.status_code == 200, history.text
    contents = [m["content"] for m in history.json()["messages"]]
    assert contents == [f"a reply {reply_word}", f"over WebSocket {ws_word}", f"over REST {rest_word}"]
    thread = owner.api.get(f"/rooms/{room_id}/messages/{rest_message['messageId']}/thread").json()
    assert thread["root"]["content"] == f"over REST {rest_word}"
    assert [m["content"] for m in thread["replies"]] == [f"a reply {reply_word}"]

    def found(user: ChatUser, word: str) -> list[str]:
        return [r["message"]["content"] for r in user.api.get("/search", params={"q": word}).json()["results"]]

    assert eventually(lambda: found(member, ws_word) == [f"over WebSocket {ws_word}"], timeout=10)  # indexer decrypts
    assert found(stranger, ws_word) == []

    for path in ("/messages", f"/messages/{rest_message['messageId']}/thread"):
        refused = stranger.api.get(f"/rooms/{room_id}{path}")
        assert refused.status_code in (403, 404) and rest_word not in refused.text, refused.text


def test_edits_and_their_audit_hold_no_plaintext(
        stack: dict[str, Any], tables: Tables, alice: ChatUser,
        private_room: tuple[ChatUser, ChatUser, ChatUser, str]) -> None:
    owner, member, _, room_id = private_room
    before, after = secret(), secret()
    message = post_message(member, room_id, f"draft {before}").json()
    path = f"/rooms/{room_id}/messages/{message['messageId']}"
    edited = member.api.request("PATCH", path, json={"content": f"final {after}"})
    assert edited.status_code == 200 and edited.json()["content"] == f"final {after}", edited.text
    row = raw_item(tables, "Messages", message_key(message))
    assert before not in dump(row) and after not in dump(row), row

    audit = tables.client.query(TableName=TABLE_PREFIX + "MessageAudit", KeyConditionExpression="roomId = :r",
                                ExpressionAttributeValues={":r": {"S": room_id}})["Items"]
    assert [a["action"]["S"] for a in audit] == ["edit"]
    assert before not in dump(audit[0]) and "previousContent" not in audit[0] and "B" in audit[0][
        "previousContentSealed"], audit[0]
    records = alice.api.get(f"/rooms/{room_id}/audit").json()["records"]
    assert [(r["action"], r["previousContent"]) for r in records] == [("edit", f"draft {before}")]

    async def resume() -> dict[str, Any]:
        socket = await Socket.open(stack["ws"], owner.token)
        try:
            await socket.send({"action": "resume", "rooms": [{"roomId": room_id, "afterSeq": 0}]})
            return await socket.expect("resumed")
        finally:
            await socket.close()

    resumed = asyncio.run(resume())
    assert [m["content"] for m in resumed["changes"]] == [f"final {after}"]

    assert owner.api.request("DELETE", path).status_code == 200
    tombstone = raw_item(tables, "Messages", message_key(message))
    assert "contentSealed" not in tombstone and "content" not in tombstone and tombstone["deleted"]["BOOL"]
    deleted = [r for r in alice.api.get(f"/rooms/{room_id}/audit").json()["records"] if r["action"] == "delete"]
    assert [r["previousContent"] for r in deleted] == [f"final {after}"]
