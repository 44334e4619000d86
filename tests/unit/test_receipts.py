"""Delivery/read marks against an in-process moto: they only grow, and unread counts only messages."""

from __future__ import annotations

from collections.abc import Iterator

import boto3
import pytest
from moto_tables import moto_tables

from chalicelib.config import Settings
from chalicelib.errors import ValidationFailed
from chalicelib.models import Message, ReadMark
from chalicelib.receipts import Marks, Receipts, count_unread
from chalicelib.schemas import AckDeliveredFrame, MarkReadFrame, parse

SETTINGS = Settings.from_env({"TABLE_PREFIX": "cloudchat-unit-", "AWS_REGION": "us-east-1"})
ROOM, ME, OTHER = "00000000-0000-4000-8000-00000000000a", "me", "other"


@pytest.fixture
def tables() -> Iterator[None]:
    with moto_tables(SETTINGS):
        yield


def raise_mark(seq: int, *, read: bool) -> Marks:
    current = Marks.of(ReadMark.get(ROOM, ME, consistent_read=True) if ReadMark.count(ROOM) else None)
    return Receipts._raise(ROOM, ME, seq, current, read=read).after


def test_marks_never_move_backwards_and_reading_implies_delivery(tables: None) -> None:
    assert raise_mark(5, read=False) == Marks(delivered=5, read=0)
    assert raise_mark(3, read=False) == Marks(delivered=5, read=0)
    assert raise_mark(8, read=True) == Marks(delivered=8, read=8)
    assert raise_mark(7, read=True) == Marks(delivered=8, read=8)
    assert raise_mark(6, read=False) == Marks(delivered=8, read=8)  # a late delivery ack is a no-op
    assert raise_mark(9, read=False) == Marks(delivered=9, read=8)


def test_a_stale_current_mark_cannot_lower_the_stored_one(tables: None) -> None:
    raise_mark(10, read=True)
    change = Receipts._raise(ROOM, ME, 4, Marks(0, 0), read=True)  # e.g. an eventually consistent read
    assert change.after == Marks(10, 10) and not change.read_more


def post(seq: int, user: str, **flags: bool) -> None:
    row = Message(ROOM, seq, message_id=f"m{seq}", user_id=user, username=user, plain_content="x",
                  client_msg_id=f"c{seq}", created_at="2026-01-01T00:00:00.000Z")
    row.save()
    if flags:  # the thread/tombstone flags of message rows, stored as plain attributes
        client = boto3.client("dynamodb", region_name=SETTINGS.region)
        names = {f"#{k}": k for k in flags}
        client.update_item(TableName=Message.Meta.table_name, Key={"roomId": {"S": ROOM}, "seq": {"N": str(seq)}},
                           UpdateExpression="SET " + ", ".join(f"#{k} = :{k}" for k in flags),
                           ExpressionAttributeNames=names,
                           ExpressionAttributeValues={f":{k}": {"BOOL": v} for k, v in flags.items()})


def test_unread_counts_others_messages_after_the_read_mark_only(tables: None) -> None:
    post(1, OTHER)
    post(2, ME)
    post(3, OTHER)
    post(5, OTHER)  # seq 4 went to an edit: no row
    post(6, OTHER, deleted=True)
    post(7, OTHER, threadOnly=True)
    post(8, OTHER, deleted=False, threadOnly=False)
    assert count_unread(ROOM, 0, 9, ME) == 4
    assert count_unread(ROOM, 3, 9, ME) == 2
    assert count_unread(ROOM, 8, 9, ME) == 0


def test_ack_frame_keeps_the_highest_seq_per_room_and_names_bad_fields() -> None:
    frame = parse(AckDeliveredFrame, {"rooms": [{"roomId": ROOM, "seq": 4}, {"roomId": ROOM, "seq": 2}]})
    assert frame.highest() == {ROOM: 4}
    for bad, code in [({"rooms": []}, "invalid_rooms"),
                      ({"rooms": [{"roomId": ROOM, "seq": "4"}]}, "invalid_rooms_seq"),
                      ({"rooms": [{"roomId": "x", "seq": 1}]}, "invalid_rooms_room_id"),
                      ({"rooms": [{"roomId": ROOM}]}, "missing_field"),
                      ({"rooms": [{"roomId": ROOM, "seq": 1}] * 51}, "invalid_rooms")]:
        with pytest.raises(ValidationFailed) as failed:
            parse(AckDeliveredFrame, bad)
        assert failed.value.code == code, bad
    with pytest.raises(ValidationFailed) as failed:
        parse(MarkReadFrame, {"roomId": ROOM, "seq": -1})
    assert failed.value.code == "invalid_seq"
