"""Self-checks for the chapter on overfitting and regularization.

Every expected answer is computed with the package itself (``nnbook.L1``,
``nnbook.L2``), so the checks follow the code's conventions: the penalty is
l2 * sum W² (no factor 1/2), its gradient 2 l2 W, and the L1 gradient l1 sign(W);
biases are not penalised; inverted dropout divides survivors by 1 - rate.
"""
from __future__ import annotations

import numpy as np

from .. import regularizers
from ._core import Feedback, check_array, check_number, not_answered, unanswered

#: the kernel and bias of the exercises' small layer
EXERCISE_W = np.array([[0.5, -1.0], [2.0, 0.0]])
EXERCISE_B = np.array([0.3, -0.4])
EXERCISE_L2 = 0.01
EXERCISE_L1 = 0.01


def check_l2_penalty(answer) -> Feedback:
    """The penalty ``L2(0.01)`` adds to the cost for the kernel ``EXERCISE_W`` (bias ``EXERCISE_B``)."""
    if unanswered(answer):
        return not_answered("the penalty (a number)")
    reg = regularizers.L2(EXERCISE_L2)
    expected = reg.penalty(EXERCISE_W)
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
    for target, hint in wrong.values():
        if np.isclose(value, target, rtol=1e-6, atol=1e-12) and not np.isclose(value, expected):
            return Feedback(False, f"penalty = {value:.6g} is not it. {hint}")
    return check_number(value, expected, rtol=1e-6, name="penalty",
                        hint="Square each of the four kernel weights, add the squares and multiply by 0.01.")


def check_l1_gradient(answer) -> Feedback:
    """The gradient ``L1(0.01)`` adds to dC/dW for the kernel ``EXERCISE_W``, an array of shape (2, 2)."""
    if unanswered(answer):
        return not_answered("a 2x2 array (the penalty's gradient)")
    reg = regularizers.L1(EXERCISE_L1)
    expected = reg.gradient(EXERCISE_W)
    try:
        value = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        return Feedback(False, f"Expected a 2x2 array of numbers; received {answer!r}.")
    if value.shape == expected.shape:
        if np.allclose(value, EXERCISE_L1 * EXERCISE_W):
            return Feedback(False, "You multiplied l1 by the weights themselves: the derivative of |w| is "
                                   "sign(w) (+1, -1, or 0 at w = 0), not w.")
        if np.allclose(value, 2 * EXERCISE_L2 * EXERCISE_W):
            return Feedback(False, "That is the L2 gradient 2 l2 W. L1's gradient is l1 sign(W): the same "
                                   "size for every non-zero weight.")
        if np.allclose(value, np.where(EXERCISE_W == 0, EXERCISE_L1, expected)) and not np.allclose(value, expected):
            return Feedback(False, "Look at the weight that is exactly 0: sign(0) = 0 in numpy (and in "
                                   "nnbook), so its penalty gradient is 0.")
    return check_array(value, expected, rtol=1e-6, name="gradient",
                       hint="Each entry is l1 * sign(w): 0.01 for positive weights, -0.01 for negative ones.")


def check_dropout_scale(answer, rate: float = 0.25, activation: float = 2.0) -> Feedback:
    """The value an inverted-dropout layer with ``rate`` passes on for a surviving ``activation`` in training."""
    if unanswered(answer):
        return not_answered("the value after dropout (a number)")
    keep = 1.0 - rate
    expected = activation / keep
    try:
        value = float(answer)
    except (TypeError, ValueError):
        return Feedback(False, f"Expected a number; received {answer!r}.")
    if np.isclose(value, activation * keep):
        return Feedback(False, f"{value:.6g} multiplies by the keep probability {keep:g}; that is the old "
                               "rescaling done at prediction time. Inverted dropout divides the survivors "
                               "by the keep probability during training instead.")
    if np.isclose(value, activation):
        return Feedback(False, "A surviving value is not passed on unchanged in training: it is scaled so "
                               "that its expected value stays the same.")
    if np.isclose(value, activation / rate):
        return Feedback(False, f"You divided by the rate {rate:g}; divide by the probability of being kept, "
                               f"1 - rate = {keep:g}.")
    if np.isclose(value, 0.0):
        return Feedback(False, "The value survives (it was not dropped): it is scaled, not zeroed.")
    return check_number(value, expected, rtol=1e-6, name="the value after dropout",
                        hint="Divide the surviving activation by 1 - rate.")
