"""Write the FIG-Loneliness training posts as JSONL with a ``group`` field, for ``score``.

FIG-Loneliness (Jiang et al. 2022, CC BY-NC 4.0) labels each post one-hot as
``lonely: [non-lonely, lonely]``. The output keeps only id, text and group, and goes to a
path outside the repository (the data set is read in place and never committed).

Usage: python scripts/fig_groups.py ../shared/data/fig-loneliness/train.jsonl runs/fig.jsonl
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def main(source: Path, target: Path) -> int:
    target.parent.mkdir(parents=True, exist_ok=True)
    written = 0
    with source.open(encoding="utf-8") as lines, target.open("w", encoding="utf-8") as out:
        for line in lines:
            post = json.loads(line)
            group = "lonely" if post["lonely"][1] else "not-lonely"
            record = {"id": post["unique_id"], "text": post["text"], "group": group}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            written += 1
    print(f"{written} posts -> {target}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        raise SystemExit(2)
    raise SystemExit(main(Path(sys.argv[1]), Path(sys.argv[2])))
