"""The spaCy component ``resonance_absolutist`` (ANNOTATION.md section 2).

It matches the lexicon's terms and fixed expressions with one ``PhraseMatcher`` pass, keeps
the longest non-overlapping terms, drops those cancelled by context (fixed expressions,
hedges, negation, double negatives, the narrow ``ever`` rule, counted ``all``, verb uses of
``complete``, one-word answers) and sets a rule-based ``distress`` flag from the cue words
of the sentence each span sits in. With a parser in the pipeline, negation and clauses come
from dependencies.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import srsly
from spacy.attrs import LOWER
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from resonance.errors import LexiconError
from resonance.lexicon import (
    Lexicon,
    LexiconSource,
    build_lexicon,
    load_lexicon,
    parse_lexicon_lines,
)

SPANS_KEY = "absolutist"
# Terms that deny (no one, never): distress when something needed is absent ("no one calls").
NEGATIVE_TERMS = frozenset(
    {"ever", "never", "never once", "no one", "no-one", "nobody", "none", "noone", "not a single",
     "not a single person", "not once", "not one", "not one person", "nothing", "nowhere"}
)  # fmt: skip
# Words before "ever" that make it an intensifier ("no one ever", "I don't ever").
EVER_TRIGGERS = frozenset(
    "all always cannot cant dont everybody everyone everything n't never no nobody none noone "
    "not nothing nowhere nt one wont".split()
)
NUMBER_WORDS = frozenset(
    "both eight eleven fifty five four hundred nine seven six ten three twelve twenty two".split()
)
VERB_MARKERS = frozenset(
    "'ll can cannot could did do gonna ll might must should to wanna will would".split()
)
DETERMINERS = frozenset("a all an her his it my our that the their these this those your".split())
SUBJECTS = frozenset(
    "everyone he i i'm im it nobody people she that there they this we you".split()
)
BOUNDARY_PUNCT = frozenset("! ( ) , - . : ; ? – —".split())
BOUNDARY_WORDS = frozenset(
    "although and bc because but cause cuz or so though whereas while yet".split()
)
THIRD_PERSON = frozenset("he he's it she she's they they're".split())
FIRST_PERSON = frozenset("i i'd i'm id im ive me mine my myself".split())
SENTENCE_END = frozenset({".", "!", "?", "\n", "\n\n"})
CLAUSE_DEPS = frozenset("ROOT advcl ccomp conj parataxis relcl".split())


def install_extensions() -> None:
    """Declare resonance's extension attributes once (safe to call repeatedly)."""
    for name, default in (
        ("distress", False),
        ("disclosure", None),
        ("disclosure_scores", None),
        ("distress_prob", None),
    ):
        if not Span.has_extension(name):
            Span.set_extension(name, default=default)


@Language.factory(
    "resonance_absolutist",
    default_config={
        "lexicon": {"@misc": "resonance.lexicon.v1"},
        "spans_key": SPANS_KEY,
        "use_parser": True,
    },
    assigns=["doc.spans"],
)
def make_absolutist(
    nlp: Language, name: str, lexicon: LexiconSource, spans_key: str, use_parser: bool
) -> AbsolutistTagger:
    """Factory for ``nlp.add_pipe("resonance_absolutist")``.

    A malformed lexicon file raises ``LexiconError`` here. A missing one is reported when
    the component is first used, unless ``from_disk`` (``spacy.load``) supplies the copy
    saved with the pipeline first.
    """
    tagger = AbsolutistTagger(nlp, name, lexicon=None, spans_key=spans_key, use_parser=use_parser)
    try:
        tagger.set_lexicon(lexicon.load())
    except LexiconError as error:
        if not lexicon.missing:
            raise
        tagger.pending_error = error
    return tagger


