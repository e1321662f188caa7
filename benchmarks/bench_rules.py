"""Rules-only tagging speed beside a spaCy tokenizer-only pass and a regex dictionary counter.

All three process the same sentences in the same run; the tagger target is at least 0.7 of
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

    def tokenizer_only() -> None:
        for _ in blank.tokenizer.pipe(sentences, batch_size=256):
            pass

    def tagger() -> None:
        for _ in rules.pipe(sentences, batch_size=256):
            pass

    def regex_counter() -> None:
        for sentence in sentences:
            sum(1 for m in WORD.finditer(sentence) if m.group().lower() in DICTIONARY)

    n = len(sentences)
    timings = best_of(
        args.runs,
        {
            "spaCy tokenizer only": tokenizer_only,
            "resonance rules (sentencizer + resonance_absolutist)": tagger,
            "regex dictionary counter": regex_counter,
        },
    )
    print(f"{n} sentences from {source}; best of {args.runs} runs; Python {sys.version.split()[0]}")
    for name, seconds in timings.items():
        print(f"  {name:<55} {n / seconds:>10,.0f} sentences/s")
    tokenizer = timings["spaCy tokenizer only"]
    tagger_s = timings["resonance rules (sentencizer + resonance_absolutist)"]
    print(f"  ratio tagger / tokenizer-only speed: {tokenizer / tagger_s:.2f} (target >= 0.70)")
    regex = timings["regex dictionary counter"]
    print(f"  ratio tagger / regex counter speed:  {regex / tagger_s:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
