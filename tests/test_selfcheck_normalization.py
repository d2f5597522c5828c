import pytest
"""Tests of the self-checks of the data-normalization chapter."""
import numpy as np

from nnbook.selfcheck import normalization as sc


def test_standardized_right_and_wrong():
    mean, std = 5.0, np.sqrt(((np.array([2, 4, 6, 8]) - 5.0) ** 2).mean())  # population std sqrt(5)
    right = (9.0 - mean) / std                                               # 1.7889
    assert sc.check_standardized(right).correct is True
    assert sc.check_standardized(round(right, 3)).correct is True
    assert sc.check_standardized(1.789).correct is True          # the solution's value, 3 decimal places
    assert sc.check_standardized(1.790).correct is False
    assert sc.check_standardized(None).correct is None
    sample = sc.check_standardized((9.0 - mean) / np.sqrt(20 / 3))
    assert sample.correct is False and "n - 1" in sample.message
    no_mean = sc.check_standardized(9.0 / std)
    assert no_mean.correct is False and "subtract the mean" in no_mean.message
    minmax = sc.check_standardized((9.0 - 2.0) / 6.0)
    assert minmax.correct is False and "min-max" in minmax.message
    var = sc.check_standardized(4.0 / 5.0)
    assert var.correct is False and "variance" in var.message
    assert sc.check_standardized(0.5).correct is False
    assert sc.check_standardized("x").correct is False


def test_minmax_test_value_right_and_wrong():
    assert sc.check_minmax_test_value((60 - 10) / (50 - 10)).correct is True   # 1.25
    assert sc.check_minmax_test_value(1.25).correct is True
    assert sc.check_minmax_test_value(1.26).correct is False
    assert sc.check_minmax_test_value(None).correct is None
    refit = sc.check_minmax_test_value(1.0)
    assert refit.correct is False and "training set's min and max" in refit.message
    assert sc.check_minmax_test_value(0.9).correct is False


def test_leakage_choice():
    assert sc.check_leakage("a").correct is True
    assert sc.check_leakage(None).correct is None
    for wrong in ("b", "c", "d"):
        fb = sc.check_leakage(wrong)
        assert fb.correct is False and "No leak" in fb.message
    assert sc.check_leakage("e").correct is False


@pytest.mark.parametrize("answer, says", [(1.788, "one step away"), (1.790, "rounded to 2 decimal places"),
                                          (1.8, "rounded to 1 decimal places")])
def test_rounding_slips_get_a_rounding_hint_not_a_method_hint(answer, says):
    feedback = sc.check_standardized(answer)
    assert not feedback.correct and says in feedback.message and "Subtract" not in feedback.message


def test_moving_mean_right_and_wrong():
    # by hand: 0.9 * 0 + 0.1 * 2 = 0.2, then 0.9 * 0.2 + 0.1 * 4 = 0.58
    assert sc.moving_mean_after_batches() == pytest.approx(0.58)
    for right in (0.58, 0.575, 0.584, "0.58"):
        assert sc.check_moving_mean(right).correct is True
    assert sc.check_moving_mean(0.59).correct is False
    assert sc.check_moving_mean(None).correct is None
    assert sc.check_moving_mean("x").correct is False
    swapped = sc.check_moving_mean(0.1 * (0.9 * 2) + 0.9 * 4)          # 3.78
    assert swapped.correct is False and "swapped" in swapped.message
    plain = sc.check_moving_mean(3.0)
    assert plain.correct is False and "plain average" in plain.message
    last = sc.check_moving_mean(4.0)
    assert last.correct is False and "last batch" in last.message
    from_first = sc.check_moving_mean(0.9 * 2 + 0.1 * 4)              # 2.2
    assert from_first.correct is False and "initial" in from_first.message
    one_step = sc.check_moving_mean(0.4)
    assert one_step.correct is False and "first batch" in one_step.message
