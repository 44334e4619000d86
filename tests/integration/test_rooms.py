"""REST rooms: create, list, join/leave (with live subscription), private rooms, DMs, errors."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from helpers import Api, ChatUser, Socket, accept, create_room, error_of, join, unique


def room_ids(response: Any) -> list[str]:
    assert response.status_code == 200, response.text
    return [r["roomId"] for r in response.json()["rooms"]]


def test_create_public_room(owner: ChatUser) -> None:
    name = unique("lobby")
    response = owner.api.post("/rooms", {"name": f"  {name}  ", "description": "chat here"})
    assert response.status_code == 201, response.text
    room = response.json()
    assert uuid.UUID(room["roomId"])
    assert room["name"] == name  # trimmed
    assert (room["kind"], room["description"], room["createdBy"], room["lastSeq"]) == (
        "public", "chat here", owner.sub, 0)
    assert owner.api.get(f"/rooms/{room['roomId']}").json() == room
    members = owner.api.get(f"/rooms/{room['roomId']}/members").json()["members"]
    assert [(m["userId"], m["role"]) for m in members] == [(owner.sub, "owner")]


def test_list_mine_and_public(owner: ChatUser, other: ChatUser) -> None:
    public = create_room(owner)
    private = create_room(owner, kind="private")
    mine = room_ids(owner.api.get("/rooms"))
    assert mine == [public["roomId"], private["roomId"]]  # oldest first
    assert room_ids(owner.api.get("/rooms", params={"scope": "mine"})) == mine
    listed = room_ids(other.api.get("/rooms", params={"scope": "public"}))
    assert public["roomId"] in listed
    assert private["roomId"] not in listed
    assert room_ids(other.api.get("/rooms")) == []


def test_public_listing_is_newest_first(owner: ChatUser) -> None:
    first, second = create_room(owner), create_room(owner)
    listed = room_ids(owner.api.get("/rooms", params={"scope": "public"}))
    assert listed.index(second["roomId"]) < listed.index(first["roomId"])


def test_bad_scope_is_400(owner: ChatUser) -> None:
    response = owner.api.get("/rooms", params={"scope": "everything"})
    assert response.status_code == 400
    assert error_of(response) == "invalid_scope"


@pytest.mark.parametrize(("body", "code"), [
    ({"kind": "public"}, "missing_field"),
    ({"name": "   "}, "invalid_name"),
    ({"name": "x" * 81}, "name_too_long"),
    ({"name": "ok", "kind": "secret"}, "invalid_kind"),
    ({"name": "ok", "description": "d" * 501}, "description_too_long"),
    ([], "invalid_body"),
    ({"kind": "dm", "memberIds": []}, "invalid_member_ids"),
])
def test_create_room_validation(owner: ChatUser, body: Any, code: str) -> None:
    response = owner.api.post("/rooms", body)
    assert response.status_code == 400, response.text
    assert error_of(response) == code


def test_create_room_with_unknown_invitee(owner: ChatUser) -> None:
    response = owner.api.post("/rooms", {"name": "x", "kind": "private", "memberIds": ["no-such-user"]})
    assert response.status_code == 404
    assert error_of(response) == "user_not_found"


def test_join_subscribes_open_connections_and_leave_unsubscribes(stack: dict[str, Any], owner: ChatUser,
                                                                 other: ChatUser) -> None:
    room = create_room(owner)

    async def scenario() -> None:
        a = await Socket.open(stack["ws"], owner.token)
        b = await Socket.open(stack["ws"], other.token)  # opened before joining
        await b.ping()
        before = await a.send_message(room["roomId"], "before join")
        assert before["event"] == "messageAck"
        await b.silent()

        response = await asyncio.to_thread(other.api.post, f"/rooms/{room['roomId']}/join")
        assert response.status_code == 200, response.text
        assert response.json()["roomId"] == room["roomId"]
        added = await b.expect("roomAdded")  # the joiner's open devices learn about the room
        assert added["room"]["roomId"] == room["roomId"]
        during = await a.send_message(room["roomId"], "after join")
        assert (await b.expect("message"))["message"] == during["message"]
        mine = await b.send_message(room["roomId"], "hi from the new member")
        assert mine["event"] == "messageAck"
        assert (await a.expect("message"))["message"] == mine["message"]

        response = await asyncio.to_thread(other.api.post, f"/rooms/{room['roomId']}/leave")
        assert (response.status_code, response.json()) == (200, {"left": True})
        after = await a.send_message(room["roomId"], "after leave")
        assert after["event"] == "messageAck"
        await b.silent()
        refused = await b.send_message(room["roomId"], "still here?", "gone-1")
        assert refused["event"] == "error"
        assert refused["error"]["code"] == "not_a_member"
        assert refused["clientMsgId"] == "gone-1"
        await a.silent()
        await a.close()
        await b.close()

    asyncio.run(scenario())
    assert room["roomId"] not in room_ids(other.api.get("/rooms"))
    members = [m["userId"] for m in owner.api.get(f"/rooms/{room['roomId']}/members").json()["members"]]
    assert members == [owner.sub]


def test_join_is_idempotent_and_new_sockets_subscribe(stack: dict[str, Any], owner: ChatUser,
                                                      other: ChatUser) -> None:
    room = create_room(owner)
    join(other, room["roomId"])
    join(other, room["roomId"])
    members = owner.api.get(f"/rooms/{room['roomId']}/members").json()["members"]
    assert sorted(m["userId"] for m in members) == sorted([owner.sub, other.sub])

    async def scenario() -> None:
        b = await Socket.open(stack["ws"], other.token)  # opened after joining
        a = await Socket.open(stack["ws"], owner.token)
        ack = await a.send_message(room["roomId"], "hello")
        assert (await b.expect("message"))["message"] == ack["message"]
        await a.close()
        await b.close()

    asyncio.run(scenario())


def test_leave_when_not_a_member(owner: ChatUser, other: ChatUser) -> None:
    room = create_room(owner)
    response = other.api.post(f"/rooms/{room['roomId']}/leave")
    assert response.status_code == 403
    assert error_of(response) == "not_a_member"


def test_rest_post_after_leaving_is_not_a_member(owner: ChatUser, other: ChatUser) -> None:
    room = create_room(owner)
    join(other, room["roomId"])
    assert other.api.post(f"/rooms/{room['roomId']}/leave").status_code == 200
    response = other.api.post(f"/rooms/{room['roomId']}/messages", {"content": "x", "clientMsgId": "l-1"})
    assert response.status_code == 403
    assert error_of(response) == "not_a_member"


def test_private_room_cannot_be_joined_or_seen(owner: ChatUser, other: ChatUser) -> None:
    room = create_room(owner, kind="private")
    response = other.api.post(f"/rooms/{room['roomId']}/join")
    assert response.status_code == 404
    assert error_of(response) == "room_not_found"
    for path in ("", "/members", "/messages"):
        response = other.api.get(f"/rooms/{room['roomId']}{path}")
        assert response.status_code == 404, path
        assert error_of(response) == "room_not_found"


def test_owner_adds_member_to_private_room(stack: dict[str, Any], owner: ChatUser, other: ChatUser) -> None:
    room = create_room(owner, kind="private")

    async def scenario() -> None:
        b = await Socket.open(stack["ws"], other.token)
        await b.ping()
        response = await asyncio.to_thread(owner.api.post, f"/rooms/{room['roomId']}/members",
                                           {"userId": other.sub})
        assert response.status_code == 201, response.text
        invitation = response.json()
        assert (invitation["roomId"], invitation["invitedBy"], invitation["invitedByName"]) == (
            room["roomId"], owner.sub, owner.name)
        assert (await b.expect("roomInvited"))["invitation"] == invitation
        await asyncio.to_thread(accept, other, room["roomId"])
        assert (await b.expect("roomAdded"))["room"]["roomId"] == room["roomId"]
        a = await Socket.open(stack["ws"], owner.token)
        ack = await a.send_message(room["roomId"], "welcome")
        assert (await b.expect("message"))["message"] == ack["message"]
        await a.close()
        await b.close()

    asyncio.run(scenario())
    assert room["roomId"] in room_ids(other.api.get("/rooms"))
    assert other.api.get(f"/rooms/{room['roomId']}").status_code == 200


def test_invited_at_creation(owner: ChatUser, other: ChatUser) -> None:
    room = create_room(owner, kind="private", memberIds=[other.sub, other.sub, owner.sub])
    members = {m["userId"]: m["role"] for m in owner.api.get(f"/rooms/{room['roomId']}/members").json()["members"]}
    assert members == {owner.sub: "owner"}  # invited, not added
    pending = other.api.get("/me/invitations").json()["invitations"]
    assert [i["roomId"] for i in pending] == [room["roomId"]]
    accept(other, room["roomId"])
    members = {m["userId"]: m["role"] for m in other.api.get(f"/rooms/{room['roomId']}/members").json()["members"]}
    assert members == {owner.sub: "owner", other.sub: "member"}


def test_plain_member_cannot_add_to_private_room(owner: ChatUser, other: ChatUser,
                                                 new_user: Callable[..., ChatUser]) -> None:
    room = create_room(owner, kind="private", memberIds=[other.sub])
    accept(other, room["roomId"])
    third = new_user()
    response = other.api.post(f"/rooms/{room['roomId']}/members", {"userId": third.sub})
    assert response.status_code == 403
    assert error_of(response) == "forbidden"


def test_outsider_cannot_add_to_public_room(owner: ChatUser, other: ChatUser,
                                            new_user: Callable[..., ChatUser]) -> None:
    room = create_room(owner)
    response = other.api.post(f"/rooms/{room['roomId']}/members", {"userId": new_user().sub})
    assert response.status_code == 403
    assert error_of(response) == "not_a_member"


def test_moderator_adds_member_to_private_room(owner: ChatUser, other: ChatUser,
                                               new_user: Callable[..., ChatUser]) -> None:
    room = create_room(owner, kind="private")
    moderator = new_user("moderator")
    response = moderator.api.post(f"/rooms/{room['roomId']}/members", {"userId": other.sub})
    assert response.status_code == 201, response.text


def test_add_unknown_user(owner: ChatUser) -> None:
    room = create_room(owner, kind="private")
    response = owner.api.post(f"/rooms/{room['roomId']}/members", {"userId": "nobody"})
    assert response.status_code == 404
    assert error_of(response) == "user_not_found"
    response = owner.api.post(f"/rooms/{room['roomId']}/members", {})
    assert response.status_code == 400
    assert error_of(response) == "missing_field"


def test_dm_creation_is_idempotent(stack: dict[str, Any], owner: ChatUser, other: ChatUser) -> None:
    first = owner.api.post("/rooms", {"kind": "dm", "memberIds": [other.sub]})
    assert first.status_code == 201, first.text
    again = owner.api.post("/rooms", {"kind": "dm", "memberIds": [other.sub]})
    assert again.status_code == 200, again.text
    reverse = other.api.post("/rooms", {"kind": "dm", "memberIds": [owner.sub, other.sub]})
    assert reverse.status_code == 200, reverse.text
    assert first.json() == again.json() == reverse.json()
    dm = first.json()
    assert dm["kind"] == "dm"
    assert dm["roomId"] not in room_ids(owner.api.get("/rooms", params={"scope": "public"}))
    assert dm["roomId"] in room_ids(other.api.get("/rooms"))
    response = owner.api.post(f"/rooms/{dm['roomId']}/members", {"userId": stack["users"]["bob"]})
    assert response.status_code == 403
    assert error_of(response) == "room_not_joinable"


def test_dm_with_yourself_or_unknown_user(owner: ChatUser) -> None:
    response = owner.api.post("/rooms", {"kind": "dm", "memberIds": [owner.sub]})
    assert response.status_code == 400
    assert error_of(response) == "invalid_member_ids"
    response = owner.api.post("/rooms", {"kind": "dm", "memberIds": ["nobody"]})
    assert response.status_code == 404
    assert error_of(response) == "user_not_found"


def test_dm_is_private_to_its_pair(owner: ChatUser, other: ChatUser, new_user: Callable[..., ChatUser]) -> None:
    dm = owner.api.post("/rooms", {"kind": "dm", "memberIds": [other.sub]}).json()
    outsider = new_user()
    assert outsider.api.get(f"/rooms/{dm['roomId']}").status_code == 404
    response = outsider.api.post(f"/rooms/{dm['roomId']}/join")
    assert response.status_code == 404
    assert error_of(response) == "room_not_found"


@pytest.mark.parametrize("path", ["/rooms/not-a-uuid", "/rooms/123/members", "/rooms/x/messages"])
def test_bad_room_id_is_400(owner: ChatUser, path: str) -> None:
    response = owner.api.get(path)
    assert response.status_code == 400
    assert error_of(response) == "invalid_room_id"


@pytest.mark.parametrize(("method", "path"), [
    ("GET", ""), ("GET", "/members"), ("GET", "/messages"), ("POST", "/join"), ("POST", "/leave"),
])
def test_unknown_room_is_404(owner: ChatUser, method: str, path: str) -> None:
    response = owner.api.request(method, f"/rooms/{uuid.uuid4()}{path}")
    assert response.status_code == 404, response.text
    assert error_of(response) == "room_not_found"


def test_post_to_unknown_room(owner: ChatUser) -> None:
    response = owner.api.post(f"/rooms/{uuid.uuid4()}/messages", {"content": "x", "clientMsgId": "u-1"})
    assert response.status_code in (403, 404)
    assert error_of(response) in ("not_a_member", "room_not_found")


@pytest.mark.parametrize("path", ["/rooms", f"/rooms/{uuid.uuid4()}/messages", f"/rooms/{uuid.uuid4()}/members"])
def test_invalid_json_body_is_400(owner: ChatUser, path: str) -> None:
    response = owner.api.post(path, data=b"{not json", headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    assert error_of(response) == "invalid_json"


def test_rest_message_validation(owner: ChatUser) -> None:
    room = create_room(owner)
    response = owner.api.post(f"/rooms/{room['roomId']}/messages", {"content": "x" * 1001, "clientMsgId": "v-1"})
    assert response.status_code == 400
    assert error_of(response) == "content_too_long"
    response = owner.api.post(f"/rooms/{room['roomId']}/messages", ["x"])
    assert response.status_code == 400
    assert error_of(response) == "invalid_body"


@pytest.mark.parametrize("path", ["/nope", "/rooms/x/y/z"])
def test_unknown_route_with_a_token(owner: ChatUser, path: str) -> None:
    response = owner.api.get(path)
    assert response.status_code == 404, response.text
    assert error_of(response) == "route_not_found"


def test_unrouted_method_is_refused(owner: ChatUser) -> None:
    response = owner.api.request("DELETE", "/rooms")
    assert response.status_code in (403, 404, 405), response.text


def test_unknown_route_anonymous(stack: dict[str, Any]) -> None:
    response = Api(stack["rest"], None).get("/definitely/not/here")
    assert response.status_code == 404
    assert error_of(response) == "route_not_found"


def test_opening_a_dm_tells_the_other_users_open_devices(stack: dict[str, Any], owner: ChatUser,
                                                         other: ChatUser) -> None:
    async def scenario() -> None:
        phone = await Socket.open(stack["ws"], other.token)
        laptop = await Socket.open(stack["ws"], other.token)
        response = await asyncio.to_thread(owner.api.post, "/rooms", {"kind": "dm", "memberIds": [other.sub]})
        dm = response.json()
        for device in (phone, laptop):
            added = await device.expect("roomAdded")
            assert added["room"] == dm
        # and the DM's messages reach those already-open sockets without a reconnect
        sent = await asyncio.to_thread(owner.api.post, f"/rooms/{dm['roomId']}/messages",
                                       {"content": "psst", "clientMsgId": "dm-1"})
        for device in (phone, laptop):
            assert (await device.expect("message"))["message"] == sent.json()
        await phone.close()
        await laptop.close()

    asyncio.run(scenario())
