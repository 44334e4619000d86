"""Delivery and read states through the local stack: marks, who hears of them, unread counts, denials."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest
from helpers import TABLE_PREFIX, ChatUser, Socket, Tables, create_room, error_of, join, post_message, unique


def room_with(owner: ChatUser, *members: ChatUser) -> str:
    room: str = create_room(owner)["roomId"]
    for member in members:
        join(member, room)
    return room


def posted(user: ChatUser, room_id: str, content: str = "hi") -> int:
    response = post_message(user, room_id, content)
    assert response.status_code == 201, response.text
    return int(response.json()["seq"])


def receipts_of(user: ChatUser, room_id: str) -> dict[str, dict[str, Any]]:
    response = user.api.get(f"/rooms/{room_id}/receipts")
    assert response.status_code == 200, response.text
    return {m["userId"]: m for m in response.json()["members"]}


def unread_of(user: ChatUser) -> dict[str, dict[str, Any]]:
    response = user.api.get("/me/unread")
    assert response.status_code == 200, response.text
    return {r["roomId"]: r for r in response.json()["rooms"]}


def set_receipts(user: ChatUser, on: bool) -> None:
    response = user.api.request("PUT", "/me/settings", json={"sendReceipts": on})
    assert response.status_code == 200, response.text
    assert response.json() == {"sendReceipts": on}


async def ack(socket: Socket, *marks: tuple[str, int]) -> dict[str, Any]:
    await socket.send({"action": "ackDelivered", "rooms": [{"roomId": r, "seq": s} for r, s in marks]})
    return await socket.recv()


async def mark_read(socket: Socket, room_id: str, seq: Any) -> dict[str, Any]:
    await socket.send({"action": "markRead", "roomId": room_id, "seq": seq})
    return await socket.recv()


def test_marks_only_move_forward_and_never_past_the_room(stack: dict[str, Any],
                                                         new_user: Callable[..., ChatUser]) -> None:
    author, reader = new_user(), new_user()
    room = room_with(author, reader)
    for n in range(3):
        posted(author, room, f"m{n}")

    async def scenario() -> None:
        ws = await Socket.open(stack["ws"], reader.token)
        assert await ack(ws, (room, 2)) == {"event": "delivered", "rooms": [{"roomId": room, "deliveredSeq": 2}]}
        assert (await ack(ws, (room, 1)))["rooms"] == [{"roomId": room, "deliveredSeq": 2}]  # never backwards
        mine = {"userId": reader.sub, "deliveredSeq": 3, "readSeq": 3}
        assert await mark_read(ws, room, 3) == {"event": "receipts", "roomId": room, "members": [mine]}
        assert (await mark_read(ws, room, 1))["members"] == [mine]
        assert (await ack(ws, (room, 2)))["rooms"] == [{"roomId": room, "deliveredSeq": 3}]  # reading implied it
        assert (await ack(ws, (room, 10**9)))["rooms"] == [{"roomId": room, "deliveredSeq": 3}]  # lastSeq caps it
        await ws.close()

    asyncio.run(scenario())
    marks = receipts_of(author, room)
    assert marks[reader.sub] == {"userId": reader.sub, "username": reader.name, "deliveredSeq": 3, "readSeq": 3}
    assert marks[author.sub]["deliveredSeq"] == 0 and marks[author.sub]["readSeq"] == 0


def test_delivery_goes_to_the_authors_of_the_newly_covered_messages_only(
        stack: dict[str, Any], new_user: Callable[..., ChatUser]) -> None:
    first, second, bystander, reader = new_user(), new_user(), new_user(), new_user()
    room = room_with(first, second, bystander, reader)
    posted(first, room)
    posted(first, room)
    posted(second, room)

    async def scenario() -> None:
        a, b, c = [await Socket.open(stack["ws"], u.token) for u in (first, second, bystander)]
        r = await Socket.open(stack["ws"], reader.token)
        news = {"event": "receipts", "roomId": room,
                "members": [{"userId": reader.sub, "deliveredSeq": 2, "readSeq": 0}]}
        assert (await ack(r, (room, 2)))["event"] == "delivered"
        assert await a.expect("receipts") == news
        await asyncio.gather(b.silent(), c.silent(), r.silent())
        await ack(r, (room, 3))
        assert (await b.expect("receipts"))["members"] == [{"userId": reader.sub, "deliveredSeq": 3, "readSeq": 0}]
        await asyncio.gather(a.silent(), c.silent())
        await ack(r, (room, 3))  # nothing new: nobody hears of it
        await asyncio.gather(a.silent(), b.silent(), c.silent())
        for ws in (a, b, c, r):
            await ws.close()

    asyncio.run(scenario())


def test_reads_go_to_the_authors_and_the_readers_other_devices(stack: dict[str, Any],
                                                                 new_user: Callable[..., ChatUser]) -> None:
    author, bystander, reader = new_user(), new_user(), new_user()
    room = room_with(author, bystander, reader)
    posted(author, room)

    async def scenario() -> None:
        a, c = await Socket.open(stack["ws"], author.token), await Socket.open(stack["ws"], bystander.token)
        r, r2 = await Socket.open(stack["ws"], reader.token), await Socket.open(stack["ws"], reader.token)
        mine = {"event": "receipts", "roomId": room,
                "members": [{"userId": reader.sub, "deliveredSeq": 1, "readSeq": 1}]}
        assert await mark_read(r, room, 1) == mine
        for ws in (a, r2):
            assert await ws.expect("receipts") == mine
        await c.silent()  # a bystander reads the marks through GET /rooms/{id}/receipts instead
        await r.silent()  # the reply only, no second copy
        assert receipts_of(bystander, room)[reader.sub]["readSeq"] == 1
        for ws in (a, c, r, r2):
            await ws.close()

    asyncio.run(scenario())


def test_receipts_off_hides_read_marks_from_others_but_not_from_me(stack: dict[str, Any],
                                                                   new_user: Callable[..., ChatUser]) -> None:
    author, bystander, reader = new_user(), new_user(), new_user()
    room = room_with(author, bystander, reader)
    posted(author, room)
    posted(author, room)
    set_receipts(reader, False)
    assert reader.api.get("/me").json()["settings"] == {"sendReceipts": False}
    assert author.api.get("/me").json()["settings"] == {"sendReceipts": True}

    async def scenario() -> None:
        a, c = await Socket.open(stack["ws"], author.token), await Socket.open(stack["ws"], bystander.token)
        r = await Socket.open(stack["ws"], reader.token)
        reply = await mark_read(r, room, 2)
        assert reply["members"] == [{"userId": reader.sub, "deliveredSeq": 2, "readSeq": 2}]  # my own, as stored
        hidden = [{"userId": reader.sub, "deliveredSeq": 2, "readSeq": None}]
        assert (await a.expect("receipts"))["members"] == hidden  # the delivery still reaches the author
        await asyncio.gather(a.silent(), c.silent())  # and no read fan-out
        for ws in (a, c, r):
            await ws.close()

    asyncio.run(scenario())
    assert receipts_of(author, room)[reader.sub]["readSeq"] is None
    assert receipts_of(reader, room)[reader.sub]["readSeq"] == 2
    assert unread_of(reader)[room] == {"roomId": room, "lastSeq": 2, "readSeq": 2, "unread": 0, "mentions": 0}
    posted(author, room)
    assert unread_of(reader)[room]["unread"] == 1
    set_receipts(reader, True)
    assert receipts_of(author, room)[reader.sub]["readSeq"] == 2


def test_unread_counts_messages_by_others_not_edits_or_my_own(stack: dict[str, Any], tables: Tables,
                                                               new_user: Callable[..., ChatUser]) -> None:
    other, me = new_user(), new_user()
    room, quiet = room_with(other, me), room_with(other, me)
    posted(other, room)
    posted(other, room)
    posted(me, room)
    # An edit or a reaction takes the room's next seq without adding a message row.
    tables.client.update_item(TableName=TABLE_PREFIX + "Rooms", Key={"roomId": {"S": room}},
                              UpdateExpression="ADD lastSeq :one", ExpressionAttributeValues={":one": {"N": "1"}})
    assert posted(other, room) == 5
    rooms = unread_of(me)
    assert rooms[room] == {"roomId": room, "lastSeq": 5, "readSeq": 0, "unread": 3, "mentions": 0}
    assert rooms[quiet] == {"roomId": quiet, "lastSeq": 0, "readSeq": 0, "unread": 0, "mentions": 0}

    async def scenario() -> None:
        ws = await Socket.open(stack["ws"], me.token)
        await mark_read(ws, room, 2)
        await ws.close()

    asyncio.run(scenario())
    assert unread_of(me)[room]["unread"] == 1
    assert room not in unread_of(new_user())


def test_non_members_can_neither_mark_nor_read_receipts(stack: dict[str, Any],
                                                         new_user: Callable[..., ChatUser]) -> None:
    owner, member, outsider = new_user(), new_user(), new_user()
    room = room_with(owner, member)  # public: anyone may read it, but receipts are for members
    mine = room_with(outsider)
    posted(owner, room)
    posted(outsider, mine)

    async def scenario() -> None:
        ws = await Socket.open(stack["ws"], outsider.token)
        for reply in (await ack(ws, (room, 1)), await ack(ws, (mine, 1), (room, 1)), await mark_read(ws, room, 1)):
            assert reply["event"] == "error" and reply["error"]["code"] == "not_a_member", reply
        missing = "00000000-0000-4000-8000-0000000000ff"
        assert (await ack(ws, (missing, 1)))["error"]["code"] == "room_not_found"
        assert (await mark_read(ws, missing, 1))["error"]["code"] == "room_not_found"  # like ackDelivered
        await ws.close()

    asyncio.run(scenario())
    assert receipts_of(outsider, mine)[outsider.sub]["deliveredSeq"] == 0  # the refused batch stored nothing
    response = outsider.api.get(f"/rooms/{room}/receipts")
    assert response.status_code == 403 and error_of(response) == "not_a_member"
    response = outsider.api.get("/rooms/00000000-0000-4000-8000-0000000000ff/receipts")
    assert response.status_code == 404 and error_of(response) == "room_not_found"


@pytest.mark.parametrize(("frame", "code"), [
    ({"action": "ackDelivered"}, "missing_field"),
    ({"action": "ackDelivered", "rooms": []}, "invalid_rooms"),
    ({"action": "ackDelivered", "rooms": "all"}, "invalid_rooms"),
    ({"action": "ackDelivered", "rooms": [{"roomId": "ROOM", "seq": "3"}]}, "invalid_rooms_seq"),
    ({"action": "ackDelivered", "rooms": [{"roomId": "nope", "seq": 3}]}, "invalid_rooms_room_id"),
    ({"action": "ackDelivered", "rooms": [{"roomId": "ROOM", "seq": 1}] * 51}, "invalid_rooms"),
    ({"action": "markRead", "roomId": "ROOM", "seq": -1}, "invalid_seq"),
    ({"action": "markRead", "roomId": "ROOM", "seq": 1.5}, "invalid_seq"),
    ({"action": "markRead", "roomId": "ROOM"}, "missing_field"),
    ({"action": "markRead", "roomId": "nope", "seq": 1}, "invalid_room_id"),
])
def test_bad_frames_get_an_error_event_and_the_socket_stays(stack: dict[str, Any], alice: ChatUser,
                                                            frame: dict[str, Any], code: str) -> None:
    room = create_room(alice)["roomId"]
    concrete = dict(frame)
    if concrete.get("roomId") == "ROOM":
        concrete["roomId"] = room
    if isinstance(concrete.get("rooms"), list):
        concrete["rooms"] = [{**mark, "roomId": room if mark["roomId"] == "ROOM" else mark["roomId"]}
                             for mark in concrete["rooms"]]

    async def scenario() -> None:
        ws = await Socket.open(stack["ws"], alice.token)
        await ws.send(concrete)
        reply = await ws.expect("error")
        assert reply["error"]["code"] == code, reply
        assert (await mark_read(ws, room, 0))["event"] == "receipts"  # still connected and answering
        await ws.close()

    asyncio.run(scenario())


def test_bad_settings_and_room_ids_get_400s(alice: ChatUser) -> None:
    for body, code in [({"sendReceipts": "no"}, "invalid_send_receipts"), ({}, "missing_field"),
                       ([True], "invalid_body")]:
        response = alice.api.request("PUT", "/me/settings", json=body)
        assert response.status_code == 400 and error_of(response) == code, (body, response.text)
    response = alice.api.request("PUT", "/me/settings", data="{", headers={"Content-Type": "application/json"})
    assert response.status_code == 400 and error_of(response) == "invalid_json"
    response = alice.api.get(f"/rooms/{unique('x')}/receipts")
    assert response.status_code == 400 and error_of(response) == "invalid_room_id"
