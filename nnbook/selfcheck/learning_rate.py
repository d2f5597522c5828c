"""Self-checks for chapter 8 (gradient descent and the learning rate).

The expected answers are computed with nnbook (a model's ``compute_gradients`` and
``SGD.step``) or from the function in the exercise, never typed in. Numeric
answers are accepted at the precision the exercise states (``decimals=``).
"""
from __future__ import annotations

import numpy as np

from ..layers import Dense
from ..model import Sequential
from ..optimizers import SGD
from ..schedules import CosineDecay
from ._core import check_number, exercise, Feedback, not_answered, unanswered

#: exercise: one gradient-descent step for a linear neuron p = w x + b on two points
ONE_STEP = {"x": (1.0, 2.0), "y": (3.0, 5.0), "w": 0.5, "b": 0.0, "learning_rate": 0.1}
ONE_STEP_DECIMALS = 2
#: exercise: the largest stable learning rate on quadratic_exercise
MAX_RATE_DECIMALS = 2


def quadratic_exercise(w):
    """The function of the stability exercise: C(w) = 5 (w - 1)²."""
    return 5.0 * (np.asarray(w, dtype=float) - 1.0) ** 2


def _one_step_numbers():
    p = ONE_STEP
    model = Sequential([Dense(1, input_shape=(1,))], seed=0)
    model.compile(loss="mse")
    model.set_weights([np.array([[p["w"]]]), np.array([p["b"]])])
    X, y = np.array(p["x"])[:, None], np.array(p["y"])
    grads = model.compute_gradients(X, y)
    weights = model.get_weights()
    SGD(learning_rate=p["learning_rate"]).step(weights, grads)
    return {"dC/dw": float(grads[0][0, 0]), "dC/db": float(grads[1][0]), "new_w": float(weights[0][0, 0])}


def new_weight() -> float:
    """w after the exercise's one gradient-descent step, computed with a model and SGD."""
    return _one_step_numbers()["new_w"]


@exercise("ex-lr-1", chapter="08_learning_rate", solution=new_weight, decimals=ONE_STEP_DECIMALS)
def check_one_step(answer) -> Feedback:
    """Ex. ex-lr-1: the new weight w after one gradient-descent step (eta = 0.1) from w = 0.5, b = 0 (2 decimals)."""
    if unanswered(answer):
        return not_answered("the new value of w")
    n = _one_step_numbers()
    p = ONE_STEP
    eta, w, g = p["learning_rate"], p["w"], n["dC/dw"]
    wrong = {
        w - g: "You subtracted the gradient itself. The step is the learning rate TIMES the gradient: "
               "w - eta * dC/dw.",
        w + eta * g: "Wrong direction: gradient descent SUBTRACTS eta * dC/dw. Here the prediction is "
                     "too small, dC/dw is negative, and w must grow.",
        w - eta * g / 2: "The gradient of the mean squared error has a factor 2: "
                         "dC/dw = (2/n) sum (w x + b - y) x.",
        w - eta * g * len(p["x"]): "You used the sum over the two examples; the cost is their mean, "
                                   "so divide by n = 2.",
        w - eta * n["dC/db"]: "That step used dC/db; the weight's gradient multiplies each residual by its "
                              "input x.",
    }
    return check_number(answer, n["new_w"], name="the new w", wrong=wrong, decimals=ONE_STEP_DECIMALS,
                        hint="Residuals w x + b - y for both points, dC/dw = (2/n) sum residual * x, "
                             "then w - eta * dC/dw.")


def max_stable_rate_exercise() -> float:
    """2 / curvature of ``quadratic_exercise``, the curvature from a central second difference."""
    w, h = 0.3, 1e-3
    curvature = (quadratic_exercise(w + h) - 2 * quadratic_exercise(w) + quadratic_exercise(w - h)) / h ** 2
    return float(2.0 / curvature)


@exercise("ex-lr-2", chapter="08_learning_rate", solution=max_stable_rate_exercise, decimals=MAX_RATE_DECIMALS)
def check_max_learning_rate(answer) -> Feedback:
    """Ex. ex-lr-2: the largest learning rate for which gradient descent converges on C(w) = 5 (w - 1)² (2 decimals)."""
    if unanswered(answer):
        return not_answered("the largest stable learning rate")
    expected = max_stable_rate_exercise()
    curvature = 2.0 / expected
    wrong = {
        2.0 / 5.0: "You used the coefficient 5 as the curvature. The curvature is the SECOND "
                   "derivative, C''(w) = 2 * 5 = 10.",
        1.0 / curvature: "That is 1 / curvature, where the steps start to overshoot the minimum and "
                         "zigzag; they still converge up to twice that value.",
        curvature: "That is the curvature itself; the limit on eta is 2 divided by it.",
    }
    return check_number(answer, expected, name="the largest stable learning rate", wrong=wrong,
                        decimals=MAX_RATE_DECIMALS,
                        hint="One step multiplies the distance to the minimum by (1 - eta * C''); "
                             "convergence needs |1 - eta * C''| < 1.")


#: exercise: the rate of a cosine schedule with warm-up at one step
COSINE = {"initial_learning_rate": 0.0, "decay_steps": 90, "alpha": 0.1, "warmup_target": 0.2, "warmup_steps": 10}
COSINE_STEP = 40
COSINE_DECIMALS = 3


def cosine_rate() -> float:
    """The rate of the exercise's CosineDecay at COSINE_STEP, from nnbook.schedules."""
    return CosineDecay(**COSINE)(COSINE_STEP)


@exercise("ex-lr-5", chapter="08_learning_rate", solution=cosine_rate, decimals=COSINE_DECIMALS)
def check_cosine_rate(answer) -> Feedback:
    """Ex. ex-lr-5: eta(40) of CosineDecay(0.0, 90, alpha=0.1, warmup_target=0.2, warmup_steps=10) (3 decimals)."""
    if unanswered(answer):
        return not_answered("the learning rate at step 40")
    c, t = COSINE, COSINE_STEP
    peak, T, W, a = c["warmup_target"], c["decay_steps"], c["warmup_steps"], c["alpha"]

    def cosine(s, alpha):
        return peak * (alpha + (1 - alpha) * 0.5 * (1 + np.cos(np.pi * min(s, T) / T)))

    wrong = {
        cosine(t, a): "You measured the cosine from step 0; it starts after the warm-up, at s = t - W.",
        cosine(t - W, 0.0): "You left out alpha: the cosine falls to alpha * peak, not to 0, so the rate is "
                            "peak * (alpha + (1 - alpha) (1 + cos(pi s / T)) / 2).",
        peak * 0.5 * (1 + np.cos(np.pi * (t - W) / T)) * (1 - a): "The floor alpha * peak is added back: "
                                                                  "eta = peak * (alpha + (1 - alpha) ...).",
    }
    return check_number(answer, cosine_rate(), name="the learning rate at step 40", wrong=wrong,
                        decimals=COSINE_DECIMALS,
                        hint="After the warm-up, s = t - W = 30 steps into the cosine; "
                             "eta = peak * (alpha + (1 - alpha) (1 + cos(pi s / T)) / 2).")
