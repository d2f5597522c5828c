"""Explorer for chapter 1 (the neuron): one sigmoid neuron on a 2-D data set.

The neuron computes z = w1 x1 + w2 x2 + b and a = sigmoid(z). The explorer
shades every point of the plane by the output a, draws the decision line
z = 0 (where a = 0.5), draws the weight vector (w1, w2) as an arrow from the
line, and reports the accuracy of "class 1 where a >= 0.5" on the data.
"""
from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from matplotlib.patches import FancyArrowPatch

from .. import datasets
from ..activations import Sigmoid
from ..losses import BinaryCrossentropy
from ..plotting import scatter_classes
from ._base import Explorer, slider

#: the data sets offered in the dropdown: label -> function returning (X, y)
DATASETS = {
    "two blobs": lambda: datasets.make_blobs(n_samples=100, centers=[[-1.5, -1.0], [1.5, 1.0]],
                                             std=0.9, seed=1),
    "shifted blobs": lambda: datasets.make_blobs(n_samples=100, centers=[[0.8, 0.8], [2.8, 2.8]],
                                                 std=0.55, seed=2),
    "XOR": lambda: datasets.make_xor(n_samples=100, noise=0.3, seed=0),
}

LIMITS = (-4.5, 4.5)


def decision_line(w1: float, w2: float, b: float, lo: float = LIMITS[0], hi: float = LIMITS[1]):
    """Two end points (xs, ys) of the line w1 x1 + w2 x2 + b = 0 across the box [lo, hi]²,
    or empty arrays when w1 = w2 = 0 (then there is no line: z = b everywhere)."""
    if w1 == 0 and w2 == 0:
        return np.array([]), np.array([])
    if abs(w2) >= abs(w1):
        xs = np.array([lo, hi])
        return xs, -(w1 * xs + b) / w2
    ys = np.array([lo, hi])
    return -(w2 * ys + b) / w1, ys


class NeuronExplorer(Explorer):
    """One sigmoid neuron, a = sigmoid(w1 x1 + w2 x2 + b), over a small 2-D data set.

    The shading is the neuron's output a at every point of the plane (blue near 0,
    red near 1); the black line is the decision line w1 x1 + w2 x2 + b = 0, where
    a = 0.5; the arrow is the weight vector (w1, w2), which points towards the side
    where a > 0.5. The readout gives the accuracy of the rule "class 1 where a >= 0.5".

    Things to try: multiply w1, w2 and b by the same factor (the line stays, the
    transition from blue to red gets sharper); change only b (the line
    slides parallel to itself); flip the signs of w1, w2 and b together (the same
    line, the colours swap, the accuracy becomes 100% minus what it was); pick
    "shifted blobs" and try to separate them with b = 0; pick "XOR" and look for
    any setting that classifies all four groups correctly.

    ``X, y`` may be given to use another 2-D data set (labels 0 and 1).
    """

    alt_text = ("A square plot of two classes of points (blue circles for class 0, red squares for class 1) "
                "over a background shaded from blue (neuron output near 0) to red (output near 1), with a "
                "black decision line where the output is 0.5 and an arrow showing the weight vector.")

    def __init__(self, w1: float = 1.0, w2: float = 1.0, b: float = 0.0, dataset: str = "two blobs",
                 X=None, y=None, resolution: int = 100):
        super().__init__(figsize=(5.6, 4.4))
        self._custom = None if X is None else (np.asarray(X, float), np.asarray(y, int))
        self.sigmoid = Sigmoid()
        self.add_control("w1", slider(w1, -5.0, 5.0, 0.1, "weight w1"))
        self.add_control("w2", slider(w2, -5.0, 5.0, 0.1, "weight w2"))
        self.add_control("b", slider(b, -6.0, 6.0, 0.1, "bias b"))
        if self._custom is None:
            self.add_control("dataset", widgets.Dropdown(options=list(DATASETS), value=dataset,
                                                         description="data"))
        lo, hi = LIMITS
        g = np.linspace(lo, hi, resolution)
        self._g1, self._g2 = np.meshgrid(g, g)
        ax = self.ax = self.figure.add_subplot(1, 1, 1)
        # Labels are plain text, not $mathtext$, which would be re-parsed on every redraw.
        self.shade = ax.imshow(np.zeros_like(self._g1), origin="lower", extent=(lo, hi, lo, hi),
                               cmap="RdBu_r", vmin=0.0, vmax=1.0, alpha=0.45, interpolation="nearest")
        cbar = self.figure.colorbar(self.shade, ax=ax, shrink=0.85)
        cbar.set_label("neuron output a")
        self._data_name = None
        self._points = []
        (self.line,) = ax.plot([], [], color="black", linewidth=2, label="decision line z = 0")
        self.arrow = FancyArrowPatch((0, 0), (0, 0), arrowstyle="-|>", mutation_scale=14,
                                     color="black", linewidth=1.5)
        ax.add_patch(self.arrow)
        ax.set_xlim(lo, hi)
        ax.set_ylim(lo, hi)
        ax.set_aspect("equal")
        ax.set_xlabel("x1")
        ax.set_ylabel("x2")
        self.title = ax.set_title("a = sigmoid(0.0 x1 +0.0 x2 +0.0)", fontsize=10)  # placeholder for the layout
        self.start()

    def _data(self, name):
        if self._custom is not None:
            return self._custom
        return DATASETS[name]()

    def draw(self, w1, w2, b, dataset=None):
        name = dataset if self._custom is None else "custom"
        if name != self._data_name:  # new data: replace the scatter points
            for artist in self._points:
                artist.remove()
            self.X, self.y = self._data(dataset)
            self._points = scatter_classes(self.X, self.y, self.ax, size=26)
            self.ax.legend(loc="upper left", fontsize=8, framealpha=0.85)
            self._data_name = name
        self.shade.set_data(self.sigmoid(w1 * self._g1 + w2 * self._g2 + b))
        xs, ys = decision_line(w1, w2, b)
        self.line.set_data(xs, ys)
        norm2 = w1 * w1 + w2 * w2
        if norm2 > 0:  # arrow from the point of the line nearest the origin, along (w1, w2)
            foot = np.array([w1, w2]) * (-b / norm2)
            self.arrow.set_positions(tuple(foot), tuple(foot + np.array([w1, w2]) / np.sqrt(norm2)))
            self.arrow.set_visible(True)
        else:
            self.arrow.set_visible(False)
        z = self.X @ np.array([w1, w2]) + b
        a = self.sigmoid(z)
        pred = (a >= 0.5).astype(int)
        acc = float(np.mean(pred == self.y))
        cost = BinaryCrossentropy()(self.y, a)
        self.state = {"w1": w1, "w2": w2, "b": b, "dataset": name, "z": z, "a": a, "predictions": pred,
                      "accuracy": acc, "cost": cost, "line_x": xs, "line_y": ys}
        self.title.set_text(f"a = sigmoid({w1:.1f} x1 {w2:+.1f} x2 {b:+.1f})")
        line = ("no decision line: with w1 = w2 = 0, z = b at every point"
                if norm2 == 0 else f"decision line {w1:.2f} x1 + {w2:.2f} x2 + {b:.2f} = 0")
        self.readout.value = (f"{line}; accuracy <b>{acc:.0%}</b> ({int(np.sum(pred == self.y))} of "
                              f"{len(self.y)} points); binary cross-entropy cost {cost:.3f}")


def neuron_explorer(**kwargs) -> NeuronExplorer:
    """Create a :class:`NeuronExplorer` (keyword arguments as in its constructor)."""
    return NeuronExplorer(**kwargs)
