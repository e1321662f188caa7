"""Tests for the 19-word dictionary index (ANNOTATION.md section 5).

The index counts every occurrence of the 19 words of Al-Mosaiwi & Johnstone (2018), with
no context rules, case-insensitively and as whole words only; ``words`` is the number of
word tokens (punctuation excluded) and ``per_100`` is ``100 * count / words``.
"""

from __future__ import annotations

import pytest
import spacy

from resonance.dictionary import dictionary_index
from resonance.types import DictionaryIndex

DICTIONARY = [
    "absolutely",
    "all",
    "always",
    "complete",
    "completely",
    "constant",
    "constantly",
    "definitely",
    "entire",
    "ever",
    "every",
    "everyone",
    "everything",
    "full",
    "must",
    "never",
    "nothing",
    "totally",
    "whole",
]

# (text, words, matches in text order). No contractions, hyphens or digits here, so the
# word count does not depend on how a tokenizer splits them.
COUNTED: list[tuple[str, int, list[str]]] = [
    # every dictionary word, once each
    ("I always ruin everything.", 4, ["always", "everything"]),
    (
        "They constantly and completely ignored everyone.",
        6,
        ["constantly", "completely", "everyone"],
    ),
    (
        "The entire team was complete and totally constant.",
        8,
        ["entire", "complete", "totally", "constant"],
    ),
    ("You must try the whole thing.", 6, ["must", "whole"]),
    ("We definitely ate every cake.", 5, ["definitely", "every"]),
    ("Nothing was absolutely full.", 4, ["nothing", "absolutely", "full"]),
    # no context rules: hedges, negation, fixed expressions, questions and counted all count
    ("No one ever listens to me.", 6, ["ever"]),
    ("It was all right in the end.", 7, ["all"]),
    ("Not always, but often.", 4, ["always"]),
    ("Never mind the weather.", 4, ["never"]),
    ("Have you ever been there?", 5, ["ever"]),
    ("All three of us went.", 5, ["all"]),
    ("Every now and then we dance.", 6, ["every"]),
    ("Absolutely!", 1, ["absolutely"]),
    ("Definitely.", 1, ["definitely"]),
    ("I have never, ever, been so full.", 7, ["never", "ever", "full"]),
    # every occurrence, in any case
    ("Nothing, nothing, nothing!", 3, ["nothing", "nothing", "nothing"]),
    ("ALWAYS NEVER Always never", 4, ["always", "never", "always", "never"]),
    ("EVERYONE knows EVERYTHING", 3, ["everyone", "everything"]),
    ("Never!!! Never!!!", 2, ["never", "never"]),
    # whole words only: look-alikes and words outside the 19 are not counted
    ("I will allow it.", 4, []),
    ("Whatever happens, however long, forever.", 5, []),
    ("Nevermind the weather.", 3, []),
    ("Everyday life is full of small joys.", 7, ["full"]),
    ("Nobody cares about me.", 4, []),
    ("Everybody left early.", 3, []),
    ("Everest is everywhere in his photos.", 6, []),
    ("Mustard and fuller flavours.", 4, []),
    ("The hallway was tall and small.", 6, []),
    ("Wholesome food and constancy matter.", 5, []),
    ("I really miss her so very much.", 7, []),
    ("Totality and completeness are nouns.", 5, []),
]

# (text, count, matches): contractions are left out of the word count here on purpose.
COUNTED_WITH_CONTRACTIONS: list[tuple[str, int, list[str]]] = [
    ("I don't ever feel safe.", 1, ["ever"]),
    ("It's not like I never try.", 1, ["never"]),
    ("I can't do anything right.", 0, []),
    ("You're everything to me, always.", 2, ["everything", "always"]),
    ("We'll all be fine, won't we?", 1, ["all"]),
]


@pytest.mark.parametrize(
    ("text", "words", "matches"), [pytest.param(*row, id=row[0]) for row in COUNTED]
)
def test_counts_every_dictionary_word(text: str, words: int, matches: list[str]) -> None:
    index = dictionary_index(text)
    assert isinstance(index, DictionaryIndex)
    assert index.words == words
    assert index.count == len(matches)
    assert [match.lower() for match in index.matches] == matches
    assert index.per_100 == pytest.approx(100 * len(matches) / words)


@pytest.mark.parametrize(
    ("text", "count", "matches"),
    [pytest.param(*row, id=row[0]) for row in COUNTED_WITH_CONTRACTIONS],
)
def test_counts_in_sentences_with_contractions(text: str, count: int, matches: list[str]) -> None:
    index = dictionary_index(text)
    assert index.count == count
    assert [match.lower() for match in index.matches] == matches


@pytest.mark.parametrize("word", DICTIONARY)
def test_each_of_the_19_words_is_counted(word: str) -> None:
    for variant in (word, word.upper(), word.capitalize()):
        index = dictionary_index(f"She said {variant} twice: {variant}.")
        assert index.words == 5
        assert index.count == 2
        assert [match.lower() for match in index.matches] == [word, word]


def test_dictionary_has_19_words() -> None:
    assert len(set(DICTIONARY)) == 19


@pytest.mark.parametrize(
    "word",
    [
        "forever",
        "nobody",
        "everybody",
        "everywhere",
        "none",
        "nowhere",
        "entirely",
        "utterly",
        "whatever",
        "however",
        "nevertheless",
        "alright",
        "allow",
        "evermore",
        "fully",
        "musty",
    ],
)
def test_words_outside_the_dictionary_are_not_counted(word: str) -> None:
    index = dictionary_index(f"She said {word} again.")
    assert index.words == 4
    assert index.count == 0
    assert index.matches == ()
    assert index.per_100 == 0.0


@pytest.mark.parametrize("text", ["", "   ", "!!! ... ?", "\n\n"])
def test_text_without_words_gives_zero(text: str) -> None:
    index = dictionary_index(text)
    assert (index.words, index.count, index.matches, index.per_100) == (0, 0, (), 0.0)


def test_per_100_is_a_percentage_of_words() -> None:
    index = dictionary_index("I always ruin everything.")
    assert index.per_100 == pytest.approx(50.0)
    long_text = "We walked by the river. " * 24 + "It was always lovely."
    long_index = dictionary_index(long_text)
    assert long_index.words == 5 * 24 + 4
    assert long_index.count == 1
    assert long_index.per_100 == pytest.approx(100 / 124)


@pytest.mark.parametrize(
    "text",
    [
        "I always ruin everything.",
        "No one ever listens to me. Not always, but often.",
        "You're everything to me, always.",
        "",
    ],
)
def test_doc_and_text_give_the_same_index(text: str) -> None:
    nlp = spacy.blank("en")
    assert dictionary_index(nlp(text)) == dictionary_index(text)


def test_result_is_frozen_and_serialisable() -> None:
    index = dictionary_index("Never, ever again.")
    as_dict = index.to_dict()
    assert sorted(as_dict) == ["count", "matches", "per_100", "words"]
    assert (as_dict["words"], as_dict["count"]) == (3, 2)
    assert [match.lower() for match in as_dict["matches"]] == ["never", "ever"]
    assert as_dict["per_100"] == pytest.approx(200 / 3)
    with pytest.raises(AttributeError):
        index.count = 0  # type: ignore[misc]
