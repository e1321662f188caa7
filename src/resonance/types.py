"""Typed, frozen results. Every public result of resonance is one of these."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Category = Literal["time", "people", "totality", "certainty"]
Stance = Literal["open", "guarded", "neutral"]
STANCES: tuple[Stance, ...] = ("open", "guarded", "neutral")
CATEGORIES: tuple[Category, ...] = ("time", "people", "totality", "certainty")


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


class _Serializable:
    def to_dict(self) -> dict[str, Any]:
        """Plain-JSON view of the result (lists, dicts, str, int, float, bool, None)."""
        return _plain(asdict(self))  # type: ignore[call-overload]


@dataclass(frozen=True)
class AbsolutistSpan(_Serializable):
    """One absolutist expression: character offsets into the document text."""

    start: int
    end: int
    text: str
    category: Category
    distress: bool


@dataclass(frozen=True)
class Sentence(_Serializable):
    """A sentence with its disclosure stance (None when no model ran)."""

    start: int
    end: int
    text: str
    disclosure: Stance | None = None
    scores: dict[str, float] | None = None


@dataclass(frozen=True)
class DictionaryIndex(_Serializable):
    """The 19-word dictionary index of Al-Mosaiwi & Johnstone (2018), per document."""

    words: int
    count: int
    matches: tuple[str, ...]
    per_100: float


@dataclass(frozen=True)
class Index(_Serializable):
    """Per-document rates, per 100 words."""

    words: int
    absolutist_per_100: float
    distress_per_100: float
    dictionary_per_100: float
    dictionary: DictionaryIndex


@dataclass(frozen=True)
class Reframe(_Serializable):
    """A gentle reframe answering one distress span or one guarded sentence."""

    start: int
    end: int
    strategy: str
    text: str
    question: str
    target: Literal["span", "sentence"] = "span"


@dataclass(frozen=True)
class SafetyMessage(_Serializable):
    """Shown instead of reframes when crisis language is found."""

    text: str
    resources: tuple[str, ...] = ()
    country: str = "international"


@dataclass(frozen=True)
class Reflection(_Serializable):
    """Everything resonance says about one document."""

    id: str
    text: str
    spans: tuple[AbsolutistSpan, ...]
    sentences: tuple[Sentence, ...]
    index: Index
    reframes: tuple[Reframe, ...] = ()
    crisis: bool = False
    safety: SafetyMessage | None = None
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def distress_spans(self) -> tuple[AbsolutistSpan, ...]:
        return tuple(s for s in self.spans if s.distress)


@dataclass(frozen=True)
class Document(_Serializable):
    """One input document as read from a file, stdin or a corpus record.

    ``source`` is the file it came from (``<stdin>`` for standard input) and ``line`` the
    1-based line of its record in a line-oriented file (None for whole-file documents).
    """

    id: str
    text: str
    source: str
    line: int | None = None
    meta: dict[str, Any] = field(default_factory=dict)


CrisisKind = Literal[
    "suicidal_ideation",
    "plan_or_means",
    "self_harm",
    "danger_from_someone",
    "harm_to_child",
    "harm_to_others",
]


@dataclass(frozen=True)
class CrisisMatch(_Serializable):
    """One piece of crisis language: character offsets into the text and its kind.

    The matched text itself is deliberately not stored, so the result can be logged.
    """

    start: int
    end: int
    kind: CrisisKind


@dataclass(frozen=True)
class CrisisResult(_Serializable):
    """What the crisis guard found in one document."""

    crisis: bool
    matches: tuple[CrisisMatch, ...] = ()

    @property
    def kinds(self) -> tuple[str, ...]:
        """The distinct kinds found, in order of first appearance."""
        return tuple(dict.fromkeys(m.kind for m in self.matches))


@dataclass(frozen=True)
class Response(_Serializable):
    """The reply to one document: reframes, or a safety message and no reframe at all."""

    crisis: bool
    safety: SafetyMessage | None = None
    reframes: tuple[Reframe, ...] = ()


@dataclass(frozen=True)
class StancePrediction(_Serializable):
    """The disclosure classifier's output for one sentence.

    ``scores`` maps each stance to its probability; ``distress_prob`` is the probability that
    the sentence holds painful absolutist thinking (a distress span, ANNOTATION.md section 2).
    """

    stance: Stance
    scores: dict[str, float]
    distress_prob: float


@dataclass(frozen=True)
class GoldSpan(_Serializable):
    """An annotated ABSOLUTIST span of a gold record (ANNOTATION.md section 1)."""

    start: int
    end: int
    category: Category
    distress: bool


@dataclass(frozen=True)
class GoldSentence(_Serializable):
    """An annotated sentence with its disclosure stance."""

    start: int
    end: int
    disclosure: Stance | None = None


@dataclass(frozen=True)
class GoldRecord(_Serializable):
    """One record of an annotated corpus, as read from JSON Lines."""

    id: str
    text: str
    spans: tuple[GoldSpan, ...] = ()
    sentences: tuple[GoldSentence, ...] = ()
    disclosure: Stance | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    line: int = 0


@dataclass(frozen=True)
class Problem(_Serializable):
    """One problem ``resonance validate`` found, with its file and line."""

    source: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.source}:{self.line}: {self.message}"


@dataclass(frozen=True)
class Scores(_Serializable):
    """Precision, recall and F1 with the counts they come from."""

    precision: float
    recall: float
    f1: float
    tp: int
    n_pred: int
    n_gold: int

    @classmethod
    def from_counts(cls, tp: int, n_pred: int, n_gold: int) -> Scores:
        precision = tp / n_pred if n_pred else 0.0
        recall = tp / n_gold if n_gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return cls(precision, recall, f1, tp, n_pred, n_gold)


@dataclass(frozen=True)
class SpanScores(_Serializable):
    """Span scores, strict (exact offsets) and lenient (overlap, one-to-one)."""

    strict: Scores
    lenient: Scores


@dataclass(frozen=True)
class StanceReport(_Serializable):
    """Disclosure stance scores against gold sentence (or document) labels."""

    n: int
    accuracy: float
    macro_f1: float
    labels: dict[str, Scores]
    open_vs_not: Scores


@dataclass(frozen=True)
class CrisisReport(_Serializable):
    """Crisis-guard recall and false-alarm rate against ``meta.crisis``."""

    positives: int
    negatives: int
    recall: float
    false_alarm_rate: float
    missed: tuple[str, ...]
    false_alarms: tuple[str, ...]


@dataclass(frozen=True)
class EvaluationReport(_Serializable):
    """Everything ``resonance evaluate`` measures on one gold file."""

    records: int
    absolutist: SpanScores
    distress: SpanScores
    dictionary: SpanScores
    categories: dict[str, SpanScores]
    disclosure: StanceReport | None = None
    crisis: CrisisReport | None = None


@dataclass(frozen=True)
class ReframeReport(_Serializable):
    """What ``resonance evaluate-reframes`` measures over a set of documents.

    ``coverage``: share of distress spans (outside crisis documents) answered by a reframe;
    ``still_distress_share``: share of reframes whose text the tagger still finds distress
    in; ``content_kept_share``: share of the writer's content words kept by span reframes;
    ``distinct_share``: distinct reframe texts over all reframes.
    """

    documents: int
    crisis_documents: int
    distress_spans: int
    covered_spans: int
    coverage: float
    reframes: int
    span_reframes: int
    still_distress: int
    still_distress_share: float
    content_words: int
    content_kept: int
    content_kept_share: float
    banned_phrases: int
    distinct_texts: int
    distinct_share: float
    strategies: dict[str, int]
