"""The full pipeline (rules + disclosure classifier) beside a plain transformers pipeline.

Same sentences, same run, same fine-tuned model: resonance's pipeline (sentencizer,
``resonance_absolutist``, ``resonance_disclosure`` on the shipped ONNX model) against
``transformers.pipeline("text-classification")`` on the fp32 torch checkpoint the ONNX file
was exported from (``runs/disclosure-v1/hf``, written by ``make train``), plus the ONNX
classifier alone. The plain pipeline gets its best batch size (of 1, 8, 32, 64, probed on
256 sentences first). Each system runs in its own process, so its peak memory (max RSS) is its
own; the systems take turns in each round and the best round counts.
Targets: 300 sentences/s or more and at least 1.5x the plain pipeline.

Run: ``make bench-pipeline`` (or ``python -m benchmarks.bench_pipeline``).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.common import ROOT, load_sentences

SYSTEMS = {
    "resonance": "resonance pipeline (rules + ONNX classifier)",
    "onnx": "ONNX classifier alone (DisclosureModel.predict)",
    "plain": "plain transformers pipeline, torch fp32",
}
TARGET_SPEED, TARGET_RATIO = 300.0, 1.5
PLAIN_BATCH_SIZES = (1, 8, 32, 64)  # the plain pipeline runs at whichever is fastest here


def _run_one(system: str, args: argparse.Namespace) -> dict[str, float]:
    """Time one system in this process; called in a child process."""
    sentences = load_sentences(args.sentences)[0][: args.sentences]
    process = _prepare(system, args)
    process(sentences[:64])
    start = time.perf_counter()
    process(sentences)
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result = {"seconds": seconds, "peak_mb": peak_mb}
    if getattr(args, "plain_batch_size", None):
        result["batch_size"] = args.plain_batch_size
    return result


def _prepare(system: str, args: argparse.Namespace) -> Callable[[list[str]], object]:
    if system == "resonance":
        from resonance.pipeline import load

        nlp = load(model=args.model)

        def run_pipeline(texts: list[str]) -> None:
            for _ in nlp.pipe(texts, batch_size=256):
                pass

        return run_pipeline
    if system == "onnx":
        from resonance.classifier import DisclosureModel

        model = DisclosureModel(args.model)
        return lambda texts: model.predict_arrays(texts)
    return _plain_pipeline(args)


def _plain_pipeline(args: argparse.Namespace) -> Callable[[list[str]], object]:
    from transformers import AutoTokenizer, pipeline
    from transformers.utils import logging

    from resonance.training_net import load_net

    logging.set_verbosity_error()  # it notes that DisclosureNet is a custom class; it runs
    config = json.loads((args.model / "config.json").read_text(encoding="utf-8"))
    classify = pipeline(
        "text-classification",
        model=load_net(args.hf),
        tokenizer=AutoTokenizer.from_pretrained(str(args.hf)),
        device=-1,
        top_k=None,
    )
    options = {"truncation": True, "max_length": config["max_length"]}
    probe = load_sentences(args.sentences)[0][:256]
    batch_size = min(PLAIN_BATCH_SIZES, key=lambda size: _timed(classify, probe, size, options))
    args.plain_batch_size = batch_size
    return lambda texts: classify(texts, batch_size=batch_size, **options)


def _timed(classify: Callable[..., object], texts: list[str], size: int, options: dict) -> float:
    """Seconds the plain pipeline takes on ``texts`` at one batch size (its best is used)."""
    start = time.perf_counter()
    classify(texts, batch_size=size, **options)
    return time.perf_counter() - start


def _child(system: str, args: argparse.Namespace) -> dict[str, float]:
    command = [
        sys.executable,
        "-m",
        "benchmarks.bench_pipeline",
        "--only",
        system,
        "--sentences",
        str(args.sentences),
        "--model",
        str(args.model),
        "--hf",
        str(args.hf),
    ]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{system} failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--model", type=Path, default=ROOT / "models" / "disclosure-v1")
    parser.add_argument("--hf", type=Path, default=ROOT / "runs" / "disclosure-v1" / "hf")
    parser.add_argument("--only", choices=tuple(SYSTEMS), help=argparse.SUPPRESS)
    parser.add_argument("--json", action="store_true", help="Print the results as JSON.")
    args = parser.parse_args(argv)
    if args.only:
        print(json.dumps(_run_one(args.only, args)))
        return 0
    if not (args.hf / "config.json").is_file():
        print(f"error: {args.hf}: no torch checkpoint; run `make train` first", file=sys.stderr)
        return 1
    best: dict[str, dict[str, float]] = {}
    for _ in range(args.runs):
        for system in SYSTEMS:
            result = _child(system, args)
            if system not in best or result["seconds"] < best[system]["seconds"]:
                best[system] = result
    n = args.sentences
    report = {
        "sentences": n,
        "source": load_sentences(n)[1],
        "runs": args.runs,
        "systems": {
            name: {
                "sentences_per_second": round(n / r["seconds"], 1),
                "seconds": round(r["seconds"], 2),
                "peak_mb": round(r["peak_mb"], 1),
                **({"batch_size": r["batch_size"]} if "batch_size" in r else {}),
            }
            for name, r in best.items()
        },
    }
    speed = report["systems"]["resonance"]["sentences_per_second"]
    ratio = best["plain"]["seconds"] / best["resonance"]["seconds"]
    report["ratio_vs_plain"] = round(ratio, 2)
    report["targets_met"] = speed >= TARGET_SPEED and ratio >= TARGET_RATIO
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    print(f"{n} sentences from {report['source']}; best of {args.runs} run(s)")
    for name, label in SYSTEMS.items():
        row = report["systems"][name]
        extra = f"  (batch size {row['batch_size']})" if "batch_size" in row else ""
        print(
            f"  {label:<48} {row['sentences_per_second']:>8.1f} sentences/s"
            f"  peak {row['peak_mb']:>7.1f} MB{extra}"
        )
    print(
        f"  resonance / plain: {ratio:.2f}x (target {TARGET_RATIO}x); "
        f"target {TARGET_SPEED:.0f} sentences/s: {'met' if speed >= TARGET_SPEED else 'missed'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
