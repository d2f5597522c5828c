"""Tests of the mathematics appendix's self-checks: right answers pass, typical mistakes get their hint."""
import numpy as np

from nnbook.selfcheck.mathematics import check_chain_rule, check_gradient, check_projection, check_shape


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def test_chain_rule():
    s = sigmoid(2.0)                      # z = 3 * 1 - 1
    exact = 3 * s * (1 - s)               # 0.314980...
    assert check_chain_rule(exact).correct is True
    assert check_chain_rule(0.3150).correct is True
    assert check_chain_rule(0.3149).correct is False
    assert check_chain_rule(0.315).correct is True       # 0.3150 written without its last zero
    assert check_chain_rule(None).correct is None
    fb = check_chain_rule(s * (1 - s))
    assert fb.correct is False and "dz/dx" in fb.message
    fb = check_chain_rule(3 * sigmoid(1.0) * (1 - sigmoid(1.0)))
    assert fb.correct is False and "z = 3" in fb.message
    fb = check_chain_rule(3 * s)
    assert fb.correct is False and "derivative" in fb.message
    assert check_chain_rule("abc").correct is False


def test_gradient():
    # r = 0.4 * 1.5 + 0.3 * (-2) + 0.2 - 1 = -0.8; gradient 2 r x = (-2.4, 3.2)
    assert check_gradient([-2.4, 3.2]).correct is True
    assert check_gradient(np.array([-2.4004, 3.1996])).correct is True
    assert check_gradient([-2.401, 3.2]).correct is False
    assert check_gradient(None).correct is None
    fb = check_gradient([-1.2, 1.6])
    assert fb.correct is False and "factor 2" in fb.message
    fb = check_gradient([2.4, -3.2])
    assert fb.correct is False and "signs" in fb.message
    fb = check_gradient([3.2, -2.4])
    assert fb.correct is False and "swapped" in fb.message
    fb = check_gradient([1.0, 2.0, 3.0])
    assert fb.correct is False and "shape" in fb.message
    assert check_gradient("x").correct is False


def test_projection():
    exact = 5 / np.sqrt(5)                # 2.2360...
    assert check_projection(exact).correct is True
    assert check_projection(2.236).correct is True
    assert check_projection(2.237).correct is False
    assert check_projection(None).correct is None
    fb = check_projection(5.0)
    assert fb.correct is False and "dot product" in fb.message
    fb = check_projection(1.0)
    assert fb.correct is False and "||w||^2" in fb.message
    fb = check_projection(5 / np.sqrt(10))
    assert fb.correct is False and "||x||" in fb.message


def test_shape():
    assert check_shape((32, 3)).correct is True
    assert check_shape([32, 3]).correct is True
    assert check_shape(np.zeros((32, 3)).shape).correct is True
    assert check_shape(None).correct is None
    fb = check_shape((3, 32))
    assert fb.correct is False and "transpose" in fb.message
    fb = check_shape((32, 5))
    assert fb.correct is False and "shape of X" in fb.message
    fb = check_shape((3,))
    assert fb.correct is False and "broadcasting" in fb.message
    assert check_shape((32.5, 3)).correct is False
    assert check_shape("32, 3").correct is False
    assert check_shape(7).correct is False
