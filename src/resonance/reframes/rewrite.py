"""Rewrite the writer's own sentence with its absolutes loosened, keeping their words.

The sentence is rebuilt token by token from the spaCy ``Doc``: the writer's subject, verb
and objects stay; each target span is replaced by the edits from ``softeners``; a verb
whose subject became plural is made to agree ("Everyone hates me" -> "A lot of people hate
me"); articles next to new words are fixed ("an entire day" -> "a day"); and absolutes
that lean on a target ("*absolutely* nothing", "no one *ever*", "everything and everyone")
are loosened with it, so the tagger finds no distress left in the rewrite.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Span

from resonance.reframes.grammar import (
    agreeing_verb,
    capitalize_first,
    fix_articles,
    plural_verb,
)
from resonance.reframes.softeners import Edit, clause_start, edits_for, is_inverted

SPANS_KEY = "absolutist"
# Words a clause can start with for "it feels like" to go before it (a subject, not a verb).
SUBJECT_STARTS = frozenset(
    {
        "i",
        "i'm",
        "im",
        "i've",
        "ive",
        "i'll",
        "we",
        "you",
        "he",
        "she",
        "they",
        "it",
        "it's",
        "its",
        "there",
        "there's",
        "theres",
        "my",
        "our",
        "your",
        "his",
        "her",
        "their",
        "the",
        "this",
        "that",
        "these",
        "those",
        "people",
        "things",
        "life",
        "nobody",
        "everyone",
        "everybody",
        "everything",
        "nothing",
        "no",
        "all",
        "none",
        "every",
        "each",
        "a",
        "an",
        "some",
        "most",
        "me",
        "mine",
        "family",
        "friends",
        "school",
        "work",
    }
)
NEIGHBOUR_GAP = 3
# Loosen every absolute in a sentence being rewritten: the tagger's distress rules read a
# whole clause, so a rewrite can turn a neighbouring, harmless absolute into a distress one.
LOOSEN_ALL = True
# Negative absolutes turn into distress with almost any painful word nearby: always loosen
# them in a sentence being rewritten.
ALWAYS_LOOSEN = frozenset(
    {
        "ever",
        "nothing",
        "nobody",
        "no one",
        "no-one",
        "noone",
        "never",
        "none",
        "absolutely",
        "completely",
        "totally",
        "utterly",
        "entirely",
    }
)


@dataclass(frozen=True)
class Rewrite:
    """A rewritten sentence. ``framed`` is True when a clause frame was added."""

    text: str
    framed: bool = False


@dataclass
class _Piece:
    text: str
    ws: str
    new: bool = False


def soften(
    sent: Span, targets: Sequence[Span], *, variant: int = 0, frame: str | None = None
) -> Rewrite:
    """Rewrite ``sent`` with every span in ``targets`` (and the absolutes leaning on them)
    loosened.

    Args:
        sent: the sentence (a span of a processed ``Doc``).
        targets: absolutist spans inside ``sent`` to loosen.
        variant: which of the two wordings to use (see ``softeners``).
        frame: a feeling frame ("right now it feels like") to put at the start of the
            clause holding the first target, when the rules did not add one already.
    """
    doc = sent.doc
    edits = _plan(doc, sent, _with_neighbours(doc, sent, targets), variant)
    if frame and not any(e.frame for e in edits) and targets:
        frame_edit = _frame_edit(doc, sent, min(t.start for t in targets), frame)
        if frame_edit is not None:
            edits = sorted([*edits, frame_edit], key=lambda e: (e.start, e.end))
    text = _join(_apply(doc, sent, edits))
    if sent.text[:1].isupper():
        text = capitalize_first(text)
    return Rewrite(text=text, framed=any(edit.frame for edit in edits))


def _frame_edit(doc: Doc, sent: Span, index: int, frame: str) -> Edit | None:
    """Insert ``frame`` at the start of the clause holding ``index``; at the very start of
    the sentence only before a pronoun or common word (not a name or a verb)."""
    at = clause_start(doc, index)
    first = doc[at]
    if at != index and first.lower_ not in SUBJECT_STARTS:
        return None
    return Edit(at, at, tuple(frame.lower().split()), frame=True)


def _with_neighbours(doc: Doc, sent: Span, targets: Sequence[Span]) -> list[Span]:
    """The targets plus the sentence's other absolutist spans that lean on them."""
    chosen = {(t.start, t.end): t for t in targets}
    for span in doc.spans.get(SPANS_KEY, []):
        if not (sent.start <= span.start < sent.end) or (span.start, span.end) in chosen:
            continue
        near = any(
            span.start - t.end < NEIGHBOUR_GAP and t.start - span.end < NEIGHBOUR_GAP
            for t in targets
        )
        if near or span.text.lower() in ALWAYS_LOOSEN or LOOSEN_ALL:
            chosen[(span.start, span.end)] = span
    return sorted(chosen.values(), key=lambda s: s.start)


