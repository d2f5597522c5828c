"""Self-checks for the chapter on data normalization.

Expected answers are computed with the package's own scalers (``nnbook.StandardScaler``,
``nnbook.MinMaxScaler``), fitted on the exercise's training column only.
"""
from __future__ import annotations

import numpy as np

from ..preprocessing import MinMaxScaler, StandardScaler
from ._core import Feedback, check_choice, check_number, exercise, matches, not_answered, unanswered

#: the training column of the standardization exercise, and the new value to scale
STANDARDIZE_TRAIN = np.array([2.0, 4.0, 6.0, 8.0])
STANDARDIZE_NEW = 9.0
#: the training and test columns of the min-max exercise
MINMAX_TRAIN = np.array([10.0, 25.0, 50.0, 40.0, 18.0])
MINMAX_TEST = np.array([20.0, 60.0, 30.0])


def _number(answer, what):
    if unanswered(answer):
        return None, not_answered(what)
    try:
        return float(answer), None
    except (TypeError, ValueError):
        return None, Feedback(False, f"Expected a number; received {answer!r}.")


def standardized_value() -> float:
    """The exact answer of ex-normalization-1, from ``nnbook.StandardScaler``."""
    col = STANDARDIZE_TRAIN[:, None]
    return float(StandardScaler().fit(col).transform([[STANDARDIZE_NEW]])[0, 0])


def minmax_test_value() -> float:
    """The exact answer of ex-normalization-2, from ``nnbook.MinMaxScaler`` fitted on the training column."""
    return float(MinMaxScaler().fit(MINMAX_TRAIN[:, None]).transform([[60.0]])[0, 0])


@exercise("ex-normalization-1", chapter="12_normalization", solution=standardized_value, decimals=3)
def check_standardized(answer) -> Feedback:
    """The z-score of ``STANDARDIZE_NEW`` = 9 with a StandardScaler fitted on [2, 4, 6, 8], to 3 decimal places."""
    value, early = _number(answer, "the standardized value (a number)")
    if early is not None:
        return early
    col = STANDARDIZE_TRAIN[:, None]
    expected = standardized_value()
    mean = STANDARDIZE_TRAIN.mean()
    wrong = [
        ((STANDARDIZE_NEW - mean) / STANDARDIZE_TRAIN.std(ddof=1),
         "You used the sample standard deviation (divide by n - 1); the scaler uses the population "
         "standard deviation (divide by n), as scikit-learn does."),
        (STANDARDIZE_NEW / STANDARDIZE_TRAIN.std(), "You divided by the standard deviation but did not "
                                                    "subtract the mean first."),
        ((STANDARDIZE_NEW - mean) / STANDARDIZE_TRAIN.var(), "You divided by the variance; divide by its "
                                                            "square root, the standard deviation."),
        (float(MinMaxScaler().fit(col).transform([[STANDARDIZE_NEW]])[0, 0]),
         "That is min-max scaling, (x - min) / (max - min). Standardization uses the mean and the "
         "standard deviation."),
    ]
    for target, hint in wrong:
        if matches(value, target, decimals=3) and not matches(value, expected, decimals=3):
            return Feedback(False, f"{value:.6g} is not it. {hint}")
    return check_number(value, expected, decimals=3, name="the standardized value",
                        hint="Subtract the training mean, then divide by the training (population) standard "
                             "deviation; give the result to 3 decimal places.")


@exercise("ex-normalization-2", chapter="12_normalization", solution=minmax_test_value, decimals=2)
def check_minmax_test_value(answer) -> Feedback:
    """The min-max scaled value of the test value 60, with the scaler fitted on ``MINMAX_TRAIN``,
    to 2 decimal places."""
    value, early = _number(answer, "the scaled test value (a number)")
    if early is not None:
        return early
    expected = minmax_test_value()
    refit = float(MinMaxScaler().fit(MINMAX_TEST[:, None]).transform([[60.0]])[0, 0])
    both = np.concatenate([MINMAX_TRAIN, MINMAX_TEST])
    leaky = float(MinMaxScaler().fit(both[:, None]).transform([[60.0]])[0, 0])
    if any(matches(value, v, decimals=2) for v in (refit, leaky, 1.0)) and not matches(value, expected, decimals=2):
        return Feedback(False, f"{value:g} is what you get by fitting a scaler on the test set, or on training "
                               "and test data together, or by clipping to [0, 1]. Transform the test set "
                               "with the training set's min and max only: a test value beyond the "
                               "training max lands above 1.")
    return check_number(value, expected, decimals=2, name="the scaled value",
                        hint="Use (x - min) / (max - min) with the min and max of the training column.")


