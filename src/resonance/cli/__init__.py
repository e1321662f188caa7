"""The ``resonance`` command line. Each module registers its commands on ``app``."""

from __future__ import annotations

from resonance.cli import evaluate, reflect, reframe, score, train, validate  # noqa: F401  (register commands)
from resonance.cli.app import app


def main() -> None:
    """Console-script entry point."""
    app()


__all__ = ["app", "main"]
