"""The server's events (chalicelib/protocol.py) and the client's types (web/src/api/types.ts) agree."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import get_args, get_type_hints

from chalicelib import protocol
from chalicelib.errors import Forbidden, RateLimited

TYPES_TS = Path(__file__).resolve().parents[2] / "web" / "src" / "api" / "types.ts"
SHAPES = {"Message": protocol.MessageWire, "Room": protocol.RoomWire, "Member": protocol.MemberWire,
          "ErrorBody": protocol.ErrorBody, "Receipt": protocol.ReceiptWire, "MemberReceipt": protocol.MemberReceiptWire,
          "DeliveredMark": protocol.DeliveredWire, "RoomUnread": protocol.UnreadWire,
          "UserSettings": protocol.SettingsWire, "Reaction": protocol.ReactionWire,
          "ReactionChange": protocol.ReactionChange, "AuditRecord": protocol.AuditRecordWire,
          "Mute": protocol.MuteWire, "Ban": protocol.BanWire, "Pin": protocol.PinWire,
          "PresenceUser": protocol.PresenceWire, "Mention": protocol.MentionWire,
          "SearchResult": protocol.SearchResultWire, "SearchPage": protocol.SearchPageWire,
          "Ticket": protocol.TicketWire,
          "RoomPage": protocol.RoomPageWire, "Invitation": protocol.InvitationWire, "Block": protocol.BlockWire}
FIELD = re.compile(r"(\w+)(\??):")


def python_fields(typed_dict: type) -> dict[str, bool]:
    """field -> optional"""
    return {**{k: False for k in typed_dict.__required_keys__},  # type: ignore[attr-defined]
            **{k: True for k in typed_dict.__optional_keys__}}  # type: ignore[attr-defined]


def ts_fields(body: str) -> dict[str, bool]:
    return {name: bool(optional) for name, optional in FIELD.findall(body)}


def ts_interfaces() -> dict[str, dict[str, bool]]:
    text = TYPES_TS.read_text()
    return {name: ts_fields(body) for name, body in re.findall(r"export interface (\w+) \{(.*?)\n\}", text, re.S)}


def ts_events() -> dict[str, dict[str, bool]]:
    union = re.search(r"export type ServerEvent =(.*?);\n\n", TYPES_TS.read_text(), re.S)
    assert union, "types.ts exports the ServerEvent union"
    members = re.findall(r"\|\s*\{(.*?)\}", union.group(1))
    return {re.search(r"event: '(\w+)'", m).group(1): ts_fields(m) for m in members}  # type: ignore[union-attr]


def test_every_event_has_the_same_fields_on_both_sides() -> None:
    python = {get_args(get_type_hints(td)["event"])[0]: python_fields(td) for td in protocol.SERVER_EVENTS}
    assert ts_events() == python


def test_the_shapes_events_carry_have_the_same_fields() -> None:
    interfaces = ts_interfaces()
    for ts_name, typed_dict in SHAPES.items():
        assert interfaces[ts_name] == python_fields(typed_dict), ts_name


def test_timestamps_are_utc_with_milliseconds_and_z() -> None:
    moment = datetime(2026, 11, 25, 14, 25, 17, 224_999, tzinfo=timezone(timedelta(hours=1)))
    assert protocol.timestamp(moment) == "2026-11-25T13:25:17.224Z"
    assert protocol.timestamp(datetime(2026, 1, 2, tzinfo=UTC)) == "2026-01-02T00:00:00.000Z"


def test_error_event_echoes_client_msg_id_only_when_given() -> None:
    denied = Forbidden("no", code="not_a_member")
    assert protocol.error_event(denied) == {"event": "error", "error": {"code": "not_a_member", "message": "no"}}
    assert protocol.error_event(denied, "c-1")["clientMsgId"] == "c-1"


def test_a_rate_limited_error_says_when_to_retry_on_both_transports() -> None:
    limited = RateLimited(7, {"RateLimit-Limit": "20"})
    assert protocol.error_event(limited, "c-2") == {
        "event": "error", "clientMsgId": "c-2",
        "error": {"code": "rate_limited", "message": "Too many requests; retry in 7 s", "retryAfter": 7}}
    assert limited.to_dict()["error"]["retryAfter"] == 7
    assert limited.status == 429
    assert limited.headers() == {"RateLimit-Limit": "20", "Retry-After": "7"}
