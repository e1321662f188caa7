"""``resonance validate``: check annotated corpora against ANNOTATION.md."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from resonance.cli.app import app, clean_errors


@app.command()
def validate(
    files: Annotated[list[Path], typer.Argument(help="Gold corpus files (JSON Lines).")],
) -> None:
    """Check corpora against the record format: JSON, ids, offsets in range and on token
    boundaries, no overlapping spans, known labels and stances, contiguous sentences.

    Lists every problem with its file and line; exits 1 if there is any.
    """
    import spacy

    from resonance.scoring.gold import check_file

    total = 0
    with clean_errors():
        nlp = spacy.blank("en")
        for path in files:
            problems = check_file(path, nlp)
            total += len(problems)
            for problem in problems:
                typer.echo(str(problem), err=True)
            if not problems:
                typer.echo(f"{path}: ok")
    if total:
        typer.echo(f"{total} problem(s) found", err=True)
        raise typer.Exit(1)
