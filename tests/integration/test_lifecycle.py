"""Edit, delete (with audit), reactions, threads and resume, through real WebSockets and REST."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest
from helpers import TABLE_PREFIX, ChatUser, Socket, Tables, create_room, error_of, join, post_message, unique

Users = Callable[..., ChatUser]


def posted(user: ChatUser, room_id: str, content: str, **fields: Any) -> dict[str, Any]:
    response = post_message(user, room_id, content, **fields)
    assert response.status_code == 201, response.text
    message: dict[str, Any] = response.json()
    return message


def frame(action: str, room_id: str, message_id: str, **fields: Any) -> dict[str, Any]:
    return {"action": action, "roomId": room_id, "messageId": message_id, **fields}


async def error_code(socket: Socket, request: dict[str, Any]) -> str:
    await socket.send(request)
    answer = await socket.expect("error")
    return str(answer["error"]["code"])


@pytest.fixture
def room_of_two(new_user: Users) -> tuple[ChatUser, ChatUser, str]:
    author, reader = new_user(), new_user()
    room = create_room(author)
    join(reader, room["roomId"])
    return author, reader, room["roomId"]


# -- edit and delete ---------------------------------------------------------------------------
def test_author_edits_live_with_audit_and_a_resend_returns_the_edit(
        stack: dict[str, Any], room_of_two: tuple[ChatUser, ChatUser, str], alice: ChatUser) -> None:
    author, reader, room_id = room_of_two
    original = posted(author, room_id, "helo", clientMsgId="typo-1")
    assert (original["changeSeq"], original["editedAt"], original["deleted"]) == (original["seq"], None, False)

    async def scenario() -> dict[str, Any]:
        a = await Socket.open(stack["ws"], author.token)
        b = await Socket.open(stack["ws"], reader.token)
        await a.send(frame("editMessage", room_id, original["messageId"], content="hello"))
        reply = await a.expect("messageUpdated")
        live = await b.expect("messageUpdated")
        assert live["message"] == reply["message"]
        await a.silent()  # the actor gets the reply, not the fan-out too
        await a.close()
        await b.close()
        message: dict[str, Any] = reply["message"]
        return message

    edited = asyncio.run(scenario())
    assert edited["content"] == "hello" and edited["editedAt"].endswith("Z")
    assert edited["changeSeq"] > original["seq"] and edited["seq"] == original["seq"]

    resend = post_message(author, room_id, "helo", "typo-1")
    assert resend.status_code == 200
    assert resend.json()["content"] == "hello"  # the current state, not the idempotency copy

    audit = alice.api.get(f"/rooms/{room_id}/audit")
    assert audit.status_code == 200, audit.text
    [record] = audit.json()["records"]
    assert record["messageId"] == original["messageId"]
    assert (record["action"], record["actorId"], record["actorName"]) == ("edit", author.sub, author.name)
    assert record["previousContent"] == "helo" and record["at"].endswith("Z")
    denied = author.api.get(f"/rooms/{room_id}/audit")  # the room's owner, but not an admin
    assert (denied.status_code, error_of(denied)) == (403, "forbidden")


def test_nobody_edits_or_deletes_someone_elses_message(
        stack: dict[str, Any], room_of_two: tuple[ChatUser, ChatUser, str], new_user: Users) -> None:
    author, reader, room_id = room_of_two
    message = posted(author, room_id, "mine")
    outsider = new_user()

    async def scenario() -> None:
        b = await Socket.open(stack["ws"], reader.token)
        o = await Socket.open(stack["ws"], outsider.token)
        assert await error_code(b, frame("editMessage", room_id, message["messageId"], content="x")) == "forbidden"
        assert await error_code(b, frame("deleteMessage", room_id, message["messageId"])) == "forbidden"
        assert await error_code(o, frame("editMessage", room_id, message["messageId"], content="x")) \
            == "not_a_member"
        assert await error_code(o, frame("deleteMessage", room_id, message["messageId"])) == "not_a_member"
        assert await error_code(o, frame("react", room_id, message["messageId"], emoji="👍", add=True)) \
            == "not_a_member"
        await b.close()
        await o.close()

    asyncio.run(scenario())
    path = f"/rooms/{room_id}/messages/{message['messageId']}"
    patched = reader.api.request("PATCH", path, json={"content": "x"})
    assert (patched.status_code, error_of(patched)) == (403, "forbidden")
    deleted = reader.api.request("DELETE", path)
    assert (deleted.status_code, error_of(deleted)) == (403, "forbidden")
    assert author.api.get(f"/rooms/{room_id}/messages").json()["messages"][0]["content"] == "mine"


def test_a_moderator_deletes_anyones_message_into_a_tombstone(
        stack: dict[str, Any], room_of_two: tuple[ChatUser, ChatUser, str], new_user: Users) -> None:
    author, reader, room_id = room_of_two
    message = posted(author, room_id, "spam")
    moderator = new_user("moderator")  # a global moderator, not even in the room

    async def scenario() -> dict[str, Any]:
        a = await Socket.open(stack["ws"], author.token)
        m = await Socket.open(stack["ws"], moderator.token)
        await m.send(frame("deleteMessage", room_id, message["messageId"]))
        tombstone: dict[str, Any] = (await m.expect("messageUpdated"))["message"]
        assert (await a.expect("messageUpdated"))["message"] == tombstone
        assert await error_code(a, frame("editMessage", room_id, message["messageId"], content="back")) \
            == "message_deleted"
        assert await error_code(a, frame("react", room_id, message["messageId"], emoji="👍", add=True)) \
            == "message_deleted"
        await a.close()
        await m.close()
        return tombstone

    tombstone = asyncio.run(scenario())
    assert (tombstone["deleted"], tombstone["content"], tombstone["reactions"]) == (True, "", [])
    [stored] = reader.api.get(f"/rooms/{room_id}/messages").json()["messages"]
    assert stored == {**tombstone, "reactions": []}
    again = author.api.request("DELETE", f"/rooms/{room_id}/messages/{message['messageId']}")
    assert again.status_code == 200 and again.json()["changeSeq"] == tombstone["changeSeq"]  # no second change


def test_rest_twins_and_bad_input(room_of_two: tuple[ChatUser, ChatUser, str], alice: ChatUser) -> None:
    author, _, room_id = room_of_two
    message = posted(author, room_id, "v1")
    path = f"/rooms/{room_id}/messages/{message['messageId']}"
    edited = author.api.request("PATCH", path, json={"content": "v2"})
    assert edited.status_code == 200 and edited.json()["content"] == "v2"
    for body, code in [({}, "missing_field"), ({"content": "  "}, "invalid_content"),
                       ({"content": "x" * 1001}, "content_too_long")]:
        bad = author.api.request("PATCH", path, json=body)
        assert (bad.status_code, error_of(bad)) == (400, code)
    unknown = author.api.request("PATCH", f"/rooms/{room_id}/messages/{unique('x')}", json={"content": "x"})
    assert (unknown.status_code, error_of(unknown)) == (400, "invalid_message_id")
    missing = author.api.request("DELETE", f"/rooms/{room_id}/messages/00000000-0000-4000-8000-000000000000")
    assert (missing.status_code, error_of(missing)) == (404, "message_not_found")
    deleted = author.api.request("DELETE", path)
    assert deleted.status_code == 200 and deleted.json()["deleted"] is True
    conflict = author.api.request("PATCH", path, json={"content": "v3"})
    assert (conflict.status_code, error_of(conflict)) == (409, "message_deleted")
    records = alice.api.get(f"/rooms/{room_id}/audit", params={"limit": 1}).json()
    assert [(r["action"], r["previousContent"]) for r in records["records"]] == [("delete", "v2")]
    older = alice.api.get(f"/rooms/{room_id}/audit", params={"limit": 1, "cursor": records["nextCursor"]}).json()
    assert [(r["action"], r["previousContent"]) for r in older["records"]] == [("edit", "v1")]
    assert older["nextCursor"] is None


# -- reactions ---------------------------------------------------------------------------------
def test_reactions_count_once_per_user_with_mine_per_receiver(
        stack: dict[str, Any], room_of_two: tuple[ChatUser, ChatUser, str]) -> None:
    author, reader, room_id = room_of_two
    message = posted(author, room_id, "react to me")
    target = message["messageId"]

    async def scenario() -> None:
        a = await Socket.open(stack["ws"], author.token)
        b = await Socket.open(stack["ws"], reader.token)
        await b.send(frame("react", room_id, target, emoji="👍", add=True))
        mine = await b.expect("messageUpdated")
        assert mine["message"]["reactions"] == [{"emoji": "👍", "count": 1, "mine": True}]
        fanned = await a.expect("messageUpdated")
        assert fanned["message"]["reactions"] == [{"emoji": "👍", "count": 1, "mine": False}]
        assert fanned["reaction"] == {"emoji": "👍", "userId": reader.sub, "added": True}

        await b.send(frame("react", room_id, target, emoji="👍", add=True))  # again: a no-op
        again = await b.expect("messageUpdated")
        assert again == mine  # the actor's reply names the reaction too
        await a.silent()

        await a.send(frame("react", room_id, target, emoji="👍", add=True))
        both = await a.expect("messageUpdated")
        assert both["message"]["reactions"] == [{"emoji": "👍", "count": 2, "mine": True}]
        await b.expect("messageUpdated")
        await a.send(frame("react", room_id, target, emoji="🎉", add=False))  # not there: a no-op
        assert (await a.expect("messageUpdated"))["message"]["changeSeq"] == both["message"]["changeSeq"]
        await b.send(frame("react", room_id, target, emoji="👍", add=False))
        removed = await b.expect("messageUpdated")
        assert removed["message"]["reactions"] == [{"emoji": "👍", "count": 1, "mine": False}]
        assert (await a.expect("messageUpdated"))["reaction"] == {"emoji": "👍", "userId": reader.sub,
                                                                   "added": False}
        for emoji in ["a", "👍👍", "", "👍 ", "x" * 17]:
            assert await error_code(b, frame("react", room_id, target, emoji=emoji, add=True)) \
                in ("invalid_emoji", "emoji_too_long")
        assert await error_code(b, frame("react", room_id, target, emoji="👍")) == "missing_field"
        assert await error_code(b, frame("react", room_id, target, emoji="👍", add="yes")) == "invalid_add"
        await a.close()
        await b.close()

    asyncio.run(scenario())
    [stored] = author.api.get(f"/rooms/{room_id}/messages").json()["messages"]
    assert stored["reactions"] == [{"emoji": "👍", "count": 1, "mine": True}]


# -- threads -----------------------------------------------------------------------------------
def test_thread_replies_update_the_root_and_page_oldest_first(
        stack: dict[str, Any], room_of_two: tuple[ChatUser, ChatUser, str], new_user: Users) -> None:
    author, reader, room_id = room_of_two
    root = posted(author, room_id, "root")

    async def scenario() -> None:
        a = await Socket.open(stack["ws"], author.token)
        b = await Socket.open(stack["ws"], reader.token)
        ack = await b.send_message(room_id, "first reply", replyTo=root["messageId"])
        assert ack["event"] == "messageAck"
        reply = ack["message"]
        assert (reply["replyTo"], reply["threadOnly"]) == (root["messageId"], True)
        assert (await a.expect("message"))["message"] == reply
        updated = (await a.expect("messageUpdated"))["message"]
        assert (updated["messageId"], updated["replyCount"], updated["lastReplyAt"]) \
            == (root["messageId"], 1, reply["createdAt"])
        assert updated["changeSeq"] > reply["seq"]
        assert (await b.expect("messageUpdated"))["message"] == updated  # the replier's own thread panel too

        shown = await b.send_message(room_id, "second reply", replyTo=root["messageId"], alsoToRoom=True)
        assert shown["message"]["threadOnly"] is False
        assert (await b.expect("messageUpdated"))["message"]["replyCount"] == 2
        nested = await b.send_message(room_id, "reply to a reply", replyTo=reply["messageId"])
        assert nested["error"]["code"] == "invalid_reply_to"
        await a.close()
        await b.close()

    asyncio.run(scenario())
    for n in range(3):
        posted(author, room_id, f"reply {n + 3}", replyTo=root["messageId"])
    first = reader.api.get(f"/rooms/{room_id}/messages/{root['messageId']}/thread", params={"limit": 3}).json()
    assert first["root"]["replyCount"] == 5
    rest = reader.api.get(f"/rooms/{room_id}/messages/{root['messageId']}/thread",
                          params={"limit": 3, "cursor": first["nextCursor"]}).json()
    contents = [m["content"] for m in first["replies"] + rest["replies"]]
    assert contents == ["first reply", "second reply", "reply 3", "reply 4", "reply 5"]
    assert rest["nextCursor"] is None
    outsider = new_user()
    private = create_room(author, kind="private")
    hidden = outsider.api.get(f"/rooms/{private['roomId']}/messages/{root['messageId']}/thread")
    assert (hidden.status_code, error_of(hidden)) == (404, "room_not_found")
    wrong_room = post_message(author, private["roomId"], "cross-room", replyTo=root["messageId"])
    assert (wrong_room.status_code, error_of(wrong_room)) == (400, "invalid_reply_to")


# -- resume ------------------------------------------------------------------------------------
def test_resume_replays_each_change_once_in_change_order(
        stack: dict[str, Any], room_of_two: tuple[ChatUser, ChatUser, str]) -> None:
    author, reader, room_id = room_of_two
    other = create_room(author)
    before = posted(author, room_id, "seen before the drop")
    kept, edited, removed = (posted(author, room_id, f"m{n}") for n in range(3))
    base = f"/rooms/{room_id}/messages/"
    for content in ("m1 v2", "m1 v3"):
        assert author.api.request("PATCH", base + edited["messageId"], json={"content": content}).status_code == 200
    assert author.api.request("DELETE", base + removed["messageId"]).status_code == 200
    posted(author, other["roomId"], "elsewhere")

    async def scenario() -> None:
        b = await Socket.open(stack["ws"], reader.token)
        await b.send({"action": "resume", "limit": 2,
                      "rooms": [{"roomId": room_id, "afterSeq": before["seq"]}, {"roomId": other["roomId"],
                                                                                "afterSeq": 0}]})
        page = await b.expect("resumed")
        assert page["roomId"] == room_id and page["hasMore"] is True
        assert [m["messageId"] for m in page["changes"]] == [kept["messageId"], edited["messageId"]]
        assert page["changes"][1]["content"] == "m1 v3"  # two edits arrive once, as the latest
        assert page["upToSeq"] == page["changes"][-1]["changeSeq"]
        second = await b.expect("resumed")
        assert second["roomId"] == other["roomId"] and [m["content"] for m in second["changes"]] == ["elsewhere"]

        await b.send({"action": "resume", "rooms": [{"roomId": room_id, "afterSeq": page["upToSeq"]}]})
        last = await b.expect("resumed")
        assert [(m["messageId"], m["deleted"]) for m in last["changes"]] == [(removed["messageId"], True)]
        assert last["hasMore"] is False
        await b.send({"action": "resume", "rooms": [{"roomId": room_id, "afterSeq": last["upToSeq"]}]})
        assert (await b.expect("resumed"))["changes"] == []
        await b.close()

    asyncio.run(scenario())


def test_resume_says_so_when_the_gap_is_wider_than_the_window(
        stack: dict[str, Any], tables: Tables, room_of_two: tuple[ChatUser, ChatUser, str], new_user: Users) -> None:
    author, reader, room_id = room_of_two
    posted(author, room_id, "old")
    tables.client.update_item(TableName=TABLE_PREFIX + "Rooms", Key={"roomId": {"S": room_id}},
                              UpdateExpression="ADD lastSeq :n", ExpressionAttributeValues={":n": {"N": "6000"}})
    private = create_room(new_user(), kind="private")

    async def scenario() -> None:
        b = await Socket.open(stack["ws"], reader.token)
        await b.send({"action": "resume", "rooms": [{"roomId": room_id, "afterSeq": 0}]})
        gap = await b.expect("resumeGap")
        assert gap == {"event": "resumeGap", "roomId": room_id, "lastSeq": 6001}
        denied = {"action": "resume", "rooms": [{"roomId": room_id, "afterSeq": 0},
                                                {"roomId": private["roomId"], "afterSeq": 0}]}
        assert await error_code(b, denied) == "room_not_found"  # a private room: hidden
        for bad, code in [({"rooms": []}, "invalid_rooms"), ({"rooms": [{"roomId": room_id}]}, "missing_field"),
                          ({"rooms": [{"roomId": room_id, "afterSeq": -1}]}, "invalid_rooms_after_seq"),
                          ({"rooms": [{"roomId": room_id, "afterSeq": 0}], "limit": 501}, "invalid_limit")]:
            assert await error_code(b, {"action": "resume", **bad}) == code
        await b.close()

    asyncio.run(scenario())
