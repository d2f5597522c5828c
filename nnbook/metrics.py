"""Performance metrics, with scikit-learn's names, arguments and results.

``average`` says how per-class scores are combined: ``'binary'`` (the
``pos_label`` class only), ``'micro'`` (pool the counts of all classes),
``'macro'`` (the plain mean over classes), ``'weighted'`` (the mean weighted by
each class's number of true examples) or None (an array, one score per class).

Classification metrics take class labels (``y_true``, ``y_pred``: 1-D arrays),
not probabilities: turn probabilities into labels first with a decision
threshold (``p >= 0.5``) or ``argmax``. All of them can be read off the
confusion matrix C, where C[i, j] counts examples of true class i predicted as
class j. For a positive class with TP true positives, FP false positives and FN
false negatives:

    precision = TP / (TP + FP)      recall = TP / (TP + FN)      F1 = 2 TP / (2 TP + FP + FN)

(F1 is the harmonic mean of precision and recall.) When a ratio has a zero
denominator, it is set to 0 and an :class:`UndefinedMetricWarning` says so, as
in scikit-learn.

Metrics of *scores* look at every decision threshold at once: :func:`roc_curve`
and :func:`roc_auc_score` (false positive rate against true positive rate),
:func:`precision_recall_curve` and :func:`average_precision_score`, and
:func:`log_loss` for predicted probabilities. They sort the scores once and
count true and false positives with cumulative sums, and return exactly what
scikit-learn returns.
"""
from __future__ import annotations

import itertools
import warnings

import numpy as np

from ._validation import as_labels, check_finite, lookup

AVERAGES = ("binary", "micro", "macro", "weighted", None)


class UndefinedMetricWarning(UserWarning):
    """A metric is undefined for these inputs (a zero denominator, or a single class in
    ``y_true``); the value returned instead (0 or NaN) is stated in the message."""


def _pair(y_true, y_pred):
    t = as_labels(y_true, "y_true")
    p = as_labels(y_pred, "y_pred")
    if len(t) != len(p):
        raise ValueError(f"y_true and y_pred expected the same length; received {len(t)} and {len(p)}.")
    if len(t) == 0:
        raise ValueError("metrics expected at least one sample; received empty arrays.")
    if p.dtype.kind == "f" and not np.all(p == np.round(p)):
        raise ValueError("y_pred expected class labels; received fractional values (probabilities?). "
                         "Convert them first, e.g. (p >= 0.5).astype(int) or p.argmax(axis=1).")
    return t, p


def accuracy_score(y_true, y_pred, *, normalize: bool = True):
    """The fraction (or, with ``normalize=False``, the number) of correct predictions."""
    t, p = _pair(y_true, y_pred)
    correct = np.sum(t == p)
    return float(correct / len(t)) if normalize else int(correct)


def confusion_matrix(y_true, y_pred, *, labels=None) -> np.ndarray:
    """C[i, j] = number of examples of class ``labels[i]`` predicted as ``labels[j]``.

    ``labels`` defaults to the sorted union of the labels in ``y_true`` and ``y_pred``.
    """
    t, p = _pair(y_true, y_pred)
    labels = np.unique(np.concatenate([t, p])) if labels is None else np.asarray(labels)
    index = {label: i for i, label in enumerate(labels.tolist())}
    ti = np.array([index.get(v, -1) for v in t.tolist()])
    pi = np.array([index.get(v, -1) for v in p.tolist()])
    keep = (ti >= 0) & (pi >= 0)
    k = len(labels)
    return np.bincount(ti[keep] * k + pi[keep], minlength=k * k).reshape(k, k)


def _divide(num, den, metric, zero_division):
    num = np.asarray(num, dtype=float)
    den = np.asarray(den, dtype=float)
    out = np.zeros_like(num)
    ok = den > 0
    out[ok] = num[ok] / den[ok]
    if not ok.all():
        fill = 0.0 if zero_division == "warn" else float(zero_division)
        out[~ok] = fill
        if zero_division == "warn":
            warnings.warn(f"{metric} is ill-defined (a zero denominator, e.g. no predicted or no true "
                          "samples of a class) and is set to 0.0. Use zero_division to set it explicitly.",
                          UndefinedMetricWarning, stacklevel=4)
    return out


