"""``resonance reflect``: absolutist spans, stance and reframes for text files or stdin."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.console import Console
from rich.text import Text

from resonance.cli.app import app, clean_errors
from resonance.cli.options import AsJson, LexiconPath, ModelPath, RulesOnly
from resonance.errors import InputError
from resonance.types import Reflection

STANCE_STYLE = {"open": "green", "guarded": "yellow", "neutral": "dim"}


@app.command()
def reflect(
    inputs: Annotated[
        list[str],
        typer.Argument(help="Text files, directories, .jsonl files (id, text), or - for stdin."),
    ],
    as_json: AsJson = False,
    rules_only: RulesOnly = False,
    model: ModelPath = None,
    lexicon: LexiconPath = None,
    text_field: Annotated[str, typer.Option(help="JSONL/CSV field holding the text.")] = "text",
    id_field: Annotated[str, typer.Option(help="JSONL/CSV field holding the id.")] = "id",
    country: Annotated[
        str, typer.Option(help="Whose help resources a safety message lists (us, gb, ...).")
    ] = "international",
) -> None:
    """Reflect on each document: absolutist spans, stance per sentence, gentle reframes.

    With --json, prints one JSON object per document (JSON Lines, in input order).
    Bad documents are reported on stderr with file and line; the others still run, and
    the exit code is 1 if any failed.
    """
    from resonance.corpus import read_documents
    from resonance.pipeline import load, reflect_documents

    console = Console(highlight=False, soft_wrap=True)
    failures = 0
    with clean_errors():
        nlp = load(rules_only=rules_only, model=model, lexicon=lexicon)
        items = read_documents(inputs, text_field=text_field, id_field=id_field)
        for result in reflect_documents(items, nlp=nlp, country=country):
            if isinstance(result, InputError):
                failures += 1
                typer.echo(f"error: {result}", err=True)
            elif as_json:
                typer.echo(json.dumps(result.to_dict(), ensure_ascii=False))
            else:
                print_reflection(console, result)
    if failures:
        typer.echo(f"{failures} document(s) could not be read", err=True)
        raise typer.Exit(1)


def print_reflection(console: Console, result: Reflection) -> None:
    """Human output: the text with spans highlighted, stances, reframes and the figures."""
    console.rule(f"[bold]{result.id}")
    if result.crisis and result.safety is not None:
        console.print(Text(result.safety.text, style="bold magenta"))
        for resource in result.safety.resources:
            console.print(Text(f"  • {resource}", style="magenta"))
    for sentence in result.sentences:
        line = _highlight(result, sentence.start, sentence.end)
        if sentence.disclosure is not None:
            line.append(f"  [{sentence.disclosure}]", style=STANCE_STYLE[sentence.disclosure])
        console.print(line)
        for reframe in result.reframes:
            if sentence.start <= reframe.start < sentence.end:
                console.print(Text(f"    ↳ {reframe.text}", style="cyan"))
                console.print(
                    Text(f"      {reframe.question}  ({reframe.strategy})", style="dim cyan")
                )
    index = result.index
    console.print(
        Text(
            f"words {index.words} · absolutist {index.absolutist_per_100:.1f}/100 · "
            f"distress {index.distress_per_100:.1f}/100 · "
            f"dictionary {index.dictionary_per_100:.1f}/100 ({index.dictionary.count} words)",
            style="dim",
        )
    )


def _highlight(result: Reflection, start: int, end: int) -> Text:
    text = Text(result.text[start:end])
    for span in result.spans:
        if start <= span.start and span.end <= end:
            style = "bold red underline" if span.distress else "blue underline"
            text.stylize(style, span.start - start, span.end - start)
    return text
