"""Score whole corpora: one row per document, streamed, in input order, on any engine.

:func:`score_documents` turns documents into :class:`~resonance.scoring.rows.ScoreRow` and
:class:`~resonance.scoring.rows.ScoreFailure` in input order. Documents travel in chunks of
plain tuples to an engine: ``local`` (this process for one worker, a process pool for more)
or ``dask`` (see :mod:`resonance.scoring.distributed`). Every engine runs the same
:func:`score_chunk` on the same chunks, so every engine writes the same rows. At most a few
chunks per worker are in flight, so memory stays flat however large the corpus.

:func:`score_corpus` adds the files: rows go to ``OUT.partial.jsonl`` as they come (flushed
after every chunk), the finished table replaces ``OUT`` atomically, and ``resume=True``
continues from what an interrupted run left.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path
from typing import Any, Literal, Protocol

from resonance.errors import InputError, ResonanceError
from resonance.scoring import rows as tables
from resonance.scoring.rows import ScoreFailure, ScoreRow
from resonance.types import Document

Engine = Literal["local", "dask"]
ENGINES: tuple[Engine, ...] = ("local", "dask")
Chunk = list[tuple[str, str, str, int | None, dict[str, Any]]]
"""Documents as plain tuples (id, text, source, line, meta): cheap to pickle."""
Key = tuple[str, str, int | None]


@dataclass(frozen=True)
class PipelineConfig:
    """What each worker needs to load its pipeline once: the same everywhere."""

    rules_only: bool = False
    model: str | None = None
    lexicon: str | None = None
    batch_size: int = 64


@dataclass(frozen=True)
class ScoreSummary:
    """What a scoring run did."""

    scored: int
    resumed: int
    failed: int
    seconds: float
    output: str
    errors: str

    @property
    def rate(self) -> float:
        """Documents scored per second in this run."""
        return self.scored / self.seconds if self.seconds > 0 else 0.0

    def to_dict(self) -> dict[str, Any]:
        """Plain-JSON view, with the rate."""
        return {**self.__dict__, "rate": round(self.rate, 2)}


# -- the work every engine does -------------------------------------------------------------

_local = threading.local()


def worker_pipeline(config: PipelineConfig) -> Any:
    """The pipeline for ``config``, loaded once per worker thread and then reused."""
    cache: dict[PipelineConfig, Any] = _local.__dict__.setdefault("pipelines", {})
    if config not in cache:
        from resonance.pipeline import load

        cache[config] = load(
            rules_only=config.rules_only, model=config.model, lexicon=config.lexicon
        )
    return cache[config]


def score_chunk(chunk: Chunk, config: PipelineConfig, nlp: Any = None) -> list[dict[str, Any]]:
    """Score a chunk; one plain dict per document: ``{"row": ...}`` or ``{"failure": ...}``.

    A chunk that fails as a whole is retried one document at a time, so one bad document
    costs only itself. ``nlp`` defaults to this worker's pipeline for ``config``.
    """
    nlp = nlp if nlp is not None else worker_pipeline(config)
    try:
        return [{"row": row.to_dict()} for row in _analyse(chunk, nlp, config)]
    except Exception as error:  # any failure is reported against its document, not fatal
        if len(chunk) == 1:
            return [_failure(chunk[0], error)]
    return [_score_one(item, nlp, config) for item in chunk]


def _score_one(
    item: tuple[str, str, str, int | None, dict[str, Any]], nlp: Any, config: PipelineConfig
) -> dict[str, Any]:
    try:
        return {"row": _analyse([item], nlp, config)[0].to_dict()}
    except Exception as error:  # see score_chunk
        return _failure(item, error)


def _failure(
    item: tuple[str, str, str, int | None, dict[str, Any]], error: Exception
) -> dict[str, Any]:
    """The failure record: the library's own message, or only the exception's type (an
    arbitrary exception's message could quote the document)."""
    if isinstance(error, ResonanceError):
        reason = str(error)
    else:
        reason = f"analysis failed ({type(error).__name__}); please report it"
    return {
        "failure": ScoreFailure(source=item[2], line=item[3], id=item[0], error=reason).to_dict()
    }


def _analyse(chunk: Chunk, nlp: Any, config: PipelineConfig) -> list[ScoreRow]:
    from resonance.pipeline import analyze_many

    reflections = analyze_many(
        [text for _, text, _, _, _ in chunk],
        ids=[doc_id for doc_id, *_ in chunk],
        metas=[meta for *_, meta in chunk],
        nlp=nlp,
        rules_only=config.rules_only,
        batch_size=config.batch_size,
    )
    return [
        ScoreRow.from_reflection(reflection, source=source, line=line)
        for reflection, (_, _, source, line, _) in zip(reflections, chunk, strict=True)
    ]


# -- engines ----------------------------------------------------------------------------------


class _Result(Protocol):
    def result(self) -> list[dict[str, Any]]: ...


class Runner(Protocol):
    """Runs :func:`score_chunk` somewhere and hands back something with ``result()``."""

    workers: int

    def submit(self, chunk: Chunk) -> _Result: ...

    def close(self) -> None: ...


class _Done:
    def __init__(self, value: list[dict[str, Any]]) -> None:
        self.value = value

    def result(self) -> list[dict[str, Any]]:
        return self.value


class InProcessRunner:
    """One worker: this process."""

    workers = 1

    def __init__(self, config: PipelineConfig) -> None:
        self.config = config
        worker_pipeline(config)  # load before timing starts, and fail early on a bad model

    def submit(self, chunk: Chunk) -> _Result:
        return _Done(score_chunk(chunk, self.config))

    def close(self) -> None:
        """Nothing to release."""


def _init_pool_worker() -> None:
    """Keep each worker to one thread; the pipeline loads on the first chunk, so a load
    error comes back as the library's own error rather than a broken pool."""
    os.environ.setdefault("OMP_NUM_THREADS", "1")


class PoolRunner:
    """``workers`` local processes (spawned, so no model state is forked)."""

    def __init__(self, config: PipelineConfig, workers: int) -> None:
        self.config = config
        self.workers = workers
        self.pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=get_context("spawn"),
            initializer=_init_pool_worker,
        )

    def submit(self, chunk: Chunk) -> Future[list[dict[str, Any]]]:
        return self.pool.submit(score_chunk, chunk, self.config)

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


