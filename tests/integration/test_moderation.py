"""Moderation through the local stack: mutes, kicks, bans, pins, appointment, ranks and the audit,
with real WebSocket clients for every event and denial."""

from __future__ import annotations

import asyncio
import json
import time
import urllib.request
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from helpers import ChatUser, Socket, Tables, create_room, error_of, join, post_message, unique

Users = Callable[..., ChatUser]


@pytest.fixture
def staffed_room(new_user: Users) -> tuple[ChatUser, ChatUser, ChatUser, str]:
    """A public room: its owner, a room moderator the owner appointed, and a plain member."""
    owner, moderator, member = new_user(), new_user(), new_user()
    room_id = create_room(owner)["roomId"]
    join(moderator, room_id)
    join(member, room_id)
    appointed = owner.api.request("PUT", f"/rooms/{room_id}/members/{moderator.sub}", json={"role": "moderator"})
    assert appointed.status_code == 200, appointed.text
    assert appointed.json()["role"] == "moderator"
    return owner, moderator, member, room_id


def in_minutes(minutes: float) -> str:
    return (datetime.now(UTC) + timedelta(minutes=minutes)).isoformat().replace("+00:00", "Z")


def posted(user: ChatUser, room_id: str, content: str) -> dict[str, Any]:
    response = post_message(user, room_id, content)
    assert response.status_code == 201, response.text
    message: dict[str, Any] = response.json()
    return message


def audit_rows(admin: ChatUser, room_id: str) -> list[tuple[str, str | None, str | None, str | None]]:
    """(action, targetUserId, messageId, previousContent), oldest first."""
    response = admin.api.get(f"/rooms/{room_id}/audit")
    assert response.status_code == 200, response.text
    records = response.json()["records"]
    return [(r["action"], r["targetUserId"], r["messageId"], r["previousContent"]) for r in reversed(records)]


def members_of(user: ChatUser, room_id: str) -> dict[str, dict[str, Any]]:
    return {m["userId"]: m for m in user.api.get(f"/rooms/{room_id}/members").json()["members"]}


def dynamodb_calls(info: dict[str, Any]) -> int:
    """DynamoDB calls so far, less the search indexer's BatchWriteItem: it runs from the Messages
    stream, after and apart from the send, and would land in the window at random."""
    with urllib.request.urlopen(f"{info['moto']}/_local/calls", timeout=5) as response:
        calls: dict[str, int] = json.loads(response.read())
    return sum(count for name, count in calls.items()
               if name.startswith("dynamodb.") and name != "dynamodb.BatchWriteItem")


# -- mutes ---------------------------------------------------------------------------------------
def test_a_muted_member_cannot_send_edit_or_react_until_unmuted(
        stack: dict[str, Any], staffed_room: tuple[ChatUser, ChatUser, ChatUser, str], alice: ChatUser) -> None:
    owner, moderator, member, room_id = staffed_room
    before = posted(member, room_id, "said before the mute")
    until = in_minutes(10)
    muted = moderator.api.post(f"/rooms/{room_id}/mutes", {"userId": member.sub, "until": until})
    assert muted.status_code == 201, muted.text
    assert muted.json()["userId"] == member.sub and muted.json()["until"].endswith("Z")
    assert members_of(owner, room_id)[member.sub]["muteUntil"] == muted.json()["until"]
    assert members_of(owner, room_id)[owner.sub]["muteUntil"] is None

    async def refused() -> None:
        socket = await Socket.open(stack["ws"], member.token)
        send = await socket.send_message(room_id, "let me speak")
        assert send["event"] == "error" and send["error"]["code"] == "muted", send
        assert muted.json()["until"] in send["error"]["message"]  # says until when
        await socket.send({"action": "editMessage", "roomId": room_id, "messageId": before["messageId"],
                           "content": "edited"})
        assert (await socket.expect("error"))["error"]["code"] == "muted"
        await socket.send({"action": "react", "roomId": room_id, "messageId": before["messageId"],
                           "emoji": "👍", "add": True})
        assert (await socket.expect("error"))["error"]["code"] == "muted"
        await socket.close()

    asyncio.run(refused())
    rest = post_message(member, room_id, "over REST")
    assert (rest.status_code, error_of(rest)) == (403, "muted")
    edit = member.api.request("PATCH", f"/rooms/{room_id}/messages/{before['messageId']}", json={"content": "x"})
    assert (edit.status_code, error_of(edit)) == (403, "muted")
    history = owner.api.get(f"/rooms/{room_id}/messages").json()["messages"]
    assert [m["content"] for m in history if m["userId"] == member.sub] == ["said before the mute"]  # nothing lost

    unmuted = owner.api.request("DELETE", f"/rooms/{room_id}/mutes/{member.sub}")
    assert unmuted.status_code == 200 and unmuted.json() == {"userId": member.sub, "until": None}
    assert posted(member, room_id, "free again")["content"] == "free again"
    assert audit_rows(alice, room_id) == [("appoint", moderator.sub, None, None),  # the fixture's
                                          ("mute", member.sub, None, None), ("unmute", member.sub, None, None)]


