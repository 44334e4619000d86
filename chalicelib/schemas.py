"""Validated shapes at the edges: what clients may send, and how it reads as an error."""

from __future__ import annotations

from typing import Any, Literal, TypeVar
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from chalicelib.errors import ValidationFailed

MAX_CONTENT_CHARS = 1000
MAX_PAGE_SIZE = 100

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
        kind = first["type"]
        if kind == "missing":
            code = "missing_field"
        elif kind == "string_too_long":
            code = f"{_snake(field)}_too_long"
        else:
            code = f"invalid_{_snake(field)}"
        raise ValidationFailed(f"{field}: {first['msg']}", code=code) from exc


def parse_uuid(value: str, field: str) -> str:
    try:
        return str(UUID(value))
    except (ValueError, TypeError, AttributeError) as exc:
        raise ValidationFailed(f"{field} must be a UUID", code=f"invalid_{_snake(field)}") from exc


def _snake(field: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in field).strip("_").replace(".", "_")
