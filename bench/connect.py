"""``$connect`` time and DynamoDB calls against the number of rooms a user is in.

Starts the local stack, gives one new user 1, 100 and 500 memberships (planted straight in
the tables: the bench is about ``$connect``, not about joining), then opens ``--samples``
sockets at each size, one at a time, and prints the median and p95 handshake time and the
DynamoDB calls per ``$connect`` (by operation, as moto answered them). Each handshake writes
one RoomConnection row per room in BatchWriteItems of 25 and re-reads the memberships in
consistent BatchGetItems of 100; no item grows with the rooms (the Connection item holds none).
A user coming online (and going offline at ``$disconnect``) is also announced to every room's
connections: one RoomConnections Query per room (presence.py), the other per-room cost.

    .venv/bin/python bench/connect.py --samples 10
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

from websockets.asyncio.client import connect

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.latency import counters
from chalicelib import models
from chalicelib.config import Settings
from chalicelib.models import Membership, Room, User
from local import bootstrap, client, process
from local.stack import StackOptions

SIZES = (1, 100, 500)
HANDSHAKE_LIMIT_S = 29  # API Gateway's integration timeout: a slower $connect fails in AWS


def plant(user_id: str, username: str, rooms: int) -> None:
    """Top the user up to ``rooms`` memberships (public rooms, one member each)."""
    have = Membership.user_index.count(user_id)
    with Room.batch_write() as room_batch, Membership.batch_write() as member_batch:
        for n in range(have, rooms):
            room_id = str(uuid.uuid4())
            room_batch.save(Room(room_id, name=f"bench {n}", kind="public", created_by=user_id, member_count=1))
            member_batch.save(Membership(room_id, user_id, username=username))
    User(user_id).update(actions=[User.room_count.set(rooms)])


async def handshakes(ws_url: str, token: str, samples: int, info: dict[str, Any]) -> tuple[list[float], Counter[str]]:
    times: list[float] = []
    before = counters(info)
    for _ in range(samples):
        url = client.ticket_url(info["rest"], ws_url, token)  # the ticket's REST call is not the handshake's time
        started = time.perf_counter()
        ws = await connect(url, max_size=None, open_timeout=HANDSHAKE_LIMIT_S)
        times.append((time.perf_counter() - started) * 1000)
        await ws.close()
        await asyncio.sleep(0.2)  # let $disconnect finish before the next handshake
    after = counters(info)
    calls = Counter({k: (v - before.get(k, 0)) / samples for k, v in after.items()
                     if k.startswith("dynamodb.") and v != before.get(k, 0)})
    return times, calls


def run(info: dict[str, Any], samples: int) -> None:
    name = f"bench-{uuid.uuid4().hex[:8]}"
    user_id = bootstrap.create_user(info["region"], info["userPoolId"], name, info["password"], "user")
    token = bootstrap.sign_in(info["region"], info["clientId"], name, info["password"])["IdToken"]
    User(user_id, username=name).save()
    print("rooms  median ms  p95 ms  DynamoDB calls per $connect + $disconnect")
    for rooms in SIZES:
        plant(user_id, name, rooms)
        times, calls = asyncio.run(handshakes(info["ws"], token, samples, info))
        p95 = sorted(times)[max(0, round(0.95 * len(times)) - 1)]
        split = ", ".join(f"{k.removeprefix('dynamodb.')} {v:.1f}" for k, v in sorted(calls.items()))
        print(f"{rooms:>5}  {statistics.median(times):>9.0f}  {p95:>6.0f}  {sum(calls.values()):.1f} ({split})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--samples", type=int, default=10)
    args = parser.parse_args()
    with process.running("--web-dir", "/nonexistent") as stack:
        os.environ.update({"AWS_ENDPOINT_URL": stack.info["moto"], "AWS_ACCESS_KEY_ID": "testing",
                           "AWS_SECRET_ACCESS_KEY": "testing"})
        models.bind(Settings.from_env({"TABLE_PREFIX": StackOptions.table_prefix, "AWS_REGION": stack.info["region"]}))
        run(stack.info, args.samples)


if __name__ == "__main__":
    main()
