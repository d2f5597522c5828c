"""The scaling explorer: how the scale of one feature reshapes the loss surface.

:class:`ScalingExplorer` fits a linear neuron without bias, z = w1 x1 + w2 x2, by
full-batch gradient descent on the mean squared error. The data are 200 centered
points whose two features have standard deviation about 1 and correlation about
0.6, with targets y = 1.0 x1 + 0.5 x2 + noise. The slider multiplies the second
feature by a factor s (log scale, 0.1 to 10), as if it had been measured in other
units. The left panel shows the contours of the cost C(w1, w2) and the path of
100 steps of ``nnbook.SGD(learning_rate=0.1)``; the right panel the cost gap
C - C* per step (C* = the least-squares minimum).

What to try: at s = 1 the contours are nearly round and the path walks straight to
the minimum. Raise s: the bowl becomes a narrow valley, the path zig-zags across it,
and a little above s = 3 the steep direction makes the fixed learning rate too large
and the path diverges. Lower s: the valley lies the other way, the path crawls along
its flat floor and has not converged after 100 steps. Tick "standardize": the same
data, scaled with ``nnbook.StandardScaler``, give the same round bowl whatever s is.

Speed: the parts of the figure that never change (the right panel's axes, labels and
tolerance line, the legend) are drawn once (:mod:`nnbook.widgets._backdrop`); a redraw
paints the contour panel, the path and the cost-gap curve only.
"""
from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from ..optimizers import SGD
from ..preprocessing import StandardScaler
from ._backdrop import freeze
from ._base import Explorer, slider

LEARNING_RATE = 0.1
STEPS = 100
START = (-1.5, -1.5)
#: converged when C - C* has fallen below this fraction of its starting value
TOLERANCE = 1e-3


def base_problem(n_samples: int = 200, seed: int = 0):
    """Centered features (x1, x2) with unit-ish spread and correlation about 0.6, and targets."""
    rng = np.random.default_rng(seed)
    z = rng.normal(size=(n_samples, 2))
    X = np.column_stack([z[:, 0], 0.6 * z[:, 0] + 0.8 * z[:, 1]])
    y = X @ np.array([1.0, 0.5]) + rng.normal(0.0, 0.1, n_samples)
    return X - X.mean(axis=0), y - y.mean()


def cost(X, y, w) -> float:
    """Mean squared error of the linear neuron z = X w (no bias)."""
    r = X @ np.asarray(w, dtype=float) - y
    return float(np.mean(r * r))


def descend(X, y, w0=START, learning_rate=LEARNING_RATE, steps=STEPS):
    """Full-batch gradient descent with ``nnbook.SGD``; returns the path, shape (steps + 1, 2).

    The gradient of C = mean((X w - y)²) is (2/n) Xᵀ (X w - y). A diverging run stops early
    once the weights stop being finite numbers of sensible size.
    """
    w = np.array(w0, dtype=float)
    opt = SGD(learning_rate=learning_rate)
    path = [w.copy()]
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(steps):
            grad = 2.0 / len(X) * X.T @ (X @ w - y)
            opt.step([w], [grad])
            path.append(w.copy())
            if not np.all(np.isfinite(w)) or np.abs(w).max() > 1e12:
                break
    return np.array(path)


