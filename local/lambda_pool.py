"""Lambda's execution environments for the local stack: worker processes that survive crashes.

Each worker is a spawned process that imports the app once (``lambda_runtime.start``) and then
runs one invocation at a time, read from its own pipe, as a Lambda execution environment does.
The dispatcher hands each invocation to an idle worker, oldest waiting invocation first.

When a worker dies (``kill -9``, a segfault, ``os._exit``), the one invocation it was running
fails with ``WorkerCrashed`` and a fresh worker takes its place, as Lambda replaces a crashed
environment; the others never notice. An invocation that outlives the function timeout kills
its worker the same way. Nothing polls: the event loop watches each pipe (``add_reader``), and
EOF on it is the death notice.

``LambdaPool`` is also a ``concurrent.futures.Executor``, so gateways keep invoking through
``loop.run_in_executor(pool, lambda_runtime.invoke_x, *args)``; the function travels by name.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import signal
from collections import deque
from collections.abc import Callable
from concurrent.futures import Executor, Future
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any, TypeVar

from local import lambda_runtime

log = logging.getLogger("local.lambda")

T = TypeVar("T")
RESPAWN_DELAY = 1.0  # after a worker that died before it was ready: no tight crash loop


class InvocationFailed(Exception):
    """The function raised (Lambda's ``Unhandled`` function error); the message names the exception."""


class WorkerCrashed(InvocationFailed):
    """The worker running the invocation died, or was killed at the timeout, before it answered."""


def _serve(conn: Connection, env: dict[str, str], log_level: str, stdout_path: str) -> None:
    """A worker's main loop: start like a cold Lambda, then answer one invocation at a time."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group; the stack stops us
    lambda_runtime.start(env, log_level, stdout_path)
    conn.send((True, None))  # ready
    while True:
        try:
            function, args = conn.recv()
        except EOFError:  # the stack is gone
            return
        try:
            conn.send((True, function(*args)))
        except Exception as exc:
            conn.send((False, f"{type(exc).__name__}: {exc}"))


@dataclass(eq=False)
class _Worker:
    process: BaseProcess
    conn: Connection
    pid: int
    ready: bool = False
    running: asyncio.Future[Any] | None = None  # the invocation in flight, if any


class LambdaPool(Executor):
    def __init__(self, size: int, env: dict[str, str], log_level: str, stdout_path: str,
                 timeout: float = 30.0) -> None:
        self._size = size
        self._args = (env, log_level, stdout_path)
        self._timeout = timeout
        self._context = multiprocessing.get_context("spawn")
        self._workers: list[_Worker] = []
        self._idle: deque[_Worker] = deque()
        self._waiters: deque[asyncio.Future[_Worker]] = deque()
        self._booting: asyncio.Future[None] | None = None
        self._closing = False
        self._loop: asyncio.AbstractEventLoop | None = None
        self.crashes = 0

    # -- lifecycle ------------------------------------------------------------------------------
    async def start(self) -> None:
        """Start every worker and wait until each has imported the app (warm containers)."""
        self._loop = asyncio.get_running_loop()
        self._booting = self._loop.create_future()
        for _ in range(self._size):
            self._spawn()
        try:
            await self._booting
        finally:
            self._booting = None

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """Stop every worker; invocations still waiting for one are cancelled."""
        self._closing = True
        while self._waiters:
            self._waiters.popleft().cancel()
        for worker in self._workers:
            self._forget(worker)
            worker.process.terminate()
        if wait:
            for worker in self._workers:
                worker.process.join(5)

    def pids(self) -> list[int]:
        return [worker.pid for worker in self._workers]

    # -- invocations ----------------------------------------------------------------------------
    async def call(self, function: Callable[..., T], *args: Any) -> T:
        """Run ``function(*args)`` (a module-level function of ``lambda_runtime``) in a worker."""
        assert self._loop is not None, "start() the pool first"
        while True:
            worker = await self._acquire()
            future: asyncio.Future[Any] = self._loop.create_future()
            try:
                worker.conn.send((function, args))
            except OSError:  # died while idle, before its EOF was seen: the invocation never started
                self._lost(worker)
                continue
            worker.running = future
            break
        try:
            async with asyncio.timeout(self._timeout):
                result: T = await future
                return result
        except TimeoutError:
            log.error("invocation of %s timed out after %.0f s: killing worker %d",
                      function.__name__, self._timeout, worker.pid)
            worker.process.kill()  # its EOF replaces it
            raise WorkerCrashed(f"Task timed out after {self._timeout:.2f} seconds") from None

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        """The ``Executor`` face of ``call`` (thread-safe), for ``loop.run_in_executor``."""
        assert self._loop is not None and not kwargs
        return asyncio.run_coroutine_threadsafe(self.call(fn, *args), self._loop)

    async def _acquire(self) -> _Worker:
        if self._idle:
            return self._idle.popleft()
        assert self._loop is not None
        waiter: asyncio.Future[_Worker] = self._loop.create_future()
        self._waiters.append(waiter)
        try:
            return await waiter
        except asyncio.CancelledError:
            if waiter.done() and not waiter.cancelled():  # handed a worker just as we were cancelled
                self._release(waiter.result())
            raise

    def _release(self, worker: _Worker) -> None:
        while self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():
                waiter.set_result(worker)
                return
        self._idle.append(worker)

    # -- workers --------------------------------------------------------------------------------
    def _spawn(self) -> None:
        assert self._loop is not None
        parent, child = self._context.Pipe()
        process = self._context.Process(target=_serve, args=(child, *self._args), daemon=True,
                                        name="lambda-worker")
        process.start()
        child.close()  # only the worker holds its end now: its death is EOF on ours
        worker = _Worker(process, parent, process.pid or 0)
        self._workers.append(worker)
        self._loop.add_reader(parent.fileno(), self._on_readable, worker)

    def _on_readable(self, worker: _Worker) -> None:
        try:
            ok, value = worker.conn.recv()
        except (EOFError, OSError):
            self._lost(worker)
            return
        if not worker.ready:
            worker.ready = True
            if self._booting is not None and all(w.ready for w in self._workers) and not self._booting.done():
                self._booting.set_result(None)
        else:
            future, worker.running = worker.running, None
            if future is not None and not future.done():  # done: its caller gave up (cancelled, timed out)
                if ok:
                    future.set_result(value)
                else:
                    future.set_exception(InvocationFailed(value))
        self._release(worker)

    def _forget(self, worker: _Worker) -> None:
        assert self._loop is not None
        self._loop.remove_reader(worker.conn.fileno())
        worker.conn.close()
        with contextlib.suppress(ValueError):
            self._idle.remove(worker)

    def _lost(self, worker: _Worker) -> None:
        """A worker's pipe closed: fail what it was running, reap it, and start a replacement."""
        if worker not in self._workers:
            return
        self._forget(worker)
        self._workers.remove(worker)
        worker.process.kill()
        worker.process.join(1)
        self.crashes += 1
        log.error("Lambda worker %d exited with %s%s", worker.pid, worker.process.exitcode,
                  "" if worker.ready else " before it was ready")
        future, worker.running = worker.running, None
        if future is not None and not future.done():
            future.set_exception(WorkerCrashed(f"Lambda worker {worker.pid} exited with {worker.process.exitcode}"))
        if self._booting is not None:
            if not self._booting.done():
                self._booting.set_exception(RuntimeError(f"Lambda worker {worker.pid} failed to start"))
            return
        if not self._closing:
            assert self._loop is not None
            self._loop.call_later(0 if worker.ready else RESPAWN_DELAY, self._respawn)

    def _respawn(self) -> None:
        if not self._closing:
            self._spawn()
