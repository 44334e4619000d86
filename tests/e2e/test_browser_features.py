"""Real-browser e2e of issue 8's features (``features.mjs``): two users react, reply in a
thread, edit, delete, and see delivered/read marks; axe-core checks the page."""

from __future__ import annotations

from collections.abc import Callable


def test_two_users_use_reactions_threads_edits_and_receipts(run_scenario: Callable[[str], None]) -> None:
    run_scenario("features.mjs")
