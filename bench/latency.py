"""Fan-out latency and throughput of the local stack.

Starts the local stack, opens N receiving WebSockets in one room plus a sender, then sends
M messages twice: in lockstep (the next message only after every receiver has the last)
and pipelined (a window of messages in flight). Prints send->receive latency percentiles
over all deliveries, deliveries/s, the stack's peak RSS and CPU per delivery, and the AWS
calls the app made per message (counted inside the stack).

    .venv/bin/python bench/latency.py --receivers 50 --messages 200
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import threading
import time
import urllib.request
import uuid
from pathlib import Path
from typing import Any

import psutil
from websockets.asyncio.client import ClientConnection, connect

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from local import bootstrap, client, process


class RssSampler(threading.Thread):
    """Peak resident memory of the stack's process tree, sampled every 50 ms: the gateway
    process, the Lambda workers, and moto."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.root = psutil.Process(pid)
        self.peak_gateway = 0
        self.peak_children = 0
        self.running = True

    def run(self) -> None:
        while self.running:
            try:
                self.peak_gateway = max(self.peak_gateway, self.root.memory_info().rss)
                children = sum(child.memory_info().rss for child in self.root.children(recursive=True))
                self.peak_children = max(self.peak_children, children)
            except psutil.Error:
                pass
            time.sleep(0.05)


INDEXER_OP = "dynamodb.BatchWriteItem"

def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def counters(info: dict[str, Any]) -> dict[str, int]:
    """AWS calls as moto answered them, plus the emulator's ``@connections`` post count."""
    with urllib.request.urlopen(f"{info['moto']}/_local/calls", timeout=5) as response:
        calls: dict[str, int] = json.loads(response.read())
    with urllib.request.urlopen(f"{info['web']}_local/stats", timeout=5) as response:
        calls["posts"] = json.loads(response.read())["posts"]
    return calls


def cpu_by_role(pid: int) -> dict[str, float]:
    """CPU seconds so far of the gateway, the Lambda workers and moto (the stack's process tree)."""
    root = psutil.Process(pid)
    usage = {"gateway": sum(root.cpu_times()[:2]), "lambda": 0.0, "moto": 0.0}
    for child in root.children(recursive=True):
        role = "moto" if "moto_server" in " ".join(child.cmdline()) else "lambda"
        usage[role] += sum(child.cpu_times()[:2])
    return usage


async def receive_all(ws: ClientConnection, arrivals: dict[str, list[float]], expected: int) -> None:
    got = 0
    while got < expected:
        frame = json.loads(await ws.recv())
        if frame.get("event") == "message":
            arrivals.setdefault(frame["message"]["clientMsgId"], []).append(time.perf_counter())
            got += 1


async def run_phase(name: str, info: dict[str, Any], sender_token: str, receiver_token: str, room: str,
                    receivers: int, messages: int, window: int) -> dict[str, Any]:
    ws_url = info["ws"]
    sockets = [await connect(client.ticket_url(info["rest"], ws_url, receiver_token), max_size=None)
               for _ in range(receivers)]
    sender = await connect(client.ticket_url(info["rest"], ws_url, sender_token))
    arrivals: dict[str, list[float]] = {}
    sent_at: dict[str, float] = {}
    readers = [asyncio.create_task(receive_all(ws, arrivals, messages)) for ws in sockets]
    acks: asyncio.Queue[str] = asyncio.Queue()

    async def read_acks() -> None:
        while True:
            frame = json.loads(await sender.recv())
            if frame.get("event") == "messageAck":
                acks.put_nowait(frame["clientMsgId"])
            elif frame.get("event") == "error":
                raise RuntimeError(f"send failed: {frame}")

    ack_reader = asyncio.create_task(read_acks())
    before = counters(info)
    cpu_before = cpu_by_role(info["pid"])
    client_cpu_before = time.process_time()
    started = time.perf_counter()
    in_flight: list[str] = []
    for _ in range(messages):
        msg_id = uuid.uuid4().hex
        sent_at[msg_id] = time.perf_counter()
        await sender.send(json.dumps({"action": "sendMessage", "roomId": room, "content": f"bench {msg_id}",
                                      "clientMsgId": msg_id}))
        in_flight.append(msg_id)
        while len(in_flight) >= window:  # lockstep: window=1 and wait for every receiver
            oldest = in_flight.pop(0)
            while len(arrivals.get(oldest, ())) < receivers:
                await asyncio.sleep(0.0005)
    await asyncio.wait_for(asyncio.gather(*readers), timeout=120)
    elapsed = time.perf_counter() - started
    cpu = {role: used - cpu_before[role] for role, used in cpu_by_role(info["pid"]).items()}
    cpu["bench clients"] = time.process_time() - client_cpu_before
    after = counters(info)
    ack_reader.cancel()
    for ws in [*sockets, sender]:
        await ws.close()
    latencies = [(t - sent_at[m]) * 1000 for m, times in arrivals.items() for t in times]
    # The search indexer's BatchWriteItem runs from the Messages stream, apart from the send path.
    indexer = after.get(INDEXER_OP, 0) - before.get(INDEXER_OP, 0)
    dynamo = sum(v - before.get(k, 0) for k, v in after.items() if k.startswith("dynamodb.")) - indexer
    posts = after["posts"] - before["posts"]
    deliveries = len(latencies)
    return {
        "phase": name, "deliveries": deliveries,
        "p50_ms": percentile(latencies, 50), "p95_ms": percentile(latencies, 95),
        "p99_ms": percentile(latencies, 99), "mean_ms": statistics.fmean(latencies),
        "deliveries_per_s": deliveries / elapsed, "messages_per_s": messages / elapsed,
        "dynamodb_calls_per_message": dynamo / messages, "indexer_writes_per_message": indexer / messages,
        "posts_per_message": posts / messages,
        "cpu_ms_per_delivery": {role: used * 1000 / deliveries for role, used in cpu.items()},
    }


