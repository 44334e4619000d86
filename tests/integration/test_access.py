"""Who gets in: the ticketed WebSocket handshake (tickets, Origin) and the REST authorizer with good and bad
tokens; every refusal is the same generic 401."""

from __future__ import annotations

import asyncio
import hashlib
import json
import time
from collections.abc import Callable
from typing import Any

import jwt
import pytest
import requests
from helpers import Api, ChatUser, Socket, Tables, error_of
from moto.utilities.utils import load_resource
from websockets.exceptions import InvalidStatus

from local import client


def resigned(token: str, **changes: Any) -> str:
    """The token with some claims changed, validly signed with moto's Cognito key (kid "dummy")."""
    claims = jwt.decode(token, options={"verify_signature": False})
    claims.update(changes)
    key = jwt.PyJWK(load_resource("cognitoidp/resources/jwks-private.json"))
    return jwt.encode(claims, key.key, algorithm="RS256", headers={"kid": jwt.get_unverified_header(token)["kid"]})


@pytest.fixture
def user(new_user: Callable[..., ChatUser]) -> ChatUser:
    return new_user()


GENERIC_401 = {"error": {"code": "unauthorized", "message": "Missing or invalid credentials"}}


def handshake_status(url: str, origin: str | None = None) -> tuple[int, bytes]:
    async def attempt() -> tuple[int, bytes]:
        with pytest.raises(InvalidStatus) as info:
            await Socket.open_url(url, origin=origin)
        return info.value.response.status_code, info.value.response.body

    return asyncio.run(attempt())


def ticket(stack: dict[str, Any], token: str) -> str:
    return client.ticket(stack["rest"], token)


def test_resigned_token_is_accepted_unchanged(stack: dict[str, Any], user: ChatUser) -> None:
    """Guards the expired-token tests below: re-signing alone does not break the token."""
    token = resigned(user.token)
    assert Api(stack["rest"], token).get("/me").json()["userId"] == user.sub

    async def connect() -> None:
        socket = await Socket.open(stack["ws"], token)
        await socket.ping()
        await socket.close()

    asyncio.run(connect())


@pytest.mark.parametrize("case", ["garbage", "empty", "expired", "wrong-audience", "wrong-issuer", "unsigned",
                                  "tampered"])
def test_bad_token_gets_no_ticket_and_the_same_generic_401(stack: dict[str, Any], user: ChatUser,
                                                           case: str) -> None:
    with pytest.raises(client.TicketRefused) as refused:
        ticket(stack, bad_token(user.token, case))
    assert refused.value.status == 401
    assert json.loads(refused.value.body) == GENERIC_401


def test_a_token_in_the_url_is_refused_with_the_generic_401(stack: dict[str, Any], user: ChatUser) -> None:
    """Tokens never travel in URLs (ASVS 8.3.1): ``$connect`` takes only a ticket."""
    status, body = handshake_status(f"{stack['ws']}/?token={user.token}")
    assert (status, json.loads(body)) == (401, GENERIC_401)


@pytest.mark.parametrize("query", ["", "?ticket=", "?ticket=forged-ticket", "?ticket=" + "x" * 5000])
def test_missing_or_unknown_ticket_is_refused_with_the_generic_401(stack: dict[str, Any], query: str) -> None:
    status, body = handshake_status(f"{stack['ws']}/{query}")
    assert (status, json.loads(body)) == (401, GENERIC_401)


def test_a_ticket_opens_one_socket_only(stack: dict[str, Any], user: ChatUser) -> None:
    issued = requests.post(f"{stack['rest']}/realtime/ticket", headers={"Authorization": user.token}, timeout=10)
    assert issued.status_code == 200
    assert issued.json()["expiresIn"] <= 60
    url = client.socket_url(stack["ws"], issued.json()["ticket"])

    async def first() -> None:
        socket = await Socket.open_url(url)
        await socket.ping()
        await socket.close()

    asyncio.run(first())
    status, body = handshake_status(url)  # the replay
    assert (status, json.loads(body)) == (401, GENERIC_401)


def test_a_ticket_is_stored_only_as_its_hash(stack: dict[str, Any], user: ChatUser, tables: Tables) -> None:
    value = ticket(stack, user.token)
    row = tables.get("Tickets", {"ticketHash": hashlib.sha256(value.encode()).hexdigest()})
    assert row is not None and row["userId"]["S"] == user.sub
    assert value not in json.dumps(row)


