"""Retention through the local stack: a message whose expiry has passed is gone from history,
threads and search after the scheduled sweep runs (``POST /_local/schedules/sweep_retention``,
the same handler the stack's timer and EventBridge invoke); younger messages stay."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import requests
from helpers import TABLE_PREFIX, ChatUser, Tables, create_room, eventually, post_message, unique

from chalicelib.models import expiry_bucket, utcnow


def run_schedule(stack: dict[str, Any], handler: str) -> requests.Response:
    return requests.post(f"{stack['web']}_local/schedules/{handler}", timeout=30)


def backdate(tables: Tables, message: dict[str, Any], by: timedelta) -> None:
    """Make the message's expiry lie in the past, as time would (moto has no clock to wait for)."""
    expired = utcnow() - by
    tables.client.update_item(
        TableName=TABLE_PREFIX + "Messages",
        Key={"roomId": {"S": message["roomId"]}, "seq": {"N": str(message["seq"])}},
        UpdateExpression="SET expiresAt = :at, expiryBucket = :bucket",
        ExpressionAttributeValues={":at": {"N": str(int(expired.timestamp()))},
                                   ":bucket": {"S": expiry_bucket(message["roomId"], expired)}})


def test_the_sweep_deletes_expired_history_and_its_search_entries(
        stack: dict[str, Any], tables: Tables, new_user: Callable[..., ChatUser]) -> None:
    user = new_user()
    room_id = create_room(user)["roomId"]
    old_word, new_word = unique("expired").replace("-", ""), unique("kept").replace("-", "")  # one term each
    old = post_message(user, room_id, f"old {old_word}").json()
    new = post_message(user, room_id, f"new {new_word}").json()

    def found(word: str) -> list[str]:
        return [r["message"]["messageId"] for r in user.api.get("/search", params={"q": word}).json()["results"]]

    def entries(word: str) -> int:
        count: int = tables.client.query(
            TableName=TABLE_PREFIX + "SearchIndex", IndexName="RoomTermIndex", KeyConditionExpression="roomTerm = :t",
            ExpressionAttributeValues={":t": {"S": f"{room_id}#{word}"}}, Select="COUNT")["Count"]
        return count

    assert eventually(lambda: found(old_word) == [old["messageId"]], timeout=10)
    assert entries(old_word) == 1
    backdate(tables, old, timedelta(minutes=5))

    swept = run_schedule(stack, "sweep_retention")
    assert swept.status_code == 200, swept.text
    history = user.api.get(f"/rooms/{room_id}/messages").json()["messages"]
    assert [m["messageId"] for m in history] == [new["messageId"]]
    assert user.api.get(f"/rooms/{room_id}/messages/{old['messageId']}/thread").status_code == 404
    assert eventually(lambda: entries(old_word) == 0, timeout=10)  # the stream indexer saw the deletion
    assert found(old_word) == [] and found(new_word) == [new["messageId"]]
    assert entries(new_word) == 1


def test_an_unknown_schedule_is_404(stack: dict[str, Any]) -> None:
    response = run_schedule(stack, "no_such_handler")
    assert response.status_code == 404 and response.json()["error"]["code"] == "schedule_not_found"
