"""Self-checks for the appendix "The mathematics you need".

Each function takes the learner's answer and returns a :class:`Feedback`. The
expected answers are computed here from the exercise's numbers (with the
package's own sigmoid where one is needed), never typed in.
"""
from __future__ import annotations

import numpy as np

from ..activations import Sigmoid
from ._core import Feedback, check_array, check_number, exercise, not_answered, unanswered

CHAPTER = "appendix_mathematics"

# Exercise ex-math-1: the slope of a = sigmoid(SLOPE_W x + SLOPE_B) at x = SLOPE_X (chain rule).
SLOPE_W, SLOPE_B, SLOPE_X = 3.0, -1.0, 1.0

# Exercise ex-math-2: the gradient of C(w) = (w . x + b - y)^2 at w = GRAD_W.
GRAD_X = np.array([1.5, -2.0])
GRAD_W = np.array([0.4, 0.3])
GRAD_B = 0.2
GRAD_Y = 1.0

# Exercise ex-math-3: the length of the shadow of x on the direction of w, w . x / ||w||.
PROJ_W = np.array([2.0, 1.0])
PROJ_X = np.array([1.0, 3.0])

# Exercise ex-math-4: the shape of X W + b for X of shape (n, d), W of shape (d, h), b of shape (h,).
SHAPE_N, SHAPE_D, SHAPE_H = 32, 5, 3


def _sigmoid_derivative(z: float) -> float:
    return float(Sigmoid().derivative(np.array(z)))


def chain_rule_slope() -> float:
    """da/dx = sigma'(z) * w at z = w x + b: the outer derivative times the inner one."""
    z = SLOPE_W * SLOPE_X + SLOPE_B
    return _sigmoid_derivative(z) * SLOPE_W


@exercise("ex-math-1", chapter=CHAPTER, solution=chain_rule_slope, decimals=4)
def check_chain_rule(answer) -> Feedback:
    """Ex. ex-math-1: the slope da/dx of a = sigmoid(3x - 1) at x = 1."""
    z = SLOPE_W * SLOPE_X + SLOPE_B
    sigmoid = Sigmoid()
    wrong = {
        _sigmoid_derivative(z): "That is sigma'(z) alone: the chain rule multiplies it by dz/dx = 3, "
                                "the derivative of the inner function 3x - 1.",
        _sigmoid_derivative(SLOPE_X) * SLOPE_W: "sigma' was taken at x = 1; it belongs at the inner value "
                                                "z = 3 * 1 - 1 = 2.",
        float(sigmoid(np.array(z))) * SLOPE_W: "That uses sigma(z) instead of its derivative "
                                               "sigma'(z) = sigma(z) (1 - sigma(z)).",
        float(sigmoid(np.array(z))): "That is the output a itself, not its slope.",
    }
    return check_number(answer, chain_rule_slope(), wrong=wrong, name="da/dx", decimals=4,
                        hint="Compute z = 3x - 1 at x = 1, then sigma'(z) = sigma(z)(1 - sigma(z)), then multiply by 3.")


def cost_gradient() -> np.ndarray:
    """dC/dw_j = 2 (w . x + b - y) x_j: the chain rule, once per weight."""
    residual = GRAD_W @ GRAD_X + GRAD_B - GRAD_Y
    return 2.0 * residual * GRAD_X


@exercise("ex-math-2", chapter=CHAPTER, solution=cost_gradient, decimals=3)
def check_gradient(answer) -> Feedback:
    """Ex. ex-math-2: the gradient (dC/dw1, dC/dw2) of C = (w1 x1 + w2 x2 + b - y)^2."""
    if unanswered(answer):
        return not_answered("a list of two numbers, [dC/dw1, dC/dw2]")
    expected = cost_gradient()
    try:
        value = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        value = None
    if value is not None and value.shape == expected.shape:
        hints = [(expected / 2, "Each entry is half the right size: the derivative of r^2 is 2r, keep the factor 2."),
                 (-expected, "The signs are flipped: r = w . x + b - y (prediction minus target) is negative here."),
                 (expected / GRAD_X * GRAD_X[::-1], "The inputs are swapped: dC/dw1 carries x1 and dC/dw2 carries x2.")]
        for candidate, message in hints:
            if np.allclose(value, candidate, rtol=0, atol=1e-3):
                return Feedback(False, message)
    return check_array(answer, expected, name="the gradient", decimals=3,
                       hint="With r = w1 x1 + w2 x2 + b - y, dC/dw1 = 2 r x1 and dC/dw2 = 2 r x2.")


def projection_length() -> float:
    """The signed length of the shadow of x on the direction of w: w . x / ||w||."""
    return float(PROJ_W @ PROJ_X / np.linalg.norm(PROJ_W))


@exercise("ex-math-3", chapter=CHAPTER, solution=projection_length, decimals=3)
def check_projection(answer) -> Feedback:
    """Ex. ex-math-3: the length of the projection of x = (1, 3) on the direction of w = (2, 1)."""
    dot = float(PROJ_W @ PROJ_X)
    wrong = {
        dot: "That is the dot product w . x; divide it by the length of w to get the shadow's length.",
        dot / float(PROJ_W @ PROJ_W): "That divides by ||w||^2, which gives how many copies of w fit in the "
                                      "shadow; divide by ||w|| once for its length.",
        dot / float(np.linalg.norm(PROJ_X)): "That divides by ||x||; the shadow falls on w's direction, "
                                             "so divide by ||w||.",
        float(np.linalg.norm(PROJ_X)): "That is the length of x itself, not of its shadow on w.",
    }
    return check_number(answer, projection_length(), wrong=wrong, name="the projection length", decimals=3,
                        hint="Compute w . x = w1 x1 + w2 x2 and ||w|| = sqrt(w1^2 + w2^2), then divide.")


def product_shape() -> tuple:
    """The shape of X W + b: (n, d) @ (d, h) gives (n, h), and b of shape (h,) is added to every row."""
    return (SHAPE_N, SHAPE_H)


@exercise("ex-math-4", chapter=CHAPTER, solution=product_shape)
def check_shape(answer) -> Feedback:
    """Ex. ex-math-4: the shape of X W + b for X (32, 5), W (5, 3), b (3,)."""
    if unanswered(answer):
        return not_answered("a shape such as (2, 7)")
    try:
        shape = tuple(int(v) for v in answer)
    except (TypeError, ValueError):
        return Feedback(False, f"Expected a shape, a tuple of whole numbers such as (2, 7); received {answer!r}.")
    if any(float(v) != int(v) for v in answer):
        return Feedback(False, f"Expected whole numbers in the shape; received {answer!r}.")
    expected = product_shape()
    if shape == expected:
        return Feedback(True, "(n, d) @ (d, h) gives (n, h): one row per example, one column per unit; "
                              "adding b of shape (h,) keeps that shape.")
    messages = {
        (SHAPE_H, SHAPE_N): "That is the transpose: rows are examples (batch-first), so the 32 examples come first.",
        (SHAPE_N, SHAPE_D): "That is the shape of X; the product replaces its inner size d = 5 by W's number of columns.",
        (SHAPE_D, SHAPE_H): "That is the shape of W; the product keeps X's rows.",
        (SHAPE_H,): "That is the shape of b; broadcasting stretches b to every row, not the other way round.",
    }
    return Feedback(False, messages.get(shape, f"{shape} is not it: the product of an (a, b) and a (b, c) array has "
                                               "shape (a, c), and adding b does not change it."))
