"""Tests of the chapter 2 self-checks: right answers pass, typical mistakes get their hint."""
import numpy as np

from nnbook.selfcheck.weights_bias import (check_crossing, check_design, check_param_count,
                                           check_zero_input)


def test_crossing():
    # sigmoid(-2x + 3) = 0.5 where -2x + 3 = 0
    assert check_crossing(1.5).correct is True
    assert check_crossing(None).correct is None
    fb = check_crossing(-1.5)
    assert fb.correct is False and "sign" in fb.message
    fb = check_crossing(6.0)
    assert fb.correct is False and "Divide" in fb.message
    fb = check_crossing(3.0)
    assert fb.correct is False and "bias" in fb.message
    fb = check_crossing(2 / 3)                               # -w/b: the fraction upside down
    assert fb.correct is False and "upside down" in fb.message
    assert check_crossing(0.0).correct is False
    assert check_crossing(1.49).correct is False             # the answer is exact, not approximate
    assert check_crossing(1.501).correct is False


def test_zero_input():
    assert check_zero_input(np.tanh(0.5)).correct is True
    assert check_zero_input(0.4621).correct is True
    assert check_zero_input(0.462).correct is True          # the solution's value, to 3 decimal places
    assert check_zero_input(0.463).correct is False
    assert check_zero_input(None).correct is None
    fb = check_zero_input(0.0)
    assert fb.correct is False and "bias" in fb.message
    fb = check_zero_input(0.5)
    assert fb.correct is False and "tanh" in fb.message
    fb = check_zero_input(1 / (1 + np.exp(-0.5)))
    assert fb.correct is False and "sigmoid" in fb.message


def test_param_count():
    expected = (20 * 32 + 32) + (32 * 16 + 16) + (16 * 1 + 1)
    assert expected == 1217
    assert check_param_count(expected).correct is True
    assert check_param_count(None).correct is None
    fb = check_param_count(20 * 32 + 32 * 16 + 16)
    assert fb.correct is False and "weights only" in fb.message
    fb = check_param_count(20 * 32 + 32 * 16 + 16 + 3)
    assert fb.correct is False and "one bias per unit" in fb.message
    fb = check_param_count(32 + 16 + 1)
    assert fb.correct is False and "only the biases" in fb.message
    fb = check_param_count(1000)
    assert fb.correct is False and "too small" in fb.message


def test_design():
    w = np.log(9.0)            # z goes from -ln 9 at x = 1 to +ln 9 at x = 3
    b = -2.0 * np.log(9.0)
    assert check_design([w, b]).correct is True
    assert check_design([round(w, 3), round(b, 3)]).correct is True
    assert check_design([2.20, -4.39]).correct is True       # the solution's values, to 2 decimal places
    assert check_design([2.22, -4.37]).correct is False
    assert check_design(None).correct is None
    fb = check_design([0.4, -0.3])   # makes z (not a) equal 0.1 and 0.9
    assert fb.correct is False and "ln(a / (1 - a))" in fb.message
    fb = check_design([w, -b])
    assert fb.correct is False and "sign of b" in fb.message
    fb = check_design([-w, -b])
    assert fb.correct is False and "falls" in fb.message
    fb = check_design([1.0, 2.0, 3.0])
    assert fb.correct is False and "shape" in fb.message


def test_dense_starts_like_keras():
    """Chapter 2 says: nnbook, like Keras, draws a Dense layer's weights with Glorot uniform (limit
    sqrt(6 / (d + h))) and sets its biases to zero (Keras: kernel_initializer="glorot_uniform",
    bias_initializer="zeros")."""
    import nnbook as nb
    d, h = 64, 32
    layer = nb.Dense(h)
    assert type(layer.kernel_initializer).__name__ == "GlorotUniform"
    model = nb.Sequential([layer], seed=0)
    model.build(d)
    W, b = model.get_weights()
    limit = np.sqrt(6 / (d + h))
    assert np.all(np.abs(W) <= limit) and np.abs(W).max() > 0.95 * limit
    assert np.all(b == 0)
