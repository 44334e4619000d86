"""The whole access policy, table-tested through the local stack: every REST route and every
WebSocket action, tried by each kind of caller, allowed or denied as the table says.

The cast, in one public room and one private room owned by ``owner``:
admin (global admin, not a member), moderator (global moderator, not a member), owner,
member, outsider (a plain user, not a member) and banned (a plain user banned from both).
A row names who is allowed; everyone else must be denied with a 403 or 404 (REST) or an
``error`` event (WebSocket) whose code is a denial, never a 5xx or a 400.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import requests
from helpers import Api, ChatUser, Socket, aws_env, create_room, join, post_message, sign_up, unique

from local import bootstrap

ROLES = ("admin", "moderator", "owner", "member", "outsider", "banned")
EVERYONE = frozenset(ROLES)
STAFF = frozenset({"admin", "moderator", "owner"})  # global staff plus the room's owner
MEMBERS = frozenset({"owner", "member"})
DENIAL_CODES = {"forbidden", "not_a_member", "banned", "room_not_found", "room_not_joinable", "not_found",
                "invitation_not_found"}


@dataclass
class Cast:
    stack: dict[str, Any]
    users: dict[str, ChatUser]
    public_room: str
    private_room: str
    extras: list[ChatUser] = field(default_factory=list)

    def fresh_member(self, room_id: str) -> ChatUser:
        """A new plain member of the room (a target for kicks, mutes, bans and role changes)."""
        user = sign_up(self.stack)
        if room_id == self.public_room:
            join(user, room_id)
        else:
            add_to_private(self.users["owner"], user, room_id)
        return user

    def message_by(self, role: str, room_id: str) -> dict[str, Any]:
        response = post_message(self.users[role], room_id, unique("matrix message"))
        assert response.status_code == 201, response.text
        message: dict[str, Any] = response.json()
        return message


def add_to_private(owner: ChatUser, user: ChatUser, room_id: str) -> None:
    """Make ``user`` a member of the owner's private room (an invitation they accept, where
    adding is an invitation)."""
    added = owner.api.post(f"/rooms/{room_id}/members", {"userId": user.sub})
    assert added.status_code in (200, 201), added.text
    accept = user.api.post(f"/rooms/{room_id}/invitation/accept")
    assert accept.status_code in (200, 201, 404), accept.text  # 404: there was no invitation to accept


@pytest.fixture(scope="module")
def cast(stack: dict[str, Any]) -> Cast:
    users = {"admin": sign_up(stack, "admin"), "moderator": sign_up(stack, "moderator"), "owner": sign_up(stack),
             "member": sign_up(stack), "outsider": sign_up(stack), "banned": sign_up(stack)}
    owner = users["owner"]
    public_room = create_room(owner)["roomId"]
    private_room = create_room(owner, "private")["roomId"]
    join(users["member"], public_room)
    join(users["banned"], public_room)
    add_to_private(owner, users["member"], private_room)
    add_to_private(owner, users["banned"], private_room)
    for room_id in (public_room, private_room):
        banned = owner.api.post(f"/rooms/{room_id}/bans", {"userId": users["banned"].sub})
        assert banned.status_code == 201, banned.text
    return Cast(stack, users, public_room, private_room)


# -- REST ------------------------------------------------------------------------------------------
Call = Callable[[Cast, ChatUser, str], requests.Response]


@dataclass(frozen=True)
class Route:
    name: str
    call: Call
    public: frozenset[str]  # allowed in the public room
    private: frozenset[str]  # allowed in the private room


def route(name: str, call: Call, public: frozenset[str], private: frozenset[str] | None = None) -> Route:
    return Route(name, call, public, public if private is None else private)


def in_an_hour() -> str:
    return (datetime.now(UTC) + timedelta(hours=1)).isoformat().replace("+00:00", "Z")


def _kick(c: Cast, u: ChatUser, r: str) -> requests.Response:
    return u.api.post(f"/rooms/{r}/kick", {"userId": c.fresh_member(r).sub})


def _mute(c: Cast, u: ChatUser, r: str) -> requests.Response:
    return u.api.post(f"/rooms/{r}/mutes", {"userId": c.fresh_member(r).sub, "until": in_an_hour()})


def _unmute(c: Cast, u: ChatUser, r: str) -> requests.Response:
    target = c.fresh_member(r)
    muted = c.users["owner"].api.post(f"/rooms/{r}/mutes", {"userId": target.sub, "until": in_an_hour()})
    assert muted.status_code == 201, muted.text
    return u.api.request("DELETE", f"/rooms/{r}/mutes/{target.sub}")


def _ban(c: Cast, u: ChatUser, r: str) -> requests.Response:
    return u.api.post(f"/rooms/{r}/bans", {"userId": c.fresh_member(r).sub})


def _unban(c: Cast, u: ChatUser, r: str) -> requests.Response:
    target = c.fresh_member(r)
    banned = c.users["owner"].api.post(f"/rooms/{r}/bans", {"userId": target.sub})
    assert banned.status_code == 201, banned.text
    return u.api.request("DELETE", f"/rooms/{r}/bans/{target.sub}")


def _appoint(c: Cast, u: ChatUser, r: str) -> requests.Response:
    return u.api.request("PUT", f"/rooms/{r}/members/{c.fresh_member(r).sub}", json={"role": "moderator"})


def _pin(c: Cast, u: ChatUser, r: str) -> requests.Response:
    return u.api.post(f"/rooms/{r}/pins", {"messageId": c.message_by("member", r)["messageId"]})


def _unpin(c: Cast, u: ChatUser, r: str) -> requests.Response:
    message_id = c.message_by("member", r)["messageId"]
    pinned = c.users["owner"].api.post(f"/rooms/{r}/pins", {"messageId": message_id})
    assert pinned.status_code == 201, pinned.text
    return u.api.request("DELETE", f"/rooms/{r}/pins/{message_id}")


def _edit(c: Cast, u: ChatUser, r: str) -> requests.Response:
    message_id = c.message_by("member", r)["messageId"]
    return u.api.request("PATCH", f"/rooms/{r}/messages/{message_id}", json={"content": "edited by the matrix"})


def _delete(c: Cast, u: ChatUser, r: str) -> requests.Response:
    message_id = c.message_by("member", r)["messageId"]
    return u.api.request("DELETE", f"/rooms/{r}/messages/{message_id}")


def _thread(c: Cast, u: ChatUser, r: str) -> requests.Response:
    return u.api.get(f"/rooms/{r}/messages/{c.message_by('member', r)['messageId']}/thread")


def _leave(c: Cast, u: ChatUser, r: str) -> requests.Response:
    if u == c.users["owner"]:  # the owner leaves a room of the same kind, and stays the cast's owner
        kind = "public" if r == c.public_room else "private"
        return u.api.post(f"/rooms/{create_room(u, kind)['roomId']}/leave")
    response = u.api.post(f"/rooms/{r}/leave")
    if response.ok:  # put the cast back as it was
        if r == c.public_room:
            join(u, r)
        else:
            add_to_private(c.users["owner"], u, r)
    return response


def _join(c: Cast, u: ChatUser, r: str) -> requests.Response:
    response = u.api.post(f"/rooms/{r}/join")
    if response.ok and u not in (c.users["owner"], c.users["member"]):  # put the cast back as it was
        assert u.api.post(f"/rooms/{r}/leave").ok
    return response


def _add_member(c: Cast, u: ChatUser, r: str) -> requests.Response:
    return u.api.post(f"/rooms/{r}/members", {"userId": sign_up(c.stack).sub})


READERS = EVERYONE  # a public room is readable by everyone, banned users included
ADMIN = frozenset({"admin"})
NOBODY: frozenset[str] = frozenset()


def _room_leave_many(c: Cast, u: ChatUser, r: str) -> requests.Response:
    """Leaving in bulk: a room of one's own, so the cast stays as it is (every user may)."""
    own = create_room(u)["roomId"]
    return u.api.post("/rooms/leave", {"roomIds": [own]})


