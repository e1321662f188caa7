"""Table tests for reframes: rewrites of distress sentences, strategies, tone, variety.

Every sentence here was written for these tests. Each row of ``SOFTEN`` is a sentence the
tagger reads as distress and the rewrite ``soften`` must produce (the "truer size" wording):
it checks agreement ("Everyone hates me" -> "A lot of people hate me"), that the writer's
content words stay, that the tagger finds no distress span left, and that no banned phrase
appears. Other tables cover the exception wording, whole reframes from ``respond``, the tone
rules and the data files.
"""

from __future__ import annotations

import json
from itertools import pairwise
from pathlib import Path

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

import resonance
from resonance.errors import InputError
from resonance.reframes import STRATEGIES, is_gentle, respond, soften, tone_violations
from resonance.reframes.evaluate import content_words, evaluate_reframes, kept_count
from resonance.reframes.resources import (
    load_crisis_patterns,
    load_safety_resources,
    load_templates,
    load_tone_rules,
    reframe_templates_v1,
    safety_resources_v1,
)


@pytest.fixture(scope="module")
def nlp() -> Language:
    from resonance.pipeline import load

    return load(rules_only=True)


def _targets(doc: Doc) -> list:
    spans = list(doc.spans["absolutist"])
    assert spans, f"the tagger found no absolute in {doc.text!r}"
    return [s for s in spans if s._.distress] or spans


def _distress_left(nlp: Language, text: str) -> list[str]:
    return [s.text for s in nlp(text).spans["absolutist"] if s._.distress]


