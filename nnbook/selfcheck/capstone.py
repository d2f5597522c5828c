"""Self-checks for the capstone chapter (handwritten digits end to end).

Expected answers are computed with the package: parameter counts from a built
:class:`nnbook.Sequential`, the loss from :class:`nnbook.SparseCategoricalCrossentropy`.
"""
from __future__ import annotations

import numpy as np

from ..layers import Dense
from ..losses import SparseCategoricalCrossentropy
from ..model import Sequential
from ._core import Feedback, check_number, exercise, matches, unanswered


def count_params(n_inputs: int, hidden: int = 64, n_classes: int = 10) -> int:
    """Parameters of the chapter's network n_inputs-hidden-n_classes, counted by nnbook."""
    model = Sequential([Dense(hidden, activation="relu"), Dense(n_classes, activation="softmax")], seed=0)
    model.build(n_inputs)
    return model.count_params()


def _as_number(answer):
    try:
        return float(answer)
    except (TypeError, ValueError):
        return None


def _param_feedback(answer, n_inputs, other_inputs, what):
    expected = count_params(n_inputs)
    if not unanswered(answer):
        value = _as_number(answer)
        no_bias = n_inputs * 64 + 64 * 10
        if value is not None and value == no_bias:
            return Feedback(False, f"{value:.0f} counts the weights only. Each unit also has a bias: "
                                   "64 in the hidden layer and 10 in the output layer.")
        if value is not None and value == count_params(other_inputs):
            return Feedback(False, f"{value:.0f} is the count for {other_inputs} inputs; {what} has "
                                   f"{n_inputs} inputs per image.")
        if value is not None and value == n_inputs * 64 + 64:
            return Feedback(False, f"{value:.0f} is the hidden layer alone; add the output layer's "
                                   "64 x 10 weights and 10 biases.")
    return check_number(answer, expected, rtol=0, atol=0.5, name="number of parameters",
                        hint="A dense layer with d inputs and h units has d*h weights and h biases; "
                             "add the two layers.")


@exercise("ex-capstone-1", chapter="14_capstone_digits", solution=lambda: count_params(64))
def check_param_count(answer) -> Feedback:
    """Trainable parameters of the 64-64-10 digits network."""
    return _param_feedback(answer, 64, 784, "the 8x8 digits set")


@exercise("ex-capstone-mnist", chapter="14_capstone_digits", solution=lambda: count_params(784))
def check_mnist_param_count(answer) -> Feedback:
    """Trainable parameters of the same architecture on 28x28 MNIST images (784-64-10)."""
    return _param_feedback(answer, 784, 64, "MNIST (28 x 28 pixels)")


def cross_entropy(p_true: float = 0.8) -> float:
    """The exact answer of ex-capstone-2, from ``nnbook.SparseCategoricalCrossentropy``."""
    probs = np.full((1, 10), (1 - p_true) / 9)
    probs[0, 3] = p_true
    return float(SparseCategoricalCrossentropy()(np.array([3]), probs))


@exercise("ex-capstone-2", chapter="14_capstone_digits", solution=cross_entropy, decimals=2)
def check_cross_entropy(answer, p_true: float = 0.8) -> Feedback:
    """The categorical cross-entropy of one example whose true class gets probability ``p_true``,
    to 2 decimal places."""
    expected = cross_entropy(p_true)
    if not unanswered(answer) and not matches(answer, expected, decimals=2):
        value = _as_number(answer)
        if value is not None and matches(value, -expected, decimals=2):
            return Feedback(False, f"{value:.4g} is negative. The loss is -ln p: the minus sign makes it "
                                   "positive, since ln of a probability is at most 0.")
        if value is not None and matches(value, -np.log10(p_true), decimals=2):
            return Feedback(False, f"{value:.4g} uses log base 10. Cross-entropy uses the natural "
                                   "logarithm, ln.")
        if value is not None and matches(value, -np.log(1 - p_true), decimals=2):
            return Feedback(False, f"{value:.4g} is -ln(1 - p). With a one-hot target only the true "
                                   "class's term survives: L = -ln p(true class).")
    return check_number(answer, expected, decimals=2, name="loss",
                        hint="With a one-hot target y, L = -sum_k y_k ln p_k = -ln p(true class).")


#: the test result of ex-capstone-6: 348 of 359 test digits right
TEST_RIGHT, TEST_SIZE = 348, 359
SE_DECIMALS = 4


def standard_error(right: int = TEST_RIGHT, n: int = TEST_SIZE) -> float:
    """The binomial standard error sqrt(a (1 - a) / n) of an accuracy a = right / n (ex-capstone-6)."""
    a = right / n
    return float(np.sqrt(a * (1 - a) / n))


@exercise("ex-capstone-6", chapter="14_capstone_digits", solution=standard_error, decimals=SE_DECIMALS)
def check_standard_error(answer) -> Feedback:
    """The standard error of a test accuracy of 348 out of 359, to 4 decimal places."""
    expected = standard_error()
    a, n = TEST_RIGHT / TEST_SIZE, TEST_SIZE
    if not unanswered(answer):
        value = _as_number(answer)
        wrong = [
            (a * (1 - a) / n, "That is the variance a(1 - a)/n; the standard error is its square root."),
            (1.96 * expected, "That is 1.96 standard errors, the half-width of the 95% normal interval; "
                              "the standard error itself is sqrt(a(1 - a)/n)."),
            (np.sqrt(a * (1 - a)), "That is sqrt(a(1 - a)), the spread of a single image's 0-or-1 outcome; "
                                   "divide a(1 - a) by n = 359 before the square root."),
            (100 * expected, "That is the standard error in percentage points; give it as a fraction, "
                             "like the accuracy 0.9694.", 2),
            (np.sqrt(a * (1 - a)) / n, "You divided by n after the square root; the standard error is "
                                       "sqrt(a(1 - a) / n), so n goes under the root."),
        ]
        for value_wrong, reason, *places in wrong:
            places = places[0] if places else SE_DECIMALS
            if (value is not None and not matches(value, expected, decimals=SE_DECIMALS)
                    and matches(value, value_wrong, decimals=places)):
                return Feedback(False, f"{value:.4g}: {reason}")
    return check_number(answer, expected, decimals=SE_DECIMALS, name="standard error",
                        hint="a = 348/359; the standard error is sqrt(a (1 - a) / n) with n = 359, "
                        "to 4 decimal places.")
