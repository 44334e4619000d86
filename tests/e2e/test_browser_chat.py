"""Real-browser end-to-end test: the built web client against the local stack.

Starts ``python -m local`` (moto + API Gateway emulator serving ``web/dist``) on free ports,
then runs ``node tests/e2e/chat.mjs <web> <password>``, which drives headless Debian
Chromium through playwright-core (alice and bob chat in "general"). Screenshots land in
``tests/e2e/artifacts/``.

Skipped only when /usr/bin/chromium is missing outside CI; with ``CI`` set it fails instead.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "tests" / "e2e" / "chat.mjs"
WEB_DIST = REPO / "web" / "dist"
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
READY_TIMEOUT_S = 60
BROWSER_TIMEOUT_S = 120


def _require_browser_tooling() -> None:
    if not CHROMIUM.exists():
        if not os.environ.get("CI"):
            pytest.skip(f"{CHROMIUM} not found (install with `apt-get install -y chromium`); skipped outside CI")
        pytest.fail(f"{CHROMIUM} not found: CI must provide Chromium for the browser e2e test")
    missing = []
    if shutil.which("node") is None:
        missing.append("`node` is not on PATH")
    if not (REPO / "web" / "node_modules" / "playwright-core").is_dir():
        missing.append("web/node_modules/playwright-core is missing (run `cd web && npm ci`)")
    if not (WEB_DIST / "index.html").is_file():
        missing.append("web/dist is not built (run `make web` or `cd web && npm run build`)")
    if missing:
        pytest.fail("browser e2e prerequisites: " + "; ".join(missing))


class _Stack:
    """``python -m local`` in its own process group, its output drained by a thread."""

    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "local", "--http-port", "0", "--ws-port", "0", "--moto-port", "0",
             "--web-dir", str(WEB_DIST)],
            cwd=REPO,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        self.tail: deque[str] = deque(maxlen=200)
        self._lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._drain, name="local-stack-output", daemon=True).start()

    def _drain(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.tail.append(line.rstrip("\n"))
            self._lines.put(line)
        self._lines.put(None)

    def output(self) -> str:
        return "\n".join(self.tail)

    def wait_ready(self, timeout: float) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"no READY line from the local stack within {timeout:.0f} s")
            try:
                line = self._lines.get(timeout=remaining)
            except queue.Empty:
                continue
            if line is None:
                raise RuntimeError(f"local stack exited with code {self.proc.wait()} before READY")
            if line.startswith("READY "):
                return json.loads(line[len("READY "):])

    def stop(self) -> None:
        if self.proc.poll() is not None:
            return
        for sig, grace in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
            try:
                os.killpg(self.proc.pid, sig)
            except ProcessLookupError:
                return
            try:
                self.proc.wait(timeout=grace)
                return
            except subprocess.TimeoutExpired:
                continue


@pytest.fixture(scope="module")
def stack() -> Iterator[dict]:
    _require_browser_tooling()
    s = _Stack()
    try:
        try:
            info = s.wait_ready(READY_TIMEOUT_S)
        except (TimeoutError, RuntimeError, json.JSONDecodeError) as exc:
            pytest.fail(f"{exc}\n--- local stack output ---\n{s.output()}")
        yield info
    finally:
        s.stop()


def test_two_users_chat_in_a_real_browser(stack: dict) -> None:
    cmd = ["node", str(SCRIPT.relative_to(REPO)), stack["web"], stack["password"]]
    started = time.monotonic()
    # own session, so a timeout also takes down the Chromium processes node started
    proc = subprocess.Popen(cmd, cwd=REPO, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        out, err = proc.communicate(timeout=BROWSER_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
        pytest.fail(f"chat.mjs did not finish within {BROWSER_TIMEOUT_S} s\n"
                    f"--- stdout ---\n{out}\n--- stderr ---\n{err}")
    finally:
        with contextlib.suppress(ProcessLookupError):  # nothing of the browser may outlive the test
            os.killpg(proc.pid, signal.SIGKILL)
    elapsed = time.monotonic() - started
    code = proc.returncode
    if code != 0:
        pytest.fail(f"chat.mjs exited with {code} after {elapsed:.1f} s (screenshots in tests/e2e/artifacts/)\n"
                    f"--- stdout ---\n{out}\n--- stderr ---\n{err}", pytrace=False)
    print(out, end="")  # step log with timings, shown with -rP / -s
