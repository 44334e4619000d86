"""Invitations: adding someone to a room asks them first. Nobody becomes a member of a room
they did not join or accept, so nobody can be filled up with rooms against their will.

Rows are keyed by invitee (``GET /me/invitations`` is one Query) and expire unanswered after
``INVITATION_DAYS`` (TTL; an expired row still present is treated as gone). Accepting is
``Rooms.accept``: it re-checks the ban and the caps through the same writer as a join.
"""

from __future__ import annotations

from datetime import timedelta

from pynamodb.exceptions import DeleteError

from chalicelib import protocol
from chalicelib.auth import Principal
from chalicelib.broadcast import Broadcaster
from chalicelib.connections import ConnectionRegistry
from chalicelib.errors import NotFound
from chalicelib.models import Invitation, Room, User, utcnow
from chalicelib.protocol import InvitationWire

MAX_LISTED = 100  # the newest pending invitations one call returns
MAX_READ = 1000  # invitations are rate limited and expire: more pending than this is abuse


def invitation_not_found() -> NotFound:
    return NotFound("No pending invitation to this room", code="invitation_not_found")


class Invitations:
    def __init__(self, connections: ConnectionRegistry, broadcast: Broadcaster, lifetime_days: int) -> None:
        self._connections = connections
        self._broadcast = broadcast
        self._lifetime = timedelta(days=lifetime_days)

    def invite(self, inviter: Principal, room: Room, invitee: User) -> InvitationWire:
        """Store (or renew) the invitation and tell the invitee's open sockets. Who may invite
        whom is the caller's check (``Permission.ADD_MEMBER`` and its ``banned``/``blocked``)."""
        now = utcnow()
        row = Invitation(invitee.user_id, room.room_id, room_name=room.name, room_kind=room.kind,
                         invited_by=inviter.user_id, invited_by_name=inviter.username,
                         invited_at=protocol.timestamp(now), expires_at=now + self._lifetime)
        row.save()
        wire = protocol.invitation_wire(row)
        devices = [c.connection_id for c in self._connections.user_connections(invitee.user_id)]
        if devices:
            self._broadcast.to_connections(devices, protocol.room_invited(wire))
        return wire

    @staticmethod
    def pending(principal: Principal) -> list[InvitationWire]:
        """Newest first; expired ones are left out (TTL deletes them lazily)."""
        now = utcnow()
        rows = [row for row in Invitation.query(principal.user_id, limit=MAX_READ)
                if row.expires_at and row.expires_at > now]
        rows.sort(key=lambda row: row.invited_at, reverse=True)
        return [protocol.invitation_wire(row) for row in rows[:MAX_LISTED]]

    @staticmethod
    def get(user_id: str, room_id: str) -> Invitation:
        """The pending invitation, or 404 ``invitation_not_found`` (also once expired)."""
        try:
            row = Invitation.get(user_id, room_id, consistent_read=True)
        except Invitation.DoesNotExist as exc:
            raise invitation_not_found() from exc
        if not row.expires_at or row.expires_at <= utcnow():
            raise invitation_not_found()
        return row

    @staticmethod
    def discard(user_id: str, room_id: str) -> None:
        """Delete it, or 404 when there is none (declining twice)."""
        try:
            Invitation(user_id, room_id).delete(condition=Invitation.user_id.exists())
        except DeleteError as exc:
            if exc.cause_response_code == "ConditionalCheckFailedException":
                raise invitation_not_found() from exc
            raise
