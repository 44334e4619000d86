"""Real-browser e2e of issue 8's features (``features.mjs``): two users react, reply in a
thread, edit, delete, and see delivered/read marks; and of issue 9's (``moderation_search.mjs``):
typing, a mention counted and highlighted, search jumping to a message, a moderator's mute
reaching the member's composer. axe-core checks the pages."""

from __future__ import annotations

from collections.abc import Callable


def test_two_users_use_reactions_threads_edits_and_receipts(run_scenario: Callable[[str], None]) -> None:
    run_scenario("features.mjs")


def test_typing_mentions_search_and_a_mute_in_the_browser(run_scenario: Callable[[str], None]) -> None:
    run_scenario("moderation_search.mjs")
