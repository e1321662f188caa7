"""``resonance evaluate``: accuracy against an annotated gold corpus."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from resonance.cli.app import app, clean_errors, table_console
from resonance.cli.options import AsJson, LexiconPath, ModelPath, RulesOnly
from resonance.types import CrisisReport, EvaluationReport, Scores, SpanScores, StanceReport


@app.command()
def evaluate(
    gold: Annotated[Path, typer.Argument(help="Gold records (JSON Lines, ANNOTATION.md format).")],
    as_json: AsJson = False,
    rules_only: RulesOnly = False,
    model: ModelPath = None,
    lexicon: LexiconPath = None,
) -> None:
    """Score resonance against gold labels.

    Absolutist spans (strict: exact offsets; lenient: overlap, one-to-one), distress spans,
    the 19-word dictionary baseline and per-category figures; disclosure stance per label
    and macro-F1 when the gold has stances; crisis recall and false-alarm rate when records
    carry meta.crisis.
    """
    from resonance.pipeline import load
    from resonance.reframes import detect_crisis
    from resonance.scoring.evaluate import evaluate_file

    with clean_errors():
        nlp = load(rules_only=rules_only, model=model, lexicon=lexicon)
        disclosure: Any = None if rules_only else nlp.get_pipe("resonance_disclosure")
        predict = None if disclosure is None else disclosure.model.predict
        report = evaluate_file(
            gold, nlp, predict_stances=predict, detect_crisis=lambda d: detect_crisis(d).crisis
        )
    if as_json:
        typer.echo(json.dumps(report.to_dict(), indent=2))
    else:
        print_report(table_console(), report, title=str(gold))


def print_report(console: Console, report: EvaluationReport, *, title: str) -> None:
    """Rich tables of an evaluation report."""
    if report.absolutist.strict.n_gold:
        _print_spans(console, report, title=title)
    else:
        console.print(f"{title}: {report.records} records, no gold spans (span scores skipped)")
    if report.disclosure is not None:
        _print_stances(console, report.disclosure)
    if report.crisis is not None:
        _print_crisis(console, report.crisis)


def _print_spans(console: Console, report: EvaluationReport, *, title: str) -> None:
    table = Table(title=f"{title}: {report.records} records", title_justify="left")
    for column in (
        "spans",
        "strict P",
        "strict R",
        "strict F1",
        "lenient P",
        "lenient R",
        "lenient F1",
        "gold",
        "pred",
    ):
        table.add_column(column, justify="left" if column == "spans" else "right")
    rows = [
        ("absolutist (resonance)", report.absolutist),
        ("distress (resonance)", report.distress),
        ("dictionary baseline", report.dictionary),
    ]
    rows += [(f"  category {name}", scores) for name, scores in report.categories.items()]
    for name, span_scores in rows:
        table.add_row(name, *_span_cells(span_scores))
    console.print(table)


def _print_stances(console: Console, disclosure: StanceReport) -> None:
    console.print(
        f"disclosure: {disclosure.n} sentences, accuracy {disclosure.accuracy:.3f}, "
        f"macro-F1 {disclosure.macro_f1:.3f}"
    )
    stances = Table()
    for column in ("label", "P", "R", "F1", "gold", "pred"):
        stances.add_column(column, justify="left" if column == "label" else "right")
    for label, scores in disclosure.labels.items():
        stances.add_row(label, *_cells(scores))
    stances.add_row("open vs not", *_cells(disclosure.open_vs_not))
    console.print(stances)


def _print_crisis(console: Console, crisis: CrisisReport) -> None:
    console.print(
        f"crisis: recall {crisis.recall:.3f} ({crisis.positives} positives), false-alarm rate "
        f"{crisis.false_alarm_rate:.3f} ({crisis.negatives} negatives)"
    )


def _cells(scores: Scores) -> list[str]:
    return [
        f"{scores.precision:.3f}",
        f"{scores.recall:.3f}",
        f"{scores.f1:.3f}",
        str(scores.n_gold),
        str(scores.n_pred),
    ]


def _span_cells(scores: SpanScores) -> list[str]:
    s, le = scores.strict, scores.lenient
    return [
        f"{s.precision:.3f}",
        f"{s.recall:.3f}",
        f"{s.f1:.3f}",
        f"{le.precision:.3f}",
        f"{le.recall:.3f}",
        f"{le.f1:.3f}",
        str(s.n_gold),
        str(s.n_pred),
    ]
