"""Explorer for chapter 8 (gradient descent and the learning rate).

The loss surface is that of a single linear neuron, p = w x + b, fitted with the
mean squared error to the data of ``make_regression_1d(function='linear')``:

    C(w, b) = (1/n) sum_i (w x_i + b - y_i)²
    dC/dw = (2/n) sum_i (w x_i + b - y_i) x_i,     dC/db = (2/n) sum_i (w x_i + b - y_i)

C is a quadratic in (w, b), so it is computed exactly on a grid. Gradient descent
steps ``nnbook.SGD(learning_rate).step([theta], [grad])``, i.e. theta <- theta - eta grad.
Its Hessian is constant, H = 2 [[mean x², mean x], [mean x, 1]]; with lambda_max its
largest eigenvalue, the steps converge for eta < 2 / lambda_max and zigzag across the
valley (overshoot) for eta > 1 / lambda_max.
"""
from __future__ import annotations

from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np
from matplotlib.ticker import FuncFormatter, LogLocator, NullLocator

from ..datasets import make_regression_1d
from ..optimizers import SGD
from ._base import Explorer, slider

#: the explorer's default data: 50 points of y = 0.5 x + 1 + noise
DATA_KW = dict(n_samples=50, noise=0.3, function="linear", seed=0)
#: where every path starts, (w, b)
START = (-1.5, -1.5)
#: a path is declared diverged when |w| or |b| exceeds this (or a value is not finite)
BOUND = 1e6
W_RANGE = (-2.5, 3.5)
B_RANGE = (-3.0, 5.0)


class LinearNeuronSurface:
    """The exact MSE cost of a linear neuron p = w x + b on data (X, y), and its gradient."""

    def __init__(self, X, y):
        x = np.asarray(X, dtype=float).reshape(-1)
        y = np.asarray(y, dtype=float).reshape(-1)
        self.x, self.y = x, y
        self.sxx, self.sx, self.sy = np.mean(x * x), np.mean(x), np.mean(y)
        self.sxy, self.syy = np.mean(x * y), np.mean(y * y)
        #: Hessian of C with respect to (w, b): constant for a quadratic
        self.hessian = 2.0 * np.array([[self.sxx, self.sx], [self.sx, 1.0]])
        self.curvatures = np.linalg.eigvalsh(self.hessian)
        #: the minimum (least-squares solution) and the cost there
        self.minimum = np.linalg.solve(self.hessian / 2.0, np.array([self.sxy, self.sy]))
        self.min_cost = float(self.cost(*self.minimum))

    @property
    def max_stable_rate(self) -> float:
        """2 / lambda_max: gradient descent converges for smaller learning rates."""
        return 2.0 / float(self.curvatures.max())

    def cost(self, w, b):
        """C(w, b), element by element for arrays (a grid), from the expanded quadratic."""
        w, b = np.asarray(w, dtype=float), np.asarray(b, dtype=float)
        return (w * w * self.sxx + 2 * w * b * self.sx + b * b - 2 * w * self.sxy - 2 * b * self.sy
                + self.syy)

    def gradient(self, theta) -> np.ndarray:
        """(dC/dw, dC/db) at theta = (w, b)."""
        residual = theta[0] * self.x + theta[1] - self.y
        return np.array([2.0 * np.mean(residual * self.x), 2.0 * np.mean(residual)])


@dataclass
class DescentPath:
    """The points visited by gradient descent, the cost at each, and where it diverged."""

    points: np.ndarray          # (k + 1, 2): the start, then one row per completed step
    costs: np.ndarray           # (k + 1,)
    diverged_at: int | None     # the step at which values left the bound (or became non-finite)

    @property
    def steps(self) -> int:
        return len(self.points) - 1


