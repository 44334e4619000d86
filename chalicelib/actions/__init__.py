"""WebSocket actions: one module per action, listed once in ``REGISTRY``.

To add an action ``fooBar`` (a one-file change plus one line here):

1. Write ``chalicelib/actions/foo_bar.py`` with
   - its frame schema: a pydantic model (``schemas.RoomFrame`` subclass when it acts on a room);
   - its handler ``handle(ctx: Context, frame: FooBarFrame) -> Outcome``;
   - ``ACTION = Action("fooBar", FooBarFrame, handle, permission=Permission.X)``.
2. Add ``foo_bar.ACTION`` to ``REGISTRY`` below.

What the dispatcher (``Realtime.receive``) guarantees a handler:
- the frame is valid against its schema, the caller (``ctx.caller``) is the connection's
  user with their global roles, read from the connection row;
- with a ``permission``, ``policy.decide`` allowed it for the caller's global role and
  their room role in ``frame.room_id`` (a consistent Membership read) before the handler
  runs. ``overlap_check=True`` instead hands the running check to the handler as
  ``ctx.access``, which it must await before its first durable effect (``sendMessage``
  overlaps it with the seq allocation).

One reply style for every action: the handler returns an ``Outcome``; its ``reply`` (a
``protocol`` event) goes to the sender first, then ``after`` runs (fan-out). A
``ChatError`` becomes an ``error`` event echoing the frame's ``clientMsgId``; the socket
stays open. Names starting with ``$`` are API Gateway's own routes and never actions.
"""

from __future__ import annotations

from typing import Any

from chalicelib.actions import (
    ack_delivered,
    delete_message,
    edit_message,
    mark_read,
    react,
    resume,
    send_message,
    typing_signal,
)
from chalicelib.actions.base import Action, Context, Outcome, Services

REGISTRY: dict[str, Action[Any]] = {action.name: action for action in (
    send_message.ACTION,
    edit_message.ACTION,
    delete_message.ACTION,
    react.ACTION,
    resume.ACTION,
    ack_delivered.ACTION,
    mark_read.ACTION,
    typing_signal.ACTION,  # "typing": the module is not named typing.py, which would shadow the stdlib's
)}

__all__ = ["REGISTRY", "Action", "Context", "Outcome", "Services"]
