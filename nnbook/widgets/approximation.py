"""Explorer for chapter 4: one hidden layer of ReLU units builds a curve out of hinges.

A network with one input, ``h`` ReLU hidden units and one linear output computes

    ŷ(x) = b2 + Σ_u W2[u] · relu(W1[u] x + b1[u]),

a sum of ``h`` hinges: each hidden unit is 0 to the left of its kink, at
x = -b1[u] / W1[u], and a straight line to the right of it. Choosing the
weights by construction (no training) makes the network the piecewise-linear
curve through the target's values at ``h + 1`` equally spaced knots
t_0 < t_1 < ... < t_h of an interval [a, b]:

    W1[u] = 1,   b1[u] = -t_u,   b2 = f(t_0),
    W2[0] = s_0,   W2[u] = s_u - s_(u-1)   (u >= 1),

where s_u = (f(t_(u+1)) - f(t_u)) / (t_(u+1) - t_u) is the slope of the curve on
segment u. Unit u switches on at knot t_u and changes the slope there by W2[u].
On [a, b] the error of this interpolation is at most Δ² max|f''| / 8 for a knot
spacing Δ = (b - a) / h, so it falls like 1 / h² for a smooth target: this is the
universal approximation theorem in one dimension, made concrete. Outside [a, b]
the network is not asked to follow f (it stays flat left of a and keeps the last
slope right of b).

``ApproximationExplorer`` draws the target, the network and the hinges for a
slider that sets h.
"""
from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from ..layers import Dense
from ..model import Sequential
from ._base import Explorer

#: the interval the explorer approximates on: one period of sin
INTERVAL = (0.0, 2.0 * np.pi)
#: the target functions the explorer offers, each continuous on the interval
TARGETS = {
    "sin(x)": np.sin,
    "sin(3x)": lambda x: np.sin(3.0 * x),
    "bump exp(-2(x-π)²)": lambda x: np.exp(-2.0 * (x - np.pi) ** 2),
}
#: the largest number of hidden units the slider offers
MAX_UNITS = 40
#: points at which the maximum error is measured
GRID_POINTS = 2001


def _check_units(h) -> int:
    if isinstance(h, bool) or not isinstance(h, (int, np.integer)) or h < 1:
        raise ValueError(f"the number of hidden units h expected a positive integer; received {h!r}. "
                         "Use h = 1, 2, 3, ...")
    return int(h)


def _check_interval(interval) -> tuple[float, float]:
    try:
        a, b = (float(v) for v in interval)
    except (TypeError, ValueError):
        raise ValueError(f"interval expected two numbers (a, b) with a < b; received {interval!r}.") from None
    if not a < b:
        raise ValueError(f"interval expected two numbers (a, b) with a < b; received ({a:g}, {b:g}). "
                         "Swap them or widen the interval.")
    return a, b


def hinge_weights(f, h: int, interval=INTERVAL) -> list[np.ndarray]:
    """The list ``[W1, b1, W2, b2]`` of a 1-h-1 ReLU network that interpolates ``f`` at ``h + 1``
    equally spaced knots of ``interval`` (see the module docstring for the equations).

    ``f`` must accept a numpy array and return an array of the same shape.
    """
    h = _check_units(h)
    a, b = _check_interval(interval)
    if not callable(f):
        raise ValueError(f"f expected a function of x such as np.sin; received {f!r}.")
    knots = np.linspace(a, b, h + 1)
    values = np.asarray(f(knots), dtype=float)
    if values.shape != knots.shape or not np.all(np.isfinite(values)):
        raise ValueError(f"f expected to return {knots.size} finite numbers for {knots.size} knots; "
                         f"received {values!r}.")
    slopes = np.diff(values) / np.diff(knots)           # s_0 ... s_(h-1): one slope per segment
    changes = np.diff(slopes, prepend=0.0)              # W2[0] = s_0, W2[u] = s_u - s_(u-1)
    W1 = np.ones((1, h))                                 # every unit reads x with weight 1 ...
    b1 = -knots[:-1]                                     # ... and switches on at its knot t_u
    W2 = changes.reshape(h, 1)
    b2 = values[:1].copy()                               # the curve starts at f(t_0)
    return [W1, b1, W2, b2]


def hinge_network(f, h: int, interval=INTERVAL) -> Sequential:
    """An nnbook network ``Sequential([Dense(h, activation="relu"), Dense(1)])`` for one input,
    with the weights of :func:`hinge_weights`: the piecewise-linear interpolant of ``f``."""
    model = Sequential([Dense(_check_units(h), activation="relu", input_shape=(1,)), Dense(1)], seed=0)
    model.set_weights(hinge_weights(f, h, interval))
    return model


def max_error(model: Sequential, f, interval=INTERVAL, points: int = GRID_POINTS) -> float:
    """The largest |f(x) - model(x)| over ``points`` equally spaced x in ``interval``."""
    a, b = _check_interval(interval)
    x = np.linspace(a, b, points)
    return float(np.max(np.abs(np.asarray(f(x), dtype=float) - model.predict(x[:, None]).ravel())))


