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
"""
from __future__ import annotations

import warnings

import numpy as np

from ._validation import as_labels, lookup

AVERAGES = ("binary", "micro", "macro", "weighted", None)


class UndefinedMetricWarning(UserWarning):
    """A metric's denominator was zero; the metric was set to 0."""


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
