"""Explorer for chapter 4: the nine parameters of a 2-2-1 network and the XOR problem.

``XorExplorer`` holds a network with two inputs, two sigmoid hidden units and one
sigmoid output unit, exactly ``Sequential([Dense(2, activation="sigmoid"),
Dense(1, activation="sigmoid")])``:

    h = sigmoid(x W1 + b1),   p = sigmoid(h W2 + b2),

with W1 of shape (2, 2), b1 of shape (2,), W2 of shape (2, 1) and b2 of shape (1,).
A slider sets each of the nine numbers. The left panel shades where the network
answers class 1 (p >= 0.5) over the plane, with the four XOR points on top; the
right panel draws the network, each line's color and width set by its weight.
"""
from __future__ import annotations

import numpy as np
from matplotlib.colors import ListedColormap

from ..datasets import make_xor
from ..layers import Dense
from ..model import Sequential
from ..plotting import CLASS_COLORS, MARKERS, draw_network
from ._base import Explorer, slider

#: a solution of XOR the explorer starts from: hidden unit 1 is OR, hidden unit 2 is NAND, the output is AND
START = {
    "w11": 6.0, "w21": 6.0, "b1": -3.0,      # hidden unit 1: x1 OR x2
    "w12": -6.0, "w22": -6.0, "b2": 9.0,     # hidden unit 2: NOT (x1 AND x2)
    "v1": 6.0, "v2": 6.0, "c": -9.0,         # output: h1 AND h2
}
#: slider labels: the entry of get_weights() each control sets
LABELS = {
    "w11": "W1[0,0] (x1→h1)", "w21": "W1[1,0] (x2→h1)", "b1": "b1[0] (bias h1)",
    "w12": "W1[0,1] (x1→h2)", "w22": "W1[1,1] (x2→h2)", "b2": "b1[1] (bias h2)",
    "v1": "W2[0,0] (h1→out)", "v2": "W2[1,0] (h2→out)", "c": "b2[0] (bias out)",
}
LIMIT = 10.0
MAX_LINE_WIDTH = 6.0


def weights_from_values(values: dict) -> list[np.ndarray]:
    """The slider values as the list ``[W1, b1, W2, b2]`` that ``set_weights`` takes."""
    W1 = np.array([[values["w11"], values["w12"]], [values["w21"], values["w22"]]], dtype=float)
    b1 = np.array([values["b1"], values["b2"]], dtype=float)
    W2 = np.array([[values["v1"]], [values["v2"]]], dtype=float)
    b2 = np.array([values["c"]], dtype=float)
    return [W1, b1, W2, b2]


def values_from_weights(weights, decimals: int | None = None) -> dict:
    """The inverse of :func:`weights_from_values`: the slider values (a dict keyed like ``START``)
    of the list ``[W1, b1, W2, b2]`` of a 2-2-1 network, each rounded to ``decimals`` places if given.
    Use it to show a trained network's weights in the explorer or in a gallery preset."""
    shapes = [(2, 2), (2,), (2, 1), (1,)]
    try:
        W1, b1, W2, b2 = (np.asarray(w, dtype=float) for w in weights)
    except (TypeError, ValueError):
        raise ValueError(f"values_from_weights expected the list [W1, b1, W2, b2] of a 2-2-1 network; "
                         f"received {weights!r:.200}.") from None
    if [W1.shape, b1.shape, W2.shape, b2.shape] != shapes:
        raise ValueError(f"values_from_weights expected shapes {shapes}; received "
                         f"{[W1.shape, b1.shape, W2.shape, b2.shape]}.")
    values = {"w11": W1[0, 0], "w21": W1[1, 0], "b1": b1[0], "w12": W1[0, 1], "w22": W1[1, 1], "b2": b1[1],
              "v1": W2[0, 0], "v2": W2[1, 0], "c": b2[0]}
    return {k: float(v) if decimals is None else round(float(v), decimals) for k, v in values.items()}


