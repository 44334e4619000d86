"""Delivery and read states: per (room, member) high-water marks, unread counts, and who hears of them.

Each member has one ``ReadMark`` row per room with ``deliveredSeq`` and ``readSeq``; both only
grow (a conditional update ``attr < :new``), and reading implies delivery, so the delivered mark
shown is ``max(deliveredSeq, readSeq)``. A message therefore costs no write per recipient: the
client batches (one ``ackDelivered`` per 2 s for every room, one ``markRead`` per room per 2 s),
and each frame costs at most one write per room whose mark actually rises. A mark is read
first (eventually consistent: a stale read is never ahead, so it can only cause a write the
condition then refuses), which skips the write when nothing would change.

Mentions are counted on the same row: ``mentionSeqs`` holds the seqs of the messages that
mention the member (``mentions.py`` adds and removes them), so ``GET /me/unread`` reads the
mention counts with the marks, at no extra read; raising the read mark drops the seqs it covers
in the same write, which keeps the set to the unread mentions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

from pynamodb.exceptions import DoesNotExist, UpdateError
from pynamodb.expressions.update import Action

from chalicelib import protocol
from chalicelib.auth import Principal
from chalicelib.broadcast import Broadcaster
from chalicelib.connections import ConnectionRegistry
from chalicelib.errors import NotFound
from chalicelib.models import Membership, Message, ReadMark, Room
from chalicelib.policy import Permission
from chalicelib.protocol import MemberReceiptWire, ReceiptWire, UnreadWire
from chalicelib.rooms import Rooms
from chalicelib.users import Users

UNREAD_WINDOW = 1000  # unread is counted among the room's newest seqs only: at most this many rows read
AUTHOR_WINDOW = 100  # a delivered fan-out looks up the authors of at most this many newest covered messages


@dataclass(frozen=True)
class Marks:
    delivered: int  # never below ``read``: reading implies delivery
    read: int
    mentions: frozenset[int] = frozenset()  # seqs of messages mentioning the member (some may be read)

    @classmethod
    def of(cls, row: ReadMark | None) -> Marks:
        read = int(row.read_seq or 0) if row else 0
        delivered = int(row.delivered_seq or 0) if row else 0
        mentions = frozenset(int(seq) for seq in row.mention_seqs or ()) if row else frozenset()
        return cls(max(delivered, read), read, mentions)

    @property
    def unread_mentions(self) -> int:
        return sum(1 for seq in self.mentions if seq > self.read)


@dataclass(frozen=True)
class Change:
    """One member's marks in one room, before and after a frame."""

    room_id: str
    before: Marks
    after: Marks

    @property
    def delivered_more(self) -> bool:
        return self.after.delivered > self.before.delivered

    @property
    def read_more(self) -> bool:
        return self.after.read > self.before.read


@dataclass(frozen=True)
class Recorded:
    changes: list[Change]  # in the frame's order
    fan_out: Callable[[], None]  # tells the members who care; run after the reply


