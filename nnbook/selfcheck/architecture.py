"""Self-checks for chapter 4 (layers and architecture).

The expected answers are computed by building the networks with ``nnbook``.
"""
from __future__ import annotations

import numpy as np

from ..datasets import make_xor
from ..layers import Dense
from ..model import Sequential
from ..widgets.approximation import hinge_network, max_error
from ..widgets.architecture import LIMIT
from ._core import Feedback, check_number, exercise, not_answered, unanswered

#: the layer sizes of the parameter-counting exercise: 64 inputs, hidden layers of 32 and 16, 10 outputs
COUNT_SIZES = (64, 32, 16, 10)
#: the network of the shape exercise: Dense(5, input_shape=(3,)), Dense(4), Dense(1)
SHAPE_SIZES = (3, 5, 4, 1)
#: a second XOR solution (ex-architecture-3): hidden unit 1 is OR, hidden unit 2 is AND, the output is
#: "h1 AND NOT h2". Its numbers lie on the explorer's sliders (-10 to 10 in steps of 0.5).
XOR_SOLUTION = (
    np.array([[6.0, 6.0], [6.0, 6.0]]),
    np.array([-3.0, -9.0]),
    np.array([[6.0], [-6.0]]),
    np.array([-3.0]),
)
CHAPTER = "04_layers_and_architecture"


def _network(sizes, activation="relu") -> Sequential:
    layers = [Dense(units, activation=activation) for units in sizes[1:-1]] + [Dense(sizes[-1])]
    model = Sequential(layers, seed=0)
    model.build(sizes[0])
    return model


def _is(answer, value) -> bool:
    try:
        return bool(np.isclose(float(answer), value))
    except (TypeError, ValueError):
        return False


def param_count() -> int:
    """The number of trainable parameters of the 64-32-16-10 network, counted by nnbook."""
    return _network(COUNT_SIZES).count_params()


@exercise("ex-architecture-1", chapter=CHAPTER, solution=param_count)
def check_param_count(answer) -> Feedback:
    """ex-architecture-1: the number of trainable parameters of a 64-32-16-10 fully connected network
    (a whole number)."""
    expected = param_count()
    sizes = COUNT_SIZES
    weights_only = sum(a * b for a, b in zip(sizes[:-1], sizes[1:]))
    if not unanswered(answer):
        if _is(answer, weights_only):
            return Feedback(False, f"{weights_only} counts the weights only. Every unit also has a bias: add "
                                   f"{sum(sizes[1:])} more.")
        if _is(answer, expected + sizes[0]):
            return Feedback(False, "The input layer has no bias (it has no units that compute anything); "
                                   "only the hidden and output units do.")
        if _is(answer, sum(sizes)) or _is(answer, sum(sizes[1:])):
            return Feedback(False, "That is a number of units (neurons), not of parameters. Count one weight "
                                   "per connection plus one bias per computing unit.")
    return check_number(answer, expected, rtol=0, atol=0.5, name="the number of parameters",
                        hint="Per dense layer with d inputs and h units: (d + 1) * h, i.e. d * h weights plus "
                             "h biases. Add the three layers.")


def weight_shape() -> tuple:
    """The shape of W2 in the exercise's network, read from an nnbook model."""
    return tuple(_network(SHAPE_SIZES).get_weights()[2].shape)


@exercise("ex-architecture-2", chapter=CHAPTER, solution=weight_shape)
def check_weight_shape(answer) -> Feedback:
    """ex-architecture-2: the shape of W2 in Sequential([Dense(5, input_shape=(3,)), Dense(4), Dense(1)])."""
    expected = weight_shape()
    if unanswered(answer):
        return not_answered("a shape such as (2, 7)")
    try:
        shape = tuple(int(v) for v in answer)
    except (TypeError, ValueError):
        return Feedback(False, f"Expected a shape, a tuple of two integers such as (2, 7); received {answer!r}.")
    if shape == expected:
        return Feedback(True, f"W2 has shape {expected}: one row per input of the layer (the 5 units of "
                              f"layer 1), one column per unit of layer 2.")
    if shape == expected[::-1]:
        return Feedback(False, f"{shape} is transposed. nnbook computes Z = X W + b with X of shape "
                               "(n, d): n examples of d inputs each, so W has one ROW per input and one COLUMN per unit.")
    if shape == (SHAPE_SIZES[0], SHAPE_SIZES[1]):
        return Feedback(False, f"{shape} is the shape of W1 (3 inputs to 5 units). W2 connects the 5 units of "
                               "the first layer to the 4 units of the second.")
    return Feedback(False, f"{shape} is not it. W2 belongs to the second Dense layer: how many inputs does it "
                           "receive, and how many units does it have?")


#: the logic functions a unit can compute on the XOR points (0, 0), (0, 1), (1, 0), (1, 1), by truth table
TRUTH_TABLES = {(0, 1, 1, 1): "OR", (0, 0, 0, 1): "AND", (1, 1, 1, 0): "NAND", (1, 0, 0, 0): "NOR",
                (0, 1, 1, 0): "XOR", (1, 0, 0, 1): "XNOR", (0, 0, 1, 0): "x1 AND NOT x2",
                (0, 1, 0, 0): "x2 AND NOT x1", (1, 0, 1, 1): "x1 OR NOT x2", (1, 1, 0, 1): "x2 OR NOT x1",
                (0, 0, 1, 1): "x1", (0, 1, 0, 1): "x2", (1, 1, 0, 0): "NOT x1", (1, 0, 1, 0): "NOT x2",
                (0, 0, 0, 0): "always off", (1, 1, 1, 1): "always on"}


def _truth_table(on) -> str:
    return TRUTH_TABLES[tuple(int(v) for v in on)]


