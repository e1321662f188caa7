"""Span matching and stance scores in resonance evaluate, checked by hand."""

from __future__ import annotations

import pytest

from resonance.scoring.evaluate import _overlap_matches, _span_scores, stance_report
from resonance.types import Scores


@pytest.mark.parametrize(
    ("gold", "pred", "expected"),
    [
        ([(0, 6)], [(0, 6)], 1),
        ([(0, 6)], [(0, 2)], 1),  # overlap counts leniently
        ([(0, 6)], [(6, 9)], 0),  # touching is not overlapping
        ([(0, 10)], [(0, 3), (5, 9)], 1),  # one-to-one: a gold span is matched once
        ([(0, 3), (5, 9)], [(0, 10)], 1),
        ([(0, 3), (4, 8)], [(2, 5), (0, 3)], 2),  # exact matches are paired first
        ([], [(0, 3)], 0),
    ],
)
def test_lenient_matching_is_one_to_one(
    gold: list[tuple[int, int]], pred: list[tuple[int, int]], expected: int
) -> None:
    assert _overlap_matches(sorted(gold), sorted(pred)) == expected


def test_strict_and_lenient_counts() -> None:
    scores = _span_scores([([(0, 6), (10, 14)], [(0, 6), (10, 12), (20, 25)])])
    assert (scores.strict.tp, scores.strict.n_pred, scores.strict.n_gold) == (1, 3, 2)
    assert (scores.lenient.tp, scores.lenient.n_pred, scores.lenient.n_gold) == (2, 3, 2)
    assert scores.lenient.precision == pytest.approx(2 / 3)
    assert scores.lenient.recall == 1.0
    assert scores.lenient.f1 == pytest.approx(0.8)


def test_scores_without_predictions_or_gold_are_zero() -> None:
    assert Scores.from_counts(0, 0, 0) == Scores(0.0, 0.0, 0.0, 0, 0, 0)


def test_stance_report_per_label_and_macro() -> None:
    gold = ["open", "open", "guarded", "neutral", "neutral", "neutral"]
    pred = ["open", "guarded", "guarded", "neutral", "open", "neutral"]
    report = stance_report(gold, pred)
    assert report.n == 6
    assert report.accuracy == pytest.approx(4 / 6)
    assert report.labels["open"].precision == pytest.approx(0.5)
    assert report.labels["open"].recall == pytest.approx(0.5)
    assert report.labels["guarded"].f1 == pytest.approx(2 / 3)
    assert report.labels["neutral"].f1 == pytest.approx(0.8)
    assert report.macro_f1 == pytest.approx((0.5 + 2 / 3 + 0.8) / 3)
    assert report.open_vs_not == report.labels["open"]


def test_macro_f1_ignores_labels_absent_from_gold() -> None:
    report = stance_report(["open", "neutral"], ["open", "neutral"])
    assert report.macro_f1 == 1.0
