"""Tests of the self-checks of chapter 13 (performance metrics)."""
import pytest

from nnbook.selfcheck.metrics import (check_mae_in_cm, check_majority_accuracy, check_screening, regression_mae,
                                      screening_labels)


def test_screening_labels_reproduce_the_counts():
    t, p = screening_labels()
    assert len(t) == 200
    assert int(((t == 1) & (p == 1)).sum()) == 40
    assert int(((t == 1) & (p == 0)).sum()) == 20
    assert int(((t == 0) & (p == 1)).sum()) == 10


def test_screening_rounded_answers():
    # the solution's values: precision 0.8, recall 0.667, F1 0.727; the exercise asks for 2 decimal places
    assert check_screening([0.80, 0.67, 0.73]).correct is True
    assert check_screening([0.8, 0.667, 0.727]).correct is True
    assert check_screening([40 / 50, 40 / 60, 80 / 110]).correct is True
    assert check_screening(None).correct is None
    assert check_screening([0.8, 0.67]).correct is False


def test_screening_hints():
    wrong = check_screening([40 / 60, 0.67, 0.73])          # recall given as precision
    assert wrong.correct is False and "recall" in wrong.message
    wrong = check_screening([170 / 200, 0.67, 0.73])        # accuracy instead
    assert wrong.correct is False and "accuracy" in wrong.message
    wrong = check_screening([40 / 70, 0.67, 0.73])
    assert wrong.correct is False and "TP + FP + FN" in wrong.message
    wrong = check_screening([0.8, 0.8, 0.73])
    assert wrong.correct is False and "precision" in wrong.message
    wrong = check_screening([0.8, 130 / 140, 0.73])
    assert wrong.correct is False and "specificity" in wrong.message
    wrong = check_screening([0.8, 0.67, 0.7333])             # arithmetic mean, 3 decimals
    assert wrong.correct is False and "harmonic" in wrong.message


def test_majority_accuracy():
    assert check_majority_accuracy(357 / 569).correct is True
    assert check_majority_accuracy(0.627).correct is True
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
    assert regression_mae() == pytest.approx(0.0826, abs=5e-5)   # the value chapter 13 prints


def test_small_auc():
    import sklearn.metrics as skm
    from nnbook.selfcheck.metrics import check_small_auc
    labels = [1, 1, 1, 0, 0, 0, 0]
    scores = [0.9, 0.6, 0.35, 0.7, 0.3, 0.2, 0.1]
    auc = skm.roc_auc_score(labels, scores)
    assert abs(auc - 10 / 12) < 1e-12
    assert check_small_auc(auc).correct is True
    assert check_small_auc(0.833).correct is True
    assert check_small_auc(0.834).correct is False
    assert check_small_auc(None).correct is None
    wrong = check_small_auc(2 / 12)
    assert wrong.correct is False and "wrong way round" in wrong.message
    wrong = check_small_auc(skm.average_precision_score(labels, scores))
    assert wrong.correct is False and "average precision" in wrong.message
    wrong = check_small_auc(5 / 7)
    assert wrong.correct is False and "threshold 0.5" in wrong.message
