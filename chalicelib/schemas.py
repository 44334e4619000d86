"""Validated shapes at the edges: what clients may send, and how it reads as an error."""

from __future__ import annotations

from typing import Any, Literal, TypeVar
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from chalicelib.errors import ValidationFailed

MAX_CONTENT_CHARS = 1000
MAX_PAGE_SIZE = 100
MAX_ROOMS_PER_FRAME = 50

Model = TypeVar("Model", bound=BaseModel)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=False)


class NewMessage(_Strict):
    """Body of ``sendMessage`` (WebSocket) and ``POST /rooms/{id}/messages`` (REST)."""

    content: str = Field(min_length=1, max_length=MAX_CONTENT_CHARS)
    type: Literal["text", "image", "file"] = "text"
    reply_to: UUID | None = Field(default=None, alias="replyTo")
    client_msg_id: str = Field(alias="clientMsgId", min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")

    @field_validator("content")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("content must not be blank")
        return value


class RoomFrame(_Strict):
    """A WebSocket frame that acts on one room: the dispatcher checks the action's permission on it."""

    room_id: UUID = Field(alias="roomId")


class SendMessageFrame(RoomFrame, NewMessage):
    """The ``sendMessage`` frame: a NewMessage plus its room."""


class MarkReadFrame(RoomFrame):
    """``markRead``: the caller has seen the room up to ``seq``."""

    seq: int = Field(ge=0, strict=True)


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


class CreateRoom(_Strict):
    kind: Literal["public", "private", "dm"] = "public"
    name: str | None = Field(default=None, min_length=1, max_length=80)
    description: str | None = Field(default=None, max_length=500)
    member_ids: list[str] = Field(default_factory=list, alias="memberIds", max_length=50)

    @field_validator("name")
    @classmethod
    def _name_not_blank(cls, value: str | None) -> str | None:
        if value is not None and not value.strip():
            raise ValueError("name must not be blank")
        return value.strip() if value else value


class AddMember(_Strict):
    user_id: str = Field(alias="userId", min_length=1, max_length=128)


class HistoryQuery(_Strict):
    limit: int = Field(default=50, ge=1, le=MAX_PAGE_SIZE)
    cursor: str | None = Field(default=None, max_length=200)


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
        else:
            code = f"invalid_{name}"
        raise ValidationFailed(f"{field}: {first['msg']}", code=code) from exc


def parse_uuid(value: str, field: str) -> str:
    try:
        return str(UUID(value))
    except (ValueError, TypeError, AttributeError) as exc:
        raise ValidationFailed(f"{field} must be a UUID", code=f"invalid_{_snake(field)}") from exc


def _snake(field: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in field).strip("_").replace(".", "_")
