"""Start the whole local stack in one process group: moto server, provisioning, the emulator."""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import json
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from chalice.config import Config
from chalice.local import LambdaContext, LocalGateway

from local import bootstrap
from local.http_gateway import GatewayServer
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
    extra_env: dict[str, str] = field(default_factory=dict)


def free_port(host: str) -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def start_moto(host: str, port: int) -> subprocess.Popen[bytes]:
    """moto in its own process (own GIL), in our process group so Ctrl-C stops it too."""
    with socket.socket() as probe:
        if probe.connect_ex((host, port)) == 0:
            raise RuntimeError(f"port {port} is already in use: is another local stack running?")
    proc = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", host, "-p", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"moto server exited with {proc.returncode} (is port {port} free?)")
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
        **opts.extra_env,
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
    """Owns the moto process, the HTTP server thread and the WebSocket event loop."""

    def __init__(self, opts: StackOptions) -> None:
        self.opts = opts
        self.moto: subprocess.Popen[bytes] | None = None
        self.http: GatewayServer | None = None
        self.ws: WebSocketGateway | None = None
        self.info: dict[str, Any] = {}

    def provision(self) -> ModuleType:
        """Start moto, create every resource, seed, then import the Chalice app against it."""
        opts = self.opts
        for attr in ("http_port", "ws_port", "moto_port"):
            if getattr(opts, attr) == 0:
                setattr(opts, attr, free_port(opts.host))
        self.moto = start_moto(opts.host, opts.moto_port)
        os.environ.update(stack_env(opts))
        provisioned = bootstrap.provision(opts.region, pool_name="cloud-chat-local", bucket="cloud-chat-local-media")
        os.environ.update(stack_env(opts, provisioned))
        from chalicelib.models import create_tables  # reads TABLE_PREFIX at import

        create_tables()
        users = bootstrap.seed_demo(opts.region, provisioned.user_pool_id) if opts.seed else {}
        self.info = {
            "web": f"http://{opts.host}:{opts.http_port}/",
            "rest": os.environ["PUBLIC_REST_URL"],
            "ws": os.environ["PUBLIC_WS_URL"],
            "moto": os.environ["AWS_ENDPOINT_URL"],
            "region": opts.region,
            "userPoolId": provisioned.user_pool_id,
            "clientId": provisioned.client_id,
            "password": bootstrap.DEMO_PASSWORD if opts.seed else None,
            "users": users,
            "generalRoomId": bootstrap.GENERAL_ROOM_ID if opts.seed else None,
            "pid": os.getpid(),
        }
        return importlib.import_module("app")

    async def serve(self, app_module: ModuleType, ready: asyncio.Event | None = None) -> None:
        opts = self.opts
        app = app_module.app
        config = Config.create(chalice_stage="local", app_name=app.app_name, lambda_timeout=30)

        def lambda_context() -> LambdaContext:
            return LambdaContext(function_name=app.app_name, memory_size=1024, max_runtime_ms=30_000)

        handlers = {route: getattr(app_module, handler.handler_string.rsplit(".", 1)[-1])
                    for route, handler in app.websocket_handlers.items()}
        self.ws = WebSocketGateway(handlers, stage="local", lambda_context=lambda_context)
        await self.ws.start(opts.host, opts.ws_port)
        self.http = GatewayServer((opts.host, opts.http_port), LocalGateway(app, config), self.ws, STAGE_PREFIX,
                                  opts.static_dir)
        threading.Thread(target=self.http.serve_forever, name="http-gateway", daemon=True).start()
        if ready is not None:
            ready.set()
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        try:
            await stop.wait()
        finally:
            await self.shutdown()

    async def shutdown(self) -> None:
        if self.http is not None:
            self.http.shutdown()
        if self.ws is not None:
            await self.ws.stop()
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
        "  Stop       : Ctrl-C",
        "",
        "READY " + json.dumps(info),
    ])
