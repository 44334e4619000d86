"""Browser e2e plumbing: one local stack serving ``web/dist`` for every scenario, and a runner.

Each scenario is a ``tests/e2e/<name>.mjs`` script on ``harness.mjs`` that drives headless
Debian Chromium through playwright-core under the CSP CloudFront sends (the stack builds it
from ``terraform/modules/web/security_headers.json``). Screenshots land in ``tests/e2e/artifacts/``.
Skipped only when /usr/bin/chromium is missing outside CI; with ``CI`` set it fails instead.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from local import process

REPO = Path(__file__).resolve().parents[2]
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


@pytest.fixture(scope="session")
def stack() -> Iterator[dict]:
    _require_browser_tooling()
    try:
        running = process.start("--web-dir", str(WEB_DIST), timeout=READY_TIMEOUT_S)
    except RuntimeError as exc:
        pytest.fail(str(exc))
    try:
        yield running.info
    finally:
        running.stop()


@pytest.fixture
def run_scenario(stack: dict) -> Callable[[str], None]:
    return lambda script: _run(script, stack)


def _run(script: str, stack: dict) -> None:
    """Run ``tests/e2e/<script>`` against the stack; fail with its log."""
    cmd = ["node", f"tests/e2e/{script}", stack["web"], stack["password"]]
    started = time.monotonic()
    # own session, so a timeout also takes down the Chromium processes node started
    proc = subprocess.Popen(cmd, cwd=REPO, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        out, err = proc.communicate(timeout=BROWSER_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
        pytest.fail(f"{script} did not finish within {BROWSER_TIMEOUT_S} s\n"
                    f"--- stdout ---\n{out}\n--- stderr ---\n{err}")
    finally:
        with contextlib.suppress(ProcessLookupError):  # nothing of the browser may outlive the test
            os.killpg(proc.pid, signal.SIGKILL)
    elapsed = time.monotonic() - started
    if proc.returncode != 0:
        pytest.fail(f"{script} exited with {proc.returncode} after {elapsed:.1f} s (screenshots in "
                    f"tests/e2e/artifacts/)\n--- stdout ---\n{out}\n--- stderr ---\n{err}", pytrace=False)
    print(out, end="")  # step log with timings, shown with -rP / -s
