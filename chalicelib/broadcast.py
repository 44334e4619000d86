"""Who an event goes to: one connection, a room's connections, or a given set; dead sockets are forgotten."""

from __future__ import annotations

import logging
import time

from chalicelib import telemetry
from chalicelib.connections import ConnectionRegistry
from chalicelib.fanout import Fanout, FanoutResult
from chalicelib.protocol import ServerEvent

log = logging.getLogger(__name__)

class Broadcaster:
    def __init__(self, connections: ConnectionRegistry, fanout: Fanout) -> None:
        self._connections = connections
        self._fanout = fanout

    def to_connection(self, connection_id: str, event: ServerEvent) -> None:
        if self._fanout.send(connection_id, event).gone:
            self._drop(connection_id)

    def to_room(self, room_id: str, event: ServerEvent, exclude: str | None = None,
                connections: list[str] | None = None) -> FanoutResult:
        """Every live connection subscribed to the room.

        ``connections`` is the room's connection list when the caller already read it (one
        Query for several events). Read it after the change is stored, never before: a socket
        that connects later then finds the change by ``resume`` instead (docs/protocol.md).
        """
        live = connections if connections is not None else self._connections.room_connections(room_id)
        targets = [cid for cid in live if cid != exclude]
        started = time.perf_counter()
        result = self._fanout.publish(targets, event)
        telemetry.fanout(result, (time.perf_counter() - started) * 1000)
        for gone in result.gone:  # also drops this room's row when the connection row itself is gone
            self._drop(gone, room_id)
        return result

    def to_connections(self, connection_ids: list[str], event: ServerEvent) -> None:
        """A known set of connections, e.g. one user's devices and tabs."""
        for gone in self._fanout.publish(connection_ids, event).gone:
            self._drop(gone)

    def _drop(self, connection_id: str, room_id: str | None = None) -> None:
        """Clean up after a Gone answer, best effort: the event itself is delivered or stored
        already, so a failed cleanup is logged, and the next fan-out that meets it retries."""
        try:
            self._connections.forget(connection_id, room_id, gone=True)
        except Exception:
            log.exception("could not remove gone connection %s", connection_id)
