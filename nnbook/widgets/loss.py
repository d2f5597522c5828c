"""``LossExplorer``: move one prediction and watch every loss and its gradient.

Chapter 6 (loss functions) uses it.
"""
from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from matplotlib.ticker import FormatStrFormatter

from ..activations import Sigmoid
from ..losses import BinaryCrossentropy, MeanAbsoluteError, MeanSquaredError
from ._base import Explorer, slider

#: (key, label, loss object, colour, line style) for each curve
LOSSES = (
    ("mse", "mean squared error", MeanSquaredError(), "#1f77b4", "-"),
    ("mae", "mean absolute error", MeanAbsoluteError(), "#2ca02c", "--"),
    ("bce", "binary cross-entropy", BinaryCrossentropy(), "#d62728", "-"),
)
TARGETS = (("y = 1", 1.0), ("y = 0", 0.0), ("y = 0.7 (soft target)", 0.7))
VIEWS = (("dL/dp (with respect to the prediction)", "p"),
         ("dL/dz (through a sigmoid output, p = σ(z))", "z"))


def _per_example_gradients(y: float, p: np.ndarray, view: str) -> dict:
    """The gradient of each loss for single examples with prediction p and target y.

    ``Loss.gradient`` returns the gradient of the *cost* over the batch, which carries
    a factor 1/n; multiplying by n gives each example's own dL/dp. For the z view
    the chain rule multiplies by the sigmoid's derivative, except for binary
    cross-entropy, whose fused form gives dL/dz = p - y directly.
    """
    p = np.asarray(p, dtype=float)
    Y = np.full(p.shape, y)
    n = p.size
    sig = Sigmoid()
    out = {}
    for key, _, loss, _, _ in LOSSES:
        if view == "z" and loss.fused_activation == "sigmoid":
            out[key] = loss.fused_gradient(Y[:, None], p[:, None])[:, 0] * n
            continue
        dp = loss.gradient(Y, p)[:, 0] * n
        if view == "z":
            z = np.log(p) - np.log1p(-p)
            dp = sig.backward(z, p, dp)
        out[key] = dp
    return out


