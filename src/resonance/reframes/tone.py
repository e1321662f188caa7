"""Tone rules: phrases resonance never says, checked on every output it produces.

Four categories (``tone-v1.json``): commands ("you should", "calm down"), toxic
positivity ("everything happens for a reason", "at least you"), diagnosis ("you have
depression") and mockery ("drama queen"). A reframe whose text or question breaks a rule
is never shown; ``respond`` falls back to another wording or strategy.
"""

from __future__ import annotations

from dataclasses import dataclass

from resonance.reframes.resources import ToneRules, tone_rules_v1


@dataclass(frozen=True)
class ToneViolation:
    """A banned phrase found in an output: its category and character offsets."""

    category: str
    start: int
    end: int


def _normalise(text: str) -> str:
    return text.replace("\u2019", "'").replace("\u2018", "'")


def tone_violations(text: str, *, rules: ToneRules | None = None) -> tuple[ToneViolation, ...]:
    """Every banned phrase in ``text``, in order of position."""
    rules = rules or tone_rules_v1()
    plain = _normalise(text)
    found = [
        ToneViolation(category, match.start(), match.end())
        for category, pattern in rules.banned
        for match in pattern.finditer(plain)
    ]
    return tuple(sorted(set(found), key=lambda v: (v.start, v.end, v.category)))


def is_gentle(text: str, *, rules: ToneRules | None = None) -> bool:
    """True when ``text`` contains no banned phrase."""
    return not tone_violations(text, rules=rules)
