"""Compare scored groups, and follow the indices over time.

:func:`compare_groups` is the analysis Al-Mosaiwi and Johnstone (2018) made with LIWC, on
``resonance score`` rows: per group the mean and SD of each index, and for each pair of
groups Cohen's d with a percentile bootstrap interval and a two-sided permutation p-value
for the difference of means, for the contextual indices and the dictionary index side by
side, with a paired bootstrap interval for how much each index's d differs from the
dictionary's. :func:`time_series` gives the mean of each index per day, week or month. All
randomness comes from one seeded ``numpy`` generator: the same input gives the same numbers.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any, Literal

import numpy as np

from resonance.errors import InputError
from resonance.scoring.rows import INDICES

DICTIONARY = "dictionary_per_100"
Period = Literal["day", "week", "month"]
PERIODS: tuple[Period, ...] = ("day", "week", "month")
_CHUNK = 500  # resamples per vectorised step: bounded memory for large groups


@dataclass(frozen=True)
class GroupStats:
    """One index in one group."""

    group: str
    n: int
    mean: float
    sd: float


@dataclass(frozen=True)
class Contrast:
    """Group ``b`` against group ``a`` on one index: d > 0 when ``b`` is higher.

    ``vs_dictionary`` is this d minus the dictionary index's d for the same groups, with a
    paired bootstrap interval (the same resampled documents for both): above 0 when this
    index separates the groups better than the dictionary does.
    """

    index: str
    a: str
    b: str
    d: float
    d_low: float
    d_high: float
    p_value: float
    vs_dictionary: float | None = None
    vs_low: float | None = None
    vs_high: float | None = None


@dataclass(frozen=True)
class Comparison:
    """Everything ``resonance compare`` reports."""

    by: str
    groups: tuple[str, ...]
    stats: tuple[GroupStats, ...]
    stats_index: tuple[str, ...]
    contrasts: tuple[Contrast, ...]
    skipped: int
    n_boot: int
    n_perm: int
    seed: int
    confidence: float

    def to_dict(self) -> dict[str, Any]:
        """Plain-JSON view: stats grouped by index, NaN written as None."""
        stats: dict[str, list[dict[str, Any]]] = {}
        for index, stat in zip(self.stats_index, self.stats, strict=True):
            stats.setdefault(index, []).append(_clean(asdict(stat)))
        return {
            "by": self.by,
            "groups": list(self.groups),
            "stats": stats,
            "contrasts": [_clean(asdict(c)) for c in self.contrasts],
            "skipped_rows": self.skipped,
            "bootstrap": {"resamples": self.n_boot, "confidence": self.confidence},
            "permutations": self.n_perm,
            "seed": self.seed,
        }


@dataclass(frozen=True)
class Point:
    """The mean of each index over the documents of one period."""

    period: str
    n: int
    means: dict[str, float | None]

    def to_dict(self) -> dict[str, Any]:
        """Plain-JSON view."""
        return {"period": self.period, "n": self.n, **self.means}


def _clean(record: dict[str, Any]) -> dict[str, Any]:
    return {k: None if isinstance(v, float) and math.isnan(v) else v for k, v in record.items()}


# -- statistics -------------------------------------------------------------------------------


def cohens_d(a: np.ndarray, b: np.ndarray) -> float:
    """(mean b - mean a) / pooled SD (n - 1 weights); NaN when it is undefined."""
    na, nb = len(a), len(b)
    if na < 2 or nb < 2:
        return math.nan
    pooled = ((na - 1) * a.var(ddof=1) + (nb - 1) * b.var(ddof=1)) / (na + nb - 2)
    if pooled <= 0:
        return math.nan
    return float((b.mean() - a.mean()) / math.sqrt(pooled))


def _d_rows(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Cohen's d for each row of two (resamples x n) arrays."""
    na, nb = a.shape[1], b.shape[1]
    pooled = ((na - 1) * a.var(axis=1, ddof=1) + (nb - 1) * b.var(axis=1, ddof=1)) / (na + nb - 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.asarray((b.mean(axis=1) - a.mean(axis=1)) / np.sqrt(pooled))


def bootstrap_d(
    a: np.ndarray, b: np.ndarray, *, n_boot: int, confidence: float, rng: np.random.Generator
) -> tuple[float, float]:
    """Percentile interval of d, resampling each group with replacement."""
    if len(a) < 2 or len(b) < 2 or n_boot < 1:
        return (math.nan, math.nan)
    values: list[np.ndarray] = []
    for start in range(0, n_boot, _CHUNK):
        size = min(_CHUNK, n_boot - start)
        values.append(_d_rows(rng.choice(a, (size, len(a))), rng.choice(b, (size, len(b)))))
    ds = np.concatenate(values)
    ds = ds[np.isfinite(ds)]
    if not len(ds):
        return (math.nan, math.nan)
    tail = (1 - confidence) / 2 * 100
    low, high = np.percentile(ds, [tail, 100 - tail])
    return (float(low), float(high))


def paired_difference(
    x: tuple[np.ndarray, np.ndarray],
    y: tuple[np.ndarray, np.ndarray],
    *,
    n_boot: int,
    confidence: float,
    rng: np.random.Generator,
) -> tuple[float, float, float]:
    """d(x) - d(y) for two indices measured on the same documents, with a percentile
    interval from resampling documents (the same ones for both indices) within each group.
    """
    (xa, xb), (ya, yb) = x, y
    diff = cohens_d(xa, xb) - cohens_d(ya, yb)
    if len(xa) < 2 or len(xb) < 2 or n_boot < 1 or math.isnan(diff):
        return (diff, math.nan, math.nan)
    values: list[np.ndarray] = []
    for start in range(0, n_boot, _CHUNK):
        size = min(_CHUNK, n_boot - start)
        ia = rng.integers(0, len(xa), (size, len(xa)))
        ib = rng.integers(0, len(xb), (size, len(xb)))
        with np.errstate(invalid="ignore"):  # inf - inf where a resample has no spread
            values.append(_d_rows(xa[ia], xb[ib]) - _d_rows(ya[ia], yb[ib]))
    diffs = np.concatenate(values)
    diffs = diffs[np.isfinite(diffs)]
    if not len(diffs):
        return (diff, math.nan, math.nan)
    tail = (1 - confidence) / 2 * 100
    low, high = np.percentile(diffs, [tail, 100 - tail])
    return (diff, float(low), float(high))


def permutation_p(a: np.ndarray, b: np.ndarray, *, n_perm: int, rng: np.random.Generator) -> float:
    """Two-sided permutation p-value for the difference of means, (k + 1) / (n_perm + 1)."""
    if not len(a) or not len(b) or n_perm < 1:
        return math.nan
    pooled = np.concatenate([a, b])
    observed = abs(b.mean() - a.mean())
    total, na, hits = pooled.sum(), len(a), 0
    for start in range(0, n_perm, _CHUNK):
        size = min(_CHUNK, n_perm - start)
        order = rng.permuted(np.tile(np.arange(len(pooled)), (size, 1)), axis=1)
        sum_a = pooled[order[:, :na]].sum(axis=1)
        diff = np.abs((total - sum_a) / len(b) - sum_a / na)
        hits += int(np.count_nonzero(diff >= observed - 1e-12))
    return (hits + 1) / (n_perm + 1)


# -- group comparison -----------------------------------------------------------------------


def compare_groups(
    rows: Iterable[dict[str, Any]],
    *,
    by: str,
    indices: Sequence[str] = INDICES,
    groups: Sequence[str] | None = None,
    n_boot: int = 2000,
    n_perm: int = 5000,
    confidence: float = 0.95,
    seed: int = 0,
) -> Comparison:
    """Per-group statistics and pairwise contrasts for each index.

    Args:
        rows: score rows (flat dicts, as :func:`resonance.scoring.rows.read_table` yields).
        by: the column that names each row's group.
        indices: the index columns to compare; an index with no values is left out.
        groups: which groups, in which order (d is later minus earlier); default: all,
            sorted.
        n_boot, n_perm, confidence, seed: bootstrap and permutation settings.

    Raises:
        InputError: when ``by`` is in no row, or fewer than two groups remain.
    """
    values, skipped = _collect(rows, by, indices)
    order = list(groups) if groups else sorted(values)
    missing = [g for g in order if g not in values]
    if missing or len(order) < 2:
        found = ", ".join(sorted(values)) or "none"
        raise InputError(
            f"need at least two groups in column {by!r}; found: {found}"
            + (f"; not found: {', '.join(missing)}" if missing else "")
        )
    rng = np.random.default_rng(seed)
    stats: list[GroupStats] = []
    stats_index: list[str] = []
    contrasts: list[Contrast] = []
    for index in indices:
        aligned = {g: np.asarray(values[g][index], dtype=float) for g in order}
        arrays = {g: x[np.isfinite(x)] for g, x in aligned.items()}
        if not any(len(x) for x in arrays.values()):
            continue
        for g in order:
            x = arrays[g]
            sd = float(x.std(ddof=1)) if len(x) > 1 else math.nan
            stats.append(GroupStats(g, len(x), float(x.mean()) if len(x) else math.nan, sd))
            stats_index.append(index)
        for a, b in itertools.combinations(order, 2):
            low, high = bootstrap_d(
                arrays[a], arrays[b], n_boot=n_boot, confidence=confidence, rng=rng
            )
            p = permutation_p(arrays[a], arrays[b], n_perm=n_perm, rng=rng)
            versus = _versus_dictionary(values, index, a, b, n_boot, confidence, rng)
            d = cohens_d(arrays[a], arrays[b])
            contrasts.append(Contrast(index, a, b, d, low, high, p, *versus))
    return Comparison(
        by,
        tuple(order),
        tuple(stats),
        tuple(stats_index),
        tuple(contrasts),
        skipped,
        n_boot,
        n_perm,
        seed,
        confidence,
    )


def _versus_dictionary(
    values: dict[str, dict[str, list[float]]],
    index: str,
    a: str,
    b: str,
    n_boot: int,
    confidence: float,
    rng: np.random.Generator,
) -> tuple[float | None, float | None, float | None]:
    """Paired difference from the dictionary's d, on documents that have both values."""
    if index == DICTIONARY or DICTIONARY not in values[a]:
        return (None, None, None)
    pairs = []
    for group in (a, b):
        x = np.asarray(values[group][index], dtype=float)
        y = np.asarray(values[group][DICTIONARY], dtype=float)
        both = np.isfinite(x) & np.isfinite(y)
        pairs.append((x[both], y[both]))
    (xa, ya), (xb, yb) = pairs
    diff, low, high = paired_difference(
        (xa, xb), (ya, yb), n_boot=n_boot, confidence=confidence, rng=rng
    )
    return (None, None, None) if math.isnan(diff) else (diff, low, high)


def _collect(
    rows: Iterable[dict[str, Any]], by: str, indices: Sequence[str]
) -> tuple[dict[str, dict[str, list[float]]], int]:
    """Index values per group, one per row (NaN where missing): 8 bytes a value."""
    values: dict[str, dict[str, list[float]]] = {}
    skipped = 0
    for row in rows:
        group = row.get(by)
        if group is None or group == "":
            skipped += 1
            continue
        per_index = values.setdefault(str(group), {i: [] for i in (*indices, DICTIONARY)})
        for index in per_index:
            value = row.get(index)
            number = isinstance(value, int | float) and not isinstance(value, bool)
            per_index[index].append(float(value) if number else math.nan)  # type: ignore[arg-type]
    if not values:
        raise InputError(f"no row has a value in column {by!r}; choose the group column with --by")
    return values, skipped


# -- time series ----------------------------------------------------------------------------


def period_of(value: Any, period: Period) -> str | None:
    """The day (2024-03-05), ISO week (2024-W10) or month (2024-03) of a date; None if none."""
    day = _as_date(value)
    if day is None:
        return None
    if period == "day":
        return day.isoformat()
    if period == "week":
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    return f"{day.year}-{day.month:02d}"


def _as_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def time_series(
    rows: Iterable[dict[str, Any]],
    *,
    over: str,
    period: Period = "week",
    indices: Sequence[str] = INDICES,
) -> tuple[list[Point], int]:
    """Mean of each index per period of the date column ``over``, oldest first.

    Returns:
        The points, and how many rows had no readable date (left out, and counted).
    """
    sums: dict[str, dict[str, list[float]]] = {}
    counts: dict[str, int] = {}
    undated = 0
    for row in rows:
        key = period_of(row.get(over), period)
        if key is None:
            undated += 1
            continue
        counts[key] = counts.get(key, 0) + 1
        acc = sums.setdefault(key, {i: [0.0, 0.0] for i in indices})
        for index in indices:
            value = row.get(index)
            if isinstance(value, int | float) and not isinstance(value, bool):
                acc[index][0] += value
                acc[index][1] += 1
    points = [
        Point(key, counts[key], {i: (s / n if n else None) for i, (s, n) in sums[key].items()})
        for key in sorted(sums)
    ]
    return points, undated
