"""Deliver one event to many connections: parallel, bounded, and tolerant of dead sockets."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from chalicelib.errors import ConnectionGone
from chalicelib.gateway import ManagementApi

log = logging.getLogger(__name__)


@dataclass
class FanoutResult:
    delivered: int = 0
    gone: list[str] = field(default_factory=list)
    failed: int = 0


def encode(event: Mapping[str, object]) -> bytes:
    return json.dumps(event, separators=(",", ":")).encode()


class Fanout:
    """Posts an event to each connection through a fixed thread pool.

    Gone connections are reported in the result for the caller to delete; any other
    failure is counted and logged and never stops delivery to the rest.
    """

    def __init__(self, api: ManagementApi, workers: int) -> None:
        self._api = api
        self._pool = ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="fanout")

    def send(self, connection_id: str, event: Mapping[str, object]) -> FanoutResult:
        """Deliver to one connection."""
        return self.publish([connection_id], event)

    def publish(self, connection_ids: Iterable[str], event: Mapping[str, object]) -> FanoutResult:
        data = encode(event)
        ids = list(connection_ids)
        result = FanoutResult()
        for connection_id, outcome in zip(ids, self._pool.map(lambda cid: self._post(cid, data), ids), strict=True):
            if outcome == "ok":
                result.delivered += 1
            elif outcome == "gone":
                result.gone.append(connection_id)
            else:
                result.failed += 1
        if result.failed:
            log.warning("fan-out: %d of %d posts failed", result.failed, len(ids))
        return result

    def _post(self, connection_id: str, data: bytes) -> str:
        try:
            self._api.post(connection_id, data)
            return "ok"
        except ConnectionGone:
            return "gone"
        except Exception:  # one bad connection must not abort the others
            log.exception("post_to_connection failed for %s", connection_id)
            return "failed"
