"""The pieces every action module uses: its declaration, the context it runs in, its outcome."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, fields
from typing import Generic, TypeVar

from pydantic import BaseModel

from chalicelib.auth import Principal
from chalicelib.broadcast import Broadcaster
from chalicelib.changes import Changes
from chalicelib.config import Features
from chalicelib.connections import ConnectionRegistry
from chalicelib.messages import Messages
from chalicelib.policy import Permission, RoomRole
from chalicelib.presence import PresenceService
from chalicelib.protocol import ServerEvent
from chalicelib.receipts import Receipts
from chalicelib.rooms import Rooms
from chalicelib.schemas import RoomFrame
from chalicelib.typing_indicator import TypingIndicator

FrameT = TypeVar("FrameT", bound=BaseModel)


@dataclass(frozen=True)
class Services:
    """The domain services a handler may use (built once by ``Chat.from_env``)."""

    rooms: Rooms
    messages: Messages
    changes: Changes
    connections: ConnectionRegistry
    broadcast: Broadcaster
    receipts: Receipts
    typing: TypingIndicator
    presence: PresenceService
    features: Features


@dataclass(frozen=True)
class Context:
    connection_id: str
    caller: Principal
    services: Services
    access: Future[RoomRole] | None  # the running permission check of an ``overlap_check`` action


@dataclass(frozen=True)
class Outcome:
    reply: ServerEvent  # to the sender, first
    after: Callable[[], None] | None = None  # then this, e.g. the fan-out to the room


@dataclass(frozen=True)
class Action(Generic[FrameT]):
    name: str
    frame: type[FrameT]
    handler: Callable[[Context, FrameT], Outcome]
    permission: Permission | None = None  # checked on ``frame.room_id`` through the policy
    overlap_check: bool = False  # the handler awaits ``ctx.access`` itself, beside its first reads
    feature: str | None = None  # a ``Features`` flag: off, the frame is answered ``feature_disabled``

    def __post_init__(self) -> None:
        if not self.name or self.name.startswith("$"):
            raise ValueError(f"{self.name!r}: names starting with '$' are API Gateway routes, not actions")
        if self.permission and not issubclass(self.frame, RoomFrame):
            raise TypeError(f"{self.name}: a permission is checked on a room, so the frame must be a RoomFrame")
        if self.feature is not None and self.feature not in {f.name for f in fields(Features)}:
            raise ValueError(f"{self.name}: no feature flag named {self.feature!r}")
        if self.overlap_check and not self.permission:
            raise ValueError(f"{self.name}: overlap_check needs a permission to check")
