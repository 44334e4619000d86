"""A throwaway ``redis-server`` on a free port (no persistence), for the local stack and the tests."""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass

import redis


def available() -> bool:
    """Whether the ``redis-server`` binary is installed (``.ci/run`` installs it with apt)."""
    return shutil.which("redis-server") is not None


def free_port(host: str) -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


@dataclass
class RedisServer:
    process: subprocess.Popen[bytes]
    host: str
    port: int

    @property
    def url(self) -> str:
        return f"redis://{self.host}:{self.port}/0"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)


def start(host: str = "127.0.0.1", port: int = 0, timeout: float = 10) -> RedisServer:
    """Start ``redis-server`` (on a free port unless ``port``) and wait until it answers PING."""
    port = port or free_port(host)
    process = subprocess.Popen(["redis-server", "--port", str(port), "--bind", host, "--save", "",
                                "--appendonly", "no"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    server = RedisServer(process, host, port)
    client = redis.Redis(host=host, port=port, socket_connect_timeout=0.5, socket_timeout=0.5)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"redis-server exited with {process.returncode} (port {port} taken?)")
        with contextlib.suppress(redis.RedisError):
            if client.ping():
                client.close()
                return server
        time.sleep(0.05)
    server.stop()
    raise RuntimeError(f"redis-server did not answer PING within {timeout} s")
