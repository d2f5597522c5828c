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


#: exercises ex-backprop-5 and ex-backprop-6: a 64-32-16-10 digit network and a batch of B examples
COST_NET_SIZES = (64, 32, 16, 10)
COST_NET_BATCH = 64


def _cost_net():
    d, *units = COST_NET_SIZES
    acts = ["relu"] * (len(units) - 1) + ["softmax"]
    model = Sequential([Dense(u, activation=a) for u, a in zip(units, acts)], seed=0)
    model.build(d)
    return model


def stored_activation_floats(batch: int = COST_NET_BATCH) -> int:
    """The floats nnbook's Dense layers keep for the backward pass after one forward pass of
    ``batch`` examples through the exercise's network, counted from the arrays themselves
    (each layer's input X, Z and A; a layer's input is the previous layer's A, counted once)."""
    model = _cost_net()
    X = np.random.default_rng(0).normal(size=(batch, COST_NET_SIZES[0]))
    model.predict(X)
    arrays = {id(a): a.size for layer in model.layers for a in (layer._X, layer._Z, layer._A)}
    return int(sum(arrays.values()))


@exercise("ex-backprop-5", chapter="07_backpropagation", solution=stored_activation_floats)
def check_stored_floats(answer) -> Feedback:
    """Ex. ex-backprop-5: floats stored for the backward pass, batch of 64 through 64-32-16-10 (a whole number)."""
    if unanswered(answer):
        return not_answered("the number of floats as a whole number")
    B = COST_NET_BATCH
    d, *units = COST_NET_SIZES
    n_params = sum(w.size for w in _cost_net().get_weights())
    wrong = {
        B * (d + sum(units)): "You kept one array per layer. Each Dense layer keeps both Z (for the slope "
                              "g'(Z)) and A: two arrays of B x h per layer.",
        B * 2 * sum(units): "The input X is stored too: the first layer needs it for dW1 = Xᵀ dZ1.",
        B * (d + 3 * sum(units) - units[-1]): "A layer's input is the previous layer's A, the same array: "
                                              "count it once.",
        B * (2 * d + 2 * sum(units)): "Count X once (B x d), then Z and A for each layer.",
        n_params: "That is the number of parameters; the question asks for the activations, which grow with B.",
        B * n_params: "Activations do not scale with the parameters: count B x (d + 2(h1 + h2 + h3)).",
    }
    return check_number(answer, stored_activation_floats(), rtol=0, atol=1e-9, name="floats stored",
                        wrong=wrong, hint="The formula is B (d + 2 sum_l h_l).")


def forward_mode_passes() -> int:
    """Forward-mode passes for the full gradient of the exercise's network: one per parameter."""
    return int(sum(w.size for w in _cost_net().get_weights()))


@exercise("ex-backprop-6", chapter="07_backpropagation", solution=forward_mode_passes)
def check_forward_mode_passes(answer) -> Feedback:
    """Ex. ex-backprop-6: forward-mode passes for the gradient of a 64-32-16-10 network's cost (a whole number)."""
    if unanswered(answer):
        return not_answered("the number of passes as a whole number")
    d, *units = COST_NET_SIZES
    sizes = COST_NET_SIZES
    weights_only = sum(a * b for a, b in zip(sizes[:-1], sizes[1:]))
    wrong = {
        weights_only: "The biases are parameters too: each needs its own pass (add h1 + h2 + h3).",
        2 * forward_mode_passes(): "That is the numerical gradient's count (two passes per parameter). Forward "
                                   "mode is exact and needs ONE pass per parameter direction.",
        float(d): "Forward mode needs one pass per direction in the space you differentiate with respect "
                  "to; for training that is the parameters, not the inputs.",
        1.0: "One pass is reverse mode (backpropagation). Forward mode gives one derivative per pass.",
        float(units[-1]): "One pass per output is reverse mode's count for a vector output; the cost is "
                          "one number and forward mode needs one pass per parameter.",
    }
    return check_number(answer, forward_mode_passes(), rtol=0, atol=1e-9, name="passes", wrong=wrong,
                        hint="Count every weight and every bias: sum over layers of (inputs + 1) x units.")
