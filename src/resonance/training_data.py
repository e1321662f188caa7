"""Training data for the disclosure model: the annotated corpus, CL-Aff, and stance metrics.

Torch-free. The corpus gives sentences with a stance (``open`` / ``guarded`` / ``neutral``)
and a sentence-level distress label (the sentence holds a span with ``distress: true``).
CL-Aff OffMyChest (Jaidka et al. 2020, CC BY 4.0) gives Reddit sentences with a binary
``Emotional_disclosure`` label, a broader notion than ``open``; it is split by a hash of the
post ``id`` into a training part, a development part and a held-out part training never sees.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from resonance.errors import AnnotationError, InputError
from resonance.types import STANCES

ClaffPart = Literal["train", "dev", "heldout"]
CLAFF_HELDOUT_PERCENT = 15
CLAFF_DEV_PERCENT = 5
CLAFF_MAPPING = "Emotional_disclosure=1 -> open, Emotional_disclosure=0 -> neutral"
_ESCAPE = re.compile(r"<U\+([0-9A-Fa-f]{4,8})>")
_ASCII_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


@dataclass(frozen=True)
class Example:
    """One training sentence; ``-1`` marks a label the source does not give."""

    text: str
    stance: int = -1
    distress: int = -1
    emotional: int = -1
    source: str = "corpus"


def read_corpus(path: Path) -> list[Example]:
    """Sentences of an annotation JSONL file (ANNOTATION.md) with stance and distress labels.

    A record with a document-level ``disclosure`` gives one example for its whole text.

    Raises:
        AnnotationError: a line is not a JSON object or a stance is unknown.
    """
    examples: list[Example] = []
    for line, record in _jsonl(path):
        text = record.get("text")
        if not isinstance(text, str):
            raise AnnotationError("record has no text", source=path, line=line)
        distress_spans = [
            (s["start"], s["end"]) for s in record.get("spans") or () if s.get("distress")
        ]
        for start, end, stance in _stance_units(record, text, path, line):
            hit = any(start <= s < end for s, _ in distress_spans)
            examples.append(Example(text[start:end], STANCES.index(stance), int(hit)))
    return examples


def _jsonl(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"cannot read ({error})", source=path) from error
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            record = json.loads(raw)
        except json.JSONDecodeError as error:
            raise AnnotationError(f"invalid JSON ({error.msg})", source=path, line=number) from None
        if not isinstance(record, dict):
            raise AnnotationError("expected a JSON object", source=path, line=number)
        yield number, record


def _stance_units(
    record: dict[str, Any], text: str, path: Path, line: int
) -> Iterator[tuple[int, int, str]]:
    units = [(s["start"], s["end"], s.get("disclosure")) for s in record.get("sentences") or ()]
    if not units and record.get("disclosure") is not None:
        units = [(0, len(text), record["disclosure"])]
    for start, end, stance in units:
        if stance is None:
            continue
        if stance not in STANCES:
            raise AnnotationError(
                f"disclosure {stance!r} is not one of {', '.join(STANCES)}", source=path, line=line
            )
        yield start, end, stance


def normalise_claff(text: str) -> str:
    """Undo CL-Aff's ``<U+0092>`` escapes (Windows-1252 code points and emoji), ASCII quotes."""

    def replace(match: re.Match[str]) -> str:
        point = int(match.group(1), 16)
        if 0x80 <= point <= 0x9F:
            return bytes([point]).decode("cp1252", errors="replace")
        return chr(point)

    return _ESCAPE.sub(replace, text).translate(_ASCII_QUOTES).strip()


def claff_part(post_id: str) -> ClaffPart:
    """The fixed part of a CL-Aff post: 15% held out, 5% development, the rest training."""
    bucket = int(hashlib.sha256(post_id.encode("utf-8")).hexdigest(), 16) % 100
    if bucket < CLAFF_HELDOUT_PERCENT:
        return "heldout"
    return "dev" if bucket < CLAFF_HELDOUT_PERCENT + CLAFF_DEV_PERCENT else "train"


