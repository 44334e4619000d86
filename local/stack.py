"""Start the whole local stack in one process group: moto, provisioning, Lambda workers, gateway."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import multiprocessing
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from local import bootstrap, http_gateway, lambda_runtime
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
    region: str = "us-east-1"
    table_prefix: str = "cloudchat-local-"
    static_dir: Path | None = ROOT / "web" / "dist"
    seed: bool = True
    lambda_workers: int = 2
    logs_dir: Path = ROOT / ".local-stack"
    log_level: str = "WARNING"


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


def stack_env(opts: StackOptions, provisioned: bootstrap.Provisioned | None = None) -> dict[str, str]:
    """The app's configuration: the same variables Terraform sets in AWS, pointed at this machine."""
    moto = f"http://{opts.host}:{opts.moto_port}"
    env = {
        "AWS_REGION": opts.region,
        "AWS_DEFAULT_REGION": opts.region,
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_ENDPOINT_URL": moto,
        "TABLE_PREFIX": opts.table_prefix,
        "PUBLIC_REST_URL": f"http://{opts.host}:{opts.http_port}{STAGE_PREFIX}",
        "PUBLIC_WS_URL": f"ws://{opts.host}:{opts.ws_port}",
        "PUBLIC_COGNITO_ENDPOINT": f"{moto}/",
        "WS_MANAGEMENT_ENDPOINT": f"http://{opts.host}:{opts.http_port}",
    }
    if provisioned:
        env.update({
            "COGNITO_USER_POOL_ID": provisioned.user_pool_id,
            "COGNITO_CLIENT_ID": provisioned.client_id,
            "COGNITO_JWKS_URL": f"{moto}/{provisioned.user_pool_id}/.well-known/jwks.json",
            "MEDIA_BUCKET": provisioned.bucket,
        })
    return env


class LocalStack:
    """Owns the moto process, the Lambda worker processes and the gateway servers."""

    def __init__(self, opts: StackOptions) -> None:
        self.opts = opts
        self.moto: subprocess.Popen[bytes] | None = None
        self.env: dict[str, str] = {}
        self.info: dict[str, Any] = {}

    def provision(self) -> None:
        """Start moto, create every resource the app needs, seed the demo data."""
        opts = self.opts
        for attr in ("http_port", "ws_port", "moto_port"):
            if getattr(opts, attr) == 0:
                setattr(opts, attr, free_port(opts.host))
        self.moto = start_moto(opts.host, opts.moto_port)
        os.environ.update(stack_env(opts))
        provisioned = bootstrap.provision(opts.region, pool_name="cloud-chat-local", bucket="cloud-chat-local-media")
        self.env = stack_env(opts, provisioned)
        os.environ.update(self.env)
        from chalicelib.models import create_tables  # reads TABLE_PREFIX at import

        create_tables()
        users = bootstrap.seed_demo(opts.region, provisioned.user_pool_id) if opts.seed else {}
        self.info = {
            "web": f"http://{opts.host}:{opts.http_port}/",
            "rest": self.env["PUBLIC_REST_URL"],
            "ws": self.env["PUBLIC_WS_URL"],
            "moto": self.env["AWS_ENDPOINT_URL"],
            "region": opts.region,
            "userPoolId": provisioned.user_pool_id,
            "clientId": provisioned.client_id,
            "password": bootstrap.DEMO_PASSWORD if opts.seed else None,
            "users": users,
            "generalRoomId": bootstrap.GENERAL_ROOM_ID if opts.seed else None,
            "pid": os.getpid(),
            "lambdaStdout": str(opts.logs_dir / f"lambda-stdout-{os.getpid()}.log"),
        }

    async def serve(self, ready: asyncio.Event | None = None) -> None:
        opts = self.opts
        loop = asyncio.get_running_loop()
        opts.logs_dir.mkdir(parents=True, exist_ok=True)
        lambdas = ProcessPoolExecutor(max_workers=opts.lambda_workers, mp_context=multiprocessing.get_context("spawn"),
                                      initializer=lambda_runtime.start,
                                      initargs=(self.env, opts.log_level, self.info["lambdaStdout"]))
        runner = None
        websockets: WebSocketGateway | None = None
        try:
            warm = await asyncio.gather(*(loop.run_in_executor(lambdas, lambda_runtime.websocket_routes)
                                          for _ in range(opts.lambda_workers)))

            async def invoke_websocket(route: str, event: dict[str, Any]) -> tuple[int, bytes]:
                return await loop.run_in_executor(lambdas, lambda_runtime.invoke_websocket, route, event)

            async def invoke_rest(method: str, path: str, headers: dict[str, str],
                                  body: bytes | None) -> lambda_runtime.RestResult:
                return await loop.run_in_executor(lambdas, lambda_runtime.invoke_rest, method, path, headers, body)

            websockets = WebSocketGateway(invoke_websocket, set(warm[0]), stage="local")
            await websockets.start(opts.host, opts.ws_port)
            app = http_gateway.build_app(websockets, invoke_rest, STAGE_PREFIX, opts.static_dir)
            runner, _ = await http_gateway.start(app, opts.host, opts.http_port)
            if ready is not None:
                ready.set()
            stop = asyncio.Event()
            for sig in (signal.SIGINT, signal.SIGTERM):
                loop.add_signal_handler(sig, stop.set)
            await stop.wait()
        finally:
            if runner is not None:
                await runner.cleanup()
            if websockets is not None:
                await websockets.stop()
            lambdas.shutdown(wait=False, cancel_futures=True)
            if self.moto is not None and self.moto.poll() is None:
                self.moto.terminate()
                self.moto.wait(10)


def banner(info: dict[str, Any]) -> str:
    users = ", ".join(info["users"]) or "none (--no-seed)"
    return "\n".join([
        "",
        "Cloud Chat local stack is up",
        f"  Web client : {info['web']}",
        f"  REST API   : {info['rest']}",
        f"  WebSocket  : {info['ws']}",
        f"  AWS (moto) : {info['moto']}",
        f"  Users      : {users}  (password: {info['password']})",
        f"  Lambda out : {info['lambdaStdout']}  (EMF metrics, as CloudWatch Logs would get them)",
        "  Stop       : Ctrl-C",
        "",
        "READY " + json.dumps(info),
    ])
