"""Measure reframes over many documents (``resonance evaluate-reframes``).

For every non-crisis document: how many distress spans get a reframe, whether the tagger
still finds distress in the reframe text, how many of the writer's content words a span
reframe keeps, banned phrases in any output, how varied the texts are, and which
strategies were used. Crisis documents are counted and must get no reframe at all.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.tokens import Doc, Span

from resonance.reframes.respond import respond
from resonance.reframes.tone import tone_violations
from resonance.types import Reframe, ReframeReport, Response

SPANS_KEY = "absolutist"


@dataclass
class _Tally:
    documents: int = 0
    crisis: int = 0
    distress: int = 0
    covered: int = 0
    content: int = 0
    kept: int = 0
    banned: int = 0
    texts: list[str] = field(default_factory=list)
    words: list[list[str] | None] = field(default_factory=list)
    span_texts: int = 0
    strategies: Counter[str] = field(default_factory=Counter)


def evaluate_reframes(
    texts: Iterable[str],
    *,
    nlp: Language,
    retag: Language | None = None,
    country: str = "international",
    batch_size: int = 64,
) -> ReframeReport:
    """Reframe every text with ``nlp`` and measure the result.

    Args:
        texts: the documents.
        nlp: a resonance pipeline (``resonance.pipeline.load``).
        retag: the pipeline that re-tags reframe texts (default: ``nlp``).
        country: passed to ``respond`` (it only changes safety messages).
    """
    tally = _Tally()
    for doc in nlp.pipe(texts, batch_size=batch_size):
        _count(tally, doc, respond(doc, country=country))
    retagger = retag or nlp
    still = 0
    for words, rewrite in zip(
        tally.words, retagger.pipe(tally.texts, batch_size=batch_size), strict=True
    ):
        still += any(s._.distress for s in rewrite.spans.get(SPANS_KEY, []))
        if words is not None:
            tally.content += len(words)
            tally.kept += kept_count(words, rewrite)
    n = len(tally.texts)
    return ReframeReport(
        documents=tally.documents,
        crisis_documents=tally.crisis,
        distress_spans=tally.distress,
        covered_spans=tally.covered,
        coverage=_share(tally.covered, tally.distress),
        reframes=n,
        span_reframes=tally.span_texts,
        still_distress=still,
        still_distress_share=_share(still, n),
        content_words=tally.content,
        content_kept=tally.kept,
        content_kept_share=_share(tally.kept, tally.content),
        banned_phrases=tally.banned,
        distinct_texts=len(set(tally.texts)),
        distinct_share=_share(len(set(tally.texts)), n),
        strategies=dict(sorted(tally.strategies.items())),
    )


def _count(tally: _Tally, doc: Doc, response: Response) -> None:
    tally.documents += 1
    if response.crisis:
        tally.crisis += 1
        if response.safety is not None:
            tally.banned += len(tone_violations(response.safety.text))
        return
    distress = [s for s in doc.spans.get(SPANS_KEY, []) if s._.distress]
    span_reframes = [r for r in response.reframes if r.target == "span"]
    tally.distress += len(distress)
    tally.covered += sum(
        any(r.start <= s.start_char and s.end_char <= r.end for r in span_reframes)
        for s in distress
    )
    for reframe in response.reframes:
        tally.texts.append(reframe.text)
        tally.strategies[reframe.strategy] += 1
        tally.banned += len(tone_violations(reframe.text)) + len(tone_violations(reframe.question))
        span = reframe.target == "span"
        tally.span_texts += span
        tally.words.append(content_words(_sentence_of(doc, reframe)) if span else None)


def _sentence_of(doc: Doc, reframe: Reframe) -> Span:
    if doc.has_annotation("SENT_START"):
        for sent in doc.sents:
            if sent.start_char <= reframe.start < sent.end_char:
                return sent
    return doc[:]


def content_words(sent: Span) -> list[str]:
    """The writer's content words in ``sent``: alphabetic, not stop words, outside
    absolutist spans, lower-cased."""
    absolutist = {i for s in sent.doc.spans.get(SPANS_KEY, []) for i in range(s.start, s.end)}
    return [
        t.lower_
        for t in sent
        if t.is_alpha and t.lower_ not in STOP_WORDS and t.i not in absolutist
    ]


def kept_count(words: list[str], rewrite: Doc) -> int:
    """How many of ``words`` appear in ``rewrite`` (ignoring a final "s", "es" or "ies")."""
    forms = {form for t in rewrite for form in _forms(t.lower_)}
    return sum(bool(_forms(w) & forms) for w in words)


def _forms(word: str) -> set[str]:
    """The word and its possible singular / base forms ("hates" -> hate, hat)."""
    forms = {word}
    if len(word) > 3 and word.endswith("s"):
        forms.add(word[:-1])
        if word.endswith("es"):
            forms.add(word[:-2])
        if word.endswith("ies"):
            forms.add(word[:-3] + "y")
    return forms


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0
