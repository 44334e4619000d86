"""Cost of typing and presence in one room: WebSocket posts and DynamoDB calls per event.

Starts the local stack, fills a room with N members, each but one connected on one socket,
then measures, from the stack's own counters (moto's per-operation calls and the emulator's
``@connections`` posts):
- typing: a fanned-out ``start``, a throttled ``start``, a ``stop``;
- presence: the last member's first ``$connect`` (online), a reload (close and reconnect: offline
  then online), and its last ``$disconnect`` (offline).

    .venv/bin/python bench/live.py --members 50
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from pathlib import Path
from typing import Any

import requests
from websockets.asyncio.client import ClientConnection, connect

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from latency import counters
from receipts import WRITES, delta, make_users

from local import client, process

SETTLE = 1.0  # fan-out after the reply finishes within this


class Watcher:
    """A connected member that counts the typing and presence events it receives."""

    def __init__(self, ws: ClientConnection) -> None:
        self.ws = ws
        self.events: dict[str, int] = {}
        self.reader = asyncio.create_task(self.read())

    async def read(self) -> None:
        async for raw in self.ws:
            name = json.loads(raw)["event"]
            self.events[name] = self.events.get(name, 0) + 1


def summary(counts: dict[str, int]) -> dict[str, int]:
    return {"dynamodb_calls": sum(v for k, v in counts.items() if k.startswith("dynamodb.")),
            "dynamodb_writes": sum(counts.get(op, 0) for op in WRITES), "posts": counts.get("posts", 0)}


async def measure(info: dict[str, Any], action: Any, wait: float = SETTLE) -> dict[str, int]:
    before = counters(info)
    await action()
    await asyncio.sleep(wait)
    return summary(delta(before, counters(info)))


async def run(info: dict[str, Any], members: int) -> dict[str, dict[str, int]]:
    users = make_users(info, members)
    rest = info["rest"].rstrip("/")
    owner_token = users[0][1]
    room = requests.post(f"{rest}/rooms", json={"kind": "public", "name": "bench-live"},
                         headers={"Authorization": owner_token}, timeout=15).json()["roomId"]
    for _, token in users[1:]:
        requests.post(f"{rest}/rooms/{room}/join", headers={"Authorization": token}, timeout=15).raise_for_status()
    watchers = [Watcher(await connect(client.ticket_url(info["rest"], info["ws"], token))) for _, token in users[1:]]
    await asyncio.sleep(SETTLE)  # their own presence posts are done
    url = client.ticket_url(info["rest"], info["ws"], owner_token)
    results: dict[str, dict[str, int]] = {}
    typist: ClientConnection | None = None

    async def come_online() -> None:
        nonlocal typist
        typist = await connect(url)

    results["presence: first $connect (online)"] = await measure(info, come_online)
    assert typist is not None

    async def frame(state: str) -> None:
        assert typist is not None
        await typist.send(json.dumps({"action": "typing", "roomId": room, "state": state}))
        ack = json.loads(await typist.recv())
        assert ack["event"] == "typingAck", ack

    results["typing: start, fanned out"] = await measure(info, lambda: frame("start"))
    results["typing: start, throttled"] = await measure(info, lambda: frame("start"))
    results["typing: stop"] = await measure(info, lambda: frame("stop"))

    reload_url = client.ticket_url(info["rest"], info["ws"], owner_token)  # a ticket opens one socket

    async def reload() -> None:
        nonlocal typist
        assert typist is not None
        await typist.close()
        typist = await connect(reload_url)

    results["presence: reload (offline, then online)"] = await measure(info, reload, SETTLE)

    async def go_offline() -> None:
        assert typist is not None
        await typist.close()

    results["presence: last $disconnect (offline)"] = await measure(info, go_offline, SETTLE)
    for w in watchers:
        w.reader.cancel()
        await w.ws.close()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--members", type=int, default=50, help="room size")
    args = parser.parse_args()
    with process.running("--web-dir", "/nonexistent") as stack:
        os.environ.update({"AWS_ENDPOINT_URL": stack.info["moto"], "AWS_ACCESS_KEY_ID": "testing",
                           "AWS_SECRET_ACCESS_KEY": "testing", "AWS_REGION": stack.info["region"]})
        results = asyncio.run(run(stack.info, args.members))
    print(f"{args.members}-member room, {args.members - 1} members connected (one socket each):")
    for name, r in results.items():
        print(f"  {name:<45} WebSocket posts {r['posts']:>3}, DynamoDB calls {r['dynamodb_calls']:>2} "
              f"({r['dynamodb_writes']} writes)")


if __name__ == "__main__":
    main()
