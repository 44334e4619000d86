"""Resume and per-change cost on the local stack.

Starts the local stack, then:
- counts the DynamoDB calls (by operation, as moto answered them) per plain send, thread
  reply, reaction and edit, over ``--samples`` of each, with a second member connected;
- fills a room with ``--gap`` messages and times a fresh client's ``resume`` from seq 0
  (pages of 500 changes) until ``hasMore`` is false.

Write capacity is computed from the calls, not measured (moto does not meter): every item
here is under 1 KB, so each item write costs 1 WCU plus 1 per GSI the item appears in.

    .venv/bin/python bench/resume.py --gap 1000
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from websockets.asyncio.client import ClientConnection, connect

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.latency import counters
from local import bootstrap, client, process


async def request(ws: ClientConnection, frame: dict[str, Any], until: str) -> dict[str, Any]:
    """Send a frame and wait for the first event named ``until`` on this socket."""
    await ws.send(json.dumps(frame))
    while True:
        event: dict[str, Any] = json.loads(await ws.recv())
        if event.get("event") == "error":
            raise RuntimeError(event)
        if event.get("event") == until:
            return event


async def measure(info: dict[str, Any], samples: int, op: Callable[[int], Awaitable[Any]]) -> Counter[str]:
    before = counters(info)
    for n in range(samples):
        await op(n)
    await asyncio.sleep(0.5)  # the last fan-out's Query
    after = counters(info)
    return Counter({k: (v - before.get(k, 0)) / samples for k, v in after.items()
                    if k.startswith("dynamodb.") and v != before.get(k, 0)})


async def run(info: dict[str, Any], samples: int, gap: int) -> None:
    region, client_id, ws_url = info["region"], info["clientId"], info["ws"]
    alice = bootstrap.sign_in(region, client_id, "alice", info["password"])["IdToken"]
    bob = bootstrap.sign_in(region, client_id, "bob", info["password"])["IdToken"]
    room = info["generalRoomId"]
    sender = await connect(client.ticket_url(info["rest"], ws_url, alice), max_size=None)
    # a second member, so fan-out posts
    watcher = await connect(client.ticket_url(info["rest"], ws_url, bob), max_size=None)

    async def send(n: int, **fields: Any) -> dict[str, Any]:
        frame = {"action": "sendMessage", "roomId": room, "content": f"bench {n}", "clientMsgId": uuid.uuid4().hex}
        return (await request(sender, {**frame, **fields}, "messageAck"))["message"]

    root = await send(0)
    own = [await send(n) for n in range(samples)]
    costs = {
        "plain send": await measure(info, samples, send),
        "thread reply": await measure(info, samples, lambda n: send(n, replyTo=root["messageId"])),
        "reaction": await measure(info, samples, lambda n: request(sender, {
            "action": "react", "roomId": room, "messageId": own[n]["messageId"], "emoji": "👍", "add": True},
            "messageUpdated")),
        "edit": await measure(info, samples, lambda n: request(sender, {
            "action": "editMessage", "roomId": room, "messageId": own[n]["messageId"], "content": "edited"},
            "messageUpdated")),
    }
    for name, calls in costs.items():
        split = ", ".join(f"{k.removeprefix('dynamodb.')} {v:.2f}" for k, v in sorted(calls.items()))
        print(f"{name:>13}: {sum(calls.values()):.2f} DynamoDB calls ({split})")

    filled = await fill(sender, room, gap)
    reader = await connect(client.ticket_url(info["rest"], ws_url, bob), max_size=None)
    started = time.perf_counter()
    after_seq, changes, pages = 0, 0, 0
    while True:
        page = await request(reader, {"action": "resume", "rooms": [{"roomId": room, "afterSeq": after_seq}],
                                      "limit": 500}, "resumed")
        changes, pages, after_seq = changes + len(page["changes"]), pages + 1, page["upToSeq"]
        if not page["hasMore"]:
            break
    elapsed = time.perf_counter() - started
    print(f"resume from seq 0 over {filled} sent messages (+{changes - filled} earlier changes): "
          f"{changes} changes in {pages} pages, {elapsed * 1000:.0f} ms")
    for ws in (sender, watcher, reader):
        await ws.close()


async def fill(ws: ClientConnection, room: str, count: int, window: int = 16) -> int:
    """Send ``count`` messages, ``window`` in flight, and wait for every ack."""
    acks = 0
    pending = 0
    for n in range(count):
        await ws.send(json.dumps({"action": "sendMessage", "roomId": room, "content": f"gap {n}",
                                  "clientMsgId": uuid.uuid4().hex}))
        pending += 1
        while pending >= window or (n == count - 1 and pending):
            if json.loads(await ws.recv()).get("event") == "messageAck":
                acks += 1
                pending -= 1
    return acks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--samples", type=int, default=30)
    parser.add_argument("--gap", type=int, default=1000)
    args = parser.parse_args()
    with process.running("--web-dir", "/nonexistent") as stack:
        os.environ.update({"AWS_ENDPOINT_URL": stack.info["moto"], "AWS_ACCESS_KEY_ID": "testing",
                           "AWS_SECRET_ACCESS_KEY": "testing"})
        asyncio.run(run(stack.info, args.samples, args.gap))


if __name__ == "__main__":
    main()
