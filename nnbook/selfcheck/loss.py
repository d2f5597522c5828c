"""Self-checks for chapter 6 (loss functions).

Expected answers are computed with the package's own loss classes; the usual
slips (summing instead of averaging, base-10 logarithms, a dropped minus sign,
the wrong loss for the labels) are recognised and named in the hint. Numeric
answers are accepted at the precision the exercise states (``decimals=``).
"""
from __future__ import annotations

import numpy as np

from ..losses import BinaryCrossentropy, MeanAbsoluteError, MeanSquaredError
from ._core import Feedback, check_array, check_choice, check_number, exercise, half_unit, not_answered, unanswered

#: exercise ex-loss-1: three examples for a sigmoid output
BCE_Y = (1, 0, 1)
BCE_P = (0.9, 0.2, 0.4)
BCE_DECIMALS = 3


def bce_cost() -> float:
    """The binary cross-entropy cost of BCE_P for labels BCE_Y, computed by nnbook."""
    return float(BinaryCrossentropy()(BCE_Y, BCE_P))


@exercise("ex-loss-1", chapter="06_loss_functions", solution=bce_cost, decimals=BCE_DECIMALS)
def check_bce_cost(answer) -> Feedback:
    """Ex. ex-loss-1: the binary cross-entropy cost of predictions BCE_P for labels BCE_Y (3 decimals)."""
    loss = BinaryCrossentropy()
    expected = bce_cost()
    per = loss.per_example(BCE_Y, BCE_P)
    y, p = np.asarray(BCE_Y, float), np.asarray(BCE_P, float)
    wrong = {
        float(per.sum()): "That is the sum of the three losses. The cost is their mean: divide by the number of "
                          "examples.",
        expected / np.log(10): "It looks as if you used log base 10. Cross-entropy uses the natural logarithm, ln.",
        -expected: "The sign is flipped: ln p is negative for 0 < p < 1, and the minus sign in front of the "
                   "sum makes every loss positive.",
        float(np.mean(-np.log(p))): "It looks as if you used -ln p for every example. For a label y = 0 the "
                                    "loss is -ln(1 - p): the example with y = 0 and p = 0.2 costs -ln 0.8.",
        float(np.mean(-(y * np.log(1 - p) + (1 - y) * np.log(p)))):
            "The two terms are swapped: y = 1 pairs with ln p, y = 0 with ln(1 - p).",
    }
    return check_number(answer, expected, name="cost", wrong=wrong, decimals=BCE_DECIMALS,
                        hint="Compute each example's loss -[y ln p + (1 - y) ln(1 - p)], then average the three.")


#: exercise ex-loss-2: five targets, the last one an outlier, and a model's predictions
OUTLIER_Y = (2.0, 4.0, 3.0, 5.0, 30.0)
OUTLIER_P = (3.0, 4.0, 2.0, 5.0, 6.0)
OUTLIER_DECIMALS = 1


def outlier_costs() -> np.ndarray:
    """(MSE, MAE) of OUTLIER_P against OUTLIER_Y, computed by nnbook."""
    return np.array([MeanSquaredError()(OUTLIER_Y, OUTLIER_P), MeanAbsoluteError()(OUTLIER_Y, OUTLIER_P)])


def _same(value, target) -> bool:
    target = np.asarray(target, dtype=float)
    return value.shape == target.shape and bool(
        np.all(np.abs(value - target) <= half_unit(target, decimals=OUTLIER_DECIMALS)))


@exercise("ex-loss-2", chapter="06_loss_functions", solution=outlier_costs, decimals=OUTLIER_DECIMALS)
def check_outlier_costs(answer) -> Feedback:
    """Ex. ex-loss-2: (MSE, MAE) of OUTLIER_P against OUTLIER_Y (1 decimal place)."""
    expected = outlier_costs()
    if unanswered(answer):
        return not_answered("a pair (MSE, MAE)")
    try:
        value = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        value = None
    if value is not None and value.shape == (2,) and not _same(value, expected):
        n = len(OUTLIER_Y)
        err = np.asarray(OUTLIER_P) - np.asarray(OUTLIER_Y)
        if _same(value, expected * n):
            return Feedback(False, "Those are sums of squared and absolute errors. A cost is a mean: divide by "
                                   f"the {n} examples.")
        if _same(value, expected[::-1]):
            return Feedback(False, "The two numbers are in the wrong order: give (MSE, MAE).")
        if _same(value[:1], [np.sqrt(np.mean(err ** 2))]):
            return Feedback(False, "Your first number is the root of the mean squared error (RMSE). MSE is the "
                                   "mean of the squared errors, without the square root.")
    return check_array(answer, expected, name="(MSE, MAE)", decimals=OUTLIER_DECIMALS,
                       hint="Errors p - y are (1, 0, -1, 0, -24): average their squares, then their absolute values.")


TASK_OPTIONS = ("mse", "mae", "binary_crossentropy", "categorical_crossentropy", "sparse_categorical_crossentropy")