class AbsolutistTagger:
    """Tags absolutist expressions into ``doc.spans[spans_key]`` with ``span._.distress``."""

    def __init__(
        self,
        nlp: Language,
        name: str = "resonance_absolutist",
        *,
        lexicon: Lexicon | None = None,
        spans_key: str = SPANS_KEY,
        use_parser: bool = True,
    ) -> None:
        install_extensions()
        self.nlp = nlp
        self.name = name
        self.spans_key = spans_key
        self.use_parser = use_parser
        self.pending_error: LexiconError | None = None
        self.set_lexicon(lexicon if lexicon is not None else load_lexicon())

    def set_lexicon(self, lexicon: Lexicon) -> None:
        """Replace the lexicon and rebuild the matcher."""
        self.lexicon = lexicon
        self.pending_error = None
        self.matcher = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        make = self.nlp.make_doc
        self.matcher.add("TERM", [make(term) for term in lexicon.terms])
        self.matcher.add("FIXED", [make(text) for text in lexicon.fixed])
        self._term_key = self.nlp.vocab.strings["TERM"]
        self._categories = {
            tuple(_lower_tokens(make(term))): category for term, category in lexicon.terms.items()
        }
        self._hedges = {tuple(h.split()) for h in lexicon.hedges}
        self._double_neg = {tuple(_lower_tokens(make(d))) for d in lexicon.double_negatives}
        self._double_neg_firsts = frozenset(frame[0] for frame in self._double_neg)
        self._negative_terms = {tuple(_lower_tokens(make(term))) for term in NEGATIVE_TERMS}
        self._cues = _index_cues(
            {
                kind: getattr(lexicon, kind)
                for kind in ("distress_cues", "lack_cues", "relief_cues")
            },
            make,
        )

    def __call__(self, doc: Doc) -> Doc:
        if self.pending_error is not None:
            raise self.pending_error
        matches = self.matcher(doc)
        doc.spans[self.spans_key] = self._spans(doc, matches) if matches else []
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        if self.pending_error is not None:
            raise self.pending_error
        matcher, key, spans = self.matcher, self.spans_key, self._spans  # the hot loop
        for doc in docs:
            matches = matcher(doc)
            doc.spans[key] = spans(doc, matches) if matches else []
            yield doc

    def _spans(self, doc: Doc, matches: list[tuple[int, int, int]]) -> list[Span]:
        candidates = self._candidates(matches)
        if not candidates:
            return []
        view = _View(doc, parsed=self.use_parser and doc.has_annotation("DEP"))
        return [
            self._make_span(view, start, end)
            for start, end in candidates
            if self._keep(view, start, end)
        ]

    # -- matching -------------------------------------------------------------------

    def _candidates(self, matches: list[tuple[int, int, int]]) -> list[tuple[int, int]]:
        """Longest non-overlapping term matches that no fixed expression covers."""
        blocked: set[int] = set()
        terms: list[tuple[int, int]] = []
        for match_id, start, end in matches:
            if match_id == self._term_key:
                terms.append((start, end))
            else:
                blocked.update(range(start, end))
        chosen: list[tuple[int, int]] = []
        for start, end in sorted(terms, key=lambda t: (t[0], t[0] - t[1])):  # leftmost-longest
            if blocked.intersection(range(start, end)):
                continue
            if not any(s < end and start < e for s, e in chosen):
                chosen.append((start, end))
        return sorted(chosen)

    def _keep(self, v: _View, start: int, end: int) -> bool:
        term = v.lw[start] if end - start == 1 else ""  # the term rules are for single words
        if v.lw[start] != "not" and (self._hedged(v, start) or self._negated(v, start)):
            return False
        if self._double_negative(v, start):
            return False
        rule = _TERM_RULES.get(term)
        return rule is None or rule(self, v, start, end)

    def _hedged(self, v: _View, start: int) -> bool:
        before = tuple(v.lw[max(0, start - 2) : start])
        return before[-1:] in self._hedges or (len(before) == 2 and before in self._hedges)

    def _negated(self, v: _View, start: int) -> bool:
        if v.lw[start] == "ever":
            return False
        if start > 0 and v.lw[start - 1] in self.lexicon.negators:
            return True
        if v.parsed:
            token = v.doc[start]
            return any(
                c.dep_ == "neg" and c.i < start for c in (*token.children, *token.head.children)
            )
        return False

    def _double_negative(self, v: _View, start: int) -> bool:
        if self._double_neg_firsts.isdisjoint(v.lw[:start]):
            return False
        clause_start, _ = v.clause(start, start + 1)
        words = v.lw[clause_start:start]
        return any(
            tuple(words[i : i + size]) in self._double_neg
            for i in range(len(words))
            for size in (2, 3)
        )

    # -- term-specific rules --------------------------------------------------------

    def _ever_ok(self, v: _View, start: int, end: int) -> bool:
        clause_start, _ = v.clause(start, end)
        if start > 0 and (
            v.lw[start - 1].endswith("est") or v.doc[start - 1].tag_ in ("JJS", "RBS")
        ):
            return False
        return any(w in EVER_TRIGGERS for w in v.lw[max(clause_start, start - 4) : start])

    def _all_ok(self, v: _View, start: int, end: int) -> bool:
        if end < v.n and (v.lw[end] in NUMBER_WORDS or v.doc[end].like_num):
            return False
        return not (start > 0 and v.lw[start - 1] in ("y'", "ya", "y"))

    def _everyday_ok(self, v: _View, start: int, end: int) -> bool:
        return end >= v.n or not v.lw[end].isalpha() or v.lw[end] in BOUNDARY_WORDS

    def _complete_ok(self, v: _View, start: int, end: int) -> bool:
        if v.doc[start].pos_ == "VERB":
            return False
        prev = v.lw[start - 1] if start > 0 else ""
        nxt = v.lw[end] if end < v.n else ""
        return prev not in VERB_MARKERS and nxt not in DETERMINERS

    def _not_one_word_answer(self, v: _View, start: int, end: int) -> bool:
        lo, hi = start, end
        while lo > 0 and v.lw[lo - 1] not in SENTENCE_END:
            lo -= 1
        while hi < v.n and v.lw[hi] not in SENTENCE_END:
            hi += 1
        words = [w for w in v.lw[lo:hi] if w.isalnum() or "'" in w]
        return not (len(words) == 1 or (len(words) == 2 and words[-1] == "not"))

    # -- distress -------------------------------------------------------------------

    def _make_span(self, v: _View, start: int, end: int) -> Span:
        span = Span(v.doc, start, end, label=self._categories[tuple(v.lw[start:end])])
        span._.distress = self._distress(v, start, end)
        return span

    def _distress(self, v: _View, start: int, end: int) -> bool:
        term = tuple(v.lw[start:end])
        if term == ("never",) and self._is_denial(v, start, end):
            return False
        category = self._categories[term]
        c_start, c_end = v.sentence(start, end)
        words = v.lw[c_start:c_end]
        own = range(start - c_start, end - c_start)
        found = _found_cues(words, self._cues, own)
        if term in self._negative_terms:
            if ("relief_cues" in found) and "lack_cues" not in found:
                return False
            if ("lack_cues" in found) or ("distress_cues" in found):
                return True
            # "No one came over", about the writer's own clause: isolation, cue words or not.
            clause_start, clause_end = v.clause(start, end)
            return category == "people" and any(
                w in FIRST_PERSON for w in v.lw[clause_start:clause_end]
            )
        # About someone else's habits, with no "I" or "me" anywhere, it is not the writer's
        # pain: "She always forgets her keys" (but "They never include me" is).
        third_person = start > 0 and v.lw[start - 1] in THIRD_PERSON
        personal = not third_person or any(w in FIRST_PERSON for w in words)
        negated = any(w in self.lexicon.negators for i, w in enumerate(words) if i not in own)
        return personal and (("distress_cues" in found) or (negated and ("lack_cues" in found)))

    def _is_denial(self, v: _View, start: int, end: int) -> bool:
        before = v.lw[start - 1] if start > 0 else ""
        return before in SUBJECTS and any(
            w in self.lexicon.denial_verbs for w in v.lw[end : end + 2]
        )

    # -- serialisation --------------------------------------------------------------

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / "lexicon.jsonl").write_text("\n".join(self.lexicon.to_lines()) + "\n", "utf-8")
        srsly.write_json(
            path / "cfg.json", {"spans_key": self.spans_key, "use_parser": self.use_parser}
        )

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> AbsolutistTagger:
        path = Path(path)
        cfg: dict[str, Any] = srsly.read_json(path / "cfg.json")
        self.spans_key = cfg["spans_key"]
        self.use_parser = cfg["use_parser"]
        lines = (path / "lexicon.jsonl").read_text("utf-8").splitlines()
        source = str(path / "lexicon.jsonl")
        self.set_lexicon(
            build_lexicon(parse_lexicon_lines(lines, source=source), sources=(source,))
        )
        return self


