"""One exception type for every expected failure, rendered the same way on REST and WebSocket."""

from __future__ import annotations

import re
from typing import Any

from chalice.app import ChaliceUnhandledError


class ChatError(ChaliceUnhandledError):
    """A client-facing failure with a machine-readable code and an HTTP status.

    Chalice turns any other exception into a 500 before middleware sees it; subclasses of
    ``ChaliceUnhandledError`` reach ``render_errors`` in app.py, which renders the 4xx.
    """

    status = 400
    code = "bad_request"

    def __init__(self, message: str, *, code: str | None = None, status: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        if status is not None:
            self.status = status

    def to_dict(self) -> dict[str, Any]:
        return {"error": {"code": self.code, "message": self.message}}

    def headers(self) -> dict[str, str | list[str]]:
        """Extra response headers the error's answer carries (REST only; Chalice's header type)."""
        return {}


class ValidationFailed(ChatError):
    code = "validation_error"


class Unauthorized(ChatError):
    status = 401
    code = "unauthorized"


class TokenExpired(Unauthorized):
    """The token a socket connected with has expired: the frame is refused and the socket closed."""

    code = "token_expired"


class Forbidden(ChatError):
    status = 403
    code = "forbidden"


class NotFound(ChatError):
    status = 404
    code = "not_found"


class Conflict(ChatError):
    status = 409
    code = "conflict"


class RateLimited(ChatError):
    """Over a rate limit: try again in ``retry_after`` seconds (``Retry-After``, ``retryAfter``)."""

    status = 429
    code = "rate_limited"

    def __init__(self, retry_after: int, rate_headers: dict[str, str]) -> None:
        super().__init__(f"Too many requests; retry in {retry_after} s")
        self.retry_after = retry_after
        self._rate_headers = rate_headers

    def to_dict(self) -> dict[str, Any]:
        body = super().to_dict()
        body["error"]["retryAfter"] = self.retry_after
        return body

    def headers(self) -> dict[str, str | list[str]]:
        return {**self._rate_headers, "Retry-After": str(self.retry_after)}


class ServiceUnavailable(ChatError):
    """An AWS service the request needs did not answer in time (``chalicelib.aws.unavailable``)."""

    status = 503
    code = "service_unavailable"


class ConnectionGone(Exception):
    """The API Gateway connection no longer exists (GoneException): the caller should forget it."""

    def __init__(self, connection_id: str) -> None:
        super().__init__(connection_id)
        self.connection_id = connection_id


def chalice_error_body(body: Any) -> dict[str, Any] | None:
    """Chalice's own refusals (415 ``UnsupportedMediaType``, 400 ``BadRequest``) come as
    ``{"Code", "Message"}``; this is the same refusal in our shape, or None for any other body."""
    if not (isinstance(body, dict) and set(body) == {"Code", "Message"} and isinstance(body["Code"], str)):
        return None
    code = re.sub(r"(?<!^)(?=[A-Z])", "_", body["Code"]).lower()
    return {"error": {"code": code, "message": str(body["Message"])}}
