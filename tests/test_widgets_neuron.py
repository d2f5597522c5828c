"""Tests of the chapter 1 explorer: every control changes the picture as the equations say."""
import numpy as np
import pytest

import nnbook as nb
from nnbook.widgets.neuron import NeuronExplorer


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def on_line(ex, w1, w2, b):
    """Both end points of the drawn decision line satisfy w1 x1 + w2 x2 + b = 0."""
    xs, ys = ex.line.get_data()
    assert len(xs) == 2
    np.testing.assert_allclose(w1 * np.asarray(xs) + w2 * np.asarray(ys) + b, 0.0, atol=1e-9)


@pytest.fixture
def ex():
    return NeuronExplorer(w1=1.0, w2=1.0, b=0.0)


def test_initial_picture_matches_the_neuron(ex):
    on_line(ex, 1.0, 1.0, 0.0)
    X, y = ex.X, ex.y
    expected_acc = np.mean((sigmoid(X[:, 0] + X[:, 1]) >= 0.5) == y)
    assert ex.state["accuracy"] == pytest.approx(expected_acc)
    assert f"{expected_acc:.0%}" in ex.readout.value
    assert ex.png[:4] == b"\x89PNG"                 # the rendered picture
    assert ex.image.value.startswith("<img") and "alt=" in ex.image.value


def test_w1_moves_line_shading_and_accuracy(ex):
    before = np.array(ex.shade.get_array()).copy()
    ex.controls["w1"].value = -2.0
    on_line(ex, -2.0, 1.0, 0.0)
    shade = np.array(ex.shade.get_array())
    assert not np.allclose(shade, before)
    # the shading at the grid corner (x1, x2) = (lo, lo) is sigmoid(-2 lo + lo)
    lo = ex.shade.get_extent()[0]
    assert shade[0, 0] == pytest.approx(sigmoid(-2.0 * lo + 1.0 * lo))
    pred = (sigmoid(ex.X @ np.array([-2.0, 1.0])) >= 0.5).astype(int)
    assert ex.state["accuracy"] == pytest.approx(np.mean(pred == ex.y))
    assert ex.state["accuracy"] < 0.5  # this line puts most points on the wrong side


def test_w2_moves_line(ex):
    ex.controls["w2"].value = -3.0
    on_line(ex, 1.0, -3.0, 0.0)
    z = ex.X @ np.array([1.0, -3.0])
    np.testing.assert_allclose(ex.state["a"], sigmoid(z))


def test_bias_shifts_line_parallel(ex):
    ex.controls["b"].value = 2.0
    on_line(ex, 1.0, 1.0, 2.0)
    xs, ys = ex.line.get_data()
    # slope unchanged (-w1/w2 = -1), intercept at x1 = 0 is -b/w2 = -2
    slope = (ys[1] - ys[0]) / (xs[1] - xs[0])
    assert slope == pytest.approx(-1.0)
    assert ys[0] - slope * xs[0] == pytest.approx(-2.0)
    # points with z = x1 + x2 + 2 >= 0 are predicted class 1
    np.testing.assert_array_equal(ex.state["predictions"], (ex.X.sum(axis=1) + 2.0 >= 0).astype(int))


def test_flipping_all_signs_keeps_line_and_complements_accuracy(ex):
    ex.controls["w1"].value, ex.controls["w2"].value, ex.controls["b"].value = 1.5, 0.5, 0.7
    acc = ex.state["accuracy"]
    ex.controls["w1"].value = -1.5
    ex.controls["w2"].value = -0.5
    ex.controls["b"].value = -0.7
    on_line(ex, -1.5, -0.5, -0.7)
    no_point_on_line = np.all(np.abs(ex.X @ np.array([1.5, 0.5]) + 0.7) > 1e-12)
    assert no_point_on_line
    assert ex.state["accuracy"] == pytest.approx(1.0 - acc)


def test_zero_weights_have_no_line(ex):
    ex.controls["w1"].value = 0.0
    ex.controls["w2"].value = 0.0
    ex.controls["b"].value = -1.0
    assert len(ex.line.get_data()[0]) == 0
    np.testing.assert_allclose(ex.state["a"], sigmoid(-1.0))
    assert ex.state["accuracy"] == pytest.approx(np.mean(ex.y == 0))
    assert "no decision line" in ex.readout.value


def test_dataset_dropdown_changes_the_points(ex):
    X_blobs = ex.X.copy()
    ex.controls["dataset"].value = "XOR"
    X_xor, y_xor = nb.make_xor(n_samples=100, noise=0.3, seed=0)
    np.testing.assert_array_equal(ex.X, X_xor)
    assert not np.array_equal(ex.X, X_blobs)
    offsets = np.vstack([p.get_offsets() for p in ex._points])
    assert len(offsets) == len(X_xor)
    # a single line cannot classify XOR: the best of many random lines stays well below 100 %
    rng = np.random.default_rng(0)
    best = 0.0
    for w1, w2, b in rng.normal(0, 2, size=(300, 3)):
        best = max(best, np.mean(((X_xor @ [w1, w2] + b) >= 0) == y_xor))
    assert best < 0.8
    ex.controls["w1"].value = 2.0
    expected = np.mean(((X_xor @ [2.0, 1.0]) >= 0) == y_xor)
    assert ex.state["accuracy"] == pytest.approx(expected)


def test_shifted_blobs_need_a_bias(ex):
    ex.controls["dataset"].value = "shifted blobs"
    X, y = ex.X, ex.y
    ex.controls["b"].value = 0.0
    best_without_bias = 0.0
    for angle in np.linspace(0, 2 * np.pi, 360, endpoint=False):
        w = np.array([np.cos(angle), np.sin(angle)])
        best_without_bias = max(best_without_bias, np.mean(((X @ w) >= 0) == y))
    assert best_without_bias < 0.8
    ex.controls["w1"].value, ex.controls["w2"].value, ex.controls["b"].value = 2.0, 2.0, -7.0
    assert ex.state["accuracy"] > 0.95


def test_custom_data_has_no_dropdown():
    X = np.array([[0.0, 0.0], [1.0, 1.0]])
    ex = NeuronExplorer(X=X, y=[0, 1], w1=1.0, w2=1.0, b=-1.0)
    assert "dataset" not in ex.controls
    assert ex.state["accuracy"] == 1.0
