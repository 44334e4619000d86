"""Which WebSocket connections are live, whose they are, and which rooms they listen to."""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from cachetools import TTLCache
from pynamodb.constants import ALL_OLD
from pynamodb.exceptions import DoesNotExist, UpdateError

from chalicelib.auth import Principal
from chalicelib.errors import ChatError
from chalicelib.models import TOKEN_SWEEP_SHARDS, Connection, Membership, Presence, RoomConnection, utcnow
from chalicelib.policy import GLOBAL_ROLES

# API Gateway closes a WebSocket after 2 hours at most; rows outlive that only by accident.
CONNECTION_TTL = timedelta(hours=2, minutes=5)
# API Gateway answers 410 Gone to a post until the connection's $connect has returned, which
# takes at most its 29 s integration timeout: a younger connection answering Gone is kept.
HANDSHAKE = timedelta(seconds=30)
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)  # a row without connectedAt counts as old


@dataclass(frozen=True)
class Registered:
    room_ids: set[str]
    came_online: bool  # the user's first live connection, and no offline pending: announce it


@dataclass(frozen=True)
class Forgotten:
    user_id: str
    room_ids: set[str]
    was_last: bool  # the user has no live connection left


def too_many_connections(limit: int) -> ChatError:
    return ChatError(f"At most {limit} open connections per user; close one first", code="too_many_connections",
                     status=429)


