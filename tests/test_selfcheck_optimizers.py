"""Tests of the self-checks of the optimizers chapter (answers computed by hand here)."""
import numpy as np

from nnbook.selfcheck.optimizers import (check_adam_first_step, check_momentum_two_steps,
                                         check_sgd_stability_limit)


def test_momentum_two_steps():
    # by hand: g0 = (-4.5, 25); v1 = -0.05 g0 = (0.225, -1.25); w1 = (-4.275, -0.25)
    #          g1 = (-4.275, -6.25); v2 = 0.9 v1 - 0.05 g1 = (0.41625, -0.8125); w2 = (-3.85875, -1.0625)
    assert check_momentum_two_steps([-3.85875, -1.0625]).correct is True
    plain = check_momentum_two_steps([-4.06125, 0.0625])  # plain SGD twice
    assert plain.correct is False and "plain SGD" in plain.message
    one = check_momentum_two_steps([-4.275, -0.25])
    assert one.correct is False and "one step" in one.message
    other = check_momentum_two_steps([1.0, 2.0])
    assert other.correct is False and "gradient" in other.message
    assert check_momentum_two_steps(None).correct is None
    assert check_momentum_two_steps([1.0, 2.0, 3.0]).correct is False


def test_adam_first_step():
    # first step: m_hat = g, v_hat = g², so each entry moves by eta = 0.1 against the sign of g
    assert check_adam_first_step([-4.4, 0.9]).correct is True
    raw = 0.1 * 0.1 / np.sqrt(0.001)  # step without bias correction: 0.316...
    fb = check_adam_first_step([-4.5 + raw, 1.0 - raw])
    assert fb.correct is False and "bias correction" in fb.message
    fb = check_adam_first_step([-4.6, 1.1])
    assert fb.correct is False and "against the gradient" in fb.message
    fb = check_adam_first_step([-4.5 + 0.45, 1.0 - 2.5])
    assert fb.correct is False and "plain SGD" in fb.message
    assert check_adam_first_step(None).correct is None


def test_sgd_stability_limit():
    assert check_sgd_stability_limit(0.08).correct is True
    assert check_sgd_stability_limit(2 / 25).correct is True
    fb = check_sgd_stability_limit(0.04)
    assert fb.correct is False and "exactly on 0" in fb.message
    fb = check_sgd_stability_limit(2.0)
    assert fb.correct is False and "gentle direction" in fb.message
    fb = check_sgd_stability_limit(0.1)
    assert fb.correct is False and "too large" in fb.message
    assert check_sgd_stability_limit(None).correct is None
    assert check_sgd_stability_limit("abc").correct is False
