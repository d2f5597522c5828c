"""Score metrics (ROC, precision-recall, AP, log loss) against scikit-learn, bit for bit."""
import doctest
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn import metrics as skm

import nnbook as nb
from nnbook import metrics as nbm


def same(ours, theirs):
    """Equal values (NaN equal to NaN), equal dtypes, equal shapes: no tolerance."""
    if isinstance(theirs, tuple):
        assert len(ours) == len(theirs)
        for a, b in zip(ours, theirs):
            same(a, b)
        return
    a, b = np.asarray(ours), np.asarray(theirs)
    assert a.shape == b.shape, (a, b)
    if a.ndim:  # curves: the dtype must match too
        assert a.dtype == b.dtype, (a.dtype, b.dtype)
    assert np.array_equal(a, b, equal_nan=True), (a, b)


def quiet(fn, *args, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return fn(*args, **kw)


def binary_case(rng, n, decimals):
    y = rng.integers(0, 2, n)
    s = rng.random(n)
    return y, (np.round(s, decimals) if decimals is not None else s)  # rounding makes ties


@pytest.mark.parametrize("seed", range(40))
def test_binary_curves_and_scores_equal_scikit_learn(seed):
    rng = np.random.default_rng(seed)
    for n, decimals in ((int(rng.integers(2, 80)), None), (int(rng.integers(2, 80)), 1),
                        (int(rng.integers(2, 300)), 2)):
        y, s = binary_case(rng, n, decimals)
        for drop in (True, False):
            same(quiet(nb.roc_curve, y, s, drop_intermediate=drop),
                 quiet(skm.roc_curve, y, s, drop_intermediate=drop))
            same(quiet(nb.precision_recall_curve, y, s, drop_intermediate=drop),
                 quiet(skm.precision_recall_curve, y, s, drop_intermediate=drop))
        same(quiet(nb.roc_auc_score, y, s), quiet(skm.roc_auc_score, y, s))
        same(quiet(nb.average_precision_score, y, s), quiet(skm.average_precision_score, y, s))
        if len(np.unique(y)) == 2:
            same(nb.log_loss(y, s), skm.log_loss(y, s))
            same(nb.log_loss(y, s, normalize=False), skm.log_loss(y, s, normalize=False))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 1), st.integers(-3, 3)), min_size=1, max_size=40),
       st.booleans())
def test_heavy_ties_and_integer_scores_equal_scikit_learn(pairs, drop):
    y, s = (np.array(v) for v in zip(*pairs))
    same(quiet(nb.roc_curve, y, s, drop_intermediate=drop), quiet(skm.roc_curve, y, s, drop_intermediate=drop))
    same(quiet(nb.precision_recall_curve, y, s, drop_intermediate=drop),
         quiet(skm.precision_recall_curve, y, s, drop_intermediate=drop))
    same(quiet(nb.roc_auc_score, y, s), quiet(skm.roc_auc_score, y, s))
    same(quiet(nb.average_precision_score, y, s), quiet(skm.average_precision_score, y, s))