def make_runner(
    config: PipelineConfig,
    *,
    workers: int = 1,
    engine: Engine = "local",
    scheduler: str | None = None,
) -> Runner:
    """The runner for an engine.

    Raises:
        InputError: for an unknown engine or fewer than one worker.
    """
    if workers < 1:
        raise InputError(f"--workers must be at least 1, got {workers}")
    if engine == "dask":
        from resonance.scoring.distributed import DaskRunner

        return DaskRunner(config, workers=workers, scheduler=scheduler)
    if engine != "local":
        raise InputError(f"unknown engine {engine!r}; expected one of: {', '.join(ENGINES)}")
    if scheduler is not None:
        raise InputError("--scheduler needs --engine dask")
    return InProcessRunner(config) if workers == 1 else PoolRunner(config, workers)


# -- streaming in order ---------------------------------------------------------------------


def _units(
    items: Iterable[Document | InputError], size: int, skip: set[Key]
) -> Iterator[ScoreFailure | Chunk]:
    """Failures as they come and chunks of ``size`` documents, in input order."""
    chunk: Chunk = []
    for item in items:
        if isinstance(item, InputError):
            if chunk:
                yield chunk
                chunk = []
            yield ScoreFailure.from_error(item)
        elif (item.id, item.source, item.line) not in skip:
            chunk.append((item.id, item.text, item.source, item.line, item.meta))
            if len(chunk) == size:
                yield chunk
                chunk = []
    if chunk:
        yield chunk


def score_documents(
    items: Iterable[Document | InputError],
    runner: Runner,
    *,
    chunk_size: int = 64,
    skip: set[Key] | None = None,
) -> Iterator[ScoreRow | ScoreFailure]:
    """Score documents on ``runner``, yielding rows and failures in input order.

    Args:
        items: what :func:`resonance.corpus.read_documents` yields.
        runner: from :func:`make_runner`.
        chunk_size: documents per task; every engine gets the same chunks.
        skip: (id, source, line) keys already scored (``--resume``).
    """
    window: deque[ScoreFailure | _Result] = deque()
    limit = 2 * runner.workers
    pending = 0
    for unit in _units(items, chunk_size, skip or set()):
        if isinstance(unit, ScoreFailure):
            window.append(unit)
            continue
        window.append(runner.submit(unit))
        pending += 1
        while pending >= limit:
            head = window.popleft()
            pending -= not isinstance(head, ScoreFailure)
            yield from _take(head)
    while window:
        yield from _take(window.popleft())


def _take(unit: ScoreFailure | _Result) -> Iterator[ScoreRow | ScoreFailure]:
    if isinstance(unit, ScoreFailure):
        yield unit
        return
    for result in unit.result():
        if "row" in result:
            yield ScoreRow.from_dict(result["row"])
        else:
            yield ScoreFailure(**result["failure"])


# -- files: partial, atomic, resume ---------------------------------------------------------


def partial_path(output: Path) -> Path:
    """Where rows go while a run is in progress."""
    return output.with_name(output.name + ".partial.jsonl")


def default_errors_path(output: Path) -> Path:
    """``OUT.errors.jsonl`` beside the output."""
    return output.with_name(output.name + ".errors.jsonl")


