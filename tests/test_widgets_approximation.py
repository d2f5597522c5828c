"""Tests of the chapter 4 approximation explorer: a 1-h-1 ReLU network built from hinges."""
import numpy as np
import pytest

from _explorers import explorer_fixture
import nnbook as nb
from nnbook.widgets.approximation import (INTERVAL, TARGETS, ApproximationExplorer, hinge_network, hinge_weights,
                                          max_error)


@pytest.mark.parametrize("h", [1, 3, 10])
def test_the_network_passes_through_the_target_at_every_knot(h):
    model = hinge_network(np.sin, h)
    knots = np.linspace(*INTERVAL, h + 1)
    np.testing.assert_allclose(model.predict(knots[:, None]).ravel(), np.sin(knots), atol=1e-12)


def test_the_network_is_the_sum_of_hinges_written_out():
    h = 5
    W1, b1, W2, b2 = hinge_weights(np.cos, h)
    assert [w.shape for w in (W1, b1, W2, b2)] == [(1, h), (h,), (h, 1), (1,)]
    x = np.linspace(-1.0, 7.5, 301)
    by_hand = b2[0] + sum(W2[u, 0] * np.maximum(0.0, W1[0, u] * x + b1[u]) for u in range(h))
    model = hinge_network(np.cos, h)
    assert isinstance(model, nb.Sequential) and model.count_params() == 3 * h + 1
    np.testing.assert_allclose(model.predict(x[:, None]).ravel(), by_hand, atol=1e-12)
    # between two knots the network is the straight line through the target's values there
    t = np.linspace(*INTERVAL, h + 1)
    mid = (t[1] + t[2]) / 2
    np.testing.assert_allclose(model.predict(np.array([[mid]]))[0, 0], (np.cos(t[1]) + np.cos(t[2])) / 2)


def test_the_error_falls_like_one_over_h_squared_and_respects_the_bound():
    errors = {h: max_error(hinge_network(np.sin, h), np.sin) for h in (8, 16, 32)}
    for h, err in errors.items():
        assert err <= (2 * np.pi / h) ** 2 / 8 * 1.001        # Δ² max|f''| / 8 with max|sin''| = 1
    assert 3.5 < errors[8] / errors[16] < 4.5
    assert 3.5 < errors[16] / errors[32] < 4.5


@pytest.mark.parametrize("bad", [0, -2, 2.5, True, "4"])
def test_a_bad_number_of_units_is_refused_with_the_fix(bad):
    with pytest.raises(ValueError, match="positive integer"):
        hinge_weights(np.sin, bad)


def test_a_bad_interval_or_function_is_refused():
    with pytest.raises(ValueError, match="a < b"):
        hinge_weights(np.sin, 3, interval=(2.0, 1.0))
    with pytest.raises(ValueError, match="function of x"):
        hinge_weights(3.0, 3)
    with pytest.raises(ValueError, match="finite numbers"):
        hinge_weights(lambda x: np.where(x > 0.5, np.nan, x), 3, interval=(0.0, 1.0))


# one explorer per worker, put back at its starting values before each test
ex = explorer_fixture(ApproximationExplorer)


def test_the_slider_sets_the_number_of_hidden_units(ex):
    for h in (2, 9, 40):
        ex.controls["h"].value = h
        assert ex.state["h"] == h and len(ex.state["knots"]) == h + 1
        assert ex.state["params"] == 3 * h + 1
        expected = max_error(hinge_network(np.sin, h), np.sin)
        assert ex.state["max_error"] == pytest.approx(expected)
        assert f"{expected:.4f}" in ex.readout.value and f"h = {h}</b>" in ex.readout.value
        assert len(ex.hinge_lines) == h + 1        # one line per hinge and the output bias
    ex.controls["h"].value = 4


def test_the_target_dropdown_changes_the_function(ex):
    errors = {}
    for name in TARGETS:
        ex.controls["target"].value = name
        errors[name] = ex.state["max_error"]
        np.testing.assert_allclose(ex.target_line.get_ydata(), TARGETS[name](ex.x))
    assert len(set(round(e, 6) for e in errors.values())) == len(TARGETS)
    ex.controls["target"].value = "sin(x)"


def test_labels_are_readable():
    ex = ApproximationExplorer()
    texts = [ex.ax_fit.title, ex.ax_hinges.title, ex.ax_fit.xaxis.label, *ex.ax_fit.get_xticklabels(),
             *ex.ax_fit.get_legend().get_texts()]
    assert min(t.get_fontsize() for t in texts) >= 9


def test_the_flipbook_over_h_has_different_frames():
    ex = ApproximationExplorer()
    book = ex.flipbook("h", [1, 2, 4, 8])
    frames = book.stack.children
    pictures = [frame.children[1].value for frame in frames]
    readouts = [frame.children[0].value for frame in frames]
    assert len(set(pictures)) == 4 and len(set(readouts)) == 4
    assert ex.controls["h"].value == 4


def test_unknown_target_or_too_many_units_is_refused():
    with pytest.raises(ValueError, match="target expected one of"):
        ApproximationExplorer(target="cos")
    with pytest.raises(ValueError, match="1 to 40"):
        ApproximationExplorer(h=41)