# (sentence, rewrite with variant 0: the absolute sized to what is true)
SOFTEN: list[tuple[str, str]] = [
    ("Nobody cares.", "Hardly anybody cares."),
    ("Nobody cares about me.", "Hardly anybody cares about me."),
    ("No one ever calls me back.", "Hardly anyone calls me back."),
    (
        "No one in the group chat replied to my pic.",
        "Hardly anyone in the group chat replied to my pic.",
    ),
    ("There's no one I can talk to.", "There's hardly anyone I can talk to."),
    ("I have nobody left.", "I have hardly anybody left."),
    ("Everyone hates me.", "A lot of people hate me."),
    ("Everybody leaves in the end.", "A lot of people leave in the end."),
    (
        "Everyone else seems to have it figured out.",
        "A lot of other people seem to have it figured out.",
    ),
    ("Everyone at school thinks I'm weird.", "A lot of people at school think I'm weird."),
    ("I let everyone down.", "I let a lot of people down."),
    ("Everyone is tired of me.", "A lot of people are tired of me."),
    ("Everyone was laughing at me.", "A lot of people were laughing at me."),
    ("Everybody does better than me.", "A lot of people do better than me."),
    ("Everyone always forgets my birthday.", "A lot of people often forget my birthday."),
    ("I always ruin everything.", "I often ruin a lot of things."),
    ("I always say the wrong thing.", "I often say the wrong thing."),
    ("I'm always alone.", "I'm often alone."),
    ("It's always my fault.", "It's often my fault."),
    ("He always leaves me out.", "He often leaves me out."),
    ("She always ignores my messages.", "She often ignores my messages."),
    ("They always cancel on me.", "They often cancel on me."),
    ("Nothing ever changes.", "Not much changes."),
    ("Nothing I do is good enough.", "Not much I do is good enough."),
    ("Nothing matters anymore.", "Not much matters anymore."),
    ("Nothing works out for me.", "Not much works out for me."),
    ("I'm nothing to them.", "I'm very little to them."),
    ("I never fit in anywhere.", "I rarely fit in anywhere."),
    ("I never get invited.", "I rarely get invited."),
    ("I've never been good at making friends.", "I've rarely been good at making friends."),
    ("Nobody ever asks how I am.", "Hardly anybody asks how I am."),
    ("I'll never be good enough.", "Right now it's hard to see how I'll be good enough."),
    (
        "I'll never find someone who loves me.",
        "Right now it's hard to see how I'll find someone who loves me.",
    ),
    ("I can never do anything right.", "Right now it's hard to see how I can do anything right."),
    ("He never listens to me.", "He rarely listens to me."),
    ("Things never work out for me.", "Things rarely work out for me."),
    ("I'll be alone forever.", "I'll be alone for now."),
    (
        "Every time I open my mouth I say something stupid.",
        "Sometimes when I open my mouth I say something stupid.",
    ),
    ("I mess things up every single time.", "I mess things up a lot of the time."),
    ("I cry every night.", "I cry most nights."),
    ("I feel lonely every day.", "I feel lonely most days."),
    ("I'm constantly tired.", "I'm often tired."),
    ("I feel anxious all the time.", "I feel anxious a lot."),
    ("I feel sad all the time.", "I feel sad a lot."),
    ("I'm completely alone.", "I'm alone."),
    ("I'm totally useless.", "I'm useless."),
    ("I feel utterly worthless.", "I feel worthless."),
    ("I completely failed the exam.", "I failed the exam."),
    ("I'm a complete failure.", "I'm a failure."),
    (
        "I'm a total mess and everyone can see it.",
        "I'm a total mess and a lot of people can see it.",
    ),
    ("Everything is falling apart.", "A lot of things are falling apart."),
    ("Everything I touch falls apart.", "A lot of things I touch fall apart."),
    ("Everything feels pointless.", "A lot of things feel pointless."),
    ("Everything's going wrong.", "A lot of things are going wrong."),
    ("I hate everything about myself.", "I hate a lot of things about myself."),
    ("I ruin everything I try.", "I ruin a lot of things I try."),
    ("It's all my fault.", "It's partly my fault."),
    ("They all hate me.", "Many of them hate me."),
    ("All my friends left me.", "Many of my friends left me."),
    ("I've been lonely my whole life.", "I've been lonely much of my life."),
    ("I wasted the entire day in bed.", "I wasted much of the day in bed."),
    ("None of my friends care.", "Not many of my friends care."),
    ("None of them text me back.", "Not many of them text me back."),
    ("I'm definitely going to fail.", "I'm probably going to fail."),
    ("I'll definitely mess it up.", "I might mess it up."),
    ("I don't ever feel safe.", "I don't often feel safe."),
    ("Nobody ever texts me first.", "Hardly anybody texts me first."),
    ("I have no one to talk to at night.", "I have hardly anyone to talk to at night."),
    ("No one would notice if I left the party.", "Hardly anyone would notice if I left the party."),
    (
        "I don't fit in anywhere and nobody wants me around.",
        "I don't fit in anywhere and hardly anybody wants me around.",
    ),
    ("I belong nowhere.", "I belong hardly anywhere."),
    ("I'm tired all the time and nobody notices.", "I'm tired a lot and hardly anybody notices."),
    ("I'm exhausted every single day.", "I'm exhausted most days."),
    ("Nobody understands me.", "Hardly anybody understands me."),
    ("My family never listens.", "My family rarely listens."),
    ("I never do anything right.", "I rarely do anything right."),
    ("Everybody's moved on without me.", "A lot of people have moved on without me."),
    ("Nobody texts me back anymore.", "Hardly anybody texts me back anymore."),
    ("No one notices when I'm gone.", "Hardly anyone notices when I'm gone."),
    ("Everyone forgets about me.", "A lot of people forget about me."),
    ("Everyone I love leaves eventually.", "A lot of people I love leave eventually."),
    ("I'm always the last one picked.", "I'm often the last one picked."),
    ("I always end up alone on weekends.", "I often end up alone on weekends."),
    ("Nothing good ever happens to me.", "Not much good happens to me."),
    ("Nothing makes me happy anymore.", "Not much makes me happy anymore."),
    ("I never know what to say.", "I rarely know what to say."),
    ("She never texts me first.", "She rarely texts me first."),
    ("I'll never have real friends.", "Right now it's hard to see how I'll have real friends."),
    ("I will never be happy.", "Right now it's hard to see how I will be happy."),
    ("I'm stuck here forever.", "I'm stuck here for now."),
    ("I mess up everything I touch.", "I mess up a lot of things I touch."),
    ("Everybody thinks I'm annoying.", "A lot of people think I'm annoying."),
    ("I'm completely exhausted all the time.", "I'm exhausted a lot."),
    # agreement across a prepositional phrase, after "the way", and in questions
    (
        "Everyone at the lunch club seems to have someone to go home to.",
        "A lot of people at the lunch club seem to have someone to go home to.",
    ),
    (
        "What I can't stand is the way everyone looks at me now.",
        "What I can't stand is the way a lot of people look at me now.",
    ),
    (
        "Why does everything always go wrong at the same time?",
        "Why do a lot of things often go wrong at the same time?",
    ),
    ("Why is everyone so mean to me?", "Why are a lot of people so mean to me?"),
    ("i have no-one to talk to lately", "i have hardly anyone to talk to lately"),
]

