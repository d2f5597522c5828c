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


#: the weighted input of the SiLU-slope exercise, and the precision it asks for
SILU_Z = 1.0
SILU_DECIMALS = 4


def silu_slope() -> float:
    """The exact slope of SiLU at z = 1, g'(1) = sigma(1) (1 + 1 (1 - sigma(1))), from the package."""
    return float(activations.SiLU().derivative(np.array([SILU_Z]))[0])


@exercise("ex-activation-6", chapter=CHAPTER, solution=silu_slope, decimals=SILU_DECIMALS)
def check_silu_slope(answer) -> Feedback:
    """ex-activation-6: the slope of SiLU (swish) at z = 1, to 4 decimal places."""
    s = float(activations.Sigmoid().forward(np.array([SILU_Z]))[0])
    return check_number(
        answer, silu_slope(), name="SiLU'(1)", decimals=SILU_DECIMALS,
        wrong={s: "That is sigma(1), which is also SiLU(1) = 1 * sigma(1), the height of the curve. "
                  "The slope is sigma(z) (1 + z (1 - sigma(z))).",
               s * (1 - s): "That is the sigmoid's own slope sigma'(1). SiLU is z sigma(z): by the product rule "
                            "its slope is sigma(z) + z sigma'(z).",
               1.0: "1 is ReLU's slope for z > 0. SiLU's slope just right of zero is not exactly 1: "
                    "compute sigma(1) (1 + 1 (1 - sigma(1))).",
               s * (1 + s): "Check the bracket: it is 1 + z (1 - sigma(z)), not 1 + sigma(z)."},
        hint="With sigma(1) = 0.7311: g'(1) = sigma(1) (1 + 1 (1 - sigma(1))).")


#: the growth exercise: weights of variance GROWTH_VARIANCE / d in a stack of GROWTH_LAYERS ReLU layers
GROWTH_VARIANCE = 3.0
GROWTH_LAYERS = 20
GROWTH_SIG = 3


def rms_growth() -> float:
    """The factor by which the root mean square of the activations grows through the exercise's stack.

    Each ReLU layer keeps half the second moment of its weighted inputs, E[relu(z)^2] = E[z^2] / 2, and
    a layer with d inputs and weights of variance v/d gives E[z^2] = d (v/d) E[a^2] = v E[a^2]: so the
    second moment is multiplied by v/2 per layer and its square root by sqrt(v/2)."""
    return float(np.sqrt(GROWTH_VARIANCE / 2.0) ** GROWTH_LAYERS)


@exercise("ex-activation-7", chapter=CHAPTER, solution=rms_growth, sig=GROWTH_SIG)
def check_rms_growth(answer) -> Feedback:
    """ex-activation-7: the growth of the activations' root mean square through 20 ReLU layers whose
    weights have variance 3/d instead of He's 2/d, to 3 significant figures."""
    per_layer = GROWTH_VARIANCE / 2.0
    return check_number(
        answer, rms_growth(), name="the growth factor", sig=GROWTH_SIG,
        wrong={per_layer ** GROWTH_LAYERS: "That is the growth of the second moment E[a^2]. The root mean square "
                                           "is its square root: take the square root of the per-layer factor.",
               np.sqrt(per_layer) ** (GROWTH_LAYERS - 1): "That counts 19 layers; each of the 20 layers "
                                                           "multiplies the second moment once.",
               (GROWTH_VARIANCE / 1.0) ** (GROWTH_LAYERS / 2): "You left out ReLU's halving: a ReLU layer keeps "
                                                                 "only half the second moment of its weighted inputs.",
               per_layer * GROWTH_LAYERS: "The factors multiply from layer to layer; they do not add up."},
        hint="Per layer: E[z^2] = d Var(w) E[a^2] and ReLU halves it. Find the factor for E[a^2], take its "
             "square root for the root mean square, and raise it to the number of layers.")
