"""Unicode hygiene for the names people read: usernames and room names.

One place for it, so every edge agrees: names are NFKC-normalised (fullwidth and styled
letters become plain ones) and lose their bidi controls (which can reorder what a reader
sees); a word that mixes scripts (Latin ``a`` beside Cyrillic ``\u0430``) is suspect; and the
``skeleton`` of a name folds Cyrillic and Greek lookalikes onto the Latin letters they
imitate, so ``\u0430lice`` (Cyrillic ``\u0430``) and ``alice`` share one. A small table, not all of
Unicode's confusables.txt: it covers the letters that pass for Latin in the common fonts.
"""

from __future__ import annotations

import unicodedata

# Explicit embeddings, overrides and isolates, the directional marks, and the Arabic letter mark.
BIDI_CONTROLS = frozenset(chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C))

# Lowercase (after casefold) lookalikes -> the Latin letter they pass for.
CONFUSABLES = str.maketrans(
    # Cyrillic, Greek, then Latin letters and digits that pass for other Latin letters
    "\u0430\u0432\u0441\u0501\u0435\u0451\u04bb\u0456\u0457\u0458\u043a\u04cf\u043c\u043f"
    "\u043e\u0440\u051b\u0433\u0455\u0442\u0475\u051d\u0445\u0443\u04af\u0437\u044c\u03b1"
    "\u03b2\u03f2\u03b5\u03b7\u03b9\u03f3\u03ba\u03bd\u03bf\u03c1\u03c4\u03c5\u03c7\u03b3"
    "\u03c9"
    "\u0131\u023701|",
    "abcdeehiijklmnopqrstvwxyy3babcenijkvoptuxywijoll",
)
# Scripts that are written together in one word (Japanese, Korean, Chinese with bopomofo).
COMPATIBLE_SCRIPTS = ({"CJK", "HIRAGANA", "KATAKANA"}, {"CJK", "HANGUL"}, {"CJK", "BOPOMOFO"})
_SCRIPT_ALIASES = {"KATAKANA-HIRAGANA": "KATAKANA", "HALFWIDTH": "KATAKANA"}


def clean(name: str) -> str:
    """NFKC, without bidi controls, trimmed: the form a name is stored and compared in."""
    normal = unicodedata.normalize("NFKC", name)
    return "".join(c for c in normal if c not in BIDI_CONTROLS).strip()


def script(char: str) -> str | None:
    """A letter's script (``LATIN``, ``CYRILLIC``, ``GREEK``, ``CJK``...), read from its Unicode
    name; None for digits, punctuation, marks and symbols, which every script shares."""
    if not unicodedata.category(char).startswith("L"):
        return None
    word = unicodedata.name(char, "").split(" ")[0]
    if word in ("MODIFIER", ""):
        return None
    return _SCRIPT_ALIASES.get(word, word)


def mixed_script(text: str) -> bool:
    """True when one whitespace-separated word holds letters of scripts not written together."""
    for word in text.split():
        scripts = {s for s in map(script, word) if s is not None}
        if len(scripts) > 1 and not any(scripts <= allowed for allowed in COMPATIBLE_SCRIPTS):
            return True
    return False


def skeleton(name: str) -> str:
    """What a name looks like: casefolded, lookalikes folded to Latin. Equal skeletons read alike."""
    return clean(name).casefold().translate(CONFUSABLES)
