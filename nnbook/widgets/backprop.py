"""Explorer for chapter 7 (backpropagation): the backward pass, one step at a time.

:class:`BackpropExplorer` draws a 2-2-1 network (sigmoid hidden layer, sigmoid
output, binary cross-entropy loss) as a computational graph. Step 0 shows the
forward pass: every node's weighted input z and activation a. Each further step
of the "step" slider moves one stage back towards the inputs and writes the new
gradients on the drawing (in red), with the equation of that stage in the ledger
under the graph:

1. dL/dz2 = p - y                           (output node; sigmoid + cross-entropy)
2. dL/dW2 = a1ᵀ dL/dz2,  dL/db2 = dL/dz2     (the connections into the output)
3. dL/da1 = dL/dz2 W2ᵀ                       (hidden activations)
4. dL/dz1 = dL/da1 ⊙ a1 (1 - a1)             (hidden weighted inputs)
5. dL/dW1 = xᵀ dL/dz1,  dL/db1 = dL/dz1      (the connections into the hidden layer)
6. dL/dx  = dL/dz1 W1ᵀ                       (the inputs)

:func:`plot_neuron_graph` draws the one-neuron chain x -> z = w x + b ->
a = sigmoid(z) -> L = (a - y)² with every node's value and gradient, for the
chapter's first figure.
"""
from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from ..activations import Sigmoid
from ._base import Explorer, slider

#: the chapter's worked example: weights, biases, input and target
DEFAULT_W1 = np.array([[0.4, -0.6], [0.3, 0.8]])
DEFAULT_B1 = np.array([0.1, -0.2])
DEFAULT_W2 = np.array([[0.7], [-0.5]])
DEFAULT_B2 = np.array([0.2])
DEFAULT_X = np.array([0.5, -1.0])

FORWARD_COLOR = "#1f5fbf"
GRADIENT_COLOR = "#c0392b"
HIGHLIGHT = "#f39c12"
MUTED = "#b0b0b0"

STEP_TITLES = (
    "forward pass: z and a for every node, then the loss",
    "output node: dL/dz2 = p - y",
    "output connections: dL/dW2 = a1ᵀ dL/dz2, dL/db2 = dL/dz2",
    "hidden activations: dL/da1 = dL/dz2 W2ᵀ",
    "hidden weighted inputs: dL/dz1 = dL/da1 ⊙ a1(1 - a1)",
    "first-layer connections: dL/dW1 = xᵀ dL/dz1, dL/db1 = dL/dz1",
    "inputs: dL/dx = dL/dz1 W1ᵀ",
)
N_STEPS = len(STEP_TITLES) - 1

_sigmoid = Sigmoid()


def _fmt(v) -> str:
    v = float(v)
    return f"{v:+.1e}" if 0 < abs(v) < 5e-4 else f"{v:+.3f}"


def _vec(v) -> str:
    return "[" + ", ".join(_fmt(t) for t in np.ravel(v)) + "]"


