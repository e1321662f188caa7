"""Rules-only tagging speed beside a spaCy tokenizer-only pass and a regex dictionary counter.

The tagger (``resonance_absolutist`` on ``spacy.blank("en")``) is timed on its own, as the
input is already one sentence per text, and inside the full rules pipeline with the
sentencizer that ``resonance.load(rules_only=True)`` adds.

All of them process the same sentences in the same run; the tagger target is at least 0.7 of
the tokenizer-only speed. Run: ``make bench-rules`` (or ``python benchmarks/bench_rules.py``).
"""

from __future__ import annotations

import argparse
import sys

import spacy

from benchmarks.common import best_of, load_sentences
from resonance.dictionary import DICTIONARY, WORD
from resonance.pipeline import load


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--min-sentences", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    sentences, source = load_sentences(args.min_sentences)
    blank = spacy.blank("en")
    rules = load(rules_only=True)
    tagger_only = spacy.blank("en")
    tagger_only.add_pipe("resonance_absolutist")

    def tokenizer_only() -> None:
        for _ in blank.pipe(sentences, batch_size=256):
            pass

    def bare_tokenizer() -> None:
        for _ in blank.tokenizer.pipe(sentences, batch_size=256):
            pass

    def tagger() -> None:
        for _ in tagger_only.pipe(sentences, batch_size=256):
            pass

    def rules_pipeline() -> None:
        for _ in rules.pipe(sentences, batch_size=256):
            pass

    def regex_counter() -> None:
        for sentence in sentences:
            sum(1 for m in WORD.finditer(sentence) if m.group().lower() in DICTIONARY)

    names = {
        "tokenizer": 'spaCy tokenizer-only pipeline (spacy.blank("en").pipe)',
        "bare": "spaCy tokenizer alone (nlp.tokenizer.pipe)",
        "tagger": "resonance_absolutist tagger (blank + tagger)",
        "rules": "rules pipeline (blank + sentencizer + tagger)",
        "regex": "regex dictionary counter (19 words, no context)",
    }
    timings = best_of(
        args.runs,
        {
            "tokenizer": tokenizer_only,
            "bare": bare_tokenizer,
            "tagger": tagger,
            "rules": rules_pipeline,
            "regex": regex_counter,
        },
    )
    n = len(sentences)
    print(f"{n} sentences from {source}; best of {args.runs} runs; Python {sys.version.split()[0]}")
    for key, name in names.items():
        print(f"  {name:<58} {n / timings[key]:>10,.0f} sentences/s")
    tokenizer = timings["tokenizer"]
    print(
        f"  ratio tagger / tokenizer-only speed:         {tokenizer / timings['tagger']:.2f}"
        " (target >= 0.70)"
    )
    print(f"  ratio rules pipeline / tokenizer-only speed: {tokenizer / timings['rules']:.2f}")
    print(
        f"  ratio tagger / regex counter speed:          {timings['regex'] / timings['tagger']:.2f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