# (sentence, rewrite with variant 1: worded toward the exception; plural agreement)
EXCEPTION: list[tuple[str, str]] = [
    ("Nobody cares.", "Not many people care."),
    ("Nobody understands me.", "Not many people understand me."),
    ("No one ever calls me back.", "Not many people call me back."),
    ("Nobody's there for me.", "Not many people are there for me."),
    ("Everyone hates me.", "Some people hate me."),
    ("Everybody's moved on without me.", "Some people have moved on without me."),
    (
        "Everyone else seems to have it figured out.",
        "Some other people seem to have it figured out.",
    ),
    ("Everyone doesn't care about me.", "Some people don't care about me."),
    ("I always ruin everything.", "I sometimes ruin things."),
    ("Nothing ever changes.", "Very little changes."),
    ("I never get invited.", "I hardly ever get invited."),
    ("I'll be alone forever.", "I'll be alone for a while."),
    ("None of my friends care.", "Few of my friends care."),
    ("They all hate me.", "Some of them hate me."),
    ("Everything is falling apart.", "Some things are falling apart."),
    ("I cry every night.", "I cry many nights."),
]


@pytest.mark.parametrize(("sentence", "expected"), SOFTEN)
def test_soften_rewrites_the_writers_sentence(nlp: Language, sentence: str, expected: str) -> None:
    doc = nlp(sentence)
    sent = next(iter(doc.sents))
    assert any(s._.distress for s in doc.spans["absolutist"]), "row is not a distress sentence"
    rewrite = soften(sent, _targets(doc)).text
    assert rewrite == expected
    assert _distress_left(nlp, rewrite) == []
    assert tone_violations(rewrite) == ()
    words = content_words(sent)
    assert kept_count(words, nlp.make_doc(rewrite)) == len(words), "a content word was lost"


@pytest.mark.parametrize(("sentence", "expected"), EXCEPTION)
def test_exception_wording_keeps_agreement(nlp: Language, sentence: str, expected: str) -> None:
    doc = nlp(sentence)
    rewrite = soften(next(iter(doc.sents)), _targets(doc), variant=1).text
    assert rewrite == expected
    assert _distress_left(nlp, rewrite) == []


def test_table_is_large_enough() -> None:
    assert len(SOFTEN) >= 80


@pytest.mark.parametrize("sentence", [row[0] for row in SOFTEN])
def test_every_strategy_leaves_no_distress(nlp: Language, sentence: str) -> None:
    response = respond(nlp(sentence))
    assert not response.crisis
    assert len(response.reframes) == 1
    reframe = response.reframes[0]
    assert reframe.strategy in STRATEGIES
    assert reframe.target == "span"
    assert _distress_left(nlp, reframe.text) == []
    assert is_gentle(reframe.text) and is_gentle(reframe.question)
    assert reframe.question.endswith("?")


# (sentence, the feeling-not-fact rewrite: a frame before the clause, or none before a name)
FRAMED: list[tuple[str, str]] = [
    ("Everyone hates me.", "Right now it feels like some people hate me."),
    ("I always ruin everything.", "Right now it feels like I sometimes ruin things."),
    ("My family never listens.", "Right now it feels like my family hardly ever listens."),
    (
        "I try so hard but nobody notices.",
        "I try so hard but right now it feels like not many people notice.",
    ),
    ("Sam never texts me first.", "Sam hardly ever texts me first."),
]


@pytest.mark.parametrize(("sentence", "expected"), FRAMED)
def test_feeling_frame_goes_before_the_clause(nlp: Language, sentence: str, expected: str) -> None:
    doc = nlp(sentence)
    rewrite = soften(
        next(iter(doc.sents)), _targets(doc), variant=1, frame="Right now it feels like"
    ).text
    assert rewrite == expected


LONG_ENTRY = (
    "Nobody texted me back today. I always say the wrong thing at lunch. Everyone in my "
    "class hates me. Nothing ever changes here. I'll be alone forever. "
    "I cry every night. My family never listens."
)