def _plan(doc: Doc, sent: Span, targets: Sequence[Span], variant: int) -> list[Edit]:
    chosen: list[Edit] = []
    for span in targets:
        for edit in edits_for(span, variant):
            if not any(_overlaps(edit, other) for other in chosen):
                chosen.append(edit)
    return sorted(chosen, key=lambda e: (e.start, e.end))


def _overlaps(a: Edit, b: Edit) -> bool:
    if a.start == a.end or b.start == b.end:
        return False
    return a.start < b.end and b.start < a.end


def _apply(doc: Doc, sent: Span, edits: list[Edit]) -> list[_Piece]:
    inserts: dict[int, list[Edit]] = {}
    for e in edits:
        if e.start == e.end:
            inserts.setdefault(e.start, []).append(e)
    replaces = {e.start: e for e in edits if e.start != e.end}
    verbs = _agreement(doc, edits)
    pieces: list[_Piece] = []
    i = sent.start
    while i <= sent.end:
        for insert in inserts.get(i, []):
            _insert(doc, sent, i, insert.words, pieces)
        if i == sent.end:
            break
        edit = replaces.get(i)
        if edit is not None:
            _replace(doc, edit, pieces)
            i = edit.end
            continue
        token = doc[i]
        if i in verbs and token.text.startswith("'") and pieces:
            pieces[-1].ws = " "
        text = verbs.get(i, token.text)
        if i == sent.start and i in inserts:
            text = _lower_after_frame(token.text)
        pieces.append(_Piece(text, token.whitespace_, i in verbs))
        i += 1
    return pieces


def _lower_after_frame(word: str) -> str:
    """A sentence's first word, lower-cased once a frame goes before it ("My" -> "my")."""
    if word == "I" or word.startswith("I'") or word.isupper() or word.lower() not in STOP_WORDS:
        return word
    return word.lower()


def _insert(doc: Doc, sent: Span, i: int, words: tuple[str, ...], pieces: list[_Piece]) -> None:
    if pieces and not pieces[-1].ws:
        pieces[-1].ws = " "
    attached = i < sent.end and doc[i].is_punct and i > 0 and not doc[i - 1].whitespace_
    for n, word in enumerate(words):
        last = n == len(words) - 1
        pieces.append(_Piece(word, "" if last and attached else " ", new=True))


def _replace(doc: Doc, edit: Edit, pieces: list[_Piece]) -> None:
    ws = doc[edit.end - 1].whitespace_
    if not edit.words:
        if pieces and not ws:
            pieces[-1].ws = ""
        return
    if doc[edit.start].text.startswith("'") and pieces and not pieces[-1].ws:
        pieces[-1].ws = " "
    pieces.extend(_Piece(word, " ", new=True) for word in edit.words[:-1])
    pieces.append(_Piece(edit.words[-1], ws, new=True))


def _agreement(doc: Doc, edits: list[Edit]) -> dict[int, str]:
    verbs = {}
    for edit in edits:
        if edit.plural and is_inverted(doc, edit.start):
            verbs[edit.start - 1] = plural_verb(doc[edit.start - 1].text)
        elif edit.plural:
            index = agreeing_verb(doc, edit.start, edit.end)
            if index is not None:
                following = doc[index + 1].text if index + 1 < len(doc) else ""
                verbs[index] = plural_verb(doc[index].text, following)
    return verbs


def _join(pieces: list[_Piece]) -> str:
    words = [p.text for p in pieces]
    fixed = fix_articles(words)
    for n, piece in enumerate(pieces):
        near_new = piece.new or (n + 1 < len(pieces) and pieces[n + 1].new)
        if near_new:
            piece.text = fixed[n]
    text = "".join(p.text + p.ws for p in pieces)
    return text.replace(" n't", "n't").strip()
