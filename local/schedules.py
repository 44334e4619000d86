"""EventBridge schedules, for the local stack: run every ``@app.schedule`` handler of the app in
the Lambda workers every ``interval`` seconds (``--schedule-seconds``), with the "Scheduled Event"
EventBridge sends, and on demand (``POST /_local/schedules/<handler>`` in http_gateway.py).

The local timer ignores each rule's own rate or cron: locally every schedule runs on the one
interval, so a sweep set to run hourly in AWS can be seen working within a minute. A failing
handler is logged and tried again at the next tick; it never stops the timer or the stack.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

log = logging.getLogger("local.schedules")

ACCOUNT = "000000000000"  # moto's default account

Invoke = Callable[[str, dict[str, Any]], Awaitable[None]]


def scheduled_event(handler: str, region: str) -> dict[str, Any]:
    """What EventBridge delivers to a scheduled rule's Lambda target."""
    return {
        "version": "0", "id": str(uuid.uuid4()), "detail-type": "Scheduled Event", "source": "aws.events",
        "account": ACCOUNT, "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "region": region,
        "resources": [f"arn:aws:events:{region}:{ACCOUNT}:rule/{handler}"], "detail": {},
    }


class Schedules:
    """``invoke(handler, event)`` runs one handler in a Lambda worker; ``handlers`` are the app's."""

    def __init__(self, handlers: list[str], region: str, interval: float, invoke: Invoke) -> None:
        self.handlers = handlers
        self._region = region
        self._interval = interval
        self._invoke = invoke

    async def run_now(self, handler: str) -> None:
        """Run one handler once; raises KeyError for a handler the app does not have, and
        whatever the handler raised."""
        if handler not in self.handlers:
            raise KeyError(handler)
        await self._invoke(handler, scheduled_event(handler, self._region))

    async def run(self) -> None:
        """Every ``interval`` seconds, each handler in turn; failures are logged, never raised."""
        while True:
            await asyncio.sleep(self._interval)
            for handler in self.handlers:
                try:
                    await self.run_now(handler)
                except Exception:
                    log.exception("scheduled handler %s failed; it runs again in %.0f s", handler, self._interval)
