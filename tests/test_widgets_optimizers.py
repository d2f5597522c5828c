"""Tests of OptimizerExplorer: every control changes the picture as the update equations say.

Expected paths are computed here from the equations, independently of the explorer's code.
"""
import numpy as np
import pytest

from _explorers import explorer_fixture
from nnbook.widgets.optimizers import OptimizerExplorer

H = np.array([1.0, 25.0])  # valley: f = 0.5 (w1² + 25 w2²), gradient H * w
START = np.array([-4.5, 1.0])


def f_valley(w):
    return 0.5 * (w[0] ** 2 + 25 * w[1] ** 2)


def momentum_path(eta, mu, steps, nesterov=False):
    w, v, out = START.copy(), np.zeros(2), [START.copy()]
    for _ in range(steps):
        g = H * w
        v = mu * v - eta * g
        w = w + (mu * v - eta * g if nesterov else v)
        out.append(w)
    return np.array(out)


def rmsprop_path(eta, rho, steps, eps=1e-7):
    w, s, out = START.copy(), np.zeros(2), [START.copy()]
    for _ in range(steps):
        g = H * w
        s = rho * s + (1 - rho) * g ** 2
        w = w - eta * g / (np.sqrt(s) + eps)
        out.append(w)
    return np.array(out)


def adam_path(eta, b1, steps, b2=0.999, eps=1e-7):
    w, m, v, out = START.copy(), np.zeros(2), np.zeros(2), [START.copy()]
    for t in range(1, steps + 1):
        g = H * w
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g ** 2
        w = w - eta * (m / (1 - b1 ** t)) / (np.sqrt(v / (1 - b2 ** t)) + eps)
        out.append(w)
    return np.array(out)


# one explorer per worker, put back at its starting values before each test
ex = explorer_fixture(OptimizerExplorer)


def line_xy(line):
    return np.column_stack([line.get_xdata(), line.get_ydata()])


