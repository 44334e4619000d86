"""The one writer of Membership rows, with the caps: rooms per user and members per room.

Each add is one DynamoDB transaction of three writes: the membership (only if absent: a re-add
never overwrites a role), the user's ``roomCount`` and the room's ``memberCount`` (each only
below its cap). So the caps hold under any race, and counters and rows never drift apart. A
removal is the mirror transaction; leaving many rooms packs up to ``ROOMS_PER_TRANSACTION``
rooms into one transaction. A transactional write costs two write units per item.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from pynamodb.exceptions import DeleteError, TransactWriteError, UpdateError
from pynamodb.transactions import TransactWrite

from chalicelib.errors import ChatError, Conflict
from chalicelib.models import Membership, Room, User

# A transaction holds at most 100 items: the user's counter plus two per room.
ROOMS_PER_TRANSACTION = 49
MAX_ATTEMPTS = 3  # a transaction cancelled by a concurrent one on the same counter is retried


@dataclass(frozen=True)
class Caps:
    rooms_per_user: int
    members_per_room: int


class AlreadyMember(Conflict):
    code = "already_member"


def already_member() -> AlreadyMember:
    return AlreadyMember("That user is already a member of this room")


def too_many_rooms(caps: Caps, own: bool) -> Conflict:
    who = "You are" if own else "That user is"
    return Conflict(f"{who} in {caps.rooms_per_user} rooms, the most allowed; leave one first",
                    code="too_many_rooms" if own else "user_room_limit")


def room_full(caps: Caps) -> Conflict:
    return Conflict(f"This room has {caps.members_per_room} members, the most allowed", code="room_full")


class Memberships:
    def __init__(self, caps: Caps) -> None:
        self.caps = caps

    def add(self, room: Room, user_id: str, username: str, *, role: str = "member", peer_id: str | None = None,
            own: bool = True, lookalike: bool = False) -> Membership:
        """Store a new membership within the caps. ``own``: the user asked for it themselves
        (the refusal then says "you"). Raises 409 ``already_member``, ``too_many_rooms`` /
        ``user_room_limit`` or ``room_full``."""
        membership = Membership(room.room_id, user_id, username=username, role=role, peer_id=peer_id,
                                lookalike=lookalike or None)
        user_cap = (User.room_count < self.caps.rooms_per_user) | User.room_count.does_not_exist()
        room_cap = (Room.member_count < self.caps.members_per_room) | Room.member_count.does_not_exist()
        failures: list[ChatError] = [already_member(), too_many_rooms(self.caps, own), room_full(self.caps)]

        def write(tx: TransactWrite) -> None:
            tx.save(membership, condition=Membership.user_id.does_not_exist())
            tx.update(User(user_id), actions=[User.room_count.add(1)], condition=User.user_id.exists() & user_cap)
            tx.update(Room(room.room_id), actions=[Room.member_count.add(1)],
                      condition=Room.room_id.exists() & room_cap)

        _transact(write, failures)
        return membership

    def remove(self, room_id: str, user_id: str) -> bool:
        """Delete the membership and count it down; False when there was none."""
        return bool(self.remove_many(user_id, [room_id]))

    def remove_many(self, user_id: str, room_ids: Iterable[str]) -> list[str]:
        """Leave these rooms in as few transactions as fit; returns the rooms actually left
        (rooms the user is not in are skipped, read consistently first)."""
        wanted = list(dict.fromkeys(room_ids))
        member_of = {m.room_id for m in Membership.batch_get([(room_id, user_id) for room_id in wanted],
                                                             consistent_read=True, attributes_to_get=["roomId"])}
        left = [room_id for room_id in wanted if room_id in member_of]
        for start in range(0, len(left), ROOMS_PER_TRANSACTION):
            chunk = left[start:start + ROOMS_PER_TRANSACTION]

            def write(tx: TransactWrite, chunk: list[str] = chunk) -> None:
                for room_id in chunk:
                    tx.delete(Membership(room_id, user_id), condition=Membership.user_id.exists())
                    tx.update(Room(room_id), actions=[Room.member_count.add(-1)],
                              condition=Room.member_count > 0)
                tx.update(User(user_id), actions=[User.room_count.add(-len(chunk))],
                          condition=User.room_count >= len(chunk))

            try:
                _transact(write, [])
            except TransactWriteError:
                # A membership went meanwhile, or a counter predates the caps: one room at a time.
                for room_id in chunk:
                    if not self._remove_one(room_id, user_id):
                        left.remove(room_id)
        return left

    @staticmethod
    def _remove_one(room_id: str, user_id: str) -> bool:
        """The membership goes, and each counter comes down when it can (a row stored before
        counters existed has none to count down)."""
        try:
            Membership(room_id, user_id).delete(condition=Membership.user_id.exists())
        except DeleteError as exc:
            if exc.cause_response_code == "ConditionalCheckFailedException":
                return False  # already gone
            raise
        try:
            Room(room_id).update(actions=[Room.member_count.add(-1)], condition=Room.member_count > 0)
        except UpdateError as exc:
            if exc.cause_response_code != "ConditionalCheckFailedException":
                raise
        try:
            User(user_id).update(actions=[User.room_count.add(-1)], condition=User.room_count > 0)
        except UpdateError as exc:
            if exc.cause_response_code != "ConditionalCheckFailedException":
                raise
        return True


def _transact(write: Callable[[TransactWrite], None], failures: list[ChatError]) -> None:
    """Run ``write(tx)`` in one transaction; a cancelled item whose reason is its condition
    raises the matching ``failures`` entry (by item position). A conflict with a concurrent
    transaction is retried."""
    for attempt in range(MAX_ATTEMPTS):
        try:
            with TransactWrite(connection=Membership._get_connection().connection) as tx:
                write(tx)
            return
        except TransactWriteError as exc:
            reasons = exc.cancellation_reasons
            for index, reason in enumerate(reasons):
                if reason is not None and reason.code == "ConditionalCheckFailed" and index < len(failures):
                    raise failures[index] from exc
            if attempt + 1 < MAX_ATTEMPTS and any(r is not None and r.code == "TransactionConflict"
                                                  for r in reasons):
                continue
            raise
