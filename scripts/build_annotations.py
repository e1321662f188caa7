"""Build data/annotations/{train,dev,test}.jsonl from the hand-written sources.

The sources in data/annotations/src/*.txt are the authoritative, human-written corpus.
Each record is a header line and one line per sentence:

    ### a-0001 age=teen register=texting
    O | [No one|people|+] [ever|time|+] texts me back.
    G | im fine tho whatever
    --
    N | We had pizza for dinner.

- The header is ``### <id>`` followed by optional ``key=value`` pairs, copied to ``meta``.
- A sentence line is ``<stance> | <text>`` with stance O (open), G (guarded) or N (neutral).
- ``[words|category|+]`` marks an absolutist span; ``+`` is distress, ``-`` is not.
- A line ``--`` starts a new paragraph (the next sentence follows a newline, not a space).
- Lines starting with ``#`` (but not ``###``) are comments.

The split is fixed by a hash of the record id (70 / 15 / 15), never by sentence.

Usage: python scripts/build_annotations.py [--check]
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "data" / "annotations" / "src"
OUT = ROOT / "data" / "annotations"
STANCE = {"O": "open", "G": "guarded", "N": "neutral"}
CATEGORIES = {"time", "people", "totality", "certainty"}
SPAN = re.compile(r"\[([^\[\]|]+)\|([a-z]+)\|([+-])\]")


class SourceError(ValueError):
    pass


def split_of(record_id: str) -> str:
    bucket = int(hashlib.sha256(record_id.encode()).hexdigest(), 16) % 100
    return "train" if bucket < 70 else "dev" if bucket < 85 else "test"


def parse_sentence(line: str, where: str) -> tuple[str, str, list[tuple[int, int, str, bool]]]:
    stance_code, sep, body = line.partition("|")
    stance_code = stance_code.strip()
    if not sep or stance_code not in STANCE:
        raise SourceError(f"{where}: expected 'O | text', 'G | text' or 'N | text'")
    body = body.strip()
    text, spans, pos = "", [], 0
    for match in SPAN.finditer(body):
        text += body[pos : match.start()]
        words, category, flag = match.groups()
        if category not in CATEGORIES:
            raise SourceError(f"{where}: unknown category {category!r}")
        spans.append((len(text), len(text) + len(words), category, flag == "+"))
        text += words
        pos = match.end()
    text += body[pos:]
    if "[" in text or "]" in text:
        raise SourceError(f"{where}: malformed span markup (use [words|category|+/-])")
    if not text.strip():
        raise SourceError(f"{where}: empty sentence")
    return STANCE[stance_code], text, spans


def parse_file(path: Path) -> list[dict[str, object]]:
    records: list[dict[str, object]] = []
    current: dict[str, object] | None = None
    new_paragraph = False
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        where = f"{path.name}:{number}"
        line = raw.strip()
        if not line or (line.startswith("#") and not line.startswith("###")):
            continue
        if line.startswith("###"):
            fields = line[3:].split()
            if not fields:
                raise SourceError(f"{where}: header needs an id")
            meta: dict[str, object] = {"source": "written-for-resonance", "file": path.stem}
            for pair in fields[1:]:
                key, _, value = pair.partition("=")
                meta[key] = True if value in ("", "true") else value
            current = {"id": fields[0], "text": "", "spans": [], "sentences": [], "meta": meta}
            records.append(current)
            new_paragraph = False
            continue
        if current is None:
            raise SourceError(f"{where}: sentence before the first ### header")
        if line == "--":
            new_paragraph = True
            continue
        stance, text, spans = parse_sentence(line, where)
        so_far = str(current["text"])
        if so_far:
            so_far += "\n" if new_paragraph else " "
        offset = len(so_far)
        current["text"] = so_far + text
        current["sentences"].append(  # type: ignore[attr-defined]
            {"start": offset, "end": offset + len(text), "disclosure": stance}
        )
        for start, end, category, distress in spans:
            current["spans"].append(  # type: ignore[attr-defined]
                {
                    "start": offset + start,
                    "end": offset + end,
                    "label": "ABSOLUTIST",
                    "category": category,
                    "distress": distress,
                }
            )
        new_paragraph = False
    return records


def build() -> dict[str, list[dict[str, object]]]:
    splits: dict[str, list[dict[str, object]]] = {"train": [], "dev": [], "test": []}
    seen: set[str] = set()
    for path in sorted(SRC.glob("*.txt")):
        for record in parse_file(path):
            rid = str(record["id"])
            if rid in seen:
                raise SourceError(f"{path.name}: duplicate id {rid}")
            seen.add(rid)
            if not record["sentences"]:
                raise SourceError(f"{path.name}: record {rid} has no sentences")
            split = split_of(rid)
            record["meta"]["split"] = split  # type: ignore[index]
            splits[split].append(record)
    return splits


def main(argv: list[str]) -> int:
    try:
        splits = build()
    except SourceError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    for name, records in splits.items():
        content = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
        target = OUT / f"{name}.jsonl"
        if "--check" in argv:
            if not target.exists() or target.read_text(encoding="utf-8") != content:
                print(f"error: {target} is out of date; run scripts/build_annotations.py")
                return 1
        else:
            target.write_text(content, encoding="utf-8")
        n_sent = sum(len(r["sentences"]) for r in records)  # type: ignore[arg-type]
        print(f"{name}: {len(records)} records, {n_sent} sentences")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
