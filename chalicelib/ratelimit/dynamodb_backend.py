"""DynamoDB backend, for deployments without Redis: one conditional ``ADD`` per hit on a
fixed-window counter (``RateLimitCounter``, expired by TTL).

Each window lasts ``burst / limit * window`` seconds and admits ``burst`` hits, so the sustained
rate is the policy's and the ``burst + 1``-th hit in a window is refused, as on Redis. Unlike
Redis's token bucket, a client may spend one window's burst at its end and the next one's at
the start of the next window.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from datetime import UTC, datetime

from pynamodb.exceptions import UpdateError

from chalicelib.models import RateLimitCounter
from chalicelib.ratelimit.policy import Policy, Verdict

EXPIRY_GRACE_SECONDS = 60  # TTL deletes lazily; a counter only has to outlive its window


class DynamoDBBackend:
    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self._clock = clock

    def hit(self, policy: Policy, key: str) -> Verdict:
        span_ms = policy.window * 1000 * policy.burst / policy.limit
        now_ms = self._clock() * 1000
        index = math.floor(now_ms / span_ms)
        ends_ms = (index + 1) * span_ms
        expires = datetime.fromtimestamp(ends_ms / 1000 + EXPIRY_GRACE_SECONDS, UTC)
        counter = RateLimitCounter(f"{policy.name}#{key}#{index}")
        try:
            counter.update(actions=[RateLimitCounter.hits.add(1),
                                    RateLimitCounter.expires_at.set(expires)],
                           condition=RateLimitCounter.hits.does_not_exist() | (RateLimitCounter.hits < policy.burst))
        except UpdateError as exc:
            if exc.cause_response_code != "ConditionalCheckFailedException":
                raise
            return Verdict.from_ms(policy, False, 0, ends_ms - now_ms, ends_ms - now_ms)
        return Verdict.from_ms(policy, True, policy.burst - int(counter.hits), ends_ms - now_ms, 0)
