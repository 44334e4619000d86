"""Cost of delivery and read states in one room: DynamoDB writes and WebSocket posts per message.

Starts the local stack, fills a room with one sender and N-1 recipients, and plays the client
batching of docs/protocol.md in logical 2-second ticks: in each tick the sender posts K
messages, then every recipient sends ONE ``ackDelivered`` covering all it received (clients
batch acks to one frame per 2 s), then (read phase) ONE ``markRead`` (one per room per 2 s).
K=1 is a quiet room (every message gets its own acks), larger K a busy one. Counts come from
the stack itself: moto's per-operation call counter and the emulator's ``@connections`` posts.

    .venv/bin/python bench/receipts.py --members 50 --ticks 3 --per-tick 1 10
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import uuid
from pathlib import Path
from typing import Any

import requests
from websockets.asyncio.client import ClientConnection, connect

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from latency import counters

from local import bootstrap, client, process

WRITES = ("dynamodb.PutItem", "dynamodb.UpdateItem", "dynamodb.DeleteItem", "dynamodb.BatchWriteItem")


def delta(before: dict[str, int], after: dict[str, int]) -> dict[str, int]:
    return {k: v - before.get(k, 0) for k, v in after.items() if v - before.get(k, 0)}


class Member:
    """One socket: the highest seq it received, and the answers to its own frames."""

    def __init__(self, user_id: str, ws: ClientConnection) -> None:
        self.user_id = user_id
        self.ws = ws
        self.seen = 0
        self.replies = 0
        self.reader = asyncio.create_task(self.read())

    async def read(self) -> None:
        async for raw in self.ws:
            event = json.loads(raw)
            if event["event"] == "message":
                self.seen = max(self.seen, event["message"]["seq"])
            elif event["event"] in ("delivered", "error") or (
                    event["event"] == "receipts" and event["members"][0]["userId"] == self.user_id):
                self.replies += 1  # a markRead's reply carries the caller's own marks; others' come from fan-out
                if event["event"] == "error":
                    raise RuntimeError(f"frame failed: {event}")


async def until(check: Any, timeout: float = 60) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not check():
        if asyncio.get_running_loop().time() > deadline:
            raise TimeoutError("the room did not settle")
        await asyncio.sleep(0.02)


def make_users(info: dict[str, Any], count: int) -> list[tuple[str, str]]:
    """(sub, token) for ``count`` fresh users with profiles."""
    users = []
    for _ in range(count):
        name = f"bench-{uuid.uuid4().hex[:8]}"
        sub = bootstrap.create_user(info["region"], info["userPoolId"], name, info["password"])
        token = bootstrap.sign_in(info["region"], info["clientId"], name, info["password"])["IdToken"]
        requests.get(f"{info['rest']}/me", headers={"Authorization": token}, timeout=15).raise_for_status()
        users.append((sub, token))
    return users


async def run(info: dict[str, Any], members: int, ticks: int, per_tick: int) -> dict[str, Any]:
    users = make_users(info, members)
    rest = info["rest"].rstrip("/")
    sender_token = users[0][1]
    room = requests.post(f"{rest}/rooms", json={"kind": "public", "name": f"bench-{per_tick}"},
                         headers={"Authorization": sender_token}, timeout=15).json()["roomId"]
    for _, token in users[1:]:
        requests.post(f"{rest}/rooms/{room}/join", headers={"Authorization": token}, timeout=15).raise_for_status()
    sender_ws = await connect(client.ticket_url(info["rest"], info["ws"], sender_token), max_size=None)
    sender = Member(users[0][0], sender_ws)
    recipients = [Member(sub, await connect(client.ticket_url(info["rest"], info["ws"], token), max_size=None))
                  for sub, token in users[1:]]
    totals: dict[str, dict[str, int]] = {"deliver": {}, "read": {}}
    last = 0
    for _ in range(ticks):
        for _ in range(per_tick):
            await sender_ws.send(json.dumps({"action": "sendMessage", "roomId": room, "content": "bench",
                                             "clientMsgId": uuid.uuid4().hex}))
            last += 1
        await until(lambda: all(r.seen >= last for r in recipients))  # noqa: B023
        for phase, action in (("deliver", "ackDelivered"), ("read", "markRead")):
            await asyncio.sleep(0.3)  # let the previous phase's fan-out finish before counting
            before = counters(info)
            replies = sum(r.replies for r in recipients)
            for r in recipients:
                frame = ({"action": "ackDelivered", "rooms": [{"roomId": room, "seq": r.seen}]}
                         if action == "ackDelivered" else {"action": "markRead", "roomId": room, "seq": r.seen})
                await r.ws.send(json.dumps(frame))
            await until(lambda: sum(r.replies for r in recipients) >= replies + len(recipients))  # noqa: B023
            await asyncio.sleep(1.0)  # the fan-out after each reply
            for key, value in delta(before, counters(info)).items():
                totals[phase][key] = totals[phase].get(key, 0) + value
    for member in [sender, *recipients]:
        member.reader.cancel()
        await member.ws.close()
    messages = ticks * per_tick
    deliveries = messages * len(recipients)
    out: dict[str, Any] = {"members": members, "per_tick": per_tick, "messages": messages}
    for phase, counts in totals.items():
        writes = sum(counts.get(op, 0) for op in WRITES)
        calls = sum(v for k, v in counts.items() if k.startswith("dynamodb."))
        out[phase] = {"writes_per_message": writes / messages, "writes_per_delivery": writes / deliveries,
                      "dynamodb_calls_per_message": calls / messages,
                      "posts_per_message": counts.get("posts", 0) / messages}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--members", type=int, default=50, help="room size, sender included")
    parser.add_argument("--ticks", type=int, default=3, help="2-second client batching windows")
    parser.add_argument("--per-tick", type=int, nargs="+", default=[1, 10], help="messages posted per window")
    args = parser.parse_args()
    with process.running("--web-dir", "/nonexistent") as stack:
        os.environ.update({"AWS_ENDPOINT_URL": stack.info["moto"], "AWS_ACCESS_KEY_ID": "testing",
                           "AWS_SECRET_ACCESS_KEY": "testing", "AWS_REGION": stack.info["region"]})
        results = [asyncio.run(run(stack.info, args.members, args.ticks, k)) for k in args.per_tick]
    print(f"{args.members}-member room, one ackDelivered per recipient per 2 s window and one markRead "
          f"per recipient per 2 s window")
    for r in results:
        print(f"  {r['per_tick']:>3} message(s) per window ({r['messages']} messages):")
        for phase in ("deliver", "read"):
            p = r[phase]
            print(f"    {phase:>7}: DynamoDB writes/message {p['writes_per_message']:.1f} "
                  f"({p['writes_per_delivery']:.2f} per delivery), DynamoDB calls/message "
                  f"{p['dynamodb_calls_per_message']:.1f}, WebSocket posts/message {p['posts_per_message']:.1f}")


if __name__ == "__main__":
    main()
