"""Tests of the chapter 4 self-checks."""
from nnbook.selfcheck import architecture as sc


def test_param_count():
    # by hand: (64 + 1) * 32 + (32 + 1) * 16 + (16 + 1) * 10 = 2080 + 528 + 170
    assert sc.check_param_count(2778).correct is True
    assert sc.check_param_count(None).correct is None
    fb = sc.check_param_count(64 * 32 + 32 * 16 + 16 * 10)
    assert fb.correct is False and "bias" in fb.message
    fb = sc.check_param_count(2778 + 64)
    assert fb.correct is False and "input layer" in fb.message
    fb = sc.check_param_count(64 + 32 + 16 + 10)
    assert fb.correct is False and "units" in fb.message
    assert sc.check_param_count(2779).correct is False


def test_weight_shape():
    assert sc.check_weight_shape((5, 4)).correct is True
    assert sc.check_weight_shape([5, 4]).correct is True
    assert sc.check_weight_shape(None).correct is None
    fb = sc.check_weight_shape((4, 5))
    assert fb.correct is False and "transposed" in fb.message
    fb = sc.check_weight_shape((3, 5))
    assert fb.correct is False and "W1" in fb.message
    assert sc.check_weight_shape((4, 1)).correct is False
    assert sc.check_weight_shape(7).correct is False


def test_xor_network():
    W1, b1, W2, b2 = [[20, -20], [20, -20]], [-10, 30], [[20], [20]], [-30]
    # the chapter's first solution (OR, NAND, AND) computes XOR but is not the one the exercise asks for
    fb = sc.check_xor_network([W1, b1, W2, b2])
    assert fb.correct is False and "NAND" in fb.message and "first solution" in fb.message
    fb = sc.check_xor_network([[[6, -6], [6, -6]], [-3, 9], [[6], [6]], [-9]])   # the explorer's start
    assert fb.correct is False and "first solution" in fb.message
    # the solution asked for: h1 = OR, h2 = AND, output = h1 AND NOT h2, with weights of size 6 (on the sliders)
    assert sc.check_xor_network([[[6, 6], [6, 6]], [-3, -9], [[6], [-6]], [-3]]).correct is True
    assert sc.check_xor_network([[[6.5, 6.5], [6.5, 6.5]], [-3, -9.5], [[8], [-8]], [-4]]).correct is True
    # the same with weights of size 20 is off the sliders (-10 to 10), which the exercise asks to stay on
    fb = sc.check_xor_network([[[20, 20], [20, 20]], [-10, -30], [[20], [-20]], [-10]])
    assert fb.correct is False and "sliders" in fb.message and "size 30" in fb.message
    # the hidden units swapped (AND first, OR second) compute XOR too, but not in the order asked for
    fb = sc.check_xor_network([[[6, 6], [6, 6]], [-9, -3], [[-6], [6]], [-3]])
    assert fb.correct is False and "AND and OR" in fb.message
    # a tenth of the size-20 solution: the hidden outputs stay near 0.5 and only 2 points are right
    fb = sc.check_xor_network([[[2, 2], [2, 2]], [-1, -3], [[2], [-2]], [-1]])
    assert fb.correct is False and "2 of 4" in fb.message
    assert sc.check_xor_network(None).correct is None
    assert sc.check_xor_network([None, b1, W2, b2]).correct is None
    fb = sc.check_xor_network([W1, b1, W2, [-10]])
    assert fb.correct is False and "2 of 4" in fb.message and "(0, 0)" in fb.message
    fb = sc.check_xor_network([[[20, -20]], b1, W2, b2])
    assert fb.correct is False and "shape" in fb.message
    fb = sc.check_xor_network([W1, b1, W2])
    assert fb.correct is False and "[W1, b1, W2, b2]" in fb.message


def test_xor_solution_fits_the_explorer_sliders():
    from nnbook.widgets.architecture import LIMIT
    for array in sc.XOR_SOLUTION:
        assert abs(array).max() <= LIMIT
        assert ((array * 2) % 1 == 0).all()          # on the sliders' 0.5 steps


def test_weight_matrix_is_inputs_by_units_as_in_keras():
    """Chapter 4 says: nnbook stores W as (inputs, units), as Keras stores a Dense kernel, and computes
    Z = X W + b with examples as rows."""
    import numpy as np
    import nnbook as nb
    model = nb.Sequential([nb.Dense(5, input_shape=(3,))], seed=0)
    W, b = model.get_weights()
    assert W.shape == (3, 5) and b.shape == (5,)
    X = np.random.default_rng(0).normal(size=(4, 3))
    np.testing.assert_allclose(model.predict(X), X @ W + b)


def test_units_for_error_is_the_smallest_measured_h():
    import numpy as np
    from nnbook.widgets.approximation import hinge_network, max_error
    h = sc.units_for_error()
    assert max_error(hinge_network(np.sin, h), np.sin) < sc.APPROX_TOLERANCE
    assert max_error(hinge_network(np.sin, h - 1), np.sin) >= sc.APPROX_TOLERANCE
    # the bound (2π/h)²/8 < 0.01 gives h > 22.2: it agrees with the measurement here
    assert h == int(np.ceil(2 * np.pi / np.sqrt(8 * sc.APPROX_TOLERANCE)))
    assert sc.check_units_for_error(h).correct is True
    assert sc.check_units_for_error(float(h)).correct is True
    assert sc.check_units_for_error(None).correct is None
    fb = sc.check_units_for_error(h - 1)
    assert fb.correct is False and "not below" in fb.message
    fb = sc.check_units_for_error(22.2)
    assert fb.correct is False and "whole number" in fb.message
    fb = sc.check_units_for_error(h + 5)
    assert fb.correct is False and "smallest" in fb.message
    assert sc.check_units_for_error(10 ** 9).correct is False
    assert sc.check_units_for_error("many").correct is False
