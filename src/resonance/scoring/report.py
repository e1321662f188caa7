"""A self-contained HTML report of analysed entries.

Each entry shows its sentences with their disclosure stance, the absolutist spans
highlighted inside them (distress spans marked apart, in the manner of displaCy's span
renderer), the reframes beside the sentences they answer, or the safety message instead of
reframes when crisis language was found. Dated entries (a ``date`` in their meta, or the
field named by ``date_field``) get an SVG
chart of the indices over time. Everything is inline: no scripts, fonts, images or style
sheets are fetched, a Content-Security-Policy forbids it, and every piece of text is escaped.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from datetime import date
from html import escape
from pathlib import Path

from resonance.scoring.compare import Point, time_series
from resonance.scoring.rows import ScoreRow
from resonance.types import AbsolutistSpan, Reflection, Reframe, Sentence

CHART_INDICES = (
    ("distress_per_100", "distress spans per 100 words", "#b2432f"),
    ("absolutist_per_100", "absolutist spans per 100 words", "#d99a2b"),
    ("dictionary_per_100", "dictionary index (19 words)", "#4c6e9e"),
)
_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
_STYLE = """
body{font:16px/1.55 system-ui,-apple-system,"Segoe UI",sans-serif;color:#222;background:#faf8f5;
margin:0 auto;max-width:980px;padding:24px}
h1{font-weight:600;margin:0 0 4px}header p{color:#666;margin:0 0 20px}
.entry{background:#fff;border:1px solid #e6e1d8;border-radius:10px;padding:16px 20px;
margin:0 0 18px}
.entry h2{font-size:17px;margin:0 0 4px}.indices{color:#666;font-size:13px;margin:0 0 10px}
.sentences{list-style:none;padding:0;margin:0}
.sentence{display:grid;grid-template-columns:84px 1fr minmax(0,300px);gap:10px;
padding:6px 0;border-top:1px solid #f0ece5}
.stance{font-size:12px;border-radius:10px;padding:1px 8px;height:fit-content;text-align:center}
.stance-open{background:#dcefe2;color:#215c36}.stance-guarded{background:#f6e3cf;color:#7a4a12}
.stance-neutral{background:#eceff3;color:#4b5563}.stance-none{background:#f3f3f3;color:#999}
.text{margin:0}
mark.span{background:#fbe7b5;border-radius:3px;padding:0 2px}
mark.span.distress{background:#f7c9bd;border-bottom:2px solid #b2432f}
mark.span .label{font-size:10px;font-weight:600;color:#6b4a2f;margin-left:3px;
text-transform:uppercase;vertical-align:super}
.reframe{background:#eef5fb;border-left:3px solid #4c6e9e;border-radius:4px;padding:4px 8px;
font-size:14px;margin:0 0 4px}.reframe .question{display:block;color:#35557f;font-style:italic}
.safety{background:#fff1f0;border:1px solid #e3a29a;border-radius:8px;padding:10px 14px;
margin:0 0 10px}
.chart{background:#fff;border:1px solid #e6e1d8;border-radius:10px;padding:12px;margin:0 0 18px}
.legend span{display:inline-block;margin-right:16px;font-size:13px}
.legend i{display:inline-block;width:12px;height:12px;border-radius:2px;margin-right:5px}
"""


def render_report(
    reflections: Iterable[Reflection], *, title: str = "resonance report", date_field: str = "date"
) -> str:
    """The whole page for ``reflections``, in their order (the chart sorts by date)."""
    entries: list[str] = []
    rows: list[dict[str, object]] = []
    for number, reflection in enumerate(reflections, start=1):
        entries.append(render_entry(reflection, number, date_field=date_field))
        row = ScoreRow.from_reflection(reflection, source="", line=None).to_dict()
        rows.append({"date": reflection.meta.get(date_field), **row})
    points, _ = time_series(
        rows, over="date", period="day", indices=[i for i, _, _ in CHART_INDICES]
    )
    chart = render_chart(points) if len(points) >= 2 else ""
    count = f"{len(entries)} entr{'y' if len(entries) == 1 else 'ies'}"
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head><body>"
        f"<header><h1>{escape(title)}</h1><p>{count}. Highlighted: absolutist words; "
        "underlined in red: the ones that sound like loneliness. Each sentence carries its "
        "disclosure stance.</p></header>"
        f"{chart}{''.join(entries)}</body></html>\n"
    )


def render_entry(reflection: Reflection, number: int, *, date_field: str = "date") -> str:
    """One entry: heading, indices, safety message, sentences with spans and reframes."""
    index = reflection.index
    day = reflection.meta.get(date_field)
    heading = escape(str(reflection.id)) + (f" · {escape(str(day))}" if day else "")
    figures = (
        f"{index.words} words · {index.absolutist_per_100:.1f} absolutist, "
        f"{index.distress_per_100:.1f} distress, {index.dictionary_per_100:.1f} dictionary "
        "per 100 words"
    )
    safety = _render_safety(reflection) if reflection.crisis else ""
    reframes = () if reflection.crisis else reflection.reframes
    sentences = reflection.sentences or (
        Sentence(start=0, end=len(reflection.text), text=reflection.text),
    )
    placed = _place_reframes(sentences, reframes)
    items = "".join(
        _render_sentence(reflection.text, sentence, reflection.spans, placed[i])
        for i, sentence in enumerate(sentences)
    )
    return (
        f'<article class="entry" id="entry-{number}" data-id="{escape(str(reflection.id))}">'
        f'<h2>{heading}</h2><p class="indices">{figures}</p>{safety}'
        f'<ol class="sentences">{items}</ol></article>'
    )


def _render_safety(reflection: Reflection) -> str:
    if reflection.safety is None:
        return (
            '<aside class="safety"><strong>This entry may need a person, not a tool.'
            "</strong></aside>"
        )
    resources = "".join(f"<li>{escape(r)}</li>" for r in reflection.safety.resources)
    listing = f"<ul>{resources}</ul>" if resources else ""
    return f'<aside class="safety"><p>{escape(reflection.safety.text)}</p>{listing}</aside>'


def _place_reframes(
    sentences: Sequence[Sentence], reframes: Sequence[Reframe]
) -> list[list[Reframe]]:
    """Each reframe goes beside the sentence holding its start (else the last sentence)."""
    placed: list[list[Reframe]] = [[] for _ in sentences]
    for reframe in reframes:
        at = next(
            (i for i, s in enumerate(sentences) if s.start <= reframe.start < s.end),
            len(sentences) - 1,
        )
        placed[at].append(reframe)
    return placed


def _render_sentence(
    text: str, sentence: Sentence, spans: Sequence[AbsolutistSpan], reframes: Sequence[Reframe]
) -> str:
    stance = sentence.disclosure or "none"
    label = sentence.disclosure or "—"
    notes = "".join(
        f'<aside class="reframe" data-strategy="{escape(r.strategy)}">{escape(r.text)}'
        f'<span class="question">{escape(r.question)}</span></aside>'
        for r in reframes
    )
    return (
        f'<li class="sentence" data-stance="{escape(stance)}">'
        f'<span class="stance stance-{escape(stance)}">{escape(label)}</span>'
        f'<p class="text">{highlight(text, sentence.start, sentence.end, spans)}</p>'
        f'<div class="reframes">{notes}</div></li>'
    )


def highlight(text: str, start: int, end: int, spans: Sequence[AbsolutistSpan]) -> str:
    """``text[start:end]`` escaped, with the spans inside it wrapped in ``<mark>``."""
    out: list[str] = []
    position = start
    for span in sorted(spans, key=lambda s: s.start):
        if span.start < position or span.end > end:
            continue  # outside this sentence (or overlapping one already drawn)
        kind = "span distress" if span.distress else "span"
        out.append(escape(text[position : span.start]))
        out.append(
            f'<mark class="{kind}" data-category="{escape(span.category)}">'
            f"{escape(text[span.start : span.end])}"
            f'<span class="label">{escape(span.category)}</span></mark>'
        )
        position = span.end
    out.append(escape(text[position:end]))
    return "".join(out)


# -- the chart --------------------------------------------------------------------------------


def render_chart(points: Sequence[Point], *, width: int = 900, height: int = 260) -> str:
    """An inline SVG line chart of the chart indices, one point per day, x spaced by date."""
    left, right, top, bottom = 44, 12, 12, 28
    days = [date.fromisoformat(p.period).toordinal() for p in points]
    first, span = days[0], max(days[-1] - days[0], 1)
    values = [v for p in points for i, _, _ in CHART_INDICES if (v := p.means.get(i)) is not None]
    top_value = max(max(values, default=0.0), 1.0)

    def x(day: int) -> float:
        return left + (day - first) / span * (width - left - right)

    def y(value: float) -> float:
        return top + (1 - value / top_value) * (height - top - bottom)

    parts = [
        f'<line x1="{left}" y1="{y(0):.1f}" x2="{width - right}" y2="{y(0):.1f}" stroke="#999"/>',
        f'<text x="{left - 6}" y="{y(top_value) + 4:.1f}" text-anchor="end" '
        f'font-size="11">{top_value:.1f}</text>',
        f'<text x="{left - 6}" y="{y(0) + 4:.1f}" text-anchor="end" font-size="11">0</text>',
        f'<text x="{left}" y="{height - 8}" font-size="11">{escape(points[0].period)}</text>',
        f'<text x="{width - right}" y="{height - 8}" text-anchor="end" '
        f'font-size="11">{escape(points[-1].period)}</text>',
    ]
    for index, name, colour in CHART_INDICES:
        coords = [
            (x(d), y(v), p)
            for d, p in zip(days, points, strict=True)
            if (v := p.means.get(index)) is not None
        ]
        line = " ".join(f"{cx:.1f},{cy:.1f}" for cx, cy, _ in coords)
        parts.append(
            f'<polyline class="series" data-index="{index}" fill="none" stroke="{colour}" '
            f'stroke-width="2" points="{line}"/>'
        )
        parts.extend(
            f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="3" fill="{colour}"><title>'
            f"{escape(p.period)}: {p.means[index]:.2f} {escape(name)}</title></circle>"
            for cx, cy, p in coords
        )
    legend = "".join(
        f'<span><i style="background:{colour}"></i>{escape(name)}</span>'
        for _, name, colour in CHART_INDICES
    )
    return (
        '<section class="chart"><svg role="img" '
        f'aria-label="indices over time" viewBox="0 0 {width} {height}" width="100%">'
        f'{"".join(parts)}</svg><div class="legend">{legend}</div></section>'
    )


def write_report(html: str, path: Path) -> None:
    """Write the page atomically (a temporary file beside it, then a rename)."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(html, encoding="utf-8")
    os.replace(tmp, path)
