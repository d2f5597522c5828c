"""Self-checks for the chapter on overfitting and regularization.

Every expected answer is computed with the package itself (``nnbook.L1``,
``nnbook.L2``), so the checks follow the code's conventions: the penalty is
l2 * sum W² (no factor 1/2), its gradient 2 l2 W, and the L1 gradient l1 sign(W);
biases are not penalised; inverted dropout divides survivors by 1 - rate.
"""
from __future__ import annotations

import numpy as np

from .. import regularizers
from ._core import Feedback, check_array, check_number, exercise, matches, not_answered, unanswered

#: the kernel and bias of the exercises' small layer
EXERCISE_W = np.array([[0.5, -1.0], [2.0, 0.0]])
EXERCISE_B = np.array([0.3, -0.4])
EXERCISE_L2 = 0.01
EXERCISE_L1 = 0.01
#: the dropout exercise: rate and the surviving activation
DROPOUT_RATE = 0.25
DROPOUT_ACTIVATION = 2.0


def l2_penalty() -> float:
    """The exact answer of ex-regularization-1, from ``nnbook.L2``."""
    return regularizers.L2(EXERCISE_L2).penalty(EXERCISE_W)


def l1_gradient() -> np.ndarray:
    """The exact answer of ex-regularization-2, from ``nnbook.L1``."""
    return regularizers.L1(EXERCISE_L1).gradient(EXERCISE_W)


def dropout_value(rate: float = DROPOUT_RATE, activation: float = DROPOUT_ACTIVATION) -> float:
    """The exact answer of ex-regularization-3: a survivor divided by the keep probability."""
    return activation / (1.0 - rate)


@exercise("ex-regularization-1", chapter="11_regularization", solution=l2_penalty, decimals=4)
def check_l2_penalty(answer) -> Feedback:
    """The penalty ``L2(0.01)`` adds to the cost for the kernel ``EXERCISE_W`` (bias ``EXERCISE_B``),
    to 4 decimal places."""
    if unanswered(answer):
        return not_answered("the penalty (a number)")
    reg = regularizers.L2(EXERCISE_L2)
    expected = l2_penalty()
    try:
        value = float(answer)
    except (TypeError, ValueError):
        return Feedback(False, f"Expected a number for the penalty; received {answer!r}.")
    wrong = {
        "half": (0.5 * expected, "You used (l2/2) sum W²; nnbook and Keras use l2 sum W², without the 1/2."),
        "bias": (reg.penalty(EXERCISE_W) + reg.penalty(EXERCISE_B),
                 "You included the bias: only the kernel W is penalised."),
        "abs": (EXERCISE_L2 * float(np.sum(np.abs(EXERCISE_W))),
                "You summed |w| (that is the L1 penalty); L2 sums the squares w²."),
        "nosquare_sum": (EXERCISE_L2 * float(np.sum(EXERCISE_W)) ** 2,
                         "You squared the sum of the weights; square each weight first, then add."),
        "no_l2": (float(np.sum(EXERCISE_W ** 2)), "You forgot to multiply by the strength l2 = 0.01."),
    }
    if not matches(value, expected, decimals=4):
        for target, hint in wrong.values():
            if matches(value, target, decimals=4):
                return Feedback(False, f"penalty = {value:.6g} is not it. {hint}")
    return check_number(value, expected, decimals=4, name="penalty",
                        hint="Square each of the four kernel weights, add the squares and multiply by 0.01; "
                             "give the result to 4 decimal places.")


@exercise("ex-regularization-2", chapter="11_regularization", solution=l1_gradient, decimals=2)
def check_l1_gradient(answer) -> Feedback:
    """The gradient ``L1(0.01)`` adds to dC/dW for the kernel ``EXERCISE_W``, an array of shape (2, 2),
    each entry to 2 decimal places."""
    if unanswered(answer):
        return not_answered("a 2x2 array (the penalty's gradient)")
    expected = l1_gradient()
    try:
        value = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        return Feedback(False, f"Expected a 2x2 array of numbers; received {answer!r}.")
    if value.shape == expected.shape and not np.allclose(value, expected, rtol=0, atol=0.005):
        if np.allclose(value, EXERCISE_L1 * EXERCISE_W):
            return Feedback(False, "You multiplied l1 by the weights themselves: the derivative of |w| is "
                                   "sign(w) (+1, -1, or 0 at w = 0), not w.")
        if np.allclose(value, 2 * EXERCISE_L2 * EXERCISE_W):
            return Feedback(False, "That is the L2 gradient 2 l2 W. L1's gradient is l1 sign(W): the same "
                                   "size for every non-zero weight.")
        if np.allclose(value, np.where(EXERCISE_W == 0, EXERCISE_L1, expected)) and not np.allclose(value, expected):
            return Feedback(False, "Look at the weight that is exactly 0: sign(0) = 0 in numpy (and in "
                                   "nnbook), so its penalty gradient is 0.")
    return check_array(value, expected, decimals=2, name="gradient",
                       hint="Each entry is l1 * sign(w): 0.01 for positive weights, -0.01 for negative ones.")


@exercise("ex-regularization-3", chapter="11_regularization", solution=dropout_value, decimals=3)
def check_dropout_scale(answer, rate: float = DROPOUT_RATE, activation: float = DROPOUT_ACTIVATION) -> Feedback:
    """The value an inverted-dropout layer with ``rate`` passes on for a surviving ``activation`` in
    training, to 3 decimal places."""
    if unanswered(answer):
        return not_answered("the value after dropout (a number)")
    keep = 1.0 - rate
    expected = dropout_value(rate, activation)
    try:
        value = float(answer)
    except (TypeError, ValueError):
        return Feedback(False, f"Expected a number; received {answer!r}.")
    if matches(value, expected, decimals=3):
        return Feedback(True, f"{value:.6g}: the survivor {activation:g} divided by the keep probability "
                              f"{keep:g}. In predict the layer passes {activation:g} unchanged.")
    if matches(value, activation * keep, decimals=3):
        return Feedback(False, f"{value:.6g} multiplies by the keep probability {keep:g}; that is the old "
                               "rescaling done at prediction time. Inverted dropout divides the survivors "
                               "by the keep probability during training instead.")
    if matches(value, activation, decimals=3):
        return Feedback(False, "A surviving value is not passed on unchanged in training: it is scaled so "
                               "that its expected value stays the same.")
    if matches(value, activation / rate, decimals=3):
        return Feedback(False, f"You divided by the rate {rate:g}; divide by the probability of being kept, "
                               f"1 - rate = {keep:g}.")
    if matches(value, 0.0, decimals=3):
        return Feedback(False, "The value survives (it was not dropped): it is scaled, not zeroed.")
    if abs(value - expected) < 0.1:
        return Feedback(False, f"{value:.6g} is close, but not the quotient correctly rounded to 3 decimal "
                               "places: keep three digits after the point and round the last one.")
    direction = "too large" if value > expected else "too small"
    return Feedback(False, f"{value:.6g} is {direction}. In training, inverted dropout divides a surviving "
                           f"value by the keep probability 1 - rate; here the rate is {rate:g}.")
