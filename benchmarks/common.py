"""Shared helpers for the benchmarks: the sentence set and a timer."""

from __future__ import annotations

import csv
import json
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLAFF = ROOT.parent / "shared" / "data" / "claff-offmychest" / "labeled_training_set.csv"


def load_sentences(minimum: int = 10_000, claff: Path = CLAFF) -> tuple[list[str], str]:
    """Real sentences for timing: CL-Aff when it is beside the project, else the corpus.

    The set is repeated until it holds at least ``minimum`` sentences. Returns the
    sentences and a description of where they came from.
    """
    if claff.is_file():
        with claff.open(encoding="utf-8", newline="") as handle:
            sentences = [
                row["full_text"].replace("<U+0092>", "'") for row in csv.DictReader(handle)
            ]
        source = f"CL-Aff training sentences ({claff})"
    else:
        sentences = []
        for split in ("train", "dev", "test"):
            for line in (ROOT / "data" / "annotations" / f"{split}.jsonl").open(encoding="utf-8"):
                record = json.loads(line)
                sentences += [record["text"][s["start"] : s["end"]] for s in record["sentences"]]
        source = "resonance corpus sentences"
    sentences = [s for s in sentences if s.strip()]
    base = list(sentences)
    while len(sentences) < minimum:
        sentences += base
    return sentences, source


def best_of(runs: int, funcs: dict[str, Callable[[], object]]) -> dict[str, float]:
    """The fastest of ``runs`` timings of each function, in seconds.

    The functions take turns within each round, so a busy spell on the machine falls on
    all of them alike instead of on whichever happened to run then.
    """
    best = dict.fromkeys(funcs, float("inf"))
    for _ in range(runs):
        for name, func in funcs.items():
            start = time.perf_counter()
            func()
            best[name] = min(best[name], time.perf_counter() - start)
    return best