def test_respond_is_deterministic(nlp: Language) -> None:
    assert respond(nlp(LONG_ENTRY)) == respond(nlp(LONG_ENTRY))


def test_long_entry_gets_varied_reframes(nlp: Language) -> None:
    reframes = respond(nlp(LONG_ENTRY)).reframes
    assert len(reframes) == 7
    strategies = [r.strategy for r in reframes]
    assert len(set(strategies)) >= 3
    assert all(a != b for a, b in pairwise(strategies))
    assert len({r.text for r in reframes}) == len(reframes)
    assert len({r.question for r in reframes}) >= 5


def test_reframe_offsets_cover_the_distress_spans(nlp: Language) -> None:
    doc = nlp(LONG_ENTRY)
    reframes = respond(doc).reframes
    for span in (s for s in doc.spans["absolutist"] if s._.distress):
        assert any(r.start <= span.start_char and span.end_char <= r.end for r in reframes)


# (guarded sentence, truer-word text, the writer's word)
GUARDED: list[tuple[str, str, str]] = [
    ("I'm fine.", "I'm not sure I'm okay.", "fine"),
    ("It's whatever.", "It matters to me.", "whatever"),
    ("Doesn't matter anyway.", "It matters a little.", "doesn't matter"),
    ("It is what it is.", "It weighs on me more than I let on.", "it is what it is"),
    ("It's fine, whatever.", "It's less than fine, it matters to me.", "fine"),
    ("honestly it's no big deal", "honestly it's a bigger deal than I let on", "no big deal"),
]


@pytest.mark.parametrize(("sentence", "text"), [row[:2] for row in GUARDED])
def test_guarded_sentence_gets_a_truer_word(nlp: Language, sentence: str, text: str) -> None:
    doc = nlp(sentence)
    for sent in doc.sents:
        sent._.disclosure = "guarded"
    reframes = respond(doc).reframes
    assert [r.strategy for r in reframes] == ["truer_word"]
    assert reframes[0].text == text
    assert reframes[0].target == "sentence"
    assert "{word}" not in reframes[0].question


def test_guarded_without_a_minimiser_gets_an_opening_line(nlp: Language) -> None:
    doc = nlp("You just get on with things, don't you.")
    next(iter(doc.sents))._.disclosure = "guarded"
    (reframe,) = respond(doc).reframes
    assert reframe.strategy in ("small_step", "truer_word")
    assert is_gentle(reframe.text)


@pytest.mark.parametrize(
    "text",
    [
        "The train was late again.",
        "We watched a movie after dinner.",
        "I love my dog so much.",
        "It's always nice to see you.",
        "I walk the dog every day.",
    ],
)
def test_no_reframe_without_distress(nlp: Language, text: str) -> None:
    assert respond(nlp(text)).reframes == ()


def test_writers_banned_words_never_reach_the_output(nlp: Language) -> None:
    doc = nlp("Everyone says you should just calm down, and nobody listens.")
    for reframe in respond(doc).reframes:
        assert is_gentle(reframe.text) and is_gentle(reframe.question)


def test_laugh_offs_are_dropped(nlp: Language) -> None:
    (reframe,) = respond(nlp("Nobody ever texts me haha.")).reframes
    assert "haha" not in reframe.text.lower()


# --- tone rules ---------------------------------------------------------------------------

BANNED: list[tuple[str, str]] = [
    ("You should get out more.", "command"),
    ("You need to stop thinking about it.", "command"),
    ("Just stop worrying.", "command"),
    ("Calm down, it's not that bad.", "command"),
    ("I hear you. Cheer up!", "command"),
    ("you gotta snap out of it", "command"),
    ("Don't be sad.", "command"),
    ("Everything happens for a reason.", "toxic_positivity"),
    ("Look on the bright side.", "toxic_positivity"),
    ("Others have it way worse.", "toxic_positivity"),
    ("At least you have a job.", "toxic_positivity"),
    ("Well, it could be worse.", "toxic_positivity"),
    ("Good vibes only!", "toxic_positivity"),
    ("You have depression.", "diagnosis"),
    ("You're clearly bipolar.", "diagnosis"),
    ("Sounds like anxiety to me.", "diagnosis"),
    ("You might have a personality disorder.", "diagnosis"),
    ("Haha, drama queen.", "mockery"),
    ("You're being dramatic.", "mockery"),
    ("First world problems.", "mockery"),
    ("lmao", "mockery"),
]

