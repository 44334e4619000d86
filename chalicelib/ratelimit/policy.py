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
            raise ValueError(f"RATE_LIMIT_{name.upper()}={spec!r}: expected LIMIT/WINDOW_SECONDS[/BURST]")
        limit, window = int(match[1]), int(match[2])
        burst = int(match[3]) if match[3] else limit
        if min(limit, window, burst) < 1:
            raise ValueError(f"RATE_LIMIT_{name.upper()}={spec!r}: every number must be at least 1")
        return cls(name, limit, window, burst)


def policies_from_env(env: Mapping[str, str]) -> dict[str, Policy]:
    """Every policy, from its ``RATE_LIMIT_<NAME>`` variable or its default (docs/operations.md)."""
    specs = {
        "rest_user": env.get("RATE_LIMIT_REST_USER", "100/900"),  # REST requests per user (the seed's)
        "rest_ip": env.get("RATE_LIMIT_REST_IP", "100/900"),  # REST requests per source IP
        "ws_connection": env.get("RATE_LIMIT_WS_CONNECTION", "10/1/20"),  # WebSocket frames per connection
        "ws_user": env.get("RATE_LIMIT_WS_USER", "20/1/40"),  # WebSocket frames per user, all connections
        "ws_connect": env.get("RATE_LIMIT_WS_CONNECT", "30/60"),  # $connect attempts per user
        "room_create": env.get("RATE_LIMIT_ROOM_CREATE", "20/3600"),  # rooms (public, private) per user
        "invite": env.get("RATE_LIMIT_INVITE", "50/3600"),  # members added to rooms per user
        "dm": env.get("RATE_LIMIT_DM", "30/3600"),  # DMs opened per user
    }
    return {name: Policy.parse(name, spec) for name, spec in specs.items()}


DEFAULT_POLICIES = policies_from_env({})


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
