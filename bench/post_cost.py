"""Client CPU per ``@connections`` post: boto3's ``post_to_connection`` vs ``ManagementApi.post``.

Fan-out CPU per delivery is the hot path (and Lambda cost in AWS), so this measures the
two ways of posting against the local emulator, to one live WebSocket, sequentially.

    .venv/bin/python bench/post_cost.py --posts 2000
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import boto3
from websockets.asyncio.client import connect

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from chalicelib.gateway import ManagementApi
from local import bootstrap, process
from local import client as local_client

PAYLOAD = b'{"event":"message","message":{"content":"' + b"x" * 300 + b'"}}'


def measure(post: Callable[[], None], posts: int) -> tuple[float, float]:
    for _ in range(50):  # warm the connection pools
        post()
    cpu, wall = time.process_time(), time.perf_counter()
    for _ in range(posts):
        post()
    return (time.process_time() - cpu) * 1000 / posts, (time.perf_counter() - wall) * 1000 / posts


async def hold_socket(url: str, connected: threading.Event, stop: asyncio.Event) -> None:
    async with connect(url, max_size=None) as ws:
        connected.set()
        while not stop.is_set():
            try:
                await asyncio.wait_for(ws.recv(), 0.2)
            except TimeoutError:
                continue


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--posts", type=int, default=2000)
    args = parser.parse_args()
    with process.running("--web-dir", "/nonexistent") as stack:
        info = stack.info
        os.environ.update({"AWS_ENDPOINT_URL": info["moto"], "AWS_ACCESS_KEY_ID": "testing",
                           "AWS_SECRET_ACCESS_KEY": "testing", "AWS_REGION": info["region"]})
        token = bootstrap.sign_in(info["region"], info["clientId"], "bob", info["password"])["IdToken"]
        loop = asyncio.new_event_loop()
        connected, stop = threading.Event(), asyncio.Event()
        socket_url = local_client.ticket_url(info["rest"], info["ws"], token)
        thread = threading.Thread(target=loop.run_until_complete, daemon=True,
                                  args=(hold_socket(socket_url, connected, stop),))
        thread.start()
        connected.wait(10)
        endpoint = info["web"].rstrip("/")
        connection_id = boto3.client("dynamodb", region_name=info["region"]).query(
            TableName="cloudchat-local-Connections", IndexName="UserIndex", KeyConditionExpression="userId = :u",
            ExpressionAttributeValues={":u": {"S": info["users"]["bob"]}})["Items"][0]["connectionId"]["S"]
        client = boto3.client("apigatewaymanagementapi", endpoint_url=endpoint, region_name=info["region"])
        lean = ManagementApi(info["region"], endpoint, pool_size=1)
        results = {
            "boto3 post_to_connection": measure(
                lambda: client.post_to_connection(ConnectionId=connection_id, Data=PAYLOAD), args.posts),
            "ManagementApi.post (SigV4 + http.client)": measure(
                lambda: lean.post(connection_id, PAYLOAD), args.posts),
        }
        loop.call_soon_threadsafe(stop.set)
        thread.join(5)
    print(f"{args.posts} sequential posts of {len(PAYLOAD)} bytes to one live WebSocket via the local emulator")
    for name, (cpu, wall) in results.items():
        print(f"  {name:<42} client CPU {cpu:.3f} ms/post   wall {wall:.3f} ms/post")


if __name__ == "__main__":
    main()