class ApproximationExplorer(Explorer):
    """Build a curve from ReLU hinges: one hidden layer of ``h`` units, weights set by construction.

    Left: the target f on [0, 2π] (black), the network's output (blue) and the knots where the
    hidden units switch on (dots), with the gap between curve and target shaded. Right: the h
    hinges W2[u] · relu(x - t_u) that the hidden units add to the output bias; their sum is the
    blue curve. The readout gives h, the parameter count 3h + 1 and the maximum error on the interval.

    Controls: ``h`` (1 to 40 hidden units) and ``target`` (sin(x), sin(3x) or a bump).
    Things to try: double h and watch the maximum error fall by about 4 (the error of a
    piecewise-linear fit falls like 1/h²); compare sin(x) with sin(3x), whose three times faster
    wiggles need about three times as many units for the same error.
    """

    alt_text = ("Two panels over x from 0 to 2π. Left: the target function drawn in black and the "
                "network's piecewise-linear output drawn in blue, with dots at the knots where hidden "
                "units switch on and the gap between them shaded. Right: the individual hinge functions, "
                "one per hidden unit, each zero left of its knot and a straight line right of it.")

    def __init__(self, *, h: int = 4, target: str = "sin(x)"):
        super().__init__(figsize=(7.5, 3.4))
        if target not in TARGETS:
            raise ValueError(f"ApproximationExplorer target expected one of {list(TARGETS)}; received {target!r}.")
        h = _check_units(h)
        if h > MAX_UNITS:
            raise ValueError(f"ApproximationExplorer h expected 1 to {MAX_UNITS}; received {h}.")
        self.add_control("h", widgets.IntSlider(value=h, min=1, max=MAX_UNITS, step=1,
                                                description="hidden units h",
                                                style={"description_width": "initial"},
                                                layout=widgets.Layout(width="360px", max_width="100%"),
                                                continuous_update=False))
        self.add_control("target", widgets.Dropdown(options=list(TARGETS), value=target, description="target",
                                                    style={"description_width": "initial"}))
        self.x = np.linspace(*INTERVAL, GRID_POINTS)
        self.ax_fit, self.ax_hinges = self.figure.subplots(1, 2)
        self.target_line, = self.ax_fit.plot([], [], color="black", linewidth=2.0, label="target f")
        self.net_line, = self.ax_fit.plot([], [], color="#1f5fbf", linewidth=1.6, label="network")
        self.knot_dots, = self.ax_fit.plot([], [], "o", color="#1f5fbf", markersize=4, label="knots")
        self.gap = None
        self.hinge_lines = []
        for ax in (self.ax_fit, self.ax_hinges):
            ax.set_xlim(*INTERVAL)
            ax.set_xticks([0, np.pi / 2, np.pi, 3 * np.pi / 2, 2 * np.pi], ["0", "π/2", "π", "3π/2", "2π"])
            ax.set_xlabel("x", fontsize=10)
            ax.tick_params(labelsize=9)
        self.ax_fit.legend(loc="upper center", ncol=3, fontsize=9, framealpha=0.9, handlelength=1.5,
                          columnspacing=1.0)
        self.start()

    def draw(self, h, target):
        f = TARGETS[target]
        model = hinge_network(f, h)
        W1, b1, W2, b2 = model.get_weights()
        y = f(self.x)
        y_net = model.predict(self.x[:, None]).ravel()
        knots = np.append(-b1, INTERVAL[1])
        error = float(np.max(np.abs(y - y_net)))

        self.target_line.set_data(self.x, y)
        self.net_line.set_data(self.x, y_net)
        self.knot_dots.set_data(knots, f(knots))
        if self.gap is not None:
            self.gap.remove()
        self.gap = self.ax_fit.fill_between(self.x, y, y_net, color="#c0392b", alpha=0.35, linewidth=0)
        self.ax_fit.set_ylim(-1.25, 1.85)                                   # room for the legend on top
        self.ax_fit.set_title(f"{h} hidden unit{'s' if h > 1 else ''}: max error {error:.4f}", fontsize=10)

        for line in self.hinge_lines:
            line.remove()
        hinges = W2[:, 0] * np.maximum(0.0, self.x[:, None] - knots[:-1])      # (points, h)
        self.hinge_lines = list(self.ax_hinges.plot(self.x, hinges, linewidth=1.0, alpha=0.8))
        self.hinge_lines += self.ax_hinges.plot(self.x, np.full_like(self.x, b2[0]), color="gray",
                                                linestyle=":", linewidth=1.2)
        top = float(np.abs(hinges).max()) if h else 1.0
        self.ax_hinges.set_ylim(-1.1 * top - 0.1, 1.1 * top + 0.1)
        self.ax_hinges.set_title(f"the {h} hinges W2[u]·relu(x − t_u)", fontsize=10)

        self.state = {"h": h, "target": target, "max_error": error, "knots": knots, "weights": [W1, b1, W2, b2],
                      "outputs": y_net, "params": model.count_params()}
        self.readout.value = (f"<b>h = {h}</b> hidden units ({model.count_params()} parameters): "
                              f"max error |f − network| on [0, 2π] = <b>{error:.4f}</b>")
