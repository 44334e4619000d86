"""Start the whole local stack in one process group: moto, provisioning, Lambda workers, gateway."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from chalicelib.config import Settings
from chalicelib.models import TABLES, Message, create_tables
from local import bootstrap, http_gateway, lambda_runtime, redis_server, security_headers
from local.endpoints import Endpoints
from local.lambda_pool import InvocationFailed, LambdaPool
from local.schedules import Schedules
from local.streams import StreamPoller
from local.websocket_gateway import WebSocketGateway

log = logging.getLogger("local")
ROOT = Path(__file__).resolve().parent.parent
STAGE_PREFIX = "/api"


@dataclass
class StackOptions:
    host: str = "127.0.0.1"
    http_port: int = 8000
    ws_port: int = 8001
    moto_port: int = 4599
    aws_endpoint: str | None = None  # an AWS stand-in already running (LocalStack): no moto then
    region: str = "us-east-1"
    table_prefix: str = "cloudchat-local-"
    static_dir: Path | None = ROOT / "web" / "dist"
    seed: bool = True
    lambda_workers: int = 2
    logs_dir: Path = ROOT / ".local-stack"
    log_level: str = "WARNING"
    rate_limit_backend: str | None = None  # redis | dynamodb | off; None: redis when redis-server exists
    redis_url: str | None = None  # an existing Redis instead of starting redis-server
    schedule_seconds: float = 60.0  # every @app.schedule handler runs this often (local/schedules.py)


def free_port(host: str) -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def start_moto(host: str, port: int) -> subprocess.Popen[bytes]:
    """moto in its own process (own GIL), in our process group so Ctrl-C stops it too."""
    with socket.socket() as probe:
        if probe.connect_ex((host, port)) == 0:
            raise RuntimeError(f"port {port} is already in use: is another local stack running?")
    proc = subprocess.Popen([sys.executable, "-m", "local.moto_server", host, str(port)], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"moto server exited with {proc.returncode}")
        with contextlib.suppress(OSError):
            urllib.request.urlopen(f"http://{host}:{port}/moto-api/", timeout=1).close()
            return proc
        time.sleep(0.1)
    proc.kill()
    raise RuntimeError("moto server did not start within 30 s")


def aws_env(region: str, endpoints: Endpoints) -> dict[str, str]:
    """Region, dummy credentials and endpoints: enough for any SDK client to reach the stack's AWS."""
    return {"AWS_REGION": region, "AWS_DEFAULT_REGION": region,
            "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", **endpoints.variables()}


def stack_env(opts: StackOptions, endpoints: Endpoints, provisioned: bootstrap.Provisioned,
              redis_url: str | None = None) -> dict[str, str]:
    """The app's configuration: the same variables Terraform sets in AWS, pointed at this machine."""
    cognito = endpoints.services["cognito-idp"].rstrip("/")
    return {
        **aws_env(opts.region, endpoints),
        "RATE_LIMIT_BACKEND": opts.rate_limit_backend or "dynamodb",
        **({"REDIS_URL": redis_url} if redis_url else {}),
        "TABLE_PREFIX": opts.table_prefix,
        "PUBLIC_REST_URL": f"http://{opts.host}:{opts.http_port}{STAGE_PREFIX}",
        "PUBLIC_WS_URL": f"ws://{opts.host}:{opts.ws_port}",
        "PUBLIC_COGNITO_ENDPOINT": f"{cognito}/",
        "WS_MANAGEMENT_ENDPOINT": f"http://{opts.host}:{opts.http_port}",
        "COGNITO_USER_POOL_ID": provisioned.user_pool_id,
        "COGNITO_CLIENT_ID": provisioned.client_id,
        "COGNITO_JWKS_URL": f"{cognito}/{provisioned.user_pool_id}/.well-known/jwks.json",
        # The web client's own origin, as Terraform sets the CloudFront domain: other pages' sockets are refused.
        "ALLOWED_ORIGINS": f"http://{opts.host}:{opts.http_port},http://localhost:{opts.http_port}",
        "CONTENT_KMS_KEY_ID": provisioned.content_key_id,
    }


