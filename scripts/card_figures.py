"""Add `resonance evaluate`, distress-fusion and benchmark figures to the shipped model card.

Reads the JSON that these commands wrote (run them first, from the repository root):

    resonance evaluate data/annotations/test.jsonl --json > runs/eval-test.json
    resonance evaluate data/annotations/test.jsonl --rules-only --json > runs/eval-test-rules.json
    python scripts/claff_heldout.py
    resonance evaluate runs/claff-heldout.jsonl --json > runs/eval-claff.json
    python scripts/distress_fusion.py --json > runs/fusion-dev.json
    python -m benchmarks.bench_pipeline --json > runs/bench-pipeline.json
    # optional, the dynamic-int8 export for comparison:
    python -m benchmarks.bench_pipeline --json --model runs/disclosure-v1/onnx-int8 \\
        > runs/bench-pipeline-int8-dynamic.json

then stores the figures under "evaluation" in models/disclosure-v1/metrics.json, renders
MODEL_CARD.md again and rewrites manifest.json.

Usage: python scripts/card_figures.py [--model models/disclosure-v1] [--runs runs]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from resonance.classifier import write_manifest
from resonance.disclosure import DEFAULT_FUSION, DEFAULT_THRESHOLD
from resonance.model_card import render_model_card

ROOT = Path(__file__).resolve().parent.parent


def _load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def _r(value: float) -> str:
    return f"{value:.3f}"


def _claff_confusion(model: Path, heldout: Path) -> dict[str, Any]:
    """Predicted stances by CL-Aff label, and F1 when guarded also counts as disclosure."""
    from resonance.classifier import load_model

    records = [json.loads(line) for line in heldout.read_text(encoding="utf-8").splitlines()]
    predictions = load_model(model).predict([r["text"] for r in records])
    counts = Counter(
        (r["meta"]["emotional_disclosure"], p.stance)
        for r, p in zip(records, predictions, strict=True)
    )
    out: dict[str, Any] = {}
    for ed in (0, 1):
        out[f"ed{ed}"] = sum(n for (e, _), n in counts.items() if e == ed)
        for stance in ("open", "guarded", "neutral"):
            out[f"ed{ed}_{stance}"] = counts[(ed, stance)]
    tp = counts[(1, "open")] + counts[(1, "guarded")]
    predicted = tp + counts[(0, "open")] + counts[(0, "guarded")]
    precision, recall = tp / max(predicted, 1), tp / max(out["ed1"], 1)
    out["either_f1"] = _r(2 * precision * recall / max(precision + recall, 1e-9))
    return out


def figures(runs: Path, model: Path) -> dict[str, Any]:
    """The card's evaluation figures from the JSON files in ``runs`` and the model."""
    test, rules = _load(runs / "eval-test.json"), _load(runs / "eval-test-rules.json")
    claff, fusion = _load(runs / "eval-claff.json"), _load(runs / "fusion-dev.json")
    bench = _load(runs / "bench-pipeline.json")
    stance, claff_stance = test["disclosure"], claff["disclosure"]
    dev_fused = next(
        r
        for r in fusion["rows"]
        if r["fusion"] == DEFAULT_FUSION and r["threshold"] == DEFAULT_THRESHOLD
    )
    dev_rules = next(r for r in fusion["rows"] if r["fusion"] == "rules")
    systems = bench["systems"]
    dynamic = runs / "bench-pipeline-int8-dynamic.json"
    dynamic_line = ""
    if dynamic.is_file():
        other = _load(dynamic)
        dynamic_line = (
            f" The dynamic-int8 export ran the pipeline at "
            f"{other['systems']['resonance']['sentences_per_second']} sentences/s "
            f"({other['ratio_vs_plain']}x) in the same session, but its output depends on "
            "batching, so the batch-invariant format ships."
        )
    return {
        "test_macro": _r(stance["macro_f1"]),
        "test_n": stance["n"],
        **{f"test_{k}": _r(v["f1"]) for k, v in stance["labels"].items()},
        "claff_n": claff_stance["n"],
        "claff_p": _r(claff_stance["open_vs_not"]["precision"]),
        "claff_r": _r(claff_stance["open_vs_not"]["recall"]),
        "claff_f1": _r(claff_stance["open_vs_not"]["f1"]),
        **_claff_confusion(model, runs / "claff-heldout.jsonl"),
        "rules_p": _r(rules["distress"]["strict"]["precision"]),
        "rules_r": _r(rules["distress"]["strict"]["recall"]),
        "rules_f1": _r(rules["distress"]["strict"]["f1"]),
        "fused_p": _r(test["distress"]["strict"]["precision"]),
        "fused_r": _r(test["distress"]["strict"]["recall"]),
        "fused_f1": _r(test["distress"]["strict"]["f1"]),
        "fusion": DEFAULT_FUSION,
        "threshold": DEFAULT_THRESHOLD,
        "dev_rules_f1": _r(dev_rules["f1"]),
        "dev_fused_f1": _r(dev_fused["f1"]),
        "bench_n": bench["sentences"],
        "bench_resonance": systems["resonance"]["sentences_per_second"],
        "bench_resonance_mb": systems["resonance"]["peak_mb"],
        "bench_onnx": systems["onnx"]["sentences_per_second"],
        "bench_plain": systems["plain"]["sentences_per_second"],
        "bench_plain_bs": systems["plain"].get("batch_size", "-"),
        "bench_plain_mb": systems["plain"]["peak_mb"],
        "bench_ratio": bench["ratio_vs_plain"],
        "bench_dynamic": dynamic_line,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=ROOT / "models" / "disclosure-v1")
    parser.add_argument("--runs", type=Path, default=ROOT / "runs")
    args = parser.parse_args(argv)
    try:
        evaluation = figures(args.runs, args.model)
    except (OSError, KeyError, StopIteration, json.JSONDecodeError) as error:
        print(f"error: {args.runs}: missing or unexpected figures ({error!r})", file=sys.stderr)
        return 1
    metrics_path = args.model / "metrics.json"
    metrics = _load(metrics_path)
    metrics["evaluation"] = evaluation
    metrics_path.write_text(json.dumps(metrics, indent=2) + "\n", encoding="utf-8")
    (args.model / "MODEL_CARD.md").write_text(render_model_card(metrics), encoding="utf-8")
    write_manifest(args.model)
    print(f"{args.model}: MODEL_CARD.md, metrics.json and manifest.json updated", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