@exercise("ex-loss-3", chapter="06_loss_functions", solution=lambda: "sparse_categorical_crossentropy")
def check_loss_choice(answer) -> Feedback:
    """Ex. ex-loss-3: the loss for k = 10 classes, integer labels 0..9 and a Dense(10, softmax) output."""
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
    if isinstance(answer, str):  # 'Sparse_Categorical_Crossentropy ' or "'mse'" name an option too
        answer = answer.strip().strip("'\"").strip().lower()
    return check_choice(answer, "sparse_categorical_crossentropy", TASK_OPTIONS, name="loss",
                        explanations=explanations)


#: exercise ex-loss-5: logits of one example and its true class
LOGITS_Z = (3.0, 1.0, -2.0)
LOGITS_CLASS = 1
LOGITS_DECIMALS = 3


def logits_loss() -> float:
    """Categorical cross-entropy of LOGITS_Z for the class LOGITS_CLASS, by nnbook's from-logits loss."""
    from ..losses import SparseCategoricalCrossentropy
    return float(SparseCategoricalCrossentropy(from_logits=True)([LOGITS_CLASS], [list(LOGITS_Z)]))


@exercise("ex-loss-5", chapter="06_loss_functions", solution=logits_loss, decimals=LOGITS_DECIMALS)
def check_logits_loss(answer) -> Feedback:
    """Ex. ex-loss-5: cross-entropy from the logits LOGITS_Z for class LOGITS_CLASS, via log-sum-exp (3 decimals)."""
    if unanswered(answer):
        return not_answered("the loss as a number")
    z = np.asarray(LOGITS_Z)
    c = LOGITS_CLASS
    lse = float(z.max() + np.log(np.exp(z - z.max()).sum()))
    p = np.exp(z - lse)
    p2 = np.exp(p) / np.exp(p).sum()             # a softmax applied twice
    wrong = {
        float(z.max() - z[c]): "You used the largest logit instead of the log-sum-exp: "
                               "lse(z) = m + ln sum_c exp(z_c - m) is a little larger than the maximum m.",
        lse: "That is lse(z) alone; subtract the true class's logit z_c.",
        float(-np.log10(p[c])): "Use the natural logarithm, not log base 10.",
        float(-np.log(p2[c])): "That is the loss after a second softmax: the probabilities were "
                               "squashed twice (the bug from_logits=True guards against).",
        float(z[c] - lse): "The sign is flipped: the loss is lse(z) - z_c, which is never negative.",
    }
    return check_number(answer, logits_loss(), name="loss", wrong=wrong, decimals=LOGITS_DECIMALS,
                        hint="L = lse(z) - z_c with lse(z) = m + ln sum_c exp(z_c - m), m = max_c z_c.")


#: exercise ex-loss-6: Gaussian noise of standard deviation sigma, and the chapter's first four examples
NLL_SIGMA = 0.5
NLL_Y = (3.0, -0.5, 2.0, 7.0)
NLL_P = (2.5, 0.0, 2.0, 8.0)
NLL_DECIMALS = 3


def gaussian_nll() -> float:
    """Mean negative log-likelihood of NLL_Y when each target is NLL_P plus N(0, sigma^2) noise,
    from the normal density itself (not from the MSE formula)."""
    y, p, s = np.asarray(NLL_Y), np.asarray(NLL_P), NLL_SIGMA
    density = np.exp(-(y - p) ** 2 / (2 * s ** 2)) / np.sqrt(2 * np.pi * s ** 2)
    return float(-np.mean(np.log(density)))


@exercise("ex-loss-6", chapter="06_loss_functions", solution=gaussian_nll, decimals=NLL_DECIMALS)
def check_gaussian_nll(answer) -> Feedback:
    """Ex. ex-loss-6: mean Gaussian negative log-likelihood (sigma = 0.5) of the chapter's first 4 examples (3 decimals)."""
    if unanswered(answer):
        return not_answered("the mean negative log-likelihood as a number")
    mse = float(MeanSquaredError()(NLL_Y, NLL_P))
    s = NLL_SIGMA
    const = 0.5 * np.log(2 * np.pi * s ** 2)
    wrong = {
        mse / (2 * s ** 2): "You left out the constant (1/2) ln(2 pi sigma^2): it does not change which "
                            "prediction is best, but it is part of the negative log-likelihood.",
        mse / (2 * s) + 0.5 * np.log(2 * np.pi * s): "Use the variance sigma^2 = 0.25, not sigma = 0.5, in both terms.",
        mse / (2 * s ** 2) + np.log(2 * np.pi * s ** 2): "The constant is HALF of ln(2 pi sigma^2) (the square root "
                                                          "in the density).",
        mse + const: "Divide the MSE by 2 sigma^2 = 0.5.",
        len(NLL_Y) * (mse / (2 * s ** 2) + const): "That is the sum over the 4 examples; the question asks for the mean.",
    }
    return check_number(answer, gaussian_nll(), name="mean negative log-likelihood", wrong=wrong,
                        decimals=NLL_DECIMALS, hint="NLL = MSE / (2 sigma^2) + (1/2) ln(2 pi sigma^2).")
