"""Lambda's DynamoDB event source mapping, for the local stack: poll a table's stream and hand
each batch to the Chalice stream handlers in a Lambda worker, with the event shape Lambda sends.

As in AWS, a batch is retried until it succeeds (with backoff) before the shard moves on, so a
failing handler delays the index but loses nothing, and records of one item stay in order.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

log = logging.getLogger("local.streams")

BATCH_SIZE = 100  # the handlers' batch_size in app.py
IDLE_SECONDS = 0.1  # Lambda polls a shard about four times a second; tests like it quicker
RETRY_SECONDS = (0.2, 0.5, 1.0, 2.0)  # backoff between attempts of a failing batch
# An AWS stand-in that hangs or dies must not stop the poller for good: bounded calls, then retry.
CLIENT_CONFIG = Config(connect_timeout=2, read_timeout=5, retries={"mode": "standard", "total_max_attempts": 2})

Invoke = Callable[[dict[str, Any]], Awaitable[None]]


def lambda_record(record: dict[str, Any], stream_arn: str) -> dict[str, Any]:
    """A GetRecords record as Lambda delivers it: with ``eventSourceARN``, and the creation time
    in epoch seconds (boto3 parsed it into a datetime)."""
    dynamodb = dict(record["dynamodb"])
    created = dynamodb.get("ApproximateCreationDateTime")
    if isinstance(created, datetime):
        dynamodb["ApproximateCreationDateTime"] = int(created.timestamp())
    return {**record, "dynamodb": dynamodb, "eventSourceARN": stream_arn}


class StreamPoller:
    def __init__(self, table_name: str, region: str, endpoint_url: str, invoke: Invoke) -> None:
        self._table = table_name
        self._invoke = invoke
        self._dynamodb = boto3.client("dynamodb", region_name=region, endpoint_url=endpoint_url, config=CLIENT_CONFIG)
        self._streams = boto3.client("dynamodbstreams", region_name=region, endpoint_url=endpoint_url,
                                     config=CLIENT_CONFIG)

    async def run(self) -> None:
        """Follow the stream's shards (as of start-up: moto keeps one per table) from their
        oldest record (TRIM_HORIZON)."""
        arn = (await asyncio.to_thread(self._dynamodb.describe_table, TableName=self._table))["Table"][
            "LatestStreamArn"]
        description = (await asyncio.to_thread(self._streams.describe_stream, StreamArn=arn))["StreamDescription"]
        await asyncio.gather(*(self._follow(arn, shard["ShardId"]) for shard in description["Shards"]))

    async def _follow(self, arn: str, shard_id: str) -> None:
        iterator: str | None = (await asyncio.to_thread(
            self._streams.get_shard_iterator, StreamArn=arn, ShardId=shard_id,
            ShardIteratorType="TRIM_HORIZON"))["ShardIterator"]
        while iterator:
            try:
                page = await asyncio.to_thread(self._streams.get_records, ShardIterator=iterator, Limit=BATCH_SIZE)
            except (BotoCoreError, ClientError):
                log.warning("GetRecords failed; retrying in %.1f s", RETRY_SECONDS[-1], exc_info=True)
                await asyncio.sleep(RETRY_SECONDS[-1])
                continue
            records = page["Records"]
            if records:
                await self._deliver({"Records": [lambda_record(record, arn) for record in records]})
            else:
                await asyncio.sleep(IDLE_SECONDS)
            iterator = page.get("NextShardIterator")

    async def _deliver(self, event: dict[str, Any]) -> None:
        attempt = 0
        while True:
            try:
                await self._invoke(event)
                return
            except Exception:
                delay = RETRY_SECONDS[min(attempt, len(RETRY_SECONDS) - 1)]
                log.exception("stream batch of %d records failed; retrying in %.1f s", len(event["Records"]), delay)
                attempt += 1
                await asyncio.sleep(delay)