def web_headers(env: dict[str, str], endpoints: Endpoints) -> dict[str, str]:
    """CloudFront's security headers; the client connects to the WebSocket API, Cognito and the media bucket."""
    return security_headers.build([env["PUBLIC_WS_URL"], env["PUBLIC_COGNITO_ENDPOINT"], endpoints.services["s3"]])


class LocalStack:
    """Owns the moto process, the Lambda worker processes and the gateway servers."""

    def __init__(self, opts: StackOptions) -> None:
        self.opts = opts
        self.moto: subprocess.Popen[bytes] | None = None
        self.redis: redis_server.RedisServer | None = None
        self.env: dict[str, str] = {}
        self.info: dict[str, Any] = {}
        self.web_headers: dict[str, str] = {}

    def provision(self) -> None:
        """Start moto (unless ``aws_endpoint`` is given), create every resource the app needs, seed the demo data."""
        opts = self.opts
        for attr in ("http_port", "ws_port") if opts.aws_endpoint else ("http_port", "ws_port", "moto_port"):
            if getattr(opts, attr) == 0:
                setattr(opts, attr, free_port(opts.host))
        default = opts.aws_endpoint
        if default is None:
            self.moto = start_moto(opts.host, opts.moto_port)
            default = f"http://{opts.host}:{opts.moto_port}"
        endpoints = Endpoints.resolve(default)
        os.environ.update(aws_env(opts.region, endpoints))
        provisioned = bootstrap.provision(opts.region, pool_name="cloud-chat-local", bucket="cloud-chat-local-media")
        redis_url = self.start_redis()
        self.env = stack_env(opts, endpoints, provisioned, redis_url)
        self.web_headers = web_headers(self.env, endpoints)
        os.environ.update(self.env)
        create_tables(Settings.from_env(self.env))
        users = bootstrap.seed_demo(opts.region, provisioned.user_pool_id) if opts.seed else {}
        self.info = {
            "web": f"http://{opts.host}:{opts.http_port}/",
            "rest": self.env["PUBLIC_REST_URL"],
            "ws": self.env["PUBLIC_WS_URL"],
            "moto": default if self.moto else None,
            "motoPid": self.moto.pid if self.moto else None,
            "aws": endpoints.default,
            "endpoints": endpoints.services,
            "region": opts.region,
            "userPoolId": provisioned.user_pool_id,
            "clientId": provisioned.client_id,
            "password": bootstrap.DEMO_PASSWORD if opts.seed else None,
            "users": users,
            "generalRoomId": bootstrap.GENERAL_ROOM_ID if opts.seed else None,
            "pid": os.getpid(),
            "lambdaStdout": str(opts.logs_dir / f"lambda-stdout-{os.getpid()}.log"),
            "rateLimitBackend": self.env["RATE_LIMIT_BACKEND"],
            "redis": redis_url,
            "redisStarted": self.redis is not None,
        }

    def start_redis(self) -> str | None:
        """The Redis the rate limits use: ``redis_url``, else a ``redis-server`` of our own when the
        binary exists; without one the stack falls back to the DynamoDB backend (said in the banner)."""
        opts = self.opts
        if opts.rate_limit_backend is None:
            opts.rate_limit_backend = "redis" if opts.redis_url or redis_server.available() else "dynamodb"
        if opts.rate_limit_backend != "redis":
            return None
        if opts.redis_url:
            return opts.redis_url
        self.redis = redis_server.start(opts.host)
        return self.redis.url

    async def serve(self, ready: asyncio.Event | None = None) -> None:
        opts = self.opts
        loop = asyncio.get_running_loop()
        opts.logs_dir.mkdir(parents=True, exist_ok=True)
        lambdas = LambdaPool(opts.lambda_workers, self.env, opts.log_level, self.info["lambdaStdout"])
        runner = None
        poller: asyncio.Task[None] | None = None
        timer: asyncio.Task[None] | None = None
        websockets: WebSocketGateway | None = None
        try:
            await lambdas.start()
            routes = await lambdas.call(lambda_runtime.websocket_routes)

            async def invoke_websocket(route: str, event: dict[str, Any]) -> tuple[int, bytes]:
                try:
                    return await lambdas.call(lambda_runtime.invoke_websocket, route, event)
                except InvocationFailed:  # a crashed container: API Gateway's integration failure
                    return 500, lambda_runtime.INTERNAL_ERROR

            async def invoke_rest(method: str, path: str, headers: dict[str, str],
                                  body: bytes | None) -> lambda_runtime.RestResult:
                try:
                    return await lambdas.call(lambda_runtime.invoke_rest, method, path, headers, body)
                except InvocationFailed:  # API Gateway answers a crashed or timed-out Lambda proxy this way
                    return 502, {}, lambda_runtime.INTERNAL_ERROR

            async def invoke_stream(event: dict[str, Any]) -> None:
                for handler in stream_handlers:  # a crash raises: the poller retries the batch
                    await lambdas.call(lambda_runtime.invoke_stream, handler, event)

            stream_handlers = await lambdas.call(lambda_runtime.stream_handlers)
            messages_table = Settings.from_env(self.env).table_name(TABLES[Message])
            poller = asyncio.create_task(StreamPoller(messages_table, opts.region, self.info["endpoints"]["dynamodb"],
                                                      invoke_stream).run())
            async def invoke_schedule(handler: str, event: dict[str, Any]) -> None:
                await lambdas.call(lambda_runtime.invoke_schedule, handler, event)

            schedules = Schedules(await lambdas.call(lambda_runtime.schedule_handlers), opts.region,
                                  opts.schedule_seconds, invoke_schedule)
            timer = asyncio.create_task(schedules.run())
            self.info["schedules"] = {"handlers": schedules.handlers, "everySeconds": opts.schedule_seconds,
                                      "runNow": f"POST http://{opts.host}:{opts.http_port}/_local/schedules/<handler>"}
            websockets = WebSocketGateway(invoke_websocket, set(routes), stage="local")
            await websockets.start(opts.host, opts.ws_port)
            app = http_gateway.build_app(websockets, invoke_rest, STAGE_PREFIX, opts.static_dir, self.web_headers,
                                         lambda: {"lambdaWorkers": lambdas.pids(), "lambdaCrashes": lambdas.crashes},
                                         schedules)
            runner, _ = await http_gateway.start(app, opts.host, opts.http_port)
            if ready is not None:
                ready.set()
            stop = asyncio.Event()
            for sig in (signal.SIGINT, signal.SIGTERM):
                loop.add_signal_handler(sig, stop.set)
            await stop.wait()
        finally:
            if poller is not None:
                poller.cancel()
            if timer is not None:
                timer.cancel()
            if runner is not None:
                await runner.cleanup()
            if websockets is not None:
                await websockets.stop()
            lambdas.shutdown(wait=False)
            if self.moto is not None and self.moto.poll() is None:
                self.moto.terminate()
                self.moto.wait(10)
            if self.redis is not None:
                self.redis.stop()


