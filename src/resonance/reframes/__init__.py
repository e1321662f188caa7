"""Gentle reframes for absolutist loneliness language, and the crisis guard before them.

``respond(doc)`` returns reframes for a processed document, or, when it holds crisis
language, a safety message and no reframe at all. ``detect_crisis(doc)`` runs the guard on
its own. See ``docs/reframes.md`` for the strategies and their limits.
"""

from __future__ import annotations

from resonance.reframes.crisis import detect_crisis, safety_message
from resonance.reframes.respond import respond
from resonance.reframes.rewrite import soften
from resonance.reframes.strategies import BY_CATEGORY
from resonance.reframes.tone import ToneViolation, is_gentle, tone_violations

STRATEGIES = ("soften_absolute", "find_exception", "feeling_not_fact", "small_step", "truer_word")

__all__ = [
    "BY_CATEGORY",
    "STRATEGIES",
    "ToneViolation",
    "detect_crisis",
    "is_gentle",
    "respond",
    "safety_message",
    "soften",
    "tone_violations",
]
