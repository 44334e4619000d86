"""Bounded AWS calls: the one place that sets SDK timeouts and retries, and that turns an AWS
service the app cannot reach into ``ServiceUnavailable`` (503, ``service_unavailable``).

Botocore's defaults (60 s connect and read, PynamoDB's 15 s and 30 s, with retries) would hold
a request for minutes against a hung endpoint, far past API Gateway's 29 s. With the defaults in
``Settings``, a call gives up after about attempts x read timeout plus backoff (3 x 4 s + ~3 s).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from botocore.config import Config
from botocore.exceptions import ConnectionError as BotocoreConnectionError
from botocore.exceptions import HTTPClientError

from chalicelib.config import Settings
from chalicelib.errors import ChatError, ServiceUnavailable

F = TypeVar("F", bound=Callable[..., Any])

# Connection refused or timed out, read timed out, connection reset: nothing to do with the request.
TRANSPORT_ERRORS = (BotocoreConnectionError, HTTPClientError)


def client_config(settings: Settings) -> Config:
    """For every boto3 client the app makes: ``boto3.client(service, config=client_config(settings))``."""
    return Config(connect_timeout=settings.aws_connect_timeout, read_timeout=settings.aws_read_timeout,
                  retries={"mode": "standard", "total_max_attempts": settings.aws_max_attempts})


def unavailable(exc: BaseException) -> ServiceUnavailable | None:
    """``ServiceUnavailable`` if ``exc`` was caused by an unreachable AWS endpoint, else None.

    PynamoDB wraps botocore's exception (``GetError(..., cause)``), boto3 raises it bare, and a
    thread pool re-raises it: follow the chain of causes.
    """
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, TRANSPORT_ERRORS):
            return ServiceUnavailable("A backing service is not answering; retry shortly")
        seen.add(id(current))
        current = current.__cause__ or current.__context__ or getattr(current, "cause", None)
    return None


def guarded(function: F) -> F:
    """Re-raise an unreachable AWS service as ``ServiceUnavailable``, which every edge renders
    (a REST 503, a WebSocket ``error`` event, a refused ``$connect``); other errors pass through."""

    @functools.wraps(function)
    def call(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except ChatError:
            raise
        except Exception as exc:
            failure = unavailable(exc)
            if failure is None:
                raise
            raise failure from exc

    return call  # type: ignore[return-value]


def guard_routes(route: Callable[..., Callable[[F], F]]) -> Callable[..., Callable[[F], F]]:
    """``app.route = guard_routes(app.route)``: every REST view registered afterwards is ``guarded``."""

    @functools.wraps(route)
    def register(path: str, **kwargs: Any) -> Callable[[F], F]:
        decorate = route(path, **kwargs)
        return lambda view: decorate(guarded(view))

    return register