def plot_neuron_graph(x=1.5, w=0.8, b=-0.5, y=1.0, ax=None):
    """Draw the computational graph x, w, b -> z -> a -> L of one sigmoid neuron with a
    squared-error loss, each node with its value (blue, above) and the gradient of L
    with respect to it (red, below). Returns a dict with the numbers drawn."""
    if ax is None:
        import matplotlib.pyplot as plt
        _, ax = plt.subplots(figsize=(8, 3.2))
    z = w * x + b
    a = float(_sigmoid(np.array(z)))
    loss = (a - y) ** 2
    dL_da = 2.0 * (a - y)
    da_dz = a * (1.0 - a)
    dL_dz = dL_da * da_dz
    numbers = {"z": z, "a": a, "L": loss, "dL/da": dL_da, "da/dz": da_dz, "dL/dz": dL_dz,
               "dL/dw": dL_dz * x, "dL/db": dL_dz, "dL/dx": dL_dz * w}
    nodes = {  # name: (position, label, value, gradient)
        "x": ((0.0, 1.25), "x", x, numbers["dL/dx"]),
        "w": ((0.0, 0.0), "w", w, numbers["dL/dw"]),
        "b": ((0.0, -1.25), "b", b, numbers["dL/db"]),
        "z": ((2.0, 0.0), "z = wx + b", z, dL_dz),
        "a": ((3.7, 0.0), "a = σ(z)", a, dL_da),
        "L": ((5.4, 0.0), "L = (a − y)²", loss, 1.0),
    }
    for src in ("x", "w", "b"):
        (x0, y0), (x1, y1) = nodes[src][0], nodes["z"][0]
        ax.annotate("", xy=(x1 - 0.55, y1 + 0.08 * np.sign(y0)), xytext=(x0 + 0.55, y0),
                    arrowprops=dict(arrowstyle="->", color="0.4"))
    for src, dst in (("z", "a"), ("a", "L")):
        (x0, y0), (x1, y1) = nodes[src][0], nodes[dst][0]
        ax.annotate("", xy=(x1 - 0.6, y1), xytext=(x0 + 0.6, y0),
                    arrowprops=dict(arrowstyle="->", color="0.4"))
    for name, ((px, py), label, value, grad) in nodes.items():
        gtext = f"∂L/∂{name} = {grad:.4f}" if name != "L" else "∂L/∂L = 1"
        if name in ("x", "w", "b"):
            ax.text(px, py, f"{label} = {value:.4f}", ha="center", va="center", fontsize=10,
                    color=FORWARD_COLOR, bbox=dict(boxstyle="round,pad=0.35", fc="white", ec="black"))
            ax.text(px, py - 0.3, gtext, ha="center", va="top", fontsize=9, color=GRADIENT_COLOR)
            continue
        ax.text(px, py, label, ha="center", va="center", fontsize=10,
                bbox=dict(boxstyle="round,pad=0.35", fc="white", ec="black"))
        ax.text(px, py + 0.3, f"{value:.4f}", ha="center", va="bottom", fontsize=9, color=FORWARD_COLOR)
        ax.text(px, py - 0.3, gtext, ha="center", va="top", fontsize=9, color=GRADIENT_COLOR)
    ax.text(3.6, -1.5, f"local derivatives:  ∂z/∂w = x = {x:g},  ∂z/∂b = 1,  ∂z/∂x = w = {w:g},\n"
            f"∂a/∂z = a(1 − a) = {da_dz:.4f},  ∂L/∂a = 2(a − y) = {dL_da:.4f}  (y = {y:g})",
            ha="center", va="top", fontsize=8.5, color="0.3", linespacing=1.5)
    ax.set_xlim(-0.8, 6.1)
    ax.set_ylim(-2.1, 1.75)
    ax.axis("off")
    return numbers


