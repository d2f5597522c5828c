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


def test_solutions_of_the_local_minimum_and_input_scale_exercises():
    from nnbook.widgets.learning_rate import LinearNeuronSurface, descent_path

    def descend(w0, eta, steps):                      # the chapter's loop on f(w) = w^4 - 3 w^2 + w
        w, opt = np.array([float(w0)]), nb.SGD(learning_rate=eta)
        for _ in range(steps):
            opt.step([w], [4 * w ** 3 - 6 * w + 1])
        return w[0]

    # ex-lr-3: from 0.25 all three runs end at the local minimum 1.1309
    for eta, steps in ((0.001, 5000), (0.05, 200), (0.12, 200)):
        assert abs(descend(0.25, eta, steps) - 1.1309) < 1e-4, eta
    # ex-lr-4: inputs times 10 give lambda_max about 617, limit about 0.0032, divergence at step 4 for eta 0.1
    X, y = nb.make_regression_1d(n_samples=50, noise=0.3, function="linear", seed=0)
    x = 10 * X[:, 0]
    lam_max = np.linalg.eigvalsh(2 * np.array([[np.mean(x * x), np.mean(x)], [np.mean(x), 1.0]]))[-1]
    assert round(lam_max) == 617 and round(2 / lam_max, 4) == 0.0032
    assert descent_path(LinearNeuronSurface(10 * X, y), 0.1, 50).diverged_at == 4
    # ex-lr-2: 0.19 is within 1e-4 of the minimum after 100 steps, 0.21 has run away to about 27,562
    for eta, check in ((0.19, lambda w: abs(w - 1) < 1e-4), (0.21, lambda w: round(w) == 27562)):
        w, opt = np.array([3.0]), nb.SGD(learning_rate=eta)
        for _ in range(100):
            opt.step([w], [10 * (w - 1)])
        assert check(w[0]), eta


def test_cosine_rate():
    from nnbook.selfcheck.learning_rate import check_cosine_rate, cosine_rate
    # s = 40 - 10 = 30 of T = 90: cos(pi / 3) = 0.5; 0.2 (0.1 + 0.9 x 0.75) = 0.155
    assert abs(cosine_rate() - 0.155) < 1e-12
    assert check_cosine_rate(0.155).correct is True
    assert check_cosine_rate(0.1554).correct is True
    assert check_cosine_rate(0.156).correct is False
    fb = check_cosine_rate(0.2 * (0.1 + 0.9 * 0.5 * (1 + np.cos(np.pi * 40 / 90))))
    assert fb.correct is False and "warm-up" in fb.message
    fb = check_cosine_rate(0.15)                                    # alpha left out
    assert fb.correct is False and "alpha" in fb.message
    fb = check_cosine_rate(0.135)                                   # 0.2 x 0.9 x 0.75, floor not added
    assert fb.correct is False and "floor" in fb.message
    assert check_cosine_rate(None).correct is None
