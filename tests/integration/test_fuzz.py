"""Fuzzing through the local stack: schemathesis against the OpenAPI description generated from
the app's routes (``local/openapi.py``), and a WebSocket frame fuzzer (hypothesis). Both demand
zero 5xx / ``internal_error`` answers and no socket dropped other than by API Gateway's policy
(a frame over 128 KB closes it with 1009). Case counts go to the terminal summary (``-rP``)."""

from __future__ import annotations

import json
import uuid
from collections import Counter
from contextlib import ExitStack
from typing import Any

import pytest
import schemathesis
from helpers import ChatUser, create_room, post_message, sign_up
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

import app as chalice_app
from chalicelib.actions import REGISTRY
from local import openapi
from local.client import ticket_url
from local.websocket_gateway import MAX_FRAME_BYTES

SCHEMA = schemathesis.openapi.from_dict(openapi.build(chalice_app.app, chalice_app))
CASES: Counter[str] = Counter()  # cases run, per operation or frame kind
FUZZ = settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck), database=None)


@pytest.fixture(scope="module")
def fuzzer(stack: dict[str, Any]) -> ChatUser:
    """An admin: the policy lets them furthest into every route."""
    return sign_up(stack, "admin")


@pytest.fixture(scope="module")
def framer(stack: dict[str, Any]) -> ChatUser:
    """The WebSocket fuzzer's own admin: the REST fuzz may sign ``fuzzer`` out everywhere
    (``POST /auth/logout`` with ``everywhere``), after which its token gets no ticket."""
    return sign_up(stack, "admin")


@pytest.fixture(scope="module")
def target(fuzzer: ChatUser) -> dict[str, str]:
    """A real room and message, so half of the generated ids reach past the 404s."""
    room = create_room(fuzzer, "public")
    message = post_message(fuzzer, room["roomId"], "fuzz me").json()
    return {"rid": room["roomId"], "mid": message["messageId"], "uid": fuzzer.sub}


# -- REST ------------------------------------------------------------------------------------
@SCHEMA.parametrize()
@FUZZ
def test_rest_never_answers_5xx(case: Any, stack: dict[str, Any], fuzzer: ChatUser, target: dict[str, str]) -> None:
    parameters = case.path_parameters or {}
    for name, value in parameters.items():  # about half the cases aim at the real room, message and user
        generated = str(value)
        if name in target and (not generated or ord(generated[0]) % 2 == 0) and not case.path.endswith("/leave"):
            parameters[name] = target[name]
    CASES[f"{case.method} {case.path}"] += 1
    response = case.call(base_url=stack["rest"], headers={"Authorization": fuzzer.token}, timeout=15)
    case.validate_response(response, checks=[not_a_server_error])
    if 400 <= response.status_code < 500:  # every refusal in the documented shape
        try:
            body = response.json()
        except ValueError:
            raise AssertionError(f"not JSON: {case.method} {case.formatted_path} {case.query} -> "
                                 f"{response.status_code} {response.text[:200]}") from None
        assert set(body) == {"error"} and isinstance(body["error"].get("code"), str), body


# -- WebSocket -------------------------------------------------------------------------------
JSON_SCALARS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40)
JSON_VALUES = st.recursive(JSON_SCALARS, lambda inner: st.lists(inner, max_size=4)
                           | st.dictionaries(st.text(max_size=10), inner, max_size=4), max_leaves=12)
NESTING = st.integers(min_value=33, max_value=60_000)


def valid_frames(target: dict[str, str]) -> dict[str, dict[str, Any]]:
    """One well-formed frame per action, aimed at the real room; the fuzzer breaks one field at a time."""
    room, message = target["rid"], target["mid"]
    return {
        "sendMessage": {"roomId": room, "content": "hi", "type": "text", "clientMsgId": "f-1"},
        "editMessage": {"roomId": room, "messageId": message, "content": "edited"},
        "deleteMessage": {"roomId": room, "messageId": str(uuid.uuid4())},
        "react": {"roomId": room, "messageId": message, "emoji": "\U0001f44d", "add": True},
        "resume": {"rooms": [{"roomId": room, "afterSeq": 0}], "limit": 5},
        "ackDelivered": {"rooms": [{"roomId": room, "seq": 1}]},
        "markRead": {"roomId": room, "seq": 1},
        "typing": {"roomId": room, "state": "stop"},
    }


