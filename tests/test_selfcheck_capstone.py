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
