"""``python -m local``: run the local stack in the foreground (``make dev``)."""

from __future__ import annotations

import argparse
import asyncio
import logging
from pathlib import Path

from chalicelib import logsafe
from local.stack import LocalStack, StackOptions, banner


def main() -> None:
    parser = argparse.ArgumentParser(description="Cloud Chat local stack")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--http-port", type=int, default=8000, help="REST API (/api), @connections, web client")
    parser.add_argument("--ws-port", type=int, default=8001, help="WebSocket API")
    parser.add_argument("--moto-port", type=int, default=4599, help="AWS stand-in (moto server)")
    parser.add_argument("--aws-endpoint", metavar="URL",
                        help="use this AWS stand-in instead of starting moto, e.g. LocalStack's http://localhost:4566;"
                             " AWS_ENDPOINT_URL_<SERVICE> variables override it per service")
    parser.add_argument("--web-dir", type=Path, default=StackOptions.static_dir)
    parser.add_argument("--no-seed", action="store_true", help="skip demo users and the general room")
    parser.add_argument("--lambda-workers", type=int, default=2, help="Lambda worker processes (warm containers)")
    parser.add_argument("--log-level", default="WARNING")
    parser.add_argument("--rate-limit-backend", choices=("redis", "dynamodb", "off"),
                        help="default: redis (a redis-server of its own, on a free port) if installed, else dynamodb")
    parser.add_argument("--redis-url", metavar="URL", help="use this Redis for the rate limits instead of starting one")
    parser.add_argument("--schedule-seconds", type=float, default=StackOptions.schedule_seconds,
                        help="run every scheduled handler (@app.schedule) this often")
    args = parser.parse_args()
    logging.basicConfig(level=args.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logsafe.install()  # no token or message content in the stack's own logs either
    stack = LocalStack(StackOptions(host=args.host, http_port=args.http_port, ws_port=args.ws_port,
                                    moto_port=args.moto_port, aws_endpoint=args.aws_endpoint,
                                    static_dir=args.web_dir, seed=not args.no_seed,
                                    lambda_workers=args.lambda_workers, log_level=args.log_level,
                                    rate_limit_backend=args.rate_limit_backend, redis_url=args.redis_url,
                                    schedule_seconds=args.schedule_seconds))
    stack.provision()
    ready = asyncio.Event()

    async def run() -> None:
        serving = asyncio.create_task(stack.serve(ready))
        await asyncio.wait([serving, asyncio.create_task(ready.wait())], return_when=asyncio.FIRST_COMPLETED)
        if ready.is_set():
            print(banner(stack.info), flush=True)
        await serving  # raises if the stack failed to start

    asyncio.run(run())


if __name__ == "__main__":
    main()
