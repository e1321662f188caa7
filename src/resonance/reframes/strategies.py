"""The five reframe strategies, and how one is built for a sentence.

- ``soften_absolute``: the writer's sentence with the absolute sized to what is true
  ("I always ruin everything" -> "I often ruin a lot of things").
- ``find_exception``: the same sentence worded toward the exception ("sometimes",
  "some people"), with a question about the one time it went differently.
- ``feeling_not_fact``: the sentence held as a feeling rather than a verdict
  ("Right now it feels like hardly anyone calls me back").
- ``small_step``: the loosened sentence, with a question about a small move toward another person.
- ``truer_word``: for a guarded sentence, a truer word than "fine" or "whatever",
  offered in the writer's own sentence.

Which strategies suit a span depends on its category (people-words invite the exception and
a step toward someone; time-words invite sizing; certainty invites curiosity).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Span

from resonance.reframes.grammar import capitalize_first
from resonance.reframes.resources import Minimizer, Templates
from resonance.reframes.rewrite import soften
from resonance.types import Reframe

BY_CATEGORY: dict[str, tuple[str, ...]] = {
    "people": ("find_exception", "small_step", "feeling_not_fact", "soften_absolute"),
    "time": ("soften_absolute", "find_exception", "feeling_not_fact", "small_step"),
    "totality": ("soften_absolute", "feeling_not_fact", "find_exception", "small_step"),
    "certainty": ("feeling_not_fact", "soften_absolute", "find_exception"),
}
STRATEGY_CYCLE = 4
VARIANTS = {"soften_absolute": 0, "find_exception": 1, "feeling_not_fact": 1}
_LAUGHS = re.compile(r"[ ,]*(?<!\w)(?:(?:ha){2,}h?|a?ha(?:ha)+|lmf?ao+|rofl)(?!\w)", re.IGNORECASE)
FEELING_OPENERS = ("it feels like", "i feel like", "it seems like", "right now it")


def strategies_for(targets: Sequence[Span]) -> tuple[str, ...]:
    """The strategies that suit a sentence's distress spans, best first."""
    return BY_CATEGORY.get(targets[0].label_, BY_CATEGORY["totality"])


def span_reframe(
    sent: Span, targets: Sequence[Span], strategy: str, turn: int, templates: Templates
) -> Reframe:
    """A reframe of ``sent`` that loosens every span in ``targets`` with ``strategy``."""
    variant = VARIANTS.get(strategy, turn % 2)
    frame = None
    if strategy == "feeling_not_fact" and not _already_feeling(sent.text):
        frame = templates.frames[turn % len(templates.frames)]
    text = _without_laughs(soften(sent, targets, variant=variant, frame=frame).text)
    return Reframe(
        start=targets[0].start_char,
        end=targets[-1].end_char,
        strategy=strategy,
        text=text,
        question=_question(templates, strategy, turn),
        target="span",
    )


def sentence_reframe(sent: Span, turn: int, templates: Templates) -> Reframe:
    """A reframe for a guarded sentence: a truer word when it holds a minimiser, else an
    opening line and a small step."""
    plain = sent.text.replace("\u2019", "'")
    found: list[tuple[int, int, Minimizer]] = []
    for minimizer in templates.minimizers:
        match = minimizer.pattern.search(plain)
        if match and not any(s < match.end() and match.start() < e for s, e, _ in found):
            found.append((match.start(), match.end(), minimizer))
    if not found:
        return open_reframe(sent.start_char, sent.end_char, turn, templates)
    text, at = "", 0
    for start, end, minimizer in sorted(found, key=lambda f: f[0]):
        text += sent.text[at:start] + minimizer.truer
        at = end
    text = " ".join((text + sent.text[at:]).split())
    text = capitalize_first(text) if sent.text[:1].isupper() else text
    words = [m for _, _, m in found]
    question = _question(templates, "truer_word", turn).replace("{word}", words[0].word)
    return Reframe(sent.start_char, sent.end_char, "truer_word", text, question, "sentence")


def open_reframe(
    start: int, end: int, turn: int, templates: Templates, *, target: str = "sentence"
) -> Reframe:
    """The fallback reframe: an opening line that repeats none of the writer's words."""
    line = templates.open_lines[turn % len(templates.open_lines)]
    question = _question(templates, "small_step", turn)
    return Reframe(start, end, "small_step", line, question, target)  # type: ignore[arg-type]


def _without_laughs(text: str) -> str:
    """Drop laugh-offs ("haha", "lmao") from a rewrite: a reframe never laughs at the writer,
    and the laugh is usually what shrinks the feeling."""
    cleaned = _LAUGHS.sub("", text)
    return (
        capitalize_first(" ".join(cleaned.split()))
        if text[:1].isupper()
        else " ".join(cleaned.split())
    )


def _question(templates: Templates, strategy: str, turn: int) -> str:
    """Questions rotate at a different pace from strategies, so a strategy does not always
    come with the same question."""
    options = templates.questions[strategy]
    return options[(turn + turn // STRATEGY_CYCLE) % len(options)]


def _already_feeling(text: str) -> bool:
    return text.lower().startswith(FEELING_OPENERS)
