"""Hostile input through the real stack: deeply nested JSON, invisible content, tricky room names."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import pytest
from helpers import Api, ChatUser, Socket, aws_env, create_room, error_of, join, post_message, unique

from local import bootstrap

DEEP = "[" * 100_000  # json.loads raises RecursionError on this, which used to be a 500 / a dropped socket
DEEP_OBJECT = '{"a":' * 20_000 + "1" + "}" * 20_000  # under the 128 KB frame limit
TOO_DEEP_BUT_PARSEABLE = '{"content": ' + "[" * 40 + "]" * 40 + "}"


@pytest.mark.parametrize("raw", [DEEP, DEEP_OBJECT, TOO_DEEP_BUT_PARSEABLE])
def test_deeply_nested_rest_bodies_are_a_400(bob: ChatUser, raw: str) -> None:
    room = create_room(bob)
    response = bob.api.post(f"/rooms/{room['roomId']}/messages", data=raw,
                            headers={"Content-Type": "application/json"})
    assert response.status_code == 400, response.text
    assert error_of(response) == "too_deep"
    assert bob.api.get(f"/rooms/{room['roomId']}/messages").json()["messages"] == []


@pytest.mark.parametrize("raw", [DEEP, DEEP_OBJECT, '{"action": "sendMessage", "x": ' + "[" * 40 + "]" * 40 + "}"])
def test_deeply_nested_frames_get_an_error_and_keep_the_socket(stack: dict[str, Any], bob: ChatUser,
                                                               raw: str) -> None:
    async def scenario() -> dict[str, Any]:
        socket = await Socket.open(stack["ws"], bob.token)
        await socket.send(raw)
        answer = await socket.recv()
        await socket.ping()  # still open
        await socket.close()
        return answer

    answer = asyncio.run(scenario())
    assert answer["event"] == "error", answer
    assert answer["error"]["code"] == "too_deep"


INVISIBLE = [
    "\x00",
    "\x00\x00\x00",
    "\u200b",
    "\u200b\u200c\u200d",
    "\u2060",
    "\ufeff",
    "\ufeff \u200b\t\n",
    "\x01\x02\x1b\x7f",
    "\u202e\u2066",
    "\u3164",
    "\u0301",
]


@pytest.mark.parametrize("content", INVISIBLE)
def test_invisible_content_is_blank_on_rest_and_websocket(stack: dict[str, Any], bob: ChatUser, content: str) -> None:
    room = create_room(bob)
    response = post_message(bob, room["roomId"], content)
    assert response.status_code == 400, response.text
    assert error_of(response) == "invalid_content"

    async def scenario() -> dict[str, Any]:
        socket = await Socket.open(stack["ws"], bob.token)
        answer = await socket.send_message(room["roomId"], content, "blank-1")
        await socket.close()
        return answer

    answer = asyncio.run(scenario())
    assert answer["event"] == "error" and answer["error"]["code"] == "invalid_content", answer
    assert bob.api.get(f"/rooms/{room['roomId']}/messages").json()["messages"] == []


def test_control_characters_are_stripped_newlines_and_tabs_kept(bob: ChatUser) -> None:
    room = create_room(bob)
    response = post_message(bob, room["roomId"], "a\x00b\x1b[31mc\r\n\td\u200de")
    assert response.status_code == 201, response.text
    assert response.json()["content"] == "ab[31mc\n\td\u200de"


def test_room_names_are_nfkc_normalised_without_bidi_controls(bob: ChatUser) -> None:
    suffix = unique("")
    room = create_room(bob, name=f"\u202e\uff46\uff55\uff4c\uff4c\u2066width{suffix}\u2069")
    assert room["name"] == f"fullwidth{suffix}"
    assert bob.api.get(f"/rooms/{room['roomId']}").json()["name"] == f"fullwidth{suffix}"


@pytest.mark.parametrize("name", ["P\u0430yPal support", "g\u03bfogle", "\u0430dmins"])
def test_room_names_mixing_scripts_in_a_word_are_refused(bob: ChatUser, name: str) -> None:
    response = bob.api.post("/rooms", {"kind": "public", "name": name})
    assert response.status_code == 400, response.text
    assert error_of(response) == "mixed_script_name"


@pytest.mark.parametrize("name", ["Caf\u00e9 \u041c\u043e\u0441\u043a\u0432\u0430",
                                  "\u65e5\u672c\u8a9e\u306e\u30ab\u30bf\u30ab\u30ca",
                                  "\u03b1\u03b8\u03ae\u03bd\u03b1 2026"])
def test_room_names_in_one_script_per_word_are_fine(bob: ChatUser, name: str) -> None:
    assert create_room(bob, name=name)["name"] == name


@pytest.mark.parametrize("name", ["\u202e\u2066", "\u200b\u200b", "\x00"])
def test_room_names_of_only_controls_are_blank(bob: ChatUser, name: str) -> None:
    response = bob.api.post("/rooms", {"kind": "public", "name": name})
    assert response.status_code == 400, response.text
    assert error_of(response) == "invalid_name"


def signed_up_as(stack: dict[str, Any], name: str) -> ChatUser:
    """A Cognito user with exactly this username (normalised by nobody but the app), signed in, with a profile."""
    with aws_env(stack):
        sub = bootstrap.create_user(stack["region"], stack["userPoolId"], name, stack["password"])
        token = bootstrap.sign_in(stack["region"], stack["clientId"], name, stack["password"])["IdToken"]
    user = ChatUser(name, sub, token, Api(stack["rest"], token))
    assert user.api.get("/me").status_code == 200
    return user


def test_lookalike_usernames_are_flagged_on_members_and_messages(stack: dict[str, Any]) -> None:
    digits = str(uuid.uuid4().int)[:8]
    original = signed_up_as(stack, f"poco{digits}")  # first: owns the skeleton "poco..."
    copycat = signed_up_as(stack, f"\u0440\u043e\u0441\u043e{digits}")  # all Cyrillic, reads the same
    mixed = signed_up_as(stack, f"\u0430lice{digits}")  # Cyrillic a + Latin: mixed script
    styled = signed_up_as(stack, f"\u202e\uff46\uff55\uff4c\uff4c{digits}")  # bidi override + fullwidth
    room = create_room(original)
    for user in (copycat, mixed, styled):
        join(user, room["roomId"])

    async def copycat_speaks() -> dict[str, Any]:
        listener = await Socket.open(stack["ws"], original.token)
        assert post_message(copycat, room["roomId"], "hi, it's me").status_code == 201
        event = await listener.expect("message")
        await listener.close()
        return event

    live = asyncio.run(copycat_speaks())
    assert live["message"]["username"] == copycat.name and live["message"]["lookalike"] is True
    for user in (original, mixed, styled):
        assert post_message(user, room["roomId"], f"hello from {user.name}").status_code == 201

    members = {m["userId"]: m for m in original.api.get(f"/rooms/{room['roomId']}/members").json()["members"]}
    assert {uid: m["lookalike"] for uid, m in members.items()} == {
        original.sub: False, copycat.sub: True, mixed.sub: True, styled.sub: False}
    assert members[styled.sub]["username"] == f"full{digits}"  # NFKC, without the bidi override
    history = original.api.get(f"/rooms/{room['roomId']}/messages").json()["messages"]
    assert {m["userId"]: m["lookalike"] for m in history} == {
        original.sub: False, copycat.sub: True, mixed.sub: True, styled.sub: False}
