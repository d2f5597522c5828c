"""Explorer for chapter 3: an activation function, its value and its slope at one input.

``ActivationExplorer`` draws the chosen activation g(z) on the left with a point at
the current weighted input z and the tangent line through it,

    t(u) = g(z) + g'(z) (u - z),

and the derivative g'(z) on the right with the same point marked. The slope of
the tangent on the left is the height of the point on the right.
"""
from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from .. import activations
from ._base import Explorer, slider

#: the element-wise activations chapter 3 teaches and the explorer offers (softmax works on whole rows,
#: so it is left out; the later additions to ``activations.ACTIVATIONS``, such as gelu, are not chapter 3's)
FUNCTIONS = ["linear", "sigmoid", "tanh", "relu", "leaky_relu", "selu"]
Z_MIN, Z_MAX = -5.0, 5.0
#: half the width (in z) of the drawn tangent segment
TANGENT_HALF_WIDTH = 1.5


def make_activation(name: str, alpha: float = 0.01) -> activations.Activation:
    """The nnbook activation object for ``name``; ``alpha`` only matters for leaky ReLU."""
    if name == "leaky_relu":
        return activations.LeakyReLU(alpha)
    return activations.get(name)


class ActivationExplorer(Explorer):
    """Choose an activation function and move its input z.

    Left panel: the curve a = g(z), the point (z, g(z)) and the tangent line at
    that point, whose slope is g'(z). Right panel: the derivative curve g'(z)
    with the same z marked. The readout gives g(z) and g'(z).

    Things to try: with ``sigmoid`` or ``tanh``, slide z out to 4 or 5 and watch
    the tangent go flat (saturation: the slope nearly vanishes). With ``relu``,
    move z below 0: the slope is exactly 0, while ``leaky_relu`` keeps the slope
    ``alpha``. Compare the highest point of the sigmoid's derivative (0.25) with
    tanh's (1).
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
        self.add_control("alpha", slider(alpha, 0.0, 0.5, 0.01, "leaky ReLU alpha"))
        self.zs = np.linspace(Z_MIN, Z_MAX, 401)
        self.ax_g, self.ax_d = self.figure.subplots(1, 2)
        for ax in (self.ax_g, self.ax_d):
            ax.axhline(0, color="0.7", linewidth=0.8, zorder=0)
            ax.axvline(0, color="0.7", linewidth=0.8, zorder=0)
            ax.set_xlim(Z_MIN, Z_MAX)
            ax.set_xlabel("weighted input z")
            ax.grid(alpha=0.3)
        (self.curve,) = self.ax_g.plot([], [], color="#1f5fbf", linewidth=2, label="g(z)")
        (self.tangent,) = self.ax_g.plot([], [], color="#d35400", linewidth=1.8, label="tangent, slope g'(z)")
        (self.point,) = self.ax_g.plot([], [], "o", color="#d35400", markersize=7, zorder=3)
        (self.deriv_curve,) = self.ax_d.plot([], [], color="#2e7d32", linewidth=2, label="g'(z)")
        (self.deriv_point,) = self.ax_d.plot([], [], "o", color="#d35400", markersize=7, zorder=3)
        self.ax_g.set_ylabel("activation a = g(z)")
        self.ax_d.set_ylabel("slope g'(z)")
        self.ax_g.legend(loc="upper left", fontsize=8)
        self.start()
        # The first render fixed the panel positions; freezing them halves the cost of each redraw.
        self.figure.set_layout_engine("none")

    def draw(self, function, z, alpha):
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
        d_hi = max(float(slopes.max()), 0.25)
        self.ax_d.set_ylim(-0.05 * d_hi, 1.15 * d_hi)
        label = f"leaky_relu (alpha={alpha:g})" if function == "leaky_relu" else function
        self.ax_g.set_title(f"{label}: range {g.output_range}", fontsize=10)
        self.ax_d.set_title(f"derivative: largest slope {float(slopes.max()):.3g}", fontsize=10)

        self.state = {"function": function, "z": float(z), "alpha": float(alpha), "value": value,
                      "slope": slope, "output_range": g.output_range, "max_slope": float(slopes.max())}
        note = ""
        if slope < 0.05 * float(slopes.max()):
            note = " &mdash; the curve is nearly flat here: almost no gradient passes"
        self.readout.value = (f"<b>{label}</b>: at z = {z:.2f}, a = g(z) = {value:.4f}, "
                              f"slope g'(z) = {slope:.4f}{note}")
