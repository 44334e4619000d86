"""Blocking: a user blocks another; the blocked one can no longer open a DM with them, send
them a DM or invite them. Who is refused is policy.py's (``blocked``); this module keeps the rows."""

from __future__ import annotations

from pynamodb.exceptions import DeleteError

from chalicelib import protocol
from chalicelib.auth import Principal
from chalicelib.errors import NotFound, ValidationFailed
from chalicelib.models import Block, utcnow
from chalicelib.protocol import BlockWire
from chalicelib.users import Users

MAX_BLOCKS = 1000  # per user: the list is one Query


def blocks(blocker: str, blocked: str) -> bool:
    """Has ``blocker`` blocked ``blocked``? One consistent GetItem (an unblock counts at once)."""
    return Block.count(blocker, Block.blocked_id == blocked, consistent_read=True) > 0


class Blocks:
    def __init__(self, users: Users) -> None:
        self._users = users

    def block(self, principal: Principal, user_id: str) -> BlockWire:
        """Idempotent: blocking again keeps the first row."""
        if user_id == principal.user_id:
            raise ValidationFailed("You cannot block yourself", code="invalid_user_id")
        user = self._users.get(user_id)
        if Block.count(principal.user_id) >= MAX_BLOCKS:
            raise ValidationFailed(f"You can block at most {MAX_BLOCKS} users", code="too_many_blocks")
        row = Block(principal.user_id, user.user_id, username=user.username, blocked_at=protocol.timestamp(utcnow()))
        try:
            return protocol.block_wire(Block.get(principal.user_id, user.user_id, consistent_read=True))
        except Block.DoesNotExist:
            row.save()
        return protocol.block_wire(row)

    @staticmethod
    def unblock(principal: Principal, user_id: str) -> dict[str, str]:
        try:
            Block(principal.user_id, user_id).delete(condition=Block.user_id.exists())
        except DeleteError as exc:
            if exc.cause_response_code == "ConditionalCheckFailedException":
                raise NotFound("You have not blocked that user", code="block_not_found") from exc
            raise
        return {"userId": user_id}

    @staticmethod
    def list(principal: Principal) -> list[BlockWire]:
        return [protocol.block_wire(row) for row in Block.query(principal.user_id, limit=MAX_BLOCKS)]
