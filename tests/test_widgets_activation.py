"""Tests of the chapter 3 explorer: every control changes the picture as the formulas say."""
import numpy as np
import pytest

from nnbook.widgets.activation import FUNCTIONS, ActivationExplorer


def png_of(ex):
    """The rendered picture: ``ex.png`` (an <img> in an HTML widget) or, in older bases, the Image widget's bytes."""
    return ex.png if hasattr(ex, "png") else ex.image.value


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
}


@pytest.fixture
def ex():
    return ActivationExplorer()


def test_offers_every_elementwise_activation_but_not_softmax(ex):
    assert set(ex.controls["function"].options) == {"linear", "sigmoid", "tanh", "relu", "leaky_relu", "selu"}
    assert "softmax" not in FUNCTIONS


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
