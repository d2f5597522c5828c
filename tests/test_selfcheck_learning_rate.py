"""Tests of chapter 8's self-checks: right answers pass, typical mistakes get their hint."""
import numpy as np

import nnbook as nb
from nnbook.selfcheck.learning_rate import (check_max_learning_rate, check_one_step,
                                            max_stable_rate_exercise, quadratic_exercise)


def test_one_step_by_hand():
    # residuals w x + b - y: 0.5 - 3 = -2.5 and 1.0 - 5 = -4; dC/dw = (2/2)(-2.5 - 8) = -10.5
    assert check_one_step(0.5 - 0.1 * (-10.5)).correct is True     # 1.55
    assert check_one_step(1.55).correct is True


def test_one_step_typical_mistakes():
    fb = check_one_step(0.5 + 10.5)
    assert fb.correct is False and "TIMES" in fb.message
    fb = check_one_step(0.5 - 1.05)
    assert fb.correct is False and "SUBTRACTS" in fb.message
    fb = check_one_step(0.5 + 0.525)
    assert fb.correct is False and "factor 2" in fb.message
    fb = check_one_step(0.5 + 2.1)
    assert fb.correct is False and "mean" in fb.message
    fb = check_one_step(0.5 + 0.65)
    assert fb.correct is False and "dC/db" in fb.message
    assert check_one_step(3.0).correct is False
    assert check_one_step(None).correct is None
    assert check_one_step("x").correct is False


def test_max_learning_rate_value_and_behaviour():
    eta = max_stable_rate_exercise()
    assert abs(eta - 0.2) < 1e-6                       # C'' = 10, eta < 2/10
    # gradient descent on C(w) = 5 (w - 1)^2 converges just below and diverges just above
    for factor, converges in ((0.95, True), (1.05, False)):
        w = np.array([3.0])
        opt = nb.SGD(learning_rate=factor * eta)
        for _ in range(300):
            opt.step([w], [10.0 * (w - 1.0)])
        assert bool(abs(w[0] - 1.0) < 1e-3) is converges
    assert quadratic_exercise(1.0) == 0.0


def test_max_learning_rate_feedback():
    assert check_max_learning_rate(0.2).correct is True
    fb = check_max_learning_rate(0.4)
    assert fb.correct is False and "SECOND" in fb.message
    fb = check_max_learning_rate(0.1)
    assert fb.correct is False and "zigzag" in fb.message
    fb = check_max_learning_rate(10)
    assert fb.correct is False and "curvature itself" in fb.message
    assert check_max_learning_rate(0.3).correct is False
    assert check_max_learning_rate(None).correct is None


def test_rounded_answers_as_the_exercises_ask():
    # ex-lr-1 and ex-lr-2 ask for 2 decimal places: 1.55 and 0.20
    assert check_one_step(1.55).correct is True
    assert check_one_step(1.554).correct is True
    assert check_one_step(1.56).correct is False
    assert "factor 2" in check_one_step(1.03).message     # 0.5 + 0.525, rounded to 2 decimals
    assert check_max_learning_rate(0.20).correct is True
    assert check_max_learning_rate(0.21).correct is False
    assert "zigzag" in check_max_learning_rate(0.10).message
