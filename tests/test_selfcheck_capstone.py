"""Tests of the self-checks of the capstone chapter."""
import numpy as np

from nnbook.selfcheck.capstone import check_cross_entropy, check_mnist_param_count, check_param_count


def test_param_count():
    assert check_param_count(64 * 64 + 64 + 64 * 10 + 10).correct is True
    wrong = check_param_count(64 * 64 + 64 * 10)
    assert wrong.correct is False and "bias" in wrong.message
    wrong = check_param_count(784 * 64 + 64 + 64 * 10 + 10)
    assert wrong.correct is False and "784" in wrong.message
    wrong = check_param_count(64 * 64 + 64)
    assert wrong.correct is False and "output layer" in wrong.message
    assert check_param_count(4811).correct is False
    assert check_param_count(None).correct is None


def test_mnist_param_count():
    assert check_mnist_param_count(50890).correct is True
    wrong = check_mnist_param_count(784 * 64 + 640)
    assert wrong.correct is False and "bias" in wrong.message
    wrong = check_mnist_param_count(4810)
    assert wrong.correct is False and "64 inputs" in wrong.message
    assert check_mnist_param_count(None).correct is None


def test_cross_entropy():
    assert check_cross_entropy(-np.log(0.8)).correct is True
    wrong = check_cross_entropy(np.log(0.8))
    assert wrong.correct is False and "minus sign" in wrong.message
    wrong = check_cross_entropy(-np.log10(0.8))
    assert wrong.correct is False and "base 10" in wrong.message
    wrong = check_cross_entropy(-np.log(0.2))
    assert wrong.correct is False and "1 - p" in wrong.message
    assert check_cross_entropy(None).correct is None
    # the exercise asks for 2 decimal places: -ln 0.8 = 0.2231 -> 0.22
    assert check_cross_entropy(0.22).correct is True
    assert check_cross_entropy(0.223).correct is True
    assert check_cross_entropy(0.23).correct is False


def test_standard_error():
    from nnbook.selfcheck.capstone import check_standard_error
    a = 348 / 359
    se = np.sqrt(a * (1 - a) / 359)                 # 0.009096...
    assert check_standard_error(se).correct is True
    assert check_standard_error(0.0091).correct is True          # 4 decimal places
    assert check_standard_error(0.00910).correct is True
    assert check_standard_error(0.0093).correct is False
    assert check_standard_error(0.0092).correct is False
    assert check_standard_error(None).correct is None
    wrong = check_standard_error(a * (1 - a) / 359)
    assert wrong.correct is False and "square root" in wrong.message
    wrong = check_standard_error(1.96 * se)
    assert wrong.correct is False and "1.96" in wrong.message
    wrong = check_standard_error(np.sqrt(a * (1 - a)))
    assert wrong.correct is False and "359" in wrong.message
    wrong = check_standard_error(0.91)
    assert wrong.correct is False and "percentage" in wrong.message