@exercise("ex-architecture-3", chapter=CHAPTER, solution=lambda: [w.copy() for w in XOR_SOLUTION])
def check_xor_network(weights) -> Feedback:
    """ex-architecture-3: do the weights ``[W1, b1, W2, b2]`` (the list ``set_weights`` takes) make
    Sequential([Dense(2, 'sigmoid'), Dense(1, 'sigmoid')]) compute XOR the way the exercise asks?

    Any numbers are accepted that classify the four XOR points correctly with hidden unit 1 computing
    OR and hidden unit 2 computing AND (a unit is "on" where its output is at least 0.5), every number
    within the explorer's sliders, -10 to 10. The chapter's first solution (hidden unit 2 computing
    NAND) is recognised and sent back with that explanation.
    """
    def missing(v):
        return unanswered(v) or (isinstance(v, (list, tuple)) and len(v) == 4 and any(unanswered(u) for u in v))
    if missing(weights):
        return not_answered("the list [W1, b1, W2, b2]: W1 (2, 2), b1 (2,), W2 (2, 1) and b2 (1,)")
    if not isinstance(weights, (list, tuple)) or len(weights) != 4:
        return Feedback(False, f"Expected the list [W1, b1, W2, b2] of four arrays; received {weights!r}.")
    model = Sequential([Dense(2, activation="sigmoid"), Dense(1, activation="sigmoid")], seed=0)
    model.build(2)
    try:
        arrays = [np.asarray(w, dtype=float) for w in weights]
        model.set_weights(arrays)
    except (ValueError, TypeError) as error:
        return Feedback(False, f"These weights do not fit a 2-2-1 network: {error}")
    X, y = make_xor(4, noise=0)
    steps = model.forward_steps(X)
    p = steps[1]["a"].ravel()
    wrong = [f"({int(a)}, {int(b)}) -> p = {pi:.2f}" for (a, b), pi, t in zip(X, p, y) if (pi >= 0.5) != t]
    if wrong:
        return Feedback(False, f"{4 - len(wrong)} of 4 points right; wrong: {'; '.join(wrong)}. Check each hidden "
                               "unit on its own first: which of the four points turn it on (h > 0.5)?")
    roles = [_truth_table(steps[0]["a"][:, u] >= 0.5) for u in range(2)]
    if roles != ["OR", "AND"]:
        first = " This is the chapter's first solution." if roles == ["OR", "NAND"] else ""
        return Feedback(False, f"Your network computes XOR, but its hidden units compute {roles[0]} and "
                               f"{roles[1]}.{first} The exercise asks for hidden unit 1 = OR and hidden "
                               "unit 2 = AND, with the output computing h1 AND NOT h2.")
    largest = max(float(np.abs(a).max()) for a in arrays)
    if largest > LIMIT:
        return Feedback(False, f"Your network computes XOR with OR and AND hidden units, but it uses a number "
                               f"of size {largest:g}, off the explorer's sliders. Scale the numbers down to "
                               f"lie within -{LIMIT:g} to {LIMIT:g} and check that it still works.")
    return Feedback(True, "All four XOR points are classified correctly, with hidden unit 1 computing OR and "
                          "hidden unit 2 AND: outputs " + ", ".join(f"{v:.2f}" for v in p) + ".")


#: ex-architecture-6: the largest error allowed for hinge_network(np.sin, h) on [0, 2π]
APPROX_TOLERANCE = 0.01


def units_for_error() -> int:
    """The smallest h for which the hinge network of sin on [0, 2π] stays within APPROX_TOLERANCE,
    measured with ``max_error`` (the search stops at 10,000 units, far beyond the answer)."""
    for h in range(1, 10_001):
        if max_error(hinge_network(np.sin, h), np.sin) < APPROX_TOLERANCE:
            return h
    raise RuntimeError("no h up to 10,000 reaches the tolerance; the construction is broken.")


@exercise("ex-architecture-6", chapter=CHAPTER, solution=units_for_error)
def check_units_for_error(answer) -> Feedback:
    """ex-architecture-6: the smallest number of hidden units h for which hinge_network(np.sin, h) has a
    maximum error below 0.01 on [0, 2π] (a whole number)."""
    expected = units_for_error()
    if unanswered(answer):
        return not_answered("a whole number of hidden units, such as 10")
    try:
        value = float(answer)
    except (TypeError, ValueError):
        return Feedback(False, f"Expected a whole number of hidden units; received {answer!r}.")
    if value != round(value):
        return Feedback(False, f"{value:g} is not a whole number: a network has a whole number of units. The "
                               "bound gives a fraction; the smallest h that satisfies it is the next whole number up.")
    h = int(round(value))
    if h < 1:
        return Feedback(False, f"Expected at least 1 hidden unit; received {h}.")
    if h > 10 * expected:
        return Feedback(False, f"{h} units are far more than needed. Start from the bound's estimate and "
                               "measure the errors near it.")
    error = max_error(hinge_network(np.sin, h), np.sin)
    if h == expected:
        return Feedback(True, f"With {h} units the maximum error is {error:.4f}, and with {h - 1} it is "
                              f"{max_error(hinge_network(np.sin, h - 1), np.sin):.4f}: {h} is the smallest.")
    if h < expected:
        return Feedback(False, f"With {h} units the maximum error is {error:.4f}, not below "
                               f"{APPROX_TOLERANCE:g}. Measure it with max_error(hinge_network(np.sin, h), np.sin) "
                               "and increase h.")
    return Feedback(False, f"{h} units are enough (error {error:.4f}), but fewer are too. The exercise asks "
                           "for the smallest h: measure the errors just below your answer.")