@pytest.mark.parametrize("seed", range(15))
def test_one_vs_rest_multiclass_and_multilabel_equal_scikit_learn(seed):
    rng = np.random.default_rng(seed)
    k = int(rng.integers(3, 6))
    n = int(rng.integers(k, 120))
    y = np.concatenate([np.arange(k), rng.integers(0, k, n - k)])  # every class present
    P = np.round(rng.random((n, k)), int(rng.integers(1, 4))) + 0.01
    P /= P.sum(axis=1, keepdims=True)
    Y = rng.integers(0, 2, (n, k))
    for average in ("macro", "weighted", "micro", None):
        same(nb.roc_auc_score(y, P, multi_class="ovr", average=average),
             skm.roc_auc_score(y, P, multi_class="ovr", average=average))
        same(nb.average_precision_score(y, P, average=average), skm.average_precision_score(y, P, average=average))
        same(quiet(nb.roc_auc_score, Y, P, average=average), quiet(skm.roc_auc_score, Y, P, average=average))
        same(quiet(nb.average_precision_score, Y, P, average=average),
             quiet(skm.average_precision_score, Y, P, average=average))
    for average in ("macro", "weighted"):
        same(nb.roc_auc_score(y, P, multi_class="ovo", average=average),
             skm.roc_auc_score(y, P, multi_class="ovo", average=average))
        labels = np.array(["ant", "bee", "cat", "dog", "eel"])[:k][y]  # strings, sorted like the columns
        same(nb.roc_auc_score(labels, P, multi_class="ovo", average=average),
             skm.roc_auc_score(labels, P, multi_class="ovo", average=average))
    same(nb.log_loss(y, P), skm.log_loss(y, P))
    same(nb.log_loss(y, P.astype(np.float32)), skm.log_loss(y, P.astype(np.float32)))
    same(nb.log_loss(np.eye(k)[y], P), skm.log_loss(np.eye(k)[y], P))  # one-hot rows
    labels = np.arange(k + 1)
    Pk = np.hstack([P * 0.9, np.full((n, 1), 0.1)])
    same(nb.log_loss(y, Pk, labels=labels), skm.log_loss(y, Pk, labels=labels))


def test_hand_computed_roc_with_ties():
    # scores 0.9 (pos), 0.7 (pos), 0.7 (neg), 0.2 (neg): P = N = 2
    fpr, tpr, thr = nb.roc_curve([1, 1, 0, 0], [0.9, 0.7, 0.7, 0.2], drop_intermediate=False)
    assert thr.tolist() == [np.inf, 0.9, 0.7, 0.2]          # tied 0.7s are one threshold
    assert fpr.tolist() == [0, 0, 0.5, 1] and tpr.tolist() == [0, 0.5, 1, 1]
    # AUC: P(score_pos > score_neg) with ties counting 1/2 = (1 + 1 + 0.5 + 1) / 4
    assert nb.roc_auc_score([1, 1, 0, 0], [0.9, 0.7, 0.7, 0.2]) == 0.875


def test_hand_computed_precision_recall_and_average_precision():
    y, s = [1, 0, 1, 0, 0], [0.9, 0.8, 0.6, 0.3, 0.1]
    precision, recall, thr = nb.precision_recall_curve(y, s)
    assert thr.tolist() == [0.1, 0.3, 0.6, 0.8, 0.9]
    np.testing.assert_allclose(precision, [2 / 5, 2 / 4, 2 / 3, 1 / 2, 1, 1])
    np.testing.assert_allclose(recall, [1, 1, 1, 0.5, 0.5, 0])
    # AP = 0.5 * 1 (first positive at rank 1) + 0.5 * 2/3 (second at rank 3)
    assert nb.average_precision_score(y, s) == pytest.approx(0.5 + 1 / 3, abs=1e-15)
    _, _, kept = nb.precision_recall_curve(y, s, drop_intermediate=True)
    assert kept.tolist() == [0.1, 0.6, 0.8, 0.9]  # 0.3 lies inside a run of equal recall


def test_drop_intermediate_removes_collinear_roc_points():
    y, s = [1, 1, 1, 0, 0, 0], [6, 5, 4, 3, 2, 1]
    _, _, all_thr = nb.roc_curve(y, s, drop_intermediate=False)
    fpr, tpr, thr = nb.roc_curve(y, s)
    assert len(all_thr) == 7 and thr.tolist() == [np.inf, 6, 4, 1]
    assert np.trapezoid(tpr, fpr) == 1.0


