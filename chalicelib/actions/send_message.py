"""``sendMessage``: post a message to a room; the sender gets ``messageAck``, the room ``message``."""

from __future__ import annotations

from chalicelib import protocol
from chalicelib.actions.base import Action, Context, Outcome
from chalicelib.policy import Permission
from chalicelib.schemas import SendMessageFrame


def handle(ctx: Context, frame: SendMessageFrame) -> Outcome:
    assert ctx.access is not None  # overlap_check: the dispatcher started the check
    posted = ctx.services.messages.post(ctx.caller, str(frame.room_id), frame, ctx.access, sender=ctx.connection_id)
    return Outcome(protocol.message_ack(frame.client_msg_id, posted.message, posted.duplicate), after=posted.fan_out)


ACTION = Action("sendMessage", SendMessageFrame, handle, permission=Permission.POST_MESSAGE, overlap_check=True)
