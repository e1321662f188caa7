"""``resonance reframe`` and ``resonance evaluate-reframes``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from resonance.cli.app import app, clean_errors, fail, table_console
from resonance.cli.options import AsJson, LexiconPath, ModelPath, RulesOnly
from resonance.errors import InputError
from resonance.types import ReframeReport, Response

Country = Annotated[
    str, typer.Option(help="Country whose help lines a safety message lists (us, gb, au, ...).")
]


@app.command()
def reframe(
    text: Annotated[str, typer.Argument(help="A sentence or a short entry, in quotes.")],
    country: Country = "international",
    as_json: AsJson = False,
    rules_only: RulesOnly = False,
    model: ModelPath = None,
    lexicon: LexiconPath = None,
) -> None:
    """Print gentle reframes for TEXT, or a safety message when it holds crisis language."""
    from resonance.pipeline import load
    from resonance.reframes import respond

    with clean_errors():
        if not text.strip():
            raise InputError("expected some text to reframe, got an empty string")
        nlp = load(rules_only=rules_only, model=model, lexicon=lexicon)
        response = respond(nlp(text), country=country)
    if as_json:
        typer.echo(json.dumps(response.to_dict(), ensure_ascii=False, indent=2))
    else:
        print_response(Console(highlight=False, soft_wrap=True), text, response)


def print_response(console: Console, text: str, response: Response) -> None:
    """Human output: the safety message, or each reframe under the words it answers."""
    if response.crisis and response.safety is not None:
        console.print(Text(response.safety.text, style="bold magenta"))
        for resource in response.safety.resources:
            console.print(Text(f"  • {resource}", style="magenta"))
        return
    if not response.reframes:
        console.print(Text("No absolute or guarded sentence to reframe here.", style="dim"))
        return
    for item in response.reframes:
        console.print(Text(f"“{text[item.start : item.end]}”  ({item.strategy})", style="bold"))
        console.print(Text(f"  ↳ {item.text}", style="cyan"))
        console.print(Text(f"    {item.question}", style="dim cyan"))


@app.command("evaluate-reframes")
def evaluate_reframes_command(
    inputs: Annotated[
        list[str], typer.Argument(help="Files (CSV, TSV, JSONL, text) or directories, or -.")
    ],
    text_column: Annotated[
        str, typer.Option("--text-column", help="CSV column or JSON field holding the text.")
    ] = "text",
    as_json: AsJson = False,
    rules_only: RulesOnly = False,
    model: ModelPath = None,
    lexicon: LexiconPath = None,
) -> None:
    """Measure reframes over every document of INPUTS.

    Reports the share of distress spans that get a reframe, the share of reframes the tagger
    still finds distress in, the share of content words kept, banned phrases, the share of
    distinct reframes and the strategy counts. Unreadable documents are reported on stderr
    and make the exit code 1; the others are still measured.
    """
    from resonance.corpus import read_documents
    from resonance.pipeline import load
    from resonance.reframes.evaluate import evaluate_reframes

    failures = 0

    def texts() -> Iterator[str]:
        nonlocal failures
        for item in read_documents(inputs, text_field=text_column):
            if isinstance(item, InputError):
                failures += 1
                typer.echo(f"error: {item}", err=True)
            else:
                yield item.text

    with clean_errors():
        nlp = load(rules_only=rules_only, model=model, lexicon=lexicon)
        retag = nlp if rules_only else load(rules_only=True, lexicon=lexicon)
        report = evaluate_reframes(texts(), nlp=nlp, retag=retag)
    if report.documents == 0:
        fail("no readable documents in the input")
    if as_json:
        typer.echo(json.dumps(report.to_dict(), indent=2))
    else:
        print_reframe_report(table_console(), report, title=" ".join(inputs))
    if failures:
        typer.echo(f"{failures} document(s) could not be read", err=True)
        raise typer.Exit(1)


def print_reframe_report(console: Console, report: ReframeReport, *, title: str) -> None:
    """One table of the reframe figures, then the strategy counts."""
    table = Table(
        title=f"{title}: {report.documents} documents "
        f"({report.crisis_documents} crisis, not reframed)",
        title_justify="left",
    )
    table.add_column("measure")
    table.add_column("value", justify="right")
    table.add_column("count", justify="right")
    rows = [
        (
            "distress spans with a reframe",
            report.coverage,
            f"{report.covered_spans}/{report.distress_spans}",
        ),
        (
            "reframes still holding a distress span",
            report.still_distress_share,
            f"{report.still_distress}/{report.reframes}",
        ),
        (
            "content words kept (span reframes)",
            report.content_kept_share,
            f"{report.content_kept}/{report.content_words}",
        ),
        (
            "distinct reframe texts",
            report.distinct_share,
            f"{report.distinct_texts}/{report.reframes}",
        ),
    ]
    for name, share, count in rows:
        table.add_row(name, f"{share:.3f}", count)
    table.add_row("banned phrases", str(report.banned_phrases), "")
    console.print(table)
    console.print("strategies: " + ", ".join(f"{k} {v}" for k, v in report.strategies.items()))
