"""``resonance reframe`` and ``resonance evaluate-reframes`` through typer's CliRunner."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from resonance.cli import app


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_reframe_prints_the_rewrite_and_question() -> None:
    code, out, _ = _run("reframe", "--rules-only", "Nobody cares about me.")
    assert code == 0
    assert "“Nobody”" in out and "care about me" in out
    assert "?" in out


def test_reframe_json_is_a_response() -> None:
    code, out, _ = _run("reframe", "--rules-only", "--json", "I always ruin everything.")
    assert code == 0
    data = json.loads(out)
    assert data["crisis"] is False and data["safety"] is None
    (reframe,) = data["reframes"]
    assert set(reframe) == {"start", "end", "strategy", "text", "question", "target"}


def test_reframe_crisis_prints_safety_only() -> None:
    code, out, _ = _run(
        "reframe", "--rules-only", "--country", "gb", "Nobody cares and I want to die."
    )
    assert code == 0
    assert "116 123" in out
    assert "↳" not in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["reframe", "--rules-only", "  "], "empty"),
        (["reframe", "--rules-only", "--country", "xx", "Nobody cares."], "country 'xx'"),
    ],
)
def test_reframe_bad_input_is_one_clean_line(args: list[str], message: str) -> None:
    code, _, err = _run(*args)
    assert code == 1
    assert message in err and "Traceback" not in err


def test_evaluate_reframes_on_csv(tmp_path: Path) -> None:
    path = tmp_path / "posts.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["original_text"])
        writer.writerows(
            [
                ["Nobody ever texts me first."],
                ["I always say the wrong thing."],
                ["The bus was late."],
                ["I want to die."],
            ]
        )
    code, out, _ = _run(
        "evaluate-reframes", "--rules-only", str(path), "--text-column", "original_text", "--json"
    )
    assert code == 0
    report = json.loads(out)
    assert report["documents"] == 4 and report["crisis_documents"] == 1
    assert report["coverage"] == 1.0 and report["banned_phrases"] == 0
    assert report["reframes"] == 2


def test_evaluate_reframes_table_and_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "entries.jsonl"
    path.write_text(json.dumps({"id": "1", "text": "Everyone hates me."}) + "\n", "utf-8")
    code, out, _ = _run("evaluate-reframes", "--rules-only", str(path))
    assert code == 0 and "distress spans with a reframe" in out
    code, _, err = _run("evaluate-reframes", "--rules-only", str(tmp_path / "none.csv"))
    assert code == 1 and "no such file" in err
