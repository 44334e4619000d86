"""Delivery soak: clients that drop and resume converge on exactly the table's state.

Several clients share a room. Each sends, edits, deletes and reacts at random (fixed seed),
and drops its socket at random moments, sometimes right after a send, before its ack. A
dropped client reconnects, resumes as docs/protocol.md says (from the highest ``changeSeq``
that arrived at least RESUME_OVERLAP before), and resends
every unacknowledged message with the same ``clientMsgId``. The client keeps state the way
docs/protocol.md tells a real client to: upsert by ``messageId`` keeping the higher
``changeSeq``, keep its own ``mine`` flags from ``reaction``. At the end each client's state
equals the Messages table's: same messages in seq order, same content, tombstones and
reaction counts, no gaps and no duplicates.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from helpers import TABLE_PREFIX, ChatUser, Socket, Tables, create_room, join, unique
from websockets.exceptions import ConnectionClosed

SEED = 8
CLIENTS = 4
OPERATIONS = 60  # per client
EMOJIS = ["👍", "🎉", "❤️"]
RESUME_OVERLAP = 30.0  # seconds; docs/protocol.md "Resume": longer than a Lambda invocation may take

State = dict[str, dict[str, Any]]  # messageId -> message wire


@dataclass
class Client:
    user: ChatUser
    room_id: str
    ws_url: str
    rng: random.Random
    moderator: bool = False
    state: State = field(default_factory=dict)
    unacked: dict[str, str] = field(default_factory=dict)  # clientMsgId -> content
    socket: Socket | None = None
    reader: asyncio.Task[None] | None = None
    resumed: asyncio.Event = field(default_factory=asyncio.Event)
    drops: int = 0
    received: list[tuple[float, int]] = field(default_factory=list)  # (arrival, changeSeq)
    mine: dict[str, dict[str, tuple[int, bool]]] = field(default_factory=dict)  # messageId -> emoji -> (seq, mine)

    def resume_point(self) -> int:
        """The highest changeSeq that arrived RESUME_OVERLAP ago: a lower seq still in flight
        then may complete after a higher one, so the overlap is replayed (and deduplicated)."""
        settled = time.monotonic() - RESUME_OVERLAP
        return max((seq for arrived, seq in self.received if arrived <= settled), default=0)

    # -- the client's state rules ------------------------------------------------------------
    def upsert(self, message: dict[str, Any], reaction: dict[str, Any] | None = None,
               authoritative: bool = True) -> None:
        """Keep the version with the higher ``changeSeq``. ``mine`` per emoji is the newest of
        what an authoritative wire said (acks, resume: computed for this user) and what a
        ``reaction`` of this user said, each at its ``changeSeq``; a ``messageUpdated``'s own
        ``mine`` flags may be a room fan-out's (all false), so they are not trusted."""
        seq = message["changeSeq"]
        self.received.append((time.monotonic(), seq))
        marks = self.mine.setdefault(message["messageId"], {})
        if authoritative:
            told = {r["emoji"]: r["mine"] for r in message["reactions"]}
            for emoji in set(told) | set(marks):
                if seq >= marks.get(emoji, (0, False))[0]:
                    marks[emoji] = (seq, told.get(emoji, False))
        if reaction and reaction["userId"] == self.user.sub and seq >= marks.get(reaction["emoji"], (0, False))[0]:
            marks[reaction["emoji"]] = (seq, reaction["added"])
        held = self.state.get(message["messageId"])
        if not held or held["changeSeq"] < seq:
            self.state[message["messageId"]] = message

    def view(self, message: dict[str, Any]) -> dict[str, Any]:
        marks = self.mine.get(message["messageId"], {})
        return {**message, "reactions": [{**r, "mine": marks.get(r["emoji"], (0, False))[1]}
                                         for r in message["reactions"]]}

    async def read(self, socket: Socket) -> None:
        with contextlib.suppress(ConnectionClosed):
            while True:
                event = await socket.recv(timeout=60)
                kind = event["event"]
                if kind == "messageAck":
                    self.unacked.pop(event["clientMsgId"], None)
                    self.upsert(event["message"])
                elif kind == "message":
                    self.upsert(event["message"], authoritative=False)
                elif kind == "messageUpdated":
                    self.upsert(event["message"], event.get("reaction"), authoritative=False)
                elif kind == "resumed":
                    for message in event["changes"]:
                        self.upsert(message)
                    if event["hasMore"]:
                        await self.resume(socket, event["upToSeq"])
                    else:
                        self.resumed.set()
                elif kind == "error":  # racing a delete, or a resend answered late: never a server failure
                    assert event["error"]["code"] in ("message_deleted", "forbidden"), event
                else:
                    raise AssertionError(f"unexpected event {event}")

    async def resume(self, socket: Socket, after_seq: int) -> None:
        await socket.send({"action": "resume", "rooms": [{"roomId": self.room_id, "afterSeq": after_seq}],
                           "limit": 50})

    # -- connecting --------------------------------------------------------------------------
    async def connect(self) -> None:
        self.socket = await Socket.open(self.ws_url, self.user.token)
        self.reader = asyncio.create_task(self.read(self.socket))
        self.resumed.clear()
        await self.resume(self.socket, self.resume_point())
        await asyncio.wait_for(self.resumed.wait(), 30)
        for client_msg_id, content in list(self.unacked.items()):  # resend with the same id
            await self.send_frame({"action": "sendMessage", "roomId": self.room_id, "content": content,
                                   "clientMsgId": client_msg_id})

    async def drop(self) -> None:
        assert self.socket and self.reader
        self.drops += 1
        await self.socket.close()
        await self.reader

    async def send_frame(self, frame: dict[str, Any]) -> None:
        assert self.socket
        with contextlib.suppress(ConnectionClosed):
            await self.socket.send(frame)

    # -- behaviour ---------------------------------------------------------------------------
    def pick(self, own: bool) -> dict[str, Any] | None:
        live = [m for m in self.state.values() if not m["deleted"] and (m["userId"] == self.user.sub) == own]
        return self.rng.choice(sorted(live, key=lambda m: m["seq"])) if live else None

    async def act(self, step: int) -> None:
        roll = self.rng.random()
        if roll < 0.45:
            client_msg_id = unique("soak")
            self.unacked[client_msg_id] = f"{self.user.name} #{step}"
            await self.send_frame({"action": "sendMessage", "roomId": self.room_id, "clientMsgId": client_msg_id,
                                   "content": self.unacked[client_msg_id]})
            if self.rng.random() < 0.15:  # drop between send and ack
                await self.drop()
                await self.connect()
            return
        if roll < 0.85:
            target = self.pick(own=self.rng.random() < 0.5)
            if target is None:
                return
            kind = self.rng.random()
            if kind < 0.6:
                await self.send_frame({"action": "react", "roomId": self.room_id, "messageId": target["messageId"],
                                       "emoji": self.rng.choice(EMOJIS), "add": self.rng.random() < 0.7})
            elif target["userId"] == self.user.sub and kind < 0.85:
                await self.send_frame({"action": "editMessage", "roomId": self.room_id,
                                       "messageId": target["messageId"], "content": f"{target['content']} (ed {step})"})
            elif target["userId"] == self.user.sub or self.moderator:
                await self.send_frame({"action": "deleteMessage", "roomId": self.room_id,
                                       "messageId": target["messageId"]})
            return
        if roll < 0.95:
            await self.drop()
            await asyncio.sleep(self.rng.uniform(0, 0.5))  # the room moves on meanwhile
            await self.connect()
            return
        await asyncio.sleep(self.rng.uniform(0, 0.2))

    async def run(self) -> None:
        await self.connect()
        for step in range(OPERATIONS):
            await self.act(step)
            await asyncio.sleep(self.rng.uniform(0.01, 0.08))

    async def settle(self, deadline: float) -> None:
        """Until every send is acknowledged, reconnect (which resends); then a last resume."""
        while self.unacked and time.monotonic() < deadline:
            await asyncio.sleep(1)
            if self.unacked:
                await self.drop()
                await self.connect()
        assert not self.unacked, f"{self.user.name}: never acknowledged {self.unacked}"
        await self.drop()
        await self.connect()
        await self.drop()


