"""One exception type for every expected failure, rendered the same way on REST and WebSocket."""

from __future__ import annotations

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


class ConnectionGone(Exception):
    """The API Gateway connection no longer exists (GoneException): the caller should forget it."""

    def __init__(self, connection_id: str) -> None:
        super().__init__(connection_id)
        self.connection_id = connection_id
