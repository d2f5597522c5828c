"""Explorer for chapter 3: an activation function, its value and its slope at one input.

``ActivationExplorer`` draws the chosen activation g(z) on the left with a point at
the current weighted input z and the tangent line through it,

    t(u) = g(z) + g'(z) (u - z),

and the derivative g'(z) on the right with the same point marked. The slope of
the tangent on the left is the height of the point on the right.

Readability: the figure is 8 in wide at 90 dpi (720 px); every text in it is at
least 10 pt, about 12 px on screen when the picture is scaled to a 700 px column.
"""
from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from .. import activations
from ._base import Explorer, slider

#: the element-wise activations chapter 3 teaches and the explorer offers: softmax works on whole rows,
#: so it is left out, and ``swish`` is only another name for ``silu``
FUNCTIONS = ["linear", "sigmoid", "tanh", "relu", "leaky_relu", "selu", "elu", "gelu", "silu", "softplus"]
Z_MIN, Z_MAX = -5.0, 5.0
#: half the width (in z) of the drawn tangent segment
TANGENT_HALF_WIDTH = 1.5
#: the font size (points) of every text in the figure: 10 pt at 90 dpi is 12.5 px, about 12 px once the
#: 720 px picture is scaled to a 700 px column (the book's column, JupyterLab's at 1024 px)
FONT_SIZE = 10
#: the tooltip of the alpha slider, which only leaky ReLU uses (the slider is disabled otherwise)
ALPHA_TOOLTIP = "The slope alpha of leaky ReLU for z < 0. Only leaky_relu uses it: choose leaky_relu to move it."


def make_activation(name: str, alpha: float = 0.01) -> activations.Activation:
    """The nnbook activation object for ``name``; ``alpha`` only matters for leaky ReLU."""
    if name == "leaky_relu":
        return activations.LeakyReLU(alpha)
    return activations.get(name)


def range_text(g: activations.Activation) -> str:
    """The output range of ``g`` as a title shows it: ELU's symbolic ``-alpha`` replaced by its value."""
    if isinstance(g, activations.ELU):
        return g.output_range.replace("-alpha", f"-{g.alpha:g}")
    return g.output_range


