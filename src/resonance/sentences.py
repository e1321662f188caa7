"""``resonance_sentencizer``: spaCy's rule-based sentence splitting, fast on short texts.

It makes the same decisions as ``spacy.pipeline.Sentencizer`` with resonance's punctuation
(line breaks end sentences too), but a text whose only sentence-ending characters are at its
end, the common case for diary lines and posts, is settled with one regular-expression
search instead of a pass over its tokens.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.pipeline import Sentencizer
from spacy.tokens import Doc

# Line breaks end sentences too: journals are often written one thought per line.
PUNCT_CHARS: tuple[str, ...] = (*Sentencizer.default_punct_chars, "\n")


@Language.factory(
    "resonance_sentencizer",
    default_config={"punct_chars": None},
    assigns=["token.is_sent_start"],
)
def make_sentencizer(nlp: Language, name: str, punct_chars: list[str] | None) -> FastSentencizer:
    """Factory for ``nlp.add_pipe("resonance_sentencizer")``."""
    return FastSentencizer(name, punct_chars=punct_chars)


class FastSentencizer:
    """Split sentences after sentence-ending punctuation and line breaks."""

    def __init__(
        self, name: str = "resonance_sentencizer", *, punct_chars: Iterable[str] | None = None
    ):
        self.name = name
        chars = tuple(punct_chars) if punct_chars is not None else PUNCT_CHARS
        self.punct_chars = frozenset(chars)
        self._ascii_ends = tuple(c for c in self.punct_chars if c.isascii())
        self._any_end = re.compile(
            "|".join(re.escape(c) for c in sorted(chars, key=len, reverse=True))
        )

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        if not self._has_inner_end(doc.text):
            # One sentence. spaCy reads "boundaries are set" from the tokens after the first.
            doc[0].is_sent_start = True
            if len(doc) > 1:
                doc[1].is_sent_start = False
            return doc
        seen_end = False
        for token in doc:
            is_end = token.text in self.punct_chars or (token.text.isspace() and "\n" in token.text)
            if token.i == 0:
                token.is_sent_start = True
            elif seen_end and not token.is_punct and not is_end:
                token.is_sent_start = True
                seen_end = False
            else:
                token.is_sent_start = False
            if is_end:
                seen_end = True
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)

    def _has_inner_end(self, text: str) -> bool:
        """Whether a sentence-ending character occurs before the text's closing run of them."""
        end = len(text)
        while end and (text[end - 1].isspace() or text[end - 1] in self.punct_chars):
            end -= 1
        if text.isascii():  # str.find is much faster than a regex over every end character
            return any(text.find(c, 0, end) != -1 for c in self._ascii_ends)
        return self._any_end.search(text, 0, end) is not None
