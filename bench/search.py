"""Search: latency of ``GET /search`` over N messages, and what the index costs per message.

Starts the local stack, stores N messages in one room straight into the Messages table (batch
writes, as a fast client would over many sends; the send path's own cost is measured on a few
real REST sends), waits for the stream indexer (moto's stream, the real handler in a Lambda
worker) to index them all, then times searches through the REST API: a frequent word, a rare
one, two words (AND), and one room. Index writes per message are the entries it holds per
message (each also writes its room GSI); DynamoDB calls per send come from moto's call counter.

    .venv/bin/python bench/search.py --messages 10000 --searches 100
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

import boto3
import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from latency import counters, percentile

from chalicelib import models, protocol
from chalicelib.config import Settings
from chalicelib.models import Message, utcnow
from local import bootstrap, process

VOCABULARY = [f"w{i}" for i in range(2000)]
RARE = "zebracorn"  # in one message of every thousand


def sentence(rng: random.Random, i: int) -> str:
    """8-15 words, Zipf-like (a few words in most messages, most words in few)."""
    words = [VOCABULARY[min(int(rng.paretovariate(1.0)) - 1, len(VOCABULARY) - 1)] for _ in range(rng.randint(8, 15))]
    if i % 1000 == 0:
        words.append(RARE)
    return " ".join(words)


def seed(room_id: str, user_id: str, count: int) -> None:
    rng = random.Random(7)
    now = utcnow()
    with Message.batch_write() as batch:
        for seq in range(1, count + 1):
            created = protocol.timestamp(now - timedelta(milliseconds=count - seq))
            batch.save(Message(room_id, seq, message_id=str(uuid.uuid4()), user_id=user_id, username="bob",
                               plain_content=sentence(rng, seq), change_seq=seq, client_msg_id=f"bench-{seq}",
                               created_at=created, expires_at=now + timedelta(days=1)))
    models.Room(room_id).update(actions=[models.Room.last_seq.set(count)])


def index_entries(info: dict[str, Any]) -> int:
    client = boto3.client("dynamodb", region_name=info["region"], endpoint_url=info["moto"])
    total, start = 0, None
    while True:  # a bench may Scan; the app never does
        page = client.scan(TableName="cloudchat-local-SearchIndex", Select="COUNT",
                           **({"ExclusiveStartKey": start} if start else {}))
        total += page["Count"]
        start = page.get("LastEvaluatedKey")
        if not start:
            return total


def timed(info: dict[str, Any], session: requests.Session, url: str, params: dict[str, Any],
          runs: int) -> tuple[list[float], int, float]:
    """Latencies, results in the page, DynamoDB calls per search."""
    before = counters(info)
    times, hits = [], 0
    for _ in range(runs):
        started = time.perf_counter()
        response = session.get(url, params=params, timeout=30)
        times.append((time.perf_counter() - started) * 1000)
        response.raise_for_status()
        hits = len(response.json()["results"])
    return times, hits, dynamodb_calls(before, counters(info)) / runs


def send_cost(info: dict[str, Any], session: requests.Session, room_id: str, content: str, sends: int) -> float:
    before = counters(info)
    for _ in range(sends):
        body = {"content": content, "clientMsgId": str(uuid.uuid4())}
        session.post(f"{info['rest']}/rooms/{room_id}/messages", json=body, timeout=30).raise_for_status()
    after = counters(info)
    return dynamodb_calls(before, after, exclude=frozenset({"dynamodb.BatchWriteItem"})) / sends


def dynamodb_calls(before: dict[str, int], after: dict[str, int], exclude: frozenset[str] = frozenset()) -> int:
    """DynamoDB calls between two counter readings. Sends exclude ``BatchWriteItem``: only the
    stream indexer, running meanwhile, makes that call."""
    return sum(after.get(k, 0) - before.get(k, 0) for k in after if k.startswith("dynamodb.") and k not in exclude)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--searches", type=int, default=100)
    args = parser.parse_args()
    with process.running("--web-dir", "/nonexistent") as stack:
        info = stack.info
        os.environ.update({"AWS_ENDPOINT_URL": info["moto"], "AWS_ACCESS_KEY_ID": "testing",
                           "AWS_SECRET_ACCESS_KEY": "testing", "AWS_REGION": info["region"]})
        models.bind(Settings.from_env({**os.environ, "TABLE_PREFIX": "cloudchat-local-"}))
        token = bootstrap.sign_in(info["region"], info["clientId"], "bob", info["password"])["IdToken"]
        session = requests.Session()
        session.trust_env = False
        session.headers["Authorization"] = token
        room = session.post(f"{info['rest']}/rooms", json={"kind": "public", "name": "bench"}, timeout=30).json()
        room_id = room["roomId"]

        plain = send_cost(info, session, info["generalRoomId"], "a plain message", 20)
        mentioning = send_cost(info, session, info["generalRoomId"], "hello @alice", 20)
        time.sleep(2)  # let the stream index those 40 before counting

        baseline = index_entries(info)
        started = time.perf_counter()
        seed(room_id, info["users"]["bob"], args.messages)
        stored = time.perf_counter() - started
        previous, stable_since = -1, time.perf_counter()
        while True:  # indexed when the entry count stops growing for 3 s
            count = index_entries(info) - baseline
            if count != previous:
                previous, stable_since = count, time.perf_counter()
            elif time.perf_counter() - stable_since > 3:
                break
            time.sleep(0.5)
        indexed = time.perf_counter() - started - 3

        print(f"Search over {args.messages} messages (local stack: moto + Lambda workers, 2 shared cores)")
        print(f"  stored in {stored:.1f} s; indexed from the stream within {indexed:.1f} s")
        print(f"  index entries per message: {count / args.messages:.2f} (one PutItem each, plus its GSI copy: "
              f"{2 * count / args.messages:.2f} WCU per message)")
        print(f"  DynamoDB calls per REST send: plain {plain:.1f}, with one @mention {mentioning:.1f}")
        url = f"{info['rest']}/search"
        for label, params in [("frequent word (w0)", {"q": "w0"}), ("rare word", {"q": RARE}),
                              ("two words (AND)", {"q": "w1 w2"}), ("frequent word, one room", {"q": "w0",
                                                                                                "roomId": room_id})]:
            times, hits, calls = timed(info, session, url, {**params, "limit": 20}, args.searches)
            print(f"  {label:<26} p50 {statistics.median(times):6.1f} ms  p95 {percentile(times, 95):6.1f} ms"
                  f"  {calls:.1f} DynamoDB calls  ({hits} results in the first page)")


if __name__ == "__main__":
    main()
