"""Tables of inputs for resonance.corpus.read_documents: every format, every bad-input path."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from resonance.corpus import detect_format, read_documents
from resonance.errors import InputError
from resonance.types import Document

NOBODY = "Nobody ever texts me back."
WALK = "I walk the dog every day."
FINE = "I'm fine, whatever."
TRAIN = "The train was late again."


def jsonl(*records: Any) -> str:
    return "".join(json.dumps(r) + "\n" for r in records)


def write(root: Path, files: dict[str, str | bytes]) -> None:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


def read(root: Path, inputs: list[str], **options: Any) -> list[Document | InputError]:
    stdin = options.pop("stdin", None)
    stream = io.BytesIO(stdin) if stdin is not None else None
    paths = [i if i == "-" else str(root / i) for i in inputs]
    return list(read_documents(paths, stdin=stream, **options))


def docs(items: list[Document | InputError]) -> list[tuple[str, str]]:
    return [(d.id, d.text) for d in items if isinstance(d, Document)]


def errors(items: list[Document | InputError]) -> list[InputError]:
    return [e for e in items if isinstance(e, InputError)]


GOOD_FORMATS = [
    pytest.param(
        {"a.txt": NOBODY}, ["a.txt"], {}, None, [("<root>/a.txt", NOBODY)], id="text-file"
    ),
    pytest.param(
        {"j/b.txt": WALK, "j/a/c.txt": NOBODY, "j/skip.md": FINE},
        ["j"],
        {},
        None,
        [("a/c.txt", NOBODY), ("b.txt", WALK)],
        id="directory-recursive-glob",
    ),
    pytest.param(
        {"j/b.txt": WALK, "j/notes.md": FINE},
        ["j"],
        {"glob": "*.md"},
        None,
        [("notes.md", FINE)],
        id="directory-custom-glob",
    ),
    pytest.param({}, ["-"], {}, NOBODY.encode(), [("stdin", NOBODY)], id="stdin-text"),
    pytest.param(
        {},
        ["-"],
        {},
        jsonl({"id": "s1", "text": WALK}, {"id": "s2", "text": FINE}).encode(),
        [("s1", WALK), ("s2", FINE)],
        id="stdin-jsonl-sniffed",
    ),
    pytest.param(
        {},
        ["-"],
        {"fmt": "tsv"},
        f"id\ttext\ns1\t{TRAIN}\n".encode(),
        [("s1", TRAIN)],
        id="stdin-tsv-forced",
    ),
    pytest.param(
        {"c.jsonl": jsonl({"id": "r1", "text": NOBODY}, {"id": 7, "text": WALK})},
        ["c.jsonl"],
        {},
        None,
        [("r1", NOBODY), ("7", WALK)],
        id="jsonl",
    ),
    pytest.param(
        {"c.jsonl": jsonl({"post": NOBODY, "key": "p1"}, {"post": WALK})},
        ["c.jsonl"],
        {"text_field": "post", "id_field": "key"},
        None,
        [("p1", NOBODY), ("c.jsonl:2", WALK)],
        id="jsonl-custom-fields-and-line-id",
    ),
    pytest.param(
        {"c.csv": f'id,text,group\nx1,"{NOBODY}",lonely\nx2,"{WALK}, with a comma",calm\n'},
        ["c.csv"],
        {},
        None,
        [("x1", NOBODY), ("x2", f"{WALK}, with a comma")],
        id="csv",
    ),
    pytest.param(
        {"c.csv": f'body,who\n"{NOBODY}\nA second line.",a\n'},
        ["c.csv"],
        {"text_field": "body", "id_field": "who"},
        None,
        [("a", f"{NOBODY}\nA second line.")],
        id="csv-custom-column-multiline",
    ),
    pytest.param(
        {"c.tsv": f"id\ttext\nt1\t{FINE}\nt2\t{TRAIN}\n"},
        ["c.tsv"],
        {},
        None,
        [("t1", FINE), ("t2", TRAIN)],
        id="tsv",
    ),
    pytest.param(
        {"d.jsonl": jsonl({"id": 3, "text": NOBODY, "label": [[0, 6, "ABSOLUTIST"]]})},
        ["d.jsonl"],
        {"fmt": "doccano"},
        None,
        [("3", NOBODY)],
        id="doccano-jsonl",
    ),
    pytest.param(
        {
            "ls.json": json.dumps(
                [
                    {"id": 11, "data": {"text": FINE, "date": "2024-03-01"}, "annotations": []},
                    {"id": 12, "data": {"text": TRAIN}, "annotations": [], "project": 4},
                ]
            )
        },
        ["ls.json"],
        {},
        None,
        [("11", FINE), ("12", TRAIN)],
        id="label-studio-json-array",
    ),
    pytest.param(
        {"ls.jsonl": jsonl({"id": 21, "data": {"text": WALK}, "predictions": []})},
        ["ls.jsonl"],
        {},
        None,
        [("21", WALK)],
        id="label-studio-jsonl",
    ),
    pytest.param(
        {
            "p.jsonl": jsonl(
                {
                    "text": NOBODY,
                    "meta": {"id": "pg-1", "source": "diary"},
                    "_input_hash": 1,
                    "_task_hash": 2,
                    "spans": [{"start": 0, "end": 6, "label": "ABSOLUTIST"}],
                    "answer": "accept",
                }
            )
        },
        ["p.jsonl"],
        {},
        None,
        [("pg-1", NOBODY)],
        id="prodigy-jsonl",
    ),
    pytest.param(
        {"doccano.json": jsonl({"id": 5, "text": TRAIN})},
        ["doccano.json"],
        {},
        None,
        [("5", TRAIN)],
        id="jsonl-saved-as-json",
    ),
]


@pytest.mark.parametrize(("files", "inputs", "options", "stdin", "expected"), GOOD_FORMATS)
def test_reads_every_format(
    tmp_path: Path,
    files: dict[str, str],
    inputs: list[str],
    options: dict[str, Any],
    stdin: bytes | None,
    expected: list[tuple[str, str]],
) -> None:
    write(tmp_path, files)
    items = read(tmp_path, inputs, stdin=stdin, **options)
    assert errors(items) == []
    root = tmp_path.as_posix()
    assert docs(items) == [(i.replace("<root>", root), t) for i, t in expected]


@pytest.mark.parametrize(
    ("files", "inputs", "expected_meta"),
    [
        ({"c.csv": f"id,text,group\nx1,{WALK},calm\n"}, ["c.csv"], {"group": "calm"}),
        (
            {"c.jsonl": jsonl({"id": "a", "text": WALK, "meta": {"crisis": False}, "week": 3})},
            ["c.jsonl"],
            {"crisis": False, "week": 3},
        ),
        (
            {
                "ls.json": json.dumps(
                    [
                        {
                            "id": 1,
                            "data": {"text": FINE, "date": "2024-03-01"},
                            "project": 4,
                            "annotations": [{"result": []}],
                        }
                    ]
                )
            },
            ["ls.json"],
            {"date": "2024-03-01"},
        ),
        (
            {
                "p.jsonl": jsonl(
                    {
                        "text": FINE,
                        "meta": {"source": "diary"},
                        "_task_hash": 9,
                        "tokens": [],
                        "answer": "reject",
                    }
                )
            },
            ["p.jsonl"],
            {"source": "diary", "answer": "reject"},
        ),
        ({"2024-05-06-evening.txt": FINE}, ["2024-05-06-evening.txt"], {"date": "2024-05-06"}),
        ({"notes.txt": FINE}, ["notes.txt"], {}),
    ],
    ids=[
        "csv-columns",
        "jsonl-fields-and-meta",
        "label-studio-data",
        "prodigy",
        "dated-file",
        "undated-file",
    ],
)
def test_carries_metadata(
    tmp_path: Path, files: dict[str, str], inputs: list[str], expected_meta: dict[str, Any]
) -> None:
    write(tmp_path, files)
    (item,) = read(tmp_path, inputs)
    assert isinstance(item, Document)
    assert item.meta == expected_meta


BAD_INPUTS = [
    pytest.param({"e.txt": ""}, ["e.txt"], {}, "empty document", None, id="empty-text-file"),
    pytest.param({"w.txt": " \n\t\n"}, ["w.txt"], {}, "empty document", None, id="whitespace-file"),
    pytest.param({"b.txt": b"\x89PNG\r\n\x00\x00"}, ["b.txt"], {}, "binary", None, id="binary"),
    pytest.param(
        {"u.txt": b"fine line\nsecond \xff\xfe line\n"},
        ["u.txt"],
        {},
        "UTF-8",
        2,
        id="undecodable-text-file",
    ),
    pytest.param(
        {"big.txt": "word " * 50},
        ["big.txt"],
        {"max_bytes": 100},
        "over the limit",
        None,
        id="text-file-over-limit",
    ),
    pytest.param({}, ["missing.txt"], {}, "no such file", None, id="missing-path"),
    pytest.param({"j/a.md": FINE}, ["j"], {}, "no files match", None, id="empty-directory"),
    pytest.param(
        {"c.jsonl": jsonl({"id": "a", "body": FINE})},
        ["c.jsonl"],
        {},
        "missing text field",
        1,
        id="jsonl-missing-field",
    ),
    pytest.param(
        {"c.jsonl": jsonl({"id": "a", "text": None})},
        ["c.jsonl"],
        {},
        "missing text field",
        1,
        id="jsonl-null-text",
    ),
    pytest.param(
        {"c.jsonl": jsonl({"id": "a", "text": 42})},
        ["c.jsonl"],
        {},
        "holds int",
        1,
        id="jsonl-text-not-a-string",
    ),
    pytest.param(
        {"c.jsonl": jsonl({"id": "a", "text": "   "})},
        ["c.jsonl"],
        {},
        "empty document",
        1,
        id="jsonl-empty-text",
    ),
    pytest.param(
        {"c.jsonl": jsonl({"id": "a", "text": "x" * 200})},
        ["c.jsonl"],
        {"max_bytes": 100},
        "over the limit",
        1,
        id="jsonl-over-limit",
    ),
    pytest.param(
        {"c.jsonl": "[1, 2]\n"},
        ["c.jsonl"],
        {},
        "expected a JSON object",
        1,
        id="jsonl-not-an-object",
    ),
    pytest.param(
        {"c.jsonl": b'{"id": "a", "text": "caf\xe9"}\n'},
        ["c.jsonl"],
        {},
        "UTF-8",
        1,
        id="jsonl-undecodable",
    ),
    pytest.param(
        {"c.jsonl": '{"id": "a", "text": "\\ud800 alone"}\n'},
        ["c.jsonl"],
        {},
        "surrogate",
        1,
        id="jsonl-lone-surrogate",
    ),
    pytest.param(
        {"ls.json": '"a bare string"'},
        ["ls.json"],
        {},
        "expected a JSON array",
        None,
        id="json-not-an-array",
    ),
    pytest.param(
        {"ls.json": '[{"id": 1, "data": {"text": "a"}},'},
        ["ls.json"],
        {},
        "malformed JSON",
        1,
        id="json-truncated",
    ),
    pytest.param(
        {"c.csv": f"id,body\n1,{FINE}\n"},
        ["c.csv"],
        {},
        "no column 'text'",
        1,
        id="csv-missing-column",
    ),
    pytest.param({"c.csv": ""}, ["c.csv"], {}, "empty file", 1, id="csv-empty-file"),
    pytest.param(
        {"c.csv": b"id,text\n1,caf\xe9 au lait\n"},
        ["c.csv"],
        {},
        "UTF-8",
        2,
        id="csv-undecodable-row",
    ),
    pytest.param(
        {"c.csv": f"id,text\n1,{FINE},extra\n"},
        ["c.csv"],
        {},
        "expected 2 fields",
        2,
        id="csv-wrong-field-count",
    ),
    pytest.param(
        {"c.tsv": "id\ttext\n1\t \n"}, ["c.tsv"], {}, "empty document", 2, id="tsv-empty-text"
    ),
    pytest.param({}, ["-"], {"stdin": b""}, "empty document", None, id="stdin-empty"),
    pytest.param(
        {},
        ["-"],
        {"stdin": b"x" * 300, "max_bytes": 100},
        "over the limit",
        None,
        id="stdin-over-limit",
    ),
]


@pytest.mark.parametrize(("files", "inputs", "options", "message", "line"), BAD_INPUTS)
def test_bad_input_is_reported_with_source_and_line(
    tmp_path: Path,
    files: dict[str, str | bytes],
    inputs: list[str],
    options: dict[str, Any],
    message: str,
    line: int | None,
) -> None:
    write(tmp_path, files)
    items = read(tmp_path, inputs, **options)
    assert docs(items) == []
    (error,) = errors(items)
    assert message in error.message
    assert error.line == line
    expected_source = "<stdin>" if inputs == ["-"] else str(tmp_path / inputs[0])
    assert error.source == expected_source


@pytest.mark.parametrize(
    ("name", "content", "bad_line"),
    [
        (
            "mid.jsonl",
            jsonl({"id": "a", "text": NOBODY})
            + '{"id": "b", "text": "unterminated\n'
            + jsonl({"id": "c", "text": WALK}, {"id": "d", "text": FINE}),
            2,
        ),
        ("mid.csv", f"id,text\na,{NOBODY}\nb,{TRAIN},extra\nc,{WALK}\nd,{TRAIN}\n", 3),
        (
            "blank.jsonl",
            jsonl({"id": "a", "text": NOBODY})
            + "\n"
            + jsonl({"id": "b", "text": ""}, {"id": "c", "text": WALK}, {"id": "d", "text": FINE}),
            3,
        ),
    ],
    ids=["malformed-json-line", "malformed-csv-row", "empty-record"],
)
def test_reading_goes_on_after_a_bad_record(
    tmp_path: Path, name: str, content: str, bad_line: int
) -> None:
    write(tmp_path, {name: content})
    items = read(tmp_path, [name])
    assert [d.id for d in items if isinstance(d, Document)] == ["a", "c", "d"]
    assert [e.line for e in errors(items)] == [bad_line]
    assert isinstance(items[1], InputError)


def test_inputs_keep_their_order_and_errors_sit_where_they_occur(tmp_path: Path) -> None:
    write(tmp_path, {"z.txt": NOBODY, "a.jsonl": jsonl({"id": "r", "text": WALK}), "e.txt": ""})
    items = read(tmp_path, ["z.txt", "e.txt", "missing", "a.jsonl"])
    kinds = [(type(i).__name__, i.id if isinstance(i, Document) else i.source) for i in items]
    assert kinds == [
        ("Document", (tmp_path / "z.txt").as_posix()),
        ("InputError", str(tmp_path / "e.txt")),
        ("InputError", str(tmp_path / "missing")),
        ("Document", "r"),
    ]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("a.jsonl", "jsonl"),
        ("a.NDJSON", "jsonl"),
        ("a.json", "json"),
        ("a.csv", "csv"),
        ("a.tsv", "tsv"),
        ("a.tab", "tsv"),
        ("a.txt", "text"),
        ("README", "text"),
        ("a.md", "text"),
    ],
)
def test_detect_format_by_extension(name: str, expected: str) -> None:
    assert detect_format(Path(name)) == expected


def test_forced_format_overrides_the_extension(tmp_path: Path) -> None:
    write(tmp_path, {"export.txt": jsonl({"id": "q", "text": FINE})})
    assert docs(read(tmp_path, ["export.txt"], fmt="jsonl")) == [("q", FINE)]
    assert docs(read(tmp_path, ["export.txt"]))[0][1].startswith('{"id"')


def test_unknown_format_is_refused_before_reading() -> None:
    with pytest.raises(InputError, match="unknown input format 'xml'"):
        list(read_documents(["anything"], fmt="xml"))


def test_utf8_bom_is_removed(tmp_path: Path) -> None:
    write(tmp_path, {"bom.txt": "\ufeff" + FINE, "bom.csv": "\ufeffid,text\n1," + WALK + "\n"})
    assert [t for _, t in docs(read(tmp_path, ["bom.txt", "bom.csv"]))] == [FINE, WALK]
