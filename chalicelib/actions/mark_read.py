"""``markRead``: the user has seen the room up to ``seq``; the caller gets their own ``receipts``."""

from __future__ import annotations

from chalicelib import protocol
from chalicelib.actions.base import Action, Context, Outcome
from chalicelib.policy import Permission
from chalicelib.receipts import receipt_wire
from chalicelib.schemas import MarkReadFrame


def handle(ctx: Context, frame: MarkReadFrame) -> Outcome:
    room_id = str(frame.room_id)
    recorded = ctx.services.receipts.mark_read(ctx.caller, room_id, frame.seq, sender=ctx.connection_id)
    mine = receipt_wire(ctx.caller.user_id, recorded.changes[0].after)
    return Outcome(protocol.receipts(room_id, [mine]), after=recorded.fan_out)


ACTION = Action("markRead", MarkReadFrame, handle, permission=Permission.RECEIPTS)
