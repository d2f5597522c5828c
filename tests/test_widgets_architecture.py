"""Tests of the chapter 4 explorer: each of the nine sliders changes the network as the equations say."""
import numpy as np
import pytest

from _explorers import explorer_fixture
from nnbook.widgets.architecture import START, XorExplorer


def png_of(ex):
    """The rendered picture: ``ex.png`` (an <img> in an HTML widget) or, in older bases, the Image widget's bytes."""
    return ex.png if hasattr(ex, "png") else ex.image.value


XOR_X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
XOR_Y = np.array([0, 1, 1, 0])


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def forward(v, X=XOR_X):
    """The 2-2-1 sigmoid network written out unit by unit from the slider values."""
    x1, x2 = X[:, 0], X[:, 1]
    h1 = sigmoid(v["w11"] * x1 + v["w21"] * x2 + v["b1"])
    h2 = sigmoid(v["w12"] * x1 + v["w22"] * x2 + v["b2"])
    return sigmoid(v["v1"] * h1 + v["v2"] * h2 + v["c"])


# one explorer per worker, put back at its starting values before each test
ex = explorer_fixture(XorExplorer)


def reset(ex):
    for name, value in START.items():
        ex.controls[name].value = value


def test_has_nine_controls_and_starts_at_a_solution(ex):
    reset(ex)
    assert len(ex.controls) == 9
    assert ex.state["correct"] == 4
    np.testing.assert_allclose(ex.state["outputs"], forward(START))
    assert "4 of 4" in ex.readout.value
    assert png_of(ex)[:4] == b"\x89PNG"


@pytest.mark.parametrize("name", list(START))
def test_every_slider_changes_the_outputs(ex, name):
    reset(ex)
    new = -START[name] / 2                    # inside the slider range, and different from the start
    ex.controls[name].value = new
    values = {**START, name: new}
    expected = forward(values)
    assert not np.allclose(expected, forward(START))  # the slider matters
    np.testing.assert_allclose(ex.state["outputs"], expected, rtol=1e-10)
    assert ex.state["correct"] == int(((expected >= 0.5) == XOR_Y).sum())
    assert f"{ex.state['correct']} of 4" in ex.readout.value
    for text, p in zip(ex.point_texts, expected):
        assert f"p={p:.2f}" in text.get_text()


@pytest.mark.parametrize("name", list(START))
def test_sliders_set_the_matching_weight_entry(ex, name):
    reset(ex)
    ex.controls[name].value = 2.5
    W1, b1, W2, b2 = ex.state["weights"]
    where = {"w11": W1[0, 0], "w21": W1[1, 0], "w12": W1[0, 1], "w22": W1[1, 1], "b1": b1[0], "b2": b1[1],
             "v1": W2[0, 0], "v2": W2[1, 0], "c": b2[0]}
    assert where[name] == 2.5


def test_hidden_units_are_or_and_nand_at_start(ex):
    reset(ex)
    h = ex.state["hidden"]
    assert list((h[:, 0] > 0.5).astype(int)) == [0, 1, 1, 1]   # OR
    assert list((h[:, 1] > 0.5).astype(int)) == [1, 1, 1, 0]   # NAND


def test_dropping_the_nand_unit_breaks_xor(ex):
    reset(ex)
    ex.controls["v2"].value = 0.0
    p = forward({**START, "v2": 0.0})
    assert ex.state["correct"] == int(((p >= 0.5) == XOR_Y).sum()) == 2
    assert "not solved" in ex.readout.value


def test_flipping_output_layer_gives_xnor(ex):
    reset(ex)
    for name in ("v1", "v2", "c"):
        ex.controls[name].value = -START[name]
    assert ex.state["correct"] == 0
    reset(ex)


def test_regions_match_the_outputs_on_the_grid(ex):
    reset(ex)
    ex.controls["b2"].value = 4.0
    values = {**START, "b2": 4.0}
    p_grid = forward(values, ex.grid).reshape(ex.g1.shape)
    np.testing.assert_allclose(ex.state["grid_outputs"], p_grid, rtol=1e-10)
    np.testing.assert_array_equal(ex.regions.get_array(), (p_grid >= 0.5).astype(float))


def test_line_colors_and_widths_follow_the_weights(ex):
    reset(ex)
    ex.controls["w12"].value = -10.0          # the biggest |w| now: the thickest line
    lines = ex.lines                          # order: W1[0,0], W1[0,1], W1[1,0], W1[1,1], W2[0,0], W2[1,0]
    assert len(lines) == 6
    widths = [line.get_linewidth() for line in lines]
    assert widths[1] == pytest.approx(0.3 + 6.0)
    assert widths[0] == pytest.approx(0.3 + 6.0 * 6 / 10)
    assert lines[1].get_linestyle() == "--" and lines[0].get_linestyle() == "-"
    assert lines[1].get_color() == "#c0392b" and lines[0].get_color() == "#1f5fbf"
    ex.controls["w12"].value = 3.0
    assert lines[1].get_linestyle() == "-"
    assert [t.get_text() for t in ex.bias_texts] == ["b=-3.0", "b=+9.0", "b=-9.0"]


