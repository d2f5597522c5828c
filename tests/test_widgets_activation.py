"""Tests of the chapter 3 explorer: every control changes the picture as the formulas say."""
import math

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg

from nnbook.widgets.activation import FUNCTIONS, ActivationExplorer


def png_of(ex):
    """The rendered picture: ``ex.png`` (an <img> in an HTML widget) or, in older bases, the Image widget's bytes."""
    return ex.png if hasattr(ex, "png") else ex.image.value


def _phi_cdf(z):
    """The standard normal distribution function, entry by entry, from the standard library's erf."""
    return np.array([0.5 * (1 + math.erf(v / math.sqrt(2))) for v in np.ravel(z)]).reshape(np.shape(z))


# The formulas, written out independently of nnbook.
SELU_ALPHA, SELU_SCALE = 1.6732632423543772, 1.0507009873554805
FORMULAS = {
    "linear": (lambda z, a: z, lambda z, a: np.ones_like(z)),
    "sigmoid": (lambda z, a: 1 / (1 + np.exp(-z)),
                lambda z, a: np.exp(-z) / (1 + np.exp(-z)) ** 2),
    "tanh": (lambda z, a: (np.exp(z) - np.exp(-z)) / (np.exp(z) + np.exp(-z)),
             lambda z, a: 4 / (np.exp(z) + np.exp(-z)) ** 2),
    "relu": (lambda z, a: np.where(z > 0, z, 0.0), lambda z, a: np.where(z > 0, 1.0, 0.0)),
    "leaky_relu": (lambda z, a: np.where(z > 0, z, a * z), lambda z, a: np.where(z > 0, 1.0, a)),
    "selu": (lambda z, a: SELU_SCALE * np.where(z > 0, z, SELU_ALPHA * (np.exp(np.minimum(z, 0)) - 1)),
             lambda z, a: SELU_SCALE * np.where(z > 0, 1.0, SELU_ALPHA * np.exp(np.minimum(z, 0)))),
    # ELU with the explorer's alpha = 1 (Keras's default); the alpha slider is leaky ReLU's only
    "elu": (lambda z, a: np.where(z > 0, z, np.exp(np.minimum(z, 0)) - 1),
            lambda z, a: np.where(z > 0, 1.0, np.exp(np.minimum(z, 0)))),
    # GELU z Phi(z) with Phi from math.erf, and its derivative Phi(z) + z phi(z)
    "gelu": (lambda z, a: z * _phi_cdf(z),
             lambda z, a: _phi_cdf(z) + z * np.exp(-z ** 2 / 2) / math.sqrt(2 * math.pi)),
    "silu": (lambda z, a: z / (1 + np.exp(-z)),
             lambda z, a: 1 / (1 + np.exp(-z)) + z * np.exp(-z) / (1 + np.exp(-z)) ** 2),
    "softplus": (lambda z, a: np.log(1 + np.exp(z)), lambda z, a: 1 / (1 + np.exp(-z))),
}


@pytest.fixture
def ex():
    return ActivationExplorer()


def test_offers_every_elementwise_activation_but_not_softmax(ex):
    assert set(ex.controls["function"].options) == {"linear", "sigmoid", "tanh", "relu", "leaky_relu", "selu",
                                                    "elu", "gelu", "silu", "softplus"}
    assert "softmax" not in FUNCTIONS and "swish" not in FUNCTIONS     # swish is silu under another name


def test_starts_drawn(ex):
    assert ex.draw_count == 1
    assert png_of(ex)[:4] == b"\x89PNG"
    assert ex.alt_text and "derivative" in ex.alt_text
    if hasattr(ex, "png"):                      # the picture is an <img> that carries the alt text
        assert "derivative" in ex.image.value and "alt=" in ex.image.value


@pytest.mark.parametrize("name", sorted(FORMULAS))
def test_function_control_changes_both_curves(ex, name):
    ex.controls["alpha"].value = 0.2
    ex.controls["function"].value = name
    f, df = FORMULAS[name]
    zs = np.asarray(ex.curve.get_xdata())
    np.testing.assert_allclose(ex.curve.get_ydata(), f(zs, 0.2), atol=1e-10)
    np.testing.assert_allclose(ex.deriv_curve.get_ydata()[np.abs(zs) > 1e-9], df(zs, 0.2)[np.abs(zs) > 1e-9],
                               atol=1e-10)
    assert ex.state["function"] == name


def test_sigmoid_at_start_value(ex):
    z = 1.0
    s = 1 / (1 + np.exp(-z))
    assert ex.state["value"] == pytest.approx(s)
    assert ex.state["slope"] == pytest.approx(s * (1 - s))
    assert "0.7311" in ex.readout.value and "0.1966" in ex.readout.value


