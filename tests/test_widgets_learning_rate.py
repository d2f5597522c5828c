"""Tests of chapter 8's explorer: the path follows w <- w - eta dC/dw, and large rates diverge.

Expected numbers come from an nnbook model (compute_gradients), from least squares and from
the stability limit 2 / lambda_max, not from the explorer's own code.
"""
import warnings

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

import nnbook as nb  # noqa: E402
from nnbook.widgets.learning_rate import (DATA_KW, START, LearningRateExplorer,  # noqa: E402
                                          LinearNeuronSurface, descent_path)


@pytest.fixture(scope="module")
def data():
    return nb.make_regression_1d(**DATA_KW)


@pytest.fixture
def ex():
    return LearningRateExplorer()


def reference_path(X, y, eta, steps):
    """Gradient descent driven by an nnbook model's own gradients."""
    m = nb.Sequential([nb.Dense(1, input_shape=(1,))])
    m.compile(loss="mse")
    m.set_weights([np.array([[START[0]]]), np.array([START[1]])])
    pts, costs = [START], [m.cost(X, y)]
    for _ in range(steps):
        W, b = m.get_weights()
        dW, db = m.compute_gradients(X, y)
        m.set_weights([W - eta * dW, b - eta * db])
        W, b = m.get_weights()
        pts.append((W[0, 0], b[0]))
        costs.append(m.cost(X, y))
    return np.array(pts), np.array(costs)


def lambda_max(X):
    x = X[:, 0]
    H = 2 * np.array([[np.mean(x * x), np.mean(x)], [np.mean(x), 1.0]])
    return np.linalg.eigvalsh(H).max()


def test_surface_matches_the_model(data):
    X, y = data
    s = LinearNeuronSurface(X, y)
    m = nb.Sequential([nb.Dense(1, input_shape=(1,))])
    m.compile(loss="mse")
    for w, b in [(0.3, -1.0), (2.0, 0.5)]:
        m.set_weights([np.array([[w]]), np.array([b])])
        assert np.isclose(s.cost(w, b), m.cost(X, y))
        dW, db = m.compute_gradients(X, y)
        np.testing.assert_allclose(s.gradient(np.array([w, b])), [dW[0, 0], db[0]], rtol=1e-10)
    A = np.column_stack([X[:, 0], np.ones(len(X))])
    np.testing.assert_allclose(s.minimum, np.linalg.lstsq(A, y, rcond=None)[0], rtol=1e-8)


def test_initial_path_follows_the_update_rule(ex, data):
    X, y = data
    pts, costs = reference_path(X, y, 0.05, 30)
    line_x, line_y = ex.path_line.get_data()
    np.testing.assert_allclose(line_x, pts[:, 0], rtol=1e-9)
    np.testing.assert_allclose(line_y, pts[:, 1], rtol=1e-9)
    np.testing.assert_allclose(ex.loss_line.get_ydata(), costs, rtol=1e-9)
    assert ex.state["status"] == "descending"


def test_learning_rate_slider_changes_the_path(ex, data):
    X, y = data
    ex.controls["learning_rate"].value = 0.2
    pts, costs = reference_path(X, y, 0.2, 30)
    np.testing.assert_allclose(np.column_stack(ex.path_line.get_data()), pts, rtol=1e-9, atol=1e-12)
    # eta = 0.2 is above 1/lambda_max: w overshoots the minimum, so successive w - w* change sign
    w_star = ex.surface.minimum[0]
    assert 0.2 > 1 / lambda_max(X)
    signs = np.sign(pts[1:6, 0] - w_star)
    assert np.any(signs[1:] != signs[:-1])
    assert ex.state["status"] in ("converged", "oscillating")
    assert abs(ex.state["final_cost"] - ex.surface.min_cost) < 1e-6


def test_small_rate_is_slow(ex):
    ex.controls["learning_rate"].value = 0.001
    assert ex.state["status"] == "descending"
    assert ex.state["final_cost"] > 0.5 * ex.state["costs"][0]      # barely moved in 30 steps
    assert "still descending" in ex.readout.value


def test_steps_slider_extends_the_path(ex, data):
    X, y = data
    ex.controls["steps"].value = 80
    assert len(ex.path_line.get_xdata()) == 81
    assert ex.ax_loss.get_xlim() == (0, 80)
    pts, _ = reference_path(X, y, 0.05, 80)
    np.testing.assert_allclose(ex.path_line.get_xdata()[-1], pts[-1, 0], rtol=1e-9)


def test_just_above_the_limit_the_loss_grows(ex, data):
    X, y = data
    eta_max = 2 / lambda_max(X)
    assert np.isclose(ex.state["eta_max"], eta_max)
    ex.controls["learning_rate"].value = 1.05 * eta_max
    costs = ex.loss_line.get_ydata()
    assert costs[-1] > costs[0] and costs[-1] > costs[-2]
    assert ex.state["status"] == "diverging"
    assert "diverging" in ex.readout.value and ex.div_text.get_visible()
    ex.controls["learning_rate"].value = 0.95 * eta_max
    ex.controls["steps"].value = 100
    assert ex.state["costs"][-1] < ex.state["costs"][0]
    assert not ex.div_text.get_visible()


def test_large_rate_diverges_without_warnings(data):
    X, y = data
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ex = LearningRateExplorer(steps=100)
        ex.controls["learning_rate"].value = 1.0
    k = ex.state["diverged_at"]
    # |1 - eta lambda_max| = 5.19 per step in the steep direction: |w| passes 1e6 within ~10 steps
    assert isinstance(k, int) and 5 <= k <= 12
    assert f"diverged after {k} steps" in ex.readout.value
    assert ex.div_text.get_text() == f"diverged after {k} steps"
    path = ex.state["path"]
    assert np.all(np.isfinite(path)) and len(path) == k + 1
    assert np.abs(path[-1]).max() > 1e6                       # the last point is far off the picture
    assert ex.loss_line.get_ydata()[-1] > 1e10
    pts, _ = reference_path(X, y, 1.0, 3)
    np.testing.assert_allclose(path[:4], pts, rtol=1e-9)


def test_descent_path_stops_at_non_finite_values():
    s = LinearNeuronSurface(np.array([[1e150], [-1e150]]), np.array([0.0, 1.0]))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        p = descent_path(s, 1.0, 50, start=(1.0, 0.0), bound=np.inf)
    assert p.diverged_at is not None and np.all(np.isfinite(p.points)) and np.all(np.isfinite(p.costs))


def test_flipbook_frames_differ_along_the_learning_rate():
    # the chapter's flip-book over the three regimes: slow, zigzag, divergence
    ex = LearningRateExplorer(learning_rate=0.25, steps=40)
    rates = [0.01, 0.03, 0.1, 0.16, 0.25, 0.3, 0.34, 0.6]
    book = ex.flipbook("learning_rate", rates)
    pictures = [next(c.value for c in f.children if "nnbook-flipbook-frame" in c.value)
                for f in book.stack.children]
    assert len(set(pictures)) == len(rates)
    assert ex.controls["learning_rate"].value == pytest.approx(0.25)


def test_text_at_least_11px_and_inside_the_picture():
    from _readability import assert_readable
    ex = LearningRateExplorer()
    for eta in (0.01, 0.6):                       # a converging and a diverging run (with its warning text)
        ex.controls["learning_rate"].value = eta
        assert_readable(ex.figure)
