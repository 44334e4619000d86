"""``typing``: the caller started or stopped typing; the room's others hear it, throttled, never stored."""

from __future__ import annotations

from chalicelib import protocol
from chalicelib.actions.base import Action, Context, Outcome
from chalicelib.policy import Permission
from chalicelib.schemas import TypingFrame


def handle(ctx: Context, frame: TypingFrame) -> Outcome:
    room_id = str(frame.room_id)
    signalled = ctx.services.typing.signal(ctx.caller, room_id, frame.state)
    return Outcome(protocol.typing_ack(room_id, signalled.fanned_out), after=signalled.fan_out)


ACTION = Action("typing", TypingFrame, handle, permission=Permission.TYPING)
