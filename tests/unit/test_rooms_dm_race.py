"""Two users opening their DM at the same moment: the one whose save comes second must not
overwrite the room row the first stored (its lastSeq, its content key), against an in-process moto."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from moto_tables import moto_tables
from pynamodb.exceptions import DoesNotExist

from chalicelib.auth import Principal
from chalicelib.broadcast import Broadcaster
from chalicelib.config import Settings
from chalicelib.connections import ConnectionRegistry
from chalicelib.fanout import Fanout
from chalicelib.gateway import ManagementApi
from chalicelib.invitations import Invitations
from chalicelib.memberships import Caps, Memberships
from chalicelib.models import Room, User
from chalicelib.rooms import Rooms
from chalicelib.schemas import CreateRoom
from chalicelib.users import Users

SETTINGS = Settings.from_env({"TABLE_PREFIX": "cloudchat-unit-", "AWS_REGION": "us-east-1"})
ANN = Principal("ann", "ann", None, ("user",))
BEN = Principal("ben", "ben", None, ("user",))


@pytest.fixture
def rooms() -> Iterator[Rooms]:
    with moto_tables(SETTINGS):
        for user in (ANN, BEN):
            User(user.user_id, username=user.username).save()
        connections = ConnectionRegistry(max_per_user=20)
        gateway = ManagementApi(SETTINGS.region, "http://127.0.0.1:9", 1)
        with ThreadPoolExecutor(max_workers=1) as lookups:
            broadcast = Broadcaster(connections, Fanout(gateway, 1))
            yield Rooms(Users(), connections, broadcast, Memberships(Caps(500, 5000)),
                        Invitations(connections, broadcast, 30), lookups)


def test_the_second_opener_keeps_the_room_the_first_stored(rooms: Rooms, monkeypatch: pytest.MonkeyPatch) -> None:
    first, created = rooms.create(ANN, CreateRoom(kind="dm", memberIds=[BEN.user_id]))
    assert created
    Room(first.room_id).update(actions=[Room.last_seq.set(7), Room.content_key.set(b"encrypted data key")])
    real_get = Room.get
    calls = []

    def stale_get(*args: object, **kwargs: object) -> Room:
        calls.append(args)
        if len(calls) == 1:  # ben read before ann's row was there
            raise DoesNotExist()
        return real_get(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Room, "get", stale_get)
    second, created = rooms.create(BEN, CreateRoom(kind="dm", memberIds=[ANN.user_id]))
    assert second.room_id == first.room_id and not created
    stored = real_get(first.room_id, consistent_read=True)
    assert stored.content_key == b"encrypted data key" and int(stored.last_seq) == 7
