"""Self-checks for chapter 7 (backpropagation).

Every expected value is computed with nnbook itself (a model, ``set_weights``,
``compute_gradients``), so the checks stay right if the chapter's numbers change.
"""
from __future__ import annotations

import numpy as np

from ..gradient_check import relative_error
from ..layers import Dense
from ..model import Sequential
from ._core import check_choice, check_number, Feedback, matches, not_answered, unanswered

#: exercise 1: one sigmoid neuron with a squared-error loss
NEURON_EXERCISE = {"x": 1.5, "w": -0.5, "b": 0.5, "y": 0.0}
#: exercise 2: the batch size whose 1/n was forgotten
FORGOTTEN_MEAN_BATCH = 4


def _neuron_numbers(x, w, b, y):
    model = Sequential([Dense(1, activation="sigmoid", input_shape=(1,))], seed=0)
    model.compile(loss="mse")
    model.set_weights([np.array([[w]]), np.array([b])])
    dW, db = model.compute_gradients(np.array([[x]]), np.array([y]))
    a = float(model.predict(np.array([[x]]))[0, 0])
    return {"dL/dw": float(dW[0, 0]), "dL/db": float(db[0]), "a": a}


def check_neuron_gradient(answer) -> Feedback:
    """dL/dw for one sigmoid neuron, x = 1.5, w = -0.5, b = 0.5, y = 0, L = (a - y)²."""
    if unanswered(answer):
        return not_answered("your value of dL/dw")
    p = NEURON_EXERCISE
    n = _neuron_numbers(**p)
    a, y, x = n["a"], p["y"], p["x"]
    dL_da = 2 * (a - y)
    slope = a * (1 - a)
    typical = [
        (n["dL/dw"] / 2, "That is half the answer: the derivative of (a - y)² is 2(a - y); "
                         "keep the factor 2."),
        (dL_da * x, "You skipped the sigmoid: on the way from a back to z, multiply by the local "
                    "derivative a(1 - a)."),
        (n["dL/db"], "That is dL/dz (which equals dL/db). For dL/dw multiply by the local derivative "
                     "dz/dw = x."),
        (-n["dL/dw"], "The sign is wrong: a is above the target y = 0, so increasing w (which, "
                      "with x > 0, increases a) increases the loss; dL/dw must be positive."),
        (dL_da * slope * p["w"], "You multiplied by w; dz/dw is x (w is what you differentiate by)."),
    ]
    for value, hint in typical:
        if matches(answer, value):
            return Feedback(False, f"dL/dw = {float(answer):.6g} is not right. {hint}")
    return check_number(answer, n["dL/dw"], rtol=2e-3, name="dL/dw",
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


def check_forgotten_mean(answer) -> Feedback:
    """The relative error when the analytic gradient forgot the 1/n of a batch of 4."""
    if unanswered(answer):
        return not_answered("the relative error as a number")
    n = FORGOTTEN_MEAN_BATCH
    expected = forgotten_mean_error(n)
    typical = [
        ((n - 1) / n, "You divided |n g - g| by |n g| only; the relative error divides by the SUM of "
                      "both norms, ||n g|| + ||g||."),
        (n - 1, "That is |n g - g| / |g|; the relative error divides by ||n g|| + ||g||."),
        (1 / n, "Write the analytic gradient as n g and the numerical one as g, then use "
                "||a - b|| / (||a|| + ||b||)."),
        (float(n), "The gradient is n times too large, but the relative error is not n: "
                   "compute ||n g - g|| / (||n g|| + ||g||)."),
    ]
    for value, hint in typical:
        if matches(answer, value):
            return Feedback(False, f"{float(answer):.6g} is not right. {hint}")
    return check_number(answer, expected, rtol=1e-3, name="relative error",
                        hint="The norms factor out: (n - 1)||g|| / ((n + 1)||g||).")


ZERO_GRADIENT_OPTIONS = ("dW1[0, :]", "dW1[1, :]", "dW1[:, 0]", "dW1[:, 1]", "db1", "dW2")


def check_zero_gradient(answer) -> Feedback:
    """Which gradient of the 2-2-1 network is exactly zero when the input x2 is 0?"""
    explanations = {
        "dW1[1, :]": "Right: dL/dW1 = xᵀ dL/dz1, so row i is x_i times dL/dz1. Row 1 holds the two "
                     "connections leaving x2, and x2 = 0 makes both zero: a connection whose input is "
                     "zero had no effect on the loss.",
        "dW1[0, :]": "Row 0 of W1 holds the connections leaving x1 (W has shape (n_inputs, units)); "
                     "they are multiplied by x1, which is not zero.",
        "dW1[:, 0]": "A column of W1 holds the connections INTO one hidden unit. With W of shape "
                     "(n_inputs, units), the input index is the row.",
        "dW1[:, 1]": "A column of W1 holds the connections INTO one hidden unit. With W of shape "
                     "(n_inputs, units), the input index is the row.",
        "db1": "dL/db1 = dL/dz1 does not involve the input at all; it stays non-zero.",
        "dW2": "dL/dW2 = a1ᵀ dL/dz2 depends on the hidden activations, which are sigmoid outputs and "
               "never exactly zero.",
    }
    return check_choice(answer, "dW1[1, :]", ZERO_GRADIENT_OPTIONS, name="the zero gradient",
                        explanations=explanations)