def test_hand_computed_log_loss_and_clipping():
    p = [0.9, 0.2, 0.6]
    expected = -(np.log(0.9) + np.log(0.8) + np.log(0.6)) / 3
    assert nb.log_loss([1, 0, 1], p) == pytest.approx(expected, rel=1e-15)
    assert nb.log_loss([1, 0, 1], p, normalize=False) == pytest.approx(3 * expected, rel=1e-15)
    # p = 0 for a positive: clipped to eps, so the loss is -log(eps) / n, finite
    eps = np.finfo(np.float64).eps
    assert nb.log_loss([1, 0], [0.0, 0.0]) == pytest.approx(-np.log(eps) / 2)
    same(nb.log_loss([1, 0], [0.0, 0.0]), skm.log_loss([1, 0], [0.0, 0.0]))
    words, p = ["spam", "ham"], [[0.1, 0.9], [0.8, 0.2]]
    same(nb.log_loss(words, p), skm.log_loss(words, p))


def test_string_labels_and_pos_label():
    y, s = ["cat", "dog", "dog", "cat", "dog"], [0.2, 0.9, 0.4, 0.5, 0.4]
    same(nb.roc_curve(y, s, pos_label="dog"), skm.roc_curve(y, s, pos_label="dog"))
    same(nb.precision_recall_curve(y, s, pos_label="cat"), skm.precision_recall_curve(y, s, pos_label="cat"))
    same(nb.roc_auc_score(y, s), skm.roc_auc_score(y, s))
    same(nb.average_precision_score(y, s, pos_label="dog"), skm.average_precision_score(y, s, pos_label="dog"))
    same(nb.roc_curve([-1, 1, 1, -1], s[:4]), skm.roc_curve([-1, 1, 1, -1], s[:4]))
    same(nb.roc_curve([0, 1, 2, 2], s[:4], pos_label=2), skm.roc_curve([0, 1, 2, 2], s[:4], pos_label=2))


# --- a single class: the same values and warnings as scikit-learn -------------------------------

def test_single_class_curves_warn_and_return_nan_like_scikit_learn():
    s = [0.1, 0.4, 0.35, 0.8]
    for y in ([0, 0, 0, 0], [1, 1, 1, 1]):
        with pytest.warns(nbm.UndefinedMetricWarning, match="no (positive|negative) examples"):
            ours = nb.roc_curve(y, s)
        same(ours, quiet(skm.roc_curve, y, s))
        with pytest.warns(nbm.UndefinedMetricWarning, match="only one class"):
            auc = nb.roc_auc_score(y, s)
        assert np.isnan(auc) and np.isnan(quiet(skm.roc_auc_score, y, s))
    with pytest.warns(nbm.UndefinedMetricWarning, match="no positive examples"):
        same(nb.precision_recall_curve([0, 0, 0, 0], s), quiet(skm.precision_recall_curve, [0, 0, 0, 0], s))
    with pytest.warns(nbm.UndefinedMetricWarning, match="no positive examples"):
        assert nb.average_precision_score([0, 0, 0, 0], s) == 0.0 == quiet(skm.average_precision_score,
                                                                           [0, 0, 0, 0], s)
    assert nb.average_precision_score([1, 1, 1, 1], s) == 1.0


def test_single_class_log_loss_raises_like_scikit_learn_and_accepts_labels():
    with pytest.raises(ValueError, match=r"single class \(1\).*labels=\[0, 1\]"):
        nb.log_loss([1, 1, 1], [0.9, 0.8, 0.7])
    same(nb.log_loss([1, 1, 1], [0.9, 0.8, 0.7], labels=[0, 1]),
         skm.log_loss([1, 1, 1], [0.9, 0.8, 0.7], labels=[0, 1]))


def test_multilabel_column_without_positives_is_zero_weighted_like_scikit_learn():
    Y = np.array([[0, 1], [0, 0], [0, 0]])
    S = np.array([[0.2, 0.7], [0.1, 0.4], [0.5, 0.5]])
    with pytest.warns(nbm.UndefinedMetricWarning):
        ours = nb.roc_auc_score(Y, S, average="weighted")
    assert ours == quiet(skm.roc_auc_score, Y, S, average="weighted") == 1.0


