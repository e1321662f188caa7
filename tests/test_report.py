"""The HTML report: spans, stances, reframes, safety, chart, escaping; headless Chromium."""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from resonance.pipeline import analyze_many, load
from resonance.scoring.report import highlight, render_report, write_report
from resonance.types import (
    AbsolutistSpan,
    DictionaryIndex,
    Index,
    Reflection,
    Reframe,
    SafetyMessage,
    Sentence,
)

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def reflection(
    text: str,
    *,
    spans: tuple[AbsolutistSpan, ...] = (),
    stances: tuple[str | None, ...] = (),
    reframes: tuple[Reframe, ...] = (),
    crisis: bool = False,
    safety: SafetyMessage | None = None,
    date: str | None = None,
    id: str = "entry",
) -> Reflection:
    """A hand-built reflection: sentences split on '. ' so offsets are easy to check."""
    sentences, start = [], 0
    for number, part in enumerate(re.split(r"(?<=[.!?]) ", text)):
        stance = stances[number] if number < len(stances) else None
        sentences.append(Sentence(start, start + len(part), part, stance))  # type: ignore[arg-type]
        start += len(part) + 1
    words = len(text.split())
    index = Index(words, 0.0, 0.0, 0.0, DictionaryIndex(words, 0, (), 0.0))
    return Reflection(
        id=id,
        text=text,
        spans=spans,
        sentences=tuple(sentences),
        index=index,
        reframes=reframes,
        crisis=crisis,
        safety=safety,
        meta={"date": date} if date else {},
    )


def span(text: str, word: str, category: str, distress: bool) -> AbsolutistSpan:
    start = text.index(word)
    return AbsolutistSpan(start, start + len(word), word, category, distress)  # type: ignore[arg-type]


NO_ONE = "No one ever calls me back. I walk the dog every day."


@pytest.mark.parametrize(
    ("start", "end", "spans", "expected"),
    [
        (
            0,
            26,
            [span(NO_ONE, "No one", "people", True)],
            '<mark class="span distress" data-category="people">No one'
            '<span class="label">people</span></mark> ever calls me back.',
        ),
        (
            27,
            52,
            [span(NO_ONE, "every day", "time", False)],
            'I walk the dog <mark class="span" data-category="time">every day'
            '<span class="label">time</span></mark>.',
        ),
        (27, 52, [span(NO_ONE, "No one", "people", True)], "I walk the dog every day."),
        (0, 26, [], "No one ever calls me back."),
    ],
    ids=["distress-span", "plain-span", "span-of-another-sentence", "no-span"],
)
def test_highlight_marks_spans_inside_the_sentence(
    start: int, end: int, spans: list[AbsolutistSpan], expected: str
) -> None:
    assert highlight(NO_ONE, start, end, spans) == expected


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert('x')</script> Nobody came.",
        'I typed "><img src=x onerror=alert(1)> into the box. Nobody came.',
        "Tom & Jerry &amp; me. Nobody came.",
    ],
)
def test_every_piece_of_text_is_escaped(text: str) -> None:
    entry = reflection(text, spans=(span(text, "Nobody", "people", True),), id=text)
    page = render_report([entry], title=text)
    assert "<script" not in page
    assert "<img" not in page
    assert "onerror=alert" not in page.replace("onerror=alert(1)&gt;", "")
    parser = _Texts()
    parser.feed(page)
    assert text in parser.text()


def test_stance_reframes_and_spans_sit_with_their_sentence() -> None:
    text = "I'm fine, whatever. No one ever calls me back. We had pizza."
    reframe = Reframe(
        start=text.index("No one"),
        end=text.index("No one") + 6,
        strategy="exceptions",
        text="Was there a time someone did call?",
        question="Who reached out, even once?",
    )
    entry = reflection(
        text,
        spans=(span(text, "No one", "people", True),),
        stances=("guarded", "open", "neutral"),
        reframes=(reframe,),
    )
    page = render_report([entry])
    items = re.findall(r'<li class="sentence" data-stance="(\w+)">(.*?)</li>', page)
    assert [stance for stance, _ in items] == ["guarded", "open", "neutral"]
    assert "Was there a time someone did call?" in items[1][1]
    assert 'class="span distress"' in items[1][1]
    assert '<aside class="reframe"' not in items[0][1] + items[2][1]


def test_crisis_entry_shows_the_safety_message_and_no_reframes() -> None:
    text = "I don't want to be here anymore. Nobody would notice."
    reframe = Reframe(0, 6, "exceptions", "Is that always true?", "Who noticed you?")
    safety = SafetyMessage(
        "Please reach out to someone now.", ("Call your local emergency number",)
    )
    page = render_report([reflection(text, reframes=(reframe,), crisis=True, safety=safety)])
    assert '<aside class="safety"><p>Please reach out to someone now.</p>' in page
    assert "<li>Call your local emergency number</li>" in page
    assert "Is that always true?" not in page


