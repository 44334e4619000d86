"""Opaque page cursors: a seq to continue from, under a key naming the direction (``before``/``after``)."""

from __future__ import annotations

import base64
import binascii
import json

from chalicelib.errors import ValidationFailed


def encode_cursor(key: str, seq: int) -> str:
    return base64.urlsafe_b64encode(json.dumps({key: seq}).encode()).decode().rstrip("=")


def decode_cursor(cursor: str, key: str) -> int:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        seq = json.loads(base64.urlsafe_b64decode(padded))[key]
    except (binascii.Error, ValueError, KeyError, TypeError) as exc:
        raise ValidationFailed("cursor is not one this API returned", code="invalid_cursor") from exc
    if isinstance(seq, bool) or not isinstance(seq, int) or seq < 1:
        raise ValidationFailed("cursor is not one this API returned", code="invalid_cursor")
    return seq
