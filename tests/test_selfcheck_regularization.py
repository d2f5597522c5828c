"""Tests of the self-checks of the regularization chapter."""
import numpy as np

from nnbook.selfcheck import regularization as sc


def test_l2_penalty_right_and_wrong():
    W = sc.EXERCISE_W
    right = 0.01 * (0.5 ** 2 + 1.0 ** 2 + 2.0 ** 2 + 0.0 ** 2)  # by hand: 0.0525
    assert sc.check_l2_penalty(right).correct is True
    assert sc.check_l2_penalty(None).correct is None
    half = sc.check_l2_penalty(right / 2)
    assert half.correct is False and "1/2" in half.message
    with_bias = sc.check_l2_penalty(right + 0.01 * (0.3 ** 2 + 0.4 ** 2))
    assert with_bias.correct is False and "bias" in with_bias.message
    l1_like = sc.check_l2_penalty(0.01 * np.abs(W).sum())
    assert l1_like.correct is False and "L1" in l1_like.message
    forgot = sc.check_l2_penalty(5.25)
    assert forgot.correct is False and "strength" in forgot.message
    assert sc.check_l2_penalty(0.07).correct is False
    assert sc.check_l2_penalty("abc").correct is False


def test_l1_gradient_right_and_wrong():
    right = [[0.01, -0.01], [0.01, 0.0]]
    assert sc.check_l1_gradient(right).correct is True
    assert sc.check_l1_gradient(None).correct is None
    scaled = sc.check_l1_gradient(0.01 * sc.EXERCISE_W)
    assert scaled.correct is False and "sign" in scaled.message
    l2 = sc.check_l1_gradient(0.02 * sc.EXERCISE_W)
    assert l2.correct is False and "L2" in l2.message
    zero = sc.check_l1_gradient([[0.01, -0.01], [0.01, 0.01]])
    assert zero.correct is False and "sign(0) = 0" in zero.message
    assert sc.check_l1_gradient([0.01, -0.01]).correct is False  # wrong shape


def test_dropout_scale_right_and_wrong():
    assert sc.check_dropout_scale(2.0 / 0.75).correct is True
    assert sc.check_dropout_scale(None).correct is None
    old = sc.check_dropout_scale(1.5)
    assert old.correct is False and "keep probability" in old.message
    assert sc.check_dropout_scale(2.0).correct is False
    by_rate = sc.check_dropout_scale(8.0)
    assert by_rate.correct is False and "1 - rate" in by_rate.message
    assert sc.check_dropout_scale(0.0).correct is False
    assert sc.check_dropout_scale(3.0).correct is False
    # 2.667 is 2 / 0.75 correctly rounded to 3 decimal places, as the exercise asks
    assert sc.check_dropout_scale(2.667).correct is True
    assert sc.check_dropout_scale(2.6667).correct is True
    for rounded_wrong in (2.666, 2.67, 2.7):
        fb = sc.check_dropout_scale(rounded_wrong)
        assert fb.correct is False and "rounded to 3 decimal places" in fb.message
        assert "divide by 1 - rate" not in fb.message


def test_rounded_answers_accepted():
    assert sc.check_l2_penalty(0.0525).correct is True
    assert sc.check_l2_penalty(0.0526).correct is False
    assert sc.check_l1_gradient([[0.01, -0.01], [0.01, 0]]).correct is True
