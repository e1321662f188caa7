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
    span_texts: int = 0
    strategies: Counter[str] = field(default_factory=Counter)


def evaluate_reframes(
    texts: Iterable[str], *, nlp: Language, retag: Language | None = None,
    country: str = "international", batch_size: int = 64,
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
    still = sum(
        any(s._.distress for s in d.spans.get(SPANS_KEY, []))
        for d in retagger.pipe(tally.texts, batch_size=batch_size)
    )
    n = len(tally.texts)
    return ReframeReport(
        documents=tally.documents, crisis_documents=tally.crisis,
        distress_spans=tally.distress, covered_spans=tally.covered,
        coverage=_share(tally.covered, tally.distress),
        reframes=n, span_reframes=tally.span_texts,
        still_distress=still, still_distress_share=_share(still, n),
        content_words=tally.content, content_kept=tally.kept,
        content_kept_share=_share(tally.kept, tally.content),
        banned_phrases=tally.banned,
        distinct_texts=len(set(tally.texts)), distinct_share=_share(len(set(tally.texts)), n),
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
    for reframe in span_reframes:
        tally.span_texts += 1
        content, kept = content_words_kept(_sentence_of(doc, reframe), reframe.text)
        tally.content += content
        tally.kept += kept


def _sentence_of(doc: Doc, reframe: Reframe) -> Span:
    if doc.has_annotation("SENT_START"):
        for sent in doc.sents:
            if sent.start_char <= reframe.start < sent.end_char:
                return sent
    return doc[:]


def content_words_kept(sent: Span, rewrite: str) -> tuple[int, int]:
    """How many content words ``sent`` has outside absolutist spans, and how many of them
    appear in ``rewrite`` (compared lower-cased, ignoring a final "s"/"es")."""
    absolutist = {
        i for s in sent.doc.spans.get(SPANS_KEY, []) for i in range(s.start, s.end)
    }
    words = [
        t.lower_ for t in sent
        if t.is_alpha and t.lower_ not in STOP_WORDS and t.i not in absolutist
    ]
    kept_forms = {_stem(w) for w in rewrite.lower().replace("'", " ").split()}
    kept_forms |= {_stem(w.strip(".,!?;:\"()")) for w in rewrite.lower().split()}
    return len(words), sum(_stem(w) in kept_forms for w in words)


def _stem(word: str) -> str:
    for suffix in ("ies", "es", "s"):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            return word[: -len(suffix)]
    return word


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0
