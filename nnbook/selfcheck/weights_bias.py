"""Self-checks for chapter 2 (weights and bias).

Each function takes the learner's answer and returns a :class:`Feedback`. The
expected answers are computed here, from the exercise's numbers, with the
package itself.
"""
from __future__ import annotations

import numpy as np

from .. import activations
from ..layers import Dense
from ..model import Sequential
from ._core import Feedback, check_array, check_number, exercise, half_unit, not_answered, unanswered

# ex-wb-1: a sigmoid neuron with one input
CROSS_W, CROSS_B = -2.0, 3.0

# ex-wb-2: a tanh neuron with two inputs, fed the input (0, 0)
ZERO_W = np.array([3.0, -2.0])
ZERO_B = 0.5

# ex-wb-3: the network whose parameters are counted
COUNT_INPUTS = 20
COUNT_UNITS = (32, 16, 1)

# ex-wb-4: a sigmoid neuron with output P_LOW at X_LOW and P_HIGH at X_HIGH
X_LOW, P_LOW = 1.0, 0.1
X_HIGH, P_HIGH = 3.0, 0.9

#: the precision the exercises ask for: ex-wb-2's output to 3 decimal places, ex-wb-4's [w, b] to 2
ZERO_DECIMALS = 3
DESIGN_DECIMALS = 2


def _close(a, b, rtol=1e-3, atol=1e-6) -> bool:
    return bool(np.allclose(np.asarray(a, float), np.asarray(b, float), rtol=rtol, atol=atol))


def _single_neuron(w, b, activation):
    w = np.atleast_1d(np.asarray(w, dtype=float))
    model = Sequential([Dense(1, activation=activation, input_shape=(len(w),))], seed=0)
    model.set_weights([w.reshape(-1, 1), np.array([float(b)])])
    return model


def crossing_point() -> float:
    """Where the exercise's sigmoid neuron outputs exactly 0.5, found from the model's own output
    (a root of a(x) - 0.5 by bisection), not from the formula -b/w."""
    model = _single_neuron(CROSS_W, CROSS_B, "sigmoid")
    f = lambda x: float(model.predict(np.array([[x]]))[0, 0]) - 0.5  # noqa: E731
    lo, hi = -100.0, 100.0
    for _ in range(100):
        mid = 0.5 * (lo + hi)
        if (f(lo) < 0) == (f(mid) < 0):
            lo = mid
        else:
            hi = mid
    return 0.5 * (lo + hi)


@exercise("ex-wb-1", chapter="02_weights_and_bias", solution=crossing_point)
def check_crossing(answer) -> Feedback:
    """ex-wb-1: the input x at which a = sigmoid(-2 x + 3) equals 0.5."""
    expected = crossing_point()
    wrong = {
        -expected: "The sign is off. Solve z = w x + b = 0: x = -b/w, and here both the minus sign and the "
                   "negative weight matter.",
        CROSS_B: "That is the bias itself. The output is 0.5 where z = 0, that is where w x = -b.",
        -CROSS_B * CROSS_W: "Divide by w rather than multiply: w x + b = 0 gives x = -b/w.",
        -CROSS_W / CROSS_B: "That is -w/b, the fraction upside down: w x + b = 0 gives x = -b/w.",
    }
    # The answer is exact (a half number), so only floating-point noise is tolerated.
    return check_number(answer, expected, wrong=wrong, name="x", rtol=0, atol=1e-6,
                        hint="The sigmoid equals 0.5 exactly where z = w x + b = 0.")


def zero_input_output() -> float:
    """The exercise's tanh neuron evaluated at x = (0, 0) by an nnbook model."""
    return float(_single_neuron(ZERO_W, ZERO_B, "tanh").predict(np.zeros((1, len(ZERO_W))))[0, 0])


@exercise("ex-wb-2", chapter="02_weights_and_bias", solution=zero_input_output, decimals=ZERO_DECIMALS)
def check_zero_input(answer) -> Feedback:
    """ex-wb-2: the output of a tanh neuron, w = (3, -2), b = 0.5, for the input (0, 0)."""
    sigmoid = activations.Sigmoid()
    wrong = {
        0.0: "With every input zero the weights contribute nothing, but the bias still does: z = b, not 0.",
        ZERO_B: "That is z = b. The output is the activation of it, a = tanh(z).",
        float(sigmoid(np.array(ZERO_B))): "That is sigmoid(b); this neuron's activation is tanh.",
    }
    return check_number(answer, zero_input_output(), wrong=wrong, name="a", decimals=ZERO_DECIMALS,
                        hint="For x = (0, 0), z = w1*0 + w2*0 + b = b, and a = tanh(z).")


