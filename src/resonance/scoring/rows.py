"""Score rows: one typed row per document, and their CSV / JSONL / Parquet files.

A :class:`ScoreRow` is what ``resonance score`` writes for each document; a
:class:`ScoreFailure` is what it writes to the errors file for each bad one. Rows travel
between processes as plain dicts (:meth:`ScoreRow.to_dict` / :meth:`ScoreRow.from_dict`).
Files are read and written in batches, so memory stays flat however many rows there are.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from resonance.errors import InputError
from resonance.types import STANCES, Reflection

OUTPUT_FORMATS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet"}
INDICES = (
    "absolutist_per_100",
    "distress_per_100",
    "dictionary_per_100",
    "open_share",
    "guarded_share",
    "neutral_share",
)
"""The per-document indices, contextual first, then the dictionary, then stance shares."""

_DIGITS = 6  # rates and shares are rounded so that every engine writes the same numbers
_BATCH = 2048


@dataclass(frozen=True)
class ScoreRow:
    """The statistics of one scored document.

    Rates are per 100 words; the stance shares are fractions of sentences and None when no
    disclosure model ran (``--rules-only``). ``meta`` holds the document's carried fields
    (a group, a date), written as extra columns.
    """

    id: str
    source: str
    line: int | None
    words: int
    sentences: int
    spans: int
    distress_spans: int
    absolutist_per_100: float
    distress_per_100: float
    dictionary_count: int
    dictionary_per_100: float
    open_share: float | None
    guarded_share: float | None
    neutral_share: float | None
    crisis: bool
    reframes: int
    meta: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_reflection(cls, reflection: Reflection, *, source: str, line: int | None) -> ScoreRow:
        """The row for one analysed document."""
        index = reflection.index
        stances = [s.disclosure for s in reflection.sentences if s.disclosure is not None]
        shares: dict[str, float | None] = {
            f"{stance}_share": (
                round(stances.count(stance) / len(stances), _DIGITS) if stances else None
            )
            for stance in STANCES
        }
        return cls(
            id=reflection.id,
            source=source,
            line=line,
            words=index.words,
            sentences=len(reflection.sentences),
            spans=len(reflection.spans),
            distress_spans=len(reflection.distress_spans),
            absolutist_per_100=round(index.absolutist_per_100, _DIGITS),
            distress_per_100=round(index.distress_per_100, _DIGITS),
            dictionary_count=index.dictionary.count,
            dictionary_per_100=round(index.dictionary_per_100, _DIGITS),
            open_share=shares["open_share"],
            guarded_share=shares["guarded_share"],
            neutral_share=shares["neutral_share"],
            crisis=reflection.crisis,
            reframes=len(reflection.reframes),
            meta=dict(reflection.meta),
        )

    def to_dict(self) -> dict[str, Any]:
        """Plain dict, ``meta`` nested (what crosses process boundaries)."""
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ScoreRow:
        """Inverse of :meth:`to_dict`."""
        return cls(**data)

    @classmethod
    def from_flat(cls, record: dict[str, Any]) -> ScoreRow:
        """Inverse of :meth:`flat` (for rows read back from an output file)."""
        known: dict[str, Any] = {name: record.get(name) for name in ROW_COLUMNS}
        known["id"], known["source"] = str(known["id"]), str(known["source"])
        meta: dict[str, Any] = {}
        for key, value in record.items():
            if key not in ROW_COLUMNS:
                clash = key.startswith("meta.") and key[5:] in ROW_COLUMNS
                meta[key[5:] if clash else key] = value
        return cls(**known, meta=meta)

    def key(self) -> tuple[str, str, int | None]:
        """What identifies a scored document for ``--resume``: id, source and line."""
        return (self.id, self.source, self.line)

    def flat(self) -> dict[str, Any]:
        """The output columns: the fields, then ``meta`` keys (``meta.KEY`` on a clash)."""
        row = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "meta"}
        for key, value in self.meta.items():
            row[f"meta.{key}" if key in row else key] = value
        return row


ROW_COLUMNS = tuple(f.name for f in fields(ScoreRow) if f.name != "meta")


@dataclass(frozen=True)
class ScoreFailure:
    """A document that could not be scored, with where it came from and why."""

    source: str | None
    line: int | None
    error: str
    id: str | None = None

    @classmethod
    def from_error(cls, error: InputError, *, doc_id: str | None = None) -> ScoreFailure:
        """The failure for an input error."""
        return cls(source=error.source, line=error.line, error=error.message, id=doc_id)

    def to_dict(self) -> dict[str, Any]:
        """Plain dict for the errors file."""
        return {"source": self.source, "line": self.line, "id": self.id, "error": self.error}

    def __str__(self) -> str:
        where = self.source or ""
        if self.line is not None:
            where = f"{where}:{self.line}"
        return f"{where}: {self.error}" if where else self.error


def output_format(path: Path) -> str:
    """``csv``, ``jsonl`` or ``parquet``, from the output's extension.

    Raises:
        InputError: for any other extension.
    """
    fmt = OUTPUT_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(
            f"cannot tell the output format from {path.suffix or 'no extension'!r}; "
            "use .csv, .jsonl or .parquet",
            source=path,
        )
    return fmt


# -- reading --------------------------------------------------------------------------------


def read_table(path: Path) -> Iterator[dict[str, Any]]:
    """Stream the rows of a CSV, JSONL or Parquet file as dicts (CSV cells typed back).

    Raises:
        InputError: when the file is missing, malformed, or has an unknown extension.
    """
    if not path.is_file():
        raise InputError("no such file", source=path)
    fmt = output_format(path)
    if fmt == "parquet":
        yield from _read_parquet(path)
    elif fmt == "jsonl":
        yield from _read_jsonl(path)
    else:
        yield from _read_csv(path)


def read_completed(path: Path) -> Iterator[dict[str, Any]]:
    """The rows of a JSONL file an interrupted run left, ignoring a torn last line."""
    with path.open("rb") as handle:
        for raw in handle:
            if not raw.endswith(b"\n"):
                return  # the line being written when the run stopped
            yield json.loads(raw)


def _read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                raise InputError(f"malformed JSON: {error.msg}", source=path, line=number) from None
            if not isinstance(record, dict):
                raise InputError("expected a JSON object", source=path, line=number)
            yield record


def _read_csv(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8", newline="") as handle:
        for record in csv.DictReader(handle):
            yield {key: _parse_cell(value) for key, value in record.items()}


def _parse_cell(value: str | None) -> Any:
    """CSV cells back to Python: '' is None, numbers and booleans are typed."""
    if value is None or value == "":
        return None
    if value in ("True", "False"):
        return value == "True"
    for kind in (int, float):
        try:
            return kind(value)
        except ValueError:
            pass
    return value


def _read_parquet(path: Path) -> Iterator[dict[str, Any]]:
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(path)
    except Exception as error:  # pyarrow raises its own ArrowInvalid / OSError variants
        raise InputError(f"not a readable Parquet file ({error})", source=path) from None
    with parquet:
        for batch in parquet.iter_batches(batch_size=_BATCH):
            yield from batch.to_pylist()


# -- writing --------------------------------------------------------------------------------


def write_table(records: Iterable[dict[str, Any]], path: Path, *, columns: list[str]) -> int:
    """Write flat records to ``path`` in the format of its extension; return the count.

    ``columns`` fixes the column order (and the Parquet schema is inferred from one pass
    over ``columns`` types, see :func:`column_types`). Lists and dicts in cells become JSON
    text in CSV and Parquet.
    """
    fmt = output_format(path)
    if fmt == "jsonl":
        return _write_jsonl(records, path)
    if fmt == "csv":
        return _write_csv(records, path, columns)
    raise InputError("use write_parquet for Parquet output", source=path)


def _write_jsonl(records: Iterable[dict[str, Any]], path: Path) -> int:
    count = 0
    with path.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    return count


def _write_csv(records: Iterable[dict[str, Any]], path: Path, columns: list[str]) -> int:
    count = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="raise")
        writer.writeheader()
        for record in records:
            writer.writerow({k: _cell(record.get(k)) for k in columns})
            count += 1
    return count


def _cell(value: Any) -> Any:
    if isinstance(value, list | dict | tuple):
        return json.dumps(value, ensure_ascii=False)
    return "" if value is None else value


def column_types(records: Iterable[dict[str, Any]]) -> dict[str, str]:
    """One streaming pass: each column's type (bool, int, float, string) in first-seen order."""
    seen: dict[str, set[str]] = {}
    for record in records:
        for key, value in record.items():
            kinds = seen.setdefault(key, set())
            if value is not None:
                kinds.add(_kind(value))
    return {key: _unify(kinds) for key, kinds in seen.items()}


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    return "string"


def _unify(kinds: set[str]) -> str:
    if len(kinds) <= 1:
        return next(iter(kinds), "string")
    return "float" if kinds <= {"int", "float"} else "string"


def write_parquet(records: Iterable[dict[str, Any]], path: Path, *, types: dict[str, str]) -> int:
    """Write flat records as Parquet in batches, with the schema ``types`` describes."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    arrow = {"bool": pa.bool_(), "int": pa.int64(), "float": pa.float64(), "string": pa.string()}
    schema = pa.schema([(name, arrow[kind]) for name, kind in types.items()])
    count = 0
    with pq.ParquetWriter(path, schema) as writer:
        batch: list[dict[str, Any]] = []
        for record in records:
            batch.append({k: _typed(record.get(k), kind) for k, kind in types.items()})
            if len(batch) == _BATCH:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                count, batch = count + len(batch), []
        if batch or count == 0:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            count += len(batch)
    return count


def _typed(value: Any, kind: str) -> Any:
    if value is None:
        return None
    if kind == "float":
        return float(value)
    if kind == "string" and not isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return value
