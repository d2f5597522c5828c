"""Self-checks for chapter 3 (activation functions).

Every expected answer is computed from ``nnbook`` itself, so the checks stay
right if the package's formulas are the ones the chapter teaches.
"""
from __future__ import annotations

import numpy as np

from .. import activations
from ._core import Feedback, check_array, check_number, exercise, half_unit, matches, not_answered, unanswered

#: the weighted input of the sigmoid-slope exercise
SLOPE_Z = 2.0
#: the scores of the softmax exercise
SOFTMAX_SCORES = np.array([1.0, 2.0, 3.0])
#: the two linear layers of the "collapse" exercise: W1 (2, 3), b1 (3,), W2 (3, 1), b2 (1,)
COLLAPSE_LAYERS = (
    np.array([[1.0, -1.0, 2.0], [0.0, 3.0, 1.0]]),
    np.array([1.0, 0.0, -2.0]),
    np.array([[2.0], [1.0], [-1.0]]),
    np.array([0.5]),
)
#: the bound of the vanishing-gradient exercise
VANISH_BOUND = 1e-6
#: the precision the exercises ask for: the slope to 4 decimal places, the probabilities to 3
SLOPE_DECIMALS = 4
SOFTMAX_DECIMALS = 3
CHAPTER = "03_activation_functions"


def sigmoid_slope() -> float:
    """The exact slope g'(2) of the sigmoid, from the package."""
    return float(activations.Sigmoid().derivative(np.array([SLOPE_Z]))[0])


@exercise("ex-activation-1", chapter=CHAPTER, solution=sigmoid_slope, decimals=SLOPE_DECIMALS)
def check_sigmoid_slope(answer) -> Feedback:
    """ex-activation-1: the slope of the sigmoid at z = 2, g'(2) = g(2) (1 - g(2)), to 4 decimal places."""
    value = float(activations.Sigmoid().forward(np.array([SLOPE_Z]))[0])
    expected = sigmoid_slope()
    if not unanswered(answer) and not matches(answer, expected, decimals=SLOPE_DECIMALS):
        if matches(answer, value, decimals=SLOPE_DECIMALS):
            return Feedback(False, f"{float(answer):.4g} is g(2) itself, the height of the curve. The slope is "
                                   "g(2) (1 - g(2)).")
        if matches(answer, 0.25, decimals=SLOPE_DECIMALS):
            return Feedback(False, "0.25 is the slope at z = 0, the steepest point. At z = 2 the curve has "
                                   "started to flatten, so the slope is smaller.")
        if matches(answer, np.exp(-SLOPE_Z), decimals=SLOPE_DECIMALS):
            return Feedback(False, "e^(-2) is only the numerator of e^(-z) / (1 + e^(-z))^2: divide by "
                                   "(1 + e^(-2))^2 as well.")
        if matches(answer, value * (1 + value), decimals=SLOPE_DECIMALS):
            return Feedback(False, "Check the sign: the derivative is g(z) (1 - g(z)), not g(z) (1 + g(z)).")
    return check_number(answer, expected, name="g'(2)", decimals=SLOPE_DECIMALS,
                        hint="Compute g(2) = 1 / (1 + e^(-2)) first, then g(2) (1 - g(2)).")


def softmax_probabilities() -> np.ndarray:
    """The exact softmax of the exercise's scores, from the package."""
    return activations.Softmax().forward(SOFTMAX_SCORES[None, :])[0]


def _rounded_match(value, target) -> bool:
    """Whether every entry of ``value`` is ``target`` correctly rounded to the exercise's decimals."""
    return bool(np.all(np.abs(value - target) <= half_unit(target, decimals=SOFTMAX_DECIMALS)))


@exercise("ex-activation-2", chapter=CHAPTER, solution=softmax_probabilities, decimals=SOFTMAX_DECIMALS)
def check_softmax(answer) -> Feedback:
    """ex-activation-2: the softmax probabilities of the scores (1, 2, 3), each to 3 decimal places."""
    expected = softmax_probabilities()
    if not unanswered(answer):
        try:
            value = np.asarray(answer, dtype=float).ravel()
        except (TypeError, ValueError):
            value = None
        if value is not None and value.shape == expected.shape and not _rounded_match(value, expected):
            if _rounded_match(value, SOFTMAX_SCORES / SOFTMAX_SCORES.sum()):
                return Feedback(False, "You divided the scores by their sum. Softmax divides the "
                                       "exponentials e^(z_k) by the sum of the exponentials.")
            if _rounded_match(value, np.exp(SOFTMAX_SCORES)):
                return Feedback(False, "These are the exponentials e^(z_k); divide each by their sum so that "
                                       "the three numbers add up to 1.")
            if _rounded_match(value, expected[::-1]):
                return Feedback(False, "Right numbers, wrong order: the largest score (3) gets the largest "
                                       "probability, in the last position.")
    return check_array(answer, expected, name="softmax(1, 2, 3)", decimals=SOFTMAX_DECIMALS,
                       hint="The three probabilities must be positive and sum to 1.")


