"""Mentions through the local stack: parsed against the room's members at send and edit, a
``mention`` event on every connection of the newly mentioned, counts in ``GET /me/unread``."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from helpers import ChatUser, Socket, create_room, join, post_message


def unread_mentions(user: ChatUser, room_id: str) -> int:
    rows = user.api.get("/me/unread").json()["rooms"]
    return int(next(row["mentions"] for row in rows if row["roomId"] == room_id))


def test_only_members_are_mentioned_and_in_order(new_user: Callable[..., ChatUser]) -> None:
    owner, member, outsider = new_user(), new_user(), new_user()
    room = create_room(owner)
    join(member, room["roomId"])
    content = f"@{outsider.name} hi @{member.name}. and @{owner.name}, mail me at x@{member.name}"
    message = post_message(owner, room["roomId"], content).json()
    assert message["mentions"] == [{"userId": member.sub, "username": member.name},
                                   {"userId": owner.sub, "username": owner.name}]
    plain = post_message(owner, room["roomId"], "no mentions here").json()
    assert plain["mentions"] == []
    history = owner.api.get(f"/rooms/{room['roomId']}/messages").json()["messages"]
    assert [m["mentions"] for m in history] == [[], message["mentions"]]


def test_mention_event_reaches_every_connection_of_the_mentioned(stack: dict[str, Any],
                                                                 new_user: Callable[..., ChatUser]) -> None:
    author, mentioned, bystander = new_user(), new_user(), new_user()
    room = create_room(author)
    join(mentioned, room["roomId"])
    join(bystander, room["roomId"])

    async def scenario() -> None:
        phone, laptop, other = await asyncio.gather(Socket.open(stack["ws"], mentioned.token),
                                                    Socket.open(stack["ws"], mentioned.token),
                                                    Socket.open(stack["ws"], bystander.token))
        sent = post_message(author, room["roomId"], f"ping @{mentioned.name}").json()
        for device in (phone, laptop):
            assert (await device.expect("message"))["message"]["messageId"] == sent["messageId"]
            event = await device.expect("mention")
            assert event["roomId"] == room["roomId"]
            assert event["message"]["messageId"] == sent["messageId"]
        await other.expect("message")
        await other.silent()
        for socket in (phone, laptop, other):
            await socket.close()

    asyncio.run(scenario())


def test_edits_reparse_and_only_the_newly_mentioned_hear(stack: dict[str, Any],
                                                          new_user: Callable[..., ChatUser]) -> None:
    author, first, second = new_user(), new_user(), new_user()
    room = create_room(author)
    for user in (first, second):
        join(user, room["roomId"])
    rid = room["roomId"]
    sent = post_message(author, rid, f"hello @{first.name}").json()
    assert unread_mentions(first, rid) == 1

    async def scenario() -> None:
        a, b = await asyncio.gather(Socket.open(stack["ws"], first.token), Socket.open(stack["ws"], second.token))
        edited = author.api.request("PATCH", f"/rooms/{rid}/messages/{sent['messageId']}",
                                    json={"content": f"hello @{second.name} (not {first.name})"})
        assert edited.status_code == 200, edited.text
        assert edited.json()["mentions"] == [{"userId": second.sub, "username": second.name}]
        assert (await b.expect("messageUpdated"))["message"]["messageId"] == sent["messageId"]
        assert (await b.expect("mention"))["message"]["content"].startswith(f"hello @{second.name}")
        await a.expect("messageUpdated")
        await a.silent()
        await a.close()
        await b.close()

    asyncio.run(scenario())
    assert unread_mentions(first, rid) == 0
    assert unread_mentions(second, rid) == 1
    deleted = author.api.request("DELETE", f"/rooms/{rid}/messages/{sent['messageId']}")
    assert deleted.json()["mentions"] == []
    assert unread_mentions(second, rid) == 0


def test_mark_read_resets_the_mention_count(stack: dict[str, Any], new_user: Callable[..., ChatUser]) -> None:
    author, reader = new_user(), new_user()
    room = create_room(author)
    rid = room["roomId"]
    join(reader, rid)
    first = post_message(author, rid, f"@{reader.name} one").json()
    post_message(author, rid, f"@{reader.name} two")
    post_message(author, rid, f"@{author.name} mentioning myself counts for nobody")
    assert unread_mentions(reader, rid) == 2
    assert unread_mentions(author, rid) == 0

    async def scenario() -> None:
        socket = await Socket.open(stack["ws"], reader.token)
        await socket.send({"action": "markRead", "roomId": rid, "seq": first["seq"]})
        await socket.expect("receipts")
        assert unread_mentions(reader, rid) == 1
        last = reader.api.get(f"/rooms/{rid}/messages").json()["messages"][0]["seq"]
        await socket.send({"action": "markRead", "roomId": rid, "seq": last})
        await socket.expect("receipts")
        await socket.close()

    asyncio.run(scenario())
    assert unread_mentions(reader, rid) == 0