@pytest.mark.parametrize(
    ("dates", "chart"),
    [
        (["2024-03-01", "2024-03-04", "2024-03-09"], True),
        (["2024-03-01", "2024-03-01"], False),
        ([None, None, None], False),
    ],
    ids=["dated-journal", "one-day", "undated"],
)
def test_chart_only_for_dated_entries_over_more_than_one_day(
    dates: list[str | None], chart: bool
) -> None:
    entries = [reflection("Nothing ever changes.", date=d, id=f"e{n}") for n, d in enumerate(dates)]
    page = render_report(entries)
    assert ('<section class="chart">' in page) is chart
    assert page.count("<polyline") == (3 if chart else 0)


def test_page_is_self_contained() -> None:
    entries = [reflection("Nothing ever changes.", date=f"2024-03-0{n}") for n in (1, 2, 3)]
    page = render_report(entries)
    assert "Content-Security-Policy" in page
    for pattern in (r"\bsrc=", r"\bhref=", r"https?://", r"@import", r"url\("):
        assert not re.search(pattern, page), pattern


def test_report_of_a_real_pipeline_run(tmp_path: Path) -> None:
    texts = ["No one ever listens to me. I'm fine.", "I walk the dog every day."]
    nlp = load(rules_only=True)
    reflections = analyze_many(texts, ids=["a", "b"], metas=[{}, {}], nlp=nlp, rules_only=True)
    out = tmp_path / "report.html"
    write_report(render_report(reflections, title="two entries"), out)
    page = out.read_text(encoding="utf-8")
    assert page.count('<article class="entry"') == 2
    assert page.count('class="span distress"') == 2
    assert page.count('class="span"') == 1
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]


class _Texts(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.skip += tag in ("style", "span")

    def handle_endtag(self, tag: str) -> None:
        self.skip -= tag in ("style", "span")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)

    def text(self) -> str:
        return "".join(self.parts)


# -- headless Chromium ------------------------------------------------------------------------


def _chromium(*args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    return subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--disable-background-networking",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )


@pytest.mark.browser
@pytest.mark.skipif(CHROMIUM is None, reason="needs chromium (apt-get install -y chromium)")
def test_report_renders_in_headless_chromium(tmp_path: Path) -> None:
    hostile = "Nobody ever came. <img src=x onerror=\"document.title='hacked'\">"
    entries = [
        reflection(
            "I'm fine, whatever. No one ever calls me back.",
            spans=(
                span("I'm fine, whatever. No one ever calls me back.", "No one", "people", True),
            ),
            stances=("guarded", "open"),
            date="2024-03-01",
            id="monday",
            reframes=(Reframe(20, 26, "exceptions", "Has anyone called lately?", "Who?"),),
        ),
        reflection(hostile, stances=("open", "neutral"), date="2024-03-04", id="thursday"),
        reflection("We walked by the river.", stances=("neutral",), date="2024-03-09", id="sat"),
    ]
    page = tmp_path / "report.html"
    write_report(render_report(entries, title="journal"), page)
    dom = _chromium("--dump-dom", page.as_uri()).stdout
    assert "<title>journal</title>" in dom
    assert dom.count('<article class="entry"') == 3
    assert dom.count("<polyline") == 3
    assert '<mark class="span distress" data-category="people">No one' in dom
    assert "Has anyone called lately?" in dom
    assert "<img" not in dom and "hacked" not in dom.split("<body>")[0]
    assert "&lt;img src=x" in dom
    shot = tmp_path / "shot.png"
    _chromium("--window-size=1000,900", "--hide-scrollbars", f"--screenshot={shot}", page.as_uri())
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(data) > 20_000  # a blank page compresses to a few kB


def test_report_command_writes_a_page_and_counts_unreadable_inputs(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from resonance.cli import app

    journal = tmp_path / "journal"
    journal.mkdir()
    (journal / "2024-03-01.txt").write_text("No one ever calls me back.\nI'm fine.", "utf-8")
    (journal / "2024-03-03.txt").write_text("We walked by the river every day.", "utf-8")
    (journal / "2024-03-05.txt").write_bytes(b"\xff\xfe broken")
    out = tmp_path / "report.html"
    result = CliRunner().invoke(app, ["report", str(journal), "-o", str(out), "--rules-only"])
    assert result.exit_code == 3
    assert "2024-03-05.txt" in result.stderr
    page = out.read_text("utf-8")
    assert page.count('<article class="entry"') == 2
    assert '<section class="chart">' in page


def test_chart_reads_the_date_from_the_field_given() -> None:
    entries = [
        Reflection(
            **{
                **reflection("Nothing ever changes.", id=f"e{n}").__dict__,
                "meta": {"written": f"2024-05-0{n}"},
            }
        )
        for n in (1, 3, 6)
    ]
    assert '<section class="chart">' not in render_report(entries)
    page = render_report(entries, date_field="written")
    assert '<section class="chart">' in page
    assert "<h2>e1 · 2024-05-01</h2>" in page
