"""Consent and membership correctness through the local stack: invitations, blocks, batched
leave, the public directory, hidden rooms, random DM ids, and the leave/join/connect races."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from helpers import (
    ChatUser,
    Socket,
    Tables,
    accept,
    add_member,
    create_room,
    error_of,
    invite,
    join,
    post_message,
    unique,
)

DM_NAMESPACE = uuid.UUID("6f1c7a52-3c1e-4f7e-9a59-0c2f6d1c9b11")  # the namespace DM ids used to be derived in


def member_roles(user: ChatUser, room_id: str) -> dict[str, str]:
    response = user.api.get(f"/rooms/{room_id}/members")
    assert response.status_code == 200, response.text
    return {m["userId"]: m["role"] for m in response.json()["members"]}


def pending(user: ChatUser) -> list[str]:
    response = user.api.get("/me/invitations")
    assert response.status_code == 200, response.text
    return [i["roomId"] for i in response.json()["invitations"]]


# -- invitations ---------------------------------------------------------------------------
def test_adding_someone_invites_them_and_nothing_more(owner: ChatUser, other: ChatUser) -> None:
    room = create_room(owner, kind="private")
    invitation = invite(owner, other, room["roomId"])
    assert invitation["roomName"] == room["name"] and invitation["roomKind"] == "private"
    assert invitation["expiresAt"] > invitation["invitedAt"]
    assert member_roles(owner, room["roomId"]) == {owner.sub: "owner"}
    assert room["roomId"] not in [r["roomId"] for r in other.api.get("/rooms").json()["rooms"]]
    assert other.api.get(f"/rooms/{room['roomId']}/messages").status_code == 404  # not a member yet
    assert pending(other) == [room["roomId"]]


def test_declined_invitation_is_gone(owner: ChatUser, other: ChatUser) -> None:
    room = create_room(owner, kind="private")
    invite(owner, other, room["roomId"])
    declined = other.api.post(f"/rooms/{room['roomId']}/invitation/decline")
    assert (declined.status_code, declined.json()) == (200, {"declined": True})
    assert pending(other) == []
    for action in ("accept", "decline"):
        again = other.api.post(f"/rooms/{room['roomId']}/invitation/{action}")
        assert (again.status_code, error_of(again)) == (404, "invitation_not_found")
    assert member_roles(owner, room["roomId"]) == {owner.sub: "owner"}


def test_accept_rechecks_the_ban(owner: ChatUser, other: ChatUser) -> None:
    room = create_room(owner, kind="private")
    invite(owner, other, room["roomId"])
    banned = owner.api.post(f"/rooms/{room['roomId']}/bans", {"userId": other.sub})
    assert banned.status_code == 201, banned.text
    response = other.api.post(f"/rooms/{room['roomId']}/invitation/accept")
    assert (response.status_code, error_of(response)) == (403, "banned")
    assert member_roles(owner, room["roomId"]) == {owner.sub: "owner"}


def test_public_rooms_invite_too(owner: ChatUser, other: ChatUser) -> None:
    """Open sign-up: nobody is put in a room, public or not, without saying yes (or joining)."""
    room = create_room(owner)
    invite(owner, other, room["roomId"])
    assert member_roles(owner, room["roomId"]) == {owner.sub: "owner"}
    accept(other, room["roomId"])
    assert member_roles(owner, room["roomId"]) == {owner.sub: "owner", other.sub: "member"}


def test_re_adding_a_member_never_overwrites_their_role(owner: ChatUser, new_user: Callable[..., ChatUser]) -> None:
    room = create_room(owner, kind="private")
    staff = new_user("moderator")
    again = staff.api.post(f"/rooms/{room['roomId']}/members", {"userId": owner.sub})
    assert (again.status_code, error_of(again)) == (409, "already_member")
    assert member_roles(owner, room["roomId"]) == {owner.sub: "owner"}
    joined = owner.api.post(f"/rooms/{room['roomId']}/join")  # a member "joining" again changes nothing
    assert joined.status_code == 200
    assert member_roles(owner, room["roomId"]) == {owner.sub: "owner"}


def test_invitation_event_reaches_open_sockets_and_accept_subscribes(stack: dict[str, Any], owner: ChatUser,
                                                                     other: ChatUser) -> None:
    room = create_room(owner, kind="private")

    async def scenario() -> None:
        device = await Socket.open(stack["ws"], other.token)
        await device.ping()
        invitation = await asyncio.to_thread(invite, owner, other, room["roomId"])
        assert await device.expect("roomInvited") == {"event": "roomInvited", "invitation": invitation}
        await asyncio.to_thread(accept, other, room["roomId"])
        assert (await device.expect("roomAdded"))["room"]["roomId"] == room["roomId"]
        sent = await asyncio.to_thread(post_message, owner, room["roomId"], "welcome")
        assert (await device.expect("message"))["message"] == sent.json()
        await device.close()

    asyncio.run(scenario())


# -- blocks --------------------------------------------------------------------------------
def test_block_list_and_unblock(owner: ChatUser, other: ChatUser) -> None:
    blocked = owner.api.request("PUT", f"/me/blocks/{other.sub}")
    assert blocked.status_code == 200, blocked.text
    assert (blocked.json()["userId"], blocked.json()["username"]) == (other.sub, other.name)
    assert owner.api.request("PUT", f"/me/blocks/{other.sub}").json() == blocked.json()  # idempotent
    assert owner.api.get("/me/blocks").json() == {"blocks": [blocked.json()]}
    assert owner.api.request("DELETE", f"/me/blocks/{other.sub}").status_code == 200
    gone = owner.api.request("DELETE", f"/me/blocks/{other.sub}")
    assert (gone.status_code, error_of(gone)) == (404, "block_not_found")
    assert owner.api.get("/me/blocks").json() == {"blocks": []}
    itself = owner.api.request("PUT", f"/me/blocks/{owner.sub}")
    assert (itself.status_code, error_of(itself)) == (400, "invalid_user_id")
    nobody = owner.api.request("PUT", "/me/blocks/nobody")
    assert (nobody.status_code, error_of(nobody)) == (404, "user_not_found")


def test_a_blocked_user_cannot_open_a_dm_send_one_or_invite(stack: dict[str, Any], owner: ChatUser,
                                                            other: ChatUser) -> None:
    dm = owner.api.post("/rooms", {"kind": "dm", "memberIds": [other.sub]}).json()
    assert other.api.request("PUT", f"/me/blocks/{owner.sub}").status_code == 200
    reopened = owner.api.post("/rooms", {"kind": "dm", "memberIds": [other.sub]})
    assert (reopened.status_code, error_of(reopened)) == (403, "user_unavailable")
    sent = post_message(owner, dm["roomId"], "hello?")
    assert (sent.status_code, error_of(sent)) == (403, "user_unavailable")
    room = create_room(owner, kind="private")
    invited = owner.api.post(f"/rooms/{room['roomId']}/members", {"userId": other.sub})
    assert (invited.status_code, error_of(invited)) == (403, "user_unavailable")
    refused = owner.api.post("/rooms", {"kind": "private", "name": unique("r"), "memberIds": [other.sub]})
    assert (refused.status_code, error_of(refused)) == (403, "user_unavailable")

    async def over_the_socket() -> None:
        socket = await Socket.open(stack["ws"], owner.token)
        reply = await socket.send_message(dm["roomId"], "psst", "blocked-1")
        assert reply["event"] == "error" and reply["error"]["code"] == "user_unavailable"
        assert reply["clientMsgId"] == "blocked-1"
        await socket.close()

    asyncio.run(over_the_socket())
    assert post_message(other, dm["roomId"], "the blocker may still write").status_code == 201
    assert other.api.request("DELETE", f"/me/blocks/{owner.sub}").status_code == 200
    assert post_message(owner, dm["roomId"], "unblocked").status_code == 201


# -- DMs -----------------------------------------------------------------------------------
def test_dm_ids_are_random_not_derived(owner: ChatUser, other: ChatUser) -> None:
    dm = owner.api.post("/rooms", {"kind": "dm", "memberIds": [other.sub]}).json()
    room_id = uuid.UUID(dm["roomId"])
    assert room_id.version == 4
    assert room_id != uuid.uuid5(DM_NAMESPACE, "|".join(sorted([owner.sub, other.sub])))
    assert other.api.post("/rooms", {"kind": "dm", "memberIds": [owner.sub]}).json()["roomId"] == dm["roomId"]


# -- hidden rooms --------------------------------------------------------------------------
def room_routes(room_id: str, mid: str, uid: str) -> list[tuple[str, str, Any]]:
    base = f"/rooms/{room_id}"
    return [
        ("GET", base, None), ("GET", f"{base}/members", None), ("GET", f"{base}/messages", None),
        ("GET", f"{base}/receipts", None), ("GET", f"{base}/presence", None), ("GET", f"{base}/pins", None),
        ("GET", f"{base}/bans", None), ("GET", f"{base}/audit", None), ("GET", f"{base}/messages/{mid}/thread", None),
        ("POST", f"{base}/join", None), ("POST", f"{base}/leave", None),
        ("POST", f"{base}/messages", {"content": "x", "clientMsgId": "h-1"}),
        ("POST", f"{base}/members", {"userId": uid}), ("PUT", f"{base}/members/{uid}", {"role": "moderator"}),
        ("POST", f"{base}/pins", {"messageId": mid}), ("DELETE", f"{base}/pins/{mid}", None),
        ("POST", f"{base}/kick", {"userId": uid}), ("POST", f"{base}/bans", {"userId": uid}),
        ("DELETE", f"{base}/bans/{uid}", None), ("DELETE", f"{base}/mutes/{uid}", None),
        ("POST", f"{base}/mutes", {"userId": uid, "until": "2099-01-01T00:00:00Z"}),
        ("GET", f"/search?q=hello&roomId={room_id}", None),
    ]


@pytest.mark.parametrize("kind", ["private", "dm"])
def test_a_hidden_room_answers_exactly_like_an_unknown_room(stack: dict[str, Any], owner: ChatUser,
                                                            other: ChatUser, new_user: Callable[..., ChatUser],
                                                            kind: str) -> None:
    if kind == "dm":
        hidden = owner.api.post("/rooms", {"kind": "dm", "memberIds": [other.sub]}).json()["roomId"]
    else:
        hidden = create_room(owner, kind="private")["roomId"]
    assert post_message(owner, hidden, "hello").status_code == 201
    outsider = new_user()
    unknown = str(uuid.uuid4())
    mid = str(uuid.uuid4())
    for (method, path, body), (_, unknown_path, _) in zip(room_routes(hidden, mid, owner.sub),
                                                          room_routes(unknown, mid, owner.sub), strict=True):
        seen = outsider.api.request(method, path, json=body)
        expected = outsider.api.request(method, unknown_path, json=body)
        assert seen.status_code == expected.status_code, (method, path, seen.text, expected.text)
        assert seen.json() == expected.json(), (method, path)

    async def over_the_socket() -> None:
        socket = await Socket.open(stack["ws"], outsider.token)
        for room_id in (hidden, unknown):
            reply = await socket.send_message(room_id, "sneaky", f"s-{room_id}")
            assert reply["event"] == "error" and reply["error"]["code"] == "room_not_found", reply
            await socket.send({"action": "typing", "roomId": room_id, "state": "start"})
            assert (await socket.expect("error"))["error"]["code"] == "room_not_found"
        await socket.close()

    asyncio.run(over_the_socket())


# -- sequence numbers ----------------------------------------------------------------------
def test_a_refused_send_does_not_bump_last_seq(stack: dict[str, Any], owner: ChatUser, other: ChatUser) -> None:
    room = create_room(owner)
    assert post_message(owner, room["roomId"], "one").status_code == 201
    before = owner.api.get(f"/rooms/{room['roomId']}").json()["lastSeq"]
    refused = post_message(other, room["roomId"], "not a member")
    assert (refused.status_code, error_of(refused)) == (403, "not_a_member")

    async def over_the_socket() -> None:
        socket = await Socket.open(stack["ws"], other.token)
        reply = await socket.send_message(room["roomId"], "nor here", "nm-seq")
        assert reply["error"]["code"] == "not_a_member"
        await socket.close()

    asyncio.run(over_the_socket())
    assert owner.api.get(f"/rooms/{room['roomId']}").json()["lastSeq"] == before
    sent = post_message(owner, room["roomId"], "two").json()
    assert sent["seq"] == before + 1


# -- leave / join --------------------------------------------------------------------------
def test_history_and_members_are_refused_right_after_leaving(owner: ChatUser, other: ChatUser) -> None:
    room = create_room(owner, kind="private")
    add_member(owner, other, room["roomId"])
    for _ in range(3):  # warm every container's view of the membership
        assert other.api.get(f"/rooms/{room['roomId']}/messages").status_code == 200
        assert other.api.get(f"/rooms/{room['roomId']}/members").status_code == 200
    assert other.api.post(f"/rooms/{room['roomId']}/leave").status_code == 200
    for path in ("/messages", "/members", ""):
        response = other.api.get(f"/rooms/{room['roomId']}{path}")
        assert (response.status_code, error_of(response)) == (404, "room_not_found"), path


def test_join_right_after_leave_works(stack: dict[str, Any], owner: ChatUser, other: ChatUser) -> None:
    room = create_room(owner)
    for _ in range(3):
        join(other, room["roomId"])
        assert other.api.get(f"/rooms/{room['roomId']}/members").status_code == 200
        assert other.api.post(f"/rooms/{room['roomId']}/leave").status_code == 200
    join(other, room["roomId"])
    assert member_roles(owner, room["roomId"]) == {owner.sub: "owner", other.sub: "member"}
    assert post_message(other, room["roomId"], "back again").status_code == 201

    async def live() -> None:
        socket = await Socket.open(stack["ws"], other.token)
        sent = await asyncio.to_thread(post_message, owner, room["roomId"], "still hear me?")
        assert (await socket.expect("message"))["message"] == sent.json()
        await socket.close()

    asyncio.run(live())


def test_leave_many_rooms_in_one_call(stack: dict[str, Any], owner: ChatUser, other: ChatUser) -> None:
    rooms = [create_room(owner)["roomId"] for _ in range(3)]
    for room_id in rooms:
        join(other, room_id)
    stranger = create_room(owner)["roomId"]  # not a member: skipped
    unknown = str(uuid.uuid4())

    async def scenario() -> None:
        socket = await Socket.open(stack["ws"], other.token)
        response = await asyncio.to_thread(other.api.post, "/rooms/leave",
                                           {"roomIds": [*rooms, stranger, unknown, rooms[0]]})
        assert response.status_code == 200, response.text
        assert response.json() == {"left": rooms}
        for room_id in rooms:
            await asyncio.to_thread(post_message, owner, room_id, "gone?")
        await socket.silent()
        await socket.close()

    asyncio.run(scenario())
    assert [r["roomId"] for r in other.api.get("/rooms").json()["rooms"]] == []
    assert other.api.post("/rooms/leave", {"roomIds": [str(uuid.uuid4()) for _ in range(101)]}).status_code == 400
    assert error_of(other.api.post("/rooms/leave", {"roomIds": []})) == "invalid_room_ids"
    assert error_of(other.api.post("/rooms/leave", {"roomIds": ["nope"]})) == "invalid_room_ids"


def test_a_socket_opened_while_leaving_does_not_keep_the_room(stack: dict[str, Any], tables: Tables,
                                                              owner: ChatUser, other: ChatUser) -> None:
    """Race $connect against leaving: afterwards no socket of the user may still be subscribed
    to a room they left (before the fix: 30 of 30 races kept it). Many rooms widen the window
    between $connect reading the memberships and writing its subscriptions."""
    rooms = [create_room(owner)["roomId"] for _ in range(60)]

    def stale() -> dict[str, set[str]]:
        mine = set(tables.connection_ids_of(other.sub))
        kept = {room_id: mine & set(tables.room_connection_ids(room_id)) for room_id in rooms}
        return {room_id: ids for room_id, ids in kept.items() if ids}

    async def race() -> dict[str, set[str]]:
        for room_id in rooms:
            await asyncio.to_thread(join, other, room_id)
        leaving = asyncio.create_task(asyncio.to_thread(other.api.post, "/rooms/leave", {"roomIds": rooms}))
        sockets = await asyncio.gather(*(Socket.open(stack["ws"], other.token) for _ in range(3)))
        assert (await leaving).status_code == 200
        kept = await asyncio.to_thread(stale)
        for socket in sockets:
            await socket.close()
        return kept

    for _ in range(3):
        assert asyncio.run(race()) == {}


# -- public directory ----------------------------------------------------------------------
def test_public_directory_pages_and_searches(owner: ChatUser, other: ChatUser) -> None:
    tag = unique("Dir").replace("-", "")
    made = [owner.api.post("/rooms", {"name": f"{tag} Room {i}"}).json()["roomId"] for i in range(5)]
    create_room(owner, kind="private", name=f"{tag} hidden")
    seen: list[str] = []
    cursor = None
    for _ in range(10):
        params: dict[str, Any] = {"scope": "public", "limit": 2, "q": tag.lower()}
        if cursor:
            params["cursor"] = cursor
        page = other.api.get("/rooms", params=params)
        assert page.status_code == 200, page.text
        assert len(page.json()["rooms"]) <= 2
        seen += [r["roomId"] for r in page.json()["rooms"]]
        cursor = page.json()["nextCursor"]
        if not cursor:
            break
    assert seen == list(reversed(made))  # newest first, no overlap, no private room
    middle = other.api.get("/rooms", params={"scope": "public", "q": f"  {tag.upper()}  ROOM 3"}).json()
    assert [r["roomId"] for r in middle["rooms"]] == [made[3]]  # case-insensitive substring
    newest = other.api.get("/rooms", params={"scope": "public", "limit": 1}).json()
    assert len(newest["rooms"]) == 1 and newest["nextCursor"]
    for bad in ("nope", "eyJhZnRlciI6ICJ4In0"):
        response = other.api.get("/rooms", params={"scope": "public", "cursor": bad})
        assert (response.status_code, error_of(response)) == (400, "invalid_cursor")
    response = other.api.get("/rooms", params={"scope": "public", "limit": 0})
    assert (response.status_code, error_of(response)) == (400, "invalid_limit")
