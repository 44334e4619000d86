"""The retention sweep: deletes messages and audit records past their ``expiresAt``.

DynamoDB's TTL deletes them too, but only eventually (typically within days) and moto never
does, so a scheduled sweep (``sweep_retention`` in app.py: hourly in AWS, the stack's timer
locally) enforces the retention on time. It finds expired rows without a Scan: every row
carries an ``expiryBucket`` (``<day>#<shard>``, ``models.expiry_bucket``) in a sparse
``ExpiryIndex``, and the sweep Queries each (day, shard) from ``lookback_days`` ago to today
for ``expiresAt <= now``, then deletes what it found in BatchWriteItem calls of 25.

TTL deletions are free and the sweep's are not (a message row and its five index entries are
~6 write units), so ``grace_hours`` can leave a row to TTL that long past its expiry first.

A deleted message leaves the search index through the Messages stream (the indexer sees its
old image and removes its words), as a TTL deletion does. Each run deletes at most
``MAX_DELETES`` rows per table, so it fits in a Lambda's timeout; the next run goes on.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from pynamodb.models import Model

from chalicelib.models import EXPIRY_SHARDS, AuditRecord, Message, utcnow

log = logging.getLogger(__name__)

MAX_DELETES = 5000  # per table per run
SWEPT: tuple[type[Model], ...] = (Message, AuditRecord)


def buckets(now: datetime, lookback_days: int) -> list[str]:
    """Every (day, shard) bucket a row that has expired by ``now`` may sit in, oldest first."""
    days = [(now - timedelta(days=back)).strftime("%Y-%m-%d") for back in range(lookback_days, -1, -1)]
    return [f"{day}#{shard}" for day in days for shard in range(EXPIRY_SHARDS)]


class Retention:
    def __init__(self, lookback_days: int, grace_hours: float = 0) -> None:
        self._lookback_days = lookback_days
        self._grace = timedelta(hours=grace_hours)

    def sweep(self, now: datetime | None = None) -> dict[str, int]:
        """Delete what had expired ``grace_hours`` before ``now``; returns the rows deleted per table."""
        cutoff = (now or utcnow()) - self._grace
        deleted = {model.Meta.table_name: self._sweep(model, cutoff) for model in SWEPT}
        log.info("retention sweep deleted %s", deleted)
        return deleted

    def _sweep(self, model: Any, cutoff: datetime) -> int:
        deleted = 0
        index = model.expiry_index
        with model.batch_write() as batch:
            for bucket in buckets(cutoff, self._lookback_days):
                for row in index.query(bucket, type(index).expires_at <= int(cutoff.timestamp()),
                                       limit=MAX_DELETES - deleted):
                    batch.delete(row)
                    deleted += 1
                if deleted >= MAX_DELETES:
                    break
        return deleted
