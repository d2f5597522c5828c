"""Tests of the chapter 5 self-checks: right answers pass, typical slips get their hint."""
import numpy as np

from nnbook.selfcheck.forward import (check_exercise_hidden, check_exercise_output, check_multiplications,
                                      check_z1_shape)


def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


# x = (2, 0.5): z1 = (0.5*2 + 1*0.5 + 0, -1*2 + 0.5*0.5 - 1) = (1.5, -2.75); a1 = (1.5, 0)
# output: z = 2*1.5 - 1*0 - 4 = -1; y_hat = sigmoid(-1)


def test_hidden_right_and_wrong():
    assert check_exercise_hidden(None).correct is None
    assert check_exercise_hidden([1.5, 0.0]).correct is True
    fb = check_exercise_hidden([1.5, -2.75])
    assert fb.correct is False and "ReLU" in fb.message
    fb = check_exercise_hidden([1.5, 1.0])
    assert fb.correct is False and "index (1,)" in fb.message
    assert check_exercise_hidden([1.5]).correct is False


def test_output_right_and_slips():
    assert check_exercise_output(None).correct is None
    assert check_exercise_output(round(_sigmoid(-1.0), 3)).correct is True
    assert check_exercise_output(0.269).correct is True          # the solution's value, to 3 decimal places
    assert check_exercise_output(0.268).correct is False
    fb = check_exercise_output(-1.0)
    assert fb.correct is False and "weighted input z" in fb.message
    fb = check_exercise_output(_sigmoid(1.5 * 2 + 2.75 - 4))  # no ReLU: h2 passes -2.75
    assert fb.correct is False and "max(0, z)" in fb.message
    fb = check_exercise_output(_sigmoid(1.5 * 2))  # no biases: z1 = (1.5, -1.75) -> a1 = (1.5, 0)
    assert fb.correct is False and "biases" in fb.message
    # W1 read the wrong way: z1 = (0.5*2 - 1*0.5, 1*2 + 0.5*0.5 - 1) = (0.5, 1.25)
    fb = check_exercise_output(_sigmoid(2 * 0.5 - 1.25 - 4))
    assert fb.correct is False and "column u" in fb.message
    fb = check_exercise_output(0.5)
    assert fb.correct is False and "too large" in fb.message
    assert check_exercise_output("abc").correct is False


def test_z1_shape():
    assert check_z1_shape(None).correct is None
    assert check_z1_shape((32, 16)).correct is True
    assert check_z1_shape([32, 16]).correct is True
    assert "batch-first" in check_z1_shape((16, 32)).message
    assert "shape of W1" in check_z1_shape((64, 16)).message
    assert "shape of X" in check_z1_shape((32, 64)).message
    assert "b1" in check_z1_shape((16,)).message
    assert check_z1_shape((10, 10)).correct is False
    assert check_z1_shape(5).correct is False


def test_multiplications():
    assert check_multiplications(None).correct is None
    assert check_multiplications(784 * 16 + 16 * 10).correct is True
    fb = check_multiplications(784 * 16 + 16 + 16 * 10 + 10)
    assert fb.correct is False and "biases" in fb.message
    fb = check_multiplications(784 * 16)
    assert fb.correct is False and "first layer only" in fb.message
    fb = check_multiplications(784 * 10)
    assert fb.correct is False and "hidden layer" in fb.message
    fb = check_multiplications(100 * (784 * 16 + 16 * 10))
    assert fb.correct is False and "batch of 100" in fb.message
    fb = check_multiplications(100)
    assert fb.correct is False and "d·h" in fb.message
