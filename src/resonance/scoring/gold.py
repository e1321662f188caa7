"""Read and check annotated corpora in the ANNOTATION.md record format."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from spacy.language import Language

from resonance.errors import AnnotationError, InputError
from resonance.types import (
    CATEGORIES,
    STANCES,
    GoldRecord,
    GoldSentence,
    GoldSpan,
    Problem,
)


def read_gold(path: str | Path) -> Iterator[GoldRecord]:
    """Yield the records of a gold JSONL file; raise at the first malformed record.

    Raises:
        InputError: the file is missing, empty, binary or not UTF-8.
        AnnotationError: a record does not follow the format (with file and line).
    """
    for line, obj in _json_lines(path):
        record, problems = parse_record(obj, line=line)
        if problems or record is None:
            raise AnnotationError(problems[0] if problems else "bad record", source=path, line=line)
        yield record


def check_file(path: str | Path, nlp: Language) -> list[Problem]:
    """Every problem of a gold file, each with its line: ``resonance validate``."""
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    try:
        for line, obj in _json_lines(path, strict=False):
            if isinstance(obj, InputError):
                problems.append(Problem(str(path), line, obj.message))
                continue
            record, messages = parse_record(obj, line=line)
            if record is not None:
                messages += _token_problems(record, nlp)
                if record.id in seen:
                    messages.append(f"duplicate id {record.id!r} (first on line {seen[record.id]})")
                seen.setdefault(record.id, line)
            problems += [Problem(str(path), line, m) for m in messages]
    except InputError as error:
        problems.append(Problem(str(path), error.line or 0, error.message))
    return problems


def _json_lines(path: str | Path, *, strict: bool = True) -> Iterator[tuple[int, Any]]:
    path = Path(path)
    if not path.is_file():
        raise InputError("no such file", source=path)
    raw = path.read_bytes()
    if not raw.strip():
        raise InputError("the file is empty; expected one JSON record per line", source=path)
    if b"\x00" in raw[:8192]:
        raise InputError("binary file; expected UTF-8 JSON Lines", source=path)
    for number, line in enumerate(raw.split(b"\n"), start=1):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line.decode("utf-8"))
        except UnicodeDecodeError:
            error = InputError("not valid UTF-8", source=path, line=number)
            if strict:
                raise error from None
            yield number, error
        except json.JSONDecodeError as exc:
            error = InputError(f"malformed JSON ({exc.msg})", source=path, line=number)
            if strict:
                raise error from None
            yield number, error


def parse_record(obj: Any, *, line: int = 0) -> tuple[GoldRecord | None, list[str]]:
    """Parse one decoded JSON record; return it (or None) and the problems found."""
    if not isinstance(obj, dict):
        return None, ["expected a JSON object"]
    text, rid = obj.get("text"), obj.get("id")
    if not isinstance(text, str) or not text.strip():
        return None, ["'text' must be a non-empty string"]
    if not isinstance(rid, str | int) or isinstance(rid, bool):
        return None, ["'id' must be a string or an integer"]
    problems: list[str] = []
    spans = _spans(obj.get("spans", []), text, problems)
    sentences = _sentences(obj.get("sentences"), text, problems)
    disclosure = obj.get("disclosure")
    if disclosure is not None and disclosure not in STANCES:
        problems.append(f"unknown disclosure {disclosure!r}; expected one of {', '.join(STANCES)}")
        disclosure = None
    meta = obj.get("meta", {})
    if not isinstance(meta, dict):
        problems.append("'meta' must be an object")
        meta = {}
    record = GoldRecord(
        id=str(rid),
        text=text,
        spans=spans,
        sentences=sentences,
        disclosure=disclosure,
        meta=meta,
        line=line,
    )
    return record, problems


def _offsets(item: Any, text: str, what: str, problems: list[str]) -> tuple[int, int] | None:
    if not isinstance(item, dict):
        problems.append(f"{what}: expected an object")
        return None
    start, end = item.get("start"), item.get("end")
    if not (isinstance(start, int) and isinstance(end, int)) or isinstance(start, bool):
        problems.append(f"{what}: 'start' and 'end' must be integers")
        return None
    if not 0 <= start < end <= len(text):
        problems.append(f"{what}: offsets {start}-{end} out of range for a text of {len(text)}")
        return None
    return start, end


def _spans(items: Any, text: str, problems: list[str]) -> tuple[GoldSpan, ...]:
    if not isinstance(items, list):
        problems.append("'spans' must be a list")
        return ()
    spans: list[GoldSpan] = []
    for i, item in enumerate(items):
        what = f"span {i}"
        offsets = _offsets(item, text, what, problems)
        if offsets is None:
            continue
        if item.get("label", "ABSOLUTIST") != "ABSOLUTIST":
            problems.append(f"{what}: unknown label {item.get('label')!r}; expected 'ABSOLUTIST'")
        category = item.get("category")
        if category not in CATEGORIES:
            problems.append(f"{what}: unknown category {category!r}")
            continue
        distress = item.get("distress", False)
        if not isinstance(distress, bool):
            problems.append(f"{what}: 'distress' must be true or false")
            continue
        spans.append(GoldSpan(offsets[0], offsets[1], category, distress))
    spans.sort(key=lambda s: s.start)
    for before, after in itertools.pairwise(spans):
        if after.start < before.end:
            problems.append(
                f"spans {before.start}-{before.end} and {after.start}-{after.end} overlap"
            )
    return tuple(spans)


def _sentences(items: Any, text: str, problems: list[str]) -> tuple[GoldSentence, ...]:
    if items is None:
        return ()
    if not isinstance(items, list):
        problems.append("'sentences' must be a list")
        return ()
    sentences: list[GoldSentence] = []
    for i, item in enumerate(items):
        offsets = _offsets(item, text, f"sentence {i}", problems)
        if offsets is None:
            continue
        stance = item.get("disclosure")
        if stance is not None and stance not in STANCES:
            problems.append(f"sentence {i}: unknown disclosure {stance!r}")
            stance = None
        sentences.append(GoldSentence(offsets[0], offsets[1], stance))
    position = 0
    for i, sentence in enumerate(sentences):
        gap = text[position : sentence.start]
        if sentence.start < position or gap.strip():
            problems.append(
                f"sentence {i} ({sentence.start}-{sentence.end}) is not contiguous with the one "
                "before: sentences must be ordered and cover the text apart from whitespace"
            )
        position = max(position, sentence.end)
    if sentences and text[position:].strip():
        problems.append(f"text after offset {position} is not covered by any sentence")
    return tuple(sentences)


def _token_problems(record: GoldRecord, nlp: Language) -> list[str]:
    doc = nlp.make_doc(record.text)
    return [
        f"span {s.start}-{s.end} ({record.text[s.start : s.end]!r}) does not start and end on "
        "token boundaries"
        for s in record.spans
        if doc.char_span(s.start, s.end) is None
    ]
