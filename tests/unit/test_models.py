"""Table definitions (keys, indexes, TTL) against moto in-process, and history cursors."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto_tables import moto_tables

from chalicelib import models
from chalicelib.config import Settings
from chalicelib.errors import ValidationFailed
from chalicelib.pages import decode_cursor, encode_cursor

# (hash key, range key) per model; names are the attribute names stored in DynamoDB.
KEYS = {
    "Users": ("userId", None),
    "Rooms": ("roomId", None),
    "Memberships": ("roomId", "userId"),
    "Messages": ("roomId", "seq"),
    "MessageKeys": ("key", None),
    "MessageAudit": ("roomId", "seq"),
    "Bans": ("roomId", "userId"),
    "Pins": ("roomId", "messageId"),
    "Connections": ("connectionId", None),
    "RoomConnections": ("roomId", "connectionId"),
    "ReadMarks": ("roomId", "userId"),
    "Presence": ("userId", None),
    "TypingStates": ("roomId", "userId"),
    "SearchIndex": ("term", "position"),
    "RateLimits": ("key", None),
    "UsernameClaims": ("skeleton", None),
    "Tickets": ("ticketHash", None),
    "Invitations": ("userId", "roomId"),
    "Blocks": ("userId", "blockedId"),
    "DirectPairs": ("pair", None),
}
GSIS = {
    "Rooms": {"PublicRoomIndex": ("listing", "createdAt", "ALL")},
    "Memberships": {"UserRoomsIndex": ("userId", "roomId", "ALL")},
    "Messages": {"UserIndex": ("userId", "createdAt", "ALL"), "MessageIdIndex": ("messageId", None, "KEYS_ONLY"),
                 "ChangeIndex": ("roomId", "changeSeq", "ALL"), "ReplyIndex": ("replyTo", "seq", "ALL"),
                 "ExpiryIndex": ("expiryBucket", "expiresAt", "KEYS_ONLY")},
    "MessageAudit": {"ExpiryIndex": ("expiryBucket", "expiresAt", "KEYS_ONLY")},
    "Connections": {"UserIndex": ("userId", None, "ALL"),
                    "TokenExpiryIndex": ("sweepShard", "tokenExp", "KEYS_ONLY")},
    "SearchIndex": {"RoomTermIndex": ("roomTerm", "position", "KEYS_ONLY")},
    "RoomConnections": {"ConnectionIndex": ("connectionId", "roomId", "KEYS_ONLY")},
}
TTL = {"Messages": "expiresAt", "MessageKeys": "expiresAt", "MessageAudit": "expiresAt",
       "Connections": "ttl", "RoomConnections": "ttl", "Presence": "ttl", "TypingStates": "ttl",
       "SearchIndex": "expiresAt", "RateLimits": "expiresAt", "Tickets": "ttl",
       "Invitations": "expiresAt"}


SETTINGS = Settings.from_env({"TABLE_PREFIX": "cloudchat-unit-", "AWS_REGION": "us-east-1"})


def table(model: str) -> str:
    return SETTINGS.table_name(model)


def key_schema(schema: list[dict[str, str]]) -> tuple[str | None, str | None]:
    roles = {k["KeyType"]: k["AttributeName"] for k in schema}
    return roles.get("HASH"), roles.get("RANGE")


@pytest.fixture(scope="module")
def dynamodb() -> Iterator[Any]:
    """One in-process moto for the module; ``create_tables`` has run once on it."""
    with moto_tables(SETTINGS):
        yield boto3.client("dynamodb", region_name=SETTINGS.region)


def test_bind_names_every_table_from_the_settings() -> None:
    models.bind(SETTINGS)
    assert sorted(m.Meta.table_name for m in models.ALL_MODELS) == sorted(table(t) for t in KEYS)
    assert {m.Meta.region for m in models.ALL_MODELS} == {SETTINGS.region}


def test_create_tables_creates_every_table_with_its_keys(dynamodb: Any) -> None:
    existing = set(dynamodb.list_tables()["TableNames"])
    assert {table(name) for name in KEYS} <= existing
    for name, keys in KEYS.items():
        description = dynamodb.describe_table(TableName=table(name))["Table"]
        assert key_schema(description["KeySchema"]) == keys, name
        assert description["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST", name
        types = {a["AttributeName"]: a["AttributeType"] for a in description["AttributeDefinitions"]}
        if name == "Messages":
            assert types["seq"] == "N"


@pytest.mark.parametrize("name", sorted(KEYS))
def test_global_secondary_indexes(dynamodb: Any, name: str) -> None:
    description = dynamodb.describe_table(TableName=table(name))["Table"]
    found = {
        gsi["IndexName"]: (*key_schema(gsi["KeySchema"]), gsi["Projection"]["ProjectionType"])
        for gsi in description.get("GlobalSecondaryIndexes", [])
    }
    assert found == GSIS.get(name, {})
    assert not description.get("LocalSecondaryIndexes")


@pytest.mark.parametrize("name", sorted(KEYS))
def test_ttl(dynamodb: Any, name: str) -> None:
    ttl = dynamodb.describe_time_to_live(TableName=table(name))["TimeToLiveDescription"]
    if name in TTL:
        assert ttl == {"TimeToLiveStatus": "ENABLED", "AttributeName": TTL[name]}
    else:
        assert ttl["TimeToLiveStatus"] == "DISABLED"


def test_only_the_messages_table_streams_old_and_new_images(dynamodb: Any) -> None:
    """The stream feeds the search index (an edit needs the old words to remove them)."""
    streams = {name: dynamodb.describe_table(TableName=table(name))["Table"].get("StreamSpecification")
               for name in KEYS}
    assert streams.pop("Messages") == {"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"}
    assert not any(spec and spec.get("StreamEnabled") for spec in streams.values())


def test_create_tables_is_idempotent_and_keeps_data(dynamodb: Any) -> None:
    models.User("u-1", username="alice").save()
    models.create_tables(SETTINGS)
    models.create_tables(SETTINGS, wait=False)
    assert models.User.get("u-1").username == "alice"
    assert len([t for t in dynamodb.list_tables()["TableNames"] if t in {table(n) for n in KEYS}]) == len(KEYS)
    assert dynamodb.describe_time_to_live(TableName=table("Messages"))["TimeToLiveDescription"][
        "TimeToLiveStatus"] == "ENABLED"


def test_public_room_index_is_sparse(dynamodb: Any) -> None:
    models.Room("r-public", name="p", kind="public", created_by="u", listing="public").save()
    models.Room("r-private", name="q", kind="private", created_by="u").save()
    assert [r.room_id for r in models.Room.public_index.query("public")] == ["r-public"]


# -- cursors ---------------------------------------------------------------------------------
@pytest.mark.parametrize("seq", [1, 2, 9, 10, 99, 12345, 2**53])
def test_cursor_round_trip(seq: int) -> None:
    cursor = encode_cursor("before", seq)
    assert "=" not in cursor
    assert all(c.isalnum() or c in "-_" for c in cursor)
    assert decode_cursor(cursor, "before") == seq


def raw_cursor(payload: bytes) -> str:
    return base64.urlsafe_b64encode(payload).decode().rstrip("=")


@pytest.mark.parametrize("cursor", [
    "",
    "!!!",
    "a",
    "not-a-cursor",
    raw_cursor(b"not json"),
    raw_cursor(b"\xff\xfe\x00"),
    raw_cursor(b"[1, 2]"),
    raw_cursor(b'"before"'),
    raw_cursor(b"null"),
    raw_cursor(json.dumps({"after": 5}).encode()),
    raw_cursor(json.dumps({"before": "5"}).encode()),
    raw_cursor(json.dumps({"before": 5.5}).encode()),
    raw_cursor(json.dumps({"before": 0}).encode()),
    raw_cursor(json.dumps({"before": -3}).encode()),
    raw_cursor(json.dumps({"before": None}).encode()),
    # BUG: bool is an int subclass, so {"before": true} decodes to True (== 1) instead of failing.
    pytest.param(raw_cursor(json.dumps({"before": True}).encode()), id="before-is-bool"),
])
def test_invalid_cursor(cursor: str) -> None:
    with pytest.raises(ValidationFailed) as info:
        decode_cursor(cursor, "before")
    assert (info.value.code, info.value.status) == ("invalid_cursor", 400)
