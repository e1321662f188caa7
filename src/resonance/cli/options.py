"""Options shared by several commands."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

RulesOnly = Annotated[
    bool, typer.Option("--rules-only", help="Skip the disclosure classifier (no model is loaded).")
]
ModelPath = Annotated[
    Path | None,
    typer.Option(help="Disclosure model folder (default: the shipped model or $RESONANCE_MODEL)."),
]
LexiconPath = Annotated[
    Path | None,
    typer.Option(help="Your own lexicon file (JSON Lines), added to the packaged one."),
]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
