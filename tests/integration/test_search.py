"""Search through the local stack: the index is written from the Messages stream (polled by
the stack, handled in a Lambda worker), so every check waits for it to catch up."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest
from helpers import ChatUser, create_room, error_of, eventually, join, post_message, unique


def search(user: ChatUser, q: str, **params: Any) -> dict[str, Any]:
    response = user.api.get("/search", params={"q": q, **params})
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def found(user: ChatUser, q: str, **params: Any) -> list[str]:
    return [r["message"]["messageId"] for r in search(user, q, **params)["results"]]


def word() -> str:
    """A word no other test uses."""
    return unique("w").replace("-", "")


def test_finds_whole_words_across_my_rooms_newest_first(new_user: Callable[..., ChatUser]) -> None:
    user = new_user()
    tag = word()
    first, second = create_room(user), create_room(user)
    older = post_message(user, first["roomId"], f"The CAFÉ {tag} opens").json()
    newer = post_message(user, second["roomId"], f"café {tag}!").json()
    post_message(user, second["roomId"], f"{tag}s is another word, cafe alone too")
    assert eventually(lambda: len(found(user, f"cafe {tag}")) == 2)
    results = search(user, f"Cafe {tag.upper()}")["results"]
    assert [r["message"]["messageId"] for r in results] == [newer["messageId"], older["messageId"]]
    assert [(r["roomId"], r["roomName"]) for r in results] == [(second["roomId"], second["name"]),
                                                                (first["roomId"], first["name"])]
    assert found(user, f"cafe {tag}", roomId=first["roomId"]) == [older["messageId"]]


def test_pages_newest_first_without_overlap(new_user: Callable[..., ChatUser]) -> None:
    user = new_user()
    tag = word()
    room = create_room(user)
    sent = [post_message(user, room["roomId"], f"{tag} number {i}").json()["messageId"] for i in range(5)]
    assert eventually(lambda: len(found(user, tag, limit=50)) == 5)
    pages: list[str] = []
    cursor = None
    while True:
        params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = search(user, tag, **params)
        pages += [r["message"]["messageId"] for r in page["results"]]
        cursor = page["nextCursor"]
        if cursor is None:
            break
    assert pages == sent[::-1]


def test_never_returns_a_room_i_am_not_in(new_user: Callable[..., ChatUser]) -> None:
    owner, leaver, stranger = new_user(), new_user(), new_user()
    tag = word()
    public, private = create_room(owner), create_room(owner, kind="private")
    join(leaver, public["roomId"])
    post_message(owner, public["roomId"], f"public {tag}")
    post_message(owner, private["roomId"], f"private {tag}")
    assert eventually(lambda: len(found(owner, tag)) == 2)
    assert eventually(lambda: len(found(leaver, tag)) == 1)
    assert leaver.api.post(f"/rooms/{public['roomId']}/leave").status_code == 200
    assert found(leaver, tag) == []
    assert found(stranger, tag) == []
    # a public room is readable, but searching it takes membership; a private room is hidden
    for room, answer in ((public, (403, "not_a_member")), (private, (404, "room_not_found"))):
        response = stranger.api.get("/search", params={"q": tag, "roomId": room["roomId"]})
        assert (response.status_code, error_of(response)) == answer


def test_edits_and_deletes_are_reflected(new_user: Callable[..., ChatUser]) -> None:
    user = new_user()
    old, new = word(), word()
    room = create_room(user)
    rid = room["roomId"]
    sent = post_message(user, rid, f"first draft {old}").json()
    assert eventually(lambda: found(user, old) == [sent["messageId"]])
    edited = user.api.request("PATCH", f"/rooms/{rid}/messages/{sent['messageId']}", json={"content": f"now {new}"})
    assert edited.status_code == 200
    assert found(user, old) == []  # gone at once: hits are checked against the current row
    assert eventually(lambda: found(user, new) == [sent["messageId"]])
    assert search(user, new)["results"][0]["message"]["content"] == f"now {new}"
    assert user.api.request("DELETE", f"/rooms/{rid}/messages/{sent['messageId']}").status_code == 200
    assert found(user, new) == []
    assert sent["messageId"] not in found(user, "now")


def test_the_index_follows_edits_and_deletes(stack: dict[str, Any], new_user: Callable[..., ChatUser],
                                             tables: Any) -> None:
    """Not only filtered at query time: the stream handler removes the entries themselves."""
    user = new_user()
    old, new = word(), word()
    room = create_room(user)
    sent = post_message(user, room["roomId"], f"{old}").json()

    def entries(term: str) -> int:
        return int(tables.client.query(TableName="cloudchat-local-SearchIndex", KeyConditionExpression="term = :t",
                                       ExpressionAttributeValues={":t": {"S": term}}, Select="COUNT")["Count"])

    assert eventually(lambda: entries(old) == 1)
    user.api.request("PATCH", f"/rooms/{room['roomId']}/messages/{sent['messageId']}", json={"content": new})
    assert eventually(lambda: entries(old) == 0 and entries(new) == 1)
    user.api.request("DELETE", f"/rooms/{room['roomId']}/messages/{sent['messageId']}")
    assert eventually(lambda: entries(new) == 0)


@pytest.mark.parametrize(("params", "status", "code"), [
    ({}, 400, "missing_field"),
    ({"q": ""}, 400, "invalid_q"),
    ({"q": "x" * 101}, 400, "q_too_long"),
    ({"q": "?!"}, 400, "invalid_q"),
    ({"q": "a", "cursor": "not-a-cursor"}, 400, "invalid_cursor"),
    ({"q": "a", "limit": "0"}, 400, "invalid_limit"),
    ({"q": "a", "limit": "51"}, 400, "invalid_limit"),
    ({"q": "a", "roomId": "nope"}, 400, "invalid_room_id"),
    ({"q": "a", "roomId": str(uuid.uuid4())}, 404, "room_not_found"),
])
def test_bad_input_is_a_4xx_with_a_code(new_user: Callable[..., ChatUser], params: dict[str, str], status: int,
                                        code: str) -> None:
    response = new_user().api.get("/search", params=params)
    assert response.status_code == status, response.text
    assert error_of(response) == code
