"""Edge validation: what clients may send and the error code each mistake reads as."""

from __future__ import annotations

import uuid

import pytest

from chalicelib.errors import ValidationFailed
from chalicelib.schemas import (
    MAX_CONTENT_CHARS,
    MAX_PAGE_SIZE,
    HistoryQuery,
    NewMessage,
    SendMessageFrame,
    parse,
    parse_uuid,
)

ROOM = str(uuid.uuid4())


def frame(**overrides: object) -> dict[str, object]:
    base: dict[str, object] = {"roomId": ROOM, "content": "hello", "type": "text", "clientMsgId": "c-1"}
    base.update(overrides)
    return {k: v for k, v in base.items() if v is not ...}


def error_code(model: type, data: object) -> str:
    with pytest.raises(ValidationFailed) as info:
        parse(model, data)
    assert info.value.status == 400
    return info.value.code


# -- content ---------------------------------------------------------------------------------
@pytest.mark.parametrize("length", [1, 2, MAX_CONTENT_CHARS])
def test_content_within_bounds_is_accepted(length: int) -> None:
    message = parse(SendMessageFrame, frame(content="x" * length))
    assert len(message.content) == length


def test_content_of_1000_multibyte_chars_is_accepted() -> None:
    assert parse(NewMessage, {"content": "é" * 1000, "clientMsgId": "a"}).content == "é" * 1000


@pytest.mark.parametrize("content", ["", " ", "   \n\t "])
def test_empty_or_blank_content_is_invalid(content: str) -> None:
    assert error_code(SendMessageFrame, frame(content=content)) == "invalid_content"


def test_content_over_limit_is_content_too_long() -> None:
    assert MAX_CONTENT_CHARS == 1000
    assert error_code(SendMessageFrame, frame(content="x" * 1001)) == "content_too_long"


@pytest.mark.parametrize("content", [None, 42, ["a"], {"a": 1}])
def test_non_string_content_is_invalid(content: object) -> None:
    assert error_code(SendMessageFrame, frame(content=content)) == "invalid_content"


def test_missing_content_is_missing_field() -> None:
    assert error_code(SendMessageFrame, frame(content=...)) == "missing_field"


def test_content_is_not_stripped() -> None:
    assert parse(SendMessageFrame, frame(content="  hi  ")).content == "  hi  "


# -- type ------------------------------------------------------------------------------------
@pytest.mark.parametrize("kind", ["text", "image", "file"])
def test_known_types_are_accepted(kind: str) -> None:
    assert parse(SendMessageFrame, frame(type=kind)).type == kind


def test_type_defaults_to_text() -> None:
    assert parse(SendMessageFrame, frame(type=...)).type == "text"


@pytest.mark.parametrize("kind", ["video", "TEXT", "", None, 1])
def test_other_types_are_invalid_type(kind: object) -> None:
    assert error_code(SendMessageFrame, frame(type=kind)) == "invalid_type"


# -- replyTo ---------------------------------------------------------------------------------
def test_reply_to_accepts_a_uuid() -> None:
    target = uuid.uuid4()
    assert parse(SendMessageFrame, frame(replyTo=str(target))).reply_to == target


def test_reply_to_is_optional() -> None:
    assert parse(SendMessageFrame, frame()).reply_to is None
    assert parse(SendMessageFrame, frame(replyTo=None)).reply_to is None


@pytest.mark.parametrize("reply_to", ["not-a-uuid", "123", "", 7, ["x"]])
def test_reply_to_must_be_a_uuid(reply_to: object) -> None:
    assert error_code(SendMessageFrame, frame(replyTo=reply_to)) == "invalid_reply_to"


# -- clientMsgId -----------------------------------------------------------------------------
def test_client_msg_id_is_required() -> None:
    assert error_code(SendMessageFrame, frame(clientMsgId=...)) == "missing_field"


@pytest.mark.parametrize("client_msg_id", ["a", "A-z_0.9:x", "x" * 64, str(uuid.uuid4())])
def test_client_msg_id_allowed_charset(client_msg_id: str) -> None:
    assert parse(SendMessageFrame, frame(clientMsgId=client_msg_id)).client_msg_id == client_msg_id


@pytest.mark.parametrize("client_msg_id", ["", "has space", "semi;colon", "slash/", "hash#", "ünï", 5, None])
def test_client_msg_id_bad_charset_or_type(client_msg_id: object) -> None:
    assert error_code(SendMessageFrame, frame(clientMsgId=client_msg_id)) == "invalid_client_msg_id"


def test_client_msg_id_too_long() -> None:
    assert error_code(SendMessageFrame, frame(clientMsgId="x" * 65)) == "client_msg_id_too_long"


# -- roomId ----------------------------------------------------------------------------------
def test_room_id_is_required_in_a_frame() -> None:
    assert error_code(SendMessageFrame, frame(roomId=...)) == "missing_field"


@pytest.mark.parametrize("room_id", ["general", "", "1234", 12])
def test_room_id_must_be_a_uuid(room_id: object) -> None:
    assert error_code(SendMessageFrame, frame(roomId=room_id)) == "invalid_room_id"


def test_parse_uuid_normalises_and_rejects() -> None:
    value = uuid.uuid4()
    assert parse_uuid(str(value).upper(), "roomId") == str(value)
    for bad in ("nope", "", None):
        with pytest.raises(ValidationFailed) as info:
            parse_uuid(bad, "roomId")  # type: ignore[arg-type]
        assert info.value.code == "invalid_room_id"


# -- parse() ---------------------------------------------------------------------------------
@pytest.mark.parametrize("data", [None, [], ["content"], "text", 3, True])
def test_parse_rejects_non_objects(data: object) -> None:
    assert error_code(SendMessageFrame, data) == "invalid_body"


def test_parse_ignores_unknown_fields() -> None:
    assert parse(SendMessageFrame, frame(action="sendMessage", extra=1)).content == "hello"


def test_error_message_names_the_field() -> None:
    with pytest.raises(ValidationFailed) as info:
        parse(SendMessageFrame, frame(content="x" * 1001))
    assert info.value.message.startswith("content:")
    assert info.value.to_dict() == {"error": {"code": "content_too_long", "message": info.value.message}}


# -- HistoryQuery ----------------------------------------------------------------------------
def test_history_query_defaults() -> None:
    query = parse(HistoryQuery, {})
    assert (query.limit, query.cursor) == (50, None)


@pytest.mark.parametrize("limit", [1, "1", 10, "100", MAX_PAGE_SIZE])
def test_history_limit_within_bounds(limit: object) -> None:
    assert parse(HistoryQuery, {"limit": limit}).limit == int(limit)  # type: ignore[call-overload]


@pytest.mark.parametrize("limit", [0, "0", -1, 101, "101", "ten", "1.5", ""])
def test_history_limit_out_of_bounds_or_not_a_number(limit: object) -> None:
    assert error_code(HistoryQuery, {"limit": limit}) == "invalid_limit"


def test_history_cursor_length_is_bounded() -> None:
    assert parse(HistoryQuery, {"cursor": "a" * 200}).cursor == "a" * 200
    assert error_code(HistoryQuery, {"cursor": "a" * 201}) == "cursor_too_long"
