"""Errors. Each says what was expected, what arrived, where, and what to do."""

from __future__ import annotations

from pathlib import Path


class ResonanceError(Exception):
    """Base class for every error resonance raises on purpose."""


class InputError(ResonanceError, ValueError):
    """Bad input: empty, binary, mis-encoded, malformed or too large.

    Carries the source (a file path or ``<stdin>``) and, where known, the 1-based line.
    """

    def __init__(self, message: str, *, source: str | Path | None = None, line: int | None = None):
        self.message = message
        self.source = str(source) if source is not None else None
        self.line = line
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.source or ""
        if self.line is not None:
            where = f"{where}:{self.line}" if where else f"line {self.line}"
        return f"{where}: {self.message}" if where else self.message


class LexiconError(InputError):
    """A lexicon file that does not follow the lexicon format."""


class AnnotationError(InputError):
    """A corpus record that does not follow ANNOTATION.md."""


class ModelError(ResonanceError, RuntimeError):
    """A model folder that is missing, corrupted or does not match its manifest."""
