"""Revocation reaches live sockets: logout, sign-out everywhere, an admin's disable, sign-out and
role change, a ban, and an expired token, each through the local stack with real sockets."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from typing import Any

import jwt
import pytest
import requests
from botocore.exceptions import ClientError
from helpers import (
    Api,
    ChatUser,
    Socket,
    Tables,
    aws_client,
    aws_env,
    create_room,
    error_of,
    eventually_async,
    join,
    post_message,
)
from test_access import GENERIC_401, resigned

from local import bootstrap, client

Users = Callable[..., ChatUser]
CLOSED_WITHIN = 5.0  # seconds: "within seconds"


def tokens(stack: dict[str, Any], user: ChatUser) -> dict[str, Any]:
    """A fresh sign-in of the user: IdToken, AccessToken, RefreshToken."""
    with aws_env(stack):
        return bootstrap.sign_in(stack["region"], stack["clientId"], user.name, stack["password"])


def refresh(stack: dict[str, Any], refresh_token: str) -> dict[str, Any]:
    cognito = aws_client(stack, "cognito-idp")
    result: dict[str, Any] = cognito.initiate_auth(ClientId=stack["clientId"], AuthFlow="REFRESH_TOKEN_AUTH",
                                                   AuthParameters={"REFRESH_TOKEN": refresh_token})
    return result


def ticket_status(stack: dict[str, Any], token: str) -> int:
    """200 when the token gets a ticket; a refusal is always the generic 401 body."""
    try:
        client.ticket(stack["rest"], token)
    except client.TicketRefused as refused:
        assert json.loads(refused.body) == GENERIC_401
        return refused.status
    return 200


async def closed_soon(socket: Socket) -> float:
    """Seconds until the server closed the socket (fails after CLOSED_WITHIN)."""
    started = time.monotonic()
    await socket.wait_closed(CLOSED_WITHIN)
    assert socket.connection.close_code is not None, "the socket is still open"
    return time.monotonic() - started


def test_logout_revokes_the_refresh_token_and_closes_the_users_sockets(stack: dict[str, Any],
                                                                       new_user: Users) -> None:
    user = new_user()
    session = tokens(stack, user)
    assert refresh(stack, session["RefreshToken"])["AuthenticationResult"]["IdToken"]  # usable before

    async def scenario() -> None:
        phone, laptop = await Socket.open(stack["ws"], user.token), await Socket.open(stack["ws"], user.token)
        out = await asyncio.to_thread(user.api.post, "/auth/logout", {"refreshToken": session["RefreshToken"]})
        assert out.status_code == 200, out.text
        assert out.json() == {"loggedOut": True, "everywhere": False}
        await asyncio.gather(closed_soon(phone), closed_soon(laptop))

    asyncio.run(scenario())
    with pytest.raises(ClientError) as revoked:
        refresh(stack, session["RefreshToken"])
    assert revoked.value.response["Error"]["Code"] == "NotAuthorizedException"


def test_logout_everywhere_also_stops_old_tokens_from_getting_tickets(stack: dict[str, Any], new_user: Users) -> None:
    user = new_user()
    session = tokens(stack, user)
    other_device = tokens(stack, user)

    async def scenario() -> None:
        socket = await Socket.open(stack["ws"], other_device["IdToken"])
        out = await asyncio.to_thread(user.api.post, "/auth/logout",
                                      {"refreshToken": session["RefreshToken"], "everywhere": True})
        assert out.status_code == 200, out.text
        await closed_soon(socket)

    asyncio.run(scenario())
    assert ticket_status(stack, other_device["IdToken"]) == 401
    with pytest.raises(ClientError):
        refresh(stack, other_device["RefreshToken"])  # AdminUserGlobalSignOut: every refresh token
    time.sleep(1.1)  # tokens issued in the revocation's second count as before it
    assert ticket_status(stack, tokens(stack, user)["IdToken"]) == 200  # signing in again works


@pytest.mark.parametrize(("body", "code"), [({}, "missing_field"), ({"refreshToken": ""}, "invalid_refresh_token"),
                                           ({"refreshToken": 5}, "invalid_refresh_token"),
                                           ({"refreshToken": "x", "everywhere": []}, "invalid_everywhere")])
def test_a_bad_logout_body_is_a_400(new_user: Users, body: dict[str, Any], code: str) -> None:
    response = new_user().api.post("/auth/logout", body)
    assert (response.status_code, error_of(response)) == (400, code)


def test_an_admin_disables_a_user_whose_sockets_close_and_who_gets_no_ticket(stack: dict[str, Any], alice: ChatUser,
                                                                             new_user: Users) -> None:
    user = new_user()

    async def scenario() -> None:
        socket = await Socket.open(stack["ws"], user.token)
        out = await asyncio.to_thread(alice.api.post, f"/admin/users/{user.sub}/disable")
        assert out.status_code == 200, out.text
        assert out.json() == {"userId": user.sub, "enabled": False}
        await closed_soon(socket)

    asyncio.run(scenario())
    assert ticket_status(stack, user.token) == 401
    with pytest.raises(ClientError):
        tokens(stack, user)  # Cognito refuses a disabled user's sign-in
    enabled = alice.api.post(f"/admin/users/{user.sub}/enable")
    assert enabled.json() == {"userId": user.sub, "enabled": True}
    assert ticket_status(stack, user.token) == 401  # the old token stays refused
    time.sleep(1.1)
    assert ticket_status(stack, tokens(stack, user)["IdToken"]) == 200


def test_an_admins_sign_out_closes_the_users_sockets(stack: dict[str, Any], alice: ChatUser, new_user: Users) -> None:
    user = new_user()

    async def scenario() -> None:
        socket = await Socket.open(stack["ws"], user.token)
        out = await asyncio.to_thread(alice.api.post, f"/admin/users/{user.sub}/signout")
        assert out.status_code == 200, out.text
        await closed_soon(socket)

    asyncio.run(scenario())
    assert ticket_status(stack, user.token) == 401


def test_a_role_change_reaches_cognito_and_the_users_live_sockets(stack: dict[str, Any], alice: ChatUser,
                                                                  new_user: Users, tables: Tables) -> None:
    user = new_user()

    async def scenario() -> None:
        socket = await Socket.open(stack["ws"], user.token)
        out = await asyncio.to_thread(alice.api.request, "PUT", f"/admin/users/{user.sub}/roles",
                                      json={"roles": ["moderator"]})
        assert out.status_code == 200, out.text
        assert out.json() == {"userId": user.sub, "roles": ["moderator"]}
        await closed_soon(socket)  # its cached principal (plain user) does not outlive the change

    asyncio.run(scenario())
    groups = aws_client(stack, "cognito-idp").admin_list_groups_for_user(UserPoolId=stack["userPoolId"],
                                                                          Username=user.name)["Groups"]
    assert [g["GroupName"] for g in groups] == ["moderator"]
    assert ticket_status(stack, user.token) == 401  # the token still says "user"
    for _ in range(6):  # the old token's REST calls (any worker) do not write its old roles back
        assert user.api.get("/me").status_code == 200
    assert tables.get("Users", {"userId": user.sub})["roles"] == {"SS": ["moderator"]}  # others rank them by it
    time.sleep(1.1)
    fresh = tokens(stack, user)["IdToken"]
    assert ticket_status(stack, fresh) == 200
    assert Api(stack["rest"], fresh).get("/me").json()["roles"] == ["moderator"]


@pytest.mark.parametrize("route", ["roles", "disable", "enable", "signout"])
def test_only_admins_manage_users_and_never_other_admins(stack: dict[str, Any], alice: ChatUser, carol: ChatUser,
                                                         new_user: Users, route: str) -> None:
    target, other_admin = new_user(), new_user("admin")

    def call(actor: ChatUser, uid: str) -> Any:
        if route == "roles":
            return actor.api.request("PUT", f"/admin/users/{uid}/roles", json={"roles": ["admin"]})
        return actor.api.post(f"/admin/users/{uid}/{route}")

    # alice's seeded profile carries no roles: her rank must come from Cognito, or she could act on herself
    for actor, uid in [(carol, target.sub), (target, target.sub), (alice, other_admin.sub), (alice, alice.sub)]:
        response = call(actor, uid)
        assert (response.status_code, error_of(response)) == (403, "forbidden"), (actor.name, uid)
    missing = call(alice, "no-such-user")
    assert (missing.status_code, error_of(missing)) == (404, "user_not_found")


@pytest.mark.parametrize(("body", "code"), [({}, "missing_field"), ({"roles": []}, "invalid_roles"),
                                           ({"roles": ["root"]}, "invalid_roles"),
                                           ({"roles": "admin"}, "invalid_roles")])
def test_a_bad_roles_body_is_a_400(alice: ChatUser, new_user: Users, body: dict[str, Any], code: str) -> None:
    response = alice.api.request("PUT", f"/admin/users/{new_user().sub}/roles", json=body)
    assert (response.status_code, error_of(response)) == (400, code)


def test_a_ban_takes_effect_on_the_targets_open_socket_at_once(stack: dict[str, Any], new_user: Users) -> None:
    owner, member = new_user(), new_user()
    room_id = create_room(owner)["roomId"]
    join(member, room_id)

    async def scenario() -> None:
        socket = await Socket.open(stack["ws"], member.token)
        banned = await asyncio.to_thread(owner.api.post, f"/rooms/{room_id}/bans", {"userId": member.sub})
        assert banned.status_code == 201, banned.text
        assert (await socket.expect("roomRemoved"))["reason"] == "banned"
        await asyncio.to_thread(post_message, owner, room_id, "after the ban")
        await socket.silent(1.0)
        refused = await socket.send_message(room_id, "let me in")
        assert refused["event"] == "error" and refused["error"]["code"] == "not_a_member", refused
        await socket.close()

    asyncio.run(scenario())


def test_a_socket_whose_token_expired_is_refused_and_closed_on_its_next_frame(stack: dict[str, Any],
                                                                               new_user: Users) -> None:
    """The exp comes from the token itself: a real token re-signed with the stack's Cognito key to
    expire in a few seconds (moto's tokens live an hour)."""
    user = new_user()
    room_id = create_room(user)["roomId"]
    short_lived = resigned(user.token, exp=int(time.time()) + 3)

    async def scenario() -> None:
        socket = await Socket.open(stack["ws"], short_lived)
        ack = await socket.send_message(room_id, "while the token is valid")
        assert ack["event"] == "messageAck", ack
        expires = jwt.decode(short_lived, options={"verify_signature": False})["exp"]
        await asyncio.sleep(max(0.0, expires - time.time()) + 0.2)
        refused = await socket.send_message(room_id, "after expiry", client_msg_id="late-1")
        assert refused == {"event": "error", "clientMsgId": "late-1",
                           "error": {"code": "token_expired", "message": refused["error"]["message"]}}
        await closed_soon(socket)

    asyncio.run(scenario())
    history = user.api.get(f"/rooms/{room_id}/messages").json()["messages"]
    assert [m["content"] for m in history] == ["while the token is valid"]
    assert ticket_status(stack, short_lived) == 401  # nor does it get a new ticket



def test_the_expiry_sweep_closes_a_quiet_socket_whose_token_expired(stack: dict[str, Any], tables: Tables,
                                                                     new_user: Users) -> None:
    """A socket that never sends again is found by the scheduled sweep (run now through the stack's
    EventBridge stand-in), closed, and its connection row forgotten."""
    user = new_user()
    short_lived = resigned(user.token, exp=int(time.time()) + 2)

    async def scenario() -> None:
        socket = await Socket.open(stack["ws"], short_lived)
        [connection_id] = tables.connection_ids_of(user.sub)
        await asyncio.sleep(3)
        swept = await asyncio.to_thread(requests.post, f"{stack['web']}_local/schedules/sweep_expired_sockets",
                                        timeout=30)
        assert swept.status_code == 200, swept.text
        await closed_soon(socket)
        assert await eventually_async(lambda: tables.get("Connections", {"connectionId": connection_id}) is None)

    asyncio.run(scenario())
