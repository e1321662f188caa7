"""The crisis guard (ANNOTATION.md section 4): detect crisis language, build a safety reply.

Detection is rule-based and runs before any reframe. It errs on the side of safety:
negation never cancels a rule ("I don't want to die, I want this to stop" is crisis).
A match is cancelled only by context the rules name: an overlapping figurative idiom
("I'd die for a coffee", "killing myself studying"), topic talk for the rules marked
``topic_sensitive`` ("a documentary about suicide prevention"), or a sentence that is
clearly past and resolved with no sign of recurrence ("I used to cut; therapy helped me
stop"). Matched text is returned only as offsets and is never logged.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from resonance.errors import InputError
from resonance.reframes.resources import (
    CrisisPatterns,
    SafetyResources,
    crisis_patterns_v1,
    safety_resources_v1,
)
from resonance.types import CrisisMatch, CrisisResult, SafetyMessage

SELF_KINDS = frozenset({"suicidal_ideation", "plan_or_means", "self_harm"})
DANGER_KINDS = frozenset({"danger_from_someone", "harm_to_child"})
COUNTRY_ALIASES = {"uk": "gb", "usa": "us", "united states": "us", "united kingdom": "gb"}
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


def _normalise(text: str) -> str:
    """Straighten curly apostrophes (same length, so offsets stay valid)."""
    return text.replace("\u2019", "'").replace("\u2018", "'").replace("\u02bc", "'")


def _sentences(doc: Doc | str) -> list[tuple[int, int]]:
    if isinstance(doc, Doc) and doc.has_annotation("SENT_START"):
        return [(s.start_char, s.end_char) for s in doc.sents]
    text = doc.text if isinstance(doc, Doc) else doc
    bounds, start = [], 0
    for gap in _SENTENCE_END.finditer(text):
        bounds.append((start, gap.start()))
        start = gap.end()
    bounds.append((start, len(text)))
    return bounds


def _cancelled(
    patterns: CrisisPatterns,
    text: str,
    sentence: str,
    match: re.Match[str],
    topic_sensitive: bool,
    offset: int,
) -> bool:
    for idiom in patterns.figurative:
        for hit in idiom.finditer(text, max(0, match.start() - 40), match.end() + 40):
            if hit.start() < match.end() and match.start() < hit.end():
                return True
    if topic_sensitive and patterns.topic.search(sentence):
        return True
    return bool(
        patterns.past.search(sentence)
        and patterns.resolved.search(sentence)
        and not patterns.recurrence.search(sentence)
    )


def detect_crisis(doc: Doc | str, *, patterns: CrisisPatterns | None = None) -> CrisisResult:
    """Find crisis language in a processed ``Doc`` (or plain text).

    Returns a ``CrisisResult`` whose ``matches`` hold offsets and kinds, never the text.
    """
    patterns = patterns or crisis_patterns_v1()
    text = _normalise(doc.text if isinstance(doc, Doc) else doc)
    sentences = _sentences(doc)
    matches: list[CrisisMatch] = []
    for rule in patterns.rules:
        for match in rule.pattern.finditer(text):
            start, end = next(
                ((s, e) for s, e in sentences if s <= match.start() < max(e, s + 1)),
                (0, len(text)),
            )
            if _cancelled(patterns, text, text[start:end], match, rule.topic_sensitive, start):
                continue
            matches.append(CrisisMatch(match.start(), match.end(), rule.kind))  # type: ignore[arg-type]
    kept = _non_overlapping(matches)
    return CrisisResult(crisis=bool(kept), matches=kept)


def _non_overlapping(matches: list[CrisisMatch]) -> tuple[CrisisMatch, ...]:
    kept: list[CrisisMatch] = []
    for m in sorted(matches, key=lambda m: (m.start, -(m.end - m.start))):
        if not any(k.kind == m.kind and k.start < m.end and m.start < k.end for k in kept):
            kept.append(m)
    return tuple(kept)


def safety_message(
    result: CrisisResult,
    *,
    country: str = "international",
    resources: SafetyResources | None = None,
) -> SafetyMessage | None:
    """The warm safety reply for a crisis result (None when there is no crisis).

    Raises:
        InputError: ``country`` has no entry in the safety resources.
    """
    if not result.crisis:
        return None
    resources = resources or safety_resources_v1()
    code = COUNTRY_ALIASES.get(country.strip().lower(), country.strip().lower())
    if code not in resources.countries:
        known = ", ".join(sorted(resources.countries))
        raise InputError(f"no safety resources for country {country!r}; known: {known}")
    entry = resources.countries[code]
    kinds = set(result.kinds)
    group = "self" if kinds & SELF_KINDS else "danger" if kinds & DANGER_KINDS else "others"
    extra = entry.danger if kinds & DANGER_KINDS else ()
    text = resources.messages[group].replace("{emergency}", entry.emergency)
    return SafetyMessage(text=text, resources=entry.resources + extra, country=code)