def _prf(y_true, y_pred, metric, average, pos_label, zero_division):
    if average not in AVERAGES:
        raise ValueError(f"average expected one of {AVERAGES}; received {average!r}.")
    t, p = _pair(y_true, y_pred)
    labels = np.unique(np.concatenate([t, p]))
    if average == "binary":
        if len(labels) > 2:
            raise ValueError(f"{metric}: the labels {labels.tolist()} are multiclass but average='binary'. "
                             "Choose average='micro', 'macro' or 'weighted'.")
        if len(labels) == 2 and pos_label not in labels.tolist():
            raise ValueError(f"{metric}: pos_label={pos_label!r} is not a valid label; "
                             f"expected one of {labels.tolist()}.")
        labels = np.array([pos_label])
    all_labels = np.unique(np.concatenate([t, p, labels]))
    C = confusion_matrix(t, p, labels=all_labels)
    idx = [all_labels.tolist().index(v) for v in labels.tolist()]
    tp = np.diag(C)[idx]
    fp = C.sum(axis=0)[idx] - tp
    fn = C.sum(axis=1)[idx] - tp
    if average == "micro":
        tp, fp, fn = tp.sum(), fp.sum(), fn.sum()
    num, den = {
        "precision": (tp, tp + fp),
        "recall": (tp, tp + fn),
        "f1": (2 * tp, 2 * tp + fp + fn),
    }[metric]
    scores = _divide(num, den, metric.capitalize() if metric != "f1" else "F-score", zero_division)
    if average is None:  # one score per label, in sorted label order
        return scores
    if average in ("binary", "micro"):
        return float(np.ravel(scores)[0])
    if average == "macro":
        return float(scores.mean())
    support = C.sum(axis=1)[idx]
    return float(np.average(scores, weights=support)) if support.sum() else 0.0


def precision_score(y_true, y_pred, *, average="binary", pos_label=1, zero_division="warn"):
    """TP / (TP + FP): of the examples predicted positive, the fraction that are."""
    return _prf(y_true, y_pred, "precision", average, pos_label, zero_division)


def recall_score(y_true, y_pred, *, average="binary", pos_label=1, zero_division="warn"):
    """TP / (TP + FN): of the positive examples, the fraction found (sensitivity)."""
    return _prf(y_true, y_pred, "recall", average, pos_label, zero_division)


def f1_score(y_true, y_pred, *, average="binary", pos_label=1, zero_division="warn"):
    """2 TP / (2 TP + FP + FN), the harmonic mean of precision and recall."""
    return _prf(y_true, y_pred, "f1", average, pos_label, zero_division)


def _regression_pair(y_true, y_pred):
    """Float arrays of equal shape; a column and a flat array of the same length are both flattened."""
    t, p = np.asarray(y_true, dtype=float), np.asarray(y_pred, dtype=float)
    if t.shape != p.shape and t.size == p.size:
        t, p = t.reshape(-1), p.reshape(-1)
    if t.shape != p.shape:
        raise ValueError(f"y_true and y_pred expected the same shape; received {t.shape} and {p.shape}.")
    return t, p


def mean_squared_error(y_true, y_pred) -> float:
    """The average of (y_true - y_pred)² over all samples and outputs."""
    t, p = _regression_pair(y_true, y_pred)
    return float(np.mean((t - p) ** 2))


def mean_absolute_error(y_true, y_pred) -> float:
    """The average of ``|y_true - y_pred|`` over all samples and outputs."""
    t, p = _regression_pair(y_true, y_pred)
    return float(np.mean(np.abs(t - p)))


# --- metrics of scores: curves over every threshold ----------------------------
# These take a *score* per example (a probability or any number that is larger for
# "more positive"), not a label, and look at every decision threshold at once.

def _check_average(average, allowed, fn):
    if average not in allowed:
        raise ValueError(f"{fn}: average expected one of {allowed}; received {average!r}.")


def _check_length(t, s, fn):
    if len(t) == 0:
        raise ValueError(f"{fn} expected at least one sample; received empty arrays.")
    if len(t) != len(s):
        raise ValueError(f"{fn}: y_true and y_score expected the same number of samples; received "
                         f"{len(t)} and {len(s)}.")


