"""The spaCy component ``resonance_absolutist`` (ANNOTATION.md section 2).

It matches the lexicon's terms and fixed expressions with one ``PhraseMatcher`` pass, keeps
the longest non-overlapping terms, drops those cancelled by context (fixed expressions,
hedges, negation, double negatives, the narrow ``ever`` rule, counted ``all``, verb uses of
``complete``, one-word answers) and sets a rule-based ``distress`` flag from the clause each
span sits in. With a parser in the pipeline, negation and clauses come from dependencies.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import srsly
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from resonance.lexicon import Lexicon, build_lexicon, load_lexicon, parse_lexicon_lines

SPANS_KEY = "absolutist"
NEGATIVE_TERMS = frozenset({
    "never", "nothing", "no one", "no-one", "noone", "nobody", "none", "nowhere",
    "not once", "not a single", "not a single person", "not one person", "ever",
})
EVER_TRIGGERS = frozenset({
    "not", "n't", "nt", "never", "no", "nobody", "noone", "nothing", "none", "nowhere", "one",
    "everyone", "everybody", "everything", "always", "all", "cannot", "dont", "cant", "wont",
})
NUMBER_WORDS = frozenset(
    "two three four five six seven eight nine ten eleven twelve twenty fifty hundred both".split()
)
VERB_MARKERS = frozenset({"to", "will", "can", "could", "would", "should", "must", "'ll", "ll",
                          "did", "do", "might", "gonna", "wanna", "cannot"})
DETERMINERS = frozenset({"the", "my", "this", "that", "a", "an", "your", "his", "her", "our",
                         "their", "it", "these", "those", "all"})
SUBJECTS = frozenset({"i", "we", "you", "he", "she", "they", "it", "that", "this", "there",
                      "im", "i'm", "everyone", "nobody", "people"})
BOUNDARY_PUNCT = frozenset({",", ";", ":", "—", "–", "(", ")", ".", "!", "?", "-"})
BOUNDARY_WORDS = frozenset({"and", "but", "although", "though", "while", "whereas", "because",
                            "cause", "cuz", "bc", "so", "or", "yet"})
FIRST_PERSON = frozenset({"i", "me", "my", "myself", "mine", "im", "i'm", "ive", "id", "i'd"})
CLAUSE_DEPS = frozenset({"ROOT", "ccomp", "advcl", "conj", "relcl", "parataxis"})


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
    requires=["token.is_sent_start"],
)
def make_absolutist(
    nlp: Language, name: str, lexicon: Lexicon, spans_key: str, use_parser: bool
) -> AbsolutistTagger:
    """Factory for ``nlp.add_pipe("resonance_absolutist")``."""
    return AbsolutistTagger(nlp, name, lexicon=lexicon, spans_key=spans_key, use_parser=use_parser)


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
        self.set_lexicon(lexicon if lexicon is not None else load_lexicon())

    def set_lexicon(self, lexicon: Lexicon) -> None:
        """Replace the lexicon and rebuild the matcher."""
        self.lexicon = lexicon
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
        self._cues = {
            kind: _split_cues(getattr(lexicon, kind), make)
            for kind in ("distress_cues", "lack_cues", "relief_cues")
        }

    def __call__(self, doc: Doc) -> Doc:
        spans = [
            self._make_span(doc, start, end) for start, end in self._candidates(doc)
            if self._keep(doc, start, end)
        ]
        doc.spans[self.spans_key] = spans
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        for doc in docs:
            yield self(doc)

    # -- matching -------------------------------------------------------------------

    def _candidates(self, doc: Doc) -> list[tuple[int, int]]:
        """Longest non-overlapping term matches that no fixed expression covers."""
        blocked: set[int] = set()
        terms: list[tuple[int, int]] = []
        for match_id, start, end in self.matcher(doc):
            if match_id == self._term_key:
                terms.append((start, end))
            else:
                blocked.update(range(start, end))
        chosen: list[tuple[int, int]] = []
        for start, end in sorted(terms, key=lambda t: (t[0] - t[1], t[0])):
            if blocked.intersection(range(start, end)):
                continue
            if not any(s < end and start < e for s, e in chosen):
                chosen.append((start, end))
        return sorted(chosen)

    def _keep(self, doc: Doc, start: int, end: int) -> bool:
        term = doc[start:end].text.lower()
        first = doc[start].lower_
        if first != "not" and (self._hedged(doc, start) or self._negated(doc, start, end)):
            return False
        if term not in ("ever",) and self._double_negative(doc, start):
            return False
        rule = _TERM_RULES.get(term)
        return rule is None or rule(self, doc, start, end)

    def _hedged(self, doc: Doc, start: int) -> bool:
        before = [t.lower_ for t in doc[max(0, start - 2) : start]]
        return (len(before) >= 1 and (before[-1],) in self._hedges) or (
            len(before) == 2 and tuple(before) in self._hedges
        )

    def _negated(self, doc: Doc, start: int, end: int) -> bool:
        if doc[start].lower_ == "ever":
            return False
        if start > 0 and doc[start - 1].lower_ in self.lexicon.negators:
            return True
        if self.use_parser and doc.has_annotation("DEP"):
            head = doc[start].head
            return any(c.dep_ == "neg" and c.i < start for c in (*doc[start].children, *head.children))
        return False

    def _double_negative(self, doc: Doc, start: int) -> bool:
        clause_start, _ = self._clause(doc, start, start + 1)
        words = _lower_tokens(doc[clause_start:start])
        for i in range(len(words)):
            for size in (2, 3):
                if tuple(words[i : i + size]) in self._double_neg:
                    return True
        return False

    # -- term-specific rules --------------------------------------------------------

    def _ever_ok(self, doc: Doc, start: int, end: int) -> bool:
        clause_start, _ = self._clause(doc, start, end)
        window = doc[max(clause_start, start - 4) : start]
        if start > 0 and (doc[start - 1].tag_ in ("JJS", "RBS") or doc[start - 1].lower_.endswith("est")):
            return False
        return any(t.lower_ in EVER_TRIGGERS for t in window)

    def _all_ok(self, doc: Doc, start: int, end: int) -> bool:
        nxt = doc[end] if end < len(doc) else None
        if nxt is not None and (nxt.like_num or nxt.lower_ in NUMBER_WORDS):
            return False
        return not (start > 0 and doc[start - 1].lower_ in ("y'", "ya", "y"))

    def _everyday_ok(self, doc: Doc, start: int, end: int) -> bool:
        return end >= len(doc) or not doc[end].is_alpha or doc[end].lower_ in BOUNDARY_WORDS

    def _complete_ok(self, doc: Doc, start: int, end: int) -> bool:
        token = doc[start]
        if token.pos_ == "VERB":
            return False
        prev = doc[start - 1].lower_ if start > 0 else ""
        nxt = doc[end].lower_ if end < len(doc) else ""
        return prev not in VERB_MARKERS and nxt not in DETERMINERS

    def _not_one_word_answer(self, doc: Doc, start: int, end: int) -> bool:
        sent = doc[start].sent if doc.has_annotation("SENT_START") else doc[:]
        words = [t for t in sent if not (t.is_punct or t.is_space)]
        return not (len(words) == 1 or (len(words) == 2 and words[-1].lower_ == "not"))

    # -- distress -------------------------------------------------------------------

    def _make_span(self, doc: Doc, start: int, end: int) -> Span:
        term = doc[start:end].text.lower()
        category = self._categories[tuple(_lower_tokens(doc[start:end]))]
        span = Span(doc, start, end, label=category)
        span._.distress = self._distress(doc, start, end, term)
        return span

    def _distress(self, doc: Doc, start: int, end: int, term: str) -> bool:
        c_start, c_end = self._clause(doc, start, end)
        fronted = c_start == start and c_end < len(doc) and doc[c_end].text == ","
        if fronted and self._categories.get(tuple(_lower_tokens(doc[start:end]))) == "time":
            # A fronted clause ("Every time I reach out, I get ignored"): read the main one too.
            c_end = self._clause(doc, c_end + 1, c_end + 2)[1] if c_end + 1 < len(doc) else c_end
        words = _lower_tokens(doc[c_start:c_end])
        own = set(range(start - c_start, end - c_start))
        if term == "never" and self._is_denial(doc, start, end):
            return False
        found = {kind: _has_cue(words, cues, own) for kind, cues in self._cues.items()}
        first_person = any(w in FIRST_PERSON for w in words)
        if term in NEGATIVE_TERMS:
            if found["relief_cues"] and not found["lack_cues"]:
                return False
            is_people = self._categories.get(tuple(words[min(own) : max(own) + 1])) == "people"
            return found["lack_cues"] or found["distress_cues"] or (is_people and first_person)
        negated = any(w in self.lexicon.negators for i, w in enumerate(words) if i not in own)
        return found["distress_cues"] or (negated and found["lack_cues"] and first_person)

    def _is_denial(self, doc: Doc, start: int, end: int) -> bool:
        before = doc[start - 1].lower_ if start > 0 else ""
        after = [t.lower_ for t in doc[end : end + 2]]
        return before in SUBJECTS and any(w in self.lexicon.denial_verbs for w in after)

    def _clause(self, doc: Doc, start: int, end: int) -> tuple[int, int]:
        if self.use_parser and doc.has_annotation("DEP"):
            return _parse_clause(doc[start])
        lo = start
        while lo > 0 and not _is_boundary(doc, lo - 1) and not doc[lo].is_sent_start:
            lo -= 1
        hi = end
        while hi < len(doc) and not _is_boundary(doc, hi) and not doc[hi].is_sent_start:
            hi += 1
        return lo, hi

    # -- serialisation --------------------------------------------------------------

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / "lexicon.jsonl").write_text("\n".join(self.lexicon.to_lines()) + "\n", "utf-8")
        srsly.write_json(path / "cfg.json", {"spans_key": self.spans_key, "use_parser": self.use_parser})

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> AbsolutistTagger:
        path = Path(path)
        cfg: dict[str, Any] = srsly.read_json(path / "cfg.json")
        self.spans_key = cfg["spans_key"]
        self.use_parser = cfg["use_parser"]
        lines = (path / "lexicon.jsonl").read_text("utf-8").splitlines()
        source = str(path / "lexicon.jsonl")
        self.set_lexicon(build_lexicon(parse_lexicon_lines(lines, source=source), sources=(source,)))
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


def _lower_tokens(tokens: Iterable[Token]) -> list[str]:
    return [t.lower_ for t in tokens]


def _split_cues(cues: Iterable[str], make: Any) -> tuple[frozenset[str], tuple[tuple[str, ...], ...]]:
    single, multi = set(), []
    for cue in cues:
        words = tuple(_lower_tokens(make(cue)))
        if len(words) == 1:
            single.add(words[0])
        else:
            multi.append(words)
    return frozenset(single), tuple(multi)


def _has_cue(
    words: list[str], cues: tuple[frozenset[str], tuple[tuple[str, ...], ...]], own: set[int]
) -> bool:
    single, multi = cues
    if any(w in single for i, w in enumerate(words) if i not in own):
        return True
    for phrase in multi:
        size = len(phrase)
        for i in range(len(words) - size + 1):
            if tuple(words[i : i + size]) == phrase:
                return True
    return False


def _is_boundary(doc: Doc, i: int) -> bool:
    token = doc[i]
    if token.text in BOUNDARY_PUNCT or token.is_space:
        return True
    if token.lower_ in BOUNDARY_WORDS and i + 1 < len(doc):
        return doc[i + 1].lower_ in SUBJECTS
    return False


def _parse_clause(token: Token) -> tuple[int, int]:
    node = token
    while node.dep_ not in CLAUSE_DEPS and node.head.i != node.i:
        node = node.head
    subtree = [t.i for t in node.subtree]
    return min(subtree), max(subtree) + 1
