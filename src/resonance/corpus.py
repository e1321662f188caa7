"""Read documents from every input resonance accepts, through one format detector.

Inputs are text files (one document per file), directories (recursive, filtered by a glob),
``-`` for standard input, JSON Lines, CSV / TSV, and the exports of doccano, Label Studio and
Prodigy. :func:`read_documents` streams them in input order and yields a
:class:`~resonance.types.Document` per good document and an
:class:`~resonance.errors.InputError` (with source and line) per bad one, then goes on: no
document is skipped silently. Nothing here prints, logs text, or loads a whole corpus into
memory (a ``.json`` array file is the one exception: JSON arrays cannot be streamed).
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, BinaryIO, cast

from resonance.errors import InputError
from resonance.types import Document

FORMATS = ("text", "jsonl", "json", "csv", "tsv")
"""Formats :func:`read_documents` accepts as ``fmt`` (None: detect)."""

_ALIASES = {
    "txt": "text",
    "ndjson": "jsonl",
    "doccano": "jsonl",
    "prodigy": "jsonl",
    "label-studio": "json",
    "labelstudio": "json",
}
_EXTENSIONS = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".csv": "csv",
    ".tsv": "tsv",
    ".tab": "tsv",
}
STDIN = "<stdin>"

# Annotation payloads that are not document metadata (spans, tokens, tool bookkeeping).
_PAYLOAD_KEYS = frozenset(
    {
        "spans",
        "tokens",
        "entities",
        "relations",
        "annotations",
        "predictions",
        "drafts",
        "sentences",
        "label",
        "labels",
        "cats",
        "accept",
        "options",
    }
)
_DATE_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})")


def read_documents(
    inputs: Sequence[str | Path],
    *,
    text_field: str = "text",
    id_field: str = "id",
    glob: str = "**/*.txt",
    max_bytes: int = 1_000_000,
    fmt: str | None = None,
    stdin: BinaryIO | None = None,
) -> Iterator[Document | InputError]:
    """Yield every document of ``inputs`` in order, and an error for every bad one.

    Args:
        inputs: file paths, directories, or ``-`` for standard input.
        text_field: the record field (JSONL, JSON) or column (CSV / TSV) holding the text.
            In Label Studio tasks it is looked up inside ``data``.
        id_field: the field or column holding the document id. A record without it gets
            the id ``<file name>:<line>``. Text files are identified by their path
            (relative to the directory they were found in).
        glob: which files of a directory to read (recursively with ``**``).
        max_bytes: the largest document accepted, in UTF-8 bytes.
        fmt: one of :data:`FORMATS` (or ``doccano``, ``prodigy``, ``label-studio``) to skip
            detection; by default the format comes from the extension, and from the first
            bytes for standard input.
        stdin: the stream read for ``-`` (default: the process's standard input).

    Yields:
        A :class:`Document` per good document, an :class:`InputError` per bad document,
        malformed record or unreadable path; reading always goes on with the next one.

    Raises:
        InputError: only for an unknown ``fmt`` (before anything is read).
    """
    forced = _normalise_format(fmt)
    options = _Options(text_field, id_field, max_bytes)
    for item in inputs:
        if str(item) == "-":
            yield from _read_stdin(stdin or sys.stdin.buffer, forced, options)
            continue
        path = Path(item)
        if path.is_dir():
            yield from _read_directory(path, glob, forced, options)
        elif path.is_file():
            yield from _read_file(path, forced or detect_format(path), options, doc_id=None)
        else:
            yield InputError("no such file or directory", source=path)


def detect_format(path: Path) -> str:
    """The format of a file from its extension: ``text`` unless JSON, JSONL, CSV or TSV."""
    return _EXTENSIONS.get(path.suffix.lower(), "text")


class _Options:
    __slots__ = ("id_field", "max_bytes", "text_field")

    def __init__(self, text_field: str, id_field: str, max_bytes: int) -> None:
        self.text_field = text_field
        self.id_field = id_field
        self.max_bytes = max_bytes


def _normalise_format(fmt: str | None) -> str | None:
    if fmt is None:
        return None
    name = _ALIASES.get(fmt.lower(), fmt.lower())
    if name not in FORMATS:
        known = ", ".join((*FORMATS, *_ALIASES))
        raise InputError(f"unknown input format {fmt!r}; expected one of: {known}")
    return name


# -- sources -------------------------------------------------------------------------------


def _read_directory(
    root: Path, glob: str, forced: str | None, options: _Options
) -> Iterator[Document | InputError]:
    files = sorted(p for p in root.glob(glob) if p.is_file())
    if not files:
        yield InputError(f"no files match {glob!r} in this directory", source=root)
        return
    for path in files:
        fmt = forced or detect_format(path)
        yield from _read_file(path, fmt, options, doc_id=path.relative_to(root).as_posix())


def _read_stdin(
    stream: BinaryIO, forced: str | None, options: _Options
) -> Iterator[Document | InputError]:
    buffered: Any = stream if hasattr(stream, "peek") else io.BufferedReader(cast(Any, stream))
    fmt = forced or _sniff(buffered.peek(4096)[:4096])
    if fmt == "text":
        data = buffered.read(options.max_bytes + 1)
        over = len(data) > options.max_bytes
        yield _text_document(data, STDIN, "stdin", options, over_limit=over)
    else:
        yield from _read_stream(buffered, fmt, STDIN, options)


def _sniff(head: bytes) -> str:
    start = head.lstrip()[:1]
    return {b"{": "jsonl", b"[": "json"}.get(start, "text")


def _read_file(
    path: Path, fmt: str, options: _Options, *, doc_id: str | None
) -> Iterator[Document | InputError]:
    try:
        if fmt == "text":
            yield _read_text_file(path, options, doc_id or path.as_posix())
            return
        with path.open("rb") as stream:
            yield from _read_stream(stream, fmt, str(path), options)
    except OSError as error:
        yield InputError(f"cannot read: {error.strerror or error}", source=path)


def _read_stream(
    stream: BinaryIO, fmt: str, source: str, options: _Options
) -> Iterator[Document | InputError]:
    if fmt == "json":
        head = stream.peek(4096) if hasattr(stream, "peek") else b""
        if _sniff(head) == "jsonl":  # a doccano / Prodigy export saved as .json
            fmt = "jsonl"
        else:
            yield from _read_json_array(stream, source, options)
            return
    if fmt == "jsonl":
        yield from _read_jsonl(stream, source, options)
    else:
        yield from _read_delimited(stream, "\t" if fmt == "tsv" else ",", source, options)


# -- whole-file text documents -------------------------------------------------------------


def _read_text_file(path: Path, options: _Options, doc_id: str) -> Document | InputError:
    size = path.stat().st_size
    if size > options.max_bytes:
        return InputError(
            f"document is {size} bytes, over the limit of {options.max_bytes}; "
            "split it or raise --max-bytes",
            source=path,
        )
    meta: dict[str, Any] = {}
    dated = _DATE_NAME.match(path.name)
    if dated:
        meta["date"] = dated.group(1)
    return _text_document(path.read_bytes(), str(path), doc_id, options, meta=meta)


def _text_document(
    data: bytes,
    source: str,
    doc_id: str,
    options: _Options,
    *,
    over_limit: bool = False,
    meta: dict[str, Any] | None = None,
) -> Document | InputError:
    if over_limit:
        return InputError(
            f"document is over the limit of {options.max_bytes} bytes; split it or raise "
            "--max-bytes",
            source=source,
        )
    if b"\x00" in data:
        return InputError("binary content (NUL bytes), expected UTF-8 text", source=source)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        return InputError(
            f"not valid UTF-8 (byte {error.start}); re-save the file as UTF-8",
            source=source,
            line=line,
        )
    if not text.strip():
        return InputError("empty document", source=source)
    return Document(id=doc_id, text=text, source=source, line=None, meta=meta or {})


# -- JSON Lines and JSON arrays ------------------------------------------------------------


def _read_jsonl(
    stream: BinaryIO, source: str, options: _Options
) -> Iterator[Document | InputError]:
    limit = 6 * options.max_bytes + 65_536  # JSON escapes can take 6 bytes a character
    for number, raw in enumerate(stream, start=1):
        if not raw.strip():
            continue  # blank lines separate nothing and hold no document
        if len(raw) > limit:
            yield InputError(
                f"record is over the limit of {options.max_bytes} bytes",
                source=source,
                line=number,
            )
            continue
        try:
            obj = json.loads(raw.decode("utf-8-sig"))
        except UnicodeDecodeError:
            yield InputError("not valid UTF-8", source=source, line=number)
            continue
        except json.JSONDecodeError as error:
            yield InputError(f"malformed JSON: {error.msg}", source=source, line=number)
            continue
        yield _record_document(obj, source, number, options)


def _read_json_array(
    stream: BinaryIO, source: str, options: _Options
) -> Iterator[Document | InputError]:
    try:
        records = json.loads(stream.read().decode("utf-8-sig"))
    except UnicodeDecodeError:
        yield InputError("not valid UTF-8", source=source)
        return
    except json.JSONDecodeError as error:
        yield InputError(f"malformed JSON: {error.msg}", source=source, line=error.lineno)
        return
    if not isinstance(records, list):
        yield InputError(
            "expected a JSON array of records (a Label Studio export) or JSON Lines",
            source=source,
        )
        return
    for number, obj in enumerate(records, start=1):
        yield _record_document(obj, source, number, options, unit="record")


def _record_document(
    obj: Any, source: str, number: int, options: _Options, *, unit: str = "line"
) -> Document | InputError:
    line = number if unit == "line" else None
    prefix = "" if unit == "line" else f"record {number}: "

    def error(message: str) -> InputError:
        return InputError(prefix + message, source=source, line=line)

    if not isinstance(obj, dict):
        return error(f"expected a JSON object, got {type(obj).__name__}")
    body = _record_body(obj, options.text_field)
    text = body.get(options.text_field)
    if text is None:
        return error(f"missing text field {options.text_field!r}; choose it with --text-field")
    if not isinstance(text, str):
        return error(f"text field {options.text_field!r} holds {type(text).__name__}, not text")
    problem = _text_problem(text, options.max_bytes)
    if problem:
        return error(problem)
    doc_id = _record_id(obj, body, options.id_field) or f"{Path(source).name}:{number}"
    meta = _record_meta(obj, body, options)
    return Document(id=doc_id, text=text, source=source, line=line, meta=meta)


def _record_body(obj: dict[str, Any], text_field: str) -> dict[str, Any]:
    """Where the text lives: the record itself, or ``data`` in a Label Studio task."""
    data = obj.get("data")
    if text_field not in obj and isinstance(data, dict):
        return data
    return obj


def _record_id(obj: dict[str, Any], body: dict[str, Any], id_field: str) -> str | None:
    meta = obj.get("meta")
    for holder in (obj, body, meta if isinstance(meta, dict) else {}):
        value = holder.get(id_field)
        if isinstance(value, str | int) and not isinstance(value, bool) and str(value).strip():
            return str(value)
    return None


def _record_meta(obj: dict[str, Any], body: dict[str, Any], options: _Options) -> dict[str, Any]:
    """Every other field, with a nested ``meta`` (ANNOTATION.md, Prodigy) flattened in."""
    skip = {options.text_field, options.id_field, "meta", "data"} | _PAYLOAD_KEYS
    meta: dict[str, Any] = {}
    for holder in _meta_sources(obj, body):
        for key, value in holder.items():
            if key not in skip and not key.startswith("_") and key not in meta:
                meta[key] = value
    return meta


def _meta_sources(obj: dict[str, Any], body: dict[str, Any]) -> Iterable[dict[str, Any]]:
    nested = obj.get("meta")
    if isinstance(nested, dict):
        yield nested
    if body is not obj:  # a Label Studio task: the rest of it is tool bookkeeping
        yield body
    else:
        yield obj


def _text_problem(text: str, max_bytes: int) -> str | None:
    if not text.strip():
        return "empty document"
    if "\x00" in text:
        return "binary content (NUL characters), expected text"
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        return f"document is {size} bytes, over the limit of {max_bytes}; raise --max-bytes"
    if any("\ud800" <= ch <= "\udfff" for ch in text):
        return "not valid UTF-8 (lone surrogate)"
    return None


# -- CSV and TSV ---------------------------------------------------------------------------


def _read_delimited(
    stream: BinaryIO, delimiter: str, source: str, options: _Options
) -> Iterator[Document | InputError]:
    text_stream = io.TextIOWrapper(
        stream, encoding="utf-8-sig", errors="surrogateescape", newline=""
    )
    csv.field_size_limit(max(csv.field_size_limit(), 6 * options.max_bytes + 1))
    try:
        yield from _read_rows(csv.reader(text_stream, delimiter=delimiter), source, options)
    finally:
        text_stream.detach()  # leave the byte stream (stdin) open for its owner


def _read_rows(reader: Any, source: str, options: _Options) -> Iterator[Document | InputError]:
    header = _next_row(reader)
    if not isinstance(header, list) or not header:
        yield InputError("empty file, expected a header row", source=source, line=1)
        return
    if options.text_field not in header:
        yield InputError(
            f"no column {options.text_field!r} in the header ({', '.join(header)}); "
            "choose it with --text-field",
            source=source,
            line=1,
        )
        return
    columns = {name: i for i, name in enumerate(header)}
    while True:
        line = reader.line_num + 1
        row = _next_row(reader)
        if row is None:
            return
        if isinstance(row, csv.Error):
            yield InputError(f"malformed row: {row}", source=source, line=line)
        elif any(cell.strip() for cell in row):  # blank lines hold no document
            yield _row_document(row, header, columns, source, line, options)


def _next_row(reader: Any) -> list[str] | csv.Error | None:
    try:
        row: list[str] = next(reader)
    except StopIteration:
        return None
    except csv.Error as error:
        return error
    return row


def _row_document(
    row: list[str],
    header: list[str],
    columns: dict[str, int],
    source: str,
    line: int,
    options: _Options,
) -> Document | InputError:
    if len(row) != len(header):
        return InputError(
            f"expected {len(header)} fields, found {len(row)}", source=source, line=line
        )
    if any(_has_surrogate(cell) for cell in row):
        return InputError("not valid UTF-8", source=source, line=line)
    text = row[columns[options.text_field]]
    problem = _text_problem(text, options.max_bytes)
    if problem:
        return InputError(problem, source=source, line=line)
    id_column = columns.get(options.id_field)
    doc_id = row[id_column].strip() if id_column is not None else ""
    meta = {
        name: row[i]
        for name, i in columns.items()
        if name not in (options.text_field, options.id_field)
    }
    return Document(
        id=doc_id or f"{Path(source).name}:{line}",
        text=text,
        source=source,
        line=line,
        meta=meta,
    )


def _has_surrogate(cell: str) -> bool:
    return any("\udc80" <= ch <= "\udcff" for ch in cell)
