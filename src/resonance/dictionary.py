"""The published 19-word absolutist dictionary index (ANNOTATION.md section 5).

Al-Mosaiwi & Johnstone (2018) counted every occurrence of 19 words, with no context rules,
as a percentage of all words. This module reproduces that count so results stay comparable
with the published studies; resonance's contextual spans are the improvement on it.
"""

from __future__ import annotations

import re
from typing import Any

from resonance.types import DictionaryIndex

DICTIONARY: frozenset[str] = frozenset(
    [
        "absolutely",
        "all",
        "always",
        "complete",
        "completely",
        "constant",
        "constantly",
        "definitely",
        "entire",
        "ever",
        "every",
        "everyone",
        "everything",
        "full",
        "must",
        "never",
        "nothing",
        "totally",
        "whole",
    ]
)
# A word is a run of letters or digits, with inner apostrophes ("don't" is one word).
WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


def words(text: str) -> list[str]:
    """The words of ``text`` as the index counts them (lower-cased)."""
    return [match.group().lower() for match in WORD.finditer(text)]


def count_words(text: str) -> int:
    """Number of words, the denominator of every per-100-words rate in resonance."""
    return sum(1 for _ in WORD.finditer(text))


def dictionary_index(text: str | Any) -> DictionaryIndex:
    """Count the 19 dictionary words in ``text`` (a string or a spaCy ``Doc``).

    Every occurrence counts, case-insensitive, whole words only, with no context rules.

    Returns:
        words (all words), count (dictionary hits), matches (the hits, in order) and
        per_100 (hits per 100 words, 0.0 for a text without words).
    """
    tokens = words(text if isinstance(text, str) else text.text)
    matches = tuple(w for w in tokens if w in DICTIONARY)
    per_100 = 100.0 * len(matches) / len(tokens) if tokens else 0.0
    return DictionaryIndex(words=len(tokens), count=len(matches), matches=matches, per_100=per_100)