def _accept(c: Cast, u: ChatUser, r: str) -> requests.Response:
    """The owner invites the caller, who accepts: only a non-member who is not banned gets in."""
    c.users["owner"].api.post(f"/rooms/{r}/members", {"userId": u.sub})
    response = u.api.post(f"/rooms/{r}/invitation/accept")
    if response.ok:
        assert u.api.post(f"/rooms/{r}/leave").ok  # put the cast back as it was
    return response


def _decline(c: Cast, u: ChatUser, r: str) -> requests.Response:
    c.users["owner"].api.post(f"/rooms/{r}/members", {"userId": u.sub})
    return u.api.post(f"/rooms/{r}/invitation/decline")


def _block(c: Cast, u: ChatUser, r: str) -> requests.Response:
    return u.api.request("PUT", f"/me/blocks/{sign_up(c.stack).sub}")


def _unblock(c: Cast, u: ChatUser, r: str) -> requests.Response:
    target = sign_up(c.stack).sub
    assert u.api.request("PUT", f"/me/blocks/{target}").ok
    return u.api.request("DELETE", f"/me/blocks/{target}")


def _logout(c: Cast, u: ChatUser, r: str) -> requests.Response:
    """A second sign-in of the caller, signed out: the cast's own token stays valid."""
    with aws_env(c.stack):
        second = bootstrap.sign_in(c.stack["region"], c.stack["clientId"], u.name, c.stack["password"])
    return Api(c.stack["rest"], second["IdToken"]).post("/auth/logout", {"refreshToken": second["RefreshToken"]})