def descent_path(surface: LinearNeuronSurface, learning_rate: float, steps: int, start=START,
                 bound: float = BOUND) -> DescentPath:
    """Run ``steps`` steps of gradient descent (``nnbook.SGD``) on ``surface`` from ``start``.

    Stops early, recording the step in ``diverged_at``, when a parameter leaves
    [-bound, bound] or a value stops being finite; that last point is kept only if finite.
    """
    theta = np.array(start, dtype=float)
    opt = SGD(learning_rate=learning_rate)
    points, costs = [theta.copy()], [float(surface.cost(*theta))]
    diverged_at = None
    with np.errstate(over="ignore", invalid="ignore"):
        for k in range(1, steps + 1):
            opt.step([theta], [surface.gradient(theta)])
            cost = float(surface.cost(*theta))
            finite = bool(np.all(np.isfinite(theta)) and np.isfinite(cost))
            if finite:
                points.append(theta.copy())
                costs.append(cost)
            if not finite or np.max(np.abs(theta)) > bound:
                diverged_at = k
                break
    return DescentPath(np.array(points), np.array(costs), diverged_at)


def classify(path: DescentPath, surface: LinearNeuronSurface, learning_rate: float) -> str:
    """One of 'diverged', 'diverging', 'converged', 'oscillating', 'descending'."""
    if path.diverged_at is not None:
        return "diverged"
    if path.steps and path.costs[-1] > path.costs[0]:
        return "diverging"
    if learning_rate >= surface.max_stable_rate and path.steps >= 2 and path.costs[-1] > path.costs[-2]:
        return "diverging"  # beyond the stable limit and the cost has started to grow
    near = np.linalg.norm(path.points[-1] - surface.minimum) < 1e-3
    settled = path.steps >= 1 and abs(path.costs[-1] - path.costs[-2]) < 1e-8 * max(1.0, path.costs[-1])
    if near and settled:
        return "converged"
    if learning_rate > 1.0 / float(surface.curvatures.max()):
        return "oscillating"
    return "descending"


