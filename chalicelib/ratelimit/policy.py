"""Policies (what a limit is) and verdicts (what one hit got), as plain data.

A policy lets ``limit`` requests per ``window`` seconds on average and up to ``burst`` at once:
the ``burst + 1``-th request in a row is the first one refused.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass

SPEC = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*(?:/\s*(\d+)\s*)?$")


@dataclass(frozen=True)
class Policy:
    name: str
    limit: int
    window: int  # seconds
    burst: int

    @property
    def interval_us(self) -> int:
        """Microseconds between two requests at the sustained rate (the token bucket's refill)."""
        return max(1, self.window * 1_000_000 // self.limit)

    @classmethod
    def parse(cls, name: str, spec: str) -> Policy:
        """``"100/900"`` (100 per 15 min, burst 100) or ``"10/1/20"`` (10 per second, burst 20)."""
        match = SPEC.match(spec)
        if match is None:
            raise ValueError(f"rate limit {name}={spec!r}: expected LIMIT/WINDOW_SECONDS[/BURST]")
        limit, window = int(match[1]), int(match[2])
        burst = int(match[3]) if match[3] else limit
        if min(limit, window, burst) < 1:
            raise ValueError(f"rate limit {name}={spec!r}: every number must be at least 1")
        return cls(name, limit, window, burst)

    def env_name(self) -> str:
        return f"RATE_LIMIT_{self.name.upper()}"


# The defaults; each is overridden by ``RATE_LIMIT_<NAME>`` (docs/operations.md).
DEFAULT_POLICIES: dict[str, str] = {
    "rest_user": "100/900",  # REST requests per user (the seed's 100 per 15 minutes)
    "rest_ip": "100/900",  # REST requests per source IP
    "ws_connection": "10/1/20",  # WebSocket frames per connection
    "ws_user": "20/1/40",  # WebSocket frames per user, over all their connections
    "ws_connect": "30/60",  # $connect attempts per user
    "room_create": "20/3600",  # rooms (public or private) created per user
    "invite": "50/3600",  # members added to rooms per user
    "dm": "30/3600",  # DMs opened per user
}


def policies_from_env(env: Mapping[str, str]) -> dict[str, Policy]:
    policies = {}
    for name, default in DEFAULT_POLICIES.items():
        policies[name] = Policy.parse(name, env.get(f"RATE_LIMIT_{name.upper()}", default))
    return policies


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    limit: int  # requests allowed at once (the policy's burst)
    remaining: int  # requests still allowed right now
    reset_seconds: int  # until the allowance is whole again
    retry_after: int  # seconds to wait before the next request may pass; 0 when allowed

    @classmethod
    def from_ms(cls, policy: Policy, allowed: bool, remaining: int, reset_ms: float, retry_ms: float) -> Verdict:
        """Seconds round up, and a refusal always says to wait at least one second."""
        retry_after = max(1, math.ceil(retry_ms / 1000)) if not allowed else 0
        return cls(allowed, policy.burst, max(0, remaining), max(0, math.ceil(reset_ms / 1000)), retry_after)

    @classmethod
    def unchecked(cls, policy: Policy) -> Verdict:
        """What a hit gets when nothing was counted (limiting off, or the backend unreachable)."""
        return cls(True, policy.burst, policy.burst, 0, 0)
