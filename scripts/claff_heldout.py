"""Write the held-out part of CL-Aff OffMyChest as ANNOTATION.md records for `resonance evaluate`.

The part is fixed by a hash of the post id (resonance.training_data.claff_part): training
never sees it. One record per sentence, with a document-level "disclosure":
Emotional_disclosure=1 -> "open", Emotional_disclosure=0 -> "neutral". The per-label F1 of
"open" that `resonance evaluate` reports is then the open-versus-not F1 against CL-Aff's
emotional disclosure; the other per-label figures mean little on this file. Absolutist
spans were not annotated in CL-Aff (meta.spans_annotated is false), so ignore span figures.

The file is written outside the repository's tracked paths (runs/ is gitignored): CL-Aff
sentences must never be committed.

Usage:
    python scripts/claff_heldout.py [--claff PATH] [--out runs/claff-heldout.jsonl]
                                    [--part heldout|dev]
    (PATH defaults to ../shared/data/claff-offmychest/labeled_training_set.csv)
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from resonance.errors import ResonanceError
from resonance.training_data import CLAFF_MAPPING, claff_records, read_claff

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CLAFF = ROOT.parent / "shared" / "data" / "claff-offmychest" / "labeled_training_set.csv"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claff", type=Path, default=DEFAULT_CLAFF)
    parser.add_argument("--out", type=Path, default=ROOT / "runs" / "claff-heldout.jsonl")
    parser.add_argument("--part", choices=("heldout", "dev"), default="heldout")
    args = parser.parse_args(argv)
    try:
        rows = read_claff(args.claff)
    except ResonanceError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    args.out.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with args.out.open("w", encoding="utf-8") as handle:
        for record in claff_records(rows, args.part):
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    print(f"{args.out}: {count} CL-Aff {args.part} sentences ({CLAFF_MAPPING})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
