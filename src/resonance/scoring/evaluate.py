"""``resonance evaluate``: score the pipeline against an annotated gold corpus."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from resonance.components import SPANS_KEY
from resonance.dictionary import DICTIONARY, WORD
from resonance.types import (
    CATEGORIES,
    STANCES,
    CrisisReport,
    EvaluationReport,
    GoldRecord,
    Scores,
    SpanScores,
    StancePrediction,
    StanceReport,
)

Offsets = tuple[int, int]
StancePredictor = Callable[[Sequence[str]], list[StancePrediction]]


def evaluate(
    records: Iterable[GoldRecord],
    nlp: Language,
    *,
    predict_stances: StancePredictor | None = None,
    detect_crisis: Callable[[Doc], bool] | None = None,
    batch_size: int = 64,
) -> EvaluationReport:
    """Compare the pipeline's output with gold records.

    Args:
        records: gold records (``resonance.scoring.gold.read_gold``).
        nlp: a pipeline with ``resonance_absolutist``.
        predict_stances: classifies sentence texts; given, stances are scored on the gold
            sentences (the gold segmentation, so segmentation errors don't count twice).
        detect_crisis: the crisis guard; given, records with ``meta.crisis`` are scored.
    """
    records = list(records)
    docs = list(nlp.pipe((r.text for r in records), batch_size=batch_size))
    pairs = [(_gold_spans(r), _pred_spans(d)) for r, d in zip(records, docs, strict=True)]
    dictionary = [
        (gold, _dictionary_spans(r.text)) for r, (gold, _) in zip(records, pairs, strict=True)
    ]
    return EvaluationReport(
        records=len(records),
        absolutist=_span_scores((g.keys(), p.keys()) for g, p in pairs),
        distress=_span_scores(
            ({o for o, (_, d) in g.items() if d}, {o for o, (_, d) in p.items() if d})
            for g, p in pairs
        ),
        dictionary=_span_scores((g.keys(), p) for g, p in dictionary),
        categories={
            c: _span_scores(
                ({o for o, (k, _) in g.items() if k == c}, {o for o, (k, _) in p.items() if k == c})
                for g, p in pairs
            )
            for c in CATEGORIES
        },
        disclosure=_stances(records, predict_stances) if predict_stances else None,
        crisis=_crisis(records, docs, detect_crisis) if detect_crisis else None,
    )


def _gold_spans(record: GoldRecord) -> dict[Offsets, tuple[str, bool]]:
    return {(s.start, s.end): (s.category, s.distress) for s in record.spans}


def _pred_spans(doc: Doc) -> dict[Offsets, tuple[str, bool]]:
    return {
        (s.start_char, s.end_char): (s.label_, bool(s._.distress)) for s in doc.spans[SPANS_KEY]
    }


def _dictionary_spans(text: str) -> set[Offsets]:
    """The dictionary baseline: every dictionary word is a predicted span."""
    return {(m.start(), m.end()) for m in WORD.finditer(text) if m.group().lower() in DICTIONARY}


def _span_scores(pairs: Iterable[tuple[Iterable[Offsets], Iterable[Offsets]]]) -> SpanScores:
    strict = lenient = n_gold = n_pred = 0
    for gold_iter, pred_iter in pairs:
        gold, pred = sorted(set(gold_iter)), sorted(set(pred_iter))
        n_gold += len(gold)
        n_pred += len(pred)
        strict += len(set(gold) & set(pred))
        lenient += _overlap_matches(gold, pred)
    return SpanScores(
        strict=Scores.from_counts(strict, n_pred, n_gold),
        lenient=Scores.from_counts(lenient, n_pred, n_gold),
    )


def _overlap_matches(gold: list[Offsets], pred: list[Offsets]) -> int:
    """One-to-one matching of overlapping spans, exact matches first."""
    used_gold: set[Offsets] = set(gold) & set(pred)
    matches = len(used_gold)
    for p in pred:
        if p in used_gold:
            continue
        for g in gold:
            if g not in used_gold and g[0] < p[1] and p[0] < g[1]:
                used_gold.add(g)
                matches += 1
                break
    return matches


def _stances(records: list[GoldRecord], predict: StancePredictor) -> StanceReport | None:
    gold: list[str] = []
    texts: list[str] = []
    for record in records:
        if record.disclosure is not None:
            gold.append(record.disclosure)
            texts.append(record.text)
        for sentence in record.sentences:
            if sentence.disclosure is not None:
                gold.append(sentence.disclosure)
                texts.append(record.text[sentence.start : sentence.end])
    if not gold:
        return None
    predicted = [p.stance for p in predict(texts)]
    return stance_report(gold, predicted)


def stance_report(gold: Sequence[str], predicted: Sequence[str]) -> StanceReport:
    """Per-label P/R/F1, macro-F1, accuracy and open-versus-not F1."""
    labels: dict[str, Scores] = {
        label: Scores.from_counts(
            sum(g == p == label for g, p in zip(gold, predicted, strict=True)),
            sum(p == label for p in predicted),
            sum(g == label for g in gold),
        )
        for label in STANCES
    }
    present = [s.f1 for label, s in labels.items() if s.n_gold]
    return StanceReport(
        n=len(gold),
        accuracy=sum(g == p for g, p in zip(gold, predicted, strict=True)) / len(gold),
        macro_f1=sum(present) / len(present) if present else 0.0,
        labels=labels,
        open_vs_not=labels["open"],
    )


def _crisis(
    records: list[GoldRecord], docs: list[Doc], detect: Callable[[Doc], bool]
) -> CrisisReport | None:
    # A corpus that marks crisis records marks them all (ANNOTATION.md section 4): once any
    # record carries meta.crisis, a record without it counts as not crisis.
    if not any("crisis" in r.meta for r in records):
        return None
    labelled = [
        (bool(r.meta.get("crisis", False)), r, d) for r, d in zip(records, docs, strict=True)
    ]
    missed, false_alarms = [], []
    positives = sum(gold for gold, _, _ in labelled)
    for gold, record, doc in labelled:
        found = detect(doc)
        if gold and not found:
            missed.append(record.id)
        elif found and not gold:
            false_alarms.append(record.id)
    negatives = len(labelled) - positives
    return CrisisReport(
        positives=positives,
        negatives=negatives,
        recall=(positives - len(missed)) / positives if positives else 0.0,
        false_alarm_rate=len(false_alarms) / negatives if negatives else 0.0,
        missed=tuple(missed),
        false_alarms=tuple(false_alarms),
    )


def evaluate_file(path: str | Path, nlp: Language, **options: object) -> EvaluationReport:
    """Read a gold JSONL file and evaluate ``nlp`` on it."""
    from resonance.scoring.gold import read_gold

    return evaluate(read_gold(path), nlp, **options)  # type: ignore[arg-type]
