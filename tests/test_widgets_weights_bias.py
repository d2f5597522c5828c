"""Tests of the chapter 2 explorer: every control changes the curves as z = w x + b, a = g(z) say."""
import numpy as np
import pytest

from nnbook.widgets.weights_bias import WeightBiasExplorer


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


@pytest.fixture
def ex():
    return WeightBiasExplorer(w=1.0, b=0.0, activation="sigmoid")


def curve(line):
    return np.asarray(line.get_xdata(), float), np.asarray(line.get_ydata(), float)


def test_initial_curves(ex):
    x, z = curve(ex.z_line)
    np.testing.assert_allclose(z, x)
    x, a = curve(ex.a_line)
    np.testing.assert_allclose(a, sigmoid(x))
    assert ex.state["x0"] == 0.0
    assert ex.png[:4] == b"\x89PNG"                 # the rendered picture
    assert ex.image.value.startswith("<img") and "alt=" in ex.image.value


def test_weight_sets_steepness_and_crossing(ex):
    ex.controls["b"].value = -2.0
    ex.controls["w"].value = 4.0
    x, z = curve(ex.z_line)
    np.testing.assert_allclose(z, 4.0 * x - 2.0)
    x, a = curve(ex.a_line)
    np.testing.assert_allclose(a, sigmoid(4.0 * x - 2.0))
    # z = 0 at x = -b/w = 0.5, marked in both panels
    assert ex.state["x0"] == pytest.approx(0.5)
    assert ex.a_root.get_xdata()[0] == pytest.approx(0.5)
    assert ex.a_root.get_ydata()[0] == pytest.approx(0.5)
    assert ex.root_line.get_xdata()[0] == pytest.approx(0.5)
    # slope there: w * sigmoid'(0) = 4 * 0.25, and a numerical derivative agrees
    assert ex.state["slope_at_x0"] == pytest.approx(1.0)
    h = 1e-5
    assert (sigmoid(4 * (0.5 + h) - 2) - sigmoid(4 * (0.5 - h) - 2)) / (2 * h) == pytest.approx(1.0, rel=1e-6)
    assert "0.50" in ex.readout.value


def test_negative_weight_mirrors_the_curve(ex):
    ex.controls["w"].value = 2.0
    _, a_pos = curve(ex.a_line)
    ex.controls["w"].value = -2.0
    x, a_neg = curve(ex.a_line)
    np.testing.assert_allclose(a_neg, 1.0 - a_pos)       # sigmoid(-z) = 1 - sigmoid(z)
    np.testing.assert_allclose(a_neg, a_pos[::-1])       # the mirror image in x (x grid symmetric)
    assert np.all(np.diff(a_neg) < 0)                    # now falling
    assert ex.state["slope_at_x0"] == pytest.approx(-0.5)


def test_bias_shifts_by_minus_b_over_w(ex):
    ex.controls["w"].value = 2.0
    ex.controls["b"].value = 3.0
    x, a = curve(ex.a_line)
    np.testing.assert_allclose(a, sigmoid(2.0 * x + 3.0))
    assert ex.state["x0"] == pytest.approx(-1.5)
    # the output at x = 0 is g(b), marked by the square
    assert ex.a_at_zero.get_ydata()[0] == pytest.approx(sigmoid(3.0))
    assert ex.z_at_zero.get_ydata()[0] == pytest.approx(3.0)
    assert ex.state["a_at_zero"] == pytest.approx(sigmoid(3.0))


def test_zero_weight_gives_a_flat_curve(ex):
    ex.controls["b"].value = 1.0
    ex.controls["w"].value = 0.0
    _, a = curve(ex.a_line)
    np.testing.assert_allclose(a, sigmoid(1.0))
    assert ex.state["x0"] is None
    assert not ex.root_line.get_visible()
    assert len(ex.a_root.get_xdata()) == 0
    assert "flat" in ex.readout.value
    ex.controls["w"].value = 1.0
    assert ex.root_line.get_visible()


@pytest.mark.parametrize("name, g, g0_slope", [("tanh", np.tanh, 1.0), ("linear", lambda z: z, 1.0),
                                               ("sigmoid", sigmoid, 0.25)])
def test_activation_dropdown(ex, name, g, g0_slope):
    ex.controls["w"].value = 1.5
    ex.controls["b"].value = -1.0
    ex.controls["activation"].value = name
    x, a = curve(ex.a_line)
    np.testing.assert_allclose(a, g(1.5 * x - 1.0), atol=1e-12)
    _, ref = curve(ex.reference)
    np.testing.assert_allclose(ref, g(x), atol=1e-12)
    assert ex.state["slope_at_x0"] == pytest.approx(1.5 * g0_slope)
    assert ex.a_root.get_ydata()[0] == pytest.approx(g(0.0))
    assert name in ex.title.get_text()


#: the flip-books and the gallery chapter 2 shows on the web page (the same values as its cells)
FLIP_W = [-3.0, -1.0, 0.0, 0.5, 1.0, 2.0, 4.0]
FLIP_B = [-4.0, -2.0, -1.0, 0.0, 1.0, 2.0, 4.0]
GALLERY = {name: {"activation": name, "w": 2.0, "b": 1.0} for name in ("sigmoid", "tanh", "linear")}


@pytest.mark.parametrize("name, values", [("w", FLIP_W), ("b", FLIP_B)])
def test_flipbook_frames_differ(ex, name, values):
    book = ex.flipbook(name, values)
    frames = book.stack.children
    assert len(frames) == len(values)
    pictures = [frame.children[-1].value for frame in frames]
    readouts = [frame.children[0].value for frame in frames]
    assert len(set(pictures)) == len(values) and len(set(readouts)) == len(values)
    assert book.chooser.index == values.index(1.0 if name == "w" else 0.0)
    assert ex.values() == {"w": 1.0, "b": 0.0, "activation": "sigmoid"}       # the explorer is left as it was
    if name == "w":
        assert "w = 0: z = b = 0.00" in readouts[values.index(0.0)]           # flat at sigmoid(0)
        assert "slope da/dx = w g'(0) = 1.00" in readouts[values.index(4.0)]  # 4 * 0.25
    else:
        for b, readout in zip(values, readouts):                             # midpoint at -b/w = -b
            assert f"x = -b/w = {-b + 0.0:.2f}" in readout
            assert f"g(b) = {sigmoid(b):.2f}" in readout


def test_gallery_frames_differ_by_activation(ex):
    book = ex.gallery(GALLERY, description="Activation")
    frames = book.stack.children
    assert len(frames) == len(GALLERY)
    captions, readouts, pictures = zip(*[(f.children[0].value, f.children[1].value, f.children[2].value)
                                         for f in frames])
    assert len(set(pictures)) == len(GALLERY) and len(set(readouts)) == len(GALLERY)
    for name, caption in zip(GALLERY, captions):
        assert name in caption
    assert f"g(b) = {sigmoid(1.0):.2f}" in readouts[0]
    assert f"g(b) = {np.tanh(1.0):.2f}" in readouts[1]
    assert "g(b) = 1.00" in readouts[2]
    assert ex.values() == {"w": 1.0, "b": 0.0, "activation": "sigmoid"}
