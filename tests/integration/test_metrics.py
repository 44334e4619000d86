"""The app's EMF metrics reach the Lambda's stdout, under the names the Terraform alarms use."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from helpers import ChatUser, Socket, create_room, eventually, join

EMITTED = {"MessagesSent", "ConnectionsOpened", "FanoutDeliveries", "FanoutGone", "FanoutFailures", "FanoutLatencyMs"}


def emf_records(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    records = []
    for line in path.read_text().splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if isinstance(record, dict) and "_aws" in record:
            records.append(record)
    return records


def test_a_send_emits_message_and_fanout_metrics(stack: dict[str, Any], new_user: Callable[..., ChatUser]) -> None:
    sender, receiver = new_user(), new_user()
    room = create_room(sender)
    join(receiver, room["roomId"])
    log = Path(stack["lambdaStdout"])
    before = len(emf_records(log))

    async def scenario() -> None:
        a = await Socket.open(stack["ws"], sender.token)
        b = await Socket.open(stack["ws"], receiver.token)
        await a.send_message(room["roomId"], "metrics please", "metrics-1")
        await b.expect("message")
        await a.close()
        await b.close()

    asyncio.run(scenario())

    def seen() -> set[str]:
        return {name for record in emf_records(log)[before:] for name in record if name in EMITTED}

    assert eventually(lambda: seen() == EMITTED), seen()
    fanouts = [r for r in emf_records(log)[before:] if "FanoutDeliveries" in r]
    assert all(r["_aws"]["CloudWatchMetrics"][0]["Namespace"] == "CloudChat" for r in fanouts)
    assert any(r["FanoutDeliveries"] == [1.0] and r["FanoutFailures"] == [0.0] for r in fanouts)