class XorExplorer(Explorer):
    """Set every weight and bias of a 2-2-1 sigmoid network by hand and watch it solve (or fail) XOR.

    Left: the plane shaded by the network's answer (blue: class 0, p < 0.5; red: class 1,
    p >= 0.5), the line p = 0.5, and the four XOR points, each marked with its output p.
    Right: the network, with blue solid lines for positive weights and red dashed lines for
    negative ones, thicker for larger |w|; the biases are written under the units.
    The readout counts the XOR points classified correctly.

    It starts at a solution: hidden unit 1 computes OR, hidden unit 2 computes NAND
    and the output computes AND of the two, which is XOR. Things to try: set
    ``W2[1,0]`` to 0 (the network forgets the NAND unit: how many points are still
    right?); flip the sign of every output weight and bias (you get XNOR); scale all
    nine numbers. Scaling by c > 1 sharpens the outputs and leaves the regions where
    they were; scaling down moves them, because each hidden unit outputs sigmoid(c z),
    no longer near 0 or 1, and the output unit thresholds those in-between values:
    halving the starting values shrinks the class-1 region (from about 43% to 38% of
    the square), dividing them by 3 removes it. Then look for a second solution in
    which hidden unit 2 computes AND instead (its numbers fit the sliders, -10 to 10).
    """

    alt_text = ("Two panels. Left: the square from -0.5 to 1.5 in x1 and x2, shaded blue where the network "
                "outputs class 0 and red where it outputs class 1, with the four XOR points (0,0), (0,1), "
                "(1,0), (1,1) drawn as blue circles (class 0) or red squares (class 1) and labelled with the "
                "network's output. Right: a drawing of the 2-2-1 network whose connecting lines are blue "
                "and solid for positive weights, red and dashed for negative ones, and thicker for larger "
                "weights; each unit's bias is printed beneath it.")

    def __init__(self, **start):
        super().__init__(figsize=(8.0, 3.8))
        values = {**START, **start}
        unknown = set(values) - set(START)
        if unknown:
            raise ValueError(f"XorExplorer got unknown parameters {sorted(unknown)}; "
                             f"expected some of {list(START)}.")
        for name in START:
            self.add_control(name, slider(values[name], -LIMIT, LIMIT, 0.5, LABELS[name], readout_format=".1f"))
        self.model = Sequential([Dense(2, activation="sigmoid"), Dense(1, activation="sigmoid")], seed=0)
        self.model.build(2)
        self.X, self.y = make_xor(4, noise=0)

        self.ax_plane, self.ax_net = self.figure.subplots(1, 2, gridspec_kw={"width_ratios": [1.0, 1.1]})
        # decision regions on a fixed grid
        n = 101
        self.g1, self.g2 = np.meshgrid(np.linspace(-0.5, 1.5, n), np.linspace(-0.5, 1.5, n))
        self.grid = np.column_stack([self.g1.ravel(), self.g2.ravel()])
        cmap = ListedColormap([CLASS_COLORS[0], CLASS_COLORS[1]])
        self.regions = self.ax_plane.imshow(np.zeros((n, n)), origin="lower", extent=(-0.5, 1.5, -0.5, 1.5),
                                            cmap=cmap, vmin=0, vmax=1, alpha=0.22, interpolation="nearest")
        self.boundary = None
        for label in (0, 1):
            pts = self.X[self.y == label]
            self.ax_plane.scatter(pts[:, 0], pts[:, 1], s=110, c=CLASS_COLORS[label], marker=MARKERS[label],
                                  edgecolors="black", linewidths=0.8, zorder=3, label=f"class {label}")
        self.point_texts = [self.ax_plane.text(x1 + 0.06, x2 + 0.08, "", fontsize=9, zorder=4)
                            for x1, x2 in self.X]
        self.ax_plane.set_xlim(-0.5, 1.5)
        self.ax_plane.set_ylim(-0.5, 1.5)
        self.ax_plane.set_xlabel("x1")
        self.ax_plane.set_ylabel("x2")
        self.ax_plane.set_aspect("equal")

        W1, _, W2, _ = weights_from_values(values)
        self.lines = draw_network([W1, W2], ax=self.ax_net, max_width=MAX_LINE_WIDTH,
                                  node_labels=[["x1", "x2"], ["h1", "h2"], ["p"]])
        # the node positions draw_network uses: x = layer index, y spread evenly in (0, 1)
        self.bias_texts = [self.ax_net.text(1, y - 0.13, "", ha="center", va="top", fontsize=9)
                           for y in (2 / 3, 1 / 3)]
        self.bias_texts.append(self.ax_net.text(2, 0.5 - 0.13, "", ha="center", va="top", fontsize=9))
        self.start()

    def draw(self, **values):
        weights = weights_from_values(values)
        self.model.set_weights(weights)
        W1, b1, W2, b2 = weights

        p_grid = self.model.predict(self.grid).reshape(self.g1.shape)
        self.regions.set_data((p_grid >= 0.5).astype(float))
        if self.boundary is not None:
            self.boundary.remove()
        self.boundary = None
        if p_grid.min() < 0.5 < p_grid.max():  # draw the line p = 0.5 only where it exists
            self.boundary = self.ax_plane.contour(self.g1, self.g2, p_grid, levels=[0.5], colors="black",
                                                  linewidths=1.2)

        p = self.model.predict(self.X).ravel()
        predicted = (p >= 0.5).astype(int)
        correct = int((predicted == self.y).sum())
        for text, pi, ok in zip(self.point_texts, p, predicted == self.y):
            text.set_text(f"p={pi:.2f}" + ("" if ok else " ✗"))
            text.set_color("black" if ok else "#b03a2e")
        self.ax_plane.set_title(f"{correct} of 4 XOR points correct", fontsize=10)

        # the connection lines, in the order draw_network created them: W1[i, j], then W2[i, j]
        flat = np.concatenate([W1.ravel(), W2.ravel()])
        biggest = float(np.abs(flat).max()) or 1.0
        for line, w in zip(self.lines, flat):
            line.set_color("#1f5fbf" if w >= 0 else "#c0392b")
            line.set_linestyle("-" if w >= 0 else "--")
            line.set_linewidth(0.3 + MAX_LINE_WIDTH * abs(w) / biggest)
        for text, bias in zip(self.bias_texts, np.concatenate([b1, b2])):
            text.set_text(f"b={bias:+.1f}")
        self.ax_net.set_title("2-2-1 network (blue +, red dashed -)", fontsize=10)

        hidden = self.model.forward_steps(self.X)[0]["a"]
        self.state = {"weights": [w.copy() for w in weights], "outputs": p, "predicted": predicted,
                      "hidden": hidden, "correct": correct, "grid_outputs": p_grid}
        outputs = ", ".join(f"{v:.2f}" for v in p)
        verdict = "XOR solved" if correct == 4 else "not solved"
        self.readout.value = (f"<b>{correct} of 4</b> XOR points classified correctly ({verdict}); "
                              f"outputs p for (0,0), (0,1), (1,0), (1,1): {outputs}")
