"""names.py: NFKC + bidi stripping, mixed scripts, lookalike skeletons."""

from __future__ import annotations

import pytest

from chalicelib import names

CYRILLIC_A = "\u0430"


@pytest.mark.parametrize(("raw", "clean"), [
    ("\uff46\uff55\uff4c\uff4c", "full"),  # fullwidth
    ("\U0001d41b\U0001d428\U0001d41b", "bob"),  # mathematical bold
    ("\u202eevil\u202c", "evil"),  # right-to-left override
    ("\u2066a\u2069\u200eb\u200f\u061cc", "abc"),  # isolates, marks, the Arabic letter mark
    ("  caf\u0065\u0301  ", "caf\u00e9"),  # composed, trimmed
])
def test_clean(raw: str, clean: str) -> None:
    assert names.clean(raw) == clean


@pytest.mark.parametrize(("text", "mixed"), [
    (f"{CYRILLIC_A}lice", True),
    ("g\u03bfogle", True),  # Greek omicron
    ("alice", False),
    ("\u043c\u043e\u0441\u043a\u0432\u0430", False),
    ("Caf\u00e9 \u041c\u043e\u0441\u043a\u0432\u0430", False),  # one script per word
    ("\u65e5\u672c\u8a9e\u306e\u30ab\u30bf\u30ab\u30ca\u30fc", False),  # Japanese mixes Han, kana and the long mark
    ("\ud55c\uad6d\u6f22\u5b57", False),  # Hangul with Hanja
    ("bob_2026", False),
])
def test_mixed_script(text: str, mixed: bool) -> None:
    assert names.mixed_script(text) is mixed


@pytest.mark.parametrize(("a", "b"), [
    (f"{CYRILLIC_A}lice", "alice"),
    ("\u0440\u043e\u0441\u043e", "poco"),
    ("ALICE", "alice"),
    ("b0b", "bob"),
    ("\u03b1\u03bd\u03bf", "avo"),
])
def test_skeletons_of_lookalikes_match(a: str, b: str) -> None:
    assert names.skeleton(a) == names.skeleton(b)


def test_different_names_keep_different_skeletons() -> None:
    assert names.skeleton("alice") != names.skeleton("alicia")