LEAKAGE_OPTIONS = ("a", "b", "c", "d")
LEAKAGE_EXPLANATIONS = {
    "a": "Right: the scaler's mean and standard deviation then contain the test rows, so the "
         "preprocessing has seen the test set before the test.",
    "b": "No leak: fitting on the training set and reusing that scaler for the test set is the correct "
         "procedure.",
    "c": "No leak: a new input is transformed with the scaler fitted on the training set, exactly as the "
         "test set was.",
    "d": "No leak: inverse_transform only undoes the training scaler's own arithmetic; it learns nothing "
         "from the data it is given.",
}


@exercise("ex-normalization-3", chapter="12_normalization", solution=lambda: "a")
def check_leakage(answer) -> Feedback:
    """Which procedure lets test-set information leak into training? One of 'a'..'d'."""
    return check_choice(answer, "a", LEAKAGE_OPTIONS, name="the leaking procedure",
                        explanations=LEAKAGE_EXPLANATIONS)


#: the batch-normalization exercise: momentum, and two training batches of one unit's values
BN_MOMENTUM = 0.9
BN_BATCHES = (np.array([1.0, 3.0]), np.array([2.0, 6.0]))


def moving_mean_after_batches() -> float:
    """The exact answer of ex-normalization-6, from ``nnbook.BatchNormalization`` itself: a fresh
    one-unit layer (moving mean 0) with momentum 0.9 sees the two training batches."""
    from ..layers import BatchNormalization
    layer = BatchNormalization(momentum=BN_MOMENTUM)
    layer.build(1, np.random.default_rng(0))
    for batch in BN_BATCHES:
        layer.forward(batch[:, None], training=True)
    return float(layer.moving_mean[0])


@exercise("ex-normalization-6", chapter="12_normalization", solution=moving_mean_after_batches, decimals=2)
def check_moving_mean(answer) -> Feedback:
    """The moving mean of a fresh BatchNormalization layer (momentum 0.9) after the batches
    [1, 3] and [2, 6] of one unit, to 2 decimal places."""
    value, early = _number(answer, "the moving mean (a number)")
    if early is not None:
        return early
    expected = moving_mean_after_batches()
    m = BN_MOMENTUM
    first, second = (float(b.mean()) for b in BN_BATCHES)
    wrong = [
        ((1 - m) * ((1 - m) * 0.0 + m * first) + m * second,
         "You swapped the weights: the old moving mean keeps the momentum (0.9), the new batch mean "
         "gets 1 - momentum (0.1)."),
        ((first + second) / 2, "That is the plain average of the two batch means; the moving average "
                               "starts at 0 and gives each new batch mean the weight 1 - momentum."),
        (second, "That is the last batch mean; the moving average changes by only a tenth of the way "
                 "towards it in one step."),
        (m * first + (1 - m) * second, "You started from the first batch mean instead of the initial "
                                       "moving mean 0."),
        ((1 - m) * second, "You forgot the first batch: after it the moving mean is 0.9 * 0 + 0.1 * 2 = 0.2, "
                           "and that is what the second update starts from."),
    ]
    for target, hint in wrong:
        if matches(value, target, decimals=2) and not matches(value, expected, decimals=2):
            return Feedback(False, f"{value:g} is not it. {hint}")
    return check_number(value, expected, decimals=2, name="the moving mean",
                        hint="Apply moving_mean <- 0.9 * moving_mean + 0.1 * batch mean twice, starting from 0.")
