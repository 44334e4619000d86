"""Validated shapes at the edges: what clients may send, and how it reads as an error."""

from __future__ import annotations

import json
import unicodedata
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any, Literal, TypeVar
from uuid import UUID

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic_core import PydanticCustomError

from chalicelib import names
from chalicelib.errors import ValidationFailed

MAX_CONTENT_CHARS = 1000
MAX_PAGE_SIZE = 100
MAX_ROOMS_PER_FRAME = 50
MAX_RESUME_CHANGES = 500
MAX_MUTE = timedelta(days=30)
MAX_JSON_DEPTH = 32  # our deepest shape nests 3; json.loads itself gives up (RecursionError) near 1000
# Validation failures whose pydantic error type is already the client-facing code.
CUSTOM_CODES = frozenset({"mixed_script_name"})
MAX_LEAVE = 100  # rooms one ``POST /rooms/leave`` leaves

Model = TypeVar("Model", bound=BaseModel)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=False)


# Letters that render as nothing (Hangul fillers, the blank braille pattern).
_INVISIBLE_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp", "Mn", "Me"})
_KEPT_CONTROLS = frozenset("\n\t")


def _visible(char: str) -> bool:
    return not (char.isspace() or char in _INVISIBLE_LETTERS or unicodedata.category(char) in _INVISIBLE_CATEGORIES)


def _not_blank(value: str) -> str:
    """Blank is anything a reader cannot see: whitespace, NUL and other controls, zero-width
    and format characters (U+200B..U+200D, U+2060, the BOM), lone combining marks, fillers."""
    if not any(map(_visible, value)):
        raise ValueError("content must not be blank")
    return value


def _without_controls(value: str) -> str:
    """Control characters other than newline and tab (NUL, escape, carriage return...) are dropped."""
    return "".join(c for c in value if c in _KEPT_CONTROLS or unicodedata.category(c) != "Cc")


def _room_name(value: str | None) -> str | None:
    """NFKC, no bidi controls, not blank, and no word mixing scripts (Latin and Cyrillic in ``P\u0430ypal``)."""
    if value is None:
        return None
    cleaned = names.clean(_without_controls(value))
    if not any(map(_visible, cleaned)):
        raise ValueError("name must not be blank")
    if names.mixed_script(cleaned):
        raise PydanticCustomError("mixed_script_name", "name mixes scripts within a word")
    return cleaned


# Joiners and modifiers that may follow an emoji inside one grapheme: ZWJ, variation
# selectors, the keycap mark, skin tones and tag characters (subdivision flags).
_EMOJI_CONTINUATIONS = {0x200D, 0xFE0E, 0xFE0F, 0x20E3, *range(0x1F3FB, 0x1F400), *range(0xE0020, 0xE0080)}
_REGIONAL_INDICATORS = range(0x1F1E6, 0x1F200)
_KEYCAP_BASES = set("0123456789#*")


def _single_emoji(value: str) -> str:
    """One emoji grapheme: a symbol (or a keycap base, or a flag's two regional indicators)
    plus only the joiners and modifiers that keep it one grapheme."""
    points = [ord(c) for c in value]
    first = value[:1]
    flag = len(points) == 2 and all(p in _REGIONAL_INDICATORS for p in points)
    keycap = first in _KEYCAP_BASES and len(value) > 1 and 0x20E3 in points
    base_ok = flag or keycap or (bool(first) and unicodedata.category(first) == "So")
    rest_ok = flag or all(
        p in _EMOJI_CONTINUATIONS or (points[i - 1] == 0x200D and unicodedata.category(chr(p)) == "So")
        for i, p in enumerate(points[1:], start=1)
    )
    if not (base_ok and rest_ok):
        raise ValueError("emoji must be a single emoji")
    return value


Content = Annotated[str, Field(min_length=1, max_length=MAX_CONTENT_CHARS), AfterValidator(_without_controls),
                    AfterValidator(_not_blank)]
Emoji = Annotated[str, Field(min_length=1, max_length=16), AfterValidator(_single_emoji)]


