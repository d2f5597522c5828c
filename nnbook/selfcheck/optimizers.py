"""Self-checks for the chapter on optimizers.

The exercises use the chapter's narrow valley f(w) = 0.5 (w1² + 25 w2²),
whose gradient is (w1, 25 w2), and its starting point w = (-4.5, 1.0).
Every expected answer is computed here by running the package's own optimizers.
"""
from __future__ import annotations

import numpy as np

from ..optimizers import SGD, Adagrad, Adam, RMSprop
from ._core import Feedback, check_array, check_number, exercise, half_unit, not_answered, unanswered

#: curvatures of the valley along w1 and w2 (the diagonal of its Hessian)
CURVATURES = np.array([1.0, 25.0])
START = np.array([-4.5, 1.0])
#: every exercise of the chapter asks for 3 decimal places
DECIMALS = 3


def valley_gradient(w) -> np.ndarray:
    """Gradient of f(w) = 0.5 (w1² + 25 w2²)."""
    return CURVATURES * np.asarray(w, dtype=float)


def _run(optimizer, steps: int, start=START) -> np.ndarray:
    w = np.array(start, dtype=float)
    for _ in range(steps):
        optimizer.step([w], [valley_gradient(w)])
    return w


def _matches(answer, value) -> bool:
    """Whether an array answer equals ``value`` entry by entry, to DECIMALS places."""
    try:
        a = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        return False
    value = np.asarray(value, dtype=float)
    return a.shape == value.shape and bool(np.all(np.abs(a - value) <= half_unit(value, decimals=DECIMALS)))


def _check_with_diagnoses(answer, expected, wrong: list[tuple[np.ndarray, str]], name: str,
                          hint: str) -> Feedback:
    """check_array at DECIMALS places, but a known wrong answer gets its own explanation."""
    if unanswered(answer):
        return not_answered(f"an array for {name}")
    if not _matches(answer, expected):
        for value, why in wrong:
            if _matches(answer, value):
                return Feedback(False, f"{name} = {np.round(np.asarray(answer, dtype=float), 5).tolist()} is not it. {why}")
    return check_array(answer, expected, name=name, decimals=DECIMALS, hint=hint)


def momentum_two_steps() -> np.ndarray:
    """w after two steps of SGD(0.05, momentum=0.9) from START on the valley."""
    return _run(SGD(0.05, momentum=0.9), 2)


@exercise("ex-optimizers-1", chapter="09_optimizers", solution=momentum_two_steps, decimals=DECIMALS)
def check_momentum_two_steps(answer) -> Feedback:
    """Ex. ex-optimizers-1: w after two steps of SGD(learning_rate=0.05, momentum=0.9) from (-4.5, 1.0) (3 decimals)."""
    expected = momentum_two_steps()
    wrong = [
        (_run(SGD(0.05), 2), "That is plain SGD: the second step must also carry 0.9 times the first "
                             "step's velocity, v <- 0.9 v - 0.05 g."),
        (_run(SGD(0.05, momentum=0.9), 1), "That is w after one step; take a second one with the new gradient."),
        (_run(SGD(0.05, momentum=0.9, nesterov=True), 2), "That is Nesterov momentum; the classic form "
                                                          "moves by w <- w + v."),
    ]
    return _check_with_diagnoses(answer, expected, wrong, "w after two steps",
                                 "Recompute the gradient (w1, 25 w2) at the new w before the second step, "
                                 "and keep the signs: v <- mu v - eta g, then w <- w + v.")


def adam_first_step() -> np.ndarray:
    """w after one step of Adam(0.1) from START on the valley."""
    return _run(Adam(0.1), 1)


@exercise("ex-optimizers-2", chapter="09_optimizers", solution=adam_first_step, decimals=DECIMALS)
def check_adam_first_step(answer) -> Feedback:
    """Ex. ex-optimizers-2: w after one step of Adam(learning_rate=0.1) from (-4.5, 1.0) on the valley (3 decimals)."""
    expected = adam_first_step()
    g = valley_gradient(START)
    m, v = 0.1 * g, 0.001 * g * g  # the averages after one step, without bias correction
    no_correction = START - 0.1 * m / (np.sqrt(v) + 1e-7)
    wrong = [
        (no_correction, "You used m and v without bias correction: after one step m = 0.1 g and v = 0.001 g², "
                        "both shrunk toward their zero start. Divide by (1 - 0.9¹) and (1 - 0.999¹)."),
        (START + 0.1 * np.sign(g), "Your step went along the gradient, uphill. Adam's step goes against the gradient: "
                                   "w <- w - eta m_hat / (sqrt(v_hat) + eps)."),
        (START - 0.1 * g, "That is a plain SGD step, eta g. Adam divides by sqrt(v_hat), so each entry moves by "
                          "about eta on the first step."),
    ]
    return _check_with_diagnoses(answer, expected, wrong, "w after one Adam step",
                                 "On the first step m_hat = g and v_hat = g², so each weight moves by about "
                                 "eta against the sign of its gradient.")


