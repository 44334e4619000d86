"""Full-text search over messages: an inverted index written from the Messages table's stream.

Writing: the stream handler (``index``) diffs each changed message's words, old image against
new, and puts one ``SearchEntry`` per word gained and deletes one per word lost, in batches;
a change that keeps the words (a reaction, a reply count) writes nothing, a delete removes
every word. The send path makes no call for it. A retried batch writes the same items again.

Reading (``search``): one Query on the longest query word's entries (the likeliest to be rare),
newest first, keeping the rooms the caller is a member of now (one Query of their
memberships); then one BatchGet of the candidate messages, kept only when their *current*
content holds every query word and they are not deleted. So a stale entry (an edit or
delete not yet indexed) is never shown, and membership is checked at query time. Work per page
is bounded by ``READ_BUDGET`` entries: a page may hold fewer than ``limit`` results and still
have a ``nextCursor``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from typing import Any

from chalicelib import protocol
from chalicelib.auth import Principal
from chalicelib.errors import ValidationFailed
from chalicelib.models import Membership, Message, Room, SearchEntry
from chalicelib.pages import decode_position, encode_cursor
from chalicelib.policy import Permission
from chalicelib.protocol import SearchPageWire
from chalicelib.rooms import Rooms
from chalicelib.schemas import SearchQuery

WORD = re.compile(r"\w+")
MAX_TERM_CHARS = 64  # longer "words" (hashes, URLs' innards) are not indexed
MAX_QUERY_TERMS = 8
READ_BUDGET = 500  # index entries examined per page at most
QUERY_PAGE = 50  # entries per Query call: most pages need only the first
CURSOR_KEY = "older"

Image = dict[str, Any]  # a stream record's image, in DynamoDB's typed JSON


def terms(text: str) -> list[str]:
    """Whole words, case- and accent-folded (``Café`` -> ``cafe``), each once, in order."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in folded if not unicodedata.combining(c))
    return list(dict.fromkeys(word for word in WORD.findall(plain) if len(word) <= MAX_TERM_CHARS))


def position(row: Message) -> str:
    """Where a message's entries sort: by time, then room and seq (unique, newest last)."""
    return f"{row.created_at}#{row.room_id}#{int(row.seq):012d}"


def located(entry_position: str) -> tuple[str, int]:
    """The (roomId, seq) an entry's position names."""
    _, room_id, seq = entry_position.rsplit("#", 2)
    return room_id, int(seq)


def searchable_terms(row: Message | None) -> set[str]:
    return set() if row is None or row.deleted else set(terms(row.content))


class Search:
    def __init__(self, rooms: Rooms) -> None:
        self._rooms = rooms

    # -- writing (the Messages stream) -----------------------------------------------------
    @staticmethod
    def index(changes: Iterable[tuple[Image | None, Image | None]]) -> int:
        """Apply a batch of stream records (old image, new image); returns the index writes made."""
        writes = 0
        with SearchEntry.batch_write() as batch:
            for old_image, new_image in changes:
                before = Message.from_raw_data(old_image) if old_image else None
                after = Message.from_raw_data(new_image) if new_image else None
                row = after or before
                if row is None:
                    continue
                old_terms, new_terms = searchable_terms(before), searchable_terms(after)
                at = position(row)
                for term in sorted(new_terms - old_terms):
                    batch.save(SearchEntry(term, at, room_term=f"{row.room_id}#{term}", expires_at=row.expires_at))
                for term in sorted(old_terms - new_terms):
                    batch.delete(SearchEntry(term, at))
                writes += len(new_terms ^ old_terms)
        return writes

    # -- reading ---------------------------------------------------------------------------
    def search(self, principal: Principal, query: SearchQuery) -> SearchPageWire:
        words = terms(query.q)[:MAX_QUERY_TERMS]
        if not words:
            raise ValidationFailed("q must contain at least one word", code="invalid_q")
        lead = max(words, key=len)
        older = decode_position(query.cursor, CURSOR_KEY) if query.cursor else None
        if query.room_id:
            room = self._rooms.get(str(query.room_id))
            self._rooms.authorize(principal, room.room_id, Permission.SEARCH_ROOM, room=room)
            rooms = {room.room_id: room.name}
            entries = SearchEntry.room_index.query(
                f"{room.room_id}#{lead}", range_key_condition=SearchEntry.position < older if older else None,
                scan_index_forward=False, limit=READ_BUDGET, page_size=QUERY_PAGE)
        else:
            mine = {m.room_id for m in Membership.user_index.query(principal.user_id, attributes_to_get=["roomId"])}
            rooms = {room_id: "" for room_id in mine}
            entries = SearchEntry.query(lead, range_key_condition=SearchEntry.position < older if older else None,
                                        scan_index_forward=False, limit=READ_BUDGET, page_size=QUERY_PAGE)
        found, cursor = self._collect((e.position for e in entries), set(rooms), set(words), query.limit)
        names = rooms if query.room_id else _room_names({row.room_id for row in found})
        return {"results": [protocol.search_result(row, names.get(row.room_id, "")) for row in found],
                "nextCursor": encode_cursor(CURSOR_KEY, cursor) if cursor else None}

    @staticmethod
    def _collect(positions: Iterator[str], rooms: set[str], words: set[str],
                 limit: int) -> tuple[list[Message], str | None]:
        """Walk entries newest first, checking candidates against their current rows in
        batches of the results still missing; returns the results and where to go on from
        (None: the index has nothing older)."""
        results: list[Message] = []
        examined = 0
        last = None
        pending: list[str] = []
        for at in positions:
            examined += 1
            last = at
            if located(at)[0] in rooms:
                pending.append(at)
            if len(pending) >= limit - len(results):
                results += _matching(pending, words)
                pending = []
                if len(results) == limit:
                    return results, at
        results += _matching(pending, words)
        return results, last if examined >= READ_BUDGET else None


def _matching(positions: list[str], words: set[str]) -> list[Message]:
    """The messages at these positions (one BatchGet) that are live and hold every word, in order."""
    if not positions:
        return []
    keys = [located(at) for at in positions]
    rows = {(m.room_id, int(m.seq)): m for m in Message.batch_get(keys)}
    return [row for row in (rows.get(key) for key in keys) if row is not None and words <= searchable_terms(row)]


def _room_names(room_ids: set[str]) -> dict[str, str]:
    rooms = Room.batch_get(list(room_ids), attributes_to_get=["roomId", "name"]) if room_ids else []
    return {room.room_id: room.name for room in rooms}