def test_a_mute_ends_by_itself_at_until(staffed_room: tuple[ChatUser, ChatUser, ChatUser, str]) -> None:
    owner, _, member, room_id = staffed_room
    muted = owner.api.post(f"/rooms/{room_id}/mutes", {"userId": member.sub, "until": in_minutes(0.05)})
    assert muted.status_code == 201, muted.text
    assert error_of(post_message(member, room_id, "too soon")) == "muted"
    time.sleep(3.5)
    assert post_message(member, room_id, "later").status_code == 201
    assert members_of(owner, room_id)[member.sub]["muteUntil"] is None


@pytest.mark.parametrize(("body", "code"), [
    ({"until": "2030-01-01T00:00:00Z"}, "missing_field"),
    ({"userId": "MEMBER", "until": "2001-01-01T00:00:00Z"}, "invalid_until"),  # past
    ({"userId": "MEMBER", "until": "NEXT_YEAR"}, "invalid_until"),  # beyond 30 days
    ({"userId": "MEMBER", "until": "2030-01-01T00:00:00"}, "invalid_until"),  # no zone
    ({"userId": "MEMBER", "until": "soon"}, "invalid_until"),
])
def test_a_bad_mute_is_a_clear_400(staffed_room: tuple[ChatUser, ChatUser, ChatUser, str],
                                   body: dict[str, str], code: str) -> None:
    owner, _, member, room_id = staffed_room
    next_year = (datetime.now(UTC) + timedelta(days=365)).isoformat()
    body = {k: member.sub if v == "MEMBER" else next_year if v == "NEXT_YEAR" else v for k, v in body.items()}
    response = owner.api.post(f"/rooms/{room_id}/mutes", body)
    assert (response.status_code, error_of(response)) == (400, code)


def test_muting_a_non_member_is_404(staffed_room: tuple[ChatUser, ChatUser, ChatUser, str], new_user: Users) -> None:
    owner, _, _, room_id = staffed_room
    response = owner.api.post(f"/rooms/{room_id}/mutes", {"userId": new_user().sub, "until": in_minutes(5)})
    assert (response.status_code, error_of(response)) == (404, "member_not_found")


def test_a_plain_send_still_costs_five_dynamodb_calls(stack: dict[str, Any],
                                                      staffed_room: tuple[ChatUser, ChatUser, ChatUser, str]) -> None:
    """The mute rides on the membership row the send reads anyway."""
    _, _, member, room_id = staffed_room
    posted(member, room_id, "warm up")  # the container's caches
    time.sleep(0.5)
    before = dynamodb_calls(stack)
    posted(member, room_id, "counted")
    time.sleep(0.5)  # the fan-out's Query runs after the answer
    assert dynamodb_calls(stack) - before == 5