def test_constant_network_has_no_boundary_line(ex):
    reset(ex)
    ex.controls["c"].value = 10.0
    ex.controls["v1"].value = 0.0
    ex.controls["v2"].value = 0.0
    assert ex.boundary is None
    assert ex.state["correct"] == 2
    reset(ex)
    assert ex.boundary is not None


def test_unknown_start_parameter():
    with pytest.raises(ValueError, match="unknown"):
        XorExplorer(w33=1.0)


def _class1_share(ex):
    return float(np.mean(ex.state["grid_outputs"] >= 0.5))


def test_scaling_up_keeps_the_regions_scaling_down_moves_them(ex):
    """The docstring and chapter 4 say: doubling every parameter leaves the class-1 region where it was,
    halving shrinks it (about 43% -> 38% of the square), dividing by 3 removes it. Halving and dividing
    by 3 are done on the sliders; doubling (beyond the sliders' range) with the unit-by-unit equations."""
    shares = {}
    for factor in (1.0, 0.5, 1 / 3):
        for name, value in START.items():
            ex.controls[name].value = value * factor          # all on the sliders' 0.5 grid
        np.testing.assert_allclose(ex.state["outputs"], forward({k: v * factor for k, v in START.items()}))
        shares[factor] = _class1_share(ex)
    g = np.linspace(-0.5, 1.5, 101)
    plane = np.column_stack([a.ravel() for a in np.meshgrid(g, g)])
    doubled = forward({k: 2 * v for k, v in START.items()}, X=plane)
    reset(ex)
    assert abs(float(np.mean(doubled >= 0.5)) - shares[1.0]) < 0.005
    assert round(shares[1.0], 2) == 0.43 and round(shares[0.5], 2) == 0.38
    assert shares[1 / 3] == 0.0
    assert ex.state["correct"] == 4


def test_second_solution_of_the_exercise_fits_the_sliders(ex):
    from nnbook.selfcheck.architecture import XOR_SOLUTION
    W1, b1, W2, b2 = XOR_SOLUTION
    values = {"w11": W1[0, 0], "w21": W1[1, 0], "b1": b1[0], "w12": W1[0, 1], "w22": W1[1, 1], "b2": b1[1],
              "v1": W2[0, 0], "v2": W2[1, 0], "c": b2[0]}
    for name, value in values.items():
        ex.controls[name].value = value
        assert ex.controls[name].value == value               # not clipped by the slider
    assert ex.state["correct"] == 4
    h = ex.state["hidden"]
    assert list((h[:, 1] > 0.5).astype(int)) == [0, 0, 0, 1]  # hidden unit 2 computes AND
    reset(ex)


def test_values_from_weights_inverts_weights_from_values():
    from nnbook.widgets.architecture import values_from_weights, weights_from_values
    assert values_from_weights(weights_from_values(START)) == START
    W = [np.array([[0.123, -0.456], [1.0, 2.0]]), np.array([0.5, -0.5]), np.array([[3.0], [-3.0]]), np.array([1.0])]
    values = values_from_weights(W, decimals=2)
    assert values["w11"] == 0.12 and values["w12"] == -0.46 and values["c"] == 1.0
    with pytest.raises(ValueError, match="expected shapes"):
        values_from_weights([w.T for w in W])


def test_gallery_frames_differ_and_show_the_preset_weights():
    from nnbook.widgets.architecture import values_from_weights
    ex = XorExplorer()
    untrained = {name: 0.5 for name in START}
    book = ex.gallery({"untrained": untrained, "hand-set": START,
                       "halved": {k: v / 2 for k, v in START.items()}})
    frames = book.stack.children
    pictures = [frame.children[2].value for frame in frames]
    readouts = [frame.children[1].value for frame in frames]
    assert len(set(pictures)) == 3 and len(set(readouts)) == 3
    assert "4 of 4" in readouts[1] and "4 of 4" not in readouts[0]
    assert ex.values() == START                       # the explorer is left as it was
    assert values_from_weights(ex.model.get_weights()) == START    # and so is its network


def test_point_and_bias_labels_are_readable(ex):
    # at least 9 pt: about 11 px on screen once the 8 in figure is scaled to the book's column
    texts = ex.point_texts + ex.bias_texts + [ex.ax_plane.title, ex.ax_net.title]
    assert min(t.get_fontsize() for t in texts) >= 9
