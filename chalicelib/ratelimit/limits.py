"""What each operation counts against: the one place that maps requests to policies and keys."""

from __future__ import annotations

from collections.abc import Mapping

from chalicelib.errors import RateLimited
from chalicelib.ratelimit.limiter import Limiter
from chalicelib.ratelimit.policy import Policy, Verdict


def rate_headers(verdict: Verdict) -> dict[str, str]:
    """The IETF ``RateLimit-*`` fields (draft-ietf-httpapi-ratelimit-headers), on every REST answer."""
    return {"RateLimit-Limit": str(verdict.limit), "RateLimit-Remaining": str(verdict.remaining),
            "RateLimit-Reset": str(verdict.reset_seconds)}


class Limits:
    def __init__(self, limiter: Limiter, policies: Mapping[str, Policy]) -> None:
        self._limiter = limiter
        self._policies = policies

    def rest(self, user_id: str | None, source_ip: str | None) -> Verdict:
        """A REST request, per user and per source IP; returns the tighter verdict (for the headers)."""
        subjects = [("rest_user", user_id), ("rest_ip", source_ip)]
        verdicts = [self._check(name, key) for name, key in subjects if key]
        if not verdicts:
            return Verdict.unchecked(self._policies["rest_user"])
        return min(verdicts, key=lambda verdict: verdict.remaining)

    def frame(self, connection_id: str, user_id: str) -> None:
        """A WebSocket frame, per connection and per user (all of the user's connections)."""
        self._check("ws_connection", connection_id)
        self._check("ws_user", user_id)

    def connect(self, user_id: str) -> None:
        """A ``$connect`` attempt with a valid token."""
        self._check("ws_connect", user_id)

    def room_created(self, user_id: str, kind: str) -> None:
        """Opening a DM counts as a DM; any other room as a room creation."""
        self._check("dm" if kind == "dm" else "room_create", user_id)

    def member_added(self, user_id: str) -> None:
        """Adding someone to a room (an invitation), counted against the one adding."""
        self._check("invite", user_id)

    def _check(self, name: str, key: str) -> Verdict:
        verdict = self._limiter.hit(self._policies[name], key)
        if not verdict.allowed:
            raise RateLimited(verdict.retry_after, rate_headers(verdict))
        return verdict
