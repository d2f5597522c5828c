import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn import metrics as skm

import nnbook as nb

labels = st.lists(st.integers(0, 3), min_size=1, max_size=60)


@pytest.mark.filterwarnings("ignore:A single label was found:UserWarning")
@settings(max_examples=80, deadline=None)
@given(st.data())
def test_classification_metrics_agree_with_scikit_learn(data):
    t = np.array(data.draw(labels))
    p = np.array(data.draw(st.lists(st.integers(0, 3), min_size=len(t), max_size=len(t))))
    assert nb.accuracy_score(t, p) == pytest.approx(skm.accuracy_score(t, p))
    np.testing.assert_array_equal(nb.confusion_matrix(t, p), skm.confusion_matrix(t, p))
    for average in ("micro", "macro", "weighted"):
        for ours, theirs in ((nb.precision_score, skm.precision_score), (nb.recall_score, skm.recall_score),
                             (nb.f1_score, skm.f1_score)):
            assert ours(t, p, average=average, zero_division=0) == pytest.approx(
                theirs(t, p, average=average, zero_division=0)), (ours.__name__, average)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 1), st.integers(0, 1)), min_size=1, max_size=50))
def test_binary_metrics_agree_with_scikit_learn(pairs):
    t, p = np.array(pairs).T
    for ours, theirs in ((nb.precision_score, skm.precision_score), (nb.recall_score, skm.recall_score),
                         (nb.f1_score, skm.f1_score)):
        assert ours(t, p, zero_division=0) == pytest.approx(theirs(t, p, zero_division=0))


def test_definitions_from_the_confusion_matrix():
    t = [1, 1, 1, 0, 0, 0, 0, 1]
    p = [1, 0, 1, 1, 0, 0, 0, 1]  # TP=3, FN=1, FP=1, TN=3
    assert nb.precision_score(t, p) == pytest.approx(3 / 4)
    assert nb.recall_score(t, p) == pytest.approx(3 / 4)
    np.testing.assert_array_equal(nb.confusion_matrix(t, p), [[3, 1], [1, 3]])


def test_per_class_scores_with_average_none():
    t = [0, 1, 2, 2, 1, 0, 2]
    p = [0, 2, 2, 1, 1, 0, 2]
    np.testing.assert_allclose(nb.precision_score(t, p, average=None), skm.precision_score(t, p, average=None))
    np.testing.assert_allclose(nb.recall_score(t, p, average=None), skm.recall_score(t, p, average=None))
    np.testing.assert_allclose(nb.f1_score(t, p, average=None), skm.f1_score(t, p, average=None))


def test_zero_division_warns_and_returns_zero():
    with pytest.warns(nb.metrics.UndefinedMetricWarning, match="ill-defined"):
        assert nb.precision_score([1, 0], [0, 0]) == 0.0
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert nb.precision_score([1, 0], [0, 0], zero_division=1) == 1.0


def test_regression_metrics(rng):
    y, p = rng.normal(size=20), rng.normal(size=20)
    assert nb.mean_squared_error(y, p) == pytest.approx(skm.mean_squared_error(y, p))
    assert nb.mean_absolute_error(y, p) == pytest.approx(skm.mean_absolute_error(y, p))


def test_errors():
    with pytest.raises(ValueError, match="multiclass but average='binary'"):
        nb.precision_score([0, 1, 2], [0, 1, 2])
    with pytest.raises(ValueError, match=r"expected class labels; received fractional values.*p >= 0.5"):
        nb.accuracy_score([0, 1], [0.2, 0.9])
    with pytest.raises(ValueError, match="same length; received 2 and 3"):
        nb.accuracy_score([0, 1], [0, 1, 1])
    with pytest.raises(ValueError, match=r"average expected one of"):
        nb.f1_score([0, 1], [0, 1], average="mean")