def count_model() -> Sequential:
    """The network of ex-wb-3, built so that its parameters exist."""
    layers = [Dense(COUNT_UNITS[0], activation="relu", input_shape=(COUNT_INPUTS,))]
    layers += [Dense(h, activation="relu") for h in COUNT_UNITS[1:-1]]
    layers.append(Dense(COUNT_UNITS[-1], activation="sigmoid"))
    return Sequential(layers, seed=0)


def param_count() -> int:
    """The number of trainable parameters of ex-wb-3's network, counted by nnbook."""
    return count_model().count_params()


@exercise("ex-wb-3", chapter="02_weights_and_bias", solution=param_count)
def check_param_count(answer) -> Feedback:
    """ex-wb-3: the number of trainable parameters of Dense(32) -> Dense(16) -> Dense(1) on 20 inputs."""
    expected = param_count()
    sizes = (COUNT_INPUTS,) + COUNT_UNITS
    weights_only = sum(d * h for d, h in zip(sizes[:-1], sizes[1:]))
    one_bias_per_layer = weights_only + len(COUNT_UNITS)
    biases_only = sum(COUNT_UNITS)
    wrong = {
        weights_only: "That counts the weights only. Every unit also has its own bias: a layer of h units on "
                      "d inputs has d*h + h parameters.",
        one_bias_per_layer: "Each layer has one bias per unit, not one per layer: d*h + h, not d*h + 1.",
        biases_only: "That counts only the biases; add the d*h weights of each layer.",
    }
    if unanswered(answer):
        return not_answered("the number of parameters")
    return check_number(answer, expected, wrong=wrong, name="the number of parameters", rtol=0, hint=(
        "Count each layer separately: (inputs of the layer) x (units) weights plus (units) biases; "
        "the inputs of a layer are the units of the layer before it."))


def design_neuron() -> np.ndarray:
    """(w, b) of the sigmoid neuron with output P_LOW at X_LOW and P_HIGH at X_HIGH: the weighted input
    must be logit(p) at each point, a straight line through two points."""
    def logit(p):
        return np.log(p / (1.0 - p))
    A = np.array([[X_LOW, 1.0], [X_HIGH, 1.0]])
    w, b = np.linalg.solve(A, [logit(P_LOW), logit(P_HIGH)])
    return np.array([w, b])


@exercise("ex-wb-4", chapter="02_weights_and_bias", solution=design_neuron, decimals=DESIGN_DECIMALS)
def check_design(answer) -> Feedback:
    """ex-wb-4: weights [w, b], to 2 decimal places, such that sigmoid(w x + b) is 0.1 at x = 1 and 0.9 at x = 3.

    Accepted: every [w, b] within half a unit of the second decimal of the exact (ln 9, -2 ln 9),
    and any other pair whose neuron gives outputs within 0.002 of 0.1 and 0.9 (a correctly rounded
    pair is off by at most 0.0018 there; a pair off by 1.5 units in the last digit of both entries,
    by 0.0027).
    """
    expected = design_neuron()
    if unanswered(answer):
        return not_answered("a list [w, b]")
    try:
        value = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        value = None
    if value is not None and value.shape == (2,):
        # the definitive test: does this neuron give the two required outputs?
        outputs = _single_neuron(value[0], value[1], "sigmoid").predict(np.array([[X_LOW], [X_HIGH]]))[:, 0]
        rounded_ok = bool(np.all(np.abs(value - expected) <= half_unit(expected, decimals=DESIGN_DECIMALS)))
        if rounded_ok or _close(outputs, [P_LOW, P_HIGH], rtol=0, atol=2e-3):
            return Feedback(True, f"w = {value[0]:.4g}, b = {value[1]:.4g}: the neuron outputs "
                                  f"{outputs[0]:.3f} at x = {X_LOW:g} and {outputs[1]:.3f} at x = {X_HIGH:g}.")
        no_logit = np.linalg.solve([[X_LOW, 1.0], [X_HIGH, 1.0]], [P_LOW, P_HIGH])
        if _close(value, no_logit):
            return Feedback(False, "Those (w, b) make z, not a, equal to 0.1 and 0.9. First find the z "
                                   "that gives each output: z = ln(a / (1 - a)).")
        if _close(value, [expected[0], -expected[1]]):
            return Feedback(False, "Check the sign of b: the output must be below 0.5 at x = 1, so z must "
                                   "be negative there.")
        if _close(value, -expected):
            return Feedback(False, "Both signs are flipped: this neuron falls from 0.9 to 0.1. The output "
                                   "rises with x, so w must be positive.")
    return check_array(answer, expected, name="[w, b]", decimals=DESIGN_DECIMALS, hint=(
        "The output is 0.5 halfway between the two points, so -b/w = 2; and sigmoid(z) = 0.9 needs "
        "z = ln 9."))