def test_z_slider_moves_point_and_tangent(ex):
    ex.controls["function"].value = "tanh"
    for z in (-3.0, 0.0, 0.75, 2.5):
        ex.controls["z"].value = z
        value, slope = np.tanh(z), 1 - np.tanh(z) ** 2
        assert ex.point.get_xdata()[0] == pytest.approx(z)
        assert ex.point.get_ydata()[0] == pytest.approx(value)
        assert ex.deriv_point.get_ydata()[0] == pytest.approx(slope)
        u, t = np.asarray(ex.tangent.get_xdata()), np.asarray(ex.tangent.get_ydata())
        # the tangent passes through (z, g(z)) with slope g'(z)
        assert (t[1] - t[0]) / (u[1] - u[0]) == pytest.approx(slope)
        assert np.interp(z, u, t) == pytest.approx(value)
        assert f"{value:.4f}" in ex.readout.value


def test_saturation_note_appears_only_where_flat(ex):
    ex.controls["function"].value = "sigmoid"
    ex.controls["z"].value = 4.5
    assert ex.state["slope"] == pytest.approx(np.exp(-4.5) / (1 + np.exp(-4.5)) ** 2)
    assert "nearly flat" in ex.readout.value
    ex.controls["z"].value = 0.0
    assert ex.state["slope"] == pytest.approx(0.25)
    assert "nearly flat" not in ex.readout.value


def test_relu_slope_is_zero_for_negative_input(ex):
    ex.controls["function"].value = "relu"
    ex.controls["z"].value = -2.0
    assert ex.state["value"] == 0.0 and ex.state["slope"] == 0.0
    assert ex.state["output_range"] == "[0, inf)"


def test_alpha_slider_changes_leaky_relu_only(ex):
    ex.controls["function"].value = "leaky_relu"
    ex.controls["z"].value = -2.0
    ex.controls["alpha"].value = 0.3
    assert ex.state["value"] == pytest.approx(-0.6)
    assert ex.state["slope"] == pytest.approx(0.3)
    assert ex.deriv_curve.get_ydata()[0] == pytest.approx(0.3)
    ex.controls["alpha"].value = 0.05
    assert ex.state["value"] == pytest.approx(-0.1)
    assert "alpha=0.05" in ex.ax_g.get_title()
    ex.controls["function"].value = "sigmoid"
    before = np.array(ex.curve.get_ydata())
    ex.controls["alpha"].value = 0.4
    np.testing.assert_allclose(ex.curve.get_ydata(), before)


def test_max_slope_in_title(ex):
    ex.controls["function"].value = "sigmoid"
    assert ex.state["max_slope"] == pytest.approx(0.25, abs=1e-6)
    assert "0.25" in ex.ax_d.get_title()
    ex.controls["function"].value = "tanh"
    assert ex.state["max_slope"] == pytest.approx(1.0, abs=1e-6)


def test_redraw_updates_image(ex):
    before = png_of(ex)
    ex.controls["z"].value = -4.0
    assert png_of(ex) != before
    assert ex.draw_count == 2


def test_alpha_slider_is_disabled_unless_leaky_relu(ex):
    alpha = ex.controls["alpha"]
    assert "leaky_relu" in alpha.description and "leaky_relu" in alpha.tooltip
    for name in FUNCTIONS:
        ex.controls["function"].value = name
        assert alpha.disabled is (name != "leaky_relu"), name
    ex.controls["function"].value = "leaky_relu"
    assert alpha.disabled is False
    ex.controls["function"].value = "gelu"
    assert alpha.disabled is True


def test_disabled_at_start_when_the_first_function_is_not_leaky_relu():
    assert ActivationExplorer(function="relu").controls["alpha"].disabled is True
    assert ActivationExplorer(function="leaky_relu").controls["alpha"].disabled is False


def test_negative_slopes_of_gelu_and_silu_stay_in_view(ex):
    for name in ("gelu", "silu"):
        ex.controls["function"].value = name
        slopes = np.asarray(ex.deriv_curve.get_ydata())
        assert slopes.min() < -0.05                     # both dip below zero left of the origin
        lo, hi = ex.ax_d.get_ylim()
        assert lo < slopes.min() and hi > slopes.max()
        ex.controls["z"].value = -2.0
        assert ex.state["slope"] < 0 and "nearly flat" not in ex.readout.value


def test_elu_title_gives_the_numeric_range(ex):
    ex.controls["function"].value = "elu"
    assert ex.state["output_range"] == "(-1, inf)" and "(-1, inf)" in ex.ax_g.get_title()


#: the narrowest column the picture is shown in (the book's text column, JupyterLab's at 1024 px)
COLUMN_PX = 700


def _texts(fig):
    """Every text drawn in the figure: titles, axis labels, legend entries and the tick labels
    of the ticks inside the axes' limits (matplotlib keeps, but does not draw, the others)."""
    texts = []
    for ax in fig.axes:
        texts += [ax.title, ax.xaxis.label, ax.yaxis.label]
        if ax.get_legend() is not None:
            texts += ax.get_legend().get_texts()
        for axis, (lo, hi) in ((ax.xaxis, ax.get_xlim()), (ax.yaxis, ax.get_ylim())):
            texts += [tick.label1 for tick in axis.get_major_ticks() if lo <= tick.get_loc() <= hi]
    return [t for t in texts if t.get_visible() and t.get_text().strip()]


