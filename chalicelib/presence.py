"""Presence: online while a user has any live connection, pushed to whoever shares a room with them.

The live connection set and the announced state share one ``Presence`` row per user (kept by
``ConnectionRegistry``). A change is pushed once per distinct connection of the user's rooms,
not once per room, and only when the announced state really flips (conditional writes), so
racing connects and disconnects announce once. A reload costs two changes (offline, online):
waiting out a grace period inside ``$disconnect`` would bill an idle Lambda and hold a
container per disconnect, so clients smooth the flicker instead (docs/protocol.md).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from pynamodb.exceptions import UpdateError

from chalicelib import protocol
from chalicelib.auth import Principal
from chalicelib.broadcast import Broadcaster
from chalicelib.connections import ConnectionRegistry
from chalicelib.models import Membership, Presence, utcnow
from chalicelib.policy import Permission
from chalicelib.protocol import PresenceWire
from chalicelib.rooms import Rooms


def is_online(row: Presence | None) -> bool:
    """What was last announced, unless the row outlived every connection (TTL deletes lazily)."""
    return bool(row and row.online and row.expires_at and row.expires_at > utcnow())


class PresenceService:
    def __init__(self, rooms: Rooms, connections: ConnectionRegistry, broadcast: Broadcaster,
                 lookups: ThreadPoolExecutor) -> None:
        self._rooms = rooms
        self._connections = connections
        self._broadcast = broadcast
        self._lookups = lookups

    def came_online(self, user_id: str, room_ids: set[str]) -> None:
        self._announce(user_id, True, room_ids)

    def went_quiet(self, user_id: str, room_ids: set[str]) -> None:
        """The user's last connection closed: announce offline, unless a new connection already
        opened; the conditional write makes exactly one of several racing disconnects announce it."""
        try:
            Presence(user_id).update(actions=[Presence.online.set(False)],
                                     condition=Presence.connection_ids.does_not_exist() & (Presence.online == True))  # noqa: E712
        except UpdateError as exc:
            if exc.cause_response_code != "ConditionalCheckFailedException":
                raise
            return  # back online already, or already announced
        self._announce(user_id, False, room_ids)

    def room_presence(self, principal: Principal, room_id: str) -> list[PresenceWire]:
        """``GET /rooms/{id}/presence``: every member's state, for a client's initial view."""
        self._rooms.authorize(principal, room_id, Permission.READ_PRESENCE)
        members = [m.user_id for m in Membership.query(room_id, attributes_to_get=["userId"])]
        rows = {row.user_id: row for row in Presence.batch_get(members)} if members else {}
        return [{"userId": user_id, "online": is_online(rows.get(user_id))} for user_id in members]

    def _announce(self, user_id: str, online: bool, room_ids: set[str]) -> None:
        """One post per distinct connection of the rooms' other members (one Query per room, in parallel)."""
        owners = self._lookups.map(self._connections.room_connection_owners, sorted(room_ids))
        targets = {cid for room in owners for cid, owner in room.items() if owner != user_id}
        if targets:
            self._broadcast.to_connections(sorted(targets), protocol.presence([{"userId": user_id, "online": online}]))
