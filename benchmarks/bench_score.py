"""``resonance score`` throughput with 1 and 2 local workers, and peak memory at 1x and 10x.

Throughput: the same corpus is scored with one worker (this process) and with a pool of two
processes, in the same run, after each engine has loaded its pipeline (start-up is reported
apart). Memory: ``resonance score`` runs in a fresh process on the corpus and on the corpus
repeated ten times (fresh ids), and each process reports its own peak resident set size;
a streaming scorer stays about flat.

The scoring ratio is printed beside the ratio a pure-Python loop gets from two processes on
the same machine at the same time: on a machine whose other users keep its cores busy, the
second figure tells how much parallelism there was to be had.

Run: ``python -m benchmarks.bench_score [--corpus PATH] [--rules-only]``. The default corpus
is the FIG-Loneliness training posts in ``../shared/data`` (read in place, never copied).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

from benchmarks.common import ROOT
from resonance.classifier import default_model_path
from resonance.corpus import read_documents
from resonance.scoring.score import (
    InProcessRunner,
    PipelineConfig,
    PoolRunner,
    Runner,
    score_corpus,
)

FIG = ROOT.parent / "shared" / "data" / "fig-loneliness" / "train.jsonl"
_CHILD = """
import resource, sys
from pathlib import Path
from resonance.corpus import read_documents
from resonance.scoring.score import InProcessRunner, PipelineConfig, score_corpus
config = PipelineConfig(rules_only=sys.argv[3] == "1")
items = read_documents([sys.argv[1]], id_field="unique_id")
summary = score_corpus(items, Path(sys.argv[2]), InProcessRunner(config))
peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(summary.scored, peak_kib)
"""


def throughput(runner: Runner, corpus: Path, out: Path, batch: int) -> tuple[float, int]:
    """Documents per second for one scoring of ``corpus`` (the runner already warm)."""
    items = read_documents([corpus], id_field="unique_id")
    summary = score_corpus(items, out, runner, chunk_size=batch)
    return summary.rate, summary.scored


def _spin(n: int) -> int:
    total = 0
    for i in range(n):
        total += i * i
    return total


def machine_ratio(n: int = 4_000_000) -> float:
    """Speed-up two processes get over one on the same pure-Python work, right now."""
    started = time.perf_counter()
    _spin(n)
    _spin(n)
    one = time.perf_counter() - started
    with ProcessPoolExecutor(2, mp_context=get_context("spawn")) as pool:
        list(pool.map(_spin, [10, 10]))  # start both processes first
        started = time.perf_counter()
        list(pool.map(_spin, [n, n]))
        two = time.perf_counter() - started
    return one / two


def warm_pool(config: PipelineConfig, workers: int) -> tuple[PoolRunner, float]:
    """A pool whose workers have all started and loaded their pipeline; and how long it took."""
    started = time.perf_counter()
    pool = PoolRunner(config, workers)
    warmup = [("warm", "I walk the dog every day.", "warm-up", None, {})]
    for future in [pool.submit(warmup) for _ in range(workers)]:
        future.result()
    return pool, time.perf_counter() - started


def peak_memory(corpus: Path, out: Path, rules_only: bool) -> tuple[int, float]:
    """(documents, peak RSS in MiB) of ``resonance score`` in a fresh process."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)])}
    result = subprocess.run(
        [sys.executable, "-c", _CHILD, str(corpus), str(out), "1" if rules_only else "0"],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    scored, peak_kib = result.stdout.split()
    return int(scored), int(peak_kib) / 1024


def repeat(corpus: Path, times: int, out: Path) -> Path:
    """The corpus ``times`` over, with fresh ids, as JSONL."""
    with corpus.open(encoding="utf-8") as source, out.open("w", encoding="utf-8") as sink:
        lines = source.readlines()
        for copy in range(times):
            for line in lines:
                record = json.loads(line)
                record["unique_id"] = f"{record.get('unique_id', '')}-{copy}"
                sink.write(json.dumps(record) + "\n")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, default=FIG, help="JSONL with text, unique_id")
    parser.add_argument("--rules-only", action="store_true", help="no disclosure model")
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--runs", type=int, default=2, help="best of this many runs each")
    parser.add_argument("--skip-memory", action="store_true")
    args = parser.parse_args(argv)
    rules_only = args.rules_only or not (default_model_path() / "model.onnx").is_file()
    mode = "rules only" if rules_only else f"rules + disclosure model ({default_model_path()})"
    config = PipelineConfig(rules_only=rules_only, batch_size=args.batch_size)
    print(f"corpus {args.corpus}; {mode}; {os.cpu_count()} CPUs; Python {sys.version.split()[0]}")
    batch = args.batch_size
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        single = InProcessRunner(config)
        pool, startup = warm_pool(config, 2)
        one = two = 0.0
        try:
            for run in range(args.runs):  # interleaved, best of each: others share the CPUs
                rate, n = throughput(single, args.corpus, folder / f"w1-{run}.jsonl", batch)
                one = max(one, rate)
                rate, _ = throughput(pool, args.corpus, folder / f"w2-{run}.jsonl", batch)
                two = max(two, rate)
        finally:
            pool.close()
        print(f"  1 worker : {one:8.1f} documents/s ({n} documents, best of {args.runs})")
        print(f"  2 workers: {two:8.1f} documents/s (pool start-up {startup:.1f} s, apart)")
        print(f"  ratio 2/1: {two / one:8.2f} (a pure-Python loop: {machine_ratio():.2f})")
        if not args.skip_memory:
            big = repeat(args.corpus, 10, folder / "x10.jsonl")
            n1, peak1 = peak_memory(args.corpus, folder / "m1.jsonl", rules_only)
            n10, peak10 = peak_memory(big, folder / "m10.jsonl", rules_only)
            print(f"  peak RSS : {peak1:8.1f} MiB for {n1} documents")
            print(f"  peak RSS : {peak10:8.1f} MiB for {n10} documents (x{peak10 / peak1:.2f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
