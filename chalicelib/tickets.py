"""Single-use WebSocket tickets: the only credential ``$connect`` accepts.

A browser cannot set headers on a WebSocket handshake, so whatever authenticates it travels
in the URL, where proxies and access logs keep it (ASVS 8.3.1). A ticket is worth little
there: it is random, redeemable once, within ``ticket_seconds`` (at most 60), and stored
only as its SHA-256. It carries the principal and the token's ``exp`` it was issued for.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import time
from datetime import UTC, datetime
from typing import Any

from pynamodb.constants import ALL_OLD
from pynamodb.exceptions import DeleteError, DoesNotExist

from chalicelib.auth import INVALID_CREDENTIALS, Principal
from chalicelib.errors import Unauthorized
from chalicelib.models import Ticket, User
from chalicelib.policy import GLOBAL_ROLES
from chalicelib.protocol import TicketWire

log = logging.getLogger(__name__)


def _digest(ticket: str) -> str:
    return hashlib.sha256(ticket.encode()).hexdigest()


def _refused(reason: str) -> Unauthorized:
    log.info("ticket refused: %s", reason)
    return Unauthorized(INVALID_CREDENTIALS)


class Tickets:
    def __init__(self, ticket_seconds: int) -> None:
        self._seconds = ticket_seconds

    def issue(self, principal: Principal) -> TicketWire:
        """One PutItem, after one GetItem that refuses a token issued before the user's last
        revocation (sign-out everywhere, disable, role change) even though it still verifies."""
        now = int(time.time())
        if principal.expires_at and principal.expires_at <= now:
            raise _refused("token expired")
        revoked = self.revoked_before(principal.user_id)
        if revoked and principal.issued_at <= revoked:  # the same second counts as before: err on refusing
            raise _refused(f"token of {principal.user_id} issued before its revocation")
        ticket = secrets.token_urlsafe(32)
        valid_until = now + self._seconds
        Ticket(_digest(ticket), user_id=principal.user_id, username=principal.username, email=principal.email,
               roles=set(principal.roles) or None, token_exp=principal.expires_at, valid_until=valid_until,
               expires_at=datetime.fromtimestamp(valid_until, UTC)).save()
        return {"ticket": ticket, "expiresIn": self._seconds}

    @staticmethod
    def redeem(ticket: str | None) -> Principal:
        """Consume the ticket (a conditional delete returning the old item: a replay, even a
        concurrent one, finds nothing) and return the principal it was issued to."""
        if not ticket or len(ticket) > 128:
            raise _refused("no ticket")
        connection = Ticket._get_connection()
        try:
            answer: dict[str, Any] = connection.delete_item(
                _digest(ticket), condition=Ticket.ticket_hash.exists(), return_values=ALL_OLD)
        except DeleteError as exc:
            if exc.cause_response_code == "ConditionalCheckFailedException":
                raise _refused("unknown or already used ticket") from exc
            raise
        row = Ticket.from_raw_data(answer["Attributes"])
        if row.valid_until < time.time():
            raise _refused("ticket expired")
        roles = tuple(role for role in GLOBAL_ROLES if role in (row.roles or ()))
        return Principal(user_id=row.user_id, username=row.username, email=row.email, roles=roles or ("user",),
                         expires_at=int(row.token_exp))

    @staticmethod
    def revoked_before(user_id: str) -> int:
        try:
            user = User.get(user_id, attributes_to_get=["tokensValidAfter"])
        except DoesNotExist:
            return 0
        return int(user.tokens_valid_after or 0)

    @staticmethod
    def revoke(user_id: str) -> None:
        """Tokens issued until now get no more tickets (the user signs in again for new ones).
        The user's profile exists (``Users.get`` or ``Users.ensure`` first)."""
        User(user_id).update(actions=[User.tokens_valid_after.set(int(time.time()))],
                             condition=User.user_id.exists())