class NewMessage(_Strict):
    """Body of ``sendMessage`` (WebSocket) and ``POST /rooms/{id}/messages`` (REST)."""

    content: Content
    type: Literal["text", "image", "file"] = "text"
    reply_to: UUID | None = Field(default=None, alias="replyTo")
    also_to_room: bool = Field(default=False, alias="alsoToRoom", strict=True)  # a thread reply shown in the room too
    client_msg_id: str = Field(alias="clientMsgId", min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")


class RoomFrame(_Strict):
    """A WebSocket frame that acts on one room: the dispatcher checks the action's permission on it."""

    room_id: UUID = Field(alias="roomId")


class SendMessageFrame(RoomFrame, NewMessage):
    """The ``sendMessage`` frame: a NewMessage plus its room."""


class MarkReadFrame(RoomFrame):
    """``markRead``: the caller has seen the room up to ``seq``."""

    seq: int = Field(ge=0, strict=True)


class TypingFrame(RoomFrame):
    """``typing``: the caller started or stopped typing in the room."""

    state: Literal["start", "stop"]


class RoomMark(_Strict):
    room_id: UUID = Field(alias="roomId")
    seq: int = Field(ge=0, strict=True)


class AckDeliveredFrame(_Strict):
    """``ackDelivered``: one frame for every room the client received messages in (batched)."""

    rooms: list[RoomMark] = Field(min_length=1, max_length=MAX_ROOMS_PER_FRAME)

    def highest(self) -> dict[str, int]:
        """room id -> the highest seq acked for it in this frame, in the frame's order."""
        marks: dict[str, int] = {}
        for mark in self.rooms:
            room_id = str(mark.room_id)
            marks[room_id] = max(mark.seq, marks.get(room_id, 0))
        return marks


class UserSettings(_Strict):
    """Body of ``PUT /me/settings``."""

    send_receipts: bool = Field(alias="sendReceipts", strict=True)


class MessageFrame(RoomFrame):
    """A frame that acts on one message of a room."""

    message_id: UUID = Field(alias="messageId")


class EditMessage(_Strict):
    """Body of ``PATCH /rooms/{id}/messages/{messageId}``."""

    content: Content


class EditMessageFrame(MessageFrame, EditMessage):
    pass


class ReactFrame(MessageFrame):
    emoji: Emoji
    add: bool = Field(strict=True)


class ResumePoint(_Strict):
    room_id: UUID = Field(alias="roomId")
    after_seq: int = Field(alias="afterSeq", ge=0, strict=True)


class ResumeFrame(_Strict):
    rooms: list[ResumePoint] = Field(min_length=1, max_length=MAX_ROOMS_PER_FRAME)
    limit: int = Field(default=200, ge=1, le=MAX_RESUME_CHANGES, strict=True)


class CreateRoom(_Strict):
    kind: Literal["public", "private", "dm"] = "public"
    name: str | None = Field(default=None, min_length=1, max_length=80)
    description: str | None = Field(default=None, max_length=500)
    member_ids: list[str] = Field(default_factory=list, alias="memberIds", max_length=50)

    @field_validator("name")
    @classmethod
    def _name_not_blank(cls, value: str | None) -> str | None:
        return _room_name(value)


class AddMember(_Strict):
    user_id: str = Field(alias="userId", min_length=1, max_length=128)


class LeaveRooms(_Strict):
    """Body of ``POST /rooms/leave``: leave many rooms in one call (batched writes)."""

    room_ids: list[UUID] = Field(alias="roomIds", min_length=1, max_length=MAX_LEAVE)


class PublicRoomsQuery(_Strict):
    """``GET /rooms?scope=public``: a page of the directory, optionally searched by name."""

    scope: Literal["public"]
    limit: int = Field(default=50, ge=1, le=MAX_PAGE_SIZE)
    cursor: str | None = Field(default=None, max_length=400)
    q: str | None = Field(default=None, max_length=80)


class MuteMember(_Strict):
    """Body of ``POST /rooms/{id}/mutes``: a time with its zone, in the future, at most 30 days ahead."""

    user_id: str = Field(alias="userId", min_length=1, max_length=128)
    until: AwareDatetime

    @field_validator("until")
    @classmethod
    def _within_limit(cls, value: datetime) -> datetime:
        now = datetime.now(UTC)
        if value <= now:
            raise ValueError("until must be in the future")
        if value > now + MAX_MUTE:
            raise ValueError(f"until must be at most {MAX_MUTE.days} days ahead")
        return value.astimezone(UTC)


class BanMember(_Strict):
    """Body of ``POST /rooms/{id}/bans``."""

    user_id: str = Field(alias="userId", min_length=1, max_length=128)
    reason: str | None = Field(default=None, max_length=500)


class KickMember(_Strict):
    """Body of ``POST /rooms/{id}/kick``."""

    user_id: str = Field(alias="userId", min_length=1, max_length=128)


class PinMessage(_Strict):
    """Body of ``POST /rooms/{id}/pins``."""

    message_id: UUID = Field(alias="messageId")


class SetRole(_Strict):
    """Body of ``PUT /rooms/{id}/members/{userId}``: appoint a room moderator, or undo it."""

    role: Literal["moderator", "member"]


class Logout(_Strict):
    """Body of ``POST /auth/logout``: the refresh token to revoke; ``everywhere`` signs out every device."""

    refresh_token: str = Field(alias="refreshToken", min_length=1, max_length=4096)
    everywhere: bool = False


class SetGlobalRoles(_Strict):
    """Body of ``PUT /admin/users/{userId}/roles``: the user's global roles (Cognito groups), all of them."""

    roles: list[Literal["admin", "moderator", "user"]] = Field(min_length=1, max_length=3)


class HistoryQuery(_Strict):
    limit: int = Field(default=50, ge=1, le=MAX_PAGE_SIZE)
    cursor: str | None = Field(default=None, max_length=200)


class SearchQuery(_Strict):
    """``GET /search``: ``roomId`` narrows it to one room of mine."""

    q: str = Field(min_length=1, max_length=100)
    room_id: UUID | None = Field(default=None, alias="roomId")
    limit: int = Field(default=20, ge=1, le=50)
    cursor: str | None = Field(default=None, max_length=400)


def parse(model: type[Model], data: Any) -> Model:
    """Validate ``data`` or raise a ValidationFailed that names the first bad field."""
    if not isinstance(data, dict):
        raise ValidationFailed("Expected a JSON object", code="invalid_body")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(part) for part in first["loc"]) or "body"
        name = _snake(".".join(part for part in first["loc"] if isinstance(part, str)) or "body")  # no list index
        kind = first["type"]
        if kind == "missing":
            code = "missing_field"
        elif kind == "string_too_long":
            code = f"{name}_too_long"
        elif kind in CUSTOM_CODES:
            code = kind
        else:
            code = f"invalid_{name}"
        raise ValidationFailed(f"{field}: {first['msg']}", code=code) from exc


