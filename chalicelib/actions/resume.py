"""``resume``: after a (re)connect, replay each room's changes after the seq the client holds."""

from __future__ import annotations

from chalicelib.actions.base import Action, Context, Outcome
from chalicelib.schemas import ResumeFrame


def handle(ctx: Context, frame: ResumeFrame) -> Outcome:
    """One event per room, in request order: the first is the reply, the rest follow it."""
    first, *rest = ctx.services.messages.resume(ctx.caller, frame)

    def send_rest() -> None:
        for event in rest:
            ctx.services.broadcast.to_connection(ctx.connection_id, event)

    return Outcome(first, after=send_rest if rest else None)


ACTION = Action("resume", ResumeFrame, handle)