# -- kicks -----------------------------------------------------------------------------------------
def test_a_kicked_members_open_socket_stops_receiving_at_once(
        stack: dict[str, Any], tables: Tables, staffed_room: tuple[ChatUser, ChatUser, ChatUser, str],
        alice: ChatUser) -> None:
    owner, moderator, member, room_id = staffed_room

    async def scenario() -> None:
        socket = await Socket.open(stack["ws"], member.token)
        posted(owner, room_id, "before the kick")
        assert (await socket.expect("message"))["message"]["content"] == "before the kick"
        kicked = await asyncio.to_thread(moderator.api.post, f"/rooms/{room_id}/kick", {"userId": member.sub})
        assert kicked.status_code == 200, kicked.text
        assert await socket.expect("roomRemoved") == {"event": "roomRemoved", "roomId": room_id, "reason": "kicked"}
        sockets = set(await asyncio.to_thread(tables.connection_ids_of, member.sub))
        assert sockets and not sockets & set(await asyncio.to_thread(tables.room_connection_ids, room_id))
        await asyncio.to_thread(posted, owner, room_id, "right after the kick")
        await socket.silent(1.0)
        denied = await socket.send_message(room_id, "still here?")
        assert denied["event"] == "error" and denied["error"]["code"] == "not_a_member"
        join(member, room_id)  # a public room may be joined again
        assert (await socket.expect("roomAdded"))["room"]["roomId"] == room_id
        await asyncio.to_thread(posted, owner, room_id, "welcome back")
        assert (await socket.expect("message"))["message"]["content"] == "welcome back"
        await socket.close()

    asyncio.run(scenario())
    assert ("kick", member.sub, None, None) in audit_rows(alice, room_id)


# -- bans ------------------------------------------------------------------------------------------
def test_a_banned_member_is_removed_and_cannot_rejoin_or_be_added_until_unbanned(
        stack: dict[str, Any], staffed_room: tuple[ChatUser, ChatUser, ChatUser, str], alice: ChatUser) -> None:
    owner, moderator, member, room_id = staffed_room

    async def scenario() -> dict[str, Any]:
        socket = await Socket.open(stack["ws"], member.token)
        banned = await asyncio.to_thread(moderator.api.post, f"/rooms/{room_id}/bans",
                                         {"userId": member.sub, "reason": "spam"})
        assert banned.status_code == 201, banned.text
        assert await socket.expect("roomRemoved") == {"event": "roomRemoved", "roomId": room_id, "reason": "banned"}
        await asyncio.to_thread(posted, owner, room_id, "after the ban")
        await socket.silent(1.0)
        await socket.close()
        ban: dict[str, Any] = banned.json()
        return ban

    ban = asyncio.run(scenario())
    assert (ban["userId"], ban["username"], ban["reason"], ban["bannedBy"]) == (
        member.sub, member.name, "spam", moderator.sub)
    assert member.sub not in members_of(owner, room_id)
    rejoin = member.api.post(f"/rooms/{room_id}/join")
    assert (rejoin.status_code, error_of(rejoin)) == (403, "banned")
    readd = owner.api.post(f"/rooms/{room_id}/members", {"userId": member.sub})
    assert (readd.status_code, error_of(readd)) == (403, "banned")
    assert [b["userId"] for b in owner.api.get(f"/rooms/{room_id}/bans").json()["bans"]] == [member.sub]

    unbanned = owner.api.request("DELETE", f"/rooms/{room_id}/bans/{member.sub}")
    assert unbanned.status_code == 200, unbanned.text
    again = owner.api.request("DELETE", f"/rooms/{room_id}/bans/{member.sub}")
    assert (again.status_code, error_of(again)) == (404, "ban_not_found")
    join(member, room_id)
    assert owner.api.get(f"/rooms/{room_id}/bans").json()["bans"] == []
    assert [row[:2] for row in audit_rows(alice, room_id)][1:] == [("ban", member.sub), ("unban", member.sub)]


def test_a_non_member_can_be_banned_before_joining(staffed_room: tuple[ChatUser, ChatUser, ChatUser, str],
                                                    new_user: Users) -> None:
    owner, _, _, room_id = staffed_room
    stranger = new_user()
    assert owner.api.post(f"/rooms/{room_id}/bans", {"userId": stranger.sub}).status_code == 201
    response = stranger.api.post(f"/rooms/{room_id}/join")
    assert (response.status_code, error_of(response)) == (403, "banned")