class LearningRateExplorer(Explorer):
    """Gradient descent on the loss surface of a linear neuron, with a learning-rate slider.

    Left: the contours of the mean squared error C(w, b) (darker = lower), its minimum
    (star) and the path of gradient descent from the start (circle). Right: the cost
    after each step, on a logarithmic axis, with the lowest possible cost dashed.

    Try this: start at a learning rate of 0.01 (slow: after 30 steps the path has
    barely entered the valley), then 0.1 (quick and smooth), 0.25 (the path zigzags
    across the valley, yet converges), 0.33 and above (every zigzag is wider than
    the last: the loss grows, and the readout reports when the path left the picture
    for good). The slider is logarithmic because useful learning rates span several
    powers of ten.
    """

    alt_text = ("Left: elliptical contour lines of a loss surface over a weight w (horizontal) and a "
                "bias b (vertical), with the path of gradient descent drawn as connected dots from a "
                "start point towards the minimum, marked with a star. Right: the loss after each step "
                "on a logarithmic axis.")

    def __init__(self, learning_rate: float = 0.05, steps: int = 30, X=None, y=None):
        super().__init__(figsize=(8.6, 4.0))
        if X is None:
            X, y = make_regression_1d(**DATA_KW)
        self.surface = LinearNeuronSurface(X, y)
        self.add_control("learning_rate", slider(learning_rate, -3, 0, 0.05, "learning rate η", log=True,
                                                 readout_format=".3g"))
        self.add_control("steps", widgets.IntSlider(value=steps, min=1, max=100, step=1, description="steps",
                                                    continuous_update=False))
        s = self.surface
        # a fixed layout (no layout engine) keeps each redraw fast
        self.figure.set_layout_engine(None)
        self.ax, self.ax_loss = self.figure.subplots(1, 2, gridspec_kw=dict(
            width_ratios=[1.1, 1.0], left=0.08, right=0.98, bottom=0.13, top=0.91, wspace=0.3))
        ww, bb = np.meshgrid(np.linspace(*W_RANGE, 160), np.linspace(*B_RANGE, 160))
        cc = s.cost(ww, bb)
        levels = s.min_cost + (cc.max() - s.min_cost) * np.geomspace(1e-3, 1, 12)
        self.ax.contourf(ww, bb, cc, levels=np.r_[s.min_cost, levels], cmap="Blues_r", alpha=0.85)
        self.ax.contour(ww, bb, cc, levels=levels, colors="white", linewidths=0.5)
        self.ax.plot(*s.minimum, marker="*", ms=14, color="gold", mec="black", zorder=4, ls="none")
        self.ax.plot(*START, marker="o", ms=8, color="white", mec="black", zorder=4, ls="none")
        (self.path_line,) = self.ax.plot([], [], "o-", color="#c0392b", ms=3, lw=1.2, zorder=3)
        self.div_text = self.ax.text(0.02, 0.97, "", transform=self.ax.transAxes, va="top", fontsize=10,
                                     color="#c0392b", bbox=dict(fc="white", ec="#c0392b", alpha=0.9))
        self.ax.set_xlim(*W_RANGE)
        self.ax.set_ylim(*B_RANGE)
        self.ax.set_xlabel("weight w")
        self.ax.set_ylabel("bias b")
        self.ax.set_title("path on the loss surface", fontsize=10)

        (self.loss_line,) = self.ax_loss.plot([], [], "o-", color="#c0392b", ms=2.5, lw=1.2)
        self.ax_loss.axhline(s.min_cost, color="0.3", ls="--", lw=1)
        self.ax_loss.set_yscale("log")
        self.ax_loss.set_xlabel("step")
        self.ax_loss.set_ylabel("cost C (log scale)")
        self.ax_loss.set_title("cost after each step", fontsize=10)
        self.ax_loss.grid(True, alpha=0.3)
        # few log ticks, plain-text labels: mathtext tick labels are the slowest part of a redraw
        self.ax_loss.yaxis.set_major_locator(LogLocator(numticks=6))
        self.ax_loss.yaxis.set_minor_locator(NullLocator())
        self.ax_loss.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
        self.start()

    def draw(self, learning_rate, steps):
        s = self.surface
        path = descent_path(s, learning_rate, steps)
        status = classify(path, s, learning_rate)
        self.path_line.set_data(path.points[:, 0], path.points[:, 1])
        self.loss_line.set_data(np.arange(len(path.costs)), path.costs)
        self.ax_loss.set_xlim(0, steps)
        lo = min(path.costs.min(), s.min_cost) * 0.7
        hi = max(path.costs.max(), path.costs[0]) * 1.5
        self.ax_loss.set_ylim(lo, hi)
        eta_max = s.max_stable_rate
        if status == "diverged":
            self.div_text.set_text(f"diverged after {path.diverged_at} steps")
        elif status == "diverging":
            self.div_text.set_text("diverging: the cost grows")
        else:
            self.div_text.set_text("")
        self.div_text.set_visible(status in ("diverged", "diverging"))
        self.state = {"learning_rate": learning_rate, "steps": steps, "path": path.points, "costs": path.costs,
                      "diverged_at": path.diverged_at, "status": status, "eta_max": eta_max,
                      "min_cost": s.min_cost, "final_cost": float(path.costs[-1])}
        messages = {
            "diverged": (f"<b>diverged after {path.diverged_at} steps</b>: |w| or |b| passed {BOUND:.0e}; "
                         "the path is stopped there"),
            "diverging": (f"<b>diverging</b>: the cost grew from {path.costs[0]:.3g} to {path.costs[-1]:.3g} "
                          f"in {path.steps} steps"),
            "converged": f"converged: cost {path.costs[-1]:.4f} at the minimum",
            "oscillating": (f"oscillating across the valley while descending: cost {path.costs[-1]:.4g} "
                            f"after {path.steps} steps"),
            "descending": f"still descending: cost {path.costs[-1]:.4g} after {path.steps} steps",
        }
        self.readout.value = (f"η = {learning_rate:.3g} (stable below 2/λ<sub>max</sub> = {eta_max:.3f}): "
                              f"{messages[status]}; lowest possible cost {s.min_cost:.4f}.")
