"""Self-checks for the chapter on performance metrics.

The screening-test exercise uses one confusion matrix throughout:
TP = 40 found cases, FN = 20 missed cases, FP = 10 false alarms, TN = 130 correct all-clears
(200 people, 60 of them positive). The expected answers are computed with
:mod:`nnbook.metrics` from label arrays that reproduce those counts.
"""
from __future__ import annotations

import numpy as np

from .. import datasets, metrics
from ._core import Feedback, check_number, not_answered, unanswered

#: the screening exercise's confusion matrix: (TP, FN, FP, TN)
SCREENING = {"tp": 40, "fn": 20, "fp": 10, "tn": 130}


def screening_labels(tp=SCREENING["tp"], fn=SCREENING["fn"], fp=SCREENING["fp"], tn=SCREENING["tn"]):
    """Label arrays ``(y_true, y_pred)`` with exactly these confusion-matrix counts (1 = positive)."""
    y_true = np.r_[np.ones(tp + fn, dtype=int), np.zeros(fp + tn, dtype=int)]
    y_pred = np.r_[np.ones(tp, dtype=int), np.zeros(fn, dtype=int), np.ones(fp, dtype=int), np.zeros(tn, dtype=int)]
    return y_true, y_pred


def _screening_scores():
    t, p = screening_labels()
    return {"precision": metrics.precision_score(t, p), "recall": metrics.recall_score(t, p),
            "f1": metrics.f1_score(t, p), "accuracy": metrics.accuracy_score(t, p)}


def _confusions(answer, expected_name, scores, extra=()):
    """A hint when ``answer`` equals one of the other metrics (the usual mix-up)."""
    reasons = {
        "precision": "That is precision, TP / (TP + FP): the share of the predicted positives that are real.",
        "recall": "That is recall, TP / (TP + FN): the share of the real positives that were found.",
        "f1": "That is F1, the harmonic mean 2PR / (P + R).",
        "accuracy": "That is accuracy, (TP + TN) / all: it counts the negatives too.",
    }
    if unanswered(answer):
        return None
    try:
        value = float(answer)
    except (TypeError, ValueError):
        return None
    for name, score in scores.items():
        if name != expected_name and np.isclose(value, score, rtol=1e-3):
            return reasons[name]
    for wrong, reason in extra:
        if np.isclose(value, wrong, rtol=1e-3):
            return reason
    return None


def check_precision(answer) -> Feedback:
    """Precision of the screening test (TP = 40, FN = 20, FP = 10, TN = 130)."""
    scores = _screening_scores()
    s = SCREENING
    extra = [(s["tp"] / (s["tp"] + s["fp"] + s["fn"]), "You divided by TP + FP + FN; precision's "
              "denominator holds only what was predicted positive: TP + FP."),
             (s["fp"] / (s["tp"] + s["fp"]), "That is the share of false alarms among the predicted "
              "positives, 1 - precision.")]
    hint = _confusions(answer, "precision", scores, extra) or (
        "Precision = TP / (TP + FP): of the people the test flagged, how many are positive?")
    return check_number(answer, scores["precision"], name="precision", hint=hint)


def check_recall(answer) -> Feedback:
    """Recall (sensitivity) of the screening test."""
    scores = _screening_scores()
    s = SCREENING
    extra = [(s["fn"] / (s["tp"] + s["fn"]), "That is the miss rate FN / (TP + FN), 1 - recall."),
             (s["tn"] / (s["tn"] + s["fp"]), "That is specificity, TN / (TN + FP), the recall of the "
              "negative class.")]
    hint = _confusions(answer, "recall", scores, extra) or (
        "Recall = TP / (TP + FN): of the people who are positive, how many did the test flag?")
    return check_number(answer, scores["recall"], name="recall", hint=hint)


def check_f1(answer) -> Feedback:
    """F1 score of the screening test."""
    scores = _screening_scores()
    p, r = scores["precision"], scores["recall"]
    extra = [((p + r) / 2, "That is the arithmetic mean of precision and recall. F1 is the harmonic "
              "mean, 2PR / (P + R), which stays closer to the smaller of the two.")]
    hint = _confusions(answer, "f1", scores, extra) or "F1 = 2 TP / (2 TP + FP + FN) = 2PR / (P + R)."
    return check_number(answer, scores["f1"], name="F1", hint=hint)


def check_majority_accuracy(answer) -> Feedback:
    """Accuracy, on the whole breast-cancer set, of a 'classifier' that always answers 'benign'."""
    _, y = datasets.load_breast_cancer()          # scikit-learn's coding: 1 = benign, 0 = malignant
    always_benign = np.ones_like(y)
    expected = metrics.accuracy_score(y, always_benign)
    minority = metrics.accuracy_score(y, np.zeros_like(y))
    if not unanswered(answer):
        try:
            value = float(answer)
        except (TypeError, ValueError):
            value = None
        if value is not None and np.isclose(value, expected * 100, rtol=1e-3):
            return Feedback(False, f"{value:g} looks like a percentage; give accuracy as a fraction "
                                   "between 0 and 1.")
        if value is not None and np.isclose(value, minority, rtol=1e-3):
            return Feedback(False, f"accuracy = {value:.6g} is the share of malignant samples: that is "
                                   "what always answering 'malignant' would score. Count the benign ones.")
    return check_number(answer, expected, name="accuracy",
                        hint="Always answering 'benign' is right exactly on the benign samples: "
                             "accuracy = (number benign) / (number of samples).")


def check_mae_in_cm(answer, mae_in_meters: float) -> Feedback:
    """The same mean absolute error expressed in centimeters, given its value in meters."""
    if unanswered(answer):
        return not_answered("the mean absolute error in centimeters")
    expected = 100 * mae_in_meters
    try:
        value = float(answer)
    except (TypeError, ValueError):
        return Feedback(False, f"Expected a number; received {answer!r}.")
    if np.isclose(value, 10_000 * mae_in_meters, rtol=1e-3):
        return Feedback(False, "You multiplied by 100² = 10,000. MAE has the units of y, so it scales "
                               "by 100 like y itself; it is MSE, in squared units, that scales by 10,000.")
    return check_number(value, expected, name="MAE in cm",
                        hint="1 m = 100 cm, and MAE is in the same units as the targets.")
