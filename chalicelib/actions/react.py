"""``react``: add or remove one emoji on a message; the room learns who reacted, for its ``mine`` flags."""

from __future__ import annotations

from chalicelib.actions.base import Action, Context, Outcome
from chalicelib.policy import Permission
from chalicelib.schemas import ReactFrame


def handle(ctx: Context, frame: ReactFrame) -> Outcome:
    changed = ctx.services.changes.react(ctx.caller, str(frame.room_id), str(frame.message_id), frame.emoji,
                                         frame.add, sender=ctx.connection_id)
    return Outcome(changed.reply(), after=changed.fan_out)


ACTION = Action("react", ReactFrame, handle, permission=Permission.REACT, feature="reactions")
