"""Real-browser end-to-end test: alice and bob chat in "general" (``chat.mjs``; see conftest.py)."""

from __future__ import annotations

from collections.abc import Callable


def test_two_users_chat_in_a_real_browser(run_scenario: Callable[[str], None]) -> None:
    run_scenario("chat.mjs")
