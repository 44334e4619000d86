"""Which WebSocket connections are live, whose they are, and which rooms they listen to."""

from __future__ import annotations

from datetime import timedelta

from cachetools import TTLCache
from pynamodb.exceptions import DoesNotExist

from chalicelib.auth import Principal
from chalicelib.models import Connection, Membership, RoomConnection, utcnow
from chalicelib.policy import GLOBAL_ROLES

# API Gateway closes a WebSocket after 2 hours at most; rows outlive that only by accident.
CONNECTION_TTL = timedelta(hours=2, minutes=5)


class ConnectionRegistry:
    """Connection rows plus the (room, connection) rows that make fan-out a single Query.

    The connection row carries the caller's identity and global roles from ``$connect``, so
    any container can rebuild the full principal. It is also cached per container: every
    frame after ``$connect`` would otherwise cost a GetItem.
    """

    def __init__(self, cache_size: int = 10_000) -> None:
        self._principals: TTLCache[str, Principal] = TTLCache(maxsize=cache_size, ttl=CONNECTION_TTL.total_seconds())

    def register(self, connection_id: str, principal: Principal) -> None:
        room_ids = {m.room_id for m in Membership.user_index.query(principal.user_id)}
        expires = utcnow() + CONNECTION_TTL
        Connection(connection_id, user_id=principal.user_id, username=principal.username,
                   roles=set(principal.roles), room_ids=room_ids or None, expires_at=expires).save()
        with RoomConnection.batch_write() as batch:
            for room_id in room_ids:
                batch.save(RoomConnection(room_id, connection_id, user_id=principal.user_id, expires_at=expires))
        self._principals[connection_id] = principal

    def principal(self, connection_id: str) -> Principal | None:
        cached = self._principals.get(connection_id)
        if cached is not None:
            return cached
        try:
            row = Connection.get(connection_id)
        except DoesNotExist:
            return None
        roles = tuple(role for role in GLOBAL_ROLES if role in (row.roles or ()))
        principal = Principal(user_id=row.user_id, username=row.username, email=None, roles=roles)
        self._principals[connection_id] = principal
        return principal

    def forget(self, connection_id: str, seen_in_room: str | None = None) -> None:
        """Delete a connection and all its room rows (on ``$disconnect`` or a Gone answer).

        ``seen_in_room`` is the room whose fan-out found it gone: that row is deleted even
        when the connection row has already expired (TTL deletes each table on its own).
        """
        self._principals.pop(connection_id, None)
        try:
            row = Connection.get(connection_id)
        except DoesNotExist:
            row = None
        room_ids = set(row.room_ids or ()) if row else set()
        if seen_in_room:
            room_ids.add(seen_in_room)
        with RoomConnection.batch_write() as batch:
            for room_id in room_ids:
                batch.delete(RoomConnection(room_id, connection_id))
        if row:
            row.delete()

    def room_connections(self, room_id: str) -> list[str]:
        return [rc.connection_id for rc in RoomConnection.query(room_id, attributes_to_get=["connectionId"])]

    def room_connections_of(self, room_id: str, user_ids: set[str]) -> list[str]:
        """The room's live connections that belong to these users (one Query on the room)."""
        rows = RoomConnection.query(room_id, attributes_to_get=["connectionId", "userId"])
        return [rc.connection_id for rc in rows if rc.user_id in user_ids]

    def user_connections(self, user_id: str) -> list[Connection]:
        return list(Connection.user_index.query(user_id))

    def subscribe(self, user_id: str, room_id: str) -> list[str]:
        """A user joined a room: their already-open connections start receiving it (returned)."""
        expires = utcnow() + CONNECTION_TTL
        subscribed = []
        for conn in self.user_connections(user_id):
            conn.update(actions=[Connection.room_ids.add({room_id})])
            RoomConnection(room_id, conn.connection_id, user_id=user_id, expires_at=expires).save()
            subscribed.append(conn.connection_id)
        return subscribed

    def unsubscribe(self, user_id: str, room_id: str) -> list[str]:
        """The user left or was removed: their open connections stop receiving the room (returned)."""
        unsubscribed = []
        for conn in self.user_connections(user_id):
            conn.update(actions=[Connection.room_ids.delete({room_id})])
            RoomConnection(room_id, conn.connection_id).delete()
            unsubscribed.append(conn.connection_id)
        return unsubscribed


