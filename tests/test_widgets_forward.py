"""Tests of ForwardExplorer (chapter 5): every control changes the picture as the equations say."""
import numpy as np
import pytest

from nnbook.widgets.forward import WORKED_WEIGHTS, ForwardExplorer


def _by_hand(x1, x2, hidden="relu"):
    """The forward pass of the 2-2-1 worked network, written out from the formulas."""
    (W1, b1, W2, b2) = WORKED_WEIGHTS
    g = {"relu": lambda z: max(0.0, z), "sigmoid": lambda z: 1 / (1 + np.exp(-z)), "tanh": np.tanh}[hidden]
    z1 = [x1 * W1[0, j] + x2 * W1[1, j] + b1[j] for j in range(2)]
    a1 = [g(z) for z in z1]
    z2 = a1[0] * W2[0, 0] + a1[1] * W2[1, 0] + b2[0]
    return z1, a1, z2, 1 / (1 + np.exp(-z2))


def test_starts_at_the_worked_example():
    ex = ForwardExplorer()
    # the chapter's numbers: z = (2.5, -1), a = (2.5, 0), output z = 1, a = sigmoid(1)
    np.testing.assert_allclose(ex.state["z1"], [2.5, -1.0])
    np.testing.assert_allclose(ex.state["a1"], [2.5, 0.0])
    np.testing.assert_allclose(ex.state["z2"], [1.0])
    np.testing.assert_allclose(ex.state["a2"], [0.7310585786], atol=1e-9)
    assert ex.annotations["out"].get_text() == "z = 1.00\na = 0.731"
    assert ex.annotations["h2"].get_text() == "z = -1.00\na = 0.00"
    assert "sigmoid(1.00) = 0.731" in ex.readout.value


@pytest.mark.parametrize("name, value", [("x1", -2.0), ("x2", 0.75)])
def test_moving_an_input_recomputes_every_layer(name, value):
    ex = ForwardExplorer()
    before = ex.annotations["h1"].get_text()
    ex.controls[name].value = value
    x1, x2 = ex.controls["x1"].value, ex.controls["x2"].value
    z1, a1, z2, a2 = _by_hand(x1, x2)
    np.testing.assert_allclose(ex.state["z1"], z1)
    np.testing.assert_allclose(ex.state["a1"], a1)
    np.testing.assert_allclose(ex.state["z2"], [z2])
    np.testing.assert_allclose(ex.state["a2"], [a2])
    assert ex.annotations[name].get_text() == f"{name} = {value:.2f}"
    assert ex.annotations["h1"].get_text() == f"z = {z1[0]:.2f}\na = {a1[0]:.2f}"
    assert ex.annotations["h1"].get_text() != before
    assert ex.annotations["out"].get_text() == f"z = {z2:.2f}\na = {a2:.3f}"


def test_relu_clips_a_negative_weighted_input_to_zero():
    ex = ForwardExplorer()
    ex.controls["x1"].value = 3.0
    ex.controls["x2"].value = -1.0
    # h1: z = 0.5*3 + 1*(-1) + 0 = 0.5; h2: z = -1*3 + 0.5*(-1) - 1 = -4.5 -> a = 0
    np.testing.assert_allclose(ex.state["z1"], [0.5, -4.5])
    np.testing.assert_allclose(ex.state["a1"], [0.5, 0.0])


def test_step_reveals_layer_by_layer():
    ex = ForwardExplorer()
    ex.controls["step"].value = 0
    for n in ("h1", "h2", "out"):
        assert ex.annotations[n].get_text() == "z = ?\na = ?"
    assert "Move <i>step</i> to 1" in ex.readout.value
    grey_count = sum(1 for c in ex.nodes.get_facecolors() if np.allclose(c[:3], c[0]))
    ex.controls["step"].value = 1
    assert ex.annotations["h1"].get_text() == "z = 2.50\na = 2.50"
    assert ex.annotations["out"].get_text() == "z = ?\na = ?"
    assert "h1: z = 0.5·1 + 1·2 + 0 = 2.50" in ex.readout.value
    assert "h2: z = (-1)·1 + 0.5·2 + (-1) = -1.00" in ex.readout.value
    colors = ex.nodes.get_facecolors()
    assert not np.allclose(colors[2], colors[4])  # h1 computed, output not yet
    ex.controls["step"].value = 2
    assert ex.annotations["out"].get_text() == "z = 1.00\na = 0.731"
    np.testing.assert_allclose(ex.nodes.get_facecolors()[2], ex.nodes.get_facecolors()[4])
    assert ex.state["step"] == 2
    assert grey_count >= 1


@pytest.mark.parametrize("hidden", ["sigmoid", "tanh"])
def test_hidden_activation_dropdown(hidden):
    ex = ForwardExplorer()
    ex.controls["hidden"].value = hidden
    z1, a1, z2, a2 = _by_hand(1.0, 2.0, hidden)
    np.testing.assert_allclose(ex.state["a1"], a1)
    np.testing.assert_allclose(ex.state["a2"], [a2])
    assert ex.state["a1"][1] != 0.0  # h2 (z = -1) is no longer cut to 0
    ex.controls["step"].value = 1
    assert f"{hidden}(-1.00)" in ex.readout.value


def test_custom_weights_and_bad_shapes():
    W1 = np.array([[1.0, 0.0], [0.0, 1.0]])
    ex = ForwardExplorer([W1, np.zeros(2), np.array([[1.0], [1.0]]), np.zeros(1)], x1=0.5, x2=0.25)
    np.testing.assert_allclose(ex.state["z2"], [0.75])
    with pytest.raises(ValueError, match="shapes"):
        ForwardExplorer([W1, np.zeros(3), np.ones((2, 1)), np.zeros(1)])


def test_figure_renders():
    ex = ForwardExplorer()
    count = ex.draw_count
    ex.controls["x2"].value = -1.0
    assert ex.draw_count == count + 1
    assert ex.png[:4] == b"\x89PNG"                 # the rendered picture
    assert ex.image.value.startswith("<img") and "alt=" in ex.image.value
    assert "two input nodes" in ex.alt_text


def test_flipbook_over_step_and_gallery_over_the_hidden_activation_differ():
    ex = ForwardExplorer()
    book = ex.flipbook("step", [0, 1, 2])
    pictures = [frame.children[1].value for frame in book.stack.children]
    readouts = [frame.children[0].value for frame in book.stack.children]
    assert len(set(pictures)) == 3 and len(set(readouts)) == 3
    assert "Move <i>step</i>" in readouts[0] and "sigmoid(1.00) = 0.731" in readouts[2]
    gallery = ex.gallery({g: {"hidden": g} for g in ("relu", "sigmoid", "tanh")}, description="hidden")
    pictures = [frame.children[2].value for frame in gallery.stack.children]
    assert len(set(pictures)) == 3
    assert ex.values()["hidden"] == "relu" and ex.values()["step"] == 2