# -- denials: plain members and ranks ------------------------------------------------------------------
def test_a_plain_member_attempting_each_moderator_action_is_forbidden(
        stack: dict[str, Any], staffed_room: tuple[ChatUser, ChatUser, ChatUser, str], new_user: Users) -> None:
    owner, _, member, room_id = staffed_room
    other = new_user()
    join(other, room_id)
    message = posted(owner, room_id, "pin me")
    attempts = [
        ("POST", f"/rooms/{room_id}/mutes", {"userId": other.sub, "until": in_minutes(5)}),
        ("DELETE", f"/rooms/{room_id}/mutes/{other.sub}", None),
        ("POST", f"/rooms/{room_id}/kick", {"userId": other.sub}),
        ("POST", f"/rooms/{room_id}/bans", {"userId": other.sub}),
        ("DELETE", f"/rooms/{room_id}/bans/{other.sub}", None),
        ("GET", f"/rooms/{room_id}/bans", None),
        ("POST", f"/rooms/{room_id}/pins", {"messageId": message["messageId"]}),
        ("DELETE", f"/rooms/{room_id}/pins/{message['messageId']}", None),
        ("PUT", f"/rooms/{room_id}/members/{other.sub}", {"role": "moderator"}),
    ]
    for method, path, body in attempts:
        response = member.api.request(method, path, json=body)
        assert (response.status_code, error_of(response)) == (403, "forbidden"), (method, path)
    assert members_of(owner, room_id)[other.sub]["role"] == "member"
    assert post_message(other, room_id, "unharmed").status_code == 201


def test_staff_cannot_act_on_an_equal_or_higher_rank(
        staffed_room: tuple[ChatUser, ChatUser, ChatUser, str], new_user: Users, alice: ChatUser,
        carol: ChatUser) -> None:
    owner, moderator, member, room_id = staffed_room
    second_moderator = new_user()
    join(second_moderator, room_id)
    assert owner.api.request("PUT", f"/rooms/{room_id}/members/{second_moderator.sub}",
                             json={"role": "moderator"}).status_code == 200
    join(alice, room_id)  # a global admin, as a plain member of the room
    for target in (owner, alice, second_moderator, moderator):
        for method, path, body in (
                ("POST", f"/rooms/{room_id}/mutes", {"userId": target.sub, "until": in_minutes(5)}),
                ("POST", f"/rooms/{room_id}/kick", {"userId": target.sub}),
                ("POST", f"/rooms/{room_id}/bans", {"userId": target.sub})):
            response = moderator.api.request(method, path, json=body)
            assert (response.status_code, error_of(response)) == (403, "forbidden"), (target.name, path)
    owner_on_admin = owner.api.post(f"/rooms/{room_id}/kick", {"userId": alice.sub})
    assert (owner_on_admin.status_code, error_of(owner_on_admin)) == (403, "forbidden")
    demote_owner = alice.api.request("PUT", f"/rooms/{room_id}/members/{owner.sub}", json={"role": "member"})
    assert (demote_owner.status_code, error_of(demote_owner)) == (403, "forbidden")
    by_moderator = moderator.api.request("PUT", f"/rooms/{room_id}/members/{member.sub}", json={"role": "moderator"})
    assert (by_moderator.status_code, error_of(by_moderator)) == (403, "forbidden")
    # downward works: a room moderator on a member, a global moderator (not in the room) on the owner
    assert moderator.api.post(f"/rooms/{room_id}/mutes", {"userId": member.sub, "until": in_minutes(5)}
                              ).status_code == 201
    assert carol.api.post(f"/rooms/{room_id}/mutes", {"userId": owner.sub, "until": in_minutes(5)}).status_code == 201
    dismissed = owner.api.request("PUT", f"/rooms/{room_id}/members/{second_moderator.sub}", json={"role": "member"})
    assert dismissed.status_code == 200 and dismissed.json()["role"] == "member"
    actions = [row[:2] for row in audit_rows(alice, room_id)]
    assert actions == [("appoint", moderator.sub), ("appoint", second_moderator.sub), ("mute", member.sub),
                       ("mute", owner.sub), ("dismiss", second_moderator.sub)]


