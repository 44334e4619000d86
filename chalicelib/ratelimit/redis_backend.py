"""Redis backend: GCRA (a token bucket kept as one timestamp per key) in one Lua script.

The script reads the clock (Redis ``TIME``, so every Lambda shares one clock), decides and
writes in one atomic step, so concurrent hits can never both take the last token. One
EVALSHA round trip per hit; the key expires when its bucket is full again.
"""

from __future__ import annotations

from typing import Any

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from chalicelib.ratelimit.policy import Policy, Verdict

# KEYS[1]: the bucket. ARGV[1]: microseconds per request at the sustained rate; ARGV[2]: the burst.
# The stored value is the "theoretical arrival time" (TAT): when the bucket would be full again.
# Returns {allowed, remaining, microseconds until full, microseconds until the next hit may pass}.
GCRA = """
local interval = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or now)
if tat < now then tat = now end
local new_tat = tat + interval
local allow_at = new_tat - interval * burst
if allow_at > now then
  return {0, 0, tat - now, allow_at - now}
end
redis.call('SET', KEYS[1], string.format('%d', new_tat), 'PX', math.ceil((new_tat - now) / 1000))
return {1, math.floor((now - allow_at) / interval), new_tat - now, 0}
"""


class RedisBackend:
    """``hit`` raises ``redis.RedisError`` (or ``OSError``) when Redis is unreachable: the limiter fails open."""

    def __init__(self, client: redis.Redis) -> None:
        self._client = client
        self._script = client.register_script(GCRA)  # EVALSHA, EVAL once after a restart (NOSCRIPT)

    @classmethod
    def from_url(cls, url: str, *, password: str | None, timeout_seconds: float) -> RedisBackend:
        """Short timeouts and no retries: a slow or dead Redis costs one request at most ``timeout_seconds``."""
        client = redis.Redis.from_url(url, password=password, socket_timeout=timeout_seconds,
                                      socket_connect_timeout=timeout_seconds, retry=Retry(NoBackoff(), 0),
                                      retry_on_timeout=False)
        return cls(client)

    def hit(self, policy: Policy, key: str) -> Verdict:
        result: Any = self._script(keys=[f"rl:{policy.name}:{key}"], args=[policy.interval_us, policy.burst])
        allowed, remaining, reset_us, retry_us = (int(value) for value in result)
        return Verdict.from_ms(policy, bool(allowed), remaining, reset_us / 1000, retry_us / 1000)
