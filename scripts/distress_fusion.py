"""Measure how the model's sentence distress probability should sharpen the rules' decision.

Runs the pipeline (rules + ``resonance_disclosure``) on a gold split once per fusion mode and
threshold and prints distress-span precision / recall / F1 (strict offsets, as
``resonance evaluate`` counts them). The default of ``resonance_disclosure``
(``distress_fusion``, ``distress_threshold``) was chosen with this on the dev split.

Usage: python scripts/distress_fusion.py [--gold data/annotations/dev.jsonl] [--model PATH]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from resonance.pipeline import load
from resonance.scoring.evaluate import evaluate
from resonance.scoring.gold import read_gold

ROOT = Path(__file__).resolve().parent.parent
GRID = [("rules", 0.5)] + [
    (fusion, threshold)
    for fusion in ("and", "or", "model")
    for threshold in (0.2, 0.3, 0.4, 0.5, 0.6, 0.7)
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=ROOT / "data" / "annotations" / "dev.jsonl")
    parser.add_argument("--model", type=Path, default=None)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    records = list(read_gold(args.gold))
    rows = []
    for fusion, threshold in GRID:
        nlp = load(rules_only=True)
        config = {"distress_fusion": fusion, "distress_threshold": threshold}
        if args.model is not None:
            config["model"] = str(args.model)
        nlp.add_pipe("resonance_disclosure", config=config)
        strict = evaluate(records, nlp).distress.strict
        rows.append(
            {
                "fusion": fusion,
                "threshold": threshold,
                "precision": round(strict.precision, 4),
                "recall": round(strict.recall, 4),
                "f1": round(strict.f1, 4),
            }
        )
    # Ties go to the rules alone, then to the higher threshold (fewer model-only additions).
    best = max(rows, key=lambda r: (r["f1"], r["fusion"] == "rules", r["threshold"]))
    if args.json:
        print(json.dumps({"gold": str(args.gold), "rows": rows, "best": best}, indent=2))
        return 0
    print(f"distress spans on {args.gold} ({len(records)} records), strict offsets")
    for r in rows:
        mark = "  <- best" if r is best else ""
        print(
            f"  {r['fusion']:<6} t={r['threshold']:.1f}  P {r['precision']:.3f}"
            f"  R {r['recall']:.3f}  F1 {r['f1']:.3f}{mark}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
