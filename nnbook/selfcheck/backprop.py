"""Self-checks for chapter 7 (backpropagation).

Every expected value is computed with nnbook itself (a model, ``set_weights``,
``compute_gradients``), so the checks stay right if the chapter's numbers change.
Numeric answers are accepted at the precision the exercise states (``decimals=``).
"""
from __future__ import annotations

import re

import numpy as np

from ..gradient_check import relative_error
from ..layers import Dense
from ..model import Sequential
from ._core import check_choice, check_number, exercise, Feedback, not_answered, unanswered

#: exercise ex-backprop-1: one sigmoid neuron with a squared-error loss
NEURON_EXERCISE = {"x": 1.5, "w": -0.5, "b": 0.5, "y": 0.0}
NEURON_DECIMALS = 3
#: exercise ex-backprop-3: the batch size n whose 1/n was forgotten
FORGOTTEN_MEAN_BATCH = 4
FORGOTTEN_MEAN_DECIMALS = 2


def _neuron_numbers(x, w, b, y):
    model = Sequential([Dense(1, activation="sigmoid", input_shape=(1,))], seed=0)
    model.compile(loss="mse")
    model.set_weights([np.array([[w]]), np.array([b])])
    dW, db = model.compute_gradients(np.array([[x]]), np.array([y]))
    a = float(model.predict(np.array([[x]]))[0, 0])
    return {"dL/dw": float(dW[0, 0]), "dL/db": float(db[0]), "a": a}


def neuron_gradient() -> float:
    """dL/dw of the exercise's neuron, computed by an nnbook model."""
    return _neuron_numbers(**NEURON_EXERCISE)["dL/dw"]


@exercise("ex-backprop-1", chapter="07_backpropagation", solution=neuron_gradient, decimals=NEURON_DECIMALS)
def check_neuron_gradient(answer) -> Feedback:
    """Ex. ex-backprop-1: dL/dw for one sigmoid neuron, x = 1.5, w = -0.5, b = 0.5, y = 0, L = (a - y)² (3 decimals)."""
    if unanswered(answer):
        return not_answered("your value of dL/dw")
    p = NEURON_EXERCISE
    n = _neuron_numbers(**p)
    a, y, x = n["a"], p["y"], p["x"]
    dL_da = 2 * (a - y)
    slope = a * (1 - a)
    wrong = {
        n["dL/dw"] / 2: "That is half the answer: the derivative of (a - y)² is 2(a - y); keep the factor 2.",
        dL_da * x: "You skipped the sigmoid: on the way from a back to z, multiply by the local "
                   "derivative a(1 - a).",
        n["dL/db"]: "That is dL/dz (which equals dL/db). For dL/dw multiply by the local derivative dz/dw = x.",
        -n["dL/dw"]: "The sign is wrong: a is above the target y = 0, so increasing w (which, "
                     "with x > 0, increases a) increases the loss; dL/dw must be positive.",
        dL_da * slope * p["w"]: "You multiplied by w; dz/dw is x (w is what you differentiate by).",
    }
    return check_number(answer, n["dL/dw"], name="dL/dw", wrong=wrong, decimals=NEURON_DECIMALS,
                        hint="Go node by node: z = wx + b, a = sigmoid(z), dL/da = 2(a - y), "
                             "dL/dz = dL/da * a(1 - a), dL/dw = dL/dz * x.")


def forgotten_mean_error(n: int = FORGOTTEN_MEAN_BATCH) -> float:
    """The relative error a gradient check reports when the analytic gradient is the sum over
    a batch of n examples instead of the mean (the 1/n forgotten), computed on a real model."""
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(n, 2)), rng.normal(size=n)
    model = Sequential([Dense(3, activation="tanh"), Dense(1)], seed=0)
    model.compile(loss="mse")
    model.build(2)
    g = model.compute_gradients(X, y)[0]
    return relative_error(n * g, g)


@exercise("ex-backprop-3", chapter="07_backpropagation", solution=forgotten_mean_error,
          decimals=FORGOTTEN_MEAN_DECIMALS)
def check_forgotten_mean(answer) -> Feedback:
    """Ex. ex-backprop-3: the relative error when the analytic gradient forgot the 1/n of a batch of n = 4 (2 decimals)."""
    if unanswered(answer):
        return not_answered("the relative error as a number")
    n = FORGOTTEN_MEAN_BATCH
    wrong = {
        (n - 1) / n: "You divided ||n g - g|| by ||n g|| only; the relative error divides by the SUM of "
                     "both norms, ||n g|| + ||g||.",
        float(n - 1): "That is ||n g - g|| / ||g||; the relative error divides by ||n g|| + ||g||.",
        1 / n: "Write the analytic gradient as n g and the numerical one as g, then use "
               "||a - b|| / (||a|| + ||b||).",
        float(n): "The gradient is n times too large, but the relative error is not n: "
                  "compute ||n g - g|| / (||n g|| + ||g||).",
    }
    return check_number(answer, forgotten_mean_error(n), name="relative error", wrong=wrong,
                        decimals=FORGOTTEN_MEAN_DECIMALS,
                        hint="The norms factor out: (n - 1)||g|| / ((n + 1)||g||).")


ZERO_GRADIENT_OPTIONS = ("dW1[0, :]", "dW1[1, :]", "dW1[:, 0]", "dW1[:, 1]", "db1", "dW2")


@exercise("ex-backprop-2", chapter="07_backpropagation", solution=lambda: "dW1[1, :]")
def check_zero_gradient(answer) -> Feedback:
    """Ex. ex-backprop-2: which gradient of the 2-2-1 network is exactly zero when the input x2 is 0?"""
    explanations = {
        "dW1[1, :]": "Right: dL/dW1 = xᵀ dL/dz1, so row j is x_j times dL/dz1. Row 1 holds the two "
                     "connections leaving x2, and x2 = 0 makes both zero: a connection whose input is "
                     "zero had no effect on the loss.",
        "dW1[0, :]": "Row 0 of W1 holds the connections leaving x1 (W has shape (inputs, units)); "
                     "they are multiplied by x1, which is not zero.",
        "dW1[:, 0]": "A column of W1 holds the connections INTO one hidden unit. With W of shape "
                     "(inputs, units), the input index is the row.",
        "dW1[:, 1]": "A column of W1 holds the connections INTO one hidden unit. With W of shape "
                     "(inputs, units), the input index is the row.",
        "db1": "dL/db1 = dL/dz1 does not involve the input at all; it stays non-zero.",
        "dW2": "dL/dW2 = a1ᵀ dL/dz2 depends on the hidden activations, which are sigmoid outputs and "
               "never exactly zero.",
    }
    return check_choice(_spelled_as_option(answer), "dW1[1, :]", ZERO_GRADIENT_OPTIONS, name="the zero gradient",
                        explanations=explanations)


def _spelled_as_option(answer):
    """The option an answer names, whatever its spacing and quotes ('dW1[1,:]', "dW1[1]" as numpy's row)."""
    if not isinstance(answer, str):
        return answer
    compact = answer.strip().strip("'\"").replace(" ", "")
    compact = re.sub(r"^dW1\[(\d)\]$", r"dW1[\1,:]", compact)  # dW1[1] is row 1 in numpy
    for option in ZERO_GRADIENT_OPTIONS:
        if option.replace(" ", "") == compact:
            return option
    return answer
