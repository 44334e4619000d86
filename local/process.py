"""Run the local stack as a child process (tests, benchmarks, load runs) and read its READY line."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from chalicelib.ratelimit.policy import DEFAULT_POLICIES

ROOT = Path(__file__).resolve().parent.parent
# Tests, benchmarks and load runs generate traffic on purpose, all from 127.0.0.1: their stacks
# get limits they never reach unless the caller's ``env`` (or the environment) sets others.
HARNESS_LIMITS = {f"RATE_LIMIT_{name.upper()}": "1000000/1" for name in DEFAULT_POLICIES}


@dataclass
class StackProcess:
    process: subprocess.Popen[str]
    info: dict[str, Any] = field(default_factory=dict)
    log: deque[str] = field(default_factory=lambda: deque(maxlen=200))
    ready: threading.Event = field(default_factory=threading.Event)

    def _read_output(self) -> None:
        """Reads every line the child prints (so it never blocks on a full pipe); spots READY."""
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.log.append(line)
            if line.startswith("READY "):
                self.info = json.loads(line.removeprefix("READY "))
                self.ready.set()
        self.ready.set()  # the child exited: wake the waiter

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(5)


def start(*args: str, timeout: float = 90, env: dict[str, str] | None = None,
          keep_lines: int | None = 200) -> StackProcess:
    """Start ``python -m local`` on free ports (unless ``args`` say otherwise) and wait for READY.

    Rate limits default to ``HARNESS_LIMITS``; ``env`` sets the stack's own (e.g. low ones to trip).
    ``keep_lines``: how much of its output ``log`` keeps (None: all of it)."""
    defaults = ["--http-port", "0", "--ws-port", "0", "--moto-port", "0"]
    process = subprocess.Popen(
        [sys.executable, "-m", "local", *defaults, *args], cwd=ROOT,
        env={**HARNESS_LIMITS, **os.environ, **(env or {})},
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
    )
    stack = StackProcess(process, log=deque(maxlen=keep_lines))
    threading.Thread(target=stack._read_output, name="stack-output", daemon=True).start()
    if not stack.ready.wait(timeout) or not stack.info:
        stack.stop()
        raise RuntimeError("local stack did not become ready:\n" + "".join(stack.log))
    return stack


@contextmanager
def running(*args: str, **kwargs: Any) -> Iterator[StackProcess]:
    stack = start(*args, **kwargs)
    try:
        yield stack
    finally:
        stack.stop()
