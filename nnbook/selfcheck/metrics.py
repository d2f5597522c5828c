"""Self-checks for the chapter on performance metrics.

The screening-test exercise uses one confusion matrix throughout:
TP = 40 found cases, FN = 20 missed cases, FP = 10 false alarms, TN = 130 correct all-clears
(200 people, 60 of them positive). The expected answers are computed with
:mod:`nnbook.metrics` from label arrays that reproduce those counts.
"""
from __future__ import annotations

import numpy as np

from .. import datasets, metrics
from ._core import Feedback, check_number, exercise, matches, not_answered, unanswered

#: the precision the screening and baseline exercises ask for
SCREENING_DECIMALS = 2
BASELINE_DECIMALS = 3
MAE_DECIMALS = 2

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


def _mixups(expected_name, scores, extra=()) -> dict:
    """The usual mix-ups, for ``check_number(wrong=...)``: each of the other metrics, then
    ``extra`` (value, reason) pairs, mapped to the explanation a learner who gives it reads."""
    reasons = {
        "precision": "That is precision, TP / (TP + FP): the share of the predicted positives that are real.",
        "recall": "That is recall, TP / (TP + FN): the share of the real positives that were found.",
        "f1": "That is F1, the harmonic mean 2PR / (P + R).",
        "accuracy": "That is accuracy, (TP + TN) / all: it counts the negatives too.",
    }
    wrong: dict = {}
    others = [(score, reasons[name]) for name, score in scores.items() if name != expected_name]
    for value, reason in others + list(extra):
        wrong.setdefault(value, reason)
    return wrong


def _precision_feedback(answer) -> Feedback:
    """Precision of the screening test (TP = 40, FN = 20, FP = 10, TN = 130)."""
    scores = _screening_scores()
    s = SCREENING
    extra = [(s["tp"] / (s["tp"] + s["fp"] + s["fn"]), "You divided by TP + FP + FN; precision's "
              "denominator holds only what was predicted positive: TP + FP."),
             (s["fp"] / (s["tp"] + s["fp"]), "That is the share of false alarms among the predicted "
              "positives, 1 - precision.")]
    return check_number(answer, scores["precision"], name="precision", wrong=_mixups("precision", scores, extra),
                        hint="Precision = TP / (TP + FP): of the people the test flagged, how many are positive?",
                        decimals=SCREENING_DECIMALS)


def _recall_feedback(answer) -> Feedback:
    """Recall (sensitivity) of the screening test."""
    scores = _screening_scores()
    s = SCREENING
    extra = [(s["fn"] / (s["tp"] + s["fn"]), "That is the miss rate FN / (TP + FN), 1 - recall."),
             (s["tn"] / (s["tn"] + s["fp"]), "That is specificity, TN / (TN + FP), the recall of the "
              "negative class.")]
    return check_number(answer, scores["recall"], name="recall", wrong=_mixups("recall", scores, extra),
                        hint="Recall = TP / (TP + FN): of the people who are positive, how many did the test flag?",
                        decimals=SCREENING_DECIMALS)


def _f1_feedback(answer) -> Feedback:
    """F1 score of the screening test."""
    scores = _screening_scores()
    p, r = scores["precision"], scores["recall"]
    extra = [((p + r) / 2, "That is the arithmetic mean of precision and recall. F1 is the harmonic "
              "mean, 2PR / (P + R), which stays closer to the smaller of the two.")]
    return check_number(answer, scores["f1"], name="F1", wrong=_mixups("f1", scores, extra),
                        hint="F1 = 2 TP / (2 TP + FP + FN) = 2PR / (P + R).", decimals=SCREENING_DECIMALS)


def screening_scores() -> np.ndarray:
    """The exact answer of ex-metrics-1: [precision, recall, F1] of the screening test."""
    scores = _screening_scores()
    return np.array([scores["precision"], scores["recall"], scores["f1"]])


@exercise("ex-metrics-1", chapter="13_metrics", solution=screening_scores, decimals=SCREENING_DECIMALS)
def check_screening(answer) -> Feedback:
    """Ex. ex-metrics-1: ``[precision, recall, F1]`` of the screening test, each to 2 decimal places."""
    if unanswered(answer):
        return not_answered("a list [precision, recall, F1]")
    try:
        values = [float(v) for v in answer]
    except (TypeError, ValueError):
        return Feedback(False, f"Expected a list of three numbers [precision, recall, F1]; received {answer!r}.")
    if len(values) != 3:
        return Feedback(False, f"Expected three numbers [precision, recall, F1]; received {len(values)}.")
    verdicts = [f(v) for f, v in zip((_precision_feedback, _recall_feedback, _f1_feedback), values)]
    if all(v.correct for v in verdicts):
        return Feedback(True, "precision, recall and F1 all match: " + "; ".join(v.message for v in verdicts))
    return Feedback(False, " ".join(v.message for v in verdicts if not v.correct))


def baseline_accuracy() -> float:
    """The exact answer of ex-metrics-2: the share of benign samples in the breast-cancer set."""
    _, y = datasets.load_breast_cancer()          # scikit-learn's coding: 1 = benign, 0 = malignant
    return metrics.accuracy_score(y, np.ones_like(y))


