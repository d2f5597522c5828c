"""``ForwardExplorer``: step through the forward pass of a 2-2-1 network.

Chapter 5 (forward propagation) uses it.
"""
from __future__ import annotations

import html

import ipywidgets as widgets
import numpy as np

from ..layers import Dense
from ..model import Sequential
from ._base import Explorer, slider

#: the worked example of chapter 5: W1 (2 inputs x 2 hidden units), b1, W2 (2 x 1), b2
WORKED_WEIGHTS = (
    np.array([[0.5, -1.0], [1.0, 0.5]]),
    np.array([0.0, -1.0]),
    np.array([[2.0], [-1.0]]),
    np.array([-4.0]),
)

_REVEALED = "#fde3c0"
_HIDDEN = "#e6e6e6"
_INPUT = "#d6e6f5"


def _num(v: float) -> str:
    """A number for the arithmetic readout: short, with negative values in parentheses."""
    s = f"{v:.3g}" if abs(v - round(v)) > 1e-9 else f"{v:.0f}"
    return f"({s})" if v < 0 else s


class ForwardExplorer(Explorer):
    """Step through the forward pass of a small network, layer by layer.

    The network has 2 inputs, 2 hidden units (ReLU by default) and 1 sigmoid
    output, with the weights of the chapter's worked example (or ``weights``,
    a list ``[W1, b1, W2, b2]`` of shapes (2, 2), (2,), (2, 1), (1,)). Every
    connection is labelled with its weight (blue solid: positive, red dashed:
    negative) and every unit with its bias. Each computed unit shows its weighted
    input z and its activation a; units not computed yet show "?".

    Controls: ``x1``, ``x2`` (the inputs), ``step`` (0: inputs only, 1: the hidden
    layer computed, 2: the output computed too) and ``hidden`` (the hidden
    activation: relu, sigmoid or tanh). The readout writes out the arithmetic of
    the layer computed last.

    Things to try: set step to 0 and predict each hidden z from the labels, then
    move step to 1 to check. Move x1 until a ReLU unit's z turns negative and watch
    its a stay at 0 while z keeps changing. Switch the hidden activation to sigmoid
    and see that every hidden a moves into (0, 1).
    """

    alt_text = ("A network drawing with two input nodes, two hidden nodes and one output node. Each "
                "connection is labelled with its weight and each node with its bias, its weighted input "
                "z and its activation a; nodes not yet computed show question marks.")

    def __init__(self, weights=None, *, x1: float = 1.0, x2: float = 2.0, step: int = 2,
                 hidden: str = "relu"):
        super().__init__(figsize=(7.5, 3.9))
        weights = WORKED_WEIGHTS if weights is None else weights
        expected = [(2, 2), (2,), (2, 1), (1,)]
        weights = [np.asarray(w, dtype=float) for w in weights]
        if len(weights) != 4 or [w.shape for w in weights] != expected:
            raise ValueError(f"ForwardExplorer expected weights [W1, b1, W2, b2] of shapes {expected}; "
                             f"received shapes {[w.shape for w in weights]}.")
        self.weights = [w.copy() for w in weights]
        self.models = {}

        self.add_control("x1", slider(x1, -3.0, 3.0, 0.25, "input x1"))
        self.add_control("x2", slider(x2, -3.0, 3.0, 0.25, "input x2"))
        self.add_control("step", widgets.IntSlider(value=step, min=0, max=2, step=1,
                                                   description="step (layers computed)",
                                                   style={"description_width": "initial"},
                                                   continuous_update=False))
        self.add_control("hidden", widgets.Dropdown(options=["relu", "sigmoid", "tanh"], value=hidden,
                                                    description="hidden activation",
                                                    style={"description_width": "initial"}))

        # The axes are hidden and their limits fixed: a fixed layout redraws twice as fast
        # as the constrained layout of the base class.
        self.figure.set_layout_engine(None)
        ax = self.figure.add_axes((0.0, 0.0, 1.0, 0.92))
        self.ax = ax
        self.pos = {"x1": (0.0, 0.72), "x2": (0.0, 0.28), "h1": (1.0, 0.72), "h2": (1.0, 0.28),
                    "out": (2.0, 0.5)}
        W1, b1, W2, b2 = self.weights
        biggest = max(np.abs(W1).max(), np.abs(W2).max()) or 1.0
        edges = [(f"x{i + 1}", f"h{j + 1}", W1[i, j]) for i in range(2) for j in range(2)]
        edges += [(f"h{i + 1}", "out", W2[i, 0]) for i in range(2)]
        for src, dst, w in edges:
            (xa, ya), (xb, yb) = self.pos[src], self.pos[dst]
            ax.plot([xa, xb], [ya, yb], color="#1f5fbf" if w >= 0 else "#c0392b",
                    linestyle="-" if w >= 0 else "--", linewidth=0.6 + 3.0 * abs(w) / biggest, zorder=1)
            t = 0.7
            ax.text(xa + t * (xb - xa), ya + t * (yb - ya), f"{w:g}", fontsize=9, ha="center", va="center",
                    zorder=4, bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none"))
        names = ["x1", "x2", "h1", "h2", "out"]
        self.node_names = names
        xy = np.array([self.pos[n] for n in names])
        self.nodes = ax.scatter(xy[:, 0], xy[:, 1], s=1100, c=[_INPUT] * 5, edgecolors="black", zorder=2)
        labels = {"x1": "x₁", "x2": "x₂", "h1": "h₁", "h2": "h₂", "out": "ŷ"}
        for n in names:
            ax.text(*self.pos[n], labels[n], ha="center", va="center", fontsize=12, zorder=3)
        biases = {"h1": b1[0], "h2": b1[1], "out": b2[0]}
        for n, b in biases.items():
            x, y = self.pos[n]
            ax.text(x, y - 0.105, f"b = {b:g}", ha="center", va="top", fontsize=9, color="#444")
        #: one annotation text per node: "x1 = ..." for inputs, "z = ...\na = ..." for units
        self.annotations = {}
        for n in names:
            x, y = self.pos[n]
            if n.startswith("x"):
                where = dict(x=x - 0.13, y=y, ha="right", va="center")
            elif n == "h2":
                where = dict(x=x, y=y - 0.19, ha="center", va="top")
            else:
                where = dict(x=x, y=y + 0.1, ha="center", va="bottom")
            self.annotations[n] = ax.text(where["x"], where["y"], "", ha=where["ha"], va=where["va"],
                                          fontsize=10, family="monospace", zorder=5,
                                          bbox=dict(boxstyle="round,pad=0.2", fc="white", ec="#bbb"))
        for x, name in [(0, "input layer"), (1, "hidden layer"), (2, "output layer (sigmoid)")]:
            ax.text(x, -0.12, name, ha="center", va="top", fontsize=10, weight="bold")
        self.title = ax.set_title("")
        ax.set_xlim(-0.75, 2.45)
        ax.set_ylim(-0.2, 1.03)
        ax.axis("off")
        self.start()

    def _model(self, hidden: str) -> Sequential:
        if hidden not in self.models:
            model = Sequential([Dense(2, activation=hidden, input_shape=(2,)), Dense(1, activation="sigmoid")])
            model.set_weights(self.weights)
            self.models[hidden] = model
        return self.models[hidden]

    def draw(self, x1, x2, step, hidden):
        steps = self._model(hidden).forward_steps(np.array([[x1, x2]]))
        z1, a1 = steps[0]["z"][0], steps[0]["a"][0]
        z2, a2 = steps[1]["z"][0], steps[1]["a"][0]
        self.state = {"x": np.array([x1, x2]), "z1": z1.copy(), "a1": a1.copy(), "z2": z2.copy(),
                      "a2": a2.copy(), "step": int(step), "hidden": hidden}
        texts = {"x1": f"x1 = {x1:.2f}", "x2": f"x2 = {x2:.2f}"}
        colors = [_INPUT, _INPUT]
        for j, n in enumerate(["h1", "h2"]):
            texts[n] = f"z = {z1[j]:.2f}\na = {a1[j]:.2f}" if step >= 1 else "z = ?\na = ?"
            colors.append(_REVEALED if step >= 1 else _HIDDEN)
        texts["out"] = f"z = {z2[0]:.2f}\na = {a2[0]:.3f}" if step >= 2 else "z = ?\na = ?"
        colors.append(_REVEALED if step >= 2 else _HIDDEN)
        for n, t in texts.items():
            self.annotations[n].set_text(t)
        self.nodes.set_facecolors(colors)
        self.state["labels"] = dict(texts)
        self.title.set_text(["Step 0: only the inputs are known", "Step 1: hidden layer computed",
                             "Step 2: output computed (forward pass complete)"][step])
        self.readout.value = self._arithmetic(step, hidden)

    def _arithmetic(self, step: int, hidden: str) -> str:
        """The readout: the sums of the layer computed last, written out."""
        s = self.state
        W1, b1, W2, b2 = self.weights
        if step == 0:
            return (f"Inputs x = ({s['x'][0]:.2f}, {s['x'][1]:.2f}). Move <i>step</i> to 1 to compute "
                    "the hidden layer.")
        if step == 1:
            W, b, inp, z, a, g, units = W1, b1, s["x"], s["z1"], s["a1"], hidden, ["h1", "h2"]
            in_names = ["x1", "x2"]
        else:
            W, b, inp, z, a, g, units = W2, b2, s["a1"], s["z2"], s["a2"], "sigmoid", ["ŷ"]
            in_names = ["h1", "h2"]
        lines = []
        for u, unit in enumerate(units):           # unit u reads column u of W; j runs over its inputs
            terms = " + ".join(f"{_num(W[j, u])}·{_num(float(inp[j]))}" for j in range(len(inp)))
            lines.append(f"{unit}: z = {terms} + {_num(b[u])} = {z[u]:.2f};  a = {g}({z[u]:.2f}) = "
                         f"{a[u]:.3f}")
        head = f"inputs ({', '.join(in_names)})"
        return html.escape(head) + ":<br>" + "<br>".join(html.escape(line) for line in lines)
