"""Tests of the chapter 3 self-checks: right, typical wrong, and missing answers."""
import numpy as np

from nnbook.selfcheck import activation as sc


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def test_sigmoid_slope():
    s = sigmoid(2.0)
    assert sc.check_sigmoid_slope(s * (1 - s)).correct is True
    assert sc.check_sigmoid_slope(0.105).correct is True
    assert sc.check_sigmoid_slope(0.1050).correct is True   # the solution's value, to 4 decimal places
    assert sc.check_sigmoid_slope(0.1052).correct is False
    assert sc.check_sigmoid_slope(None).correct is None
    fb = sc.check_sigmoid_slope(s)
    assert fb.correct is False and "height" in fb.message
    fb = sc.check_sigmoid_slope(0.25)
    assert fb.correct is False and "z = 0" in fb.message
    fb = sc.check_sigmoid_slope(np.exp(-2.0))
    assert fb.correct is False and "numerator" in fb.message
    assert sc.check_sigmoid_slope(0.3).correct is False
    assert sc.check_sigmoid_slope("abc").correct is False


def test_softmax():
    e = np.exp([1.0, 2.0, 3.0])
    assert sc.check_softmax(e / e.sum()).correct is True
    assert sc.check_softmax([0.090, 0.245, 0.665]).correct is True   # the solution's own rounded values
    assert sc.check_softmax([0.090, 0.244, 0.665]).correct is False
    assert sc.check_softmax(None).correct is None
    fb = sc.check_softmax([1 / 6, 2 / 6, 3 / 6])
    assert fb.correct is False and "exponentials" in fb.message
    fb = sc.check_softmax(e)
    assert fb.correct is False and "sum" in fb.message
    fb = sc.check_softmax((e / e.sum())[::-1])
    assert fb.correct is False and "order" in fb.message
    assert sc.check_softmax([0.5, 0.5]).correct is False


def test_collapsed_layer():
    # by hand: W = W1 W2 = [[1*2 - 1*1 + 2*(-1)], [0*2 + 3*1 + 1*(-1)]] = [[-1], [2]]
    # b = b1 W2 + b2 = (1*2 + 0*1 + (-2)*(-1)) + 0.5 = 4.5
    assert sc.check_collapsed_layer(([[-1.0], [2.0]], [4.5])).correct is True
    assert sc.check_collapsed_layer(None).correct is None
    assert sc.check_collapsed_layer((None, [4.5])).correct is None
    assert sc.check_collapsed_layer(([[-1.0], [2.0]], None)).correct is None
    fb = sc.check_collapsed_layer(([[-1.0], [2.0]], [0.5]))
    assert fb.correct is False and "b2" in fb.message
    fb = sc.check_collapsed_layer(([[-1.0], [2.0]], [4.0]))
    assert fb.correct is False and "add" in fb.message
    fb = sc.check_collapsed_layer(([[-1.0], [2.0]], [-0.5]))
    assert fb.correct is False and "Adding the biases" in fb.message
    fb = sc.check_collapsed_layer(([[1.0], [2.0]], [4.5]))
    assert fb.correct is False and "W1 W2" in fb.message
    fb = sc.check_collapsed_layer(([-1.0, 2.0], [4.5]))
    assert fb.correct is False and "shape" in fb.message
    fb = sc.check_collapsed_layer([[-1.0], [2.0], [4.5]])
    assert fb.correct is False and "pair (W, b)" in fb.message


def test_vanishing_depth():
    # smallest n with 0.25**n < 1e-6: 0.25**9 = 3.8e-6, 0.25**10 = 9.5e-7
    assert sc.vanishing_depth() == 10
    assert sc.check_vanishing_depth(10).correct is True
    assert sc.check_vanishing_depth(None).correct is None
    fb = sc.check_vanishing_depth(9)
    assert fb.correct is False and "one more layer" in fb.message
    fb = sc.check_vanishing_depth(9.97)
    assert fb.correct is False and "round" in fb.message
    assert sc.check_vanishing_depth(20).correct is False


def test_slopes_at_the_corner_as_pytorch_and_tensorflow():
    """Chapter 3 says: nnbook, like PyTorch and TensorFlow, takes ReLU's slope at z = 0 to be 0 and
    leaky ReLU's to be alpha (both libraries pass the gradient only where z > 0)."""
    import nnbook as nb
    assert nb.ReLU().derivative(np.array([0.0]))[0] == 0.0
    assert nb.LeakyReLU(alpha=0.2).derivative(np.array([0.0]))[0] == 0.2
    assert nb.ReLU().backward(np.array([0.0]), np.array([0.0]), np.array([1.0]))[0] == 0.0


def test_silu_slope():
    s = sigmoid(1.0)
    exact = s * (1 + 1.0 * (1 - s))                  # 0.92767...
    assert abs(sc.silu_slope() - exact) < 1e-12
    assert sc.check_silu_slope(exact).correct is True
    assert sc.check_silu_slope(0.9277).correct is True
    assert sc.check_silu_slope(0.9276).correct is False
    assert sc.check_silu_slope(None).correct is None
    fb = sc.check_silu_slope(0.7311)
    assert fb.correct is False and "height" in fb.message
    fb = sc.check_silu_slope(0.1966)
    assert fb.correct is False and "product rule" in fb.message
    fb = sc.check_silu_slope(1)
    assert fb.correct is False and "ReLU" in fb.message
    assert sc.check_silu_slope("x").correct is False


def test_rms_growth():
    assert abs(sc.rms_growth() - 1.5 ** 10) < 1e-9   # sqrt(3/2)^20 = 1.5^10 = 57.665...
    assert sc.check_rms_growth(57.7).correct is True
    assert sc.check_rms_growth(57.665).correct is True
    assert sc.check_rms_growth(57.6).correct is False
    assert sc.check_rms_growth(None).correct is None
    fb = sc.check_rms_growth(1.5 ** 20)
    assert fb.correct is False and "second moment" in fb.message
    fb = sc.check_rms_growth(1.5 ** 9.5)
    assert fb.correct is False and "19 layers" in fb.message
    fb = sc.check_rms_growth(3.0 ** 10)
    assert fb.correct is False and "halving" in fb.message
    fb = sc.check_rms_growth(30)
    assert fb.correct is False and "multiply" in fb.message