def _scores(y_score, fn, name="y_score") -> np.ndarray:
    """``y_score`` as a finite numeric array (bools become 0/1), keeping an int or float dtype."""
    s = np.asarray(y_score)
    if s.dtype == bool:
        s = s.astype(np.int64)
    if s.dtype.kind not in "iuf":
        raise TypeError(f"{fn} expected numeric {name} (probabilities or decision values); received an "
                        f"array of dtype {s.dtype}.")
    if s.dtype.kind == "f":
        check_finite(s, name)
    return s


def _scores_1d(y_score, fn) -> np.ndarray:
    s = _scores(y_score, fn)
    if s.ndim == 2 and s.shape[1] == 1:
        s = s[:, 0]
    if s.ndim != 1:
        hint = (" For a two-column predict_proba output pass the positive class's column, y_score[:, 1]."
                if s.ndim == 2 and s.shape[1] == 2 else "")
        raise ValueError(f"{fn} expected y_score of shape (n_samples,), one score per example; received "
                         f"shape {s.shape}.{hint}")
    return s


def _target_labels(y_true, fn) -> np.ndarray:
    """``y_true`` as 1-D class labels; fractional numbers are refused (they are not labels)."""
    t = as_labels(y_true, "y_true")
    if len(t) == 0:
        raise ValueError(f"{fn} expected at least one sample; received an empty y_true.")
    if t.dtype.kind == "f" and not np.all(t == np.round(t)):
        raise ValueError(f"{fn} expected class labels in y_true; received fractional values such as "
                         f"{t[t != np.round(t)].tolist()[0]!r}. Pass the true classes (e.g. 0/1), and the "
                         "probabilities as y_score.")
    return t


def _positives(y_true, pos_label, fn) -> np.ndarray:
    """A boolean array: is each example of the positive class?

    With ``pos_label=None`` the labels must be {0, 1} or {-1, 1} (or one of their
    values alone) and 1 is positive, as in scikit-learn; otherwise name the positive class.
    """
    t = _target_labels(y_true, fn)
    classes = np.unique(t)
    if pos_label is None:
        ok = classes.dtype.kind in "biuf" and any(
            len(classes) == len(allowed) and np.all(classes == allowed)
            for allowed in ([0, 1], [-1, 1], [0], [-1], [1]))
        if not ok:
            shown = ", ".join(repr(c) for c in classes.tolist()[:6]) + (", ..." if len(classes) > 6 else "")
            extra = (" There are more than two classes: compare one class against the rest, e.g. "
                     "pos_label=2." if len(classes) > 2 else "")
            raise ValueError(f"{fn} expected y_true in {{0, 1}} or {{-1, 1}} when pos_label is not given; "
                             f"received labels {{{shown}}}. Pass pos_label=<the positive class>.{extra}")
        pos_label = 1
    return t == pos_label


def _threshold_counts(positive: np.ndarray, score: np.ndarray):
    """False and true positives at every distinct score, taken as the threshold.

    Sort the scores once, from high to low. Predicting "positive" for every example
    with score >= s_(i) makes the first i+1 sorted examples positive, so

        TP_i = sum_{j <= i} y_(j)   (a cumulative sum),      FP_i = (i + 1) - TP_i.

    Only the last index of each run of tied scores is a threshold: tied examples
    cross any threshold together. Returns ``(fps, tps, thresholds)``, thresholds
    decreasing, in the dtype of ``score``.
    """
    order = np.argsort(score, kind="stable")[::-1]
    s = score[order]
    last = np.flatnonzero(np.diff(s))                 # the last index of each run of ties
    idx = np.concatenate([last, [len(s) - 1]])
    tps = np.cumsum(positive[order], dtype=np.float64)[idx]
    fps = 1.0 + idx.astype(np.float64) - tps
    return fps, tps, s[idx]


