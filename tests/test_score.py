"""resonance score: rows, output formats, bad documents, atomic output, --resume, workers."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from resonance.corpus import read_documents
from resonance.errors import InputError
from resonance.pipeline import load
from resonance.scoring.rows import ScoreRow, read_table
from resonance.scoring.score import (
    InProcessRunner,
    PipelineConfig,
    Runner,
    make_runner,
    partial_path,
    score_chunk,
    score_corpus,
    score_documents,
)
from resonance.types import Document

RULES = PipelineConfig(rules_only=True, batch_size=4)

# Sentences written for these tests (ANNOTATION.md section 2 examples and our own).
ENTRIES = [
    ("e01", "No one ever listens to me.", "lonely"),
    ("e02", "I walk the dog every day.", "calm"),
    ("e03", "I always ruin everything.", "lonely"),
    ("e04", "Everything went perfectly at the wedding.", "calm"),
    ("e05", "I'll be alone forever. Nobody would notice if I left.", "lonely"),
    ("e06", "We watched a movie after dinner and it was lovely.", "calm"),
    ("e07", "Every time I try to talk, everyone turns away.", "lonely"),
    ("e08", "The train was late again, so I read my book.", "calm"),
    ("e09", "I never said I didn't want to come.", "calm"),
    ("e10", "Nothing ever changes and I am completely exhausted.", "lonely"),
]


@pytest.fixture(scope="module")
def runner() -> InProcessRunner:
    return InProcessRunner(RULES)


def write_corpus(path: Path, *, bad: bool = True) -> None:
    lines = [json.dumps({"id": i, "text": t, "group": g}) for i, t, g in ENTRIES[:5]]
    if bad:
        lines += ['{"id": "broken", "text": "unterminated', json.dumps({"id": "empty", "text": ""})]
    lines += [json.dumps({"id": i, "text": t, "group": g}) for i, t, g in ENTRIES[5:]]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def good_ids() -> list[str]:
    return [i for i, _, _ in ENTRIES]


@pytest.mark.parametrize(
    ("text", "spans", "distress", "dictionary", "words", "sentences"),
    [
        ("No one ever listens to me.", 2, 2, 1, 6, 1),
        ("I walk the dog every day.", 1, 0, 1, 6, 1),
        ("I always ruin everything.", 2, 2, 2, 4, 1),
        ("Everything went perfectly at the wedding.", 1, 0, 1, 6, 1),
        ("We watched a movie after dinner.", 0, 0, 0, 6, 1),
        ("It's not like I never try. I'm fine.", 0, 0, 1, 8, 2),
    ],
)
def test_row_counts_and_rates(
    runner: InProcessRunner,
    text: str,
    spans: int,
    distress: int,
    dictionary: int,
    words: int,
    sentences: int,
) -> None:
    doc = Document(id="x", text=text, source="t.jsonl", line=3, meta={"group": "g"})
    (row,) = score_documents([doc], runner)
    assert isinstance(row, ScoreRow)
    assert (row.spans, row.distress_spans, row.dictionary_count) == (spans, distress, dictionary)
    assert (row.words, row.sentences) == (words, sentences)
    assert row.distress_per_100 == pytest.approx(100 * distress / words, abs=1e-6)
    assert row.dictionary_per_100 == pytest.approx(100 * dictionary / words, abs=1e-6)
    assert (row.open_share, row.guarded_share, row.neutral_share) == (None, None, None)
    assert (row.id, row.source, row.line, row.meta) == ("x", "t.jsonl", 3, {"group": "g"})


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet"])
def test_every_good_document_once_and_every_bad_one_in_the_errors_file(
    tmp_path: Path, runner: InProcessRunner, suffix: str
) -> None:
    corpus = tmp_path / "corpus.jsonl"
    write_corpus(corpus)
    output = tmp_path / f"scores{suffix}"
    summary = score_corpus(read_documents([corpus]), output, runner, chunk_size=3)
    rows = list(read_table(output))
    assert [str(r["id"]) for r in rows] == good_ids()
    assert [r["group"] for r in rows] == [g for _, _, g in ENTRIES]
    assert (summary.scored, summary.failed, summary.resumed) == (10, 2, 0)
    failures = [json.loads(x) for x in Path(summary.errors).read_text().splitlines()]
    assert [(f["line"], f["error"].split(":")[0]) for f in failures] == [
        (6, "malformed JSON"),
        (7, "empty document"),
    ]
    assert not partial_path(output).exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["corpus.jsonl", output.name, f"{output.name}.errors.jsonl"]
    )


def test_output_formats_hold_the_same_values(tmp_path: Path, runner: InProcessRunner) -> None:
    corpus = tmp_path / "corpus.jsonl"
    write_corpus(corpus, bad=False)
    tables = {}
    for suffix in (".csv", ".jsonl", ".parquet"):
        score_corpus(read_documents([corpus]), tmp_path / f"s{suffix}", runner)
        tables[suffix] = [ScoreRow.from_flat(r) for r in read_table(tmp_path / f"s{suffix}")]
    assert tables[".csv"] == tables[".jsonl"] == tables[".parquet"]


def interrupted(items: Iterator[Document | InputError], after: int) -> Iterator[Any]:
    for number, item in enumerate(items):
        if number == after:
            raise KeyboardInterrupt
        yield item


@pytest.mark.parametrize("after", [1, 4, 6, 11])
def test_interrupted_run_resumes_without_losing_or_repeating(
    tmp_path: Path, runner: InProcessRunner, after: int
) -> None:
    corpus = tmp_path / "corpus.jsonl"
    write_corpus(corpus)
    output = tmp_path / "scores.csv"
    with pytest.raises(KeyboardInterrupt):
        score_corpus(interrupted(read_documents([corpus]), after), output, runner, chunk_size=2)
    assert not output.exists()
    assert partial_path(output).exists()
    with pytest.raises(InputError, match="--resume"):
        score_corpus(read_documents([corpus]), output, runner)
    summary = score_corpus(read_documents([corpus]), output, runner, resume=True, chunk_size=2)
    assert [str(r["id"]) for r in read_table(output)] == good_ids()
    assert summary.scored + summary.resumed == len(ENTRIES)
    assert summary.resumed > 0 or after < 2
    assert summary.failed == 2


def test_resume_drops_a_torn_last_line(tmp_path: Path, runner: InProcessRunner) -> None:
    corpus = tmp_path / "corpus.jsonl"
    write_corpus(corpus, bad=False)
    output = tmp_path / "scores.jsonl"
    with pytest.raises(KeyboardInterrupt):
        score_corpus(interrupted(read_documents([corpus]), 5), output, runner, chunk_size=1)
    with partial_path(output).open("a") as handle:
        handle.write('{"id": "e05", "source": "')  # the write the interruption cut short
    summary = score_corpus(read_documents([corpus]), output, runner, resume=True)
    assert [r["id"] for r in read_table(output)] == good_ids()
    assert summary.resumed == 4


def test_resume_after_a_finished_run_scores_only_new_documents(
    tmp_path: Path, runner: InProcessRunner
) -> None:
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    first.write_text("".join(json.dumps({"id": i, "text": t}) + "\n" for i, t, _ in ENTRIES[:6]))
    second.write_text("".join(json.dumps({"id": i, "text": t}) + "\n" for i, t, _ in ENTRIES[6:]))
    output = tmp_path / "scores.parquet"
    score_corpus(read_documents([first]), output, runner)
    summary = score_corpus(read_documents([first, second]), output, runner, resume=True)
    assert (summary.resumed, summary.scored) == (6, 4)
    assert [r["id"] for r in read_table(output)] == good_ids()


def test_an_interrupted_run_leaves_the_previous_output_whole(
    tmp_path: Path, runner: InProcessRunner
) -> None:
    corpus = tmp_path / "corpus.jsonl"
    write_corpus(corpus, bad=False)
    output = tmp_path / "scores.csv"
    score_corpus(read_documents([corpus]), output, runner)
    before = output.read_bytes()
    with pytest.raises(KeyboardInterrupt):
        score_corpus(interrupted(read_documents([corpus]), 3), output, runner)
    assert output.read_bytes() == before


def rows_of(runner: Runner, corpus: Path) -> list[ScoreRow | Any]:
    try:
        return list(score_documents(read_documents([corpus]), runner, chunk_size=3))
    finally:
        runner.close()


def test_two_local_workers_give_the_same_rows_in_the_same_order(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    write_corpus(corpus)
    one = rows_of(make_runner(RULES, workers=1), corpus)
    two = rows_of(make_runner(RULES, workers=2), corpus)
    assert one == two
    assert [getattr(r, "id", None) for r in one] == [*good_ids()[:5], None, None, *good_ids()[5:]]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"workers": 0}, "at least 1"),
        ({"engine": "spark"}, "unknown engine"),
        ({"scheduler": "tcp://127.0.0.1:8786"}, "needs --engine dask"),
    ],
)
def test_bad_runner_options_are_refused(options: dict[str, Any], message: str) -> None:
    with pytest.raises(InputError, match=message):
        make_runner(RULES, **options)


@pytest.mark.parametrize("name", ["scores.txt", "scores.xlsx", "scores"])
def test_unknown_output_extension_is_refused_before_scoring(
    tmp_path: Path, runner: InProcessRunner, name: str
) -> None:
    with pytest.raises(InputError, match=r"\.csv, \.jsonl or \.parquet"):
        score_corpus(iter(()), tmp_path / name, runner)
    assert list(tmp_path.iterdir()) == []


# -- the command --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("bad", "exit_code", "summary"),
    [(True, 3, "2 documents failed"), (False, 0, "scored 10 documents")],
    ids=["with-bad-documents", "clean"],
)
def test_score_command_exit_code_and_summary(
    tmp_path: Path, bad: bool, exit_code: int, summary: str
) -> None:
    from typer.testing import CliRunner

    from resonance.cli import app

    corpus = tmp_path / "corpus.jsonl"
    write_corpus(corpus, bad=bad)
    output = tmp_path / "out.csv"
    args = ["score", str(corpus), "-o", str(output), "--rules-only", "--no-progress"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == exit_code, result.output
    assert summary in result.stderr
    assert [str(r["id"]) for r in read_table(output)] == good_ids()
    again = CliRunner().invoke(app, [*args, "--resume"])
    assert again.exit_code == exit_code
    assert "scored 0 documents, 10 from an earlier run" in again.stderr


def test_score_command_refuses_an_unknown_extension(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from resonance.cli import app

    corpus = tmp_path / "corpus.jsonl"
    write_corpus(corpus)
    result = CliRunner().invoke(app, ["score", str(corpus), "-o", str(tmp_path / "o.xlsx")])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: ") and ".parquet" in result.stderr


def test_mixed_inputs_with_every_kind_of_bad_document(
    tmp_path: Path, runner: InProcessRunner
) -> None:
    """Each good document appears exactly once, each bad one once in the errors file."""
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "a.txt").write_text(ENTRIES[0][1], encoding="utf-8")
    (notes / "b.txt").write_bytes(b"caf\xe9 with my sister, \xff\xfe")  # undecodable
    (notes / "c.txt").write_text("", encoding="utf-8")  # empty
    (notes / "d.txt").write_text(ENTRIES[1][1] + " " + "and more " * 40, encoding="utf-8")
    posts = tmp_path / "posts.jsonl"
    posts.write_text(
        json.dumps({"id": "p1", "text": ENTRIES[2][1]})
        + "\n"
        + '{"id": "p2", "text": "cut off\n'
        + json.dumps({"id": "p3", "text": ENTRIES[3][1]})
        + "\n",
        encoding="utf-8",
    )
    table = tmp_path / "table.csv"
    table.write_text(f'id,text\nc1,"{ENTRIES[4][1]}"\nc2,\n', encoding="utf-8")
    output = tmp_path / "rows.jsonl"
    items = read_documents([notes, posts, table, tmp_path / "missing.txt"], max_bytes=200)
    summary = score_corpus(items, output, runner, chunk_size=2)
    assert [r["id"] for r in read_table(output)] == ["a.txt", "p1", "p3", "c1"]
    failures = [json.loads(x) for x in Path(summary.errors).read_text().splitlines()]
    reasons = [(Path(f["source"]).name, f["line"], f["error"][:16]) for f in failures]
    assert reasons == [
        ("b.txt", 1, "not valid UTF-8 "),
        ("c.txt", None, "empty document"),
        ("d.txt", None, "document is 386 "),
        ("posts.jsonl", 2, "malformed JSON: "),
        ("table.csv", 3, "empty document"),
        ("missing.txt", None, "no such file or "),
    ]
    assert (summary.scored, summary.failed) == (4, 6)


@Language.component("test_refuses_bells")
def refuses_bells(doc: Doc) -> Doc:
    """A real component that fails on one kind of document, as a bug in a pipeline would."""
    if "\N{BELL}" in doc.text:
        raise ValueError("cannot handle bells")
    return doc


def test_a_document_the_pipeline_cannot_analyse_costs_only_itself() -> None:
    nlp = load(rules_only=True)
    nlp.add_pipe("test_refuses_bells")
    chunk = [
        ("ok-1", ENTRIES[0][1], "s.jsonl", 1, {}),
        ("bell", "Nobody rang the \N{BELL} bell.", "s.jsonl", 2, {}),
        ("ok-2", ENTRIES[1][1], "s.jsonl", 3, {}),
    ]
    results = score_chunk(chunk, RULES, nlp)
    assert [next(iter(r)) for r in results] == ["row", "failure", "row"]
    assert results[1]["failure"] == {
        "source": "s.jsonl",
        "line": 2,
        "id": "bell",
        "error": "analysis failed (ValueError); please report it",
    }
    assert [r["row"]["id"] for r in results if "row" in r] == ["ok-1", "ok-2"]
    (alone,) = score_chunk([chunk[1]], RULES, nlp)
    assert alone == results[1]
