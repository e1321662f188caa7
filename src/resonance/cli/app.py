"""The typer app every command module registers on, and the error-to-exit-code shell."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import NoReturn

import typer
from rich.console import Console

from resonance.errors import ResonanceError

app = typer.Typer(
    name="resonance",
    help="Gentle, reflective feedback on personal writing.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def table_console() -> Console:
    """A console for tables: 120 columns when piped, where rich would squeeze them to 80."""
    return Console(highlight=False, width=None if sys.stdout.isatty() else 120)


def fail(message: str, code: int = 1) -> NoReturn:
    """Print one clean line to stderr and exit with ``code``."""
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


@contextmanager
def clean_errors() -> Iterator[None]:
    """Turn library errors into one-line messages and a non-zero exit, never a traceback."""
    try:
        yield
    except ResonanceError as error:
        fail(str(error))
    except BrokenPipeError:
        sys.stderr.close()
        raise typer.Exit(0) from None
    except KeyboardInterrupt:
        fail("interrupted", code=130)


def command(func: Callable[..., None]) -> Callable[..., None]:
    """Register ``func`` as a command (its docstring becomes ``--help``)."""
    return app.command()(func)