def rate_limits(info: dict[str, Any]) -> str:
    backend = str(info["rateLimitBackend"])
    if backend == "redis":
        source = "redis-server, started by the stack" if info["redisStarted"] else "--redis-url"
        return f"redis at {info['redis']}  ({source})"
    if backend == "dynamodb" and not redis_server.available():
        return "dynamodb (no redis-server binary found: install redis-server for the Redis backend)"
    return backend


def banner(info: dict[str, Any]) -> str:
    users = ", ".join(info["users"]) or "none (--no-seed)"
    schedules = info["schedules"]
    aws = f"{info['aws']}  ({'moto, started by the stack' if info['moto'] else '--aws-endpoint'})"
    services = [f"    {service:<12}: {url}" for service, url in info["endpoints"].items()]
    return "\n".join([
        "",
        "Cloud Chat local stack is up",
        f"  Web client : {info['web']}",
        f"  REST API   : {info['rest']}",
        f"  WebSocket  : {info['ws']}  (API Gateway emulator)",
        f"  AWS        : {aws}",
        *services,
        f"  Users      : {users}  (password: {info['password']})",
        f"  Lambda out : {info['lambdaStdout']}  (EMF metrics, as CloudWatch Logs would get them)",
        f"  Rate limits: {rate_limits(info)}",
        f"  Schedules  : {', '.join(schedules['handlers']) or 'none'} every {schedules['everySeconds']:g} s"
        f"  ({schedules['runNow']})",
        "  Stop       : Ctrl-C",
        "",
        "READY " + json.dumps(info),
    ])
