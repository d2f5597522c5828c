"""Tests of chapter 7's explorer: each control changes the picture as backpropagation says.

Expected numbers come from nnbook's own model (compute_gradients) and from the formulas,
never from the explorer's code.
"""
import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

import nnbook as nb  # noqa: E402
from nnbook.widgets.backprop import (DEFAULT_B1, DEFAULT_B2, DEFAULT_W1, DEFAULT_W2,  # noqa: E402
                                     BackpropExplorer, plot_neuron_graph)


def reference(x1, w11, y, x2=-1.0):
    """Forward values and gradients from an nnbook model with the explorer's weights."""
    W1 = DEFAULT_W1.copy()
    W1[0, 0] = w11
    m = nb.Sequential([nb.Dense(2, activation="sigmoid", input_shape=(2,)), nb.Dense(1, activation="sigmoid")])
    m.compile(loss="binary_crossentropy")
    m.set_weights([W1, DEFAULT_B1, DEFAULT_W2, DEFAULT_B2])
    X = np.array([[x1, x2]])
    steps = m.forward_steps(X)
    dW1, db1, dW2, db2 = m.compute_gradients(X, np.array([y]))
    return dict(a1=steps[0]["a"][0], p=float(steps[1]["a"][0, 0]), loss=m.cost(X, np.array([y])),
                dW1=dW1, db1=db1, dW2=dW2, db2=db2)


@pytest.fixture
def ex():
    return BackpropExplorer()


def test_starts_with_forward_pass_only(ex):
    ref = reference(0.5, 0.4, 1)
    assert ex.state["step"] == 0
    assert np.isclose(ex.state["p"], ref["p"]) and np.isclose(ex.state["L"], ref["loss"])
    assert ex.grad_texts["p"].get_text() == "" and ex.grad_texts["x1"].get_text() == ""
    assert f"p={ref['p']:.3f}" in ex.value_texts["p"].get_text()
    assert ex.png[:4] == b"\x89PNG" and "alt=" in ex.image.value   # the rendered picture, with alt text


def test_gradients_match_compute_gradients(ex):
    ref = reference(0.5, 0.4, 1)
    for key in ("dW1", "db1", "dW2", "db2"):
        np.testing.assert_allclose(ex.state[key], ref[key], rtol=1e-10, atol=1e-14)
    # fused output gradient: dL/dz2 = p - y
    assert np.isclose(ex.state["dz2"], ref["p"] - 1)


def test_step_slider_reveals_gradients_from_loss_to_inputs(ex):
    ref = reference(0.5, 0.4, 1)
    ex.controls["step"].value = 1
    assert ex.state["highlight_nodes"] == ["L", "p"]
    assert f"{ref['p'] - 1:+.3f}" in ex.grad_texts["p"].get_text()
    assert ex.grad_texts["h1"].get_text() == ""
    assert "∂w" not in ex.edge_texts["W2[0,0]"].get_text()
    ex.controls["step"].value = 2
    assert ex.state["highlight_edges"] == ["W2[0,0]", "W2[1,0]"]
    assert f"{ref['dW2'][0, 0]:+.3f}" in ex.edge_texts["W2[0,0]"].get_text()
    assert ex.edge_lines["W2[0,0]"].get_linewidth() > ex.edge_lines["W1[0,0]"].get_linewidth()
    ex.controls["step"].value = 4
    dz1 = ref["db1"]  # for one example dL/db1 = dL/dz1
    assert f"∂z={dz1[0]:+.3f}" in ex.grad_texts["h1"].get_text()
    assert "∂w" not in ex.edge_texts["W1[0,0]"].get_text()
    ex.controls["step"].value = 5
    assert f"{ref['dW1'][1, 0]:+.3f}" in ex.edge_texts["W1[1,0]"].get_text()
    ex.controls["step"].value = 6
    dx = dz1 @ DEFAULT_W1.T
    assert f"∂x={dx[0]:+.3f}" in ex.grad_texts["x1"].get_text()
    assert ex.state["highlight_nodes"] == ["x1", "x2"]
    assert ex.title.get_text().startswith("step 6/6")
    # the ledger shows every equation by now, the last one highlighted
    assert "?" not in "".join(t.get_text() for t in ex.ledger_texts)
    ex.controls["step"].value = 0
    assert ex.ledger_texts[6].get_text().endswith("= ?")


def test_input_slider_changes_values_and_zero_input_kills_its_weight_gradients(ex):
    ex.controls["x1"].value = -1.5
    ref = reference(-1.5, 0.4, 1)
    assert np.isclose(ex.state["p"], ref["p"])
    np.testing.assert_allclose(ex.state["dW1"], ref["dW1"], rtol=1e-10)
    assert "x1=-1.50" in ex.value_texts["x1"].get_text()
    ex.controls["x1"].value = 0.0
    assert np.all(ex.state["dW1"][0] == 0.0) and np.all(ex.state["dW1"][1] != 0.0)


def test_weight_slider_saturates_a_hidden_unit(ex):
    ex.controls["step"].value = 5
    before = abs(ex.state["dW1"][1, 0])
    ex.controls["x1"].value = 2.0
    ex.controls["w11"].value = 6.0
    ref = reference(2.0, 6.0, 1)
    np.testing.assert_allclose(ex.state["dW1"], ref["dW1"], rtol=1e-10, atol=1e-15)
    a = ref["a1"][0]
    assert a * (1 - a) < 1e-4                      # z1 = 0.5 + 0.1 + ... = 11.8: saturated
    assert abs(ex.state["dW1"][1, 0]) < 1e-3 * before
    assert ex.state["saturated"] == [1]
    assert "Saturated" in ex.readout.value
    assert "w=6.00" in ex.edge_texts["W1[0,0]"].get_text()


