"""The Python API: analyze, analyze_many, load / add_to, and the sentencizer."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from pathlib import Path

import pytest
import spacy
from spacy.language import Language

import resonance
from resonance.pipeline import load
from resonance.sentences import PUNCT_CHARS

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def rules() -> Language:
    return load(rules_only=True)


def test_import_is_cheap_and_has_no_heavy_imports() -> None:
    code = (
        "import sys, resonance; "
        "heavy = ('spacy', 'torch', 'onnxruntime', 'transformers'); "
        "heavy = [m for m in heavy if m in sys.modules]; "
        "print(','.join(heavy))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_analyze_returns_a_frozen_typed_reflection(rules: Language) -> None:
    result = resonance.analyze("I always ruin everything. We walk every day.", nlp=rules, id="j1")
    assert isinstance(result, resonance.Reflection)
    assert result.id == "j1"
    assert [(s.text, s.category, s.distress) for s in result.spans] == [
        ("always", "time", True),
        ("everything", "totality", True),
        ("every day", "time", False),
    ]
    assert [s.text for s in result.sentences] == ["I always ruin everything.", "We walk every day."]
    assert [s.text for s in result.distress_spans] == ["always", "everything"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.id = "other"  # type: ignore[misc]


def test_to_dict_is_plain_json(rules: Language) -> None:
    result = resonance.analyze("Nobody ever calls.", nlp=rules, meta={"group": "a"})
    data = result.to_dict()
    assert json.loads(json.dumps(data)) == data
    assert isinstance(data["spans"], list) and isinstance(
        data["index"]["dictionary"]["matches"], list
    )
    assert data["meta"] == {"group": "a"}


def test_index_rates_per_100_words(rules: Language) -> None:
    result = resonance.analyze("Nobody ever calls me, and it is always the same.", nlp=rules)
    index = result.index
    assert index.words == 10
    assert index.absolutist_per_100 == pytest.approx(30.0)  # Nobody, ever, always
    assert index.dictionary.matches == ("ever", "always")
    assert index.dictionary_per_100 == pytest.approx(20.0)


def test_analyze_many_streams_in_order_with_ids(rules: Language) -> None:
    texts = (t for t in ["Nobody calls.", "", "All good.", "Everyone left."])
    results = list(resonance.analyze_many(texts, ids=["a", "b", "c", "d"], nlp=rules, batch_size=2))
    assert [r.id for r in results] == ["a", "b", "c", "d"]
    assert [len(r.spans) for r in results] == [1, 0, 0, 1]
    assert results[1].sentences == () and results[1].index.words == 0


def test_add_to_an_existing_pipeline() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    resonance.add_to(nlp, rules_only=True)
    assert nlp.pipe_names == ["sentencizer", "resonance_absolutist"]
    result = resonance.to_reflection(nlp("Everyone hates me."), id="x")
    assert [s.text for s in result.spans] == ["Everyone"]


def test_user_lexicon_through_load(tmp_path: Path) -> None:
    path = tmp_path / "mine.jsonl"
    path.write_text('{"kind": "term", "text": "eternally", "category": "time"}\n', "utf-8")
    nlp = load(rules_only=True, lexicon=path)
    assert [s.text for s in resonance.analyze("I feel eternally alone.", nlp=nlp).spans] == [
        "eternally"
    ]


def _corpus_texts() -> list[str]:
    texts = []
    for split in ("train", "dev", "test"):
        with (ROOT / "data" / "annotations" / f"{split}.jsonl").open(encoding="utf-8") as handle:
            texts += [json.loads(line)["text"] for line in handle]
    return texts


EDGE_TEXTS = [
    "",
    " ",
    "a",
    "Hello. World",
    "a\nb",
    "ok!!! fine",
    "no end",
    "x.",
    "... hm. ok",
    "Mr. Smith went home. He slept.",
    "wait?!\n\nok",
    "one\n\n\ntwo",
    "hi \n",
    "«Non.» Oui。好",
]


def test_sentencizer_matches_spacys_on_the_corpus_and_edge_cases() -> None:
    reference = spacy.blank("en")
    reference.add_pipe("sentencizer", config={"punct_chars": [*PUNCT_CHARS, "\n\n", "\n\n\n"]})
    fast = spacy.blank("en")
    fast.add_pipe("resonance_sentencizer")
    for text in _corpus_texts() + EDGE_TEXTS:
        assert [s.text for s in fast(text).sents] == [s.text for s in reference(text).sents], text