def _admin(action: str) -> Call:
    def call(c: Cast, u: ChatUser, r: str) -> requests.Response:
        target = sign_up(c.stack).sub
        if action == "roles":
            return u.api.request("PUT", f"/admin/users/{target}/roles", json={"roles": ["moderator"]})
        return u.api.post(f"/admin/users/{target}/{action}")
    return call


ROUTES = [
    route("GET /config", lambda c, u, r: requests.get(c.stack["rest"] + "/config", timeout=15), EVERYONE),
    route("GET /me", lambda c, u, r: u.api.get("/me"), EVERYONE),
    route("PUT /me/settings", lambda c, u, r: u.api.request("PUT", "/me/settings", json={"sendReceipts": True}),
          EVERYONE),
    route("GET /me/unread", lambda c, u, r: u.api.get("/me/unread"), EVERYONE),
    route("GET /me/invitations", lambda c, u, r: u.api.get("/me/invitations"), EVERYONE),
    route("GET /me/blocks", lambda c, u, r: u.api.get("/me/blocks"), EVERYONE),
    route("PUT /me/blocks/{uid}", _block, EVERYONE),
    route("DELETE /me/blocks/{uid}", _unblock, EVERYONE),
    route("GET /rooms", lambda c, u, r: u.api.get("/rooms", params={"scope": "public"}), EVERYONE),
    route("POST /rooms", lambda c, u, r: u.api.post("/rooms", {"kind": "public", "name": unique("m")}), EVERYONE),
    route("POST /rooms/leave", _room_leave_many, EVERYONE),
    route("GET /search", lambda c, u, r: u.api.get("/search", params={"q": "matrix"}), EVERYONE),
    route("POST /realtime/ticket", lambda c, u, r: u.api.post("/realtime/ticket", {}), EVERYONE),
    route("POST /auth/logout", _logout, EVERYONE),
    route("PUT /admin/users/{uid}/roles", _admin("roles"), ADMIN),
    route("POST /admin/users/{uid}/disable", _admin("disable"), ADMIN),
    route("POST /admin/users/{uid}/enable", _admin("enable"), ADMIN),
    route("POST /admin/users/{uid}/signout", _admin("signout"), ADMIN),
    route("GET /rooms/{rid}", lambda c, u, r: u.api.get(f"/rooms/{r}"), READERS, MEMBERS),
    route("GET /rooms/{rid}/members", lambda c, u, r: u.api.get(f"/rooms/{r}/members"), READERS, MEMBERS),
    route("GET /rooms/{rid}/messages", lambda c, u, r: u.api.get(f"/rooms/{r}/messages"), READERS, MEMBERS),
    route("GET /rooms/{rid}/messages/{mid}/thread", _thread, READERS, MEMBERS),
    route("GET /rooms/{rid}/pins", lambda c, u, r: u.api.get(f"/rooms/{r}/pins"), READERS, MEMBERS),
    route("POST /rooms/{rid}/join", _join, EVERYONE - {"banned"}, MEMBERS),
    route("POST /rooms/{rid}/leave", _leave, MEMBERS),
    route("POST /rooms/{rid}/members", _add_member, STAFF | {"member"}, STAFF),
    route("POST /rooms/{rid}/invitation/accept", _accept, frozenset({"admin", "moderator", "outsider"})),
    route("POST /rooms/{rid}/invitation/decline", _decline, frozenset({"admin", "moderator", "outsider"})),
    route("POST /rooms/{rid}/messages",
          lambda c, u, r: post_message(u, r, unique("matrix post")), MEMBERS),
    route("PATCH /rooms/{rid}/messages/{mid}", _edit, frozenset({"member"})),
    route("DELETE /rooms/{rid}/messages/{mid}", _delete, STAFF | {"member"}),
    route("GET /rooms/{rid}/receipts", lambda c, u, r: u.api.get(f"/rooms/{r}/receipts"), MEMBERS),
    route("GET /rooms/{rid}/presence", lambda c, u, r: u.api.get(f"/rooms/{r}/presence"), MEMBERS),
    route("GET /rooms/{rid}/audit", lambda c, u, r: u.api.get(f"/rooms/{r}/audit"), ADMIN),
    route("PUT /rooms/{rid}/members/{uid}", _appoint, frozenset({"admin", "owner"})),
    route("POST /rooms/{rid}/mutes", _mute, STAFF),
    route("DELETE /rooms/{rid}/mutes/{uid}", _unmute, STAFF),
    route("POST /rooms/{rid}/kick", _kick, STAFF),
    route("GET /rooms/{rid}/bans", lambda c, u, r: u.api.get(f"/rooms/{r}/bans"), STAFF),
    route("POST /rooms/{rid}/bans", _ban, STAFF),
    route("DELETE /rooms/{rid}/bans/{uid}", _unban, STAFF),
    route("POST /rooms/{rid}/pins", _pin, STAFF),
    route("DELETE /rooms/{rid}/pins/{mid}", _unpin, STAFF),
]


