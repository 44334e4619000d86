"""``editMessage``: the author rewrites their message; ``messageUpdated`` to them and the room."""

from __future__ import annotations

from chalicelib.actions.base import Action, Context, Outcome
from chalicelib.schemas import EditMessageFrame


def handle(ctx: Context, frame: EditMessageFrame) -> Outcome:
    """Who may edit depends on the message's author, so ``Changes.edit`` asks the policy."""
    changed = ctx.services.changes.edit(ctx.caller, str(frame.room_id), str(frame.message_id), frame.content,
                                        sender=ctx.connection_id)
    return Outcome(changed.reply(), after=changed.fan_out)


ACTION = Action("editMessage", EditMessageFrame, handle)