@exercise("ex-metrics-2", chapter="13_metrics", solution=baseline_accuracy, decimals=BASELINE_DECIMALS)
def check_majority_accuracy(answer) -> Feedback:
    """Accuracy, on the whole breast-cancer set, of a 'classifier' that always answers 'benign',
    to 3 decimal places."""
    _, y = datasets.load_breast_cancer()          # scikit-learn's coding: 1 = benign, 0 = malignant
    expected = baseline_accuracy()
    minority = metrics.accuracy_score(y, np.zeros_like(y))
    if not unanswered(answer):
        try:
            value = float(answer)
        except (TypeError, ValueError):
            value = None
        if value is not None and matches(value, expected * 100, decimals=1):
            return Feedback(False, f"{value:g} looks like a percentage; give accuracy as a fraction "
                                   "between 0 and 1.")
        if value is not None and matches(value, minority, decimals=BASELINE_DECIMALS):
            return Feedback(False, f"accuracy = {value:.6g} is the share of malignant samples: that is "
                                   "what always answering 'malignant' would score. Count the benign ones.")
    return check_number(answer, expected, name="accuracy", decimals=BASELINE_DECIMALS,
                        hint="Always answering 'benign' is right exactly on the benign samples: "
                             "accuracy = (number benign) / (number of samples), to 3 decimal places.")


def regression_mae() -> float:
    """The validation MAE (in meters) of chapter 13's regression network, retrained here exactly as there."""
    from ..layers import Dense
    from ..model import Sequential
    from ..optimizers import Adam
    from ..preprocessing import train_test_split
    X, y = datasets.make_regression_1d(200, noise=0.1, function="sine", seed=0)
    X_train, X_val, y_train, y_val = train_test_split(X, y, test_size=0.25, seed=0)
    model = Sequential([Dense(16, activation="tanh"), Dense(1)], seed=0)
    model.compile(optimizer=Adam(learning_rate=0.01), loss="mse", metrics=["mae"])
    model.fit(X_train, y_train, epochs=200, batch_size=32, verbose=0)
    return metrics.mean_absolute_error(y_val, model.predict(X_val)[:, 0])


@exercise("ex-metrics-5", chapter="13_metrics", solution=lambda: 100 * regression_mae(), decimals=MAE_DECIMALS)
def check_mae_in_cm(answer, mae_in_meters: float | None = None) -> Feedback:
    """The chapter's validation MAE expressed in centimeters, to 2 decimal places.

    ``mae_in_meters`` is the value the notebook printed; without it the regression is retrained here.
    """
    if unanswered(answer):
        return not_answered("the mean absolute error in centimeters")
    if mae_in_meters is None:
        mae_in_meters = regression_mae()
    expected = 100 * mae_in_meters
    try:
        value = float(answer)
    except (TypeError, ValueError):
        return Feedback(False, f"Expected a number; received {answer!r}.")
    if not matches(value, expected, decimals=MAE_DECIMALS) and matches(value, 10_000 * mae_in_meters, decimals=0):
        return Feedback(False, "You multiplied by 100² = 10,000. MAE has the units of y, so it scales "
                               "by 100 like y itself; it is MSE, in squared units, that scales by 10,000.")
    return check_number(value, expected, name="MAE in cm", decimals=MAE_DECIMALS,
                        hint="1 m = 100 cm, and MAE is in the same units as the targets; give 2 decimal places.")


#: the scores of ex-metrics-6: three positive and four negative examples
AUC_POSITIVE_SCORES = (0.9, 0.6, 0.35)
AUC_NEGATIVE_SCORES = (0.7, 0.3, 0.2, 0.1)
AUC_DECIMALS = 3


def _auc_example():
    scores = np.r_[AUC_POSITIVE_SCORES, AUC_NEGATIVE_SCORES]
    labels = np.r_[np.ones(len(AUC_POSITIVE_SCORES), dtype=int), np.zeros(len(AUC_NEGATIVE_SCORES), dtype=int)]
    return labels, scores


def small_auc() -> float:
    """The exact answer of ex-metrics-6, from :func:`nnbook.metrics.roc_auc_score`."""
    labels, scores = _auc_example()
    return metrics.roc_auc_score(labels, scores)


@exercise("ex-metrics-6", chapter="13_metrics", solution=small_auc, decimals=AUC_DECIMALS)
def check_small_auc(answer) -> Feedback:
    """The ROC AUC of three positive scores (0.9, 0.6, 0.35) against four negative ones
    (0.7, 0.3, 0.2, 0.1), to 3 decimal places."""
    labels, scores = _auc_example()
    expected = small_auc()
    accuracy = metrics.accuracy_score(labels, (scores >= 0.5).astype(int))
    wrong = [(1 - expected, "That is the share of pairs ranked the wrong way round (the negative scores "
                            "higher); the AUC counts the pairs in which the positive scores higher."),
             (metrics.average_precision_score(labels, scores), "That is the average precision, the area "
              "under the precision-recall curve; the AUC is the share of (positive, negative) pairs "
              "ranked correctly."),
             (accuracy, "That is the accuracy at the threshold 0.5. The AUC uses no threshold: compare "
                        "every positive score with every negative one.")]
    if not unanswered(answer):
        try:
            value = float(answer)
        except (TypeError, ValueError):
            value = None
        for value_wrong, reason in wrong:
            if (value is not None and not matches(value, expected, decimals=AUC_DECIMALS)
                    and matches(value, value_wrong, decimals=AUC_DECIMALS)):
                return Feedback(False, f"{value:g}: {reason}")
    return check_number(answer, expected, name="AUC", decimals=AUC_DECIMALS,
                        hint="There are 3 x 4 = 12 (positive, negative) pairs; count those in which the "
                        "positive example has the higher score, and divide by 12.")
