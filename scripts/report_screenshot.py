"""Render the example dated journal as a report and screenshot it for the README.

Usage: python scripts/report_screenshot.py [--rules-only] [--out docs/report.png]

Needs headless Chromium (Debian: ``apt-get install -y chromium``). Uses the disclosure model
when one is installed (stances per sentence), else the rules only.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from resonance.classifier import default_model_path
from resonance.corpus import read_documents
from resonance.pipeline import analyze_many, load
from resonance.scoring.report import render_report, write_report
from resonance.types import Document

ROOT = Path(__file__).resolve().parent.parent
JOURNAL = ROOT / "examples" / "dated-journal"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rules-only", action="store_true")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "report.png")
    parser.add_argument("--size", default="1100,1500", help="window width,height")
    args = parser.parse_args(argv)
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        print("needs chromium: apt-get install -y chromium", file=sys.stderr)
        return 1
    rules_only = args.rules_only or not (default_model_path() / "model.onnx").is_file()
    documents = [d for d in read_documents([JOURNAL]) if isinstance(d, Document)]
    reflections = analyze_many(
        [d.text for d in documents],
        ids=[d.id for d in documents],
        metas=[d.meta for d in documents],
        nlp=load(rules_only=rules_only),
    )
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "report.html"
        write_report(render_report(reflections, title="A month of journal entries"), page)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                chromium,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                "--disable-background-networking",
                f"--window-size={args.size}",
                f"--screenshot={args.out}",
                page.as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
    print(f"wrote {args.out} ({'rules only' if rules_only else 'with the disclosure model'})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
