"""The absolutist lexicon: package data, validated on load, extendable by users.

A lexicon file is JSON Lines, one entry per line::

    {"kind": "meta", "name": "resonance-absolutist", "version": "1.0.0"}
    {"kind": "term", "text": "no one", "category": "people"}
    {"kind": "hedge", "text": "almost"}

Entry kinds:

- ``term``: an absolutist expression (one or more words) with its ``category``.
- ``hedge``: words that, right before a term, cancel it ("almost always").
- ``negator``: a word that, right before a term, cancels it ("not always").
- ``double_negative``: a frame that cancels a later term in its clause ("it's not like I never").
- ``fixed``: a fixed expression with no totality meaning ("all right", "at all").
- ``distress_cue``: a painful word; with a term in the same clause it marks distress.
- ``lack_cue``: something whose absence hurts ("cares", "friends"); with a negative term
  ("no one", "never", "nothing") in the same clause it marks distress.
- ``relief_cue``: a negative word whose absence is relief ("no one was hurt").
- ``denial_verb``: "I never said ..." is a denial, not a distress claim.

Blank lines and lines starting with ``//`` are ignored. Text is matched case-insensitively.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from spacy.util import registry

from resonance.errors import LexiconError
from resonance.types import CATEGORIES, Category

KINDS = (
    "meta",
    "term",
    "hedge",
    "negator",
    "double_negative",
    "fixed",
    "distress_cue",
    "lack_cue",
    "relief_cue",
    "denial_verb",
)
DEFAULT_NAME = "absolutist-v1.jsonl"


@dataclass(frozen=True)
class Lexicon:
    """A validated absolutist lexicon. Phrases are lower-cased strings."""

    terms: dict[str, Category]
    hedges: frozenset[str] = frozenset()
    negators: frozenset[str] = frozenset()
    double_negatives: frozenset[str] = frozenset()
    fixed: frozenset[str] = frozenset()
    distress_cues: frozenset[str] = frozenset()
    lack_cues: frozenset[str] = frozenset()
    relief_cues: frozenset[str] = frozenset()
    denial_verbs: frozenset[str] = frozenset()
    version: str = "unversioned"
    sources: tuple[str, ...] = field(default=())

    def to_lines(self) -> list[str]:
        """Serialise back to the JSON Lines format (used by ``to_disk``)."""
        lines = [{"kind": "meta", "name": "resonance-absolutist", "version": self.version}]
        lines += [{"kind": "term", "text": t, "category": c} for t, c in sorted(self.terms.items())]
        for kind, values in self._phrase_sets().items():
            lines += [{"kind": kind, "text": text} for text in sorted(values)]
        return [json.dumps(line, ensure_ascii=False) for line in lines]

    def _phrase_sets(self) -> dict[str, frozenset[str]]:
        return {
            "hedge": self.hedges,
            "negator": self.negators,
            "double_negative": self.double_negatives,
            "fixed": self.fixed,
            "distress_cue": self.distress_cues,
            "lack_cue": self.lack_cues,
            "relief_cue": self.relief_cues,
            "denial_verb": self.denial_verbs,
        }


def _parse_line(line: str, number: int, source: str) -> dict[str, str] | None:
    stripped = line.strip()
    if not stripped or stripped.startswith("//"):
        return None
    try:
        entry = json.loads(stripped)
    except json.JSONDecodeError as error:
        raise LexiconError(f"not valid JSON ({error.msg})", source=source, line=number) from None
    if not isinstance(entry, dict):
        raise LexiconError("expected a JSON object per line", source=source, line=number)
    kind = entry.get("kind")
    if kind not in KINDS:
        raise LexiconError(
            f"unknown kind {kind!r}; expected one of {', '.join(KINDS)}", source=source, line=number
        )
    if kind == "meta":
        return {"kind": "meta", "version": str(entry.get("version", "unversioned"))}
    text = entry.get("text")
    if not isinstance(text, str) or not text.strip():
        raise LexiconError(f"a {kind!r} entry needs a non-empty 'text'", source=source, line=number)
    parsed = {"kind": kind, "text": " ".join(text.lower().split())}
    if kind == "term":
        category = entry.get("category")
        if category not in CATEGORIES:
            raise LexiconError(
                f"term {text!r} has category {category!r}; expected one of {', '.join(CATEGORIES)}",
                source=source,
                line=number,
            )
        parsed["category"] = category
    return parsed


def parse_lexicon_lines(lines: Iterable[str], *, source: str) -> list[dict[str, str]]:
    """Parse and validate lexicon lines; raise LexiconError naming source and line."""
    entries = []
    for number, line in enumerate(lines, start=1):
        entry = _parse_line(line, number, source)
        if entry is not None:
            entries.append(entry)
    return entries


def build_lexicon(entries: Iterable[dict[str, str]], *, sources: tuple[str, ...] = ()) -> Lexicon:
    """Assemble parsed entries into a Lexicon (later entries win for a term's category)."""
    terms: dict[str, Category] = {}
    sets: dict[str, set[str]] = {kind: set() for kind in KINDS if kind not in ("meta", "term")}
    version = "unversioned"
    for entry in entries:
        if entry["kind"] == "meta":
            version = entry["version"]
        elif entry["kind"] == "term":
            terms[entry["text"]] = entry["category"]  # type: ignore[assignment]
        else:
            sets[entry["kind"]].add(entry["text"])
    if not terms:
        raise LexiconError("the lexicon defines no 'term' entries", source=", ".join(sources))
    return Lexicon(
        terms=terms,
        hedges=frozenset(sets["hedge"]),
        negators=frozenset(sets["negator"]),
        double_negatives=frozenset(sets["double_negative"]),
        fixed=frozenset(sets["fixed"]),
        distress_cues=frozenset(sets["distress_cue"]),
        lack_cues=frozenset(sets["lack_cue"]),
        relief_cues=frozenset(sets["relief_cue"]),
        denial_verbs=frozenset(sets["denial_verb"]),
        version=version,
        sources=sources,
    )


def read_lexicon_file(path: str | Path) -> list[dict[str, str]]:
    """Read and validate one lexicon file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise LexiconError("lexicon file not found", source=path) from None
    except UnicodeDecodeError as error:
        line = path.read_bytes()[: error.start].count(b"\n") + 1
        raise LexiconError("not valid UTF-8", source=path, line=line) from None
    return parse_lexicon_lines(text.splitlines(), source=str(path))


def _default_entries() -> list[dict[str, str]]:
    data = resources.files("resonance").joinpath("data", "lexicon", DEFAULT_NAME)
    return parse_lexicon_lines(data.read_text(encoding="utf-8").splitlines(), source=DEFAULT_NAME)


def load_lexicon(path: str | Path | None = None, *, extend: bool = True) -> Lexicon:
    """Load the packaged lexicon, optionally extended or replaced by a user file.

    Args:
        path: a JSON Lines lexicon file of your own, or None for the packaged one.
        extend: add the file's entries to the packaged lexicon (True) or use it alone (False).

    Raises:
        LexiconError: the file is missing, not UTF-8, or an entry is malformed (with line).
    """
    if path is None:
        return build_lexicon(_default_entries(), sources=(DEFAULT_NAME,))
    user = read_lexicon_file(path)
    if extend:
        return build_lexicon(_default_entries() + user, sources=(DEFAULT_NAME, str(path)))
    return build_lexicon(user, sources=(str(path),))


@dataclass(frozen=True)
class LexiconSource:
    """Where a component's lexicon comes from: the packaged file, maybe with a user file.

    Kept apart from the loaded ``Lexicon`` so that a saved pipeline, which carries its own
    copy of the lexicon, still loads after the user's original file has gone.
    """

    path: str | None = None
    extend: bool = True

    def load(self) -> Lexicon:
        return load_lexicon(self.path, extend=self.extend)

    @property
    def missing(self) -> bool:
        return self.path is not None and not Path(self.path).exists()


@registry.misc("resonance.lexicon.v1")
def default_lexicon_v1(path: str | None = None, extend: bool = True) -> LexiconSource:
    """Registered lexicon reference: use it in a spaCy config as ``resonance.lexicon.v1``.

    Args:
        path: a JSON Lines lexicon file of your own (None: only the packaged lexicon).
        extend: add it to the packaged lexicon (True) or use it alone (False).
    """
    return LexiconSource(path, extend)