@dataclass(frozen=True)
class ClaffSentence:
    """One CL-Aff sentence, normalised."""

    sentence_id: str
    post_id: str
    text: str
    emotional: int


def read_claff(path: Path) -> list[ClaffSentence]:
    """Read ``labeled_training_set.csv`` of CL-Aff OffMyChest.

    Raises:
        InputError: the file is unreadable or lacks the expected columns.
    """
    needed = {"sentenceid", "id", "full_text", "Emotional_disclosure"}
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = needed - set(reader.fieldnames or ())
            if missing:
                raise InputError(f"missing columns {sorted(missing)}", source=path, line=1)
            rows = [
                ClaffSentence(
                    row["sentenceid"],
                    row["id"],
                    normalise_claff(row["full_text"]),
                    int(row["Emotional_disclosure"]),
                )
                for row in reader
            ]
    except (OSError, UnicodeDecodeError, ValueError, csv.Error) as error:
        if isinstance(error, InputError):
            raise
        raise InputError(f"cannot read CL-Aff CSV ({error})", source=path) from error
    return [row for row in rows if row.text]


def claff_examples(rows: Iterable[ClaffSentence], part: ClaffPart) -> list[Example]:
    """Examples (emotional label only) of one part of CL-Aff."""
    return [
        Example(row.text, emotional=row.emotional, source="claff")
        for row in rows
        if claff_part(row.post_id) == part
    ]


def claff_records(rows: Iterable[ClaffSentence], part: ClaffPart) -> Iterator[dict[str, Any]]:
    """ANNOTATION.md records, one per sentence, with a document-level ``disclosure``.

    ``Emotional_disclosure`` 1 maps to ``open`` and 0 to ``neutral``, so the per-label F1 of
    ``open`` is the open-versus-not F1 against CL-Aff. Absolutist spans were not annotated.
    """
    for row in rows:
        if claff_part(row.post_id) != part:
            continue
        yield {
            "id": f"claff-{row.sentence_id}",
            "text": row.text,
            "disclosure": "open" if row.emotional else "neutral",
            "meta": {
                "source": "claff-offmychest",
                "post_id": row.post_id,
                "emotional_disclosure": row.emotional,
                "mapping": CLAFF_MAPPING,
                "spans_annotated": False,
            },
        }


def stance_metrics(gold: Sequence[int], pred: Sequence[int]) -> dict[str, Any]:
    """Accuracy, per-label precision / recall / F1 / support and macro-F1 over present labels."""
    labels: dict[str, dict[str, float]] = {}
    for index, name in enumerate(STANCES):
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == p == index)
        predicted = sum(1 for p in pred if p == index)
        support = sum(1 for g in gold if g == index)
        labels[name] = _prf(tp, predicted, support)
    present = [m["f1"] for m in labels.values() if m["support"] > 0]
    correct = sum(1 for g, p in zip(gold, pred, strict=True) if g == p)
    return {
        "n": len(gold),
        "accuracy": round(correct / len(gold), 4) if gold else 0.0,
        "macro_f1": round(sum(present) / len(present), 4) if present else 0.0,
        "labels": labels,
    }


def binary_metrics(gold: Sequence[int], pred: Sequence[int]) -> dict[str, float]:
    """Precision / recall / F1 of the positive class, and accuracy."""
    tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == p == 1)
    metrics = _prf(tp, sum(pred), sum(gold))
    correct = sum(1 for g, p in zip(gold, pred, strict=True) if g == p)
    metrics["accuracy"] = round(correct / len(gold), 4) if gold else 0.0
    return metrics


def _prf(tp: int, predicted: int, support: int) -> dict[str, float]:
    precision = tp / predicted if predicted else 0.0
    recall = tp / support if support else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "support": support,
    }
