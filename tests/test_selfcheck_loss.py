"""Tests of the chapter 6 self-checks."""
import numpy as np

from nnbook.selfcheck.loss import check_bce_cost, check_loss_choice, check_outlier_costs

# y = (1, 0, 1), p = (0.9, 0.2, 0.4): losses -ln 0.9, -ln 0.8, -ln 0.4
LOSSES = np.array([-np.log(0.9), -np.log(0.8), -np.log(0.4)])


def test_bce_cost():
    assert check_bce_cost(None).correct is None
    assert check_bce_cost(LOSSES.mean()).correct is True
    assert check_bce_cost(round(LOSSES.mean(), 3)).correct is True
    assert "mean" in check_bce_cost(LOSSES.sum()).message
    assert "base 10" in check_bce_cost(LOSSES.mean() / np.log(10)).message
    assert "sign" in check_bce_cost(-LOSSES.mean()).message
    all_log_p = np.mean(-np.log([0.9, 0.2, 0.4]))
    fb = check_bce_cost(all_log_p)
    assert fb.correct is False and "ln(1 - p)" in fb.message
    swapped = np.mean([-np.log(0.1), -np.log(0.2), -np.log(0.6)])
    assert "swapped" in check_bce_cost(swapped).message
    fb = check_bce_cost(3.0)
    assert fb.correct is False and "too large" in fb.message
    assert check_bce_cost("x").correct is False


def test_outlier_costs():
    # errors (1, 0, -1, 0, -24): MSE = 578 / 5, MAE = 26 / 5
    assert check_outlier_costs(None).correct is None
    assert check_outlier_costs((115.6, 5.2)).correct is True
    assert "mean" in check_outlier_costs((578, 26)).message
    assert "order" in check_outlier_costs((5.2, 115.6)).message
    assert "RMSE" in check_outlier_costs((np.sqrt(115.6), 5.2)).message
    fb = check_outlier_costs((0.5, 0.5))
    assert fb.correct is False and "index (0,)" in fb.message
    assert check_outlier_costs((1, 2, 3)).correct is False


def test_loss_choice():
    assert check_loss_choice(None).correct is None
    assert check_loss_choice("sparse_categorical_crossentropy").correct is True
    fb = check_loss_choice("categorical_crossentropy")
    assert fb.correct is False and "one_hot" in fb.message
    assert "0 or 1" in check_loss_choice("binary_crossentropy").message
    assert check_loss_choice("mse").correct is False
    assert check_loss_choice("mae").correct is False
    assert check_loss_choice("hinge").correct is False


def test_rounded_answers_as_the_exercises_ask():
    # ex-loss-1 asks for 3 decimal places (the solution shows 0.4149); ex-loss-2 for 1 decimal place
    for answer in (0.415, 0.4149, 0.4145, 0.4154):
        assert check_bce_cost(answer).correct is True, answer
    for answer in (0.413, 0.417):
        assert check_bce_cost(answer).correct is False, answer
    assert "mean" in check_bce_cost(1.245).message          # the sum, rounded to 3 decimals
    assert check_outlier_costs([115.6, 5.2]).correct is True
    assert check_outlier_costs([115.64, 5.24]).correct is True
    assert check_outlier_costs([115.7, 5.2]).correct is False
    assert "mean" in check_outlier_costs([578.0, 26.0]).message


def test_chapter_6_claims():
    """Clipping at Keras's default epsilon 1e-7, and sign(0) = 0 in the MAE gradient."""
    import nnbook as nb
    assert nb.losses.EPSILON == 1e-7
    grad = nb.MeanAbsoluteError().gradient(np.array([3.0, -0.5, 2.0, 7.0]), np.array([2.5, 0.0, 2.0, 8.0]))
    np.testing.assert_array_equal(np.ravel(grad), [-0.25, 0.25, 0.0, 0.25])


def test_loss_choice_accepts_case_spaces_and_quotes():
    from nnbook.selfcheck.loss import check_loss_choice
    for spelling in ("Sparse_Categorical_Crossentropy", " sparse_categorical_crossentropy ",
                     "'sparse_categorical_crossentropy'"):
        assert check_loss_choice(spelling).correct is True, spelling
    assert check_loss_choice(" 'MSE' ").correct is False
    assert "Squared error" in check_loss_choice(" 'MSE' ").message


def test_logits_loss_right_and_wrong():
    from nnbook.selfcheck.loss import check_logits_loss, logits_loss
    z, c = np.array([3.0, 1.0, -2.0]), 1
    by_hand = 3.0 + np.log(1 + np.exp(-2.0) + np.exp(-5.0)) - z[c]     # lse(z) - z_c
    assert abs(logits_loss() - by_hand) < 1e-12 and abs(by_hand - 2.1328) < 1e-4
    assert check_logits_loss(2.133).correct is True
    assert check_logits_loss(round(by_hand, 5)).correct is True
    fb = check_logits_loss(2.0)
    assert fb.correct is False and "largest logit" in fb.message
    fb = check_logits_loss(-by_hand)
    assert fb.correct is False and "sign" in fb.message
    p = np.exp(z) / np.exp(z).sum()
    fb = check_logits_loss(-np.log(np.exp(p) / np.exp(p).sum())[c])
    assert fb.correct is False and "second softmax" in fb.message
    assert check_logits_loss(None).correct is None


def test_gaussian_nll_right_and_wrong():
    from scipy.stats import norm
    from nnbook.selfcheck.loss import check_gaussian_nll, gaussian_nll
    y, p = np.array([3.0, -0.5, 2.0, 7.0]), np.array([2.5, 0.0, 2.0, 8.0])
    expected = -norm.logpdf(y, loc=p, scale=0.5).mean()
    assert abs(gaussian_nll() - expected) < 1e-12
    assert abs(expected - (0.375 / 0.5 + 0.5 * np.log(2 * np.pi * 0.25))) < 1e-12   # MSE/(2 sigma^2) + const
    assert check_gaussian_nll(0.976).correct is True
    fb = check_gaussian_nll(0.75)
    assert fb.correct is False and "constant" in fb.message
    fb = check_gaussian_nll(4 * expected)
    assert fb.correct is False and "sum" in fb.message
    assert check_gaussian_nll(None).correct is None