def app_routes() -> set[str]:
    """Every ``METHOD /path`` app.py routes (read from its source: importing it would start a Chat)."""
    source = (Path(__file__).resolve().parents[2] / "app.py").read_text()
    found = set()
    for path, methods in re.findall(r'@app\.route\("([^"]+)"(?:, methods=\[([^\]]+)\])?', source):
        for method in re.findall(r'"(\w+)"', methods) or ["GET"]:
            found.add(f"{method} {path}")
    return found


def test_the_matrix_tries_every_rest_route() -> None:
    assert {r.name for r in ROUTES} == app_routes()

def assert_outcome(allowed: bool, status: int, code: str | None, what: str) -> None:
    if allowed:
        assert 200 <= status < 300, f"{what}: expected allowed, got {status} {code}"
    else:
        assert status in (403, 404) and code in DENIAL_CODES, f"{what}: expected denied, got {status} {code}"


@pytest.mark.parametrize("kind", ["public", "private"])
@pytest.mark.parametrize("rest_route", ROUTES, ids=lambda r: r.name)
def test_rest_route_by_role(cast: Cast, rest_route: Route, kind: str) -> None:
    room_id = cast.public_room if kind == "public" else cast.private_room
    allowed = rest_route.public if kind == "public" else rest_route.private
    for role in ROLES:
        response = rest_route.call(cast, cast.users[role], room_id)
        code = response.json().get("error", {}).get("code") if response.content else None
        assert_outcome(role in allowed, response.status_code, code, f"{rest_route.name} ({kind}) as {role}")