def test_every_action_has_a_fuzz_frame() -> None:
    assert set(valid_frames({"rid": "r", "mid": "m"})) == set(REGISTRY)


class Wire:
    """One socket for a whole fuzz run: every frame must get an answer, and the socket must stay open."""

    def __init__(self, info: dict[str, Any], token: str) -> None:
        self._exit = ExitStack()
        self.socket: ClientConnection = self._exit.enter_context(
            connect(ticket_url(info["rest"], info["ws"], token), open_timeout=10, max_size=None, compression=None,
                    proxy=None))

    def answer(self, frame: str | bytes) -> dict[str, Any]:
        """Send a frame; return its answer (presence pushes skipped), after draining any echo of it."""
        self.socket.send(frame)
        while True:
            try:
                event: dict[str, Any] = json.loads(self.socket.recv(timeout=10))
            except TimeoutError:
                raise AssertionError(f"no answer to {str(frame)[:200]!r}") from None
            except ConnectionClosed as exc:
                raise AssertionError(f"socket dropped ({exc}) by {str(frame)[:200]!r}") from exc
            if event.get("event") != "presence":
                break
        while True:  # a successful action may also reach this socket as the room's fan-out
            try:
                self.socket.recv(timeout=0.05)
            except TimeoutError:
                return event

    def close(self) -> None:
        self._exit.close()


def check(event: dict[str, Any]) -> None:
    if event.get("event") == "error":
        assert event["error"]["code"] != "internal_error", event
        assert isinstance(event["error"]["message"], str)


@pytest.fixture(scope="module")
def wire(stack: dict[str, Any], framer: ChatUser) -> Any:
    opened = Wire(stack, framer.token)
    yield opened
    opened.close()


@FUZZ
@given(frame=st.text(max_size=300) | st.binary(max_size=300)
       | st.text(alphabet='{}[]":,.0123456789-eE truefalsnul\\', max_size=80))
def test_random_and_malformed_frames(wire: Wire, frame: str | bytes) -> None:
    CASES["ws random/malformed"] += 1
    check(wire.answer(frame))


@FUZZ
@given(depth=NESTING, bracket=st.sampled_from(["[", '{"a":']))
def test_deeply_nested_frames(wire: Wire, depth: int, bracket: str) -> None:
    frame = (bracket * depth)[: MAX_FRAME_BYTES - 1]
    CASES["ws deeply nested"] += 1
    event = wire.answer(frame)
    assert event["event"] == "error" and event["error"]["code"] in ("too_deep", "invalid_json"), event


@settings(FUZZ, max_examples=120)
@given(data=st.data())
def test_wrong_types_for_every_field_of_every_action(wire: Wire, target: dict[str, str], data: Any) -> None:
    action = data.draw(st.sampled_from(sorted(REGISTRY)))
    frame = {"action": action, **valid_frames(target)[action]}
    fields = sorted(REGISTRY[action].frame.model_json_schema(by_alias=True)["properties"])
    field = data.draw(st.sampled_from(fields))
    frame[field] = data.draw(JSON_VALUES)
    if data.draw(st.booleans()):
        frame["clientMsgId"] = data.draw(JSON_VALUES)
    CASES[f"ws {action}"] += 1
    check(wire.answer(json.dumps(frame)))


def test_oversized_frames_close_with_1009_as_api_gateway_does(stack: dict[str, Any], framer: ChatUser) -> None:
    just_under = Wire(stack, framer.token)
    event = just_under.answer(json.dumps({"action": "sendMessage", "pad": "x" * (MAX_FRAME_BYTES - 100)}))
    check(event)
    just_under.close()
    over = Wire(stack, framer.token)
    over.socket.send("x" * (MAX_FRAME_BYTES + 1))
    with pytest.raises(ConnectionClosed) as closed:
        over.socket.recv(timeout=10)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 1009
    CASES["ws oversized"] += 2


def test_cases_were_run() -> None:
    """Runs last in this module: the counts, for the closing note (``pytest -rP``)."""
    total = sum(CASES.values())
    if not total:
        pytest.skip("the fuzz tests did not run in this session")
    print(f"fuzz cases: {total} ({', '.join(f'{k}: {v}' for k, v in sorted(CASES.items()))})")
