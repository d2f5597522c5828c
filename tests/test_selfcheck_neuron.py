"""Tests of the chapter 1 self-checks: right answers pass, typical mistakes get their hint."""
import numpy as np
import pytest

from nnbook.selfcheck.neuron import check_decision_line, check_flip, check_neuron_output


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def test_neuron_output():
    z = 1.0 * 0.5 + 2.0 * (-1.0) + 0.3   # -1.2
    assert check_neuron_output(sigmoid(z)).correct is True
    assert check_neuron_output(round(sigmoid(z), 4)).correct is True
    # the exercise asks for 3 decimal places: sigmoid(-1.2) = 0.23148 rounds to 0.231
    assert check_neuron_output(0.231).correct is True
    assert check_neuron_output(0.232).correct is False
    assert check_neuron_output(0.230).correct is False       # one unit off in the last asked-for digit
    assert check_neuron_output(0.23).correct is False        # 2 decimal places instead of 3
    assert check_neuron_output(None).correct is None
    fb = check_neuron_output(z)
    assert fb.correct is False and "weighted input" in fb.message
    fb = check_neuron_output(sigmoid(-1.5))
    assert fb.correct is False and "bias" in fb.message
    fb = check_neuron_output(sigmoid(1.2))
    assert fb.correct is False and "sign" in fb.message
    fb = check_neuron_output(0.9)
    assert fb.correct is False and "too large" in fb.message
    assert check_neuron_output("abc").correct is False


def test_decision_line():
    # 2 x1 - x2 + 1 = 0 at x1 = 1  ->  x2 = 3
    assert check_decision_line(3.0).correct is True
    assert check_decision_line(None).correct is None
    fb = check_decision_line(-3.0)
    assert fb.correct is False and "sign" in fb.message
    fb = check_decision_line(2.0)
    assert fb.correct is False and "bias" in fb.message
    fb = check_decision_line(1.0)
    assert fb.correct is False and "x1 = 0" in fb.message
    assert check_decision_line(3).correct is True            # the exact whole number, as an int
    assert check_decision_line(3.001).correct is False       # the answer is exact, not approximate


@pytest.mark.parametrize("wrong", ["a", "c", "d"])
def test_flip_wrong(wrong):
    fb = check_flip(wrong)
    assert fb.correct is False and len(fb.message) > 30


def test_flip():
    assert check_flip("b").correct is True
    assert check_flip(None).correct is None
    assert check_flip("e").correct is False


def test_log_odds():
    from nnbook.selfcheck.neuron import check_log_odds
    exact = np.log(4.0)                               # ln(0.8 / 0.2) = 1.38629...
    assert abs(sigmoid(exact) - 0.8) < 1e-12
    assert check_log_odds(exact).correct is True
    assert check_log_odds(1.386).correct is True
    assert check_log_odds(1.387).correct is False
    assert check_log_odds(1.39).correct is False       # 2 decimal places instead of 3
    assert check_log_odds(None).correct is None
    fb = check_log_odds(4.0)
    assert fb.correct is False and "odds" in fb.message
    fb = check_log_odds(np.log(0.8))
    assert fb.correct is False and "ln(p)" in fb.message
    fb = check_log_odds(-1.386)
    assert fb.correct is False and "sign" in fb.message
    fb = check_log_odds(np.log10(4.0))
    assert fb.correct is False and "base-10" in fb.message
