"""Who gets in: the WebSocket handshake and the REST authorizer with good and bad tokens."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from typing import Any

import jwt
import pytest
from helpers import Api, ChatUser, Socket, error_of
from moto.utilities.utils import load_resource
from websockets.exceptions import InvalidStatus


def resigned(token: str, **changes: Any) -> str:
    """The token with some claims changed, validly signed with moto's Cognito key (kid "dummy")."""
    claims = jwt.decode(token, options={"verify_signature": False})
    claims.update(changes)
    key = jwt.PyJWK(load_resource("cognitoidp/resources/jwks-private.json"))
    return jwt.encode(claims, key.key, algorithm="RS256", headers={"kid": jwt.get_unverified_header(token)["kid"]})


@pytest.fixture
def user(new_user: Callable[..., ChatUser]) -> ChatUser:
    return new_user()


def handshake_status(ws_url: str, token: str | None) -> tuple[int, bytes]:
    async def attempt() -> tuple[int, bytes]:
        with pytest.raises(InvalidStatus) as info:
            await Socket.open(ws_url, token)
        return info.value.response.status_code, info.value.response.body

    return asyncio.run(attempt())


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
def test_bad_token_cannot_connect(stack: dict[str, Any], user: ChatUser, case: str) -> None:
    token = bad_token(user.token, case)
    status, body = handshake_status(stack["ws"], token)
    assert status == 401
    assert json.loads(body)["error"]["code"] == "unauthorized"


def test_missing_token_cannot_connect(stack: dict[str, Any]) -> None:
    status, body = handshake_status(stack["ws"], None)
    assert status == 401
    assert json.loads(body)["error"]["code"] == "unauthorized"


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
    assert error_of(response) == "unauthorized"


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
    assert error_of(response) == "unauthorized"


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