ALLOWED: list[str] = [
    "Is there one person you might send a short message to this week, if it feels right?",
    "It might help to say a little more, whenever you're ready.",
    "I was so pathetic at the party.",
    "Maybe I'm overreacting.",
    "She helps me calm down when I panic.",
    "I should call my mum.",
    "At least once a week we talk.",
    "Right now it feels like hardly anyone calls me back.",
]


@pytest.mark.parametrize(("text", "category"), BANNED)
def test_banned_phrases_are_caught(text: str, category: str) -> None:
    assert category in {v.category for v in tone_violations(text)}


@pytest.mark.parametrize("text", ALLOWED)
def test_gentle_or_writer_owned_phrases_pass(text: str) -> None:
    assert tone_violations(text) == ()


def test_every_template_is_gentle() -> None:
    templates = reframe_templates_v1()
    for strategy in STRATEGIES:
        for question in templates.questions[strategy]:
            assert is_gentle(question.replace("{word}", "fine")), question
            assert question.endswith("?")
    for line in (*templates.frames, *templates.open_lines):
        assert is_gentle(line), line
    for minimizer in templates.minimizers:
        assert is_gentle(minimizer.truer), minimizer.truer


def test_safety_messages_are_gentle() -> None:
    resources = safety_resources_v1()
    for message in resources.messages.values():
        assert is_gentle(message), message


# --- data files ---------------------------------------------------------------------------


def test_loaders_are_registered() -> None:
    for name in (
        "resonance.crisis_patterns.v1",
        "resonance.safety_resources.v1",
        "resonance.tone_rules.v1",
        "resonance.reframe_templates.v1",
    ):
        assert spacy.registry.misc.get(name)() is not None


@pytest.mark.parametrize(
    ("loader", "content", "line", "message"),
    [
        (load_tone_rules, '{"banned": {\n  "rudeness": ["meh"]\n}}', 2, "unknown tone category"),
        (load_tone_rules, '{"banned": {"command": [\n"(unclosed"]}}', 2, "bad regular expression"),
        (
            load_crisis_patterns,
            '{"rules": [\n{"id": "x", "kind": "sadness", "pattern": "a"}]}',
            2,
            "has kind 'sadness'",
        ),
        (load_templates, '{"questions": {\n"soften_absolute": ["Why"]}}', 2, "soften_absolute"),
        (load_safety_resources, '{\n  "messages": {"self": "no number"}}', 2, "messages.self"),
        (load_safety_resources, '{"messages": \n oops', 2, "not valid JSON"),
    ],
)
def test_bad_data_files_name_file_and_line(
    tmp_path: Path, loader: object, content: str, line: int, message: str
) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        loader(path)  # type: ignore[operator]
    assert caught.value.source == str(path)
    assert caught.value.line == line
    assert message in str(caught.value)


def test_missing_data_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="file not found"):
        load_tone_rules(tmp_path / "nope.json")


def test_unknown_country_is_an_input_error(nlp: Language) -> None:
    with pytest.raises(InputError, match="no safety resources for country 'xx'"):
        respond(nlp("Nobody cares."), country="xx")


# --- evaluation ---------------------------------------------------------------------------


def test_evaluate_reframes_on_a_small_set(nlp: Language) -> None:
    texts = [row[0] for row in SOFTEN[:20]] + ["I want to die.", "The bus was late."]
    report = evaluate_reframes(texts, nlp=nlp)
    assert report.documents == 22
    assert report.crisis_documents == 1
    assert report.coverage == 1.0
    assert report.still_distress == 0
    assert report.banned_phrases == 0
    assert report.content_kept_share == 1.0
    assert sum(report.strategies.values()) == report.reframes == 20
    assert json.loads(json.dumps(report.to_dict()))["reframes"] == 20


def test_absolute_at_the_very_end_of_a_document_is_softened() -> None:
    # "forever" as the last token, with no closing punctuation, once indexed past the doc.
    result = resonance.analyze("i think im going to be alone forever", rules_only=True)
    assert result.reframes
    assert "forever" not in result.reframes[0].text
