"""Tests of the chapter 5 self-checks: right answers pass, typical slips get their hint."""
import numpy as np

from nnbook.selfcheck.forward import (check_exercise_hidden, check_exercise_output, check_multiplications,
                                      check_z1_shape)


def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


# x = (1, 3): z1 = (0.5*1 + 1*3 + 0, -1*1 + 0.5*3 - 1) = (3.5, -0.5); a1 = (3.5, 0)
# output: z = 2*3.5 - 1*0 - 4 = 3; y_hat = sigmoid(3) = 0.95257


def test_hidden_right_and_wrong():
    assert check_exercise_hidden(None).correct is None
    assert check_exercise_hidden([3.5, 0.0]).correct is True
    assert check_exercise_hidden((3.5, 0)).correct is True
    fb = check_exercise_hidden([3.5, -0.5])
    assert fb.correct is False and "ReLU" in fb.message
    fb = check_exercise_hidden([3.5, 1.0])
    assert fb.correct is False and "index (1,)" in fb.message
    assert check_exercise_hidden([1.5, 0.0]).correct is False    # the chapter's row (2, 0.5), not the exercise's
    assert check_exercise_hidden([3.5]).correct is False


def test_output_right_and_slips():
    assert check_exercise_output(None).correct is None
    assert check_exercise_output(_sigmoid(3.0)).correct is True
    assert check_exercise_output(0.953).correct is True          # the solution's value, to 3 decimal places
    assert check_exercise_output(0.9526).correct is True
    assert check_exercise_output(0.952).correct is False         # truncated, not rounded
    assert check_exercise_output(0.954).correct is False
    fb = check_exercise_output(3.0)
    assert fb.correct is False and "weighted input z" in fb.message
    fb = check_exercise_output(_sigmoid(3.5 * 2 + 0.5 - 4))       # no ReLU: h2 passes -0.5
    assert fb.correct is False and "max(0, z)" in fb.message
    fb = check_exercise_output(_sigmoid(3.5 * 2 - 0.5))           # no biases: z1 = (3.5, 0.5) -> a1 = (3.5, 0.5)
    assert fb.correct is False and "biases" in fb.message
    # W1 read the wrong way: z1 = (0.5*1 - 1*3 + 0, 1*1 + 0.5*3 - 1) = (-2.5, 1.5) -> a1 = (0, 1.5)
    fb = check_exercise_output(_sigmoid(-1.5 - 4))
    assert fb.correct is False and "column u" in fb.message
    fb = check_exercise_output(0.5)
    assert fb.correct is False and "too small" in fb.message
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


def test_cached_floats_counts_the_arrays_nnbook_keeps():
    from nnbook.selfcheck import forward as sc
    # B (d + 2 sum h) = 100 (64 + 2 (32 + 16 + 10)), counted by the formula of the chapter
    assert sc.cached_floats() == 100 * (64 + 2 * 58) == 18000
    assert sc.check_cached_floats(18000).correct is True
    assert sc.check_cached_floats(18000.0).correct is True
    assert sc.check_cached_floats(None).correct is None
    fb = sc.check_cached_floats(100 * (64 + 48 + 116))
    assert fb.correct is False and "same array" in fb.message
    fb = sc.check_cached_floats(100 * (64 + 58))
    assert fb.correct is False and "both" in fb.message
    fb = sc.check_cached_floats(100 * 116)
    assert fb.correct is False and "input X" in fb.message
    fb = sc.check_cached_floats(2778)
    assert fb.correct is False and "parameters" in fb.message
    fb = sc.check_cached_floats(180)
    assert fb.correct is False and "one example" in fb.message
    assert sc.check_cached_floats(18001).correct is False
    assert sc.check_cached_floats("lots").correct is False
