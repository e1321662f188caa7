"""The Dask engine: a real scheduler and two workers on loopback give the local engine's rows."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from resonance.corpus import read_documents
from resonance.scoring.rows import ScoreFailure, ScoreRow, read_table
from resonance.scoring.score import (
    InProcessRunner,
    PipelineConfig,
    Runner,
    make_runner,
    score_corpus,
    score_documents,
)

pytestmark = pytest.mark.dask
pytest.importorskip("distributed")

RULES = PipelineConfig(rules_only=True, batch_size=8)
SRC = Path(__file__).resolve().parents[1] / "src"
TEXTS = [
    "No one ever listens to me.",
    "I walk the dog every day.",
    "I always ruin everything.",
    "Everything went perfectly at the wedding.",
    "Every time I try to talk, everyone turns away.",
    "We watched a movie after dinner.",
    "Nothing ever changes. I'm completely exhausted and nobody cares.",
    "It's not like I never try.",
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("corpus") / "corpus.jsonl"
    lines = [
        json.dumps({"id": f"d{n:03d}", "text": TEXTS[n % len(TEXTS)], "week": n % 5})
        for n in range(60)
    ]
    lines.insert(17, '{"id": "torn", "text": ')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _spawn(args: list[str], log: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]),
    }
    with log.open("wb") as handle:
        return subprocess.Popen(
            [sys.executable, "-m", "dask", *args], stdout=handle, stderr=subprocess.STDOUT, env=env
        )


@pytest.fixture(scope="module")
def scheduler(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A dask scheduler and two one-thread workers as separate processes on 127.0.0.1."""
    folder = tmp_path_factory.mktemp("dask")
    info = folder / "scheduler.json"
    common = ["--no-dashboard"]
    processes = [
        _spawn(
            [
                "scheduler",
                "--host",
                "127.0.0.1",
                "--port",
                "0",
                "--scheduler-file",
                str(info),
                *common,
            ],
            folder / "scheduler.log",
        )
    ]
    try:
        deadline = time.monotonic() + 60
        while not info.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert info.exists(), (folder / "scheduler.log").read_text()
        for n in range(2):
            processes.append(
                _spawn(
                    [
                        "worker",
                        "--scheduler-file",
                        str(info),
                        "--nthreads",
                        "1",
                        "--host",
                        "127.0.0.1",
                        "--name",
                        f"w{n}",
                        *common,
                    ],
                    folder / f"worker{n}.log",
                )
            )
        address = json.loads(info.read_text())["address"]
        from distributed import Client

        with Client(address, timeout="30s") as client:
            client.wait_for_workers(2, timeout=120)
        yield address
    finally:
        for process in reversed(processes):
            process.terminate()
        for process in processes:
            process.wait(timeout=30)


def results(runner: Runner, corpus: Path) -> list[ScoreRow | ScoreFailure]:
    try:
        return list(score_documents(read_documents([corpus]), runner, chunk_size=8))
    finally:
        runner.close()


def test_two_workers_on_loopback_match_the_local_engine_row_by_row(
    scheduler: str, corpus: Path
) -> None:
    local = results(InProcessRunner(RULES), corpus)
    runner = make_runner(RULES, engine="dask", scheduler=scheduler)
    assert runner.workers == 2
    distributed = results(runner, corpus)
    assert len(distributed) == len(local) == 61
    for mine, theirs in zip(local, distributed, strict=True):
        assert mine == theirs


def test_work_is_spread_over_both_workers(scheduler: str, corpus: Path) -> None:
    from distributed import Client

    runner = make_runner(RULES, engine="dask", scheduler=scheduler)
    results(runner, corpus)
    with Client(scheduler, timeout="30s") as client:
        # a lambda travels by value: the workers cannot import this test module
        loaded: dict[str, Any] = client.run(lambda: "resonance.pipeline" in sys.modules)
    assert list(loaded.values()) == [True, True]  # both workers loaded a pipeline and scored


def test_dask_engine_writes_the_same_table_as_local(
    scheduler: str, corpus: Path, tmp_path: Path
) -> None:
    local_out, dask_out = tmp_path / "local.parquet", tmp_path / "dask.parquet"
    local = InProcessRunner(RULES)
    score_corpus(read_documents([corpus]), local_out, local)
    runner = make_runner(RULES, engine="dask", scheduler=scheduler)
    try:
        summary = score_corpus(read_documents([corpus]), dask_out, runner, chunk_size=8)
    finally:
        runner.close()
    assert (summary.scored, summary.failed) == (60, 1)
    assert list(read_table(local_out)) == list(read_table(dask_out))


def test_local_dask_cluster_by_default(corpus: Path) -> None:
    local = results(InProcessRunner(RULES), corpus)
    assert results(make_runner(RULES, engine="dask", workers=2), corpus) == local
