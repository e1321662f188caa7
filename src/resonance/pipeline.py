"""Assemble the spaCy pipeline and turn processed docs into ``Reflection`` results."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from resonance.components import SPANS_KEY, install_extensions
from resonance.dictionary import count_words, dictionary_index
from resonance.errors import InputError
from resonance.reframes import respond
from resonance.sentences import sentence_spans
from resonance.types import AbsolutistSpan, Document, Index, Reflection, Sentence


def load(
    *,
    rules_only: bool = False,
    model: str | Path | None = None,
    lexicon: str | Path | None = None,
    extend_lexicon: bool = True,
) -> Language:
    """Build resonance's pipeline on ``spacy.blank("en")``.

    Args:
        rules_only: leave out the disclosure classifier (no model is loaded).
        model: a disclosure model folder; None uses the shipped one (or ``RESONANCE_MODEL``).
        lexicon: a lexicon file of your own (JSON Lines, see ``resonance.lexicon``).
        extend_lexicon: add ``lexicon`` to the packaged one (True) or replace it (False).
    """
    nlp = spacy.blank("en")
    nlp.add_pipe("resonance_sentencizer")
    add_to(nlp, rules_only=rules_only, model=model, lexicon=lexicon, extend_lexicon=extend_lexicon)
    return nlp


def add_to(
    nlp: Language,
    *,
    rules_only: bool = False,
    model: str | Path | None = None,
    lexicon: str | Path | None = None,
    extend_lexicon: bool = True,
) -> Language:
    """Add resonance's components to a pipeline you already have (it needs sentences)."""
    lexicon_cfg = {
        "@misc": "resonance.lexicon.v1",
        "path": str(lexicon) if lexicon else None,
        "extend": extend_lexicon,
    }
    nlp.add_pipe("resonance_absolutist", config={"lexicon": lexicon_cfg})
    if not rules_only:
        nlp.add_pipe("resonance_disclosure", config={"model": str(model) if model else None})
    return nlp


@lru_cache(maxsize=2)
def _default_pipeline(rules_only: bool) -> Language:
    return load(rules_only=rules_only)


def analyze(
    text: str,
    *,
    nlp: Language | None = None,
    rules_only: bool = False,
    id: str = "0",
    meta: Mapping[str, Any] | None = None,
    country: str = "international",
) -> Reflection:
    """Analyse one text: absolutist spans, sentences with stance, index, reframes.

    Args:
        nlp: a pipeline from ``load()`` (default: a shared one, built on first use).
        rules_only: with the default pipeline, leave out the disclosure classifier.
        country: whose help resources a safety message lists ("us", "gb", ...).
    """
    pipeline = nlp if nlp is not None else _default_pipeline(rules_only)
    return to_reflection(pipeline(text), id=id, meta=meta, country=country)


def analyze_many(
    texts: Iterable[str],
    *,
    ids: Iterable[str] | None = None,
    metas: Iterable[Mapping[str, Any]] | None = None,
    nlp: Language | None = None,
    rules_only: bool = False,
    batch_size: int = 64,
    country: str = "international",
) -> Iterator[Reflection]:
    """Stream ``Reflection`` results for many texts, batched through ``nlp.pipe``.

    ``ids`` and ``metas``, when given, run in step with ``texts``; ids default to "0", "1", ...
    """
    pipeline = nlp if nlp is not None else _default_pipeline(rules_only)
    id_iter = iter(ids) if ids is not None else (str(i) for i in itertools.count())
    meta_iter = iter(metas) if metas is not None else None
    for doc in pipeline.pipe(texts, batch_size=batch_size):
        meta = next(meta_iter) if meta_iter is not None else None
        yield to_reflection(doc, id=next(id_iter), meta=meta, country=country)


def reflect_documents(
    items: Iterable[Document | InputError],
    *,
    nlp: Language | None = None,
    rules_only: bool = False,
    batch_size: int = 64,
    country: str = "international",
) -> Iterator[Reflection | InputError]:
    """Reflect on a stream of documents, passing errors through in their place in order.

    Documents are batched through ``nlp.pipe``; an ``InputError`` (from
    ``resonance.corpus.read_documents``) flushes the batch and is yielded as it is.
    """
    pipeline = nlp if nlp is not None else _default_pipeline(rules_only)
    batch: list[Document] = []

    def flush() -> Iterator[Reflection]:
        docs = pipeline.pipe((d.text for d in batch), batch_size=batch_size)
        for document, doc in zip(batch, docs, strict=True):
            yield to_reflection(doc, id=document.id, meta=document.meta, country=country)
        batch.clear()

    for item in items:
        if isinstance(item, InputError):
            yield from flush()
            yield item
            continue
        batch.append(item)
        if len(batch) >= batch_size:
            yield from flush()
    yield from flush()


def to_reflection(
    doc: Doc,
    *,
    id: str,
    meta: Mapping[str, Any] | None = None,
    country: str = "international",
) -> Reflection:
    """Turn a processed ``Doc`` into a typed, frozen ``Reflection``.

    The crisis guard runs first: a document with crisis language gets a safety message
    (with help resources for ``country``) and no reframe at all.
    """
    install_extensions()
    response = respond(doc, country=country)
    spans = tuple(
        AbsolutistSpan(
            start=s.start_char,
            end=s.end_char,
            text=s.text,
            category=s.label_,
            distress=bool(s._.distress),
        )
        for s in doc.spans.get(SPANS_KEY, [])
    )
    text = doc.text  # Doc.text joins every token: build it once
    return Reflection(
        id=id,
        text=text,
        spans=spans,
        sentences=tuple(_sentences(doc, text)),
        index=_index(text, spans),
        reframes=response.reframes,
        crisis=response.crisis,
        safety=response.safety,
        meta=dict(meta or {}),
    )


def _sentences(doc: Doc, text: str) -> Iterator[Sentence]:
    for sent in sentence_spans(doc):
        tokens = [t for t in sent if not t.is_space]
        if not tokens:
            continue
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
        scores = sent._.disclosure_scores
        yield Sentence(
            start=start,
            end=end,
            text=text[start:end],
            disclosure=sent._.disclosure,
            scores=dict(scores) if scores is not None else None,
        )


def _index(text: str, spans: tuple[AbsolutistSpan, ...]) -> Index:
    words = count_words(text)
    dictionary = dictionary_index(text)

    def per_100(n: int) -> float:
        return 100.0 * n / words if words else 0.0

    return Index(
        words=words,
        absolutist_per_100=per_100(len(spans)),
        distress_per_100=per_100(sum(s.distress for s in spans)),
        dictionary_per_100=dictionary.per_100,
        dictionary=dictionary,
    )