def table_state(tables: Tables, room_id: str, viewer: str) -> list[tuple[Any, ...]]:
    items: list[dict[str, Any]] = []
    query: dict[str, Any] = {"TableName": TABLE_PREFIX + "Messages", "KeyConditionExpression": "roomId = :r",
                             "ExpressionAttributeValues": {":r": {"S": room_id}}, "ConsistentRead": True}
    while True:
        page = tables.client.query(**query)
        items += page["Items"]
        if "LastEvaluatedKey" not in page:
            break
        query["ExclusiveStartKey"] = page["LastEvaluatedKey"]
    rows = []
    for item in items:
        counts: dict[str, set[str]] = {}
        for entry in item.get("reactions", {}).get("SS", []):
            emoji, _, user_id = entry.partition(" ")
            counts.setdefault(emoji, set()).add(user_id)
        reactions = sorted((emoji, len(who), viewer in who) for emoji, who in counts.items())
        rows.append((int(item["seq"]["N"]), item["messageId"]["S"], tables.content_of(item),
                     item.get("deleted", {}).get("BOOL", False), reactions))
    return sorted(rows)


def client_state(client: Client) -> list[tuple[Any, ...]]:
    return sorted((m["seq"], m["messageId"], m["content"], m["deleted"],
                   sorted((r["emoji"], r["count"], r["mine"]) for r in m["reactions"]))
                  for m in map(client.view, client.state.values()))


def test_clients_that_drop_and_resume_converge_on_the_table(
        stack: dict[str, Any], tables: Tables, new_user: Callable[..., ChatUser]) -> None:
    users = [new_user("moderator")] + [new_user() for _ in range(CLIENTS - 1)]
    room = create_room(users[1])
    for user in users[:1] + users[2:]:
        join(user, room["roomId"])
    rng = random.Random(SEED)
    clients = [Client(user, room["roomId"], stack["ws"], random.Random(rng.random()), moderator=n == 0)
               for n, user in enumerate(users)]

    async def scenario() -> None:
        await asyncio.gather(*(c.run() for c in clients))
        deadline = time.monotonic() + 30
        await asyncio.gather(*(c.settle(deadline) for c in clients))

    started = time.monotonic()
    asyncio.run(scenario())
    elapsed = time.monotonic() - started
    assert sum(c.drops for c in clients) >= CLIENTS  # the run really dropped sockets
    expected_count = None
    for client in clients:
        expected = table_state(tables, room["roomId"], client.user.sub)
        expected_count = len(expected)
        assert client_state(client) == expected, client.user.name
        seqs = [row[0] for row in expected]
        assert len(set(seqs)) == len(seqs)
    assert expected_count and expected_count >= CLIENTS * OPERATIONS * 0.3
    assert any(row[3] for row in table_state(tables, room["roomId"], ""))  # deletes happened
    assert elapsed < 90