def test_target_toggle_flips_the_output_gradient(ex):
    ex.controls["y"].value = 0
    ref = reference(0.5, 0.4, 0)
    assert np.isclose(ex.state["dz2"], ref["p"])            # p - 0
    assert np.isclose(ex.state["L"], -np.log(1 - ref["p"]))
    np.testing.assert_allclose(ex.state["dW2"], ref["dW2"], rtol=1e-10)
    assert ex.state["dz2"] > 0 and "y=0" in ex.value_texts["L"].get_text()


def test_neuron_graph_numbers():
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots()
    n = plot_neuron_graph(1.5, 0.8, -0.5, 1.0, ax=ax)
    m = nb.Sequential([nb.Dense(1, activation="sigmoid", input_shape=(1,))])
    m.compile(loss="mse")
    m.set_weights([np.array([[0.8]]), np.array([-0.5])])
    dW, db = m.compute_gradients(np.array([[1.5]]), np.array([1.0]))
    assert np.isclose(n["dL/dw"], dW[0, 0]) and np.isclose(n["dL/db"], db[0])
    assert np.isclose(n["z"], 0.7)
    texts = [t.get_text() for t in ax.texts]
    assert f"∂L/∂w = {dW[0, 0]:.4f}" in texts
    plt.close(fig)


# -- legibility at 1024 px (issue 9): the picture is shown in a column of about 700 px -------------
COLUMN_PX = 700


def _renderer(ex):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    FigureCanvasAgg(ex.figure)
    ex.figure.canvas.draw()
    return ex.figure.canvas.get_renderer()


def _on_screen_scale(ex):
    width_px = ex.figure.get_figwidth() * ex.figure.dpi
    return min(1.0, COLUMN_PX / width_px)          # max-width:100%: never enlarged, shrunk to the column


def test_every_label_is_at_least_11_px_on_screen(ex):
    scale = _on_screen_scale(ex)
    texts = ex.text_artists()
    assert len(texts) >= 6 + 6 + 6 + 7        # node boxes, gradients, edges, ledger (and the title)
    for t in texts:
        px = t.get_fontsize() * ex.figure.dpi / 72 * scale
        assert px >= 11, (t.get_text(), t.get_fontsize(), px)


@pytest.mark.parametrize("settings", [{}, {"x1": -3.0, "w11": -8.0}, {"x1": 3.0, "w11": 8.0, "y": 0},
                                      {"x1": 2.0, "w11": 6.0}])
def test_labels_do_not_overlap_or_leave_the_picture(ex, settings):
    for name, value in settings.items():
        ex.controls[name].value = value
    width, height = (s * ex.figure.dpi for s in (ex.figure.get_figwidth(), ex.figure.get_figheight()))
    for step in range(ex.controls["step"].max + 1):
        ex.controls["step"].value = step
        renderer = _renderer(ex)
        boxes = []
        for t in ex.text_artists():
            if not t.get_text():
                continue
            patch = t.get_bbox_patch()
            box = (patch if patch is not None else t).get_window_extent(renderer)
            assert box.x0 >= 0 and box.y0 >= 0 and box.x1 <= width and box.y1 <= height, t.get_text()
            boxes.append((t.get_text(), box))
        assert len(boxes) >= 20
        for i, (a, box_a) in enumerate(boxes):
            for b, box_b in boxes[i + 1:]:
                assert not box_a.overlaps(box_b), f"step {step}: {a!r} overlaps {b!r}"


def test_step_slider_starts_at_the_beginning_and_its_numbers_match_the_text():
    ex = BackpropExplorer()
    slider = ex.controls["step"]
    assert slider.value == 0 and slider.min == 0 and slider.max == 6
    assert slider.description == "step (0-6)"
    for step in range(slider.min, slider.max + 1):
        slider.value = step
        assert ex.title.get_text().startswith(f"step {step}/{slider.max}:")
        assert ex.readout.value.startswith(f"step {step}/{slider.max}:")
        bold = [t for t in ex.ledger_texts if t.get_fontweight() == "bold"]
        assert len(bold) == 1 and bold[0].get_text().startswith(f"{step} ")


def test_step_out_of_range_is_refused():
    with pytest.raises(ValueError, match="expected an integer from 0"):
        BackpropExplorer(step=7)


# -- the web page's flip-book and gallery (issue 14) ---------------------------------------------
def test_flipbook_has_one_distinct_frame_per_step(ex):
    book = ex.flipbook("step", range(0, 7), fmt="{:d}")
    frames = book.stack.children
    assert len(frames) == 7
    pictures = [f.children[-1].value for f in frames]
    assert len(set(pictures)) == 7
    for step, frame in enumerate(frames):
        assert frame.children[0].value.startswith(f"step {step}/6:")   # each frame's readout names its step
    assert book.chooser.options == tuple(str(s) for s in range(7)) and book.stack.selected_index == 0
    assert ex.controls["step"].value == 0


def test_gallery_frames_differ_and_match_their_settings(ex):
    from nnbook.widgets.backprop import GALLERY
    book = ex.gallery(GALLERY, description="Setting")
    frames = book.stack.children
    pictures = [f.children[-1].value for f in frames]
    assert len(set(pictures)) == len(GALLERY) == len(frames)
    for (label, s), frame in zip(GALLERY.items(), frames):
        ref = reference(s["x1"], s["w11"], s["y"])
        assert f"Loss L = {ref['loss']:.4f}" in frame.children[1].value
    assert "Saturated" in frames[list(GALLERY).index("h1 saturated")].children[1].value
    assert ex.values() == {"step": 0, "x1": 0.5, "w11": 0.4, "y": 1}