class LossExplorer(Explorer):
    """Move one prediction and compare mean squared error, mean absolute error and
    binary cross-entropy, with their gradients.

    The left panel draws each loss L(y, p) for one example as the prediction p runs
    from 0 to 1, for the chosen target y, with a dot at the current prediction. The
    right panel draws the gradients: dL/dp, or dL/dz when p is the output of a sigmoid
    unit, p = σ(z) (the quantity that actually reaches the weights in training).
    The readout lists every number.

    Controls: ``p`` (the prediction), ``target`` (y = 1, y = 0, or a soft target 0.7)
    and ``view`` (which gradient to draw).

    Things to try: with y = 1, slide p towards 0 (a confidently wrong prediction).
    Cross-entropy grows without limit while the squared error never passes 1. Then
    switch the view to dL/dz: the squared error's gradient dies away near p = 0, so a
    sigmoid unit trained with it barely moves when it is most wrong, while
    cross-entropy's gradient p - y stays close to -1.
    """

    alt_text = ("Two panels. Left: three loss curves (mean squared error, mean absolute error, binary "
                "cross-entropy) against the prediction p from 0 to 1, each with a dot at the current "
                "prediction and a dotted vertical line at the target. Right: the three gradients against p, "
                "with dots at the current prediction.")

    def __init__(self, *, p: float = 0.2, target: float = 1.0, view: str = "p"):
        super().__init__(figsize=(8, 3.8))
        self.add_control("p", slider(p, 0.01, 0.99, 0.01, "prediction p"))
        self.add_control("target", widgets.Dropdown(options=TARGETS, value=target, description="target",
                                                    style={"description_width": "initial"}))
        self.add_control("view", widgets.Dropdown(options=VIEWS, value=view, description="gradient",
                                                  style={"description_width": "initial"},
                                                  layout=widgets.Layout(width="24em")))
        self.grid = np.linspace(0.005, 0.995, 199)
        self.ax_loss, self.ax_grad = self.figure.subplots(1, 2)
        self.curves, self.dots, self.grad_curves, self.grad_dots = {}, {}, {}, {}
        for key, label, _, color, style in LOSSES:
            (self.curves[key],) = self.ax_loss.plot(self.grid, self.grid, style, color=color, label=label)
            (self.dots[key],) = self.ax_loss.plot([0], [0], "o", color=color, markersize=7)
            (self.grad_curves[key],) = self.ax_grad.plot(self.grid, self.grid, style, color=color, label=label)
            (self.grad_dots[key],) = self.ax_grad.plot([0], [0], "o", color=color, markersize=7)
        self.target_lines = [ax.axvline(target, color="black", linestyle=":", linewidth=1)
                             for ax in (self.ax_loss, self.ax_grad)]
        self.ax_grad.axhline(0, color="#999", linewidth=0.8)
        self.ax_loss.set_xlim(0, 1)
        self.ax_loss.set_ylim(0, 5)
        self.ax_loss.set_xlabel("prediction p")
        self.ax_loss.set_ylabel("loss L for one example")
        self.ax_loss.legend(loc="upper center", fontsize=8)
        self.ax_grad.set_xlim(0, 1)
        self.ax_grad.set_xlabel("prediction p")
        # one decimal on every gradient tick, so both views have labels of the same width
        self.ax_grad.yaxis.set_major_formatter(FormatStrFormatter("%.1f"))
        self.start()

    def draw(self, p, target, view):
        y = float(target)
        losses = {key: loss.per_example(np.full(self.grid.shape, y), self.grid) for key, _, loss, _, _ in LOSSES}
        grads = _per_example_gradients(y, self.grid, view)
        here = {key: float(loss.per_example([y], [p])[0]) for key, _, loss, _, _ in LOSSES}
        here_grad = {key: float(g[0]) for key, g in _per_example_gradients(y, np.array([p]), view).items()}
        for key, *_ in LOSSES:
            self.curves[key].set_ydata(losses[key])
            self.dots[key].set_data([p], [here[key]])
            self.grad_curves[key].set_ydata(grads[key])
            self.grad_dots[key].set_data([p], [here_grad[key]])
        for line in self.target_lines:
            line.set_xdata([y, y])
        if view == "p":
            self.ax_grad.set_ylim(-6, 6)
            self.ax_grad.set_yticks(np.arange(-6, 7, 2))
            self.ax_grad.set_ylabel("dL/dp")
            self.ax_grad.set_title("gradient with respect to p (clipped at ±6)", fontsize=10)
        else:
            self.ax_grad.set_ylim(-1.1, 1.1)
            self.ax_grad.set_yticks(np.arange(-1, 1.01, 0.5))
            self.ax_grad.set_ylabel("dL/dz")
            self.ax_grad.set_title("gradient with respect to z, where p = σ(z)", fontsize=10)
        self.ax_loss.set_title(f"losses for target y = {y:g}", fontsize=10)
        self.state = {"p": float(p), "y": y, "view": view, "loss": here, "gradient": here_grad}
        names = {"mse": "MSE", "mae": "MAE", "bce": "BCE"}
        dname = "dL/dp" if view == "p" else "dL/dz"
        parts = [f"{names[k]} {here[k]:.3f} ({dname} {here_grad[k]:+.3f})" for k, *_ in LOSSES]
        self.readout.value = f"target y = {y:g}, prediction p = {p:.2f}: " + ", ".join(parts)


#: the settings the chapter's gallery shows on the web page (label: controls): a confidently
#: wrong prediction in both gradient views, a confident wrong answer for y = 0, and a soft target
GALLERY = {
    "wrong, dL/dp": {"p": 0.05, "target": 1.0, "view": "p"},
    "wrong, dL/dz": {"p": 0.05, "target": 1.0, "view": "z"},
    "y = 0, dL/dz": {"p": 0.9, "target": 0.0, "view": "z"},
    "soft target 0.7": {"p": 0.7, "target": 0.7, "view": "p"},
}
