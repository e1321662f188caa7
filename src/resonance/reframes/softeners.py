"""How each absolutist expression is loosened: one small rule per term, as token edits.

Every rule returns ``Edit``s over token indices of the document. The replacement words are
chosen so that the tagger no longer reads an absolute there: hedged forms the lexicon
cancels ("hardly anyone", "hardly ever"), sized quantities ("a lot of people", "most
nights", "not much"), or the word left out ("completely"). ``variant`` picks between two
wordings (0: the truer size, 1: the exception) so a long entry does not repeat itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from resonance.reframes.grammar import MODALS, PERSONAL_PRONOUNS, starts_with_verb


@dataclass(frozen=True)
class Edit:
    """Replace tokens ``start:end`` of the document with ``words`` (insert when equal).

    ``plural`` marks new words that form a plural subject, so the verb after them agrees;
    ``frame`` marks a clause frame ("it's hard to see how ...") inserted by the rule.
    """

    start: int
    end: int
    words: tuple[str, ...]
    plural: bool = False
    frame: bool = False


THINKING_VERBS = frozenset(
    "bet feel feels felt guess knew know realise realised realize realized seemed seems "
    "sure swear think thought".split()
)
# Words that may open a clause before its subject; thinking verbs are among them.
CLAUSE_OPENERS = THINKING_VERBS | frozenset(
    "again although and anyway apparently as basically bc because but cause clearly cos cuz "
    "even here honestly how if just lately like literally lol maybe ngl now obviously oh ok "
    "okay or seriously since so sometimes still tbh that then there's though today tonight "
    "until well when whenever where while why yeah yet".split()
)
BOUNDARY_WORDS = frozenset(
    {
        "and",
        "but",
        "so",
        "because",
        "cause",
        "cuz",
        "bc",
        "cos",
        "or",
        "yet",
        "although",
        "though",
        "while",
        "whereas",
        "when",
        "if",
    }
)
DETERMINERS = frozenset({"the", "my", "your", "his", "her", "our", "their", "this", "that", "its"})
SUBJECT_PRONOUN_OBJECT = {"they": "them", "we": "us", "you": "you", "y'": "you", "ya": "you"}
OBJECT_PRONOUNS = frozenset({"them", "us", "you", "it"})
TIME_UNITS = {
    "day": "days",
    "night": "nights",
    "morning": "mornings",
    "evening": "evenings",
    "week": "weeks",
    "weekend": "weekends",
    "year": "years",
    "month": "months",
    "minute": "minutes",
    "hour": "hours",
    "second": "seconds",
    "moment": "moments",
    "everyday": "days",
}
INVERTED_AUX = frozenset({"does", "is", "was", "has", "doesnt", "isnt", "wasnt", "hasnt"})
WH_WORDS = frozenset({"why", "how", "when", "where", "what", "who", "whom", "which"})
IT_IS = frozenset({"its", "it's", "'s", "thats", "that's"})
NEGATORS = frozenset({"not", "n't", "never", "dont", "didnt", "doesnt", "cant", "wont", "no"})
LONG_TIME_BEFORE = frozenset({"takes", "take", "took", "taking", "in", "for", "like", "wait"})
OBJECT_FOLLOWERS = frozenset(
    {
        "about",
        "at",
        "to",
        "for",
        "left",
        "in",
        "on",
        "with",
        "from",
        "but",
        "and",
        "or",
        "anymore",
        "now",
        "today",
        "lately",
        "again",
        "of",
        "because",
        "when",
        "like",
        "than",
    }
)
PLURAL_NOT = ("ss", "us", "is", "as", "'s")
DEGREE_WORDS = frozenset(
    {
        "completely",
        "totally",
        "utterly",
        "entirely",
        "absolutely",
        "complete",
        "entire",
        "whole",
    }
)


def is_subject(doc: Doc, start: int, end: int | None = None) -> bool:
    """Whether the expression at ``start:end`` opens its clause (so it is the subject).

    After a verb of thinking or feeling ("I feel *nothing*", "I think *everyone* hates me")
    it is the subject only when a verb-like word follows it.
    """
    if start == 0 or doc[start].is_sent_start:
        return True
    prev = doc[start - 1]
    end = end if end is not None else start + 1
    if is_inverted(doc, start):
        return True
    if prev.lower_ in THINKING_VERBS:
        nxt = doc[end] if end < len(doc) else None
        return nxt is not None and nxt.is_alpha and nxt.lower_ not in OBJECT_FOLLOWERS
    return prev.is_punct or prev.lower_ in CLAUSE_OPENERS or starts_with_verb(doc, end)


def is_inverted(doc: Doc, start: int) -> bool:
    """Whether an auxiliary stands before the subject at ``start`` in a question
    ("Why *does* everything go wrong?")."""
    if start == 0 or doc[start - 1].lower_ not in INVERTED_AUX:
        return False
    aux = start - 1
    return aux == 0 or doc[aux].is_sent_start or doc[aux - 1].lower_ in WH_WORDS


def clause_start(doc: Doc, index: int) -> int:
    """The first token of the clause that holds ``index`` (after punctuation or a conjunction)."""
    lo = index
    sent_start = doc[index].sent.start if doc.has_annotation("SENT_START") else 0
    while lo > sent_start:
        prev = doc[lo - 1]
        if prev.is_punct or prev.lower_ in BOUNDARY_WORDS:
            break
        lo -= 1
    return lo


def clause_end(doc: Doc, index: int) -> int:
    """The token index where the clause holding ``index`` ends (exclusive)."""
    hi = index
    if index >= len(doc):  # a span that ends the document ends its clause too
        return len(doc)
    sent_end = doc[index].sent.end if doc.has_annotation("SENT_START") else len(doc)
    while hi < sent_end:
        token = doc[hi]
        if token.is_punct or (token.lower_ in BOUNDARY_WORDS and hi > index):
            break
        hi += 1
    return hi


def _replace(span: Span, *words: str, plural: bool = False) -> list[Edit]:
    return [Edit(span.start, span.end, tuple(words), plural=plural)]


def _pick(variant: int, *options: str) -> str:
    return options[variant % len(options)]


def _nobody(span: Span, variant: int) -> list[Edit]:
    body = "anybody" if "body" in span.text.lower() else "anyone"
    doc = span.doc
    other = span.end < len(doc) and doc[span.end].lower_ == "else"
    if variant % 2 and is_subject(doc, span.start, span.end) and not other:
        return _replace(span, "not", "many", "people", plural=True)
    return _replace(span, "hardly", body)


def _everyone(span: Span, variant: int) -> list[Edit]:
    doc = span.doc
    end = span.end
    other = end < len(doc) and doc[end].lower_ == "else"
    words = _pick(variant, "a lot of", "some").split() + (["other"] if other else []) + ["people"]
    end += 1 if other else 0
    return [Edit(span.start, end, tuple(words), plural=is_subject(doc, span.start, span.end))]


def _all_of(span: Span, variant: int) -> list[Edit]:
    pronoun = span[-1].text
    return _replace(span, _pick(variant, "many", "some"), "of", pronoun)


def _everything(span: Span, variant: int) -> list[Edit]:
    doc = span.doc
    subject = is_subject(doc, span.start, span.end)
    if span.end < len(doc) and doc[span.end].lower_ == "else":
        words = _pick(variant, "a lot of other things", "other things").split()
        return [Edit(span.start, span.end + 1, tuple(words), plural=subject)]
    words = _pick(variant, "a lot of things", "some things" if subject else "things").split()
    return _replace(span, *words, plural=subject)


def _nothing(span: Span, variant: int) -> list[Edit]:
    doc = span.doc
    before = doc[clause_start(doc, span.start) : span.start]
    if any(t.lower_ in NEGATORS for t in before):
        return _replace(span, "much")
    if span.start > 0 and doc[span.start - 1].lower_ in IT_IS:
        return _replace(span, "not", "nothing")
    if is_subject(doc, span.start, span.end):
        return _replace(span, *_pick(variant, "not much", "very little").split())
    return _replace(span, *_pick(variant, "very little", "little").split())


def _none(span: Span, variant: int) -> list[Edit]:
    doc = span.doc
    if span.end < len(doc) and doc[span.end].lower_ == "of":
        return _replace(span, *_pick(variant, "not many", "few").split(), plural=True)
    return _replace(span, *_pick(variant, "very few", "not many").split())


def _all(span: Span, variant: int) -> list[Edit]:
    doc = span.doc
    start, end = span.start, span.end
    prev = doc[start - 1].lower_ if start > 0 else ""
    nxt = doc[end] if end < len(doc) else None
    if nxt is not None and nxt.lower_ in TIME_UNITS:
        return [Edit(start, end + 1, ("much", "of", "the", nxt.lower_))]
    if nxt is not None and nxt.lower_ == "of":
        return _replace(span, "a", "lot")
    if prev in SUBJECT_PRONOUN_OBJECT and is_subject(doc, start - 1):
        quantity = _pick(variant, "many", "some")
        return [Edit(start - 1, end, (quantity, "of", SUBJECT_PRONOUN_OBJECT[prev]))]
    if prev in OBJECT_PRONOUNS:
        return [Edit(start - 1, end, ("a", "lot", "of", doc[start - 1].text))]
    if nxt is not None and nxt.lower_ in DETERMINERS:
        after = [t.lower_ for t in doc[end + 1 : min(end + 4, len(doc))] if t.is_alpha]
        if after[:1] in (["fault"], ["blame"]):
            return _replace(span, "partly")
        many = nxt.lower_ in ("these", "those") or any(
            w.endswith("s") and not w.endswith(PLURAL_NOT) for w in after
        )
        return _replace(span, "many" if many else "much", "of")
    if nxt is not None and nxt.lower_ in PERSONAL_PRONOUNS:
        return _replace(span, "much", "of", "what")
    if nxt is not None and nxt.is_alpha and nxt.lower_.endswith("s"):
        return _replace(span, _pick(variant, "many", "some"))
    return _replace(span)


def _every(span: Span, variant: int) -> list[Edit]:
    return _replace(span, "nearly", "every")


def _whole(span: Span, variant: int) -> list[Edit]:
    doc = span.doc
    if span.start > 0 and doc[span.start - 1].lower_ in DETERMINERS:
        return [Edit(span.start - 1, span.end, ("much", "of", doc[span.start - 1].lower_))]
    return _replace(span)


def _drop(span: Span, variant: int) -> list[Edit]:
    return _replace(span)


def _definitely(span: Span, variant: int) -> list[Edit]:
    doc = span.doc
    if span.start > 0 and doc[span.start - 1].lower_ in ("will", "'ll", "ll"):
        return [Edit(span.start - 1, span.end, ("might",))]
    return _replace(span, "probably")


def _place(span: Span, variant: int) -> list[Edit]:
    if span.text.lower() == "nowhere":
        return _replace(span, "hardly", "anywhere")
    return _replace(span, *_pick(variant, "in a lot of places", "in some places").split())


def _always(span: Span, variant: int) -> list[Edit]:
    return _replace(span, _pick(variant, "often", "sometimes"))


def _never(span: Span, variant: int) -> list[Edit]:
    doc = span.doc
    prev = doc[span.start - 1].lower_ if span.start > 0 else ""
    nxt = span.end < len(doc) and doc[span.end].lower_ == "ever"
    end = span.end + 1 if nxt else span.end
    subject = doc[span.start - 2].lower_ if span.start >= 2 else ""
    if prev in MODALS and subject in ("i", "we") and _opens_clause(doc, span.start - 2):
        at = span.start - 2
        frame = ("right", "now", "it's", "hard", "to", "see", "how")
        return [Edit(at, at, frame, frame=True), Edit(span.start, end, ())]
    return [Edit(span.start, end, tuple(_pick(variant, "rarely", "hardly ever").split()))]


def _opens_clause(doc: Doc, index: int) -> bool:
    """Whether the token at ``index`` starts its clause (sentence start, after punctuation
    or a conjunction)."""
    return clause_start(doc, index) == index


def _forever(span: Span, variant: int) -> list[Edit]:
    doc = span.doc
    words = tuple(_pick(variant, "for now", "for a while").split())
    prev = doc[span.start - 1].lower_ if span.start > 0 else ""
    if prev in LONG_TIME_BEFORE:
        return _replace(span, "a", "long", "time")
    at = clause_end(doc, span.end)
    if at == span.end or at - span.end > 6:
        return _replace(span, *words)
    return [Edit(span.start, span.end, ()), Edit(at, at, words)]


def _every_time(span: Span, variant: int) -> list[Edit]:
    doc = span.doc
    nxt = doc[span.end] if span.end < len(doc) else None
    if nxt is not None and (nxt.lower_ in PERSONAL_PRONOUNS or nxt.lower_ in DETERMINERS):
        return _replace(span, "sometimes", "when")
    return _replace(span, *_pick(variant, "a lot of the time", "sometimes").split())


def _every_unit(span: Span, variant: int) -> list[Edit]:
    unit = TIME_UNITS.get(span[-1].lower_, "days")
    return _replace(span, _pick(variant, "most", "many"), unit)


def _all_unit(span: Span, variant: int) -> list[Edit]:
    return _replace(span, "much", "of", "the", span[-1].lower_)


def _often(span: Span, variant: int) -> list[Edit]:
    if span.text.lower() == "constantly":
        return _replace(span, "often")
    return _replace(span, *_pick(variant, "a lot", "often").split())


def _constant(span: Span, variant: int) -> list[Edit]:
    return _replace(span, "frequent")


def _ever(span: Span, variant: int) -> list[Edit]:
    doc = span.doc
    prev = doc[span.start - 1].lower_ if span.start > 0 else ""
    if prev in ("n't", "not", "dont", "didnt", "doesnt", "wont", "cant"):
        return _replace(span, "often")
    return _replace(span)


def _not_once(span: Span, variant: int) -> list[Edit]:
    return _replace(span, "rarely")


def _not_one(span: Span, variant: int) -> list[Edit]:
    return _replace(span, "hardly", "any")


def _not_a_single(span: Span, variant: int) -> list[Edit]:
    return _replace(span, "hardly", "a")


RULES: dict[str, Callable[[Span, int], list[Edit]]] = {
    **dict.fromkeys(
        ("no one", "no-one", "noone", "nobody", "not a single person", "not one person"), _nobody
    ),
    **dict.fromkeys(("everyone", "everybody"), _everyone),
    **dict.fromkeys(("all of them", "all of us", "all of you"), _all_of),
    "everything": _everything,
    "nothing": _nothing,
    "none": _none,
    "all": _all,
    **dict.fromkeys(("every", "every single", "each and every"), _every),
    **dict.fromkeys(("whole", "entire"), _whole),
    **dict.fromkeys(
        ("completely", "totally", "utterly", "entirely", "absolutely", "complete"), _drop
    ),
    "definitely": _definitely,
    **dict.fromkeys(("nowhere", "everywhere"), _place),
    "always": _always,
    "never": _never,
    "forever": _forever,
    **dict.fromkeys(("every time", "every single time", "each time"), _every_time),
    **dict.fromkeys(("all the time", "constantly", "non-stop", "nonstop", "24/7"), _often),
    "constant": _constant,
    "ever": _ever,
    "not once": _not_once,
    "not a single": _not_a_single,
    "not one": _not_one,
    **dict.fromkeys(("all day", "all night", "all week"), _all_unit),
}


def _hedge(span: Span, variant: int) -> list[Edit]:
    """For a term with no rule of its own: put "almost" before it (a hedge the tagger reads)."""
    return [Edit(span.start, span.start, ("almost",))]


def edits_for(span: Span, variant: int) -> list[Edit]:
    """The edits that loosen one absolutist span (a term with no rule gets "almost")."""
    term = " ".join(span.text.lower().split())
    if term.startswith(("every ", "everyday")) and span[-1].lower_ in TIME_UNITS:
        return _every_unit(span, variant)
    rule = RULES.get(term, _hedge)
    return rule(span, variant)