def test_concurrent_replays_open_exactly_one_socket(stack: dict[str, Any], user: ChatUser) -> None:
    url = client.socket_url(stack["ws"], ticket(stack, user.token))

    async def race() -> list[BaseException | Socket]:
        outcomes = await asyncio.gather(*(Socket.open_url(url) for _ in range(5)), return_exceptions=True)
        for opened in outcomes:
            if isinstance(opened, Socket):
                await opened.close()
        return outcomes

    outcomes = asyncio.run(race())
    assert sum(isinstance(o, Socket) for o in outcomes) == 1, outcomes
    refused = [o for o in outcomes if not isinstance(o, Socket)]
    assert all(isinstance(o, InvalidStatus) and o.response.status_code == 401 for o in refused), refused


@pytest.mark.parametrize("origin", ["https://evil.example", "null", "http://127.0.0.1:1"])
def test_a_foreign_or_null_origin_is_refused(stack: dict[str, Any], user: ChatUser, origin: str) -> None:
    status, body = handshake_status(client.ticket_url(stack["rest"], stack["ws"], user.token), origin=origin)
    assert status == 403
    assert json.loads(body)["error"]["code"] == "origin_not_allowed"


def test_the_web_clients_own_origin_is_allowed(stack: dict[str, Any], user: ChatUser) -> None:
    web = stack["web"].rstrip("/")

    async def connect() -> None:
        for origin in (web, web.replace("127.0.0.1", "localhost")):
            socket = await Socket.open_url(client.ticket_url(stack["rest"], stack["ws"], user.token), origin=origin)
            await socket.ping()
            await socket.close()

    asyncio.run(connect())


def bad_token(token: str, case: str) -> str:
    now = int(time.time())
    header, _, signature = token.split(".")
    return {
        "garbage": "not-a-jwt",
        "empty": "",
        "expired": resigned(token, exp=now - 3600, iat=now - 7200),
        "wrong-audience": resigned(token, aud="someone-elses-client"),
        "wrong-issuer": resigned(token, iss="https://cognito-idp.us-east-1.amazonaws.com/us-east-1_other"),
        "unsigned": jwt.encode(jwt.decode(token, options={"verify_signature": False}), None, algorithm="none",
                               headers={"kid": "dummy"}),
        "tampered": f"{header}.{resigned(token, sub='someone-else').split('.')[1]}.{signature}",
    }[case]


@pytest.mark.parametrize("case", ["garbage", "expired", "wrong-audience", "wrong-issuer", "unsigned", "tampered"])
def test_bad_token_over_rest_is_401(stack: dict[str, Any], user: ChatUser, case: str) -> None:
    response = Api(stack["rest"], bad_token(user.token, case)).get("/me")
    assert response.status_code == 401
    assert response.json() == GENERIC_401


def test_expired_bearer_token_over_rest_is_401(stack: dict[str, Any], user: ChatUser) -> None:
    now = int(time.time())
    response = Api(stack["rest"], "Bearer " + resigned(user.token, exp=now - 60)).get("/rooms")
    assert response.status_code == 401
    assert error_of(response) == "unauthorized"


def test_bearer_prefix_is_accepted_over_rest(stack: dict[str, Any], user: ChatUser) -> None:
    assert Api(stack["rest"], "Bearer " + user.token).get("/me").json()["userId"] == user.sub


@pytest.mark.parametrize("path", ["/me", "/rooms", "/rooms/00000000-0000-4000-8000-000000000001/messages"])
def test_missing_token_over_rest_is_401(stack: dict[str, Any], path: str) -> None:
    response = Api(stack["rest"], None).get(path)
    assert response.status_code == 401
    assert response.json() == GENERIC_401


def test_config_is_public(stack: dict[str, Any]) -> None:
    response = Api(stack["rest"], None).get("/config")
    assert response.status_code == 200
    config = response.json()
    assert config["clientId"] == stack["clientId"]
    assert config["userPoolId"] == stack["userPoolId"]
    assert config["region"] == stack["region"]
    assert config["wsUrl"] == stack["ws"]
    assert config["restUrl"] == stack["rest"]


def test_me_reports_roles_from_groups(alice: ChatUser, bob: ChatUser, carol: ChatUser) -> None:
    for user, roles in [(alice, ["admin"]), (bob, ["user"]), (carol, ["moderator"])]:
        me = user.api.get("/me").json()
        assert (me["userId"], me["username"], me["roles"]) == (user.sub, user.name, roles)
        assert me["email"] in (None, f"{user.name}@example.test")  # moto's ID tokens carry no email claim


def test_access_token_is_accepted(stack: dict[str, Any], user: ChatUser) -> None:
    from helpers import aws_env

    from local import bootstrap

    with aws_env(stack):
        access = bootstrap.sign_in(stack["region"], stack["clientId"], user.name, stack["password"])["AccessToken"]
    assert Api(stack["rest"], access).get("/me").json()["userId"] == user.sub