def roc_curve(y_true, y_score, *, pos_label=None, drop_intermediate: bool = True):
    """The receiver operating characteristic (ROC) curve of a binary classifier's scores.

    For each threshold τ (every distinct score, from high to low) the examples with
    score >= τ are predicted positive, and

        FPR(τ) = FP(τ) / N,      TPR(τ) = TP(τ) / P

    with P and N the numbers of positive and negative examples. ``thresholds[0]`` is
    ``inf`` (nothing predicted positive: the point (0, 0)); the last threshold is the
    lowest score (everything positive: (1, 1)). ``drop_intermediate=True`` removes
    points on a straight segment between their neighbours (``np.diff(fps, 2)`` and
    ``np.diff(tps, 2)`` both zero): the drawn curve and its area do not change.

    Returns ``(fpr, tpr, thresholds)``, equal to scikit-learn's ``roc_curve``. With a
    single class in ``y_true`` one of the rates is undefined: it is returned as NaN and
    an :class:`UndefinedMetricWarning` says so, as scikit-learn does.

    >>> fpr, tpr, thresholds = roc_curve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    >>> fpr.tolist(), tpr.tolist()
    ([0.0, 0.0, 0.5, 0.5, 1.0], [0.0, 0.5, 0.5, 1.0, 1.0])
    >>> thresholds.tolist()
    [inf, 0.8, 0.4, 0.35, 0.1]
    """
    fn = "roc_curve"
    positive = _positives(y_true, pos_label, fn)
    score = _scores_1d(y_score, fn)
    _check_length(positive, score, fn)
    fps, tps, thresholds = _roc_counts(positive, score, drop_intermediate)
    thresholds = np.concatenate([[np.inf], thresholds.astype(np.float64)])
    fpr = _rate(fps, "the false positive rate FP/N", "negative", "N")
    tpr = _rate(tps, "the true positive rate TP/P", "positive", "P")
    return fpr, tpr, thresholds


def _roc_counts(positive, score, drop_intermediate):
    """FP and TP counts of the ROC points, with the point (0, 0) first, and their thresholds."""
    fps, tps, thresholds = _threshold_counts(positive, score)
    if drop_intermediate and len(fps) > 2:
        corner = np.logical_or(np.diff(fps, 2), np.diff(tps, 2))  # nonzero where the curve bends
        keep = np.flatnonzero(np.concatenate([[True], corner, [True]]))
        fps, tps, thresholds = fps[keep], tps[keep], thresholds[keep]
    return np.concatenate([[0.0], fps]), np.concatenate([[0.0], tps]), thresholds


def _rate(counts, rate, kind, total):
    """counts / counts[-1]; NaN, with a warning, when the class is absent (the total is 0)."""
    if counts[-1] <= 0:
        warnings.warn(f"roc_curve: y_true has no {kind} examples, so {rate} is undefined ({total} = 0) and "
                      "returned as NaN. Evaluate on data holding both classes.", UndefinedMetricWarning,
                      stacklevel=3)
        return np.full(counts.shape, np.nan)
    return counts / counts[-1]


def precision_recall_curve(y_true, y_score, *, pos_label=None, drop_intermediate: bool = False):
    """Precision and recall of a binary classifier's scores at every threshold.

    For each threshold τ (every distinct score) the examples with score >= τ are
    predicted positive, and

        precision(τ) = TP(τ) / (TP(τ) + FP(τ)),      recall(τ) = TP(τ) / P.

    Returns ``(precision, recall, thresholds)`` as scikit-learn does: thresholds
    *increasing* (in the dtype of ``y_score``), recall decreasing, and one extra
    final point precision = 1, recall = 0 that has no threshold.
    ``drop_intermediate=True`` keeps only the first and last point of each run of
    equal TP (equal recall), which does not change the drawn curve. With no positive
    example, recall is set to 1 everywhere and an :class:`UndefinedMetricWarning` says so.

    >>> precision, recall, thresholds = precision_recall_curve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    >>> precision.round(3).tolist()
    [0.5, 0.667, 0.5, 1.0, 1.0]
    >>> recall.tolist(), thresholds.tolist()
    ([1.0, 1.0, 0.5, 0.5, 0.0], [0.1, 0.35, 0.4, 0.8])
    """
    fn = "precision_recall_curve"
    positive = _positives(y_true, pos_label, fn)
    score = _scores_1d(y_score, fn)
    _check_length(positive, score, fn)
    return _pr_from_positives(positive, score, drop_intermediate)


