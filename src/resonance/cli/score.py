"""``resonance score``, ``resonance compare`` and ``resonance report``: corpora at scale.

Exit codes: 0 when every document was scored, 3 when the run finished but some documents
failed (they are in the errors file), 1 for an error that stopped the run, 130 when
interrupted (rerun with ``--resume``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from resonance.cli.app import app, clean_errors, fail, table_console
from resonance.cli.options import AsJson, LexiconPath, ModelPath, RulesOnly
from resonance.scoring.compare import Comparison, GroupStats, Point
from resonance.scoring.rows import INDICES, output_format

PARTIAL_EXIT = 3

Inputs = Annotated[
    list[str],
    typer.Argument(help="Files, directories, or - for standard input.", show_default=False),
]
TextField = Annotated[str, typer.Option(help="Record field or column holding the text.")]
IdField = Annotated[str, typer.Option(help="Record field or column holding the document id.")]
Glob = Annotated[str, typer.Option(help="Which files of a directory to read.")]
MaxBytes = Annotated[int, typer.Option(help="Largest document accepted, in bytes.")]
Format = Annotated[
    str | None,
    typer.Option(
        "--format",
        help="text, jsonl, json, csv, tsv, doccano, prodigy, label-studio "
        "(default: from the extension).",
    ),
]


def _stderr() -> Console:
    return Console(stderr=True)


@app.command()
def score(
    inputs: Inputs,
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Output table: .csv, .jsonl or .parquet.")
    ],
    workers: Annotated[int, typer.Option(help="Local worker processes (or Dask workers).")] = 1,
    engine: Annotated[str, typer.Option(help="local or dask.")] = "local",
    scheduler: Annotated[
        str | None, typer.Option(help="Dask scheduler address, e.g. tcp://10.0.0.5:8786.")
    ] = None,
    resume: Annotated[bool, typer.Option(help="Skip documents an earlier run scored.")] = False,
    errors: Annotated[
        Path | None, typer.Option(help="Errors file (default: OUTPUT.errors.jsonl).")
    ] = None,
    rules_only: RulesOnly = False,
    model: ModelPath = None,
    lexicon: LexiconPath = None,
    batch_size: Annotated[int, typer.Option(help="Documents per chunk sent to a worker.")] = 64,
    text_field: TextField = "text",
    id_field: IdField = "id",
    glob: Glob = "**/*.txt",
    max_bytes: MaxBytes = 1_000_000,
    fmt: Format = None,
    progress: Annotated[bool, typer.Option(help="Show a progress bar on stderr.")] = True,
) -> None:
    """Score a corpus: one row per document (counts, indices, stance shares, crisis).

    Rows are written to OUTPUT (CSV, JSONL or Parquet by extension) atomically; documents
    that cannot be read or scored go to the errors file and the run goes on. An interrupted
    run continues with --resume. Exit code 3 means some documents failed.
    """
    from resonance.corpus import read_documents
    from resonance.scoring.score import (
        PipelineConfig,
        estimate_total,
        make_runner,
        partial_path,
        score_corpus,
    )

    console = _stderr()
    with clean_errors():
        output_format(output)  # refuse an unknown extension before any work
        items = read_documents(
            inputs,
            text_field=text_field,
            id_field=id_field,
            glob=glob,
            max_bytes=max_bytes,
            fmt=fmt,
        )
        config = PipelineConfig(
            rules_only=rules_only,
            model=str(model) if model else None,
            lexicon=str(lexicon) if lexicon else None,
            batch_size=batch_size,
        )
        runner = make_runner(
            config,
            workers=workers,
            engine=engine,  # type: ignore[arg-type]
            scheduler=scheduler,
        )
        try:
            with _progress_bar(console, enabled=progress) as bar:
                total = estimate_total(inputs, glob=glob)
                task = bar.add_task("scoring", total=total)

                def advance(scored: int, failed: int, resumed: int) -> None:
                    left = None if total is None else max(total - resumed, scored + failed)
                    bar.update(task, completed=scored + failed, total=left)

                summary = score_corpus(
                    items,
                    output,
                    runner,
                    errors=errors,
                    resume=resume,
                    chunk_size=batch_size,
                    on_progress=advance,
                )
        except KeyboardInterrupt:
            typer.echo(
                f"interrupted: rows so far are in {partial_path(output)}; "
                "rerun the same command with --resume to finish",
                err=True,
            )
            raise
        finally:
            runner.close()
    resumed = f", {summary.resumed} from an earlier run" if summary.resumed else ""
    typer.echo(
        f"scored {_documents(summary.scored)}{resumed} in {summary.seconds:.1f} s "
        f"({summary.rate:.1f}/s) -> {summary.output}",
        err=True,
    )
    if summary.failed:
        typer.echo(f"{_documents(summary.failed)} failed; see {summary.errors}", err=True)
        raise typer.Exit(PARTIAL_EXIT)


def _documents(n: int) -> str:
    return f"{n} document" if n == 1 else f"{n} documents"


class _RateColumn(ProgressColumn):
    """Documents per second."""

    def render(self, task: Task) -> Text:
        return Text(f"{task.speed or 0:.1f} docs/s", style="progress.data.speed")


def _progress_bar(console: Console, *, enabled: bool) -> Progress:
    return Progress(
        SpinnerColumn(),
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        _RateColumn(),
        TimeElapsedColumn(),
        TextColumn("eta"),
        TimeRemainingColumn(),
        console=console,
        disable=not enabled,
    )


@app.command()
def compare(
    scores: Annotated[Path, typer.Argument(help="A table written by resonance score.")],
    by: Annotated[
        str | None, typer.Option(help="Column naming each row's group (e.g. group).")
    ] = None,
    over: Annotated[
        str | None, typer.Option(help="Date column: the indices as a time series instead.")
    ] = None,
    period: Annotated[str, typer.Option(help="day, week or month (with --over).")] = "week",
    groups: Annotated[
        str | None,
        typer.Option(
            help="Groups to compare, in order, comma-separated: d is "
            "later minus earlier (default: all, sorted)."
        ),
    ] = None,
    boot: Annotated[int, typer.Option(help="Bootstrap resamples for the interval of d.")] = 2000,
    perm: Annotated[int, typer.Option(help="Permutations for the p-value.")] = 5000,
    seed: Annotated[int, typer.Option(help="Seed of the random generator.")] = 0,
    as_json: AsJson = False,
) -> None:
    """Compare groups of scored documents: mean and SD per group, Cohen's d with a bootstrap
    interval and a permutation p-value, for the contextual indices and the dictionary index
    side by side. With --over DATE_COLUMN, the indices per day, week or month instead.
    """
    from resonance.scoring.compare import PERIODS, compare_groups, time_series
    from resonance.scoring.rows import read_table

    with clean_errors():
        if (by is None) == (over is None):
            fail("give exactly one of --by COLUMN and --over DATE_COLUMN", code=2)
        if over is not None:
            if period not in PERIODS:
                fail(f"--period must be one of {', '.join(PERIODS)}", code=2)
            points, undated = time_series(read_table(scores), over=over, period=period)
            _print_series(points, undated, over=over, as_json=as_json)
            return
        order = [g.strip() for g in groups.split(",")] if groups else None
        result = compare_groups(
            read_table(scores), by=by or "", groups=order, n_boot=boot, n_perm=perm, seed=seed
        )
        if as_json:
            typer.echo(json.dumps(result.to_dict(), indent=2))
        else:
            table_console().print(_comparison_table(result))


def _fmt(value: float | None, digits: int = 2) -> str:
    return "–" if value is None or value != value else f"{value:.{digits}f}"


def _comparison_table(result: Comparison) -> Table:
    pairs = len(result.groups) > 2
    table = Table(title=f"indices by {result.by}")
    table.add_column("index", no_wrap=True)
    for group in result.groups:
        table.add_column(f"{group}\nmean ± SD", justify="right", no_wrap=True)
    if pairs:
        table.add_column("contrast", no_wrap=True)
    only = f" ({result.groups[1]} − {result.groups[0]})" if not pairs else ""
    table.add_column(f"Cohen's d{only}\n[{result.confidence:.0%} CI]", justify="right")
    table.add_column("p", justify="right", no_wrap=True)
    table.add_column("d − d(dictionary)\n[CI]", justify="right")
    stats: dict[tuple[str, str], GroupStats] = {
        (i, s.group): s for i, s in zip(result.stats_index, result.stats, strict=True)
    }
    for index in dict.fromkeys(result.stats_index):
        cells = [
            f"{_fmt(s.mean)} ± {_fmt(s.sd)}" if (s := stats.get((index, g))) else "–"
            for g in result.groups
        ]
        for k, contrast in enumerate(c for c in result.contrasts if c.index == index):
            table.add_row(
                index if k == 0 else "",
                *(cells if k == 0 else [""] * len(cells)),
                *([f"{contrast.b} vs {contrast.a}"] if pairs else []),
                f"{_fmt(contrast.d)} [{_fmt(contrast.d_low)}, {_fmt(contrast.d_high)}]",
                _fmt(contrast.p_value, 4),
                (
                    f"{_fmt(contrast.vs_dictionary)} "
                    f"[{_fmt(contrast.vs_low)}, {_fmt(contrast.vs_high)}]"
                    if contrast.vs_dictionary is not None
                    else ""
                ),
            )
    sizes = ", ".join(
        f"{g}: n={max((s.n for s in result.stats if s.group == g), default=0)}"
        for g in result.groups
    )
    notes = [
        sizes,
        f"bootstrap {result.n_boot} resamples, {result.n_perm} permutations, seed {result.seed}",
    ]
    if result.skipped:
        notes.append(f"{result.skipped} rows had no {result.by} and were left out")
    table.caption = "; ".join(notes)
    return table


def _print_series(points: list[Point], undated: int, *, over: str, as_json: bool) -> None:
    if as_json:
        typer.echo(
            json.dumps(
                {"over": over, "points": [p.to_dict() for p in points], "undated_rows": undated},
                indent=2,
            )
        )
        return
    table = Table(title=f"indices over {over}")
    table.add_column("period")
    table.add_column("n", justify="right")
    for index in INDICES:
        table.add_column(index.replace("_", " "), justify="right")
    for point in points:
        table.add_row(point.period, str(point.n), *(_fmt(point.means.get(i)) for i in INDICES))
    if undated:
        table.caption = f"{undated} rows had no readable date in {over} and were left out"
    table_console().print(table)


@app.command()
def report(
    inputs: Inputs,
    output: Annotated[Path, typer.Option("--output", "-o", help="The HTML page to write.")],
    title: Annotated[str, typer.Option(help="Page title.")] = "resonance report",
    date_field: Annotated[
        str, typer.Option(help="Field or column with each entry's date (for the chart).")
    ] = "date",
    rules_only: RulesOnly = False,
    model: ModelPath = None,
    lexicon: LexiconPath = None,
    text_field: TextField = "text",
    id_field: IdField = "id",
    glob: Glob = "**/*.txt",
    max_bytes: MaxBytes = 1_000_000,
    fmt: Format = None,
) -> None:
    """Write a self-contained HTML page: spans highlighted, stance per sentence, reframes
    beside the sentences they answer, and a chart over time for dated entries (a date
    field, or files named YYYY-MM-DD...). Nothing in the page is fetched from anywhere.
    """
    from resonance.corpus import read_documents
    from resonance.errors import InputError
    from resonance.pipeline import analyze_many, load
    from resonance.scoring.report import render_report, write_report

    with clean_errors():
        documents = []
        failed = 0
        for item in read_documents(
            inputs,
            text_field=text_field,
            id_field=id_field,
            glob=glob,
            max_bytes=max_bytes,
            fmt=fmt,
        ):
            if isinstance(item, InputError):
                typer.echo(f"skipped {item}", err=True)
                failed += 1
            else:
                documents.append(item)
        nlp = load(rules_only=rules_only, model=model, lexicon=lexicon)
        reflections = analyze_many(
            [d.text for d in documents],
            ids=[d.id for d in documents],
            metas=[d.meta for d in documents],
            nlp=nlp,
            rules_only=rules_only,
        )
        write_report(render_report(reflections, title=title, date_field=date_field), output)
    typer.echo(f"wrote {len(documents)} entries -> {output}", err=True)
    if failed:
        typer.echo(f"{failed} inputs could not be read (listed above)", err=True)
        raise typer.Exit(PARTIAL_EXIT)