_TERM_RULES = {
    "ever": AbsolutistTagger._ever_ok,
    "all": AbsolutistTagger._all_ok,
    "everyday": AbsolutistTagger._everyday_ok,
    "complete": AbsolutistTagger._complete_ok,
    "absolutely": AbsolutistTagger._not_one_word_answer,
    "definitely": AbsolutistTagger._not_one_word_answer,
    "totally": AbsolutistTagger._not_one_word_answer,
}


class _View:
    """Lower-cased token texts of one doc, computed once per doc that has candidates."""

    def __init__(self, doc: Doc, *, parsed: bool) -> None:
        self.doc = doc
        strings = doc.vocab.strings  # ids from one array: no Token object per token
        self.lw = [strings[i] for i in doc.to_array(LOWER).tolist()]
        self.n = len(self.lw)
        self.parsed = parsed
        self._is_boundary: list[bool] | None = None

    @property
    def is_boundary(self) -> list[bool]:
        """Per token: does a clause end here? (Computed on first use.)"""
        if self._is_boundary is None:
            lw, n = self.lw, self.n
            self._is_boundary = [
                w in BOUNDARY_PUNCT
                or w.isspace()
                or (w in BOUNDARY_WORDS and i + 1 < n and lw[i + 1] in SUBJECTS)
                for i, w in enumerate(lw)
            ]
        return self._is_boundary

    def clause(self, start: int, end: int) -> tuple[int, int]:
        """Token range of the clause around ``start:end`` (from the parse when there is one)."""
        if self.parsed:
            return _parse_clause(self.doc[start])
        lo, hi = start, end
        is_boundary = self.is_boundary
        while lo > 0 and not is_boundary[lo - 1]:
            lo -= 1
        while hi < self.n and not is_boundary[hi]:
            hi += 1
        return lo, hi

    def sentence(self, start: int, end: int) -> tuple[int, int]:
        """Token range of the sentence around ``start:end``: the window distress is read in."""
        lo, hi = start, end
        while lo > 0 and self.lw[lo - 1] not in SENTENCE_END:
            lo -= 1
        while hi < self.n and self.lw[hi] not in SENTENCE_END:
            hi += 1
        return lo, hi


