"""logsafe: what the redaction filter rewrites, and that SDK loggers stay above DEBUG."""

from __future__ import annotations

import io
import logging

import pytest

from chalicelib import logsafe

JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJl"


@pytest.mark.parametrize("line", [
    f"< GET /?token={JWT} HTTP/1.1",
    f"headers: {{'Authorization': 'Bearer {JWT}'}}",
    "Authorization: opaque-secret-value",
    "GET /?ticket=opaque-secret-value&x=1",
    "{'Item': {'content': {'S': \"opaque-secret-value it's\"}}}",
    '{"message": {"S": "{\\"content\\": \\"opaque-secret-value \\\\\\"q\\\\\\"\\", \\"seq\\": 1}"}}',
    '{"previousContent": "opaque-secret-value"}',
])
def test_secrets_are_redacted(line: str) -> None:
    redacted = logsafe.redact(line.replace("opaque-secret-value", JWT if "token" in line else "opaque-secret-value"))
    assert "opaque-secret-value" not in redacted and JWT not in redacted
    assert logsafe.REDACTED in redacted


def test_other_text_is_kept() -> None:
    line = "PutItem consumed 1.0 units on cloudchat-Messages; seq=3"
    assert logsafe.redact(line) == line


def test_install_quiets_sdks_and_filters_handlers() -> None:
    stream = io.StringIO()
    root = logging.getLogger()
    handler = logging.StreamHandler(stream)
    root.addHandler(handler)
    level = root.level
    try:
        logsafe.install(logging.DEBUG)
        assert logging.getLogger("botocore.endpoint").getEffectiveLevel() == logging.INFO
        logging.getLogger("chalicelib.test").debug("frame %s", f"token={JWT}")
        try:
            raise ValueError(f"Authorization: {JWT}")
        except ValueError:
            logging.getLogger("chalicelib.test").exception("failed")
    finally:
        root.removeHandler(handler)
        root.setLevel(level)
    assert JWT not in stream.getvalue() and "token=<redacted>" in stream.getvalue()
