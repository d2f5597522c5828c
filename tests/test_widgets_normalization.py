"""Tests of the scaling explorer: contours, paths and verdicts follow the quadratic cost's algebra,
checked against plain numpy gradient descent written out here."""
import numpy as np
import pytest

from _explorers import explorer_fixture
import nnbook as nb
from nnbook.widgets.normalization import START, ScalingExplorer, base_problem

LR, STEPS = 0.1, 100


def plain_gd(X, y, steps=STEPS):
    """Gradient descent on mean((Xw - y)^2), written independently (no nnbook optimizer)."""
    w = np.array(START, dtype=float)
    out = [w.copy()]
    for _ in range(steps):
        w = w - LR * (2 / len(X)) * X.T @ (X @ w - y)
        out.append(w.copy())
    return np.array(out)


# one explorer per worker, put back at its starting values before each test
ex = explorer_fixture(ScalingExplorer)


def test_scale_one_converges_quickly(ex):
    X, y = base_problem()
    assert ex.state["scale"] == 1.0 and not ex.state["standardize"]
    np.testing.assert_allclose(ex.state["path"], plain_gd(X, y), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(ex.state["w_star"], np.linalg.solve(X.T @ X, X.T @ y), rtol=1e-10)
    assert ex.state["condition_number"] == pytest.approx(np.linalg.cond(X.T @ X), rel=1e-9)
    assert not ex.state["diverged"] and ex.state["steps"] is not None and ex.state["steps"] < 30
    xs, ys = ex.path_line.get_data()
    np.testing.assert_allclose(xs[:3], plain_gd(X, y)[:3, 0])
    assert "converged in" in ex.readout.value


def test_large_scale_diverges(ex):
    ex.controls["scale"].value = 10.0
    X0, y = base_problem()
    X = X0 * np.array([1.0, 10.0])
    lam_max = np.linalg.eigvalsh(2 / len(X) * X.T @ X)[-1]
    assert LR * lam_max > 2            # the fixed step is beyond the stability limit 2 / lambda_max
    assert ex.state["diverged"] and ex.state["steps"] is None
    assert ex.state["max_stable_learning_rate"] == pytest.approx(2 / lam_max, rel=1e-9)
    assert ex.state["condition_number"] == pytest.approx(np.linalg.cond(X.T @ X), rel=1e-9)
    assert ex.state["condition_number"] > 100
    assert "diverged" in ex.readout.value
    np.testing.assert_allclose(ex.opt_marker.get_data()[1], [np.linalg.solve(X.T @ X, X.T @ y)[1]], rtol=1e-9)


def test_moderate_scale_converges_more_slowly(ex):
    ex.controls["scale"].value = 1.0
    fast = ex.state["steps"]
    ex.controls["scale"].value = 3.0
    X0, y = base_problem()
    X = X0 * np.array([1.0, 3.0])
    path = plain_gd(X, y)
    c = np.mean((path @ X.T - y) ** 2, axis=1)
    c_star = np.mean((X @ np.linalg.lstsq(X, y, rcond=None)[0] - y) ** 2)
    gap = (c - c_star) / (c[0] - c_star)
    expected_steps = int(np.flatnonzero(gap < 1e-3)[0])
    assert ex.state["steps"] == expected_steps
    assert ex.state["steps"] > 3 * fast


def test_small_scale_crawls(ex):
    ex.controls["scale"].value = 0.2
    assert not ex.state["diverged"]
    assert ex.state["steps"] is None            # not converged within 100 steps
    assert "not converged" in ex.readout.value
    X0, y = base_problem()
    X = X0 * np.array([1.0, 0.2])
    assert ex.state["w_star"][1] == pytest.approx(np.linalg.solve(X.T @ X, X.T @ y)[1], rel=1e-9)


def test_standardize_checkbox_removes_the_scale(ex):
    ex.controls["scale"].value = 10.0
    ex.controls["standardize"].value = True
    X0, y = base_problem()
    Xs = (X0 * [1.0, 10.0] - (X0 * [1.0, 10.0]).mean(0)) / (X0 * [1.0, 10.0]).std(0)
    assert ex.state["condition_number"] == pytest.approx(np.linalg.cond(Xs.T @ Xs), rel=1e-9)
    assert not ex.state["diverged"] and ex.state["steps"] < 30
    cond10 = ex.state["condition_number"]
    ex.controls["scale"].value = 0.2
    assert ex.state["condition_number"] == pytest.approx(cond10, rel=1e-9)   # scale no longer matters
    assert "standardized" in ex.readout.value
    ex.controls["standardize"].value = False


def test_contours_follow_the_cost(ex):
    ex.controls["scale"].value = 1.0
    X, y = base_problem()
    levels = ex._contours.levels
    c_star = np.mean((X @ np.linalg.lstsq(X, y, rcond=None)[0] - y) ** 2)
    assert levels[0] > c_star and np.all(np.diff(levels) > 0)
    # every vertex of the innermost contour lies on the cost level it claims
    seg = ex._contours.allsegs[0][0]
    costs = np.mean((seg @ X.T - y) ** 2, axis=1)
    np.testing.assert_allclose(costs, levels[0], rtol=2e-2)
    assert ex.png[:4] == b"\x89PNG" and "alt=" in ex.image.value


def test_path_uses_nnbook_sgd():
    # one step of nb.SGD on the same gradient matches the explorer's second point
    X, y = base_problem()
    w = np.array(START, dtype=float)
    nb.SGD(learning_rate=LR).step([w], [2 / len(X) * X.T @ (X @ np.array(START) - y)])
    np.testing.assert_allclose(ScalingExplorer().state["path"][1], w)



def test_scale_flipbook_frames_differ(ex):
    # the chapter's flip-book along the scale of feature 2, for the web page
    ex.controls["standardize"].value = False
    book = ex.flipbook("scale", [0.2, 1.0, 2.0, 2.8, 3.2])
    pictures = [next(c.value for c in frame.children if "nnbook-flipbook-frame" in c.value)
                for frame in book.stack.children]
    assert len(set(pictures)) == 5
    readouts = [frame.children[0].value for frame in book.stack.children]
    assert "not converged" in readouts[0] and "diverged" in readouts[-1]
