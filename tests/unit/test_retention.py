"""The retention sweep against an in-process moto: it deletes exactly the rows whose expiry has
passed, found through the sparse expiry index, and bounds each run."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from moto_tables import moto_tables

from chalicelib import retention
from chalicelib.config import Settings
from chalicelib.models import EXPIRY_SHARDS, AuditRecord, Message, expiry_bucket, utcnow
from chalicelib.retention import Retention, buckets

SETTINGS = Settings.from_env({"TABLE_PREFIX": "cloudchat-unit-", "AWS_REGION": "us-east-1"})
ROOM = "00000000-0000-4000-8000-00000000000a"
NOW = utcnow()


@pytest.fixture
def tables() -> Iterator[None]:
    with moto_tables(SETTINGS):
        yield


def message(seq: int, expires_in: timedelta | None, *, bucketed: bool = True) -> None:
    expires_at = NOW + expires_in if expires_in is not None else None
    Message(ROOM, seq, message_id=f"m{seq}", user_id="u", username="u", client_msg_id=f"c{seq}",
            created_at="2026-01-01T00:00:00.000Z", expires_at=expires_at,
            expiry_bucket=expiry_bucket(ROOM, expires_at) if expires_at and bucketed else None).save()


def remaining() -> list[int]:
    return [int(m.seq) for m in Message.query(ROOM)]


def test_buckets_cover_every_shard_of_every_day_back_to_the_lookback() -> None:
    found = buckets(NOW, 2)
    assert len(found) == 3 * EXPIRY_SHARDS
    assert found[0] == f"{NOW - timedelta(days=2):%Y-%m-%d}#0" and found[-1].startswith(f"{NOW:%Y-%m-%d}#")
    assert expiry_bucket(ROOM, NOW) in found


def test_the_sweep_deletes_only_what_has_expired(tables: None) -> None:
    message(1, -timedelta(days=3))
    message(2, -timedelta(seconds=5))
    message(3, timedelta(seconds=60))  # today, not yet
    message(4, timedelta(days=90))
    message(5, None)  # never expires
    message(6, -timedelta(days=30))  # older than the lookback: left to DynamoDB's TTL
    message(7, -timedelta(days=1), bucketed=False)  # stored before the index: left to DynamoDB's TTL
    AuditRecord(ROOM, 8, action="kick", actor_id="a", actor_name="a", at="x", expires_at=NOW - timedelta(hours=1),
                expiry_bucket=expiry_bucket(ROOM, NOW - timedelta(hours=1))).save()
    AuditRecord(ROOM, 9, action="kick", actor_id="a", actor_name="a", at="x", expires_at=NOW + timedelta(days=1),
                expiry_bucket=expiry_bucket(ROOM, NOW + timedelta(days=1))).save()
    deleted = Retention(lookback_days=7).sweep(NOW)
    assert deleted == {Message.Meta.table_name: 2, AuditRecord.Meta.table_name: 1}
    assert remaining() == [3, 4, 5, 6, 7]
    assert [int(a.seq) for a in AuditRecord.query(ROOM)] == [9]
    assert Retention(lookback_days=7).sweep(NOW) == {Message.Meta.table_name: 0, AuditRecord.Meta.table_name: 0}


def test_a_grace_leaves_recently_expired_rows_to_dynamodbs_ttl(tables: None) -> None:
    message(1, -timedelta(hours=30))
    message(2, -timedelta(hours=2))
    assert Retention(lookback_days=7, grace_hours=24).sweep(NOW)[Message.Meta.table_name] == 1
    assert remaining() == [2]


def test_a_run_deletes_at_most_max_deletes_and_the_next_goes_on(tables: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(retention, "MAX_DELETES", 3)
    for seq in range(1, 6):
        message(seq, -timedelta(minutes=seq))
    assert Retention(lookback_days=1).sweep(NOW)[Message.Meta.table_name] == 3
    assert len(remaining()) == 2
    assert Retention(lookback_days=1).sweep(NOW)[Message.Meta.table_name] == 2
    assert remaining() == []
