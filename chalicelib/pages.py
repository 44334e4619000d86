"""Opaque page cursors: a position to continue from, under a key naming the direction (``before``/``after``).

History pages continue from a seq (``decode_cursor``); search pages from an index position
(``decode_position``). Anything this API did not return is ``invalid_cursor``.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from chalicelib.errors import ValidationFailed

MAX_POSITION_CHARS = 200


def encode_cursor(key: str, value: int | str) -> str:
    return base64.urlsafe_b64encode(json.dumps({key: value}).encode()).decode().rstrip("=")


def decode_cursor(cursor: str, key: str) -> int:
    seq = _value(cursor, key)
    if isinstance(seq, bool) or not isinstance(seq, int) or seq < 1:
        raise _invalid()
    return seq


def decode_position(cursor: str, key: str) -> str:
    position = _value(cursor, key)
    if not isinstance(position, str) or not 0 < len(position) <= MAX_POSITION_CHARS:
        raise _invalid()
    return position


def _value(cursor: str, key: str) -> Any:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        return json.loads(base64.urlsafe_b64decode(padded))[key]
    except (binascii.Error, ValueError, KeyError, TypeError) as exc:
        raise _invalid() from exc


def _invalid() -> ValidationFailed:
    return ValidationFailed("cursor is not one this API returned", code="invalid_cursor")
