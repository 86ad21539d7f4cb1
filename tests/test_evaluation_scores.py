"""Scoring of predictions against gold labels (the arithmetic behind `harmonise eval`)."""

from __future__ import annotations

from harmonise.assess import Status
from harmonise.evaluation import score_pairs

A, P, M = Status.ADDRESSED, Status.PARTIAL, Status.MISSING


def test_perfect_predictions() -> None:
    s = score_pairs([(A, A, True), (P, P, True), (M, M, None)])
    assert s.macro_f1 == 1.0
    assert s.accuracy == 1.0
    assert s.section_accuracy == 1.0 and s.section_n == 2


def test_per_status_precision_recall() -> None:
    # gold: A A P M ; predicted: A P P A
    s = score_pairs([(A, A, True), (A, P, False), (P, P, True), (M, A, None)])
    assert s.per_status["addressed"].precision == 0.5
    assert s.per_status["addressed"].recall == 0.5
    assert s.per_status["partial"].precision == 0.5
    assert s.per_status["partial"].recall == 1.0
    assert s.per_status["missing"].recall == 0.0
    assert s.confusion["missing"]["addressed"] == 1
    assert s.section_accuracy == round(2 / 3, 3)
    assert s.accuracy == 0.5


def test_macro_ignores_statuses_absent_from_gold() -> None:
    s = score_pairs([(A, A, True), (A, A, True)])
    assert s.macro_f1 == 1.0
    assert s.per_status["missing"].support == 0
