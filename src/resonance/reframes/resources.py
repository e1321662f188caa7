"""Package data for reframes and the crisis guard, loaded by registered, versioned functions.

Four JSON files live in ``resonance/data/reframes/``: crisis patterns, safety resources per
country, tone rules (banned phrases) and reframe templates. Each loader validates what it
reads and raises ``InputError`` naming the file and line of the first problem. Each takes an
optional ``path`` so a deployment can ship its own file (for example its country's helplines)
and reference it from a spaCy config (``{"@misc": "resonance.safety_resources.v1", "path": ...}``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, get_args

from spacy.util import registry

from resonance.errors import InputError
from resonance.types import CrisisKind

CRISIS_KINDS: tuple[str, ...] = get_args(CrisisKind)
MESSAGE_GROUPS = ("self", "danger", "others")
TONE_CATEGORIES = ("command", "toxic_positivity", "diagnosis", "mockery")
STRATEGIES = ("soften_absolute", "find_exception", "feeling_not_fact", "small_step", "truer_word")


@dataclass(frozen=True)
class CrisisRule:
    """One crisis pattern: its id, the kind of crisis it signals, and the compiled regex."""

    id: str
    kind: str
    pattern: re.Pattern[str]
    topic_sensitive: bool = False


@dataclass(frozen=True)
class CrisisPatterns:
    """Validated crisis rules plus the context patterns that cancel a match."""

    rules: tuple[CrisisRule, ...]
    figurative: tuple[re.Pattern[str], ...]
    topic: re.Pattern[str]
    past: re.Pattern[str]
    resolved: re.Pattern[str]
    recurrence: re.Pattern[str]
    version: str


@dataclass(frozen=True)
class CountryResources:
    """Where to find immediate human help in one country."""

    emergency: str
    resources: tuple[str, ...]
    danger: tuple[str, ...] = ()


@dataclass(frozen=True)
class SafetyResources:
    """Safety messages by group (self, danger, others) and help resources by country."""

    messages: dict[str, str]
    countries: dict[str, CountryResources]
    version: str


@dataclass(frozen=True)
class ToneRules:
    """Banned phrases as (category, compiled regex) pairs."""

    banned: tuple[tuple[str, re.Pattern[str]], ...]
    version: str


@dataclass(frozen=True)
class Minimizer:
    """A guarded phrase ("I'm fine") and the truer wording offered in its place."""

    pattern: re.Pattern[str]
    truer: str
    word: str


@dataclass(frozen=True)
class Templates:
    """The prose of reframes: questions per strategy, feeling frames, guarded-sentence lines."""

    questions: dict[str, tuple[str, ...]]
    frames: tuple[str, ...]
    minimizers: tuple[Minimizer, ...]
    open_lines: tuple[str, ...]
    version: str


def compile_phrase(pattern: str) -> re.Pattern[str]:
    """Compile a data-file pattern: case-insensitive, spaces match any whitespace, and the
    whole pattern must start and end at word edges."""
    body = pattern.replace(" ?", r"\s*").replace(" ", r"\s+")
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE)


def _read(name: str, path: str | Path | None) -> tuple[dict[str, Any], str, str]:
    if path is None:
        source = name
        raw = resources.files("resonance").joinpath("data", "reframes", name).read_text("utf-8")
    else:
        source = str(path)
        try:
            raw = Path(path).read_text(encoding="utf-8")
        except (FileNotFoundError, IsADirectoryError):
            raise InputError("file not found", source=source) from None
        except UnicodeDecodeError:
            raise InputError("not valid UTF-8", source=source) from None
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as error:
        message = f"not valid JSON ({error.msg})"
        raise InputError(message, source=source, line=error.lineno) from None
    if not isinstance(data, dict):
        raise InputError("expected a JSON object at the top level", source=source, line=1)
    return data, raw, source


def _line_of(raw: str, needle: str) -> int:
    index = raw.find(needle)
    return raw.count("\n", 0, index) + 1 if index >= 0 else 1


def _compile(pattern: Any, raw: str, source: str) -> re.Pattern[str]:
    if not isinstance(pattern, str) or not pattern:
        raise InputError(
            f"expected a non-empty pattern string, got {pattern!r}",
            source=source,
            line=_line_of(raw, json.dumps(pattern)[:40]),
        )
    try:
        return compile_phrase(pattern)
    except re.error as error:
        raise InputError(
            f"bad regular expression ({error})",
            source=source,
            line=_line_of(raw, json.dumps(pattern)[1:40]),
        ) from None


def _require(data: dict[str, Any], key: str, kind: type, raw: str, source: str) -> Any:
    value = data.get(key)
    if not isinstance(value, kind) or not value:
        raise InputError(
            f"expected a non-empty {kind.__name__} under {key!r}",
            source=source,
            line=_line_of(raw, f'"{key}"'),
        )
    return value


def _crisis_rule(entry: Any, raw: str, source: str) -> CrisisRule:
    if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
        raise InputError(
            "each rule needs an 'id', a 'kind' and a 'pattern'",
            source=source,
            line=_line_of(raw, json.dumps(entry)[:30]),
        )
    line = _line_of(raw, f'"id": "{entry["id"]}"')
    if entry.get("kind") not in CRISIS_KINDS:
        raise InputError(
            f"rule {entry['id']!r} has kind {entry.get('kind')!r}; expected one of "
            f"{', '.join(CRISIS_KINDS)}",
            source=source,
            line=line,
        )
    return CrisisRule(
        entry["id"],
        entry["kind"],
        _compile(entry.get("pattern"), raw, source),
        bool(entry.get("topic_sensitive", False)),
    )


def load_crisis_patterns(path: str | Path | None = None) -> CrisisPatterns:
    """Load and validate crisis patterns (the packaged ``crisis-v1.json`` by default)."""
    data, raw, source = _read("crisis-v1.json", path)
    rules = tuple(_crisis_rule(e, raw, source) for e in _require(data, "rules", list, raw, source))
    figurative = tuple(_compile(p, raw, source) for p in data.get("figurative", []))
    context = {
        key: _compile(_require(data, key, str, raw, source), raw, source)
        for key in ("topic", "past", "resolved", "recurrence")
    }
    return CrisisPatterns(
        rules=rules, figurative=figurative, version=str(data.get("version")), **context
    )


def load_safety_resources(path: str | Path | None = None) -> SafetyResources:
    """Load and validate safety messages and per-country resources."""
    data, raw, source = _read("safety-v1.json", path)
    messages = _require(data, "messages", dict, raw, source)
    for group in MESSAGE_GROUPS:
        if not isinstance(messages.get(group), str) or "{emergency}" not in messages[group]:
            raise InputError(
                f"messages.{group} must be text containing '{{emergency}}'",
                source=source,
                line=_line_of(raw, '"messages"'),
            )
    countries = {}
    for code, entry in _require(data, "countries", dict, raw, source).items():
        line = _line_of(raw, f'"{code}":')
        if (
            not isinstance(entry, dict)
            or not isinstance(entry.get("emergency"), str)
            or not (isinstance(entry.get("resources"), list) and entry["resources"])
        ):
            raise InputError(
                f"country {code!r} needs 'emergency' text and a non-empty 'resources' list",
                source=source,
                line=line,
            )
        countries[code.lower()] = CountryResources(
            entry["emergency"], tuple(entry["resources"]), tuple(entry.get("danger", ()))
        )
    if "international" not in countries:
        raise InputError(
            "the 'international' entry is required",
            source=source,
            line=_line_of(raw, '"countries"'),
        )
    return SafetyResources(
        messages=dict(messages), countries=countries, version=str(data.get("version"))
    )


def load_tone_rules(path: str | Path | None = None) -> ToneRules:
    """Load and validate the banned phrases (commands, toxic positivity, diagnosis, mockery)."""
    data, raw, source = _read("tone-v1.json", path)
    banned = _require(data, "banned", dict, raw, source)
    pairs = []
    for category, patterns in banned.items():
        if category not in TONE_CATEGORIES or not isinstance(patterns, list):
            raise InputError(
                f"unknown tone category {category!r}; expected one of {', '.join(TONE_CATEGORIES)}",
                source=source,
                line=_line_of(raw, f'"{category}"'),
            )
        pairs += [(category, _compile(p, raw, source)) for p in patterns]
    return ToneRules(banned=tuple(pairs), version=str(data.get("version")))


def load_templates(path: str | Path | None = None) -> Templates:
    """Load and validate reframe templates: every strategy needs at least two questions."""
    data, raw, source = _read("templates-v1.json", path)
    questions = _require(data, "questions", dict, raw, source)
    for strategy in STRATEGIES:
        options = questions.get(strategy)
        if (
            not isinstance(options, list)
            or len(options) < 2
            or not all(isinstance(q, str) and q.rstrip().endswith("?") for q in options)
        ):
            raise InputError(
                f"strategy {strategy!r} needs at least two questions ending in '?'",
                source=source,
                line=_line_of(raw, f'"{strategy}"'),
            )
    minimizers = []
    for entry in _require(data, "minimizers", list, raw, source):
        if not isinstance(entry, dict) or not {"pattern", "truer", "word"} <= entry.keys():
            raise InputError(
                "each minimizer needs 'pattern', 'truer' and 'word'",
                source=source,
                line=_line_of(raw, json.dumps(entry)[:30]),
            )
        minimizers.append(
            Minimizer(_compile(entry["pattern"], raw, source), entry["truer"], entry["word"])
        )
    return Templates(
        questions={k: tuple(v) for k, v in questions.items()},
        frames=tuple(_require(data, "frames", list, raw, source)),
        minimizers=tuple(minimizers),
        open_lines=tuple(_require(data, "open_lines", list, raw, source)),
        version=str(data.get("version")),
    )


@registry.misc("resonance.crisis_patterns.v1")
@lru_cache(maxsize=8)
def crisis_patterns_v1(path: str | None = None) -> CrisisPatterns:
    """Registered loader for crisis patterns (cached per path)."""
    return load_crisis_patterns(path)


@registry.misc("resonance.safety_resources.v1")
@lru_cache(maxsize=8)
def safety_resources_v1(path: str | None = None) -> SafetyResources:
    """Registered loader for safety messages and resources (cached per path)."""
    return load_safety_resources(path)


@registry.misc("resonance.tone_rules.v1")
@lru_cache(maxsize=8)
def tone_rules_v1(path: str | None = None) -> ToneRules:
    """Registered loader for tone rules (cached per path)."""
    return load_tone_rules(path)


@registry.misc("resonance.reframe_templates.v1")
@lru_cache(maxsize=8)
def reframe_templates_v1(path: str | None = None) -> Templates:
    """Registered loader for reframe templates (cached per path)."""
    return load_templates(path)
