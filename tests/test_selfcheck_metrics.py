"""Tests of the self-checks of chapter 13 (performance metrics)."""
import pytest

from nnbook.selfcheck.metrics import (check_f1, check_mae_in_cm, check_majority_accuracy, check_precision,
                                      check_recall, screening_labels)


def test_screening_labels_reproduce_the_counts():
    t, p = screening_labels()
    assert len(t) == 200
    assert int(((t == 1) & (p == 1)).sum()) == 40
    assert int(((t == 1) & (p == 0)).sum()) == 20
    assert int(((t == 0) & (p == 1)).sum()) == 10


def test_precision():
    assert check_precision(40 / 50).correct is True
    assert check_precision(None).correct is None
    wrong = check_precision(40 / 60)            # recall instead
    assert wrong.correct is False and "recall" in wrong.message
    wrong = check_precision(170 / 200)          # accuracy instead
    assert wrong.correct is False and "accuracy" in wrong.message
    wrong = check_precision(40 / 70)
    assert wrong.correct is False and "TP + FP + FN" in wrong.message


def test_recall():
    assert check_recall(2 / 3).correct is True
    wrong = check_recall(0.8)
    assert wrong.correct is False and "precision" in wrong.message
    wrong = check_recall(130 / 140)
    assert wrong.correct is False and "specificity" in wrong.message
    assert check_recall(None).correct is None


def test_f1():
    p, r = 0.8, 2 / 3
    assert check_f1(2 * p * r / (p + r)).correct is True
    wrong = check_f1((p + r) / 2)
    assert wrong.correct is False and "harmonic" in wrong.message
    assert check_f1(None).correct is None


def test_majority_accuracy():
    assert check_majority_accuracy(357 / 569).correct is True
    wrong = check_majority_accuracy(212 / 569)
    assert wrong.correct is False and "malignant" in wrong.message
    wrong = check_majority_accuracy(100 * 357 / 569)
    assert wrong.correct is False and "percentage" in wrong.message
    assert check_majority_accuracy(0.5).correct is False
    assert check_majority_accuracy(None).correct is None


def test_mae_in_cm():
    assert check_mae_in_cm(8.26, 0.0826).correct is True
    wrong = check_mae_in_cm(826.0, 0.0826)
    assert wrong.correct is False and "10,000" in wrong.message
    assert check_mae_in_cm(0.0826, 0.0826).correct is False
    assert check_mae_in_cm(None, 0.0826).correct is None
