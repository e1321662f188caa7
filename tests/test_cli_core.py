"""CLI tests for reflect, evaluate and validate, including every bad-input path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from resonance.cli import app

runner = CliRunner()

GOLD = {
    "id": "g-1",
    "text": "No one ever calls me back. I walk the dog every day.",
    "spans": [
        {"start": 0, "end": 6, "label": "ABSOLUTIST", "category": "people", "distress": True},
        {"start": 7, "end": 11, "label": "ABSOLUTIST", "category": "time", "distress": True},
        {"start": 42, "end": 51, "label": "ABSOLUTIST", "category": "time", "distress": False},
    ],
    "sentences": [
        {"start": 0, "end": 26, "disclosure": "open"},
        {"start": 27, "end": 52, "disclosure": "neutral"},
    ],
    "meta": {"split": "test"},
}


def _write(path: Path, content: str | bytes) -> Path:
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def _invoke(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


# --- reflect ---------------------------------------------------------------------------


def test_reflect_json_has_the_documented_fields(tmp_path: Path) -> None:
    path = _write(tmp_path / "entry.txt", "No one ever calls me. I walk the dog every day.")
    code, out, _ = _invoke("reflect", str(path), "--json", "--rules-only")
    assert code == 0
    record = json.loads(out)
    assert {"id", "text", "spans", "sentences", "index", "reframes", "crisis"} <= set(record)
    assert [s["text"] for s in record["spans"]] == ["No one", "ever", "every day"]
    assert [s["distress"] for s in record["spans"]] == [True, True, False]
    assert {"start", "end", "text", "category", "distress"} == set(record["spans"][0])
    assert [(s["start"], s["end"]) for s in record["sentences"]] == [(0, 21), (22, 47)]
    assert {"words", "absolutist_per_100", "dictionary_per_100"} <= set(record["index"])
    assert record["index"]["words"] == 11
    assert record["crisis"] is False
    assert {"start", "end", "strategy", "text", "question"} <= set(record["reframes"][0])


def test_reflect_reads_stdin_directories_and_jsonl_in_input_order(tmp_path: Path) -> None:
    folder = tmp_path / "journal"
    folder.mkdir()
    _write(folder / "a.txt", "Everyone hates me.")
    _write(folder / "b.txt", "It's always nice to see you.")
    records = tmp_path / "posts.jsonl"
    _write(records, '{"id": "p1", "text": "Nothing ever changes."}\n{"id": "p2", "text": "Hi."}\n')
    code, out, _ = _invoke(
        "reflect", str(folder), "-", str(records), "--json", "--rules-only", stdin="I never win."
    )
    assert code == 0
    ids = [json.loads(line)["id"] for line in out.splitlines()]
    assert ids == ["a.txt", "b.txt", "stdin", "p1", "p2"]


def test_reflect_human_output_shows_text_figures_and_reframes(tmp_path: Path) -> None:
    path = _write(tmp_path / "entry.txt", "Nobody ever texts me back.")
    code, out, _ = _invoke("reflect", str(path), "--rules-only")
    assert code == 0
    assert "Nobody ever texts me back." in out
    assert "absolutist" in out and "dictionary" in out
    assert "↳" in out


def test_reflect_crisis_gives_safety_message_and_no_reframe(tmp_path: Path) -> None:
    path = _write(tmp_path / "entry.txt", "Nobody cares. I want to kill myself tonight.")
    code, out, _ = _invoke("reflect", str(path), "--rules-only", "--json")
    assert code == 0
    record = json.loads(out)
    assert record["crisis"] is True
    assert record["reframes"] == []
    assert record["safety"]["text"]


BAD_INPUTS = [
    ("empty.txt", b"", "empty"),
    ("binary.txt", b"\x00\x01\x02PNG\x00" * 20, "binary"),
    ("latin1.txt", "caf\xe9 au lait".encode("latin-1"), "UTF-8"),
]


@pytest.mark.parametrize(("name", "content", "word"), BAD_INPUTS)
def test_reflect_bad_file_is_one_clean_line_and_the_rest_still_run(
    tmp_path: Path, name: str, content: bytes, word: str
) -> None:
    bad = _write(tmp_path / name, content)
    good = _write(tmp_path / "good.txt", "Everyone hates me.")
    code, out, err = _invoke("reflect", str(bad), str(good), "--json", "--rules-only")
    assert code == 1
    assert "Traceback" not in err
    first = err.splitlines()[0]
    assert first.startswith(f"error: {bad}") and word.lower() in first.lower()
    assert [json.loads(line)["id"] for line in out.splitlines()] == [str(good)]


def test_reflect_malformed_jsonl_line_names_file_and_line(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "posts.jsonl",
        '{"id": "1", "text": "Nobody calls."}\n{"id": "2", "text": \n{"id": "3", "text": "Ok."}\n',
    )
    code, out, err = _invoke("reflect", str(path), "--json", "--rules-only")
    assert code == 1
    assert f"{path}:2" in err
    assert [json.loads(line)["id"] for line in out.splitlines()] == ["1", "3"]


def test_reflect_missing_path(tmp_path: Path) -> None:
    code, _, err = _invoke("reflect", str(tmp_path / "nope.txt"), "--rules-only")
    assert code == 1
    assert "nope.txt" in err and "no such file" in err
    assert "Traceback" not in err


def test_reflect_unknown_country_is_a_clean_error(tmp_path: Path) -> None:
    path = _write(tmp_path / "entry.txt", "Nobody ever calls.")
    code, _, err = _invoke("reflect", str(path), "--rules-only", "--country", "atlantis")
    assert code == 1
    assert "atlantis" in err and "Traceback" not in err


# --- evaluate ---------------------------------------------------------------------------


def test_evaluate_json_scores_a_gold_file(tmp_path: Path) -> None:
    gold = _write(tmp_path / "gold.jsonl", json.dumps(GOLD) + "\n")
    code, out, _ = _invoke("evaluate", str(gold), "--json", "--rules-only")
    assert code == 0
    report = json.loads(out)
    assert report["records"] == 1
    assert report["absolutist"]["strict"]["f1"] == 1.0
    assert report["distress"]["lenient"]["f1"] == 1.0
    # The dictionary baseline marks "ever" and "every": one of its two spans is a gold span.
    assert report["dictionary"]["lenient"]["precision"] == pytest.approx(1.0)
    assert report["dictionary"]["lenient"]["recall"] == pytest.approx(2 / 3)
    assert report["disclosure"] is None  # rules only: no stance predictions


def test_evaluate_table_output(tmp_path: Path) -> None:
    gold = _write(tmp_path / "gold.jsonl", json.dumps(GOLD) + "\n")
    code, out, _ = _invoke("evaluate", str(gold), "--rules-only")
    assert code == 0
    assert "dictionary baseline" in out and "lenient F1" in out


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "empty"),
        (b"\x00\x00\x00", "binary"),
        (b'{"id": "1", "text": "ok"}\n{"id": 2, "text": "x"', ":2: malformed JSON"),
        (b'{"id": "1", "text": "\xff"}\n', ":1: not valid UTF-8"),
        (
            b'{"id": "1", "text": "hi", "spans": [{"start": 0, "end": 99, "category": "time"}]}\n',
            ":1: span 0: offsets 0-99 out of range",
        ),
    ],
)
def test_evaluate_bad_gold_is_a_clean_error(tmp_path: Path, content: bytes, expected: str) -> None:
    gold = _write(tmp_path / "gold.jsonl", content)
    code, _, err = _invoke("evaluate", str(gold), "--rules-only")
    assert code == 1
    assert expected in err
    assert "Traceback" not in err


def test_evaluate_missing_file(tmp_path: Path) -> None:
    code, _, err = _invoke("evaluate", str(tmp_path / "gone.jsonl"), "--rules-only")
    assert code == 1
    assert "gone.jsonl" in err and "Traceback" not in err


# --- validate ---------------------------------------------------------------------------


def test_validate_accepts_a_good_file(tmp_path: Path) -> None:
    gold = _write(tmp_path / "gold.jsonl", json.dumps(GOLD) + "\n")
    code, out, _ = _invoke("validate", str(gold))
    assert code == 0
    assert "ok" in out


def test_validate_lists_every_problem_with_its_line(tmp_path: Path) -> None:
    overlapping = dict(
        GOLD,
        id="g-2",
        spans=[
            {"start": 0, "end": 6, "label": "ABSOLUTIST", "category": "people", "distress": True},
            {"start": 3, "end": 11, "label": "ABSOLUTIST", "category": "time", "distress": True},
        ],
    )
    mid_token = dict(
        GOLD,
        id="g-3",
        spans=[
            {"start": 1, "end": 6, "label": "ABSOLUTIST", "category": "people", "distress": True},
        ],
    )
    unknown = dict(
        GOLD,
        id="g-4",
        spans=[
            {"start": 0, "end": 6, "label": "ABSOLUTE", "category": "folks", "distress": "yes"},
        ],
    )
    gappy = dict(
        GOLD,
        id="g-5",
        sentences=[
            {"start": 0, "end": 10, "disclosure": "open"},
            {"start": 27, "end": 52, "disclosure": "shy"},
        ],
    )
    lines = [
        json.dumps(GOLD),
        json.dumps(overlapping),
        "{not json",
        json.dumps(mid_token),
        json.dumps(unknown),
        json.dumps(gappy),
        json.dumps(GOLD),
    ]
    gold = _write(tmp_path / "gold.jsonl", "\n".join(lines) + "\n")
    code, _, err = _invoke("validate", str(gold))
    assert code == 1
    assert f"{gold}:2: spans 0-6 and 3-11 overlap" in err
    assert f"{gold}:3: malformed JSON" in err
    assert f"{gold}:4: span 1-6" in err and "token boundaries" in err
    assert f"{gold}:5: span 0: unknown label 'ABSOLUTE'" in err
    assert f"{gold}:5: span 0: unknown category 'folks'" in err
    assert f"{gold}:6: sentence 1: unknown disclosure 'shy'" in err
    assert f"{gold}:6: sentence 1 (27-52) is not contiguous" in err
    assert f"{gold}:7: duplicate id 'g-1' (first on line 1)" in err


@pytest.mark.parametrize(("content", "word"), [(b"", "empty"), (b"\x00\x01", "binary")])
def test_validate_unreadable_file(tmp_path: Path, content: bytes, word: str) -> None:
    gold = _write(tmp_path / "gold.jsonl", content)
    code, _, err = _invoke("validate", str(gold))
    assert code == 1
    assert word in err and "Traceback" not in err


def test_validate_the_project_corpus_is_clean() -> None:
    root = Path(__file__).resolve().parent.parent / "data" / "annotations"
    files = [str(root / f"{split}.jsonl") for split in ("train", "dev", "test")]
    code, out, err = _invoke("validate", *files)
    assert code == 0, err
    assert out.count(": ok") == 3