def collapsed_layer():
    """The single linear layer (W, b) equal to the exercise's two linear layers."""
    W1, b1, W2, b2 = COLLAPSE_LAYERS
    return W1 @ W2, b1 @ W2 + b2


@exercise("ex-activation-3", chapter=CHAPTER, solution=collapsed_layer)
def check_collapsed_layer(answer) -> Feedback:
    """ex-activation-3: the one linear layer, given as the pair ``(W, b)``, that computes what the
    exercise's two linear layers compute. The exact answer has whole and half numbers only."""
    if unanswered(answer) or not isinstance(answer, (tuple, list)) or len(answer) != 2 \
            or unanswered(answer[0]) or unanswered(answer[1]):
        if not unanswered(answer) and (not isinstance(answer, (tuple, list)) or len(answer) != 2):
            return Feedback(False, f"Expected the pair (W, b); received {answer!r}. "
                                   "Call check_collapsed_layer((W_answer, b_answer)).")
        return not_answered("your W (shape (2, 1)) and your b (shape (1,))")
    W, b = answer
    W1, b1, W2, b2 = COLLAPSE_LAYERS
    W_expected, b_expected = collapsed_layer()
    fb = check_array(W, W_expected, name="W",
                     hint="W = W1 W2: a (2, 3) matrix times a (3, 1) matrix gives (2, 1). "
                          "The order matters: X W1 comes first, then that result times W2.")
    if not fb.correct:
        return fb
    b_value = np.asarray(b, dtype=float).ravel()
    if b_value.shape == b_expected.shape:
        if np.allclose(b_value, b2):
            return Feedback(False, "W is right. For b you kept only b2: the first layer's bias b1 also passes "
                                   "through W2, so b = b1 W2 + b2.")
        if np.allclose(b_value, b1 @ W2):
            return Feedback(False, "W is right. b1 W2 is the first part of b; add the second layer's bias b2.")
        if np.allclose(b_value, b1.sum() + b2):
            return Feedback(False, "W is right. Adding the biases is not enough: b1 is multiplied by W2 on its "
                                   "way through the second layer, so b = b1 W2 + b2.")
    fb = check_array(b_value if b_value.size == b_expected.size else b, b_expected, name="b",
                     hint="b = b1 W2 + b2, a row vector of shape (1,).")
    if fb.correct:
        return Feedback(True, "W = W1 W2 and b = b1 W2 + b2: the two linear layers are one linear layer.")
    return fb


def vanishing_depth(bound: float = VANISH_BOUND) -> int:
    """The fewest sigmoid layers whose best-case product of slopes falls below ``bound``."""
    best = float(activations.Sigmoid().derivative(np.array([0.0]))[0])  # the largest slope, at z = 0
    depth = 1
    while best ** depth >= bound:
        depth += 1
    return depth


@exercise("ex-activation-4", chapter=CHAPTER, solution=vanishing_depth)
def check_vanishing_depth(answer) -> Feedback:
    """ex-activation-4: the fewest sigmoid layers after which even the best-case gradient factor is below 1e-6
    (a whole number)."""
    expected = vanishing_depth()
    if not unanswered(answer):
        if matches(answer, expected - 1):
            return Feedback(False, f"0.25^{expected - 1} = {0.25 ** (expected - 1):.2e} is still above 1e-6; "
                                   "one more layer is needed.")
        ratio = np.log(VANISH_BOUND) / np.log(0.25)
        if matches(answer, ratio, rtol=1e-2) and not matches(answer, expected):
            return Feedback(False, f"log(1e-6) / log(0.25) = {ratio:.2f} is not a whole number of layers: "
                                   "round it up to the next integer.")
    return check_number(answer, expected, rtol=0, atol=1e-9, name="the number of layers",
                        hint="Each layer multiplies the gradient by at most 0.25: find the smallest number of layers "
                             "D with 0.25^D < 1e-6 (take logarithms).")
