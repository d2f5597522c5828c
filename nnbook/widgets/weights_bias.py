"""Explorer for chapter 2 (weights and bias): one neuron with one input.

The neuron computes z = w x + b and a = g(z). The left panel shows the weighted
input z as a straight line in x (slope w, value b at x = 0); the right panel
shows the output a = g(z), with the point where z = 0 (x = -b/w) and the output
at x = 0, a = g(b), marked.
"""
from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from .. import activations
from ._base import Explorer, slider

X_RANGE = (-6.0, 6.0)
Z_LIMITS = (-8.0, 8.0)
A_LIMITS = {"sigmoid": (-0.05, 1.05), "tanh": (-1.1, 1.1), "linear": Z_LIMITS}


class WeightBiasExplorer(Explorer):
    """One neuron with a single input: z = w x + b (left) and a = g(z) (right).

    The dashed grey curve on the right is the reference g(x), the neuron with w = 1
    and b = 0. The dotted vertical line and the black dot mark x = -b/w, where z = 0;
    the red square on the vertical axis is the output for x = 0, which is g(b): the
    bias alone decides it.

    Things to try: make w larger and smaller (the curve gets steeper and flatter
    around x = -b/w); make w negative (the curve is mirrored: it now falls); set
    w = 0 (the curve is flat at g(b), whatever x is); with w fixed, move b (the
    curve slides sideways by -b/w, and g(b) changes); switch the activation to
    tanh and to linear and repeat.
    """

    alt_text = ("Two side-by-side plots against the input x from -6 to 6. Left: the weighted input "
                "z = w x + b, a straight line. Right: the neuron's output a = g(z), an S-shaped curve for "
                "sigmoid or tanh and a straight line for linear, with a dashed grey reference curve, a "
                "dotted vertical line and a black dot where z = 0, and a red square on the vertical axis "
                "at the output for x = 0.")

    def __init__(self, w: float = 1.0, b: float = 0.0, activation: str = "sigmoid"):
        super().__init__(figsize=(7.5, 3.5))
        self.add_control("w", slider(w, -5.0, 5.0, 0.1, "weight w"))
        self.add_control("b", slider(b, -6.0, 6.0, 0.1, "bias b"))
        self.add_control("activation", widgets.Dropdown(options=list(A_LIMITS), value=activation,
                                                        description="activation g"))
        self.x = np.linspace(*X_RANGE, 241)
        ax_z, ax_a = self.ax_z, self.ax_a = self.figure.subplots(1, 2)
        # Labels are plain text, not $mathtext$, which would be re-parsed on every redraw.
        for ax in (ax_z, ax_a):
            ax.axhline(0.0, color="#999999", linewidth=0.8)
            ax.axvline(0.0, color="#999999", linewidth=0.8)
            ax.set_xlim(*X_RANGE)
            ax.set_xlabel("input x")
        (self.z_line,) = ax_z.plot([], [], color="#1f77b4", linewidth=2)
        (self.z_root,) = ax_z.plot([], [], "o", color="black", markersize=6)
        (self.z_at_zero,) = ax_z.plot([], [], "s", color="#d62728", markersize=6)
        ax_z.set_ylim(*Z_LIMITS)
        ax_z.set_ylabel("weighted input z = w x + b")
        (self.reference,) = ax_a.plot([], [], "--", color="#aaaaaa", linewidth=1.5, label="g(x): w = 1, b = 0")
        (self.a_line,) = ax_a.plot([], [], color="#1f77b4", linewidth=2.2, label="a = g(w x + b)")
        self.root_line = ax_a.axvline(0.0, color="black", linestyle=":", linewidth=1.2)
        (self.a_root,) = ax_a.plot([], [], "o", color="black", markersize=6, label="z = 0, at x = -b/w")
        (self.a_at_zero,) = ax_a.plot([], [], "s", color="#d62728", markersize=6, label="x = 0: a = g(b)")
        ax_a.set_ylabel("output a")
        ax_a.legend(loc="upper left", fontsize=7.5, framealpha=0.85)
        self.title = ax_a.set_title("sigmoid: a = g(0.0 x +0.0)", fontsize=10)  # placeholder for the layout
        # Lay the figure out once with the widest tick labels (tanh's) and freeze that layout
        # (start() would otherwise freeze the layout of the first activation drawn).
        ax_a.set_ylim(*A_LIMITS["tanh"])
        self.figure.draw_without_rendering()
        self.figure.set_layout_engine(None)
        self.start()

    def draw(self, w, b, activation):
        g = activations.get(activation)
        x = self.x
        z = w * x + b
        a = g(z)
        self.z_line.set_data(x, z)
        self.a_line.set_data(x, a)
        self.reference.set_data(x, g(x))
        self.ax_a.set_ylim(*A_LIMITS[activation])
        g0 = float(g(np.array(0.0)))
        a_at_zero = float(g(np.array(float(b))))
        self.z_at_zero.set_data([0.0], [b])
        self.a_at_zero.set_data([0.0], [a_at_zero])
        if w != 0:
            x0 = -b / w + 0.0              # + 0.0: no '-0.00' in the readout when b = 0
            slope = w * float(g.derivative(np.array(0.0)))  # da/dx at x0 = w g'(0)
            self.z_root.set_data([x0], [0.0])
            self.a_root.set_data([x0], [g0])
            self.root_line.set_xdata([x0, x0])
            self.root_line.set_visible(True)
            where = (f"z = 0 at x = -b/w = {x0:.2f}" +
                     ("" if X_RANGE[0] <= x0 <= X_RANGE[1] else " (off the plot)") +
                     f", where a = g(0) = {g0:.2f} and the slope da/dx = w g'(0) = {slope:.2f}; "
                     f"at x = 0 the output is g(b) = {a_at_zero:.2f}")
        else:
            x0 = slope = None
            self.z_root.set_data([], [])
            self.a_root.set_data([], [])
            self.root_line.set_visible(False)
            where = (f"w = 0: z = b = {b:.2f} for every x, so the output is flat at g(b) = {a_at_zero:.2f}; "
                     "the input has no effect")
        self.title.set_text(f"{activation}: a = g({w:.1f} x {b:+.1f})")
        self.state = {"w": w, "b": b, "activation": activation, "x": x, "z": z, "a": a, "x0": x0,
                      "a_at_zero": a_at_zero, "slope_at_x0": slope}
        self.readout.value = f"z = {w:.2f} x {b:+.2f}; {where}"


def weight_bias_explorer(**kwargs) -> WeightBiasExplorer:
    """Create a :class:`WeightBiasExplorer` (keyword arguments as in its constructor)."""
    return WeightBiasExplorer(**kwargs)