class ActivationExplorer(Explorer):
    """Choose an activation function and move its input z.

    Left panel: the curve a = g(z), the point (z, g(z)) and the tangent line at
    that point, whose slope is g'(z). Right panel: the derivative curve g'(z)
    with the same z marked. The readout gives g(z) and g'(z).

    Things to try: with ``sigmoid`` or ``tanh``, slide z out to 4 or 5 and watch
    the tangent go flat (saturation: the slope nearly vanishes). With ``relu``,
    move z below 0: the slope is exactly 0, while ``leaky_relu`` keeps the slope
    ``alpha``. Compare the highest point of the sigmoid's derivative (0.25) with
    tanh's (1). Compare ``gelu`` and ``silu`` with ``relu``: smooth, with a small dip
    below zero and a slope slightly above 1 just right of zero.

    The ``alpha`` slider is leaky ReLU's slope for z < 0; for every other function
    it would do nothing, so it is disabled unless ``leaky_relu`` is chosen.
    """

    alt_text = ("Two panels. Left: the chosen activation function g(z) plotted for z from -5 to 5, with a "
                "dot at the current input z and a short straight tangent line through the dot. Right: the "
                "derivative g'(z) over the same range with a dot at the current z; its height is the "
                "slope of the tangent on the left.")

    def __init__(self, function: str = "sigmoid", z: float = 1.0, alpha: float = 0.1):
        super().__init__(figsize=(8.0, 3.6))
        self.add_control("function", widgets.Dropdown(options=FUNCTIONS, value=function,
                                                      description="g", style={"description_width": "initial"}))
        self.add_control("z", slider(z, Z_MIN, Z_MAX, 0.05, "weighted input z"))
        self.add_control("alpha", slider(alpha, 0.0, 0.5, 0.01, "alpha (leaky_relu only)"))
        self.controls["alpha"].tooltip = ALPHA_TOOLTIP
        self.zs = np.linspace(Z_MIN, Z_MAX, 401)
        self.ax_g, self.ax_d = self.figure.subplots(1, 2)
        for ax in (self.ax_g, self.ax_d):
            ax.axhline(0, color="0.7", linewidth=0.8, zorder=0)
            ax.axvline(0, color="0.7", linewidth=0.8, zorder=0)
            ax.set_xlim(Z_MIN, Z_MAX)
            ax.set_xlabel("weighted input z", fontsize=FONT_SIZE)
            ax.tick_params(labelsize=FONT_SIZE)
            ax.grid(alpha=0.3)
        (self.curve,) = self.ax_g.plot([], [], color="#1f5fbf", linewidth=2, label="g(z)")
        (self.tangent,) = self.ax_g.plot([], [], color="#d35400", linewidth=1.8, label="tangent, slope g'(z)")
        (self.point,) = self.ax_g.plot([], [], "o", color="#d35400", markersize=7, zorder=3)
        (self.deriv_curve,) = self.ax_d.plot([], [], color="#2e7d32", linewidth=2, label="g'(z)")
        (self.deriv_point,) = self.ax_d.plot([], [], "o", color="#d35400", markersize=7, zorder=3)
        self.ax_g.set_ylabel("activation a = g(z)", fontsize=FONT_SIZE)
        self.ax_d.set_ylabel("slope g'(z)", fontsize=FONT_SIZE)
        self.ax_g.legend(loc="upper left", fontsize=FONT_SIZE)
        # Fixed margins instead of a layout computed for the first function: they leave room for the
        # widest tick labels any function gets (tanh's "-1.00"), so no label is pushed off the picture
        # when the function changes; a fixed layout also halves the cost of each redraw.
        self.figure.set_layout_engine(None)
        self.figure.subplots_adjust(left=0.095, right=0.985, bottom=0.14, top=0.91, wspace=0.3)
        self.start()

    def draw(self, function, z, alpha):
        # A control that does nothing for the chosen function is disabled (not silently ignored).
        self.controls["alpha"].disabled = function != "leaky_relu"
        g = make_activation(function, alpha)
        zs = self.zs
        values = g.forward(zs)
        slopes = g.derivative(zs)
        z0 = np.array([float(z)])
        value = float(g.forward(z0)[0])
        slope = float(g.derivative(z0)[0])

        self.curve.set_data(zs, values)
        u = np.linspace(z - TANGENT_HALF_WIDTH, z + TANGENT_HALF_WIDTH, 2)
        self.tangent.set_data(u, value + slope * (u - z))
        self.point.set_data([z], [value])
        self.deriv_curve.set_data(zs, slopes)
        self.deriv_point.set_data([z], [slope])

        lo, hi = float(values.min()), float(values.max())
        pad = 0.1 * (hi - lo)
        self.ax_g.set_ylim(lo - pad, hi + pad)
        # GELU's and SiLU's slopes dip below zero: the lower limit keeps that dip in view.
        d_lo, d_hi = min(float(slopes.min()), 0.0), max(float(slopes.max()), 0.25)
        self.ax_d.set_ylim(d_lo - 0.05 * (d_hi - d_lo), d_hi + 0.15 * (d_hi - d_lo))
        label = f"leaky_relu (alpha={alpha:g})" if function == "leaky_relu" else function
        self.ax_g.set_title(f"{label}: range {range_text(g)}", fontsize=FONT_SIZE)
        self.ax_d.set_title(f"derivative: largest slope {float(slopes.max()):.3g}", fontsize=FONT_SIZE)

        self.state = {"function": function, "z": float(z), "alpha": float(alpha), "value": value,
                      "slope": slope, "output_range": range_text(g), "max_slope": float(slopes.max())}
        note = ""
        if abs(slope) < 0.05 * float(np.abs(slopes).max()):
            note = " &mdash; the curve is nearly flat here: almost no gradient passes"
        self.readout.value = (f"<b>{label}</b>: at z = {z:.2f}, a = g(z) = {value:.4f}, "
                              f"slope g'(z) = {slope:.4f}{note}")