class ScalingExplorer(Explorer):
    """Contours of a linear neuron's MSE over (w1, w2) and a gradient-descent path, as one feature is rescaled.

    Controls: ``scale`` (factor on feature 2, log slider 0.1 to 10) and ``standardize``
    (apply ``StandardScaler`` to both features first). The readout gives the condition number of
    XᵀX, the largest stable learning rate 2/λ_max of the cost's curvature, and the number of steps
    to converge (C - C* below 0.1 % of its start) or "diverged".
    """

    alt_text = ("Left: elliptical contour lines of the cost over the weights w1 (horizontal) and w2 "
                "(vertical), a star at the minimum and a line of dots for the gradient descent path from "
                "(-1.5, -1.5). Right: the cost gap C minus C-star against the step number, on a "
                "logarithmic axis.")

    def __init__(self, scale: float = 1.0, standardize: bool = False):
        super().__init__(figsize=(7.8, 4.1))
        self.X0, self.y = base_problem()
        self.add_control("scale", slider(scale, -1, 1, 0.05, "feature 2 multiplied by", log=True,
                                         readout_format=".2f"))
        self.add_control("standardize", widgets.Checkbox(value=standardize, description="standardize"))
        self.ax_surf, self.ax_gap = self.figure.subplots(1, 2, gridspec_kw={"width_ratios": [1.15, 1]})
        ax = self.ax_surf
        ax.set_xlabel("$w_1$")
        ax.set_ylabel("$w_2$")
        self._contours = None
        (self.path_line,) = ax.plot([], [], "-o", color="#d62728", ms=2.5, lw=1, label="gradient descent")
        (self.opt_marker,) = ax.plot([], [], "*", color="black", ms=12, label="minimum")
        ax.plot([START[0]], [START[1]], "s", color="#d62728", ms=5)
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=2, fontsize=9, frameon=False)
        ax = self.ax_gap
        (self.gap_line,) = ax.plot([], [], color="#d62728")
        ax.axhline(TOLERANCE, color="#888888", lw=0.8, ls=":")
        ax.set_yscale("log")
        ax.set_xlim(0, STEPS)
        ax.set_ylim(1e-8, 1e4)
        ax.set_xlabel("step")
        ax.set_ylabel("(C - C*) / (C0 - C*)")
        self.start()

    def start(self) -> "ScalingExplorer":
        """Draw once, then freeze the unchanging parts: the right panel's log axis, labels and
        tolerance line, and the left panel's legend (placed below that panel, where no contour can
        cross it). Later redraws paint them as one picture; the left panel, whose limits follow
        the data, and the cost-gap curve and titles are drawn every time."""
        super().start()
        legend = self.ax_surf.get_legend()
        live_left = [artist for artist in self.ax_surf.get_children() if artist is not legend]
        freeze(self.figure, [self.ax_surf, self.ax_gap], live_left + [self.gap_line, self.ax_gap.title])
        return self

    def data(self, scale: float, standardize: bool):
        """The features the neuron sees: feature 2 times ``scale``, then optionally standardized."""
        X = self.X0 * np.array([1.0, scale])
        if standardize:
            X = StandardScaler().fit(X).transform(X)
        return X

    def draw(self, scale, standardize):
        X, y = self.data(scale, standardize), self.y
        n = len(X)
        w_star = np.linalg.lstsq(X, y, rcond=None)[0]
        c_star = cost(X, y, w_star)
        curvature = np.linalg.eigvalsh(2.0 / n * X.T @ X)   # Hessian of the cost
        cond = float(curvature[-1] / curvature[0])
        path = descend(X, y)
        with np.errstate(over="ignore", invalid="ignore"):
            residuals = path @ X.T - y                    # one row of residuals per step
            costs = np.mean(residuals * residuals, axis=1)
        c0 = costs[0] - c_star
        gap = (costs - c_star) / c0
        finite = np.isfinite(gap)
        diverged = bool(not finite.all() or gap[finite][-1] > 1.0)
        below = np.flatnonzero(finite & (gap < TOLERANCE))
        steps = None if (diverged or below.size == 0) else int(below[0])

        # view: the start, the minimum and a margin; equal scales on both axes
        lo = np.minimum(START, w_star) - 1.0
        hi = np.maximum(START, w_star) + 1.0
        half = 0.5 * max(hi - lo)
        mid = 0.5 * (lo + hi)
        xs = np.linspace(mid[0] - half, mid[0] + half, 120)
        ys = np.linspace(mid[1] - half, mid[1] + half, 120)
        W1, W2 = np.meshgrid(xs, ys)
        # C(w) = wᵀ A w - 2 bᵀ w + c with A = XᵀX/n, b = Xᵀy/n, c = yᵀy/n: the MSE expanded,
        # evaluated on the whole grid without forming every residual
        A, b, c = X.T @ X / n, X.T @ y / n, float(y @ y) / n
        C = (A[0, 0] * W1 * W1 + 2 * A[0, 1] * W1 * W2 + A[1, 1] * W2 * W2
             - 2 * (b[0] * W1 + b[1] * W2) + c)
        if self._contours is not None:
            self._contours.remove()
        levels = c_star + c0 * np.logspace(-3, 0.5, 9)
        self._contours = self.ax_surf.contour(W1, W2, C, levels=levels, cmap="viridis", linewidths=0.9)
        self.ax_surf.set_xlim(xs[0], xs[-1])
        self.ax_surf.set_ylim(ys[0], ys[-1])
        self.ax_surf.set_aspect("equal")
        shown = path[np.all(np.abs(path) < 1e3, axis=1)]
        self.path_line.set_data(shown[:, 0], shown[:, 1])
        self.opt_marker.set_data([w_star[0]], [w_star[1]])
        steps_axis = np.arange(len(gap))
        self.gap_line.set_data(steps_axis[finite], np.clip(gap[finite], 1e-12, 1e12))

        if diverged:
            verdict = "diverged"
        elif steps is None:
            verdict = f"not converged after {STEPS} steps"
        else:
            verdict = f"converged in {steps} steps"
        what = "standardized features" if standardize else f"feature 2 × {scale:.2f}"
        # y=1.0 pins the title (no search for tick labels above the axes on every redraw)
        self.ax_surf.set_title(f"{what}: condition number {cond:.1f}", fontsize=10, y=1.0)
        self.ax_gap.set_title(verdict, fontsize=10)
        self.state = {
            "scale": float(scale), "standardize": bool(standardize),
            "w_star": w_star, "cost_star": c_star, "condition_number": cond,
            "max_stable_learning_rate": float(2.0 / curvature[-1]),
            "path": path, "cost_gap": gap, "steps": steps, "diverged": diverged,
        }
        self.readout.value = (
            f"{what}: condition number of XᵀX <b>{cond:.1f}</b>; gradient descent is stable for learning "
            f"rates below 2/λ<sub>max</sub> = {2.0 / curvature[-1]:.3f} (here {LEARNING_RATE}); "
            f"<b>{verdict}</b>.")