def _lower_tokens(tokens: Iterable[Token]) -> list[str]:
    return [t.lower_ for t in tokens]


# Single-word cues map to the kinds they belong to; multi-word cues are indexed by their
# first word. One pass over a sentence then finds every kind of cue in it.
CueIndex = tuple[dict[str, frozenset[str]], dict[str, tuple[tuple[tuple[str, ...], str], ...]]]


def _index_cues(cues: dict[str, Iterable[str]], make: Any) -> CueIndex:
    single: dict[str, set[str]] = {}
    multi: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for kind, phrases in cues.items():
        for phrase in phrases:
            words = tuple(_lower_tokens(make(phrase)))
            if len(words) == 1:
                single.setdefault(words[0], set()).add(kind)
            else:
                multi.setdefault(words[0], []).append((words, kind))
    return (
        {word: frozenset(kinds) for word, kinds in single.items()},
        {first: tuple(entries) for first, entries in multi.items()},
    )


def _found_cues(words: list[str], index: CueIndex, own: range) -> set[str]:
    """The kinds of cue in ``words``; single words inside the span itself don't count."""
    single, multi = index
    found: set[str] = set()
    for i, word in enumerate(words):
        kinds = single.get(word)
        if kinds is not None and i not in own:
            found.update(kinds)
        for phrase, kind in multi.get(word, ()):
            if tuple(words[i : i + len(phrase)]) == phrase:
                found.add(kind)
    return found


def _parse_clause(token: Token) -> tuple[int, int]:
    node = token
    while node.dep_ not in CLAUSE_DEPS and node.head.i != node.i:
        node = node.head
    subtree = [t.i for t in node.subtree]
    return min(subtree), max(subtree) + 1