def test_a_direct_message_has_no_moderation(new_user: Users) -> None:
    one, two = new_user(), new_user()
    dm = one.api.post("/rooms", {"kind": "dm", "memberIds": [two.sub]}).json()
    response = one.api.post(f"/rooms/{dm['roomId']}/kick", {"userId": two.sub})
    assert (response.status_code, error_of(response)) == (403, "forbidden")


# -- pins ----------------------------------------------------------------------------------------------
def test_pins_are_listed_and_fanned_out(stack: dict[str, Any], staffed_room: tuple[ChatUser, ChatUser, ChatUser, str],
                                        alice: ChatUser) -> None:
    owner, moderator, member, room_id = staffed_room
    first, second = posted(member, room_id, "first"), posted(member, room_id, "second")

    async def pin(message: dict[str, Any]) -> Any:
        socket = await Socket.open(stack["ws"], member.token)
        response = await asyncio.to_thread(moderator.api.post, f"/rooms/{room_id}/pins",
                                           {"messageId": message["messageId"]})
        assert await socket.expect("pinsChanged") == {"event": "pinsChanged", "roomId": room_id}
        await socket.close()
        return response

    pinned = asyncio.run(pin(first))
    assert pinned.status_code == 201, pinned.text
    assert (pinned.json()["message"]["messageId"], pinned.json()["pinnedBy"]) == (first["messageId"], moderator.sub)
    assert asyncio.run(pin(second)).status_code == 201
    again = moderator.api.post(f"/rooms/{room_id}/pins", {"messageId": first["messageId"]})
    assert again.status_code == 200 and again.json()["pinnedAt"] == pinned.json()["pinnedAt"]

    pins = member.api.get(f"/rooms/{room_id}/pins").json()["pins"]
    assert [p["message"]["content"] for p in pins] == ["second", "first"]  # newest pin first

    async def unpin() -> Any:
        socket = await Socket.open(stack["ws"], member.token)
        response = await asyncio.to_thread(owner.api.request, "DELETE", f"/rooms/{room_id}/pins/{second['messageId']}")
        assert await socket.expect("pinsChanged") == {"event": "pinsChanged", "roomId": room_id}
        await socket.close()
        return response

    assert asyncio.run(unpin()).status_code == 200
    gone = owner.api.request("DELETE", f"/rooms/{room_id}/pins/{second['messageId']}")
    assert (gone.status_code, error_of(gone)) == (404, "pin_not_found")
    assert [p["message"]["content"] for p in member.api.get(f"/rooms/{room_id}/pins").json()["pins"]] == ["first"]

    missing = owner.api.post(f"/rooms/{room_id}/pins", {"messageId": "00000000-0000-4000-8000-000000000000"})
    assert (missing.status_code, error_of(missing)) == (404, "message_not_found")
    bad = owner.api.post(f"/rooms/{room_id}/pins", {"messageId": "not-a-uuid"})
    assert (bad.status_code, error_of(bad)) == (400, "invalid_message_id")
    deleted = posted(member, room_id, "soon gone")
    assert member.api.request("DELETE", f"/rooms/{room_id}/messages/{deleted['messageId']}").status_code == 200
    tombstone = owner.api.post(f"/rooms/{room_id}/pins", {"messageId": deleted["messageId"]})
    assert (tombstone.status_code, error_of(tombstone)) == (409, "message_deleted")

    rows = [row for row in audit_rows(alice, room_id) if row[0] in ("pin", "unpin")]
    assert rows == [("pin", None, first["messageId"], None), ("pin", None, second["messageId"], None),
                    ("unpin", None, second["messageId"], None)]


def test_pins_of_a_private_room_are_for_members(new_user: Users) -> None:
    owner, stranger = new_user(), new_user()
    room = create_room(owner, kind="private", name=unique("private"))
    response = stranger.api.get(f"/rooms/{room['roomId']}/pins")
    assert (response.status_code, error_of(response)) == (404, "room_not_found")  # hidden: like an unknown room
