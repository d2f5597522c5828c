"""Self-checks for chapter 1 (the neuron).

Each function takes the learner's answer and returns a :class:`Feedback`. The
expected answers are computed here from the exercise's numbers with the
package itself, never typed in.
"""
from __future__ import annotations

import numpy as np

from ..activations import Sigmoid
from ..layers import Dense
from ..model import Sequential
from ._core import Feedback, check_choice, check_number, exercise

# Exercise ex-neuron-1: one sigmoid neuron with two inputs.
OUTPUT_X = np.array([1.0, 2.0])
OUTPUT_W = np.array([0.5, -1.0])
OUTPUT_B = 0.3

# Exercise ex-neuron-2: where the decision line w1 x1 + w2 x2 + b = 0 crosses x1 = LINE_X1.
LINE_W = np.array([2.0, -1.0])
LINE_B = 1.0
LINE_X1 = 1.0


def neuron_output() -> float:
    """The output of the exercise's sigmoid neuron, computed by an nnbook model."""
    model = Sequential([Dense(1, activation="sigmoid", input_shape=(2,))], seed=0)
    model.set_weights([OUTPUT_W.reshape(2, 1), np.array([OUTPUT_B])])
    return float(model.predict(OUTPUT_X.reshape(1, 2))[0, 0])


@exercise("ex-neuron-1", chapter="01_neuron", solution=neuron_output, decimals=3)
def check_neuron_output(answer) -> Feedback:
    """Ex. ex-neuron-1: the output a of a sigmoid neuron with x = (1, 2), w = (0.5, -1), b = 0.3."""
    z = float(OUTPUT_X @ OUTPUT_W + OUTPUT_B)
    sigmoid = Sigmoid()
    wrong = {
        z: "That is the weighted input z; the neuron's output is the activation a = sigmoid(z).",
        float(sigmoid(np.array(OUTPUT_X @ OUTPUT_W))):
            "It looks like the bias was left out: z = w1 x1 + w2 x2 + b includes b = 0.3.",
        float(sigmoid(np.array(-z))):
            "That is sigmoid(-z): check the sign of w2 x2 = (-1.0)(2.0) and the sign in sigmoid(z) = 1 / (1 + exp(-z)).",
        float(OUTPUT_X @ OUTPUT_W):
            "That is w . x alone: add the bias to get z, then apply the sigmoid.",
    }
    return check_number(answer, neuron_output(), wrong=wrong, name="a", decimals=3,
                        hint="Compute z = w1 x1 + w2 x2 + b first, then a = 1 / (1 + exp(-z)).")


def decision_line_x2() -> float:
    """Where the exercise's decision line w1 x1 + w2 x2 + b = 0 crosses x1 = LINE_X1."""
    w1, w2 = LINE_W
    return float(-(w1 * LINE_X1 + LINE_B) / w2)


@exercise("ex-neuron-2", chapter="01_neuron", solution=decision_line_x2)
def check_decision_line(answer) -> Feedback:
    """Ex. ex-neuron-2: the x2 where the line 2 x1 - x2 + 1 = 0 crosses x1 = 1."""
    w1, w2 = LINE_W
    expected = decision_line_x2()
    wrong = {
        -expected: "The sign is off: solve w1 x1 + w2 x2 + b = 0 for x2, which gives x2 = -(w1 x1 + b) / w2, "
                   "and remember that w2 is negative here.",
        -(w1 * LINE_X1) / w2: "The bias is missing: the line is w1 x1 + w2 x2 + b = 0 with b = 1.",
        -(LINE_B) / w2: "That is where the line crosses x1 = 0; the exercise asks about x1 = 1.",
    }
    # The answer is a whole number, so only floating-point noise is tolerated.
    return check_number(answer, expected, wrong=wrong, name="x2", rtol=0, atol=1e-6,
                        hint="Set z = 0 and solve for x2: x2 = -(w1 x1 + b) / w2.")


FLIP_OPTIONS = ("a", "b", "c", "d")
FLIP_EXPLANATIONS = {
    "a": "Negating b alone moves the line: it is now w1 x1 + w2 x2 - b = 0, a parallel line on the "
         "other side of the origin (unless b was 0).",
    "b": "Right: z becomes -z at every point, so the line z = 0 stays where it was, and sigmoid(-z) = "
         "1 - sigmoid(z) swaps the sides where a is above and below 0.5.",
    "c": "Doubling every parameter doubles z: the line stays, and the same side stays class 1. Only the "
         "transition from 0 to 1 across the line becomes sharper.",
    "d": "Negating w1 and w2 but not b gives -w1 x1 - w2 x2 + b = 0, which is the line "
         "w1 x1 + w2 x2 - b = 0: a different line unless b = 0.",
}


@exercise("ex-neuron-3", chapter="01_neuron", solution=lambda: "b")
def check_flip(answer) -> Feedback:
    """Ex. ex-neuron-3: which change keeps the decision line but swaps the two sides?"""
    return check_choice(answer, "b", FLIP_OPTIONS, name="the change", explanations=FLIP_EXPLANATIONS)


# Exercise ex-neuron-6: the weighted input z of a sigmoid neuron whose output is LOGODDS_P.
LOGODDS_P = 0.8


def log_odds() -> float:
    """z = ln(p / (1 - p)), the inverse of p = sigmoid(z)."""
    return float(np.log(LOGODDS_P / (1 - LOGODDS_P)))


@exercise("ex-neuron-6", chapter="01_neuron", solution=log_odds, decimals=3)
def check_log_odds(answer) -> Feedback:
    """Ex. ex-neuron-6: the weighted input z of a sigmoid neuron that outputs a = 0.8."""
    p = LOGODDS_P
    wrong = {
        p / (1 - p): "Those are the odds p / (1 - p); z is their natural logarithm.",
        float(np.log(p)): "That is ln(p); z is the logarithm of the odds, ln(p / (1 - p)).",
        -log_odds(): "The sign is off: a = 0.8 is above 0.5, so z is positive; z = ln(p / (1 - p)), not ln((1 - p) / p).",
        float(np.log10(p / (1 - p))): "That is the base-10 logarithm; the sigmoid's inverse uses the natural logarithm ln.",
    }
    return check_number(answer, log_odds(), wrong=wrong, name="z", decimals=3,
                        hint="Solve a = 1 / (1 + exp(-z)) for z: z = ln(a / (1 - a)).")