class Receipts:
    def __init__(self, rooms: Rooms, users: Users, connections: ConnectionRegistry, broadcast: Broadcaster,
                 lookups: ThreadPoolExecutor) -> None:
        self._rooms = rooms
        self._users = users
        self._connections = connections
        self._broadcast = broadcast
        self._lookups = lookups

    # -- frames ----------------------------------------------------------------------------
    def ack_delivered(self, principal: Principal, requested: dict[str, int]) -> Recorded:
        """Raise the caller's delivered marks in every room of the frame, all or none: every room
        must exist and have the caller as a member before anything is written."""
        checks = [self._lookups.submit(self._rooms.authorize, principal, room_id, Permission.RECEIPTS)
                  for room_id in requested]
        last_seqs = self._last_seqs(requested)
        for check in checks:
            check.result()
        current = self._current(requested, principal.user_id)
        changes = list(self._lookups.map(
            lambda room_id: self._raise(room_id, principal.user_id, min(requested[room_id], last_seqs[room_id]),
                                        current[room_id], read=False),
            requested))

        def fan_out() -> None:
            advanced = [change for change in changes if change.delivered_more]
            if advanced:
                hidden = self._users.hiding_reads([principal.user_id])
                for change in advanced:
                    wire = receipt_wire(principal.user_id, change.after, hide_read=bool(hidden))
                    self._tell_authors(principal.user_id, change.room_id, change.before.delivered, wire)

        return Recorded(changes, fan_out)

    def mark_read(self, principal: Principal, room_id: str, seq: int, sender: str) -> Recorded:
        """Raise the caller's read mark (membership already checked by the dispatcher). The
        authors of the newly read messages and the caller's other devices hear of it; with
        receipts off, authors only hear of a delivery change. Other members read the marks
        through ``GET /rooms/{id}/receipts``: a push to every member would cost n² posts."""
        hidden = self._lookups.submit(self._users.hiding_reads, [principal.user_id])
        last_seq = self._last_seqs([room_id])[room_id]
        current = self._current([room_id], principal.user_id)[room_id]
        change = self._raise(room_id, principal.user_id, min(seq, last_seq), current, read=True)

        def fan_out() -> None:
            if not change.read_more:
                return
            if hidden.result():
                if change.delivered_more:
                    wire = receipt_wire(principal.user_id, change.after, hide_read=True)
                    self._tell_authors(principal.user_id, room_id, change.before.delivered, wire)
                return
            wire = receipt_wire(principal.user_id, change.after)
            self._tell_authors(principal.user_id, room_id, change.before.read, wire, exclude=sender)

        return Recorded([change], fan_out)

    # -- REST ------------------------------------------------------------------------------
    def room_receipts(self, principal: Principal, room_id: str) -> list[MemberReceiptWire]:
        """Every member's marks; ``readSeq`` is null for the others who turned receipts off."""
        self._rooms.authorize(principal, room_id, Permission.RECEIPTS, room=self._rooms.get(room_id))
        marks = self._lookups.submit(lambda: {row.user_id: Marks.of(row) for row in ReadMark.query(room_id)})
        members = list(Membership.query(room_id, attributes_to_get=["userId", "username"]))
        hidden = self._users.hiding_reads([m.user_id for m in members if m.user_id != principal.user_id])
        rows: list[MemberReceiptWire] = []
        for member in members:
            mark = marks.result().get(member.user_id, Marks(0, 0))
            rows.append({"userId": member.user_id, "username": member.username, "deliveredSeq": mark.delivered,
                         "readSeq": None if member.user_id in hidden else mark.read})
        return rows

    def unread(self, principal: Principal) -> list[UnreadWire]:
        """Per room of the caller: messages after their read mark that others sent.

        Counted from the history rows (``seq > readSeq``), so edits and reactions, which
        change rows without adding any, never count; nor do deleted and thread-only messages.
        ``mentions`` comes from the marks row already read.
        """
        room_ids = [m.room_id for m in Membership.user_index.query(principal.user_id)]
        last_seqs = self._last_seqs(room_ids, require=False)  # a room deleted under a membership is left out
        current = self._current(room_ids, principal.user_id)
        counts: dict[str, Future[int]] = {
            room_id: self._lookups.submit(count_unread, room_id, current[room_id].read, last_seqs[room_id],
                                          principal.user_id)
            for room_id in room_ids if last_seqs.get(room_id, 0) > current[room_id].read
        }
        return [{"roomId": room_id, "lastSeq": last_seqs.get(room_id, 0), "readSeq": current[room_id].read,
                 "unread": counts[room_id].result() if room_id in counts else 0,
                 "mentions": current[room_id].unread_mentions}
                for room_id in room_ids if room_id in last_seqs]

    # -- internals -------------------------------------------------------------------------
    @staticmethod
    def _last_seqs(room_ids: Iterable[str], *, require: bool = True) -> dict[str, int]:
        """Each room's ``lastSeq`` (consistent): a mark is never raised past it. ``require``
        raises ``room_not_found`` for a missing room instead of leaving it out."""
        wanted = list(room_ids)
        rooms = Room.batch_get(wanted, consistent_read=True, attributes_to_get=["roomId", "lastSeq"]) if wanted else []
        found = {room.room_id: int(room.last_seq or 0) for room in rooms}
        missing = [room_id for room_id in wanted if room_id not in found]
        if require and missing:
            raise NotFound(f"Room {missing[0]} not found", code="room_not_found")
        return found

    @staticmethod
    def _current(room_ids: Iterable[str], user_id: str) -> dict[str, Marks]:
        keys = [(room_id, user_id) for room_id in room_ids]
        rows = {row.room_id: row for row in ReadMark.batch_get(keys)} if keys else {}
        return {room_id: Marks.of(rows.get(room_id)) for room_id, _ in keys}

    @staticmethod
    def _raise(room_id: str, user_id: str, seq: int, current: Marks, *, read: bool) -> Change:
        """One conditional write, skipped when the mark is already there."""
        if seq <= (current.read if read else current.delivered):
            return Change(room_id, current, current)
        row = ReadMark(room_id, user_id)
        below = ReadMark.read_seq.does_not_exist() | (ReadMark.read_seq < seq)
        actions: list[Action] = []
        if read:
            actions.append(ReadMark.read_seq.set(seq))
            covered = {mention for mention in current.mentions if mention <= seq}
            if covered:
                actions.append(ReadMark.mention_seqs.delete(covered))
        else:
            actions.append(ReadMark.delivered_seq.set(seq))
            below &= ReadMark.delivered_seq.does_not_exist() | (ReadMark.delivered_seq < seq)
        try:
            row.update(actions=actions, condition=below)
        except UpdateError as exc:
            if exc.cause_response_code != "ConditionalCheckFailedException":
                raise
            try:  # another device raised it further meanwhile, and told the room itself
                row.refresh(consistent_read=True)
            except DoesNotExist:
                return Change(room_id, current, current)
            return Change(room_id, Marks.of(row), Marks.of(row))
        return Change(room_id, current, Marks.of(row))

    def _tell_authors(self, reader_id: str, room_id: str, covered_after: int, wire: ReceiptWire, *,
                      exclude: str | None = None) -> None:
        """Tell those who sent a message in ``(covered_after, wire's mark]``, and with ``exclude``
        (the reader's own socket) the reader's other devices too: one Query of the covered
        authors, one of the room's connections, posts only to them."""
        covered = Message.query(room_id, Message.seq.between(covered_after + 1,
                                                            max(wire["deliveredSeq"], wire["readSeq"] or 0)),
                                scan_index_forward=False, limit=AUTHOR_WINDOW, attributes_to_get=["userId"])
        audience = {message.user_id for message in covered} - {reader_id}
        if exclude is not None:
            audience.add(reader_id)
        targets = [c for c in self._connections.room_connections_of(room_id, audience) if c != exclude]
        if targets:
            self._broadcast.to_connections(targets, protocol.receipts(room_id, [wire]))


def receipt_wire(user_id: str, marks: Marks, *, hide_read: bool = False) -> ReceiptWire:
    return {"userId": user_id, "deliveredSeq": marks.delivered, "readSeq": None if hide_read else marks.read}


def count_unread(room_id: str, read_seq: int, last_seq: int, user_id: str) -> int:
    """Messages others sent after ``read_seq``, among the newest ``UNREAD_WINDOW`` seqs; not
    tombstones or thread-only replies (rows stored before those flags existed lack them)."""
    plain = [flag.does_not_exist() | (flag == False) for flag in (Message.deleted, Message.thread_only)]  # noqa: E712
    others = (Message.user_id != user_id) & plain[0] & plain[1]
    return Message.count(room_id, Message.seq > max(read_seq, last_seq - UNREAD_WINDOW), filter_condition=others)