def decode_json(raw: str | bytes | None, what: str) -> Any:
    """``json.loads`` with a depth bound: too deep is a 400 ``too_deep``, never a RecursionError (a 500)."""
    try:
        value = json.loads(raw or "")
    except RecursionError as exc:
        raise ValidationFailed(f"{what} nests deeper than {MAX_JSON_DEPTH} levels", code="too_deep") from exc
    except ValueError as exc:
        raise ValidationFailed(f"{what} is not valid JSON", code="invalid_json") from exc
    if _depth(value) > MAX_JSON_DEPTH:
        raise ValidationFailed(f"{what} nests deeper than {MAX_JSON_DEPTH} levels", code="too_deep")
    return value


def _depth(value: Any) -> int:
    """Nesting depth of decoded JSON, without recursion (a scalar is 0, ``[]`` is 1)."""
    deepest = 0
    stack = [(value, 1)]
    while stack:
        node, level = stack.pop()
        if isinstance(node, dict | list):
            deepest = max(deepest, level)
            if level <= MAX_JSON_DEPTH:
                stack.extend((child, level + 1) for child in (node.values() if isinstance(node, dict) else node))
    return deepest


def parse_uuid(value: str, field: str) -> str:
    try:
        return str(UUID(value))
    except (ValueError, TypeError, AttributeError) as exc:
        raise ValidationFailed(f"{field} must be a UUID", code=f"invalid_{_snake(field)}") from exc


def _snake(field: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in field).strip("_").replace(".", "_")
