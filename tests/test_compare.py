"""Group comparisons: Cohen's d, its bootstrap interval, permutation p, and time series."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from resonance.errors import InputError
from resonance.scoring.compare import (
    bootstrap_d,
    cohens_d,
    compare_groups,
    paired_difference,
    period_of,
    permutation_p,
    time_series,
)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ([1, 2, 3, 4, 5], [3, 4, 5, 6, 7], 2 / math.sqrt(2.5)),
        ([3, 4, 5, 6, 7], [1, 2, 3, 4, 5], -2 / math.sqrt(2.5)),
        ([0, 0, 1, 1], [0, 0, 1, 1], 0.0),
        ([2, 4, 6], [1, 2, 3, 4, 5, 6, 7], (4 - 4) / 1.0),
        ([1, 3], [2, 6], 2 / math.sqrt((2 + 8) / 2)),
    ],
)
def test_cohens_d_is_the_mean_difference_over_the_pooled_sd(
    a: list[float], b: list[float], expected: float
) -> None:
    assert cohens_d(np.array(a, float), np.array(b, float)) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("a", "b"),
    [([1.0], [2.0, 3.0]), ([1.0, 1.0], [1.0, 1.0]), ([], [1.0, 2.0])],
    ids=["one-value", "no-variance", "empty"],
)
def test_cohens_d_is_nan_when_undefined(a: list[float], b: list[float]) -> None:
    assert math.isnan(cohens_d(np.array(a), np.array(b)))


def test_bootstrap_interval_holds_d_and_narrows_with_more_data() -> None:
    rng = np.random.default_rng(1)
    small_a, small_b = rng.normal(0, 1, 30), rng.normal(0.8, 1, 30)
    large_a, large_b = rng.normal(0, 1, 600), rng.normal(0.8, 1, 600)
    low, high = bootstrap_d(small_a, small_b, n_boot=1000, confidence=0.95, rng=rng)
    assert low < cohens_d(small_a, small_b) < high
    wide = high - low
    low, high = bootstrap_d(large_a, large_b, n_boot=1000, confidence=0.95, rng=rng)
    assert low < 0.8 < high
    assert high - low < wide / 3


@pytest.mark.parametrize(
    ("shift", "low", "high"),
    [(0.0, 0.05, 1.0), (1.5, 0.0, 0.001)],
    ids=["same-distribution", "separated"],
)
def test_permutation_p(shift: float, low: float, high: float) -> None:
    rng = np.random.default_rng(7)
    a, b = rng.normal(0, 1, 80), rng.normal(shift, 1, 80)
    p = permutation_p(a, b, n_perm=2000, rng=np.random.default_rng(0))
    assert low <= p <= high
    assert p >= 1 / 2001


def rows(values: dict[str, list[float]], index: str = "distress_per_100") -> list[dict[str, Any]]:
    return [
        {"group": g, index: v, "dictionary_per_100": v / 2, "open_share": None}
        for g, vs in values.items()
        for v in vs
    ]


def test_compare_groups_reports_stats_and_contrasts_for_each_index() -> None:
    data = rows({"not-lonely": [0.0, 1.0, 0.0, 2.0, 1.0], "lonely": [3.0, 4.0, 2.0, 5.0, 3.0]})
    data.append({"group": None, "distress_per_100": 9.0})
    result = compare_groups(
        data, by="group", groups=["not-lonely", "lonely"], n_boot=500, n_perm=500
    )
    assert result.groups == ("not-lonely", "lonely")
    assert result.skipped == 1
    assert set(result.stats_index) == {"distress_per_100", "dictionary_per_100"}
    distress = next(c for c in result.contrasts if c.index == "distress_per_100")
    assert (distress.a, distress.b) == ("not-lonely", "lonely")
    assert distress.d > 2
    assert distress.d_low < distress.d < distress.d_high
    assert distress.p_value < 0.05
    dictionary = next(c for c in result.contrasts if c.index == "dictionary_per_100")
    assert dictionary.d == pytest.approx(distress.d)  # d does not change with scale
    pairs = zip(result.stats_index, result.stats, strict=True)
    stats = {(index, stat.group): stat for index, stat in pairs}
    lonely = stats[("distress_per_100", "lonely")]
    assert (lonely.n, lonely.mean) == (5, pytest.approx(3.4))
    assert lonely.sd == pytest.approx(np.std([3, 4, 2, 5, 3], ddof=1))


def test_compare_groups_is_reproducible_with_a_seed_and_order_flips_the_sign() -> None:
    data = rows({"a": [0.0, 1.0, 3.0, 0.5, 2.0, 1.0], "b": [1.0, 2.0, 4.0, 2.5, 0.0, 3.0]})
    first = compare_groups(data, by="group", n_boot=300, n_perm=300, seed=3)
    again = compare_groups(data, by="group", n_boot=300, n_perm=300, seed=3)
    flipped = compare_groups(data, by="group", groups=["b", "a"], n_boot=300, n_perm=300, seed=3)
    assert first.to_dict() == again.to_dict()
    assert flipped.contrasts[0].d == pytest.approx(-first.contrasts[0].d)


def test_three_groups_give_every_pair() -> None:
    data = rows({"a": [0.0, 1.0, 2.0], "b": [1.0, 2.0, 3.0], "c": [2.0, 3.0, 4.0]})
    result = compare_groups(data, by="group", indices=["distress_per_100"], n_boot=50, n_perm=50)
    assert [(c.a, c.b) for c in result.contrasts] == [("a", "b"), ("a", "c"), ("b", "c")]


def test_json_view_writes_nan_as_null() -> None:
    data = rows({"a": [1.0], "b": [2.0, 3.0]})
    view = compare_groups(data, by="group", n_boot=20, n_perm=20).to_dict()
    assert view["contrasts"][0]["d"] is None
    assert view["stats"]["distress_per_100"][0] == {"group": "a", "n": 1, "mean": 1.0, "sd": None}


@pytest.mark.parametrize(
    ("data", "by", "groups", "message"),
    [
        (rows({"a": [1.0, 2.0]}), "group", None, "need at least two groups"),
        (rows({"a": [1.0], "b": [2.0]}), "cohort", None, "no row has a value in column 'cohort'"),
        (rows({"a": [1.0], "b": [2.0]}), "group", ["a", "z"], "not found: z"),
    ],
)
def test_compare_groups_refuses_what_it_cannot_compare(
    data: list[dict[str, Any]], by: str, groups: list[str] | None, message: str
) -> None:
    with pytest.raises(InputError, match=message):
        compare_groups(data, by=by, groups=groups, n_boot=10, n_perm=10)


@pytest.mark.parametrize(
    ("value", "period", "expected"),
    [
        ("2024-03-05", "day", "2024-03-05"),
        ("2024-03-05T22:10:00", "day", "2024-03-05"),
        ("2024-03-05", "week", "2024-W10"),
        ("2024-12-30", "week", "2025-W01"),
        ("2024-03-05", "month", "2024-03"),
        ("March 5th", "day", None),
        ("", "week", None),
        (None, "month", None),
        (20240305, "day", None),
    ],
)
def test_period_of(value: Any, period: Any, expected: str | None) -> None:
    assert period_of(value, period) == expected


def test_time_series_means_per_period_oldest_first() -> None:
    data = [
        {"date": "2024-03-12", "distress_per_100": 4.0},
        {"date": "2024-03-05", "distress_per_100": 1.0},
        {"date": "2024-03-06", "distress_per_100": 3.0},
        {"date": "someday", "distress_per_100": 9.0},
        {"date": "2024-03-13", "distress_per_100": None},
    ]
    points, undated = time_series(data, over="date", period="week", indices=["distress_per_100"])
    assert undated == 1
    assert [(p.period, p.n, p.means["distress_per_100"]) for p in points] == [
        ("2024-W10", 2, 2.0),
        ("2024-W11", 2, 4.0),
    ]


def test_compare_command_table_json_and_time_series(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from resonance.cli import app

    table = tmp_path / "scores.jsonl"
    data = rows({"calm": [0.0, 1.0, 0.5, 0.0], "lonely": [3.0, 4.0, 2.0, 5.0]})
    for number, row in enumerate(data):
        row["date"] = f"2024-03-{number + 1:02d}"
    table.write_text("".join(json.dumps(r) + "\n" for r in data))
    runner = CliRunner(env={"COLUMNS": "160"})
    shown = runner.invoke(app, ["compare", str(table), "--by", "group", "--boot", "200"])
    assert shown.exit_code == 0, shown.output
    assert "(lonely − calm)" in shown.stdout and "distress_per_100" in shown.stdout
    as_json = runner.invoke(app, ["compare", str(table), "--by", "group", "--json"])
    contrast = json.loads(as_json.stdout)["contrasts"][0]
    assert (contrast["index"], contrast["a"], contrast["b"]) == (
        "distress_per_100",
        "calm",
        "lonely",
    )
    series = runner.invoke(
        app, ["compare", str(table), "--over", "date", "--period", "day", "--json"]
    )
    assert [p["period"] for p in json.loads(series.stdout)["points"]][:2] == [
        "2024-03-01",
        "2024-03-02",
    ]
    neither = runner.invoke(app, ["compare", str(table)])
    assert neither.exit_code == 2


@pytest.mark.parametrize(
    ("noise", "above_zero"),
    [(0.2, True), (0.0, None)],
    ids=["sharper-index", "same-index"],
)
def test_paired_difference_from_the_dictionary(noise: float, above_zero: bool | None) -> None:
    rng = np.random.default_rng(5)
    signal_a, signal_b = rng.normal(0, 1, 300), rng.normal(0.6, 1, 300)
    blur_a, blur_b = rng.normal(0, 1, 300), rng.normal(0, 1, 300)
    sharp = (signal_a + noise * blur_a, signal_b + noise * blur_b)
    dictionary = (signal_a + blur_a, signal_b + blur_b)
    same = dictionary if noise == 0 else sharp
    diff, low, high = paired_difference(
        same, dictionary, n_boot=800, confidence=0.95, rng=np.random.default_rng(0)
    )
    if above_zero:
        assert 0 < low < diff < high
    else:
        assert (diff, low, high) == (0.0, 0.0, 0.0)


def test_contrasts_carry_the_difference_from_the_dictionary() -> None:
    data = [
        {"group": g, "distress_per_100": v, "dictionary_per_100": v / 2 + w, "open_share": None}
        for g, pairs in {
            "calm": [(0.0, 1.0), (1.0, 0.0), (0.0, 0.5), (2.0, 1.5), (1.0, 1.0)],
            "lonely": [(3.0, 0.0), (4.0, 1.0), (2.0, 0.5), (5.0, 0.0), (3.0, 1.5)],
        }.items()
        for v, w in pairs
    ]
    result = compare_groups(data, by="group", n_boot=400, n_perm=100)
    by_index = {c.index: c for c in result.contrasts}
    distress, dictionary = by_index["distress_per_100"], by_index["dictionary_per_100"]
    assert dictionary.vs_dictionary is None
    assert distress.vs_dictionary == pytest.approx(distress.d - dictionary.d)
    assert distress.vs_low is not None and distress.vs_high is not None
    assert distress.vs_low < distress.vs_dictionary < distress.vs_high
    assert "open_share" not in by_index