# -- WebSocket -------------------------------------------------------------------------------------
Frame = Callable[[Cast, str], dict[str, Any]]


def _message_frame(action: str, **fields: Any) -> Frame:
    def build(c: Cast, r: str) -> dict[str, Any]:
        return {"action": action, "roomId": r, "messageId": c.message_by("member", r)["messageId"], **fields}
    return build


ACTIONS: list[tuple[str, Frame, frozenset[str]]] = [
    ("sendMessage", lambda c, r: {"action": "sendMessage", "roomId": r, "content": unique("ws matrix"),
                                  "clientMsgId": unique("c"), "type": "text"}, MEMBERS),
    ("editMessage", _message_frame("editMessage", content="edited over the socket"), frozenset({"member"})),
    ("deleteMessage", _message_frame("deleteMessage"), STAFF | {"member"}),
    ("react", _message_frame("react", emoji="👍", add=True), MEMBERS),
    ("typing", lambda c, r: {"action": "typing", "roomId": r, "state": "start"}, MEMBERS),
    ("markRead", lambda c, r: {"action": "markRead", "roomId": r, "seq": 1}, MEMBERS),
    ("ackDelivered", lambda c, r: {"action": "ackDelivered", "rooms": [{"roomId": r, "seq": 1}]}, MEMBERS),
    ("resume", lambda c, r: {"action": "resume", "rooms": [{"roomId": r, "afterSeq": 0}]}, READERS),
]


@pytest.fixture(scope="module")
def sockets(cast: Cast) -> Iterator[tuple[asyncio.AbstractEventLoop, dict[str, Socket]]]:
    loop = asyncio.new_event_loop()
    opened = {role: loop.run_until_complete(Socket.open(cast.stack["ws"], cast.users[role].token))
              for role in ROLES}
    try:
        yield loop, opened
    finally:
        for socket in opened.values():
            loop.run_until_complete(socket.close())
        loop.close()


async def answer_to(socket: Socket, frame: dict[str, Any]) -> dict[str, Any]:
    """The frame's own answer: what the socket is sent first once the room's earlier events are
    drained (fan-outs skip the sender, and the roles act one at a time)."""
    with contextlib.suppress(TimeoutError):
        while True:
            await socket.recv_raw(DRAIN_SECONDS)
    frame.setdefault("clientMsgId", unique("m"))
    await socket.send(frame)
    return await socket.recv()


DRAIN_SECONDS = 0.3


@pytest.mark.parametrize("kind", ["public", "private"])
@pytest.mark.parametrize("action", ACTIONS, ids=lambda a: a[0])
def test_websocket_action_by_role(cast: Cast, sockets: tuple[asyncio.AbstractEventLoop, dict[str, Socket]],
                                  action: tuple[str, Frame, frozenset[str]], kind: str) -> None:
    name, build, allowed = action
    room_id = cast.public_room if kind == "public" else cast.private_room
    if kind == "private" and allowed is READERS:
        allowed = MEMBERS
    loop, opened = sockets
    for role in ROLES:
        frame = build(cast, room_id)
        answer = loop.run_until_complete(answer_to(opened[role], frame))
        denied = answer.get("event") == "error" or bool(answer.get("rooms") and any(
            isinstance(room, dict) and room.get("error") for room in answer["rooms"]))
        code = answer.get("error", {}).get("code") if answer.get("event") == "error" else None
        if role in allowed:
            assert not denied, f"{name} ({kind}) as {role}: expected allowed, got {answer}"
        else:
            assert denied and (code is None or code in DENIAL_CODES), \
                f"{name} ({kind}) as {role}: expected denied, got {answer}"
