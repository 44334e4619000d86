"""``@username`` mentions: resolved against the room's members at send and edit, counted per
(room, member) for the unread summary, and announced live to the mentioned members.

Cost: content without ``@`` costs nothing. Otherwise resolving is one Query of the room's
memberships (filtered by the named usernames). Each newly mentioned member then costs one
UpdateItem (their ``ReadMark.mentionSeqs`` gains the message's seq) and the ``mention``
posts to their connections, found with one Query of the room's connections for all of them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from chalicelib import protocol
from chalicelib.broadcast import Broadcaster
from chalicelib.models import Membership, ReadMark
from chalicelib.protocol import MentionWire, MessageWire

# A Cognito username after an ``@`` that does not follow a word character or another ``@``
# (so ``mail@example.org`` mentions nobody).
MENTION = re.compile(r"(?<![\w@])@([A-Za-z0-9_.-]{1,64})")
MAX_NAMES = 50  # distinct names looked up per message (DynamoDB's IN takes at most 100 operands)


def named(content: str) -> list[str]:
    """The usernames a text names, in order, each also without trailing ``.``/``-`` (``@bob.``
    at the end of a sentence names ``bob``)."""
    names: dict[str, None] = {}
    for token in MENTION.findall(content):
        for name in (token, token.rstrip(".-")):
            if name:
                names[name] = None
    return list(names)[:MAX_NAMES]


@dataclass(frozen=True)
class MentionChange:
    """Who a message's mentions gained and lost (author excluded: mentioning oneself is no news)."""

    added: list[str]
    removed: list[str]

    @classmethod
    def between(cls, before: Iterable[MentionWire], after: Iterable[MentionWire], author: str) -> MentionChange:
        old = [m["userId"] for m in before if m["userId"] != author]
        new = [m["userId"] for m in after if m["userId"] != author]
        return cls([u for u in new if u not in old], [u for u in old if u not in new])


class Mentions:
    def __init__(self, broadcast: Broadcaster) -> None:
        self._broadcast = broadcast

    @staticmethod
    def resolve(room_id: str, content: str) -> list[MentionWire]:
        """The room's members the content names, in order of appearance; no read without an ``@``."""
        names = named(content)
        if not names:
            return []
        members = {m.username: m.user_id for m in Membership.query(
            room_id, filter_condition=Membership.username.is_in(*names), attributes_to_get=["userId", "username"])}
        found: dict[str, MentionWire] = {}
        for name in names:
            user_id = members.get(name)
            if user_id is not None and user_id not in found:
                found[user_id] = {"userId": user_id, "username": name}
        return list(found.values())

    def record(self, message: MessageWire, change: MentionChange, owners: Mapping[str, str]) -> None:
        """Count the message for the newly mentioned, uncount it for the no longer mentioned,
        then tell the newly mentioned on every connection they have in the room (``owners``:
        the room's connections and their users, as the room's fan-out just read them)."""
        seq = {message["seq"]}
        for user_id in change.added:
            ReadMark(message["roomId"], user_id).update(actions=[ReadMark.mention_seqs.add(seq)])
        for user_id in change.removed:
            ReadMark(message["roomId"], user_id).update(actions=[ReadMark.mention_seqs.delete(seq)])
        if change.added:
            targets = [connection for connection, user_id in owners.items() if user_id in change.added]
            if targets:
                self._broadcast.to_connections(targets, protocol.mention(message))