def _pr_from_positives(positive, score, drop_intermediate=False):
    fps, tps, thresholds = _threshold_counts(positive, score)
    if drop_intermediate and len(fps) > 2:
        changes = np.logical_or(np.diff(tps[:-1]), np.diff(tps[1:]))
        keep = np.flatnonzero(np.concatenate([[True], changes, [True]]))
        fps, tps, thresholds = fps[keep], tps[keep], thresholds[keep]
    precision = tps / (tps + fps)                     # tps + fps = examples above the threshold >= 1
    if tps[-1] == 0:
        warnings.warn("precision_recall_curve: y_true has no positive examples, so recall TP/P is "
                      "undefined (P = 0); it is set to 1 for every threshold, as in scikit-learn.",
                      UndefinedMetricWarning, stacklevel=3)
        recall = np.ones(tps.shape)
    else:
        recall = tps / tps[-1]
    return (np.concatenate([precision[::-1], [1.0]]), np.concatenate([recall[::-1], [0.0]]),
            thresholds[::-1])


def _binary_roc_auc(positive, score):
    if positive.all() or not positive.any():
        warnings.warn("roc_auc_score: only one class is present in y_true, so the ROC AUC (the chance "
                      "that a positive example scores above a negative one) is undefined; returning NaN. "
                      "Evaluate on data holding both classes (e.g. a stratified split).",
                      UndefinedMetricWarning, stacklevel=4)
        return np.nan
    fps, tps, _ = _roc_counts(positive, score, drop_intermediate=True)
    fpr, tpr = fps / fps[-1], tps / tps[-1]
    return float(np.trapezoid(tpr, fpr))


def _binary_average_precision(positive, score):
    precision, recall, _ = _pr_from_positives(positive, score)
    # AP = sum_n (R_n - R_{n-1}) P_n; recall decreases along the arrays, hence the minus sign
    return float(max(0.0, -np.sum(np.diff(recall) * precision[:-1])))


def _average_columns(binary_metric, Y, S, average):
    """One-vs-rest: the binary metric on each column of the indicator matrix Y, then averaged."""
    if average == "micro":
        return binary_metric(Y.ravel() == 1, S.ravel())
    scores = np.array([binary_metric(Y[:, c] == 1, S[:, c]) for c in range(Y.shape[1])], dtype=np.float64)
    if average is None:
        return scores
    if average == "weighted":
        support = Y.sum(axis=0)
        if np.isclose(support.sum(), 0):
            return 0.0
        scores[support == 0] = 0.0                  # as scikit-learn: absent classes weigh nothing
        return float(np.average(scores, weights=support))
    return float(np.average(scores))


def _indicator_target(y_true, fn):
    """A 2-D 0/1 ``y_true`` with several columns (multilabel, or one-hot rows), else None."""
    Y = np.asarray(y_true)
    if Y.ndim != 2 or Y.shape[1] < 2:
        return None
    if Y.dtype.kind not in "biuf" or not np.isin(Y, (0, 1)).all():
        raise ValueError(f"{fn} expected y_true of shape (n_samples,) with class labels, or a 0/1 indicator "
                         f"matrix (one column per class); received shape {Y.shape} with values other than "
                         "0 and 1.")
    return Y.astype(np.int64)


def _matrix_scores(y_score, shape, fn, what):
    S = _scores(y_score, fn)
    if S.shape != shape:
        raise ValueError(f"{fn} expected y_score of shape {shape}, one column per class ({what}); "
                         f"received shape {S.shape}.")
    return S