def test_defaults_match_equations(ex):
    eta, steps = 0.02, 60
    t = np.arange(steps + 1)
    sgd = np.column_stack([START[0] * (1 - eta) ** t, START[1] * (1 - 25 * eta) ** t])  # closed form
    np.testing.assert_allclose(line_xy(ex.path_lines["sgd"]), sgd, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(line_xy(ex.path_lines["momentum"]), momentum_path(eta, 0.9, steps), rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(line_xy(ex.path_lines["nesterov"]), momentum_path(eta, 0.9, steps, True), rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(line_xy(ex.path_lines["rmsprop"]), rmsprop_path(0.1, 0.9, steps), rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(line_xy(ex.path_lines["adam"]), adam_path(0.1, 0.9, steps), rtol=1e-9, atol=1e-12)
    # the loss panel shows f along the path, starting at f(start) = 0.5 (20.25 + 25) = 22.625
    loss = ex.loss_lines["sgd"].get_ydata()
    assert loss[0] == pytest.approx(22.625)
    np.testing.assert_allclose(loss, [f_valley(w) for w in sgd], rtol=1e-9, atol=1e-15)
    assert ex.state["final_loss"]["sgd"] == pytest.approx(f_valley(sgd[-1]))
    assert "SGD 0.896" in ex.readout.value and "after 60 steps" in ex.readout.value


def test_learning_rate_sgd_family_and_divergence():
    ex = OptimizerExplorer()
    ex.controls["lr_sgd"].value = 0.075  # below 2/25: zigzags across the valley but converges
    P = line_xy(ex.path_lines["sgd"])
    w2 = P[:, 1]
    assert np.all(np.sign(w2[1:]) == -np.sign(w2[:-1]))  # sign flips every step: zigzag
    np.testing.assert_allclose(w2, (1 - 25 * 0.075) ** np.arange(61), rtol=1e-9)
    assert not ex.state["diverged"]["sgd"]
    ex.controls["lr_sgd"].value = 0.1  # |1 - 2.5| = 1.5 > 1: diverges
    assert ex.state["diverged"]["sgd"] is True
    assert ex.state["final_loss"]["sgd"] is None
    assert "SGD diverged" in ex.readout.value
    # momentum and Nesterov use the same learning rate; RMSprop and Adam do not
    np.testing.assert_allclose(line_xy(ex.path_lines["rmsprop"]), rmsprop_path(0.1, 0.9, 60), rtol=1e-9)


def test_momentum_slider():
    ex = OptimizerExplorer()
    ex.controls["momentum"].value = 0.5
    np.testing.assert_allclose(line_xy(ex.path_lines["momentum"]), momentum_path(0.02, 0.5, 60), rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(line_xy(ex.path_lines["nesterov"]), momentum_path(0.02, 0.5, 60, True), rtol=1e-9, atol=1e-12)
    ex.controls["momentum"].value = 0.0  # no momentum: both are plain SGD
    np.testing.assert_allclose(line_xy(ex.path_lines["momentum"]), line_xy(ex.path_lines["sgd"]))
    np.testing.assert_allclose(line_xy(ex.path_lines["nesterov"]), line_xy(ex.path_lines["sgd"]))


def test_adaptive_learning_rate_rho_and_beta():
    ex = OptimizerExplorer()
    ex.controls["lr_adaptive"].value = 0.03
    np.testing.assert_allclose(line_xy(ex.path_lines["rmsprop"]), rmsprop_path(0.03, 0.9, 60), rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(line_xy(ex.path_lines["adam"]), adam_path(0.03, 0.9, 60), rtol=1e-9, atol=1e-12)
    # Adam's first step moves each weight by about eta (bias correction): (-4.47, 0.97)
    np.testing.assert_allclose(line_xy(ex.path_lines["adam"])[1], START + [0.03, -0.03], atol=1e-6)
    sgd_before = line_xy(ex.path_lines["sgd"])
    ex.controls["rho"].value = 0.5
    np.testing.assert_allclose(line_xy(ex.path_lines["rmsprop"]), rmsprop_path(0.03, 0.5, 60), rtol=1e-9, atol=1e-12)
    ex.controls["beta_1"].value = 0.0
    np.testing.assert_allclose(line_xy(ex.path_lines["adam"]), adam_path(0.03, 0.0, 60), rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(line_xy(ex.path_lines["sgd"]), sgd_before)  # SGD untouched


def test_steps_slider():
    ex = OptimizerExplorer()
    ex.controls["steps"].value = 20
    for name in ("sgd", "momentum", "nesterov", "rmsprop", "adam"):
        assert len(ex.path_lines[name].get_xdata()) == 21
        assert len(ex.loss_lines[name].get_ydata()) == 21
    assert ex.ax_loss.get_xlim() == (0, 20)
    assert "after 20 steps" in ex.readout.value
    np.testing.assert_allclose(line_xy(ex.path_lines["sgd"])[-1], START * (1 - 0.02 * H) ** 20)


def test_checkboxes_hide_optimizers():
    ex = OptimizerExplorer()
    ex.controls["show_adam"].value = False
    assert not ex.path_lines["adam"].get_visible() and not ex.loss_lines["adam"].get_visible()
    assert "adam" not in ex.state["paths"] and "Adam" not in ex.readout.value
    for name in ("sgd", "momentum", "nesterov", "rmsprop"):
        ex.controls["show_" + name].value = False
    assert ex.state["paths"] == {}
    assert "Tick at least one" in ex.readout.value
    ex.controls["show_nesterov"].value = True
    assert ex.path_lines["nesterov"].get_visible()
    assert list(ex.state["paths"]) == ["nesterov"]


def test_surface_rosenbrock():
    ex = OptimizerExplorer()
    ex.controls["surface"].value = "rosenbrock"
    # start (-1.2, 1): f = (1 + 1.2)² + 100 (1 - 1.44)² = 4.84 + 19.36 = 24.2
    assert ex.loss_lines["adam"].get_ydata()[0] == pytest.approx(24.2)
    assert tuple(ex.start_marker.get_xdata()) == (-1.2,)
    assert tuple(ex.min_marker.get_ydata()) == (1.0,)
    assert ex.ax_path.get_xlim() == (-2.0, 2.0)
    # gradients of ~hundreds: eta = 0.02 makes the SGD family diverge
    assert ex.state["diverged"]["sgd"] is True
    ex.controls["lr_sgd"].value = 0.001
    # first SGD step by hand: grad at (-1.2, 1) = (-2(2.2) - 400(-1.2)(1 - 1.44), 200(1 - 1.44)) = (-215.6, -88)
    np.testing.assert_allclose(line_xy(ex.path_lines["sgd"])[1], [-1.2 + 0.2156, 1.0 + 0.088], rtol=1e-9)
    assert ex.state["diverged"]["sgd"] is False
    ex.controls["surface"].value = "valley"
    assert ex.loss_lines["adam"].get_ydata()[0] == pytest.approx(22.625)


@pytest.mark.parametrize("surface", ["valley", "rosenbrock"])
def test_every_label_is_at_least_11_px_on_a_700_px_column_and_inside_the_figure(surface):
    """Issue 9: the picture (8 in at 90 dpi = 720 px) is scaled to the column, about 700 px at a
    1024-px window; every visible text must then be at least 11 px high and lie inside the figure."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.text import Text
    ex = OptimizerExplorer(surface=surface)
    fig = ex.figure
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    scale = 700 / (fig.get_figwidth() * fig.dpi)
    hidden = set()                 # tick labels of ticks outside the axis limits are kept but not drawn
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            low, high = sorted(axis.get_view_interval())
            for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                if not low - 1e-9 * abs(high - low) <= tick.get_loc() <= high + 1e-9 * abs(high - low):
                    hidden.update({id(tick.label1), id(tick.label2)})
    texts = [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip() and id(t) not in hidden]
    assert any(t.get_text() == "Nesterov" for t in texts)      # the legend is among them
    width, height = fig.get_figwidth() * fig.dpi, fig.get_figheight() * fig.dpi
    for t in texts:
        assert t.get_fontsize() * fig.dpi / 72 * scale >= 11, (t.get_text(), t.get_fontsize())
        box = t.get_window_extent(renderer)
        assert box.x0 >= -1 and box.y0 >= -1 and box.x1 <= width + 1 and box.y1 <= height + 1, t.get_text()


def _frame_pictures(book):
    return [next(child.value for child in frame.children if "nnbook-flipbook-frame" in child.value)
            for frame in book.stack.children]


def test_step_flipbook_frames_differ_and_follow_the_paths():
    from nnbook.widgets.optimizers import STEP_FRAMES
    ex = OptimizerExplorer()
    start_png = ex.png
    book = ex.flipbook("steps", STEP_FRAMES, fmt="{:d}")
    assert book.chooser.options == tuple(str(s) for s in STEP_FRAMES)
    assert book.stack.selected_index == len(STEP_FRAMES) - 1        # the default 60 steps
    pictures = _frame_pictures(book)
    assert len(set(pictures)) == len(STEP_FRAMES)
    readouts = [frame.children[0].value for frame in book.stack.children]
    for steps, readout in zip(STEP_FRAMES, readouts):
        sgd = START * (1 - 0.02 * H) ** steps
        assert f"after {steps} steps" in readout and f"SGD {f_valley(sgd):.3g}" in readout
    assert ex.controls["steps"].value == 60 and ex.png == start_png


def test_surface_gallery_frames_differ_and_match_their_settings():
    from nnbook.widgets.optimizers import SURFACE_PRESETS
    ex = OptimizerExplorer()
    book = ex.gallery(SURFACE_PRESETS, description="Setting")
    assert book.chooser.options == tuple(SURFACE_PRESETS)
    assert len(set(_frame_pictures(book))) == len(SURFACE_PRESETS)
    readouts = [frame.children[1].value for frame in book.stack.children]
    assert "SGD 0.896" in readouts[0]                                 # the default valley
    assert "Nesterov diverged" in readouts[1] and "momentum diverged" not in readouts[1]  # 0.054 < 0.075 < 0.152
    assert "SGD diverged" in readouts[2] and "Adam diverged" not in readouts[2]
    assert "after 200 steps" in readouts[3] and "diverged" not in readouts[3]
    assert ex.values()["surface"] == "valley" and ex.controls["lr_sgd"].value == 0.02
