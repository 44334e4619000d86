"""``deleteMessage``: the author, or a moderator or admin, leaves a tombstone; ``messageUpdated`` to all."""

from __future__ import annotations

from chalicelib.actions.base import Action, Context, Outcome
from chalicelib.schemas import MessageFrame


def handle(ctx: Context, frame: MessageFrame) -> Outcome:
    """Who may delete depends on the message's author, so ``Changes.delete`` asks the policy."""
    changed = ctx.services.changes.delete(ctx.caller, str(frame.room_id), str(frame.message_id),
                                          sender=ctx.connection_id)
    return Outcome(changed.reply(), after=changed.fan_out)


ACTION = Action("deleteMessage", MessageFrame, handle)
