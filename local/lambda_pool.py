"""Lambda's execution environments for the local stack: worker processes that survive crashes.

Each worker is a spawned process that imports the app once (``lambda_runtime.start``) and then
runs one invocation at a time, read from its own pipe, as a Lambda execution environment does.
Invocations wait in one queue; the moment a worker answers, the event loop's reader callback
hands it the oldest waiting one (no task switch in between).

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
    deadline: asyncio.TimerHandle | None = None  # the function timeout of the one in flight
    timed_out: bool = False


Invocation = tuple[Callable[..., Any], tuple[Any, ...], "asyncio.Future[Any]"]


class LambdaPool(Executor):
    def __init__(self, size: int, env: dict[str, str], log_level: str, stdout_path: str,
                 timeout: float = 30.0) -> None:
        self._size = size
        self._args = (env, log_level, stdout_path)
        self._timeout = timeout
        self._context = multiprocessing.get_context("spawn")
        self._workers: list[_Worker] = []
        self._idle: deque[_Worker] = deque()
        self._pending: deque[Invocation] = deque()
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
        while self._pending:
            self._pending.popleft()[2].cancel()
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
        future: asyncio.Future[T] = self._loop.create_future()
        self._pending.append((function, args, future))
        self._dispatch()
        return await future

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        """The ``Executor`` face of ``call`` (thread-safe), for ``loop.run_in_executor``."""
        assert self._loop is not None and not kwargs
        return asyncio.run_coroutine_threadsafe(self.call(fn, *args), self._loop)

    def _dispatch(self) -> None:
        """Hand waiting invocations to idle workers; the function timeout starts now, not in the queue."""
        assert self._loop is not None
        while self._pending and self._idle:
            function, args, future = self._pending.popleft()
            if future.done():  # its caller gave up while it waited
                continue
            worker = self._idle.popleft()
            try:
                worker.conn.send((function, args))
            except OSError:  # died while idle, before its EOF was seen: the invocation never started
                self._pending.appendleft((function, args, future))
                self._lost(worker)
                continue
            worker.running = future
            worker.deadline = self._loop.call_later(self._timeout, self._expire, worker)

    def _expire(self, worker: _Worker) -> None:
        log.error("invocation timed out after %.0f s: killing Lambda worker %d", self._timeout, worker.pid)
        worker.timed_out = True
        worker.process.kill()  # its EOF fails the invocation and replaces the worker

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
            future = self._finish(worker)
            if future is not None and not future.done():  # done: its caller gave up (cancelled)
                if ok:
                    future.set_result(value)
                else:
                    future.set_exception(InvocationFailed(value))
        if not worker.timed_out:  # a killed worker's late answer: its EOF is on the way
            self._idle.append(worker)
        self._dispatch()

    def _finish(self, worker: _Worker) -> asyncio.Future[Any] | None:
        future, worker.running = worker.running, None
        if worker.deadline is not None:
            worker.deadline.cancel()
            worker.deadline = None
        return future

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
        future = self._finish(worker)
        if future is not None and not future.done():
            reason = (f"Task timed out after {self._timeout:.2f} seconds" if worker.timed_out
                      else f"Lambda worker {worker.pid} exited with {worker.process.exitcode}")
            future.set_exception(WorkerCrashed(reason))
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
