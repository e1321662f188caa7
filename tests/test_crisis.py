"""The crisis guard (ANNOTATION.md section 4): tables of crisis language and hard negatives.

Every sentence here was written for these tests, separately from ``data/crisis/crisis.jsonl``
(the measured set, with its dev and test parts). Negation must err on the side of safety;
figurative speech, topic talk, clearly past and resolved experiences, and sadness or
loneliness without danger are not crisis. A crisis document never gets a reframe.
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from pathlib import Path

import pytest
from spacy.language import Language

from resonance.errors import InputError
from resonance.reframes import detect_crisis, is_gentle, respond, safety_message

CRISIS_FILE = Path(__file__).resolve().parents[1] / "data" / "crisis" / "crisis.jsonl"


@pytest.fixture(scope="module")
def nlp() -> Language:
    from resonance.pipeline import load

    return load(rules_only=True)


# (text, kind the guard must report)
POSITIVE: list[tuple[str, str]] = [
    ("I really want to die tonight.", "suicidal_ideation"),
    ("Honestly I just wanna be dead.", "suicidal_ideation"),
    ("I've been thinking about killing myself every night this week.", "suicidal_ideation"),
    ("i'm going to end my life", "suicidal_ideation"),
    ("Everyone would be better off without me around.", "suicidal_ideation"),
    ("I wish I'd never been born.", "suicidal_ideation"),
    ("Nobody would care if I died tomorrow.", "suicidal_ideation"),
    ("There's no reason to keep living.", "suicidal_ideation"),
    ("I'm so tired of being alive, I want it to stop.", "suicidal_ideation"),
    ("I don't want to exist anymore.", "suicidal_ideation"),
    ("I keep hoping I won't wake up.", "suicidal_ideation"),
    ("ngl i feel suicidal today", "suicidal_ideation"),
    ("I don't want to die, I just want all of this to stop hurting.", "suicidal_ideation"),
    ("I'm not going to kill myself, don't worry, I just think about it.", "suicidal_ideation"),
    ("I never said I wanted to die, but I don't want to be alive either.", "suicidal_ideation"),
    ("I've been stockpiling my sleeping pills.", "plan_or_means"),
    ("I looked up how to kill myself.", "suicidal_ideation"),
    ("I wrote a suicide note and hid it in my drawer.", "suicidal_ideation"),
    ("I swallowed all my meds an hour ago.", "plan_or_means"),
    ("I keep thinking about jumping off the bridge near school.", "plan_or_means"),
    ("I cut myself last night and it helped for a minute.", "self_harm"),
    ("I've been burning myself with a lighter.", "self_harm"),
    ("The urge to self-harm is so strong right now.", "self_harm"),
    ("I hurt myself again on purpose.", "self_harm"),
    ("My dad hits me when he's angry.", "danger_from_someone"),
    ("My ex threatened to kill me if I told anyone.", "danger_from_someone"),
    ("I don't feel safe at home anymore.", "danger_from_someone"),
    ("My boyfriend choked me during a fight.", "danger_from_someone"),
    ("Her stepdad touches my little cousin and nobody believes me.", "harm_to_child"),
    ("I'm afraid I might hurt my baby when she won't stop crying.", "harm_to_child"),
    ("I want to stab him for what he did.", "harm_to_others"),
    ("I've thought about taking my dad's gun to school.", "harm_to_others"),
]

# (text, why it is not crisis)
NEGATIVE: list[tuple[str, str]] = [
    ("This commute is killing me.", "figurative"),
    ("I'd die for a slice of that cake.", "figurative"),
    ("I'm dead tired after the night shift.", "figurative"),
    ("My laptop died in the middle of the essay.", "figurative"),
    ("I'm dying to hear how the date went!", "figurative"),
    ("We laughed so hard I nearly died.", "figurative"),
    ("I could just die of embarrassment.", "figurative"),
    ("She totally killed it on stage.", "figurative"),
    ("Dad will kill me if I scratch the car.", "figurative"),
    ("I'm killing myself trying to finish this project.", "figurative"),
    ("I cut myself on a broken glass while washing up.", "figurative"),
    ("I burned myself on the kettle again, clumsy me.", "figurative"),
    ("I hurt myself playing football.", "figurative"),
    ("My cousin beat me at chess again.", "figurative"),
    ("I'm dyeing my hair green this weekend.", "figurative"),
    ("I'd rather die than sing karaoke.", "figurative"),
    ("Our class read a novel about a boy who thinks about suicide.", "topic"),
    ("The article was about self-harm among teenagers.", "topic"),
    ("I volunteer for a suicide prevention charity.", "topic"),
    ("My grandma died in her sleep last year.", "topic"),
    ("I'm terrified of dying on the operating table.", "topic"),
    ("The war documentary showed how many people were killed.", "topic"),
    ("Years ago I used to cut, but I've been clean for four years now.", "past_resolved"),
    ("When I was sixteen I wanted to die, and I'm so glad I'm still here.", "past_resolved"),
    ("My ex used to hurt me, but I left and I'm safe now.", "past_resolved"),
    ("I haven't self-harmed since 2019 and I'm proud of it.", "past_resolved"),
    ("I feel so lonely I could cry.", "sadness"),
    ("Nobody ever asks how I'm doing.", "sadness"),
    ("I hate my job and everything about this week.", "sadness"),
    ("I want to disappear under my duvet all weekend.", "sadness"),
    ("I'm sick of being the one who always texts first.", "sadness"),
    ("Life feels pointless some days.", "sadness"),
    ("I don't want to be here, this meeting is endless.", "sadness"),
    ("I just want to sleep until Monday.", "sadness"),
    ("I'm exhausted and I can't keep doing everything alone.", "sadness"),
    ("I'll be alone forever at this rate.", "sadness"),
]


def test_tables_balance() -> None:
    assert len(NEGATIVE) >= len(POSITIVE) >= 30


@pytest.mark.parametrize(("text", "kind"), POSITIVE)
def test_crisis_language_is_flagged(nlp: Language, text: str, kind: str) -> None:
    result = detect_crisis(nlp(text))
    assert result.crisis
    assert kind in result.kinds


@pytest.mark.parametrize(("text", "why"), NEGATIVE)
def test_hard_negatives_are_not_crisis(nlp: Language, text: str, why: str) -> None:
    assert not detect_crisis(nlp(text)).crisis


@pytest.mark.parametrize("text", [row[0] for row in POSITIVE])
def test_crisis_document_never_gets_a_reframe(nlp: Language, text: str) -> None:
    entry = f"Nobody ever calls me. I always mess everything up. {text} I'm fine, whatever."
    doc = nlp(entry)
    for sent in doc.sents:
        sent._.disclosure = "guarded"
    response = respond(doc)
    assert response.crisis
    assert response.reframes == ()
    assert response.safety is not None and response.safety.resources
    assert is_gentle(response.safety.text)


def test_plain_text_and_docs_agree(nlp: Language) -> None:
    for text, _ in POSITIVE + NEGATIVE:
        assert detect_crisis(text).crisis == detect_crisis(nlp(text)).crisis


def test_result_holds_offsets_not_text(nlp: Language) -> None:
    text = "Some days are okay. Tonight I want to kill myself."
    result = detect_crisis(nlp(text))
    assert result.matches
    assert any("kill myself" in text[m.start : m.end] for m in result.matches)
    assert all(set(m.to_dict()) == {"start", "end", "kind"} for m in result.matches)
    assert "kill" not in json.dumps(result.to_dict())


def test_detection_logs_no_text(nlp: Language, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    respond(nlp("I want to die and nobody knows."), country="gb")
    assert "die" not in caplog.text and "nobody" not in caplog.text


@pytest.mark.parametrize(
    ("country", "expected"),
    [
        ("us", "988"),
        ("gb", "116 123"),
        ("UK", "116 123"),
        ("au", "13 11 14"),
        ("ca", "988"),
        ("international", "findahelpline.com"),
    ],
)
def test_safety_resources_follow_the_country(nlp: Language, country: str, expected: str) -> None:
    response = respond(nlp("I really don't want to be alive anymore."), country=country)
    assert response.safety is not None
    assert any(expected in line for line in response.safety.resources)


def test_danger_adds_danger_lines_and_message(nlp: Language) -> None:
    safety = safety_message(detect_crisis(nlp("My stepdad hits me.")), country="us")
    assert safety is not None
    assert "may not be safe" in safety.text
    assert any("Domestic Violence" in line for line in safety.resources)


def test_harm_to_others_has_its_own_message(nlp: Language) -> None:
    safety = safety_message(detect_crisis(nlp("I want to hurt him badly.")), country="gb")
    assert safety is not None and "hurting someone" in safety.text


def test_no_safety_message_without_crisis(nlp: Language) -> None:
    assert safety_message(detect_crisis(nlp("Nobody cares."))) is None


def test_unknown_country_fails_clearly(nlp: Language) -> None:
    with pytest.raises(InputError, match="known: au, ca"):
        safety_message(detect_crisis(nlp("I want to die.")), country="atlantis")


# --- the measured set ---------------------------------------------------------------------


def _records() -> list[dict]:
    return [json.loads(line) for line in CRISIS_FILE.read_text(encoding="utf-8").splitlines()]


def test_crisis_set_shape() -> None:
    records = _records()
    assert len(records) >= 150
    assert len({r["id"] for r in records}) == len(records)
    labels = Counter(r["meta"]["crisis"] for r in records)
    assert labels[False] >= labels[True]
    assert {r["meta"]["split"] for r in records} == {"dev", "test"}


@pytest.mark.parametrize("split", ["dev", "test", None])
def test_recall_and_false_alarm_targets(split: str | None) -> None:
    records = [r for r in _records() if split is None or r["meta"]["split"] == split]
    flagged = [(detect_crisis(r["text"]).crisis, r["meta"]["crisis"]) for r in records]
    positives = [got for got, gold in flagged if gold]
    negatives = [got for got, gold in flagged if not gold]
    recall = sum(positives) / len(positives)
    false_alarm = sum(negatives) / len(negatives)
    assert recall >= 0.95, f"recall {recall:.3f}"
    assert false_alarm <= 0.05, f"false-alarm rate {false_alarm:.3f}"


def test_no_reframe_for_any_crisis_record(nlp: Language) -> None:
    for record in _records():
        if record["meta"]["crisis"]:
            assert respond(nlp(record["text"])).reframes == ()