async def main_async(args: argparse.Namespace, info: dict[str, Any]) -> list[dict[str, Any]]:
    region, client_id = info["region"], info["clientId"]
    sender = bootstrap.sign_in(region, client_id, "alice", info["password"])["IdToken"]
    receiver = bootstrap.sign_in(region, client_id, "bob", info["password"])["IdToken"]
    room = info["generalRoomId"]
    results = [await run_phase("lockstep", info, sender, receiver, room, args.receivers, args.messages, 1)]
    results.append(await run_phase(f"pipelined(window={args.window})", info, sender, receiver, room,
                                   args.receivers, args.messages, args.window))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--receivers", type=int, default=50)
    parser.add_argument("--messages", type=int, default=200)
    parser.add_argument("--window", type=int, default=8, help="messages in flight in the pipelined phase")
    parser.add_argument("--fanout-workers", type=int, default=None, help="FANOUT_WORKERS for the stack")
    parser.add_argument("--lambda-workers", type=int, default=2, help="Lambda worker processes in the stack")
    args = parser.parse_args()
    env = {"FANOUT_WORKERS": str(args.fanout_workers)} if args.fanout_workers else {}
    with process.running("--web-dir", "/nonexistent", "--lambda-workers", str(args.lambda_workers),
                         env=env) as stack:
        os.environ.update({"AWS_ENDPOINT_URL": stack.info["moto"], "AWS_ACCESS_KEY_ID": "testing",
                           "AWS_SECRET_ACCESS_KEY": "testing"})
        sampler = RssSampler(stack.info["pid"])
        sampler.start()
        results = asyncio.run(main_async(args, stack.info))
        sampler.running = False
    print(f"receivers={args.receivers} messages={args.messages} fanout_workers={args.fanout_workers or 'default'}")
    for r in results:
        print(f"{r['phase']:>22}: p50 {r['p50_ms']:.1f} ms  p95 {r['p95_ms']:.1f} ms  p99 {r['p99_ms']:.1f} ms  "
              f"mean {r['mean_ms']:.1f} ms  {r['deliveries_per_s']:.0f} deliveries/s  "
              f"({r['messages_per_s']:.1f} msg/s)  DynamoDB calls/msg {r['dynamodb_calls_per_message']:.2f} "
              f"(+{r['indexer_writes_per_message']:.2f} search-index BatchWriteItem from the stream)  "
              f"posts/msg {r['posts_per_message']:.1f}")
        split = ", ".join(f"{role} {ms:.3f}" for role, ms in r["cpu_ms_per_delivery"].items())
        print(f"{'':>24}CPU ms per delivery: {split}")
    print(f"peak RSS: gateway {sampler.peak_gateway / 2**20:.0f} MiB, "
          f"Lambda workers + moto {sampler.peak_children / 2**20:.0f} MiB")


if __name__ == "__main__":
    main()