def sgd_stability_limit() -> float:
    """2 / (largest curvature of the valley): the boundary learning rate of plain gradient descent."""
    return float(2.0 / CURVATURES.max())


@exercise("ex-optimizers-3", chapter="09_optimizers", solution=sgd_stability_limit, decimals=DECIMALS)
def check_sgd_stability_limit(answer) -> Feedback:
    """Ex. ex-optimizers-3: the learning rate above which plain gradient descent diverges on the valley (3 decimals)."""
    wrong = {
        1.0 / CURVATURES.max(): "That is the learning rate that lands w2 exactly on 0 in one step "
                                "(factor 1 - 25 eta = 0). Larger ones still converge, zigzagging, as long as "
                                "|1 - 25 eta| < 1.",
        2.0 / CURVATURES.min(): "That is the limit for the gentle direction w1. The steep direction w2, "
                                "with factor 1 - 25 eta per step, diverges much earlier.",
    }
    return check_number(answer, sgd_stability_limit(), name="the largest stable learning rate", wrong=wrong,
                        decimals=DECIMALS,
                        hint="Each step multiplies w2 by (1 - 25 eta); find where its absolute value reaches 1.")


def adagrad_two_steps() -> np.ndarray:
    """w after two steps of Adagrad(0.5) (accumulator starting at 0.1) from START on the valley."""
    return _run(Adagrad(0.5), 2)


@exercise("ex-optimizers-6", chapter="09_optimizers", solution=adagrad_two_steps, decimals=DECIMALS)
def check_adagrad_two_steps(answer) -> Feedback:
    """Ex. ex-optimizers-6: w after two steps of Adagrad(learning_rate=0.5) from (-4.5, 1.0) (3 decimals)."""
    wrong = [
        (_run(Adagrad(0.5, initial_accumulator_value=0.0), 2),
         "Your accumulator started at 0; Keras's (and nnbook's) starts at initial_accumulator_value = 0.1, "
         "so s = 0.1 + g² after the first step."),
        (_run(RMSprop(0.5), 2), "That is RMSprop: Adagrad adds the squared gradient to the sum, s <- s + g², "
                                "with no factor rho or 1 - rho."),
        (_run(Adagrad(0.5), 1), "That is w after one step; take a second one with the gradient at the new w."),
    ]
    return _check_with_diagnoses(answer, adagrad_two_steps(), wrong, "w after two Adagrad steps",
                                 "Per coordinate: s <- s + g² (s starts at 0.1), then w <- w - 0.5 g / sqrt(s); "
                                 "the gradient is (w1, 25 w2) at the current w.")


#: the two gradient arrays of the clipping exercise and its threshold
CLIP_GRADIENTS = (np.array([6.0, -8.0]), np.array([-2.0, 4.0]))
CLIP_THRESHOLD = 5.0


def _clipped_first_array(**option) -> np.ndarray:
    """The first gradient array after the optimizer's clipping (read off an SGD step of rate 1 from zero)."""
    params = [np.zeros_like(g) for g in CLIP_GRADIENTS]
    SGD(1.0, **option).step(params, list(CLIP_GRADIENTS))
    return -params[0]


def global_clip_first_array() -> np.ndarray:
    """The first array of CLIP_GRADIENTS after global_clipnorm=5."""
    return _clipped_first_array(global_clipnorm=CLIP_THRESHOLD)


@exercise("ex-optimizers-7", chapter="09_optimizers", solution=global_clip_first_array, decimals=DECIMALS)
def check_global_clipnorm(answer) -> Feedback:
    """Ex. ex-optimizers-7: the array (6, -8) after global_clipnorm=5 with the second array (-2, 4) (3 decimals)."""
    wrong = [
        (_clipped_first_array(clipnorm=CLIP_THRESHOLD), "That is clipnorm, which clips each array by its own "
                                                        "norm (10 here). global_clipnorm uses the norm of all "
                                                        "arrays stacked together."),
        (_clipped_first_array(clipvalue=CLIP_THRESHOLD), "That is clipvalue, entry by entry; it changes the "
                                                         "direction. global_clipnorm rescales every entry by "
                                                         "one common factor."),
        (CLIP_GRADIENTS[0], "The gradients' global norm is above 5, so they are clipped."),
    ]
    return _check_with_diagnoses(answer, global_clip_first_array(), wrong, "the clipped first array",
                                 "Global norm N = sqrt(6² + 8² + 2² + 4²); every entry is multiplied by 5 / N.")
