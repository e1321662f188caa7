"""``respond``: the reply to one processed document, reframes or a safety message.

The crisis guard runs first; a crisis document gets a safety message and no reframe at
all. Otherwise each sentence with distress spans gets one reframe that loosens all of them,
and each guarded sentence without distress spans gets a truer-word reframe. Strategies and
questions rotate from a seed taken from the text, so the same input always gets the same
reply while a long entry gets varied ones. Every text and question passes the tone rules;
one that does not is replaced by the next strategy, then by an opening line.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

from spacy.tokens import Doc, Span

from resonance.errors import InputError
from resonance.reframes.crisis import COUNTRY_ALIASES, detect_crisis, safety_message
from resonance.reframes.resources import (
    CrisisPatterns,
    SafetyResources,
    Templates,
    ToneRules,
    crisis_patterns_v1,
    reframe_templates_v1,
    safety_resources_v1,
    tone_rules_v1,
)
from resonance.reframes.strategies import (
    open_reframe,
    sentence_reframe,
    span_reframe,
    strategies_for,
)
from resonance.reframes.tone import is_gentle
from resonance.sentences import sentence_spans
from resonance.types import Reframe, Response

SPANS_KEY = "absolutist"


def respond(
    doc: Doc,
    *,
    country: str = "international",
    templates: Templates | None = None,
    tone: ToneRules | None = None,
    patterns: CrisisPatterns | None = None,
    resources: SafetyResources | None = None,
) -> Response:
    """Reframes for a processed ``Doc``, or a safety message when it holds crisis language.

    Args:
        doc: a document processed by a resonance pipeline (``doc.spans["absolutist"]``).
        country: which country's help resources a safety message lists ("us", "gb", ...).

    Raises:
        InputError: ``country`` has no entry in the safety resources.
    """
    resources = resources or safety_resources_v1()
    _check_country(country, resources)
    crisis = detect_crisis(doc, patterns=patterns or crisis_patterns_v1())
    if crisis.crisis:
        safety = safety_message(crisis, country=country, resources=resources)
        return Response(crisis=True, safety=safety, reframes=())
    templates = templates or reframe_templates_v1()
    tone = tone or tone_rules_v1()
    return Response(crisis=False, reframes=tuple(_reframes(doc, templates, tone)))


def _check_country(country: str, resources: SafetyResources) -> None:
    code = COUNTRY_ALIASES.get(country.strip().lower(), country.strip().lower())
    if code not in resources.countries:
        known = ", ".join(sorted(resources.countries))
        raise InputError(f"no safety resources for country {country!r}; known: {known}")


def seed_of(text: str) -> int:
    """A stable number from the text (the same on every run and machine)."""
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:4], "big")


def _reframes(doc: Doc, templates: Templates, tone: ToneRules) -> Iterator[Reframe]:
    distress = [s for s in doc.spans.get(SPANS_KEY, []) if _is_distress(s)]
    seed = seed_of(doc.text)
    turn = 0
    previous = ""
    for sent in sentence_spans(doc):
        targets = [s for s in distress if sent.start <= s.start < sent.end]
        if targets:
            reframe = _for_spans(sent, targets, seed + turn, previous, templates, tone)
        elif _disclosure(sent) == "guarded":
            reframe = _gentle_or_open(sent, seed + turn, templates, tone)
        else:
            continue
        previous = reframe.strategy
        turn += 1
        yield reframe


def _for_spans(
    sent: Span,
    targets: list[Span],
    turn: int,
    previous: str,
    templates: Templates,
    tone: ToneRules,
) -> Reframe:
    options = strategies_for(targets)
    first = turn % len(options)
    ordered = options[first:] + options[:first]
    if len(ordered) > 1 and ordered[0] == previous:
        ordered = ordered[1:] + ordered[:1]
    for strategy in ordered:
        reframe = span_reframe(sent, targets, strategy, turn, templates)
        if _gentle(reframe, tone):
            return reframe
    start, end = targets[0].start_char, targets[-1].end_char
    return open_reframe(start, end, turn, templates, target="span")


def _gentle_or_open(sent: Span, turn: int, templates: Templates, tone: ToneRules) -> Reframe:
    reframe = sentence_reframe(sent, turn, templates)
    if _gentle(reframe, tone):
        return reframe
    return open_reframe(sent.start_char, sent.end_char, turn, templates)


def _gentle(reframe: Reframe, tone: ToneRules) -> bool:
    return is_gentle(reframe.text, rules=tone) and is_gentle(reframe.question, rules=tone)


def _is_distress(span: Span) -> bool:
    return bool(Span.has_extension("distress") and span._.distress)


def _disclosure(sent: Span) -> str | None:
    return sent._.disclosure if Span.has_extension("disclosure") else None
