"""Envelope encryption against an in-process moto (DynamoDB + KMS): values round-trip, a value moved
to another message, room or field fails to open, one data key per room, a bounded key cache."""

from __future__ import annotations

import base64
from collections.abc import Iterator

import boto3
import pytest
from moto_tables import moto_tables

from chalicelib import models
from chalicelib.config import Settings
from chalicelib.envelope import CONTENT, PREVIOUS_CONTENT, Envelope, SealedContentError
from chalicelib.errors import NotFound
from chalicelib.models import Message, Room

SETTINGS = Settings.from_env({"TABLE_PREFIX": "cloudchat-unit-", "AWS_REGION": "us-east-1"})
ROOMS = [f"00000000-0000-4000-8000-00000000000{i}" for i in range(1, 4)]
MESSAGE = "11111111-1111-4111-8111-111111111111"


class CountingKms:
    """The real (moto) KMS client, counting the calls the envelope makes."""

    def __init__(self) -> None:
        self.client = boto3.client("kms", region_name=SETTINGS.region)
        self.calls: list[str] = []

    def generate_data_key(self, **kwargs: object) -> dict[str, object]:
        self.calls.append("GenerateDataKey")
        return self.client.generate_data_key(**kwargs)  # type: ignore[no-any-return]

    def decrypt(self, **kwargs: object) -> dict[str, object]:
        self.calls.append("Decrypt")
        return self.client.decrypt(**kwargs)  # type: ignore[no-any-return]


@pytest.fixture
def kms() -> Iterator[CountingKms]:
    with moto_tables(SETTINGS):
        for room_id in ROOMS:
            Room(room_id, name="r", kind="public", created_by="u").save()
        yield CountingKms()


def envelope(kms: CountingKms, *, size: int = 100, seconds: float = 300) -> Envelope:
    key_id = kms.client.create_key(Description="content")["KeyMetadata"]["KeyId"]
    return Envelope(key_id, SETTINGS.region, size, seconds, kms=kms)


def test_a_sealed_value_round_trips_and_holds_no_plaintext(kms: CountingKms) -> None:
    env = envelope(kms)
    blob = env.seal(ROOMS[0], MESSAGE, CONTENT, "the launch code is 0000 ✓")
    assert b"launch" not in blob and "launch".encode("utf-16-le") not in blob
    assert env.open(ROOMS[0], MESSAGE, CONTENT, blob) == "the launch code is 0000 ✓"
    assert env.seal(ROOMS[0], MESSAGE, CONTENT, "same") != env.seal(ROOMS[0], MESSAGE, CONTENT, "same")  # fresh nonce
    as_in_a_stream_event = base64.b64encode(blob).decode()  # Lambda's JSON carries binary images as base64
    assert env.open(ROOMS[0], MESSAGE, CONTENT, as_in_a_stream_event) == "the launch code is 0000 ✓"


def test_a_value_moved_to_another_message_room_or_field_or_altered_does_not_open(kms: CountingKms) -> None:
    env = envelope(kms)
    blob = env.seal(ROOMS[0], MESSAGE, CONTENT, "secret")
    for room_id, message_id, field in [(ROOMS[0], "another", CONTENT), (ROOMS[1], MESSAGE, CONTENT),
                                       (ROOMS[0], MESSAGE, PREVIOUS_CONTENT)]:
        with pytest.raises(SealedContentError):
            env.open(room_id, message_id, field, blob)
    flipped = blob[:-1] + bytes([blob[-1] ^ 1])
    with pytest.raises(SealedContentError):
        env.open(ROOMS[0], MESSAGE, CONTENT, flipped)
    with pytest.raises(SealedContentError):
        env.open(ROOMS[0], MESSAGE, CONTENT, b"plain text")


def test_one_data_key_per_room_stored_encrypted_and_kept_by_a_second_container(kms: CountingKms) -> None:
    first = envelope(kms)
    blob = first.seal(ROOMS[0], MESSAGE, CONTENT, "hello")
    stored = Room.get(ROOMS[0], consistent_read=True).content_key
    assert stored is not None and first.data_key(ROOMS[0]) not in stored
    assert kms.calls == ["GenerateDataKey"]
    second = Envelope(first._kms_key_id, SETTINGS.region, 100, 300, kms=kms)  # another container
    assert second.open(ROOMS[0], MESSAGE, CONTENT, blob) == "hello"
    assert kms.calls == ["GenerateDataKey", "Decrypt"]
    assert Room.get(ROOMS[0], consistent_read=True).content_key == stored


def test_a_container_that_loses_the_race_for_a_rooms_key_uses_the_winners(kms: CountingKms) -> None:
    winner = envelope(kms)
    loser = Envelope(winner._kms_key_id, SETTINGS.region, 100, 300, kms=kms)
    loser._stored_key = lambda room_id, consistent: None if not consistent else Room.get(  # type: ignore[method-assign]
        room_id, consistent_read=True).content_key  # it read the room before the winner stored its key
    blob = winner.seal(ROOMS[0], MESSAGE, CONTENT, "raced")
    assert loser.data_key(ROOMS[0]) == winner.data_key(ROOMS[0])
    assert loser.open(ROOMS[0], MESSAGE, CONTENT, blob) == "raced"
    assert kms.calls == ["GenerateDataKey", "GenerateDataKey", "Decrypt"]


def test_the_key_cache_is_bounded_in_size_and_time(kms: CountingKms) -> None:
    env = envelope(kms, size=2)
    for room_id in ROOMS:
        env.data_key(room_id)
    assert len(env._keys) == 2 and ROOMS[0] not in env._keys
    kms.calls.clear()
    env.data_key(ROOMS[0])  # evicted: its stored key is decrypted again, not remade
    assert kms.calls == ["Decrypt"]
    short = Envelope(env._kms_key_id, SETTINGS.region, 100, 0.0, kms=kms)
    short.data_key(ROOMS[1])
    short.data_key(ROOMS[1])
    assert kms.calls == ["Decrypt", "Decrypt", "Decrypt"]  # a zero TTL keeps nothing


def test_an_unknown_room_has_no_key(kms: CountingKms) -> None:
    with pytest.raises(NotFound):
        envelope(kms).seal("00000000-0000-4000-8000-0000000000ff", MESSAGE, CONTENT, "x")
    with pytest.raises(Room.DoesNotExist):
        Room.get("00000000-0000-4000-8000-0000000000ff")  # the conditional update created no room


def test_a_message_row_opens_its_content_on_read(kms: CountingKms) -> None:
    env = envelope(kms)
    models.use_opener(env)
    row = Message(ROOMS[0], 1, message_id=MESSAGE, user_id="u", username="u", client_msg_id="c",
                  created_at="2026-01-01T00:00:00.000Z")
    row.sealed_content = env.seal(ROOMS[0], MESSAGE, CONTENT, "hi there")
    row.save()
    raw = boto3.client("dynamodb", region_name=SETTINGS.region).get_item(
        TableName=Message.Meta.table_name, Key={"roomId": {"S": ROOMS[0]}, "seq": {"N": "1"}})["Item"]
    assert "content" not in raw and b"hi there" not in raw["contentSealed"]["B"]
    assert Message.get(ROOMS[0], 1).content == "hi there"
    legacy = Message(ROOMS[0], 2, message_id="m2", user_id="u", username="u", client_msg_id="c2",
                     created_at="2026-01-01T00:00:00.000Z", plain_content="stored before sealing")
    assert legacy.content == "stored before sealing"
    assert Message(ROOMS[0], 3, message_id="m3").content == ""  # a tombstone