@pytest.mark.parametrize("name", FUNCTIONS)
def test_every_text_is_at_least_11_px_and_inside_the_figure(ex, name):
    ex.controls["function"].value = name
    ex.controls["alpha"].value = 0.45
    fig = ex.figure
    width_px = fig.get_figwidth() * fig.dpi
    scale = min(1.0, COLUMN_PX / width_px)              # the picture shrinks to the column, never grows
    canvas = FigureCanvasAgg(fig)                       # draw as savefig does, so tick labels are current
    canvas.draw()
    renderer = canvas.get_renderer()
    box = fig.bbox
    texts = _texts(fig)
    assert len(texts) > 10
    for t in texts:
        px = t.get_fontsize() * fig.dpi / 72 * scale
        assert px >= 11, f"{t.get_text()!r} is {px:.1f} px on screen"
        ext = t.get_window_extent(renderer)
        assert ext.x0 >= box.x0 - 1 and ext.x1 <= box.x1 + 1 and ext.y0 >= box.y0 - 1 and ext.y1 <= box.y1 + 1, \
            f"{t.get_text()!r} is cut off at the figure's edge"
    # the left panel's title (the longest, with alpha and the range) does not run into the right one's
    left, right = (ax.title.get_window_extent(renderer) for ax in (ex.ax_g, ex.ax_d))
    assert left.x1 < right.x0
    # the y tick labels of the right panel stay left of its axes and right of the left panel
    lo, hi = ex.ax_d.get_ylim()
    for tick in ex.ax_d.yaxis.get_major_ticks():
        if lo <= tick.get_loc() <= hi:
            assert tick.label1.get_window_extent(renderer).x0 > ex.ax_g.get_window_extent(renderer).x1


def test_readout_and_controls_use_the_page_font():
    """The readout and the controls are HTML widgets: no font size below the page's own is set on them."""
    ex = ActivationExplorer(function="gelu", z=-1.0)
    assert "font-size" not in ex.readout.value
    for control in ex.controls.values():
        assert getattr(control.style, "font_size", None) in (None, "")
    assert "-0.1587" in ex.readout.value            # GELU(-1) = -Phi(-1) = -0.1587, printed to 4 places


#: the gallery chapter 3 shows on the web page (the same presets as the notebook's gallery cell)
GALLERY = {
    "sigmoid, saturated": {"function": "sigmoid", "z": 4.5},
    "relu, z < 0": {"function": "relu", "z": -2.0},
    "leaky_relu, z < 0": {"function": "leaky_relu", "z": -2.0, "alpha": 0.1},
    "elu, z < 0": {"function": "elu", "z": -2.0},
    "gelu, negative slope": {"function": "gelu", "z": -1.5},
    "silu, steepest": {"function": "silu", "z": 2.4},
}


def _frame_parts(frame):
    """(caption, readout, picture) HTML of one gallery frame."""
    caption, readout, picture = (w.value for w in frame.children)
    return caption, readout, picture


def test_gallery_frames_differ_and_show_what_each_preset_teaches():
    ex = ActivationExplorer(function="sigmoid", z=1.0)
    book = ex.gallery(GALLERY, description="Setting")
    frames = book.stack.children
    assert len(frames) == len(GALLERY)
    parts = [_frame_parts(f) for f in frames]
    pictures = [p[2] for p in parts]
    assert len(set(pictures)) == len(pictures)                 # every picture differs from every other
    assert len({p[1] for p in parts}) == len(parts)            # and so does every readout
    readouts = dict(zip(GALLERY, (p[1] for p in parts)))
    assert "nearly flat" in readouts["sigmoid, saturated"]
    assert "slope g'(z) = 0.0000" in readouts["relu, z < 0"]
    assert "slope g'(z) = 0.1000" in readouts["leaky_relu, z < 0"]
    assert f"slope g'(z) = {np.exp(-2.0):.4f}" in readouts["elu, z < 0"]
    gelu_slope = float(readouts["gelu, negative slope"].split("slope g'(z) = ")[1][:7])
    assert gelu_slope < 0
    silu_slope = float(readouts["silu, steepest"].split("slope g'(z) = ")[1][:6])
    assert silu_slope > 1.09
    assert ex.values() == {"function": "sigmoid", "z": 1.0, "alpha": 0.1}      # left as it was
    assert ex.controls["alpha"].disabled is True


def test_flipbook_frames_differ_along_z():
    ex = ActivationExplorer(function="sigmoid", z=1.0)
    values = [-4.0, -2.0, -1.0, 0.0, 1.0, 2.0, 4.0]              # the chapter's flip-book
    book = ex.flipbook("z", values)
    frames = book.stack.children
    assert len(frames) == len(values)
    pictures = [frame.children[-1].value for frame in frames]
    readouts = [frame.children[0].value for frame in frames]
    assert len(set(pictures)) == len(values) and len(set(readouts)) == len(values)
    s = 1 / (1 + np.exp(-4.0))
    assert f"{s * (1 - s):.4f}" in readouts[-1] and "nearly flat" not in readouts[-1]   # 0.0177 > 5 % of 0.25
    assert book.chooser.index == values.index(1.0) and ex.values()["z"] == 1.0
