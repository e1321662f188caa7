"""Rewrite the writer's own sentence with its absolutes loosened, keeping their words.

The sentence is rebuilt token by token from the spaCy ``Doc``: the writer's subject, verb
and objects stay; each target span is replaced by the edits from ``softeners``; a verb
whose subject became plural is made to agree ("Everyone hates me" -> "A lot of people hate
me"); articles are fixed ("an entire day" -> "a day"); and an "ever" the tagger tied to a
loosened word goes with it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Span

from resonance.reframes.grammar import (
    agreeing_verb,
    capitalize_first,
    fix_articles,
    lower_first,
    plural_verb,
)
from resonance.reframes.softeners import Edit, edits_for

_SPACE_BEFORE_PUNCT = re.compile(r"\s+([.,!?;:…])")
_SPACES = re.compile(r"[ \t]{2,}")


@dataclass(frozen=True)
class Rewrite:
    """A rewritten sentence. ``framed`` is True when a rule already added a clause frame."""

    text: str
    framed: bool = False


def soften(sent: Span, targets: Sequence[Span], *, variant: int = 0) -> Rewrite:
    """Rewrite ``sent`` with every span in ``targets`` loosened.

    Args:
        sent: the sentence (a span of a processed ``Doc``).
        targets: absolutist spans inside ``sent`` to loosen.
        variant: which of the two wordings to use (see ``softeners``).
    """
    doc = sent.doc
    edits = _plan(doc, sent, targets, variant)
    pieces = _apply(doc, sent, edits)
    text = _join(pieces)
    if sent.text[:1].isupper():
        text = capitalize_first(text)
    return Rewrite(text=text, framed=any(edit.frame for edit in edits))


def frame_sentence(sent: Span, rewritten: str, frame: str) -> str:
    """Put a feeling frame ("Right now it feels like") in front of a rewritten sentence."""
    first = sent[0]
    if rewritten.startswith(first.text):
        body = lower_first(first, STOP_WORDS) + rewritten[len(first.text) :]
    elif rewritten.startswith(("I ", "I'")):
        body = rewritten
    else:
        body = rewritten[:1].lower() + rewritten[1:]
    return capitalize_first(f"{frame} {body}")


def _plan(doc: Doc, sent: Span, targets: Sequence[Span], variant: int) -> list[Edit]:
    chosen: list[Edit] = []
    spans = sorted(targets, key=lambda s: s.start)
    for span in spans:
        for edit in edits_for(span, variant):
            if not any(_overlaps(edit, other) for other in chosen):
                chosen.append(edit)
    for span in _tied_evers(doc, sent, spans):
        if not any(_overlaps(Edit(span.start, span.end, ()), other) for other in chosen):
            chosen.append(Edit(span.start, span.end, ()))
    return sorted(chosen, key=lambda e: (e.start, e.end))


def _overlaps(a: Edit, b: Edit) -> bool:
    if a.start == a.end or b.start == b.end:
        return False
    return a.start < b.end and b.start < a.end


def _tied_evers(doc: Doc, sent: Span, targets: Sequence[Span]) -> list[Span]:
    """Absolutist "ever" spans in the sentence other than the targets (they lean on them)."""
    spans = doc.spans.get("absolutist", [])
    taken = {(s.start, s.end) for s in targets}
    return [
        s for s in spans
        if s.text.lower() == "ever" and sent.start <= s.start < sent.end
        and (s.start, s.end) not in taken and targets
    ]


def _apply(doc: Doc, sent: Span, edits: list[Edit]) -> list[tuple[str, str]]:
    inserts = {e.start: e for e in edits if e.start == e.end}
    replaces = {e.start: e for e in edits if e.start != e.end}
    verbs = _agreement(doc, edits)
    pieces: list[tuple[str, str]] = []
    i = sent.start
    while i <= sent.end:
        if i in inserts:
            pieces.extend((word, " ") for word in inserts[i].words)
        if i == sent.end:
            break
        edit = replaces.get(i)
        if edit is not None:
            _attach_clitic(doc, i, edit, pieces)
            ws = doc[edit.end - 1].whitespace_
            pieces.extend((word, " ") for word in edit.words[:-1])
            if edit.words:
                pieces.append((edit.words[-1], ws))
            i = edit.end
            continue
        token = doc[i]
        if i in verbs and token.text.startswith("'") and pieces:
            pieces[-1] = (pieces[-1][0], " ")
        pieces.append((verbs.get(i, token.text), token.whitespace_))
        i += 1
    return pieces


def _attach_clitic(doc: Doc, i: int, edit: Edit, pieces: list[tuple[str, str]]) -> None:
    """Give a replaced clitic ("'ll", "'s") a space before its new, whole-word replacement."""
    if edit.words and doc[i].text.startswith("'") and pieces and not pieces[-1][1]:
        pieces[-1] = (pieces[-1][0], " ")


def _agreement(doc: Doc, edits: list[Edit]) -> dict[int, str]:
    verbs = {}
    for edit in edits:
        if edit.plural:
            index = agreeing_verb(doc, edit.start, edit.end)
            if index is not None:
                following = doc[index + 1].text if index + 1 < len(doc) else ""
                verbs[index] = plural_verb(doc[index].text, following)
    return verbs


def _join(pieces: list[tuple[str, str]]) -> str:
    words = fix_articles([word for word, _ in pieces])
    text = "".join(word + ws for word, (_, ws) in zip(words, pieces, strict=True))
    text = _SPACE_BEFORE_PUNCT.sub(r"\1", text)
    text = text.replace(" n't", "n't")
    return _SPACES.sub(" ", text).strip()