def test_warnings_for_unsorted_labels_and_rows_not_summing_to_one():
    with pytest.warns(UserWarning, match="sorted order"):
        nb.log_loss([0, 1, 1], [[0.2, 0.7, 0.1]] * 3, labels=[2, 1, 0])
    with pytest.warns(UserWarning, match="do not sum to one"):
        nb.log_loss([0, 1, 2], [[0.2, 0.7, 0.2]] * 3)


# --- clear errors ---------------------------------------------------------------------------------

@pytest.mark.parametrize("call, message", [
    (lambda: nb.roc_curve([2, 3, 2], [0.1, 0.2, 0.3]), r"\{0, 1\} or \{-1, 1\}.*received labels \{2, 3\}.*pos_label"),
    (lambda: nb.roc_curve([0, 1, 2], [0.1, 0.2, 0.3]), "more than two classes"),
    (lambda: nb.roc_curve([0, 1], [0.1, 0.2, 0.3]), "same number of samples; received 2 and 3"),
    (lambda: nb.roc_curve([], []), "at least one sample"),
    (lambda: nb.roc_curve([0, 1], [0.1, np.nan]), "finite"),
    (lambda: nb.roc_curve([0, 0.5], [0.1, 0.2]), "fractional values"),
    (lambda: nb.roc_curve([0, 1], ["a", "b"]), "numeric y_score"),
    (lambda: nb.roc_auc_score([0, 1, 0], [[0.1, 0.9]] * 3), r"y_score\[:, 1\]"),
    (lambda: nb.roc_auc_score([0, 1, 2], np.eye(3)), "multi_class='ovr'"),
    (lambda: nb.roc_auc_score([0, 1, 2], np.eye(3), multi_class="ovo", average=None), "'macro' or 'weighted'"),
    (lambda: nb.roc_auc_score([0, 1, 2], np.eye(3), multi_class="all"), "multi_class expected"),
    (lambda: nb.roc_auc_score([0, 1, 2], np.eye(3) * 2, multi_class="ovr"), "summing to 1.*softmax"),
    (lambda: nb.roc_auc_score([0, 1, 1], [[0.5, 0.3, 0.2]] * 3, multi_class="ovr"), "holds 2 classes.*3 columns"),
    (lambda: nb.roc_auc_score([0, 1], [0.1, 0.2], average="mean"), "average expected one of"),
    (lambda: nb.average_precision_score([3, 5], [0.1, 0.2]), r"pos_label=1 is not a label.*\[3, 5\]"),
    (lambda: nb.average_precision_score([0, 1, 2], np.eye(3), pos_label=2), "fixed to 1"),
    (lambda: nb.average_precision_score([0, 1, 2], np.eye(2)), r"shape \(3, 3\)"),
    (lambda: nb.average_precision_score([[0, 2], [1, 0]], np.eye(2)), "0/1 indicator"),
    (lambda: nb.log_loss([0, 1], [1.2, 0.5]), r"\[0, 1\].*1\.2"),
    (lambda: nb.log_loss([0, 1], [-0.2, 0.5]), r"\[0, 1\].*-0\.2"),
    (lambda: nb.log_loss([0, 1, 2], [0.2, 0.5, 0.5]), r"3 classes \[0, 1, 2\].*2 columns.*labels"),
    (lambda: nb.log_loss([0, 1, 5], [[0.2, 0.7, 0.1]] * 3, labels=[0, 1, 2]), r"\[5\], not among labels"),
    (lambda: nb.log_loss([0, 1], [[0.2, 0.8]] * 3), "same number of samples"),
])
def test_errors_say_what_was_expected_and_received(call, message):
    with pytest.raises((ValueError, TypeError), match=message):
        call()


def test_docstring_examples_run():
    result = doctest.testmod(nbm, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 8 and result.failed == 0
