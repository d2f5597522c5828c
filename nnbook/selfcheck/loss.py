"""Self-checks for chapter 6 (loss functions).

Expected answers are computed with the package's own loss classes; the usual
slips (summing instead of averaging, base-10 logarithms, a dropped minus sign,
the wrong loss for the labels) are recognised and named in the hint.
"""
from __future__ import annotations

import numpy as np

from ..losses import BinaryCrossentropy, MeanAbsoluteError, MeanSquaredError
from ._core import Feedback, check_array, check_choice, check_number, not_answered, unanswered

#: exercise 1: three examples for a sigmoid output
BCE_Y = (1, 0, 1)
BCE_P = (0.9, 0.2, 0.4)


def check_bce_cost(answer) -> Feedback:
    """Exercise 1: the binary cross-entropy cost of predictions BCE_P for labels BCE_Y."""
    loss = BinaryCrossentropy()
    expected = loss(BCE_Y, BCE_P)
    per = loss.per_example(BCE_Y, BCE_P)
    y, p = np.asarray(BCE_Y, float), np.asarray(BCE_P, float)
    slips = [
        (per.sum(), "That is the sum of the three losses. The cost is their mean: divide by the number of examples."),
        (expected / np.log(10), "It looks as if you used log base 10. Cross-entropy uses the natural logarithm, ln."),
        (-expected, "The sign is flipped: ln p is negative for 0 < p < 1, and the minus sign in front of the "
                    "sum makes every loss positive."),
        (float(np.mean(-np.log(p))), "It looks as if you used -ln p for every example. For a label y = 0 the "
                                     "loss is -ln(1 - p): the example with y = 0 and p = 0.2 costs -ln 0.8."),
        (float(np.mean(-(y * np.log(1 - p) + (1 - y) * np.log(p)))),
         "The two terms are swapped: y = 1 pairs with ln p, y = 0 with ln(1 - p)."),
    ]
    if unanswered(answer):
        return not_answered("the cost (a number)")
    try:
        value = float(answer)
    except (TypeError, ValueError):
        return Feedback(False, f"Expected a number for the cost; received {answer!r}.")
    if not np.isclose(value, expected, atol=1e-3):
        for wrong, hint in slips:
            if np.isclose(value, wrong, atol=1e-3):
                return Feedback(False, f"cost = {value:.4g} is not it. {hint}")
    return check_number(value, expected, atol=1e-3, rtol=0, name="cost",
                        hint="Compute each example's loss -[y ln p + (1 - y) ln(1 - p)], then average the three.")


#: exercise 2: five targets, the last one an outlier, and a model's predictions
OUTLIER_Y = (2.0, 4.0, 3.0, 5.0, 30.0)
OUTLIER_P = (3.0, 4.0, 2.0, 5.0, 6.0)


def check_outlier_costs(answer) -> Feedback:
    """Exercise 2: (MSE, MAE) of OUTLIER_P against OUTLIER_Y."""
    expected = np.array([MeanSquaredError()(OUTLIER_Y, OUTLIER_P), MeanAbsoluteError()(OUTLIER_Y, OUTLIER_P)])
    if unanswered(answer):
        return not_answered("a pair (MSE, MAE)")
    try:
        value = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        value = None
    if value is not None and value.shape == (2,) and not np.allclose(value, expected, atol=1e-3):
        n = len(OUTLIER_Y)
        err = np.asarray(OUTLIER_P) - np.asarray(OUTLIER_Y)
        if np.allclose(value, expected * n, atol=1e-3):
            return Feedback(False, "Those are sums of squared and absolute errors. A cost is a mean: divide by "
                                   f"the {n} examples.")
        if np.allclose(value, expected[::-1], atol=1e-3):
            return Feedback(False, "The two numbers are in the wrong order: give (MSE, MAE).")
        if np.isclose(value[0], np.sqrt(np.mean(err ** 2)), atol=1e-3):
            return Feedback(False, "Your first number is the root of the mean squared error (RMSE). MSE is the "
                                   "mean of the squared errors, without the square root.")
    return check_array(answer, expected, atol=1e-3, name="(MSE, MAE)",
                       hint="Errors p - y are (1, 0, -1, 0, -24): average their squares, then their absolute values.")


TASK_OPTIONS = ("mse", "mae", "binary_crossentropy", "categorical_crossentropy", "sparse_categorical_crossentropy")


def check_loss_choice(answer) -> Feedback:
    """Exercise 3: the loss for 10 classes, integer labels 0..9 and a Dense(10, softmax) output."""
    explanations = {
        "sparse_categorical_crossentropy": "Right: a softmax output over 10 classes calls for categorical "
                                           "cross-entropy, and the sparse variant takes the integer labels as "
                                           "they are.",
        "categorical_crossentropy": "Close: the loss is right, but it expects one-hot rows of shape (n, 10) and "
                                    "nnbook raises an error for a 1-D array of labels. Either convert with "
                                    "nb.one_hot(y, 10) or use the variant that takes integer labels.",
        "binary_crossentropy": "Binary cross-entropy is for targets 0 or 1 (one sigmoid unit, or independent "
                               "yes/no outputs); nnbook rejects labels up to 9 for it.",
        "mse": "Squared error treats the labels as numbers on a line (as if 8 were 'closer' to 9 than to 1) and "
               "gives weak gradients for probabilities. Use a cross-entropy.",
        "mae": "Absolute error treats class labels as quantities to be approximated; classes have no order. "
               "Use a cross-entropy.",
    }
    return check_choice(answer, "sparse_categorical_crossentropy", TASK_OPTIONS, name="loss",
                        explanations=explanations)