class BackpropExplorer(Explorer):
    """Step through the backward pass of a 2-2-1 network, one stage per slider position.

    The picture is the network as a computational graph: inputs x1, x2; hidden
    sigmoid units h1, h2; a sigmoid output p; the binary cross-entropy loss L.
    Blue numbers come from the forward pass, red numbers are gradients of L, and
    the orange outline marks the nodes or connections the current step computes.
    The ledger under the graph lists every step's equation with its numbers; the
    current step is printed in bold. Every text is at least 9.5 pt in a 684 px wide
    picture (11.9 px on screen, where it is shown unscaled), and no two overlap.

    Try this: move "step" from 0 to 6 and watch the red numbers appear from the
    loss back to the inputs. Then set "w11" to 5 or more: hidden unit h1 saturates
    (a1 close to 1, a1(1 - a1) close to 0) and every gradient that flows through it,
    including dL/dW1 in its column, almost vanishes. Change "x1" to 0 and see the
    gradients of the connections leaving x1 become exactly zero (dL/dW1 = xᵀ dL/dz1).
    Flip the target y and the sign of every gradient flips.
    """

    alt_text = ("A 2-2-1 network drawn as a computational graph, inputs on the left, two hidden "
                "sigmoid units in the middle, the output unit and the loss above it on the right. "
                "Each node shows its forward value in blue and, once the backward pass has reached it, its gradient in red; a "
                "ledger under the graph lists the backward-pass equations with their numbers, the "
                "current step highlighted.")

    #: figure size (inches) and resolution: 7.6 in at 90 dpi is 684 px, narrower than the book's
    #: column (about 700-760 px), so the picture is shown unscaled and a font of s pt is s * 90/72 px
    FIGSIZE = (7.6, 6.3)
    DPI = 90
    #: the smallest font in the picture, in points: 9.5 pt is 11.9 px on screen
    FONT = 9.5

    def __init__(self, x1: float = 0.5, w11: float = 0.4, y: int = 1, step: int = 0):
        super().__init__(figsize=self.FIGSIZE, dpi=self.DPI)
        self.W1 = DEFAULT_W1.copy()
        self.b1 = DEFAULT_B1.copy()
        self.W2 = DEFAULT_W2.copy()
        self.b2 = DEFAULT_B2.copy()
        self.x2 = float(DEFAULT_X[1])
        if not (isinstance(step, (int, np.integer)) and 0 <= step <= N_STEPS):
            raise ValueError(f"BackpropExplorer step expected an integer from 0 (forward pass only) to "
                             f"{N_STEPS} (every gradient); received {step!r}.")
        self.add_control("step", widgets.IntSlider(value=int(step), min=0, max=N_STEPS, step=1,
                                                   description=f"step (0-{N_STEPS})",
                                                   style={"description_width": "initial"},
                                                   continuous_update=False))
        self.add_control("x1", slider(x1, -3.0, 3.0, 0.1, "input x1"))
        self.add_control("w11", slider(w11, -8.0, 8.0, 0.1, "weight w11 (x1→h1)"))
        self.add_control("y", widgets.ToggleButtons(options=[0, 1], value=y, description="target y",
                                                    style={"button_width": "3em"}))

        # Fixed axes positions (no layout engine): redraws stay fast with this many texts.
        # The graph's data coordinates are pixels of the 684 x 567 px figure, so the layout
        # below is planned in screen units: columns x (55), h (320), p and L (590); rows
        # 300 (x1, h1, L), 190 (p) and 85 (x2, h2).
        self.figure.set_layout_engine(None)
        W, H = (s * self.DPI for s in self.FIGSIZE)
        gy0, gh = 150.0, 385.0
        self.ax = self.figure.add_axes((0.0, gy0 / H, 1.0, gh / H))
        self.ax_ledger = self.figure.add_axes((0.0, 0.0, 1.0, (gy0 - 4) / H))
        ax = self.ax
        f = self.FONT
        self.pos = {"x1": (55.0, 300.0), "x2": (55.0, 85.0), "h1": (320.0, 300.0), "h2": (320.0, 85.0),
                    "p": (590.0, 190.0), "L": (590.0, 300.0)}
        self.edges = {}
        for i in range(2):
            for j in range(2):
                self.edges[f"W1[{i},{j}]"] = (f"x{i + 1}", f"h{j + 1}")
        for j in range(2):
            self.edges[f"W2[{j},0]"] = (f"h{j + 1}", "p")
        self.edge_lines, self.edge_texts = {}, {}
        for key, (src, dst) in self.edges.items():
            (x0, y0), (x1_, y1) = self.pos[src], self.pos[dst]
            (line,) = ax.plot([x0, x1_], [y0, y1], color="0.55", lw=1.2, zorder=1)
            self.edge_lines[key] = line
            crossing = y0 != y1 and key.startswith("W1")
            t = 0.3 if crossing else 0.5
            self.edge_texts[key] = ax.text(x0 + t * (x1_ - x0), y0 + t * (y1 - y0), "", fontsize=f,
                                           ha="center", va="center", zorder=3, linespacing=1.1,
                                           bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none"))
        (self.loss_line,) = ax.plot([590.0, 590.0], [190.0, 300.0], color="0.55", lw=1.2, zorder=1)
        self.node_patches, self.value_texts, self.grad_texts = {}, {}, {}
        for name, (px, py) in self.pos.items():
            # the node: a box with its name and forward values (blue)
            self.value_texts[name] = ax.text(px, py, "", ha="center", va="center", fontsize=f,
                                             color=FORWARD_COLOR, zorder=4,
                                             bbox=dict(boxstyle="round,pad=0.4", fc="white", ec="black",
                                                       lw=1.2))
            self.node_patches[name] = self.value_texts[name].get_bbox_patch()
            # its gradients (red): above the node in the top row, below it otherwise
            above = py > 250
            self.grad_texts[name] = ax.text(px, py + (17 if above else -17), "", ha="center",
                                            va="bottom" if above else "top", fontsize=f,
                                            color=GRADIENT_COLOR, zorder=4, linespacing=1.1,
                                            bbox=dict(boxstyle="square,pad=0.1", fc="white", ec="none"))
        ax.set_xlim(0, W)
        ax.set_ylim(0, gh)
        ax.axis("off")
        self.title = ax.text(8, gh - 4, "", fontsize=f + 0.5, ha="left", va="top")

        self.ax_ledger.axis("off")
        self.ax_ledger.set_xlim(0, W)
        self.ax_ledger.set_ylim(0, gy0 - 4)
        # two columns: steps 0-3 on the left, 4-6 on the right; y positions in pixels
        line = f * self.DPI / 72 * 1.25
        rows = {0: (8, 0), 1: (8, 1), 2: (8, 2), 3: (8, 4), 4: (350, 0), 5: (350, 2), 6: (350, 5)}
        self.ledger_texts = [self.ax_ledger.text(rows[k][0], gy0 - 14 - line * rows[k][1], "", fontsize=f,
                                                 va="top", ha="left", family="DejaVu Sans", linespacing=1.15)
                             for k in range(N_STEPS + 1)]
        self.start()

    def text_artists(self):
        """Every text drawn in the picture (for the legibility tests)."""
        return [t for ax in (self.ax, self.ax_ledger) for t in ax.texts]

    # -- the numbers ----------------------------------------------------------------
    def compute(self, x1: float, w11: float, y: int) -> dict:
        """Forward and backward pass of the 2-2-1 network for one example (x1, x2) with target y."""
        W1 = self.W1.copy()
        W1[0, 0] = w11
        x = np.array([[x1, self.x2]])
        z1 = x @ W1 + self.b1
        a1 = _sigmoid(z1)
        z2 = a1 @ self.W2 + self.b2
        p = _sigmoid(z2)
        pc = np.clip(p, 1e-7, 1 - 1e-7)
        loss = float(-(y * np.log(pc) + (1 - y) * np.log(1 - pc))[0, 0])
        dz2 = p - y
        dW2 = a1.T @ dz2
        db2 = dz2.sum(axis=0)
        da1 = dz2 @ self.W2.T
        dz1 = da1 * a1 * (1 - a1)
        dW1 = x.T @ dz1
        db1 = dz1.sum(axis=0)
        dx = dz1 @ W1.T
        return dict(x=x[0], y=y, W1=W1, z1=z1[0], a1=a1[0], z2=float(z2[0, 0]), p=float(p[0, 0]), L=loss,
                    dz2=float(dz2[0, 0]), dW2=dW2, db2=db2, da1=da1[0], dz1=dz1[0], dW1=dW1, db1=db1,
                    dx=dx[0], slope1=(a1 * (1 - a1))[0])

    # -- the picture ----------------------------------------------------------------
    def highlighted(self, step: int) -> tuple[set, set]:
        """The nodes and connections that step ``step`` computes gradients for."""
        nodes = {0: set(), 1: {"p", "L"}, 2: set(), 3: {"h1", "h2"}, 4: {"h1", "h2"}, 5: set(),
                 6: {"x1", "x2"}}[step]
        edges = {2: {k for k in self.edges if k.startswith("W2")},
                 5: {k for k in self.edges if k.startswith("W1")}}.get(step, set())
        return nodes, edges

    def draw(self, step, x1, w11, y):
        s = self.compute(x1, w11, y)
        s["step"] = step
        nodes_hi, edges_hi = self.highlighted(step)
        s["highlight_nodes"], s["highlight_edges"] = sorted(nodes_hi), sorted(edges_hi)

        # forward values (always shown), inside each node's box
        self.value_texts["x1"].set_text(f"x1={s['x'][0]:.2f}")
        self.value_texts["x2"].set_text(f"x2={s['x'][1]:.2f}")
        for j in range(2):
            self.value_texts[f"h{j + 1}"].set_text(f"h{j + 1}: z={s['z1'][j]:.3f}  a={s['a1'][j]:.3f}")
        self.value_texts["p"].set_text(f"out: z={s['z2']:.3f}  p={s['p']:.3f}")
        self.value_texts["L"].set_text(f"L={s['L']:.3f}  (y={y})")

        # gradients revealed step by step
        grads = {name: [] for name in self.pos}
        if step >= 1:
            grads["L"].append("∂L/∂L=1")
            grads["p"].append(f"∂z={_fmt(s['dz2'])}")
        if step >= 2:
            grads["p"].append(f"∂b={_fmt(s['db2'][0])}")
        for j in range(2):
            h = f"h{j + 1}"
            if step >= 3:
                grads[h].append(f"∂a={_fmt(s['da1'][j])}")
            if step >= 4:
                grads[h].append(f"∂z={_fmt(s['dz1'][j])}")
            if step >= 5:
                grads[h].append(f"∂b={_fmt(s['db1'][j])}")
        if step >= 6:
            for i in range(2):
                grads[f"x{i + 1}"].append(f"∂x={_fmt(s['dx'][i])}")
        for name, lines in grads.items():
            self.grad_texts[name].set_text("\n".join(lines))

        for key, (src, dst) in self.edges.items():
            W, dW, rev = (s["W1"], s["dW1"], 5) if key.startswith("W1") else (self.W2, s["dW2"], 2)
            j, u = (int(c) for c in key[3:-1].split(","))   # input j -> unit u, W[j, u]
            text = f"w={W[j, u]:.2f}"
            if step >= rev:
                text += f"\n∂w={_fmt(dW[j, u])}"
            self.edge_texts[key].set_text(text)
            self.edge_texts[key].set_color(GRADIENT_COLOR if step >= rev else "black")
            hot = key in edges_hi
            self.edge_lines[key].set_color(HIGHLIGHT if hot else "0.55")
            self.edge_lines[key].set_linewidth(3.5 if hot else 1.2)
        for name, patch in self.node_patches.items():
            hot = name in nodes_hi
            patch.set_edgecolor(HIGHLIGHT if hot else "black")
            patch.set_linewidth(3.0 if hot else 1.2)
            patch.set_facecolor("#fdebd0" if hot else "white")
        self.loss_line.set_color(HIGHLIGHT if step == 1 else "0.55")
        self.loss_line.set_linewidth(3.5 if step == 1 else 1.2)
        self.title.set_text(f"step {step}/{N_STEPS}: {STEP_TITLES[step]}")

        ledger = [
            f"0  L = {s['L']:.4f}   (p = {s['p']:.4f}, y = {y})",
            f"1  dL/dz2 = p − y = {_fmt(s['dz2'])}",
            f"2  dL/dW2 = a1ᵀ dL/dz2 = {_vec(s['dW2'])}\n    dL/db2 = {_vec(s['db2'])}",
            f"3  dL/da1 = dL/dz2 W2ᵀ = {_vec(s['da1'])}",
            f"4  a1(1 − a1) = {_vec(s['slope1'])}\n    dL/dz1 = {_vec(s['dz1'])}",
            f"5  dL/dW1 = xᵀ dL/dz1, rows x1, x2:\n    {_vec(s['dW1'][0])}\n    {_vec(s['dW1'][1])}",
            f"6  dL/dx = dL/dz1 W1ᵀ = {_vec(s['dx'])}",
        ]
        for k, text in enumerate(self.ledger_texts):
            done = k <= step
            text.set_text(ledger[k] if done else ledger[k].split("=")[0] + "= ?")
            text.set_color(("#a04000" if k == step else "black") if done else MUTED)
            text.set_fontweight("bold" if k == step else "normal")

        saturated = [j + 1 for j in range(2) if s["slope1"][j] < 0.02]
        s["saturated"] = saturated
        self.state = s
        note = ""
        if saturated:
            units = " and ".join(f"h{j}" for j in saturated)
            note = (f" <b>Saturated:</b> {units} has a(1 − a) &lt; 0.02, so almost no gradient passes "
                    "through it.")
        self.readout.value = (f"step {step}/{N_STEPS}: {STEP_TITLES[step]}. Loss L = {s['L']:.4f}, "
                              f"p = {s['p']:.4f}.{note}")


#: the settings the chapter's gallery shows on the web page (label: controls), all at the last
#: step: the worked example, a saturated hidden unit, a zero input and the other target
GALLERY = {
    "worked example": {"step": N_STEPS, "x1": 0.5, "w11": 0.4, "y": 1},
    "h1 saturated": {"step": N_STEPS, "x1": 2.0, "w11": 6.0, "y": 1},
    "x1 = 0": {"step": N_STEPS, "x1": 0.0, "w11": 0.4, "y": 1},
    "target y = 0": {"step": N_STEPS, "x1": 0.5, "w11": 0.4, "y": 0},
}
