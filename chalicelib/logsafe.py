"""Logs never carry a credential or a message's content, at any level (``--log-level DEBUG`` included).

Two layers, installed once at start-up (``install``; app.py in Lambda, ``local`` for the stack):

- the SDK and server libraries that print whole requests at DEBUG (botocore's request and
  response bodies, PynamoDB's call arguments, the websockets handshake line with its
  ``?token=``) are kept at INFO or above, whatever the root level;
- a filter on every root handler rewrites what still gets through: JWTs, ``Authorization``
  values, ``token=``/``ticket=`` query values and ``content`` fields become ``<redacted>``,
  and an HTTP parser error (an oversized header) loses the request bytes it quotes.
"""

from __future__ import annotations

import logging
import re

# Loggers that print request/response bodies or URLs at DEBUG.
QUIET_LOGGERS = ("botocore", "boto3", "s3transfer", "urllib3", "pynamodb", "websockets", "aiohttp", "werkzeug",
                 "jwt")
REDACTED = "<redacted>"
_Q = r"\\?['\"]"  # a quote, maybe escaped (a JSON document inside a string)
PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*(\.[A-Za-z0-9_-]*)?"), REDACTED),  # any JWT
    (re.compile(r"(?i)(authorization" + _Q + r"?\s*[:=]\s*" + _Q + r"?)(bearer\s+)?[^'\"\\\s,}]+"), rf"\1{REDACTED}"),
    (re.compile(r"(?i)\b((?:token|ticket)=)[^&\s'\"]+"), rf"\1{REDACTED}"),
    # "content": "..." (also DynamoDB's {"S": "..."}), and the same inside a JSON string (\"content\": \"...\")
    (re.compile(r"""((['"])(?:content|previousContent)\2\s*:\s*(?:\{\s*['"]S['"]\s*:\s*)?)(['"])(?:\\.|(?!\3).)*\3"""),
     rf"\1\3{REDACTED}\3"),
    (re.compile(r"""(\\"(?:content|previousContent)\\"\s*:\s*\\")(?:\\\\(?:\\.|[^\\])|\\[^"\\]|[^\\])*?(\\")"""),
     rf"\1{REDACTED}\2"),
)
# Parser errors that quote the raw request (aiohttp's LineTooLong quotes a header's first bytes).
_QUOTING_ERRORS = ("aiohttp.http_exceptions",)


def redact(text: str) -> str:
    for pattern, replacement in PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class Redactor(logging.Filter):
    """Rewrites a record's message and traceback; never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        exc = record.exc_info[1] if record.exc_info else None
        if exc is not None and type(exc).__module__.startswith(_QUOTING_ERRORS):
            message = f"{message}: {type(exc).__name__} (request bytes withheld)"
            record.exc_info, record.exc_text = None, None
        elif record.exc_info:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        record.msg, record.args = redact(message), None
        return True


_REDACTOR = Redactor()


def install(level: int | str | None = None) -> None:
    """Apply both layers to the root logger's handlers (idempotent); ``level`` sets the root level first."""
    root = logging.getLogger()
    if level is not None:
        root.setLevel(level)
    floor = max(root.getEffectiveLevel(), logging.INFO)
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(floor)
    for handler in root.handlers:
        if _REDACTOR not in handler.filters:
            handler.addFilter(_REDACTOR)
