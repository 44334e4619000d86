"""What envelope encryption adds to a send.

1. In process: AES-GCM seal + open of one message with the room's data key cached (the cost
   every send and every read pays), and the per-room key work a cache miss costs (against an
   in-process moto KMS: it counts the calls; KMS's own latency in AWS is a few ms per call).
2. Through the local stack: REST posts and WebSocket sendMessage -> messageAck, one at a time,
   in the seeded general room. Run it on a tree without encryption for the "before" figure.

    .venv/bin/python bench/envelope.py --messages 300
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import requests
from websockets.asyncio.client import connect

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from local import bootstrap, client, process


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * pct / 100))]


def summary(name: str, millis: list[float]) -> str:
    return (f"{name:<28} n={len(millis):<5} p50={percentile(millis, 50):7.2f} ms  p95={percentile(millis, 95):7.2f} ms"
            f"  mean={statistics.fmean(millis):7.2f} ms")


def in_process(messages: int) -> None:
    try:
        from chalicelib.envelope import CONTENT, Envelope
    except ImportError:
        print("in process: no chalicelib/envelope.py in this tree (no encryption)")
        return
    env = Envelope("unused", "us-east-1", 10, 300)
    room, text = str(uuid.uuid4()), "a typical chat message of about eighty characters, with a few words in it"
    env._keys[room] = bytes(32)  # a cached data key: what every send after the room's first pays
    started = time.perf_counter()
    for i in range(messages):
        env.open(room, str(i), CONTENT, env.seal(room, str(i), CONTENT, text))
    per = (time.perf_counter() - started) / messages * 1e6
    print(f"in process: seal + open with a cached key: {per:.1f} µs per message")


async def over_websocket(info: dict[str, Any], token: str, room: str, messages: int) -> list[float]:
    millis: list[float] = []
    async with connect(client.ticket_url(info["rest"], info["ws"], token)) as ws:
        for i in range(messages):
            frame = {"action": "sendMessage", "roomId": room, "content": f"bench message {i} with some words",
                     "clientMsgId": f"b-{uuid.uuid4()}", "type": "text"}
            started = time.perf_counter()
            await ws.send(json.dumps(frame))
            while json.loads(await ws.recv()).get("event") != "messageAck":
                pass
            millis.append((time.perf_counter() - started) * 1000)
    return millis


def over_rest(info: dict[str, Any], token: str, room: str, messages: int) -> list[float]:
    session = requests.Session()
    session.trust_env = False
    session.headers["Authorization"] = token
    millis = []
    for i in range(messages):
        body = {"content": f"bench message {i} with some words", "clientMsgId": f"r-{uuid.uuid4()}"}
        started = time.perf_counter()
        response = session.post(f"{info['rest']}/rooms/{room}/messages", json=body, timeout=30)
        millis.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 201, response.text
    return millis


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--messages", type=int, default=300)
    args = parser.parse_args()
    in_process(10_000)
    with process.running("--web-dir", "/nonexistent") as stack:
        info = stack.info
        os.environ.update({"AWS_ENDPOINT_URL": info["moto"], "AWS_ACCESS_KEY_ID": "testing",
                           "AWS_SECRET_ACCESS_KEY": "testing"})
        token = bootstrap.sign_in(info["region"], info["clientId"], "alice", info["password"])["IdToken"]
        room = info["generalRoomId"]
        over_rest(info, token, room, 20)  # warm both workers and the room's data key
        rest = over_rest(info, token, room, args.messages)
        ws = asyncio.run(over_websocket(info, token, room, args.messages))
    print(summary("REST post -> 201", rest))
    print(summary("WebSocket send -> messageAck", ws))


if __name__ == "__main__":
    main()