def roc_auc_score(y_true, y_score, *, average="macro", multi_class="raise"):
    """The area under the ROC curve: how well the scores rank positives above negatives.

    For binary ``y_true`` (any two labels; the larger one is positive) it is the
    trapezoidal area under :func:`roc_curve`,

        AUC = sum_i (FPR_i - FPR_{i-1}) (TPR_i + TPR_{i-1}) / 2,

    which equals the probability that a random positive example scores higher than
    a random negative one (ties counting one half). 0.5 is chance, 1 is a perfect ranking.

    Multiclass labels (k > 2 classes, all present in ``y_true``) take ``y_score`` of
    shape (n, k), rows summing to 1, and need ``multi_class='ovr'`` (one-vs-rest: class c
    against all others, scored by column c) or ``'ovo'`` (one-vs-one, Hand & Till 2001:
    every pair of classes, among the examples of those two). ``average`` combines the
    per-class (or per-pair) AUCs: ``'macro'`` (plain mean), ``'weighted'`` (by class or
    pair size), and for ``'ovr'`` also ``'micro'`` (all (example, class) pairs pooled) or
    None (one AUC per class). A 2-D 0/1 ``y_true`` is read as multilabel, one binary
    problem per column, as in scikit-learn.

    With one class only in (a column of) ``y_true`` the AUC is undefined: NaN is
    returned with an :class:`UndefinedMetricWarning`, as scikit-learn does.

    >>> roc_auc_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    0.75
    >>> y = [0, 1, 2, 2]
    >>> P = [[0.6, 0.3, 0.1], [0.2, 0.5, 0.3], [0.1, 0.2, 0.7], [0.3, 0.3, 0.4]]
    >>> roc_auc_score(y, P, multi_class="ovr")
    1.0
    """
    fn = "roc_auc_score"
    _check_average(average, ("micro", "macro", "weighted", "samples", None), fn)
    if multi_class not in ("raise", "ovr", "ovo"):
        raise ValueError(f"{fn}: multi_class expected 'raise', 'ovr' or 'ovo'; received {multi_class!r}.")
    Y = _indicator_target(y_true, fn)
    if Y is not None:  # multilabel: one binary problem per column
        if average == "samples":
            raise ValueError(f"{fn}: average='samples' is not implemented in nnbook; use 'micro', 'macro', "
                             "'weighted' or None (or scikit-learn).")
        S = _matrix_scores(y_score, Y.shape, fn, "multilabel y_true")
        return _average_columns(_binary_roc_auc, Y, S, average)
    t = _target_labels(y_true, fn)
    S = _scores(y_score, fn)
    _check_length(t, S, fn)
    classes = np.unique(t)
    if len(classes) <= 2 and not (S.ndim == 2 and S.shape[1] > 2):
        score = _scores_1d(S, fn)
        return _binary_roc_auc(t == classes[-1], score)
    # multiclass
    if multi_class == "raise":
        raise ValueError(f"{fn}: y_true has {len(classes)} classes; a multiclass ROC AUC needs "
                         "multi_class='ovr' (one-vs-rest: each class against all the others).")
    if S.ndim != 2:
        raise ValueError(f"{fn}: y_true has {len(classes)} classes, so y_score expected shape "
                         f"(n_samples, {len(classes)}), one probability per class; received shape {S.shape}.")
    if not np.allclose(1, S.sum(axis=1)):
        row = int(np.argmax(np.abs(S.sum(axis=1) - 1)))
        raise ValueError(f"{fn}: multiclass y_score expected probabilities, each row summing to 1; row {row} "
                         f"sums to {S[row].sum():g}. Apply a softmax to the network's outputs first.")
    if average == "samples":
        raise ValueError(f"{fn}: average expected 'micro', 'macro', 'weighted' or None for multiclass "
                         "targets; received 'samples'.")
    if len(classes) != S.shape[1]:
        raise ValueError(f"{fn}: y_true holds {len(classes)} classes {classes.tolist()} but y_score has "
                         f"{S.shape[1]} columns. Every class must appear in y_true, one column per class.")
    if multi_class == "ovo":
        if average not in ("macro", "weighted"):
            raise ValueError(f"{fn}: multi_class='ovo' expected average='macro' or 'weighted'; received "
                             f"{average!r}. For one AUC per class use multi_class='ovr'.")
        return _one_vs_one_auc(np.searchsorted(classes, t), S, average)
    Y = (t[:, None] == classes[None, :]).astype(np.int64)
    return _average_columns(_binary_roc_auc, Y, S, average)


def _one_vs_one_auc(codes, S, average):
    """Hand & Till (2001): for each pair of classes (a, b), among the examples of a or b,
    the mean of AUC(a vs b, scored by column a) and AUC(b vs a, scored by column b);
    then the mean over pairs, weighted by the pair's share of examples if ``'weighted'``."""
    pairs = list(itertools.combinations(range(S.shape[1]), 2))
    scores = np.empty(len(pairs))
    share = np.empty(len(pairs)) if average == "weighted" else None
    for ix, (a, b) in enumerate(pairs):
        is_a, is_b = codes == a, codes == b
        both = is_a | is_b
        if share is not None:
            share[ix] = np.average(both)
        scores[ix] = (_binary_roc_auc(is_a[both], S[both, a]) + _binary_roc_auc(is_b[both], S[both, b])) / 2
    return float(np.average(scores, weights=share))


