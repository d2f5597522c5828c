"""Tests of LossExplorer (chapter 6): the curves, dots and readout follow the loss formulas."""
import numpy as np
import pytest

from nnbook.widgets.loss import LossExplorer


def _losses(y, p):
    """Each loss for one example, from the formulas (no clipping needed for 0 < p < 1)."""
    return {"mse": (p - y) ** 2, "mae": np.abs(p - y), "bce": -(y * np.log(p) + (1 - y) * np.log(1 - p))}


def _grads_p(y, p):
    return {"mse": 2 * (p - y), "mae": np.sign(p - y), "bce": (p - y) / (p * (1 - p))}


def _grads_z(y, p):
    s = p * (1 - p)  # sigmoid'(z) written with p = sigmoid(z)
    return {"mse": 2 * (p - y) * s, "mae": np.sign(p - y) * s, "bce": p - y}


def test_initial_state_matches_formulas():
    ex = LossExplorer()
    y, p = 1.0, 0.2
    for key, value in _losses(y, p).items():
        assert ex.state["loss"][key] == pytest.approx(value)
        assert ex.dots[key].get_ydata()[0] == pytest.approx(value)
    for key, value in _grads_p(y, p).items():
        assert ex.state["gradient"][key] == pytest.approx(value)
    assert ex.state["gradient"]["bce"] == pytest.approx(-5.0)
    assert "BCE 1.609" in ex.readout.value


def test_prediction_slider_moves_the_dots_not_the_curves():
    ex = LossExplorer()
    curve = ex.curves["bce"].get_ydata().copy()
    ex.controls["p"].value = 0.9
    for key, value in _losses(1.0, 0.9).items():
        assert ex.dots[key].get_xdata()[0] == pytest.approx(0.9)
        assert ex.dots[key].get_ydata()[0] == pytest.approx(value)
    np.testing.assert_allclose(ex.curves["bce"].get_ydata(), curve)
    assert ex.state["loss"]["bce"] == pytest.approx(-np.log(0.9))
    assert "p = 0.90" in ex.readout.value


@pytest.mark.parametrize("target", [0.0, 0.7])
def test_target_dropdown_redraws_every_curve(target):
    ex = LossExplorer()
    ex.controls["target"].value = target
    grid = ex.curves["mse"].get_xdata()
    expected = _losses(target, grid)
    for key in expected:
        np.testing.assert_allclose(ex.curves[key].get_ydata(), expected[key], rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(ex.grad_curves["bce"].get_ydata(), _grads_p(target, grid)["bce"], rtol=1e-9)
    assert ex.target_lines[0].get_xdata()[0] == pytest.approx(target)
    # every loss is smallest at p = y
    for key in ("mse", "mae", "bce"):
        assert grid[np.argmin(ex.curves[key].get_ydata())] == pytest.approx(target, abs=0.006)


def test_gradient_view_through_sigmoid():
    ex = LossExplorer()
    ex.controls["view"].value = "z"
    grid = ex.grad_curves["mse"].get_xdata()
    expected = _grads_z(1.0, grid)
    for key in expected:
        np.testing.assert_allclose(ex.grad_curves[key].get_ydata(), expected[key], rtol=1e-7, atol=1e-12)
    assert ex.state["gradient"]["bce"] == pytest.approx(0.2 - 1.0)
    assert ex.ax_grad.get_ylim() == (-1.1, 1.1)
    assert "dL/dz" in ex.readout.value
    # a confidently wrong prediction: the squared error's gradient almost vanishes, cross-entropy's does not
    ex.controls["p"].value = 0.01
    assert abs(ex.state["gradient"]["mse"]) < 0.02
    assert ex.state["gradient"]["bce"] == pytest.approx(-0.99)
    ex.controls["view"].value = "p"
    assert ex.ax_grad.get_ylim() == (-6.0, 6.0)
    assert ex.state["gradient"]["bce"] == pytest.approx(-1 / 0.01)


def test_renders_png():
    ex = LossExplorer()
    n = ex.draw_count
    ex.controls["p"].value = 0.5
    assert ex.draw_count == n + 1
    assert ex.png[:4] == b"\x89PNG" and "alt=" in ex.image.value   # the rendered picture, with alt text


def _pictures(book):
    return [frame.children[-1].value for frame in book.stack.children]


def test_flipbook_over_p_has_distinct_frames_and_leaves_the_explorer_as_it_was():
    ex = LossExplorer()
    values = [0.01, 0.05, 0.2, 0.5, 0.7, 0.9, 0.99]
    book = ex.flipbook("p", values, fmt="{:.2f}")
    pictures = _pictures(book)
    assert len(pictures) == len(values) and len(set(pictures)) == len(values)
    readouts = [frame.children[0].value for frame in book.stack.children]
    assert all(f"prediction p = {v:.2f}" in r for v, r in zip(values, readouts))
    assert ex.controls["p"].value == pytest.approx(0.2) and book.stack.selected_index == 2


def test_gallery_frames_differ_and_follow_their_presets():
    from nnbook.widgets.loss import GALLERY
    ex = LossExplorer()
    book = ex.gallery(GALLERY, description="Setting")
    pictures = _pictures(book)
    assert len(pictures) == len(GALLERY) and len(set(pictures)) == len(GALLERY)
    readouts = [frame.children[1].value for frame in book.stack.children]   # caption, readout, picture
    for (label, preset), readout in zip(GALLERY.items(), readouts):
        y, p = preset["target"], preset["p"]
        grads = (_grads_p if preset["view"] == "p" else _grads_z)(y, p)
        assert f"target y = {y:g}, prediction p = {p:.2f}" in readout
        assert f"BCE {_losses(y, p)['bce']:.3f}" in readout and f"{grads['bce']:+.3f}" in readout
    assert ex.values() == {"p": 0.2, "target": 1.0, "view": "p"}
