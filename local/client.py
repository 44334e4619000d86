"""How any client of the stack opens a WebSocket: a one-time ticket over REST, then ``?ticket=``.

Shared by the integration tests, the benchmarks and the load test, so none of them puts a
token in a URL (docs/protocol.md, "Connecting").
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from urllib.parse import quote

_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never through a proxy from the env


class TicketRefused(Exception):
    """``POST /realtime/ticket`` answered something other than 200."""

    def __init__(self, status: int, body: bytes) -> None:
        super().__init__(f"ticket refused with {status}: {body[:200]!r}")
        self.status = status
        self.body = body


def ticket(rest_url: str, token: str, timeout: float = 10) -> str:
    request = urllib.request.Request(f"{rest_url.rstrip('/')}/realtime/ticket", data=b"{}", method="POST",
                                     headers={"Authorization": token, "Content-Type": "application/json"})
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            return str(json.loads(response.read())["ticket"])
    except urllib.error.HTTPError as exc:
        raise TicketRefused(exc.code, exc.read()) from None


def socket_url(ws_url: str, ticket_value: str) -> str:
    return f"{ws_url.rstrip('/')}/?ticket={quote(ticket_value, safe='')}"


def ticket_url(rest_url: str, ws_url: str, token: str) -> str:
    """A fresh ticket's WebSocket URL: call it once per connection (a ticket opens one socket)."""
    return socket_url(ws_url, ticket(rest_url, token))