def average_precision_score(y_true, y_score, *, average="macro", pos_label=1):
    """Average precision (AP): the precision-recall curve summed as a step function.

        AP = sum_n (R_n - R_{n-1}) P_n

    over the thresholds n of :func:`precision_recall_curve` (P_n, R_n the precision
    and recall there): each precision weighted by the recall it adds. Unlike the
    trapezoidal area, this does not interpolate between points (scikit-learn's
    definition). 1 is a perfect ranking; a random one scores about the fraction of positives.

    Binary ``y_true`` uses ``pos_label`` as the positive class. Multiclass labels (k > 2)
    are scored one-vs-rest with ``y_score`` of shape (n, k) and averaged by ``average``
    (``'macro'``, ``'weighted'``, ``'micro'`` or None), as is a 2-D 0/1 ``y_true``
    (multilabel). With no positive example recall is undefined: AP is 0 and an
    :class:`UndefinedMetricWarning` says so, as scikit-learn does.

    >>> round(average_precision_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]), 4)
    0.8333
    """
    fn = "average_precision_score"
    _check_average(average, ("micro", "macro", "weighted", "samples", None), fn)
    Y = _indicator_target(y_true, fn)
    t = None
    if Y is None:
        t = _target_labels(y_true, fn)
        classes = np.unique(t)
        if len(classes) > 2:
            if pos_label != 1:
                raise ValueError(f"{fn}: pos_label is fixed to 1 for multiclass y_true (each class in turn is "
                                 f"positive); received pos_label={pos_label!r}. Leave it out.")
            S = _matrix_scores(y_score, (len(t), len(classes)), fn, f"y_true holds {len(classes)} classes")
            Y = (t[:, None] == classes[None, :]).astype(np.int64)
    elif pos_label != 1:
        raise ValueError(f"{fn}: pos_label is fixed to 1 for a 0/1 indicator y_true; received "
                         f"pos_label={pos_label!r}. Leave it out.")
    else:
        S = _matrix_scores(y_score, Y.shape, fn, "multilabel y_true")
    if Y is None:  # binary
        if len(classes) == 2 and pos_label not in classes.tolist():
            raise ValueError(f"{fn}: pos_label={pos_label!r} is not a label of y_true; expected one of "
                             f"{classes.tolist()}. Pass pos_label=<the positive class>.")
        score = _scores_1d(y_score, fn)
        _check_length(t, score, fn)
        return _binary_average_precision(t == pos_label, score)
    if average == "samples":
        raise ValueError(f"{fn}: average='samples' is not implemented in nnbook; use 'micro', 'macro', "
                         "'weighted' or None (or scikit-learn).")
    return _average_columns(_binary_average_precision, Y, S, average)


