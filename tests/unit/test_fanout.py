"""Fan-out through a fake @connections boundary: parallel, Gone-tolerant, failure-isolated."""

from __future__ import annotations

import json
import threading
import time

import pytest

from chalicelib.errors import ConnectionGone
from chalicelib.fanout import Fanout, FanoutResult, encode


class FakeManagementApi:
    """Records posts; ``gone`` ids answer GoneException, ``broken`` ids raise anything else."""

    def __init__(self, gone: set[str] = frozenset(), broken: set[str] = frozenset(), delay: float = 0.0) -> None:
        self.gone = set(gone)
        self.broken = set(broken)
        self.delay = delay
        self.posts: dict[str, list[bytes]] = {}
        self.threads: set[str] = set()
        self._lock = threading.Lock()

    def post(self, connection_id: str, data: bytes) -> None:
        if self.delay:
            time.sleep(self.delay)
        with self._lock:
            self.threads.add(threading.current_thread().name)
        if connection_id in self.gone:
            raise ConnectionGone(connection_id)
        if connection_id in self.broken:
            raise RuntimeError("endpoint timed out")
        with self._lock:
            self.posts.setdefault(connection_id, []).append(data)


EVENT = {"event": "message", "message": {"content": "héllo", "seq": 1}}


def fanout(api: FakeManagementApi, workers: int = 4) -> Fanout:
    return Fanout(api, workers)  # type: ignore[arg-type]


def test_delivers_to_all() -> None:
    api = FakeManagementApi()
    service = fanout(api)
    ids = [f"c{i}" for i in range(20)]
    result = service.publish(ids, EVENT)
    assert result == FanoutResult(delivered=20, gone=[], failed=0)
    assert sorted(api.posts) == sorted(ids)
    for posts in api.posts.values():
        assert posts == [encode(EVENT)]
        assert json.loads(posts[0]) == EVENT


def test_encoding_is_compact_utf8_json() -> None:
    data = encode(EVENT)
    assert isinstance(data, bytes)
    assert b" " not in data
    assert json.loads(data.decode()) == EVENT


def test_gone_connections_are_forgotten_and_others_still_delivered() -> None:
    api = FakeManagementApi(gone={"c1", "c3"})
    service = fanout(api)
    result = service.publish(["c0", "c1", "c2", "c3"], EVENT)
    assert result.delivered == 2
    assert result.gone == ["c1", "c3"]
    assert result.failed == 0
    assert sorted(api.posts) == ["c0", "c2"]


def test_generic_failure_is_counted_not_forgotten_and_does_not_stop_others(caplog: pytest.LogCaptureFixture) -> None:
    api = FakeManagementApi(gone={"c2"}, broken={"c0", "c4"})
    service = fanout(api)
    result = service.publish([f"c{i}" for i in range(6)], EVENT)
    assert (result.delivered, result.gone, result.failed) == (3, ["c2"], 2)
    assert sorted(api.posts) == ["c1", "c3", "c5"]
    assert "2 of 6 posts failed" in caplog.text


def test_empty_target_list() -> None:
    api = FakeManagementApi()
    service = fanout(api)
    assert service.publish([], EVENT) == FanoutResult()
    assert api.posts == {}


def test_send_reports_delivery_of_one_connection() -> None:
    api = FakeManagementApi(gone={"dead"}, broken={"flaky"})
    service = fanout(api)
    assert service.send("live", EVENT) == FanoutResult(delivered=1)
    assert service.send("dead", EVENT) == FanoutResult(gone=["dead"])
    assert service.send("flaky", EVENT) == FanoutResult(failed=1)


def test_accepts_any_iterable_of_ids() -> None:
    api = FakeManagementApi()
    service = fanout(api)
    assert service.publish((f"c{i}" for i in range(3)), EVENT).delivered == 3


def test_posts_run_in_parallel() -> None:
    api = FakeManagementApi(delay=0.2)
    service = fanout(api, workers=8)
    started = time.monotonic()
    assert service.publish([f"c{i}" for i in range(8)], EVENT).delivered == 8
    assert time.monotonic() - started < 0.2 * 8 / 2
    assert len(api.threads) > 1
    assert all(name.startswith("fanout") for name in api.threads)
