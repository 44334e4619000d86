"""The limiter: one hit on the configured backend, failing open when the backend fails.

A backend error (Redis down, a timeout, DynamoDB throttling) lets the hit through, counts a
``RateLimiterDegraded`` metric and logs a warning at most every ``LOG_EVERY_SECONDS``. After a
failure the backend rests for ``COOLDOWN_SECONDS`` (hits pass unchecked, without waiting on a
dead socket), then the next hit tries it again: the limiter reconnects by itself.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from typing import Protocol

import boto3

from chalicelib import telemetry
from chalicelib.aws import client_config
from chalicelib.config import Settings
from chalicelib.ratelimit.dynamodb_backend import DynamoDBBackend
from chalicelib.ratelimit.policy import Policy, Verdict
from chalicelib.ratelimit.redis_backend import RedisBackend

log = logging.getLogger(__name__)

COOLDOWN_SECONDS = 1.0
LOG_EVERY_SECONDS = 10.0


class Backend(Protocol):
    def hit(self, policy: Policy, key: str) -> Verdict: ...


class Limiter:
    def __init__(self, backend: Backend | None, clock: Callable[[], float] = time.monotonic) -> None:
        self._backend = backend
        self._clock = clock
        self._lock = threading.Lock()
        self._resting_until = 0.0
        self._logged_at = -LOG_EVERY_SECONDS

    def hit(self, policy: Policy, key: str) -> Verdict:
        """Count one request of ``key`` against ``policy``; never raises."""
        if self._backend is None:
            return Verdict.unchecked(policy)
        if self._clock() < self._resting_until:
            return self._degraded(policy, None)
        try:
            verdict = self._backend.hit(policy, key)
        except Exception as exc:  # any backend failure: fail open rather than refuse everyone
            return self._degraded(policy, exc)
        if not verdict.allowed:
            telemetry.rate_limited(policy.name)
        return verdict

    def _degraded(self, policy: Policy, exc: Exception | None) -> Verdict:
        telemetry.rate_limiter_degraded()
        now = self._clock()
        with self._lock:
            if exc is not None:
                self._resting_until = now + COOLDOWN_SECONDS
            should_log = exc is not None and now - self._logged_at >= LOG_EVERY_SECONDS
            if should_log:
                self._logged_at = now
        if should_log:
            log.warning("rate limiter degraded: %s failed (%s: %s); requests pass unchecked until it answers",
                        type(self._backend).__name__, type(exc).__name__, exc)
        return Verdict.unchecked(policy)


def build_limiter(settings: Settings) -> Limiter:
    """The backend ``RATE_LIMIT_BACKEND`` names: ``redis`` (``REDIS_URL``), ``dynamodb`` or ``off``."""
    if settings.rate_limit_backend == "off":
        return Limiter(None)
    if settings.rate_limit_backend == "dynamodb":
        return Limiter(DynamoDBBackend())
    url, password = settings.redis_url, None
    if settings.redis_auth_secret_arn:
        url, password = _redis_secret(settings, url)
    if not url:
        raise ValueError("RATE_LIMIT_BACKEND=redis needs REDIS_URL (or a REDIS_AUTH_SECRET_ARN secret with a url)")
    return Limiter(RedisBackend.from_url(url, password=password, timeout_seconds=settings.redis_timeout_seconds))


def _redis_secret(settings: Settings, url: str | None) -> tuple[str | None, str | None]:
    """The AUTH token (and the URL when REDIS_URL is unset) from the cache module's secret, read once.

    The secret is the JSON the cache module writes (``auth_token``, ``url``) or the bare token.
    If it cannot be read the limiter still starts: Redis then refuses the calls and the limiter
    runs degraded (logged, measured), rather than every cold start failing.
    """
    try:
        secret = boto3.client("secretsmanager", region_name=settings.region,
                              config=client_config(settings)).get_secret_value(
            SecretId=settings.redis_auth_secret_arn)["SecretString"]
    except Exception:
        log.exception("could not read the Redis AUTH secret; rate limits run degraded")
        return url, None
    try:
        fields = json.loads(secret)
    except ValueError:
        return url, secret
    if not isinstance(fields, dict):
        return url, secret
    return url or fields.get("url"), fields.get("auth_token")