def log_loss(y_true, y_proba, *, normalize: bool = True, labels=None) -> float:
    """Log loss (cross-entropy) of predicted probabilities, as scikit-learn computes it.

        L = -(1/n) sum_i sum_c y_ic log p_ic

    with Y the one-hot rows of the true classes (in sorted label order) and P the
    predicted probabilities, shape (n, k); a 1-D ``y_proba`` is the probability of the
    larger label (P = [1 - p, p]). Probabilities are clipped to [eps, 1 - eps], eps the
    machine epsilon of their dtype (2.2e-16 for float64), so a confident mistake costs
    about 36 rather than infinity. ``normalize=False`` returns the sum instead of the
    mean. ``labels`` lists every class when ``y_true`` misses some (it must hold at
    least two). The second argument is named ``y_proba`` as in scikit-learn 1.9 (it
    was ``y_pred`` before); pass it by position.

    >>> round(log_loss([1, 0, 1], [0.9, 0.2, 0.6]), 4)
    0.2798
    """
    fn = "log_loss"
    P = _scores(y_proba, fn, "y_proba")
    if P.dtype not in (np.float64, np.float32, np.float16):
        P = P.astype(np.float64)
    if P.ndim not in (1, 2):
        raise ValueError(f"{fn} expected y_proba of shape (n_samples,) or (n_samples, n_classes); received "
                         f"shape {P.shape}.")
    if P.size and P.max() > 1:
        raise ValueError(f"{fn} expected probabilities in [0, 1]; y_proba holds {P.max():g}. Apply a sigmoid "
                         "or softmax to scores first.")
    if P.size and P.min() < 0:
        raise ValueError(f"{fn} expected probabilities in [0, 1]; y_proba holds {P.min():g}. Apply a sigmoid "
                         "or softmax to scores first.")
    Y = _indicator_target(y_true, fn)
    if Y is not None:
        if labels is not None:
            raise ValueError(f"{fn}: labels is only for 1-D y_true; a 2-D y_true already has one column "
                             "per class.")
        _check_length(Y, P, fn)
        classes = np.arange(Y.shape[1])
    else:
        t = _target_labels(y_true, fn)
        _check_length(t, P, fn)
        if labels is not None:
            given = np.asarray(labels)
            classes = np.unique(given)
            if len(classes) != len(given) or not np.all(classes == given):
                warnings.warn(f"{fn}: labels={given.tolist()} are used in sorted order {classes.tolist()}; "
                              "the columns of y_proba must follow that order.", UserWarning, stacklevel=2)
            unknown = np.setdiff1d(t, classes)
            if len(unknown):
                raise ValueError(f"{fn}: y_true holds {unknown.tolist()}, not among labels={given.tolist()}. "
                                 "List every class in labels.")
        else:
            classes = np.unique(t)
        if len(classes) == 1:
            if labels is None:
                raise ValueError(f"{fn}: y_true holds a single class ({classes.tolist()[0]!r}), so the classes of "
                                 "y_proba's columns are unknown. Pass every class, e.g. labels=[0, 1].")
            raise ValueError(f"{fn}: labels expected at least two classes; received {classes.tolist()}.")
        Y = (t[:, None] == classes[None, :]).astype(np.int64)
    if P.ndim == 1:
        P = P[:, None]
    if P.shape[1] == 1:
        P = np.concatenate([1 - P, P], axis=1)
    eps = np.finfo(P.dtype).eps
    if not np.all(np.isclose(P.sum(axis=1), 1, rtol=np.sqrt(eps))):
        warnings.warn(f"{fn}: the rows of y_proba do not sum to one. Make sure to pass probabilities "
                      "(a softmax output).", UserWarning, stacklevel=2)
    if len(classes) != P.shape[1]:
        where = "labels" if labels is not None else "y_true"
        raise ValueError(f"{fn}: {where} holds {len(classes)} classes {classes.tolist()} but y_proba has "
                         f"{P.shape[1]} columns."
                         + (" Pass every class with labels=[...]." if labels is None else ""))
    P = np.clip(P, eps, 1 - eps)
    per_example = -np.sum(np.where(Y == 0, 0.0, Y.astype(P.dtype) * np.log(P)).astype(P.dtype), axis=1)
    return float(np.mean(per_example) if normalize else np.sum(per_example))


# --- metrics for ``Sequential.compile(metrics=[...])`` ------------------------
# They receive the validated 2-D targets Y and the network outputs P.

def labels_from_outputs(P: np.ndarray, threshold: float = 0.5) -> np.ndarray:
    """Class labels from network outputs: ``p >= threshold`` for one output, argmax otherwise."""
    return (P[:, 0] >= threshold).astype(int) if P.shape[1] == 1 else P.argmax(axis=1)


def _labels_from_targets(Y):
    return np.round(Y[:, 0]).astype(int) if Y.shape[1] == 1 else Y.argmax(axis=1)


def _classification(fn, **kw):
    def metric(Y, P):
        return fn(_labels_from_targets(Y), labels_from_outputs(P), **kw)
    return metric


def _averaged(fn):
    def metric(Y, P):
        average = "binary" if P.shape[1] == 1 else "macro"
        return fn(_labels_from_targets(Y), labels_from_outputs(P), average=average, zero_division=0.0)
    return metric


COMPILE_METRICS = {
    "accuracy": _classification(accuracy_score),
    "acc": _classification(accuracy_score),
    "precision": _averaged(precision_score),
    "recall": _averaged(recall_score),
    "f1": _averaged(f1_score),
    "mse": lambda Y, P: mean_squared_error(Y, P),
    "mae": lambda Y, P: mean_absolute_error(Y, P),
}


def get_compile_metric(name):
    """Return ``(name, function(Y, P))`` for a metric name accepted by ``compile``."""
    fn = lookup(COMPILE_METRICS, name, "metric")
    return name.lower(), fn
