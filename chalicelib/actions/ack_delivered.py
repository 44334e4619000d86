"""``ackDelivered``: the client received messages up to these seqs (one batched frame for every room)."""

from __future__ import annotations

from chalicelib import protocol
from chalicelib.actions.base import Action, Context, Outcome
from chalicelib.schemas import AckDeliveredFrame


def handle(ctx: Context, frame: AckDeliveredFrame) -> Outcome:
    """Membership is checked per room by ``Receipts`` (a frame names many rooms)."""
    recorded = ctx.services.receipts.ack_delivered(ctx.caller, frame.highest())
    reply = protocol.delivered({change.room_id: change.after.delivered for change in recorded.changes})
    return Outcome(reply, after=recorded.fan_out)


ACTION = Action("ackDelivered", AckDeliveredFrame, handle)