class ConnectionRegistry:
    """Connection rows plus the (room, connection) rows that make fan-out a single Query.

    The connection row carries the caller's identity and global roles from ``$connect``, so
    any container can rebuild the full principal. It is also cached per container: every
    frame after ``$connect`` would otherwise cost a GetItem. A connection's rooms are only its
    RoomConnection rows (found again through their ``ConnectionIndex``): no item grows with
    the number of rooms, and their writes are BatchWriteItems of 25, bounded by the rooms cap.
    """

    def __init__(self, max_per_user: int, cache_size: int = 10_000) -> None:
        self._max_per_user = max_per_user
        self._principals: TTLCache[str, Principal] = TTLCache(maxsize=cache_size, ttl=CONNECTION_TTL.total_seconds())

    def register(self, connection_id: str, principal: Principal) -> Registered:
        """Subscribe the connection to the user's rooms; 429 ``too_many_connections`` past the cap.

        Race-free against a concurrent leave: the connection joins the user's Presence row
        first (``unsubscribe_many`` reads it consistently), and after the room rows are
        written the memberships are read again consistently: rows of rooms left meanwhile go.
        """
        now = utcnow()
        live = [c for c in self.user_connections(principal.user_id) if c.expires_at and c.expires_at > now]
        if len(live) >= self._max_per_user:
            raise too_many_connections(self._max_per_user)
        expires = now + CONNECTION_TTL
        was_online = self._add_live(principal.user_id, connection_id, expires)
        Connection(connection_id, user_id=principal.user_id, username=principal.username,
                   roles=set(principal.roles), expires_at=expires, token_exp=principal.expires_at or None,
                   sweep_shard=zlib.crc32(connection_id.encode()) % TOKEN_SWEEP_SHARDS if principal.expires_at
                   else None).save()
        room_ids = {m.room_id for m in Membership.user_index.query(principal.user_id, attributes_to_get=["roomId"])}
        with RoomConnection.batch_write() as batch:
            for room_id in room_ids:
                batch.save(RoomConnection(room_id, connection_id, user_id=principal.user_id, expires_at=expires))
        still = self._still_member(principal.user_id, room_ids)
        if still != room_ids:
            with RoomConnection.batch_write() as batch:
                for room_id in room_ids - still:
                    batch.delete(RoomConnection(room_id, connection_id))
        self._principals[connection_id] = principal
        return Registered(still, came_online=not was_online)

    @staticmethod
    def _still_member(user_id: str, room_ids: set[str]) -> set[str]:
        """Of these rooms, those the user is a member of now (consistent BatchGets of 100)."""
        if not room_ids:
            return set()
        rows = Membership.batch_get([(room_id, user_id) for room_id in room_ids], consistent_read=True,
                                    attributes_to_get=["roomId", "userId"])
        return {row.room_id for row in rows}

    @staticmethod
    def _add_live(user_id: str, connection_id: str, expires: datetime) -> bool:
        """Add the connection to the user's Presence row and mark them online, in one write;
        returns whether they were already announced online. PynamoDB's ``Model.update`` only
        returns the new item, so this asks the table connection for the old one (ALL_OLD: the
        row is tiny, and moto leaves an attribute set to its old value out of UPDATED_OLD)."""
        answer = Presence._get_connection().update_item(
            user_id, actions=[Presence.connection_ids.add({connection_id}), Presence.online.set(True),
                              Presence.expires_at.set(expires)],
            return_values=ALL_OLD)
        return bool(answer.get("Attributes", {}).get("online", {}).get("BOOL"))

    def principal(self, connection_id: str) -> Principal | None:
        cached = self._principals.get(connection_id)
        if cached is not None:
            return cached
        try:
            row = Connection.get(connection_id)
        except DoesNotExist:
            return None
        roles = tuple(role for role in GLOBAL_ROLES if role in (row.roles or ()))
        principal = Principal(user_id=row.user_id, username=row.username, email=None, roles=roles,
                              expires_at=int(row.token_exp or 0))
        self._principals[connection_id] = principal
        return principal

    def forget(self, connection_id: str, seen_in_room: str | None = None, *,
               gone: bool = False) -> Forgotten | None:
        """Delete a connection, all its room rows and its place in the user's Presence row (on
        ``$disconnect`` or a Gone answer). None when the connection row was already gone, or
        (``gone``) when the connection is still in its handshake and so only answered Gone.

        ``seen_in_room`` is the room whose fan-out found it gone: that row is deleted even
        when the connection row has already expired (TTL deletes each table on its own).
        """
        try:
            row = Connection.get(connection_id)
        except DoesNotExist:
            row = None
        if gone and row is not None and utcnow() - (row.connected_at or EPOCH) < HANDSHAKE:
            return None
        self._principals.pop(connection_id, None)
        room_ids = {rc.room_id for rc in RoomConnection.connection_index.query(connection_id)}
        if seen_in_room:
            room_ids.add(seen_in_room)
        with RoomConnection.batch_write() as batch:
            for room_id in room_ids:
                batch.delete(RoomConnection(room_id, connection_id))
        if row is None:
            return None
        row.delete()
        return Forgotten(row.user_id, room_ids, was_last=self._drop_live(row.user_id, connection_id))

    @staticmethod
    def _drop_live(user_id: str, connection_id: str) -> bool:
        """Remove the connection from the user's Presence row; whether none is left. Idempotent."""
        presence = Presence(user_id)
        try:
            presence.update(actions=[Presence.connection_ids.delete({connection_id})],
                            condition=Presence.user_id.exists())  # an expired row stays gone
        except UpdateError as exc:
            if exc.cause_response_code != "ConditionalCheckFailedException":
                raise
            return False
        return not presence.connection_ids

    @staticmethod
    def token_expired(before: int) -> Iterator[str]:
        """Connections whose token expired before ``before`` (epoch s): one Query per shard."""
        for shard in range(TOKEN_SWEEP_SHARDS):
            for row in Connection.token_expiry_index.query(shard, Connection.token_exp < before):
                yield row.connection_id

    def room_connections(self, room_id: str) -> list[str]:
        return [rc.connection_id for rc in RoomConnection.query(room_id, attributes_to_get=["connectionId"])]

    def room_connections_of(self, room_id: str, user_ids: set[str]) -> list[str]:
        """The room's live connections that belong to these users (one Query on the room)."""
        return [cid for cid, owner in self.room_connection_owners(room_id).items() if owner in user_ids]

    def room_connection_owners(self, room_id: str) -> dict[str, str]:
        """The room's live connections and whose they are: connection id -> user id (one Query)."""
        rows = RoomConnection.query(room_id, attributes_to_get=["connectionId", "userId"])
        return {rc.connection_id: rc.user_id for rc in rows}

    def user_connections(self, user_id: str) -> list[Connection]:
        return list(Connection.user_index.query(user_id))

    def subscribe(self, user_id: str, room_id: str) -> list[str]:
        """A user joined a room: their already-open connections start receiving it (returned)."""
        expires = utcnow() + CONNECTION_TTL
        subscribed = [conn.connection_id for conn in self.user_connections(user_id)]
        with RoomConnection.batch_write() as batch:
            for connection_id in subscribed:
                batch.save(RoomConnection(room_id, connection_id, user_id=user_id, expires_at=expires))
        return subscribed

    def unsubscribe(self, user_id: str, room_id: str) -> list[str]:
        """The user left or was removed: their open connections stop receiving the room (returned)."""
        return self.unsubscribe_many(user_id, [room_id])

    def unsubscribe_many(self, user_id: str, room_ids: list[str]) -> list[str]:
        """Drop every (room, connection) row of the user in these rooms, in batches of 25.

        The connections come from the Presence row, read consistently (a socket registering
        right now is already in it: see ``register``), plus the connection index."""
        if not room_ids:
            return []
        try:
            listed = Presence.get(user_id, consistent_read=True).connection_ids or set()
        except DoesNotExist:
            listed = set()
        connection_ids = sorted(listed | {conn.connection_id for conn in self.user_connections(user_id)})
        with RoomConnection.batch_write() as batch:
            for room_id in room_ids:
                for connection_id in connection_ids:
                    batch.delete(RoomConnection(room_id, connection_id))
        return connection_ids