def score_corpus(
    items: Iterable[Document | InputError],
    output: Path,
    runner: Runner,
    *,
    errors: Path | None = None,
    resume: bool = False,
    chunk_size: int = 64,
    on_progress: Callable[[int, int, int], None] | None = None,
) -> ScoreSummary:
    """Score documents into ``output`` (CSV, JSONL or Parquet by extension).

    Rows are appended to ``OUT.partial.jsonl`` as they are scored; when the run ends the
    table is written next to ``OUT`` and moved over it in one step, and the partial file is
    removed. Failures go to ``errors`` (default ``OUT.errors.jsonl``), also atomically.

    Args:
        on_progress: called after each step with the documents scored so far in this run,
            failed so far, and found scored by an earlier run (``resume``).

    Raises:
        InputError: for an unknown output extension, or a partial file from an
            interrupted run when ``resume`` is False.
    """
    tables.output_format(output)
    errors = errors or default_errors_path(output)
    partial = partial_path(output)
    done = _prepare_partial(output, partial, resume)
    started = time.perf_counter()
    scored = failed = 0
    errors_tmp = errors.with_name(errors.name + ".tmp")
    with partial.open("a", encoding="utf-8") as rows_out, errors_tmp.open("w") as errors_out:
        for result in score_documents(items, runner, chunk_size=chunk_size, skip=done):
            if isinstance(result, ScoreRow):
                rows_out.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
                scored += 1
            else:
                errors_out.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
                failed += 1
            if on_progress is not None:
                on_progress(scored, failed, len(done))
            rows_out.flush()
    seconds = time.perf_counter() - started
    _finish(partial, output)
    os.replace(errors_tmp, errors)
    return ScoreSummary(scored, len(done), failed, seconds, str(output), str(errors))


def _prepare_partial(output: Path, partial: Path, resume: bool) -> set[Key]:
    """The keys already scored; the partial file ready to be appended to."""
    if partial.exists() and not resume:
        raise InputError(
            "an interrupted run left this file; rerun with --resume to continue it, "
            "or delete it to start again",
            source=partial,
        )
    if not resume:
        partial.write_text("")
        return set()
    if partial.exists():
        _cut_torn_line(partial)
    else:
        completed = output.exists()
        rows = (ScoreRow.from_flat(r) for r in tables.read_table(output)) if completed else ()
        with partial.open("w", encoding="utf-8") as handle:
            for row in rows:
                handle.write(json.dumps(row.to_dict(), ensure_ascii=False) + "\n")
    return {ScoreRow.from_dict(r).key() for r in tables.read_completed(partial)}


def _cut_torn_line(path: Path) -> None:
    """Drop a last line cut short when the run stopped."""
    with path.open("rb+") as handle:
        data_end = handle.seek(0, os.SEEK_END)
        position = data_end
        while position > 0:
            step = min(1 << 16, position)
            handle.seek(position - step)
            block = handle.read(step)
            newline = block.rfind(b"\n")
            if newline >= 0:
                handle.truncate(position - step + newline + 1)
                return
            position -= step
        handle.truncate(0)


def _finish(partial: Path, output: Path) -> None:
    """Write the table from the partial rows beside ``output``, move it over, drop partial."""
    fmt = tables.output_format(output)
    tmp = output.with_name(f"{output.stem}.tmp{output.suffix}")

    def flat() -> Iterator[dict[str, Any]]:
        return (ScoreRow.from_dict(r).flat() for r in tables.read_completed(partial))

    if fmt == "parquet":
        tables.write_parquet(flat(), tmp, types=_with_row_columns(tables.column_types(flat())))
    else:
        columns = list(_with_row_columns(tables.column_types(flat())))
        tables.write_table(flat(), tmp, columns=columns)
    os.replace(tmp, output)
    partial.unlink()


def _with_row_columns(types: dict[str, str]) -> dict[str, str]:
    """Every row column even with no rows (None-only columns are strings)."""
    defaults = {name: "string" for name in tables.ROW_COLUMNS}
    return {**defaults, **types} if types else defaults


def estimate_total(inputs: Iterable[str | Path], *, glob: str = "**/*.txt") -> int | None:
    """A cheap document count for the progress bar (lines, files); None for stdin."""
    total = 0
    for item in inputs:
        if str(item) == "-":
            return None
        path = Path(item)
        if path.is_dir():
            total += sum(1 for p in path.glob(glob) if p.is_file())
        elif path.suffix.lower() in (".jsonl", ".ndjson"):
            total += _count_lines(path)
        elif path.suffix.lower() in (".csv", ".tsv", ".tab"):
            total += max(_count_lines(path) - 1, 0)  # the header
        else:
            total += 1
    return total


def _count_lines(path: Path) -> int:
    count = 0
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            count += block.count(b"\n")
    return count
