"""Tests for the ``resonance_absolutist`` spaCy component as a component.

Entry-point use without importing resonance, the ``to_disk`` / ``spacy.load`` round trip,
user lexicons (extend, replace, malformed) and the parser-aware path. The rules themselves
are specified in ``test_absolutist_rules.py``.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from resonance.errors import LexiconError
from resonance.lexicon import load_lexicon

Triple = tuple[str, str, bool]


def _blank(config: dict[str, object] | None = None) -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("resonance_absolutist", config=config or {})
    return nlp


def _triples(nlp: Language, text: str) -> list[Triple]:
    doc = nlp(text)
    return [(s.text, s.label_, s._.distress) for s in doc.spans["absolutist"]]


def _pairs(nlp: Language, text: str) -> list[tuple[str, str]]:
    doc = nlp(text)
    return [(s.text, s.label_) for s in doc.spans["absolutist"]]


def _offsets(nlp: Language, text: str) -> list[tuple[int, int, str, bool]]:
    doc = nlp(text)
    return [(s.start_char, s.end_char, s.label_, s._.distress) for s in doc.spans["absolutist"]]


def _lexicon_config(path: Path, *, extend: bool) -> dict[str, object]:
    return {"lexicon": {"@misc": "resonance.lexicon.v1", "path": str(path), "extend": extend}}


def _write_lines(path: Path, entries: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(entry) + "\n" for entry in entries), encoding="utf-8")
    return path


# --- Entry point: add_pipe works after install with no `import resonance` -----------------

ENTRY_POINT_SCRIPT = textwrap.dedent(
    """
    import json
    import sys

    import spacy

    imported_before = "resonance" in sys.modules
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("resonance_absolutist")
    doc = nlp("No one ever listens to me. I walk the dog every day.")
    spans = [[s.text, s.label_, s._.distress] for s in doc.spans["absolutist"]]
    print(json.dumps({"imported_before": imported_before, "spans": spans}))
    """
)


def test_entry_point_works_without_importing_resonance(tmp_path: Path) -> None:
    assert "import resonance" not in ENTRY_POINT_SCRIPT
    result = subprocess.run(
        [sys.executable, "-c", ENTRY_POINT_SCRIPT],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    output = json.loads(result.stdout.strip().splitlines()[-1])
    assert output["imported_before"] is False
    assert output["spans"] == [
        ["No one", "people", True],
        ["ever", "time", True],
        ["every day", "time", False],
    ]


# --- nlp.to_disk / spacy.load round trip ---------------------------------------------------

ROUND_TRIP_SENTENCES = [
    "No one ever listens to me.",
    "I always ruin everything.",
    "It's always nice to see you.",
    "I walk the dog every day.",
    "I never said I didn't want to come.",
    "Not everyone hates me, but nobody calls either.",
    "It's not like I never try.",
    "Are you all right? I didn't sleep at all.",
    "Have you ever been to Lisbon? Nothing ever changes here.",
    "All three of us went hiking, and I felt completely alone.",
    "Not a single person asked how I was doing.",
    "NOBODY CARES ABOUT ME",
]


def test_round_trip_gives_identical_spans(tmp_path: Path) -> None:
    nlp = _blank()
    nlp.to_disk(tmp_path / "pipeline")
    loaded = spacy.load(tmp_path / "pipeline")
    assert loaded.pipe_names == ["sentencizer", "resonance_absolutist"]
    for text in ROUND_TRIP_SENTENCES:
        assert _offsets(loaded, text) == _offsets(nlp, text), text
    assert any(_offsets(nlp, text) for text in ROUND_TRIP_SENTENCES)


def test_round_trip_keeps_a_user_lexicon_after_its_file_is_gone(tmp_path: Path) -> None:
    user_file = _write_lines(
        tmp_path / "mine.jsonl", [{"kind": "term", "text": "eternally", "category": "time"}]
    )
    nlp = _blank(_lexicon_config(user_file, extend=True))
    text = "Everyone hates me and I feel eternally alone."
    expected = [("Everyone", "people"), ("eternally", "time")]
    assert _pairs(nlp, text) == expected
    nlp.to_disk(tmp_path / "pipeline")
    user_file.unlink()
    loaded = spacy.load(tmp_path / "pipeline")
    assert _pairs(loaded, text) == expected
    assert _offsets(loaded, text) == _offsets(nlp, text)


# --- User lexicons: extend and replace ------------------------------------------------------


def test_extending_the_lexicon_adds_a_term(tmp_path: Path) -> None:
    text = "Everyone hates me and I feel eternally alone."
    assert _pairs(_blank(), text) == [("Everyone", "people")]
    user_file = _write_lines(
        tmp_path / "extra.jsonl",
        [
            {"kind": "meta", "name": "mine", "version": "0.1"},
            {"kind": "term", "text": "eternally", "category": "time"},
        ],
    )
    nlp = _blank(_lexicon_config(user_file, extend=True))
    assert _pairs(nlp, text) == [("Everyone", "people"), ("eternally", "time")]


def test_extending_the_lexicon_adds_a_fixed_expression(tmp_path: Path) -> None:
    text = "Never say never, right?"
    assert _pairs(_blank(), text) != []
    user_file = _write_lines(
        tmp_path / "fixed.jsonl", [{"kind": "fixed", "text": "never say never"}]
    )
    assert _pairs(_blank(_lexicon_config(user_file, extend=True)), text) == []


def test_extending_the_lexicon_can_add_a_multi_word_term(tmp_path: Path) -> None:
    text = "I sit by the window day in day out."
    assert _pairs(_blank(), text) == []
    user_file = _write_lines(
        tmp_path / "mwe.jsonl", [{"kind": "term", "text": "day in day out", "category": "time"}]
    )
    assert _pairs(_blank(_lexicon_config(user_file, extend=True)), text) == [
        ("day in day out", "time")
    ]


def test_replacing_the_lexicon_uses_only_the_users_terms(tmp_path: Path) -> None:
    user_file = _write_lines(
        tmp_path / "only.jsonl", [{"kind": "term", "text": "eternally", "category": "time"}]
    )
    nlp = _blank(_lexicon_config(user_file, extend=False))
    assert _pairs(nlp, "Everyone hates me and I feel eternally alone.") == [("eternally", "time")]
    assert _pairs(nlp, "I always ruin everything.") == []


def test_an_extended_lexicon_keeps_the_packaged_rules(tmp_path: Path) -> None:
    user_file = _write_lines(
        tmp_path / "extra.jsonl", [{"kind": "term", "text": "eternally", "category": "time"}]
    )
    nlp = _blank(_lexicon_config(user_file, extend=True))
    for text in ROUND_TRIP_SENTENCES:
        assert _triples(nlp, text) == _triples(_blank(), text), text


# --- Malformed lexicon files: LexiconError naming the file, the line and the problem -------

GOOD_LINE = '{"kind": "term", "text": "eternally", "category": "time"}'

MALFORMED: list[tuple[str, str, int, str]] = [
    # (id, file content, line of the problem, word the message must contain)
    ("broken JSON", GOOD_LINE + '\n{"kind": "term", "text": "ceaselessly"\n', 2, "JSON"),
    (
        "unknown category",
        GOOD_LINE + '\n\n{"kind": "term", "text": "ceaselessly", "category": "forever"}\n',
        3,
        "category",
    ),
    (
        "missing category",
        '// my words\n{"kind": "term", "text": "ceaselessly"}\n',
        2,
        "category",
    ),
    ("unknown kind", GOOD_LINE + '\n{"kind": "word", "text": "ceaselessly"}\n', 2, "kind"),
    ("missing kind", '{"text": "ceaselessly", "category": "time"}\n', 1, "kind"),
    ("missing text", GOOD_LINE + "\n" + GOOD_LINE + '\n{"kind": "hedge"}\n', 3, "text"),
    ("empty text", '{"kind": "negator", "text": "   "}\n', 1, "text"),
    ("not an object", GOOD_LINE + '\n["term", "ceaselessly", "time"]\n', 2, "object"),
]


@pytest.mark.parametrize(
    ("content", "line", "problem"), [pytest.param(*row[1:], id=row[0]) for row in MALFORMED]
)
@pytest.mark.parametrize("extend", [True, False])
def test_malformed_lexicon_names_file_line_and_problem(
    tmp_path: Path, content: str, line: int, problem: str, extend: bool
) -> None:
    path = tmp_path / "bad-lexicon.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(LexiconError) as caught:
        _blank(_lexicon_config(path, extend=extend))
    error = caught.value
    assert error.source == str(path)
    assert error.line == line
    assert problem.lower() in error.message.lower()
    assert str(error).startswith(f"{path}:{line}: ")


def test_lexicon_that_is_not_utf8_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.jsonl"
    path.write_bytes(
        (GOOD_LINE + "\n").encode() + '{"kind": "term", "text": "tôjours"}\n'.encode("latin-1")
    )
    with pytest.raises(LexiconError) as caught:
        load_lexicon(path)
    assert caught.value.source == str(path)
    assert caught.value.line == 2
    assert "utf-8" in caught.value.message.lower()


def test_missing_lexicon_file_is_a_lexicon_error(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.jsonl"
    # Reported on first use, not by add_pipe: spacy.load must still be able to build the
    # component from a saved pipeline (which carries its own copy) after the file has gone.
    nlp = _blank(_lexicon_config(path, extend=True))
    with pytest.raises(LexiconError) as caught:
        nlp("Everyone left.")
    assert caught.value.source == str(path)
    assert str(caught.value).startswith(f"{path}: ")


def test_lexicon_without_terms_cannot_replace_the_packaged_one(tmp_path: Path) -> None:
    path = _write_lines(tmp_path / "hedges-only.jsonl", [{"kind": "hedge", "text": "mostly"}])
    with pytest.raises(LexiconError) as caught:
        _blank(_lexicon_config(path, extend=False))
    assert str(path) in str(caught.value)
    assert "term" in caught.value.message


def test_lexicon_error_is_also_a_value_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text("{not json}\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.jsonl:1: "):
        load_lexicon(path)


# --- The parser-aware path: dependency labels from the user's parser -----------------------

# (words, spaces, heads, deps, expected spans). Heads are absolute token indices.
PARSED: list[tuple[str, list[str], list[bool], list[int], list[str], list[Triple]]] = [
    (
        "negation attached by neg, away from the term",
        ["I", "have", "not", ",", "honestly", ",", "always", "been", "kind", "."],
        [True, True, False, True, False, True, True, True, False, False],
        [7, 7, 7, 4, 7, 4, 7, 7, 7, 7],
        ["nsubj", "aux", "neg", "punct", "advmod", "punct", "advmod", "ROOT", "acomp", "punct"],
        [],
    ),
    (
        "negation of another clause leaves the term",
        ["I", "do", "n't", "know", "why", ",", "but", "everyone", "leaves", "me", "."],
        [True, False, True, True, False, True, True, True, True, False, False],
        [3, 3, 3, 3, 3, 3, 3, 8, 3, 8, 3],
        ["nsubj", "aux", "neg", "ROOT", "advmod", "punct", "cc", "nsubj", "conj", "dobj", "punct"],
        [("everyone", "people", True)],
    ),
    (
        "negation attached to the quantifier",
        ["Not", "everyone", "hates", "me", "."],
        [True, True, True, False, False],
        [1, 2, 2, 2, 2],
        ["neg", "nsubj", "ROOT", "dobj", "punct"],
        [],
    ),
    (
        "no negation",
        ["Nobody", "ever", "calls", "me", "."],
        [True, True, True, False, False],
        [2, 2, 2, 2, 2],
        ["nsubj", "advmod", "ROOT", "dobj", "punct"],
        [("Nobody", "people", True), ("ever", "time", True)],
    ),
    (
        "double negative",
        ["It", "'s", "not", "like", "I", "never", "try", "."],
        [False, True, True, True, True, True, False, False],
        [1, 1, 1, 1, 6, 6, 3, 1],
        ["nsubj", "ROOT", "neg", "prep", "nsubj", "neg", "pcomp", "punct"],
        [],
    ),
    (
        "two sentences from the parse",
        ["It", "'s", "always", "nice", ".", "No", "one", "ever", "visits", "me", "."],
        [False, True, True, False, True, True, True, True, True, False, False],
        [1, 1, 1, 1, 1, 6, 8, 8, 8, 8, 8],
        [
            "nsubj",
            "ROOT",
            "advmod",
            "acomp",
            "punct",
            "det",
            "nsubj",
            "advmod",
            "ROOT",
            "dobj",
            "punct",
        ],
        [("always", "time", False), ("No one", "people", True), ("ever", "time", True)],
    ),
]


@pytest.fixture(scope="module")
def tagger_only() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("resonance_absolutist")
    return nlp


@pytest.mark.parametrize(
    ("words", "spaces", "heads", "deps", "expected"),
    [pytest.param(*row[1:], id=row[0]) for row in PARSED],
)
def test_parsed_doc_uses_dependency_labels(
    tagger_only: Language,
    words: list[str],
    spaces: list[bool],
    heads: list[int],
    deps: list[str],
    expected: list[Triple],
) -> None:
    doc = Doc(tagger_only.vocab, words=words, spaces=spaces, heads=heads, deps=deps)
    assert doc.has_annotation("DEP")
    doc = tagger_only(doc)
    assert [(s.text, s.label_, s._.distress) for s in doc.spans["absolutist"]] == expected


TOY_PARSES = {tuple(row[1]): (row[3], row[4]) for row in PARSED}


@Language.component("test_toy_parser")
def toy_parser(doc: Doc) -> Doc:
    """Stand in for a trained parser: look the sentence up in PARSED and set its parse."""
    heads, deps = TOY_PARSES[tuple(token.text for token in doc)]
    spaces = [bool(token.whitespace_) for token in doc]
    words = [token.text for token in doc]
    return Doc(doc.vocab, words=words, spaces=spaces, heads=heads, deps=deps)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I have not, honestly, always been kind.", []),
        ("I don't know why, but everyone leaves me.", [("everyone", "people", True)]),
        ("Nobody ever calls me.", [("Nobody", "people", True), ("ever", "time", True)]),
    ],
)
def test_pipeline_with_a_parser_component(text: str, expected: list[Triple]) -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("test_toy_parser")
    nlp.add_pipe("resonance_absolutist")
    assert _triples(nlp, text) == expected


def test_use_parser_false_ignores_dependency_labels() -> None:
    words, spaces, heads, deps, _ = PARSED[0][1:]
    nlp = spacy.blank("en")
    nlp.add_pipe("resonance_absolutist", config={"use_parser": False})
    doc = nlp(Doc(nlp.vocab, words=words, spaces=spaces, heads=heads, deps=deps))
    parsed = [(s.text, s.label_, s._.distress) for s in doc.spans["absolutist"]]
    assert parsed == _triples(_blank(), doc.text)
    assert parsed != []
