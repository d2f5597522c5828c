"""Optimizer explorer: the paths of five optimizers on the same loss surface.

:class:`OptimizerExplorer` runs the book's own optimizer objects
(``nnbook.SGD``, ``nnbook.RMSprop``, ``nnbook.Adam``) on a function of two
weights, ``w = (w1, w2)``, calling ``opt.step([w], [gradient])`` once per step,
and draws each path on the contours of the surface next to the value of the
function after every step (log scale).

Surfaces:

- ``'valley'``: the narrow valley f(w) = 0.5 (w1² + 25 w2²), 25 times steeper
  across (w2) than along (w1); start (-4.5, 1), minimum f = 0 at (0, 0).
- ``'rosenbrock'``: f(w) = (1 - w1)² + 100 (w2 - w1²)², a curved banana-shaped
  valley; start (-1.2, 1), minimum f = 0 at (1, 1).

What to try: raise the SGD learning rate until its path zigzags across the
valley, then past 0.08 where it diverges; set momentum to 0 (momentum and
Nesterov then coincide with SGD); lower beta_1 to 0 and watch Adam behave
like RMSprop; switch to the Rosenbrock surface and find learning rates that
work there (they are much smaller: its gradients are in the hundreds; try
eta = 0.001 for the SGD family, 0.02 for RMSprop and Adam, and 200 steps).
"""
from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from matplotlib.ticker import LogLocator, NullLocator

from ..optimizers import SGD, Adam, RMSprop
from ._base import Explorer, control_row, slider

NAMES = ("sgd", "momentum", "nesterov", "rmsprop", "adam")
LABELS = {"sgd": "SGD", "momentum": "momentum", "nesterov": "Nesterov", "rmsprop": "RMSprop", "adam": "Adam"}
COLORS = {"sgd": "#1f77b4", "momentum": "#ff7f0e", "nesterov": "#2ca02c", "rmsprop": "#d62728", "adam": "#9467bd"}

#: font size (points) of the legend: at the explorer's 90 dpi, 10 pt is 12.5 px, at least 11 px on screen
#: once the 720-px picture is scaled to a column of 640 px or more (tick labels and titles are 10 pt too)
LEGEND_FONTSIZE = 10

#: the step counts of the chapter's flip-book: the default paths as they grow
STEP_FRAMES = (5, 10, 20, 40, 60)

#: the chapter's gallery: the valley with the default settings and near SGD's limit, Rosenbrock with
#: the valley's settings (the SGD family diverges) and with the smaller rates its large gradients need
SURFACE_PRESETS = {
    "valley": {"surface": "valley"},
    "valley, SGD η = 0.075": {"surface": "valley", "lr_sgd": 0.075},
    "Rosenbrock, valley settings": {"surface": "rosenbrock"},
    "Rosenbrock, smaller η, 200 steps": {"surface": "rosenbrock", "lr_sgd": 0.001, "lr_adaptive": 0.02,
                                         "steps": 200},
}

#: a path that leaves this radius (or becomes non-finite) is counted as diverged
DIVERGED_RADIUS = 1e6


def _valley(w):
    return 0.5 * (w[0] ** 2 + 25.0 * w[1] ** 2), np.array([w[0], 25.0 * w[1]])


def _rosenbrock(w):
    x, y = w
    f = (1.0 - x) ** 2 + 100.0 * (y - x * x) ** 2
    g = np.array([-2.0 * (1.0 - x) - 400.0 * x * (y - x * x), 200.0 * (y - x * x)])
    return f, g


SURFACES = {
    # name: (function returning (f, grad), start, minimum, xlim, ylim, contour levels)
    "valley": (_valley, (-4.5, 1.0), (0.0, 0.0), (-5.0, 5.0), (-1.6, 1.6), np.geomspace(0.02, 60, 12)),
    "rosenbrock": (_rosenbrock, (-1.2, 1.0), (1.0, 1.0), (-2.0, 2.0), (-1.0, 3.0), np.geomspace(0.3, 2500, 12)),
}


def make_optimizer(name, lr_sgd, momentum, lr_adaptive, rho, beta_1):
    """The nnbook optimizer object behind one of the explorer's checkboxes."""
    if name == "sgd":
        return SGD(lr_sgd)
    if name in ("momentum", "nesterov"):
        if momentum == 0:
            return SGD(lr_sgd)  # with no momentum both variants are plain SGD
        return SGD(lr_sgd, momentum=momentum, nesterov=(name == "nesterov"))
    if name == "rmsprop":
        return RMSprop(lr_adaptive, rho=rho)
    if name == "adam":
        return Adam(lr_adaptive, beta_1=beta_1)
    raise ValueError(f"unknown optimizer {name!r}; expected one of {NAMES}")


def run_path(fn, start, optimizer, steps):
    """Positions w_0..w_steps and values f(w_t) from ``optimizer.step([w], [grad])``.

    Stops early, and reports ``diverged=True``, when w leaves the radius
    :data:`DIVERGED_RADIUS` or stops being finite."""
    w = np.array(start, dtype=float)
    points = [w.copy()]
    values = [fn(w)[0]]
    diverged = False
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(steps):
            optimizer.step([w], [fn(w)[1]])
            if not np.all(np.isfinite(w)) or np.abs(w).max() > DIVERGED_RADIUS:
                diverged = True
                break
            points.append(w.copy())
            values.append(fn(w)[0])
    return np.array(points), np.array(values), diverged


class OptimizerExplorer(Explorer):
    """Compare SGD, momentum, Nesterov momentum, RMSprop and Adam on a 2-D loss surface.

    Left: the contours of the surface and the path of each ticked optimizer
    from the same start (a dot per step, a star at the minimum). Right: the
    function value after each step, on a log scale. The readout lists each
    optimizer's final value (or "diverged").

    Controls: one checkbox per optimizer (``show_sgd``, ..., ``show_adam``); the surface (narrow valley or
    Rosenbrock); the number of steps; the learning rate of the SGD family and
    its momentum mu (used by momentum and Nesterov); the learning rate of
    RMSprop and Adam, RMSprop's rho and Adam's beta_1 (beta_2 stays 0.999).

    Try: the SGD learning rate from 0.005 to 0.08 and past it; momentum 0
    versus 0.9 versus 0.99; Adam with beta_1 = 0; the Rosenbrock surface.
    """

    alt_text = ("Left: elliptical contour lines of a loss surface with the zigzag or curving paths "
                "of up to five optimizers from a common starting point toward the minimum. Right: "
                "the loss of each optimizer against the step number on a logarithmic axis.")

    def __init__(self, surface="valley", steps=60, lr_sgd=0.02, momentum=0.9, lr_adaptive=0.1,
                 rho=0.9, beta_1=0.9, show=NAMES):
        super().__init__(figsize=(8.0, 3.8))
        for name in NAMES:
            self.add_control("show_" + name, widgets.Checkbox(value=name in show, description=LABELS[name],
                                                    indent=False, layout=widgets.Layout(width="110px")))
        self.add_control("surface", widgets.Dropdown(options=[("narrow valley", "valley"),
                                                              ("Rosenbrock", "rosenbrock")],
                                                     value=surface, description="surface"))
        self.add_control("steps", widgets.IntSlider(value=steps, min=5, max=200, step=5, description="steps",
                                                    continuous_update=False))
        self.add_control("lr_sgd", slider(lr_sgd, -4, 0, 0.05, "η (SGD, momentum, Nesterov)", log=True,
                                          readout_format=".4f"))
        self.add_control("momentum", slider(momentum, 0.0, 0.99, 0.01, "momentum μ"))
        self.add_control("lr_adaptive", slider(lr_adaptive, -4, 0, 0.05, "η (RMSprop, Adam)", log=True,
                                               readout_format=".4f"))
        self.add_control("rho", slider(rho, 0.0, 0.99, 0.01, "RMSprop ρ"))
        self.add_control("beta_1", slider(beta_1, 0.0, 0.99, 0.01, "Adam β₁"))

        self.ax_path, self.ax_loss = self.figure.subplots(1, 2, width_ratios=[1.5, 1])
        self.path_lines, self.loss_lines = {}, {}
        for name in NAMES:
            self.path_lines[name], = self.ax_path.plot([], [], ".-", ms=3, lw=1.2, color=COLORS[name],
                                                       label=LABELS[name])
            self.loss_lines[name], = self.ax_loss.plot([], [], "-", lw=1.5, color=COLORS[name],
                                                       label=LABELS[name])
        self.start_marker, = self.ax_path.plot([], [], "ko", ms=6, zorder=5)
        self.min_marker, = self.ax_path.plot([], [], "k*", ms=11, zorder=5)
        self.ax_path.set_xlabel("$w_1$")
        self.ax_path.set_ylabel("$w_2$")
        self.ax_loss.set_yscale("log")
        # few tick labels: a log axis with every minor tick labelled is slow to render
        self.ax_loss.yaxis.set_major_locator(LogLocator(base=10, numticks=6))
        self.ax_loss.yaxis.set_minor_locator(NullLocator())
        self.ax_loss.set_xlabel("step")
        self.ax_loss.set_ylabel("f(w)")
        self.ax_loss.grid(True, which="major", alpha=0.3)
        self._contours = None
        self._surface_drawn = None
        self.start()

    def _draw_surface(self, surface):
        fn, start, minimum, xlim, ylim, levels = SURFACES[surface]
        if self._contours is not None:
            self._contours.remove()
        x = np.linspace(*xlim, 160)
        y = np.linspace(*ylim, 160)
        xx, yy = np.meshgrid(x, y)
        zz = fn((xx, yy))[0]
        self._contours = self.ax_path.contour(xx, yy, zz, levels=levels, colors="0.75", linewidths=0.8)
        self.ax_path.set_xlim(*xlim)
        self.ax_path.set_ylim(*ylim)
        self.start_marker.set_data([start[0]], [start[1]])
        self.min_marker.set_data([minimum[0]], [minimum[1]])
        self.ax_path.set_title("narrow valley" if surface == "valley" else "Rosenbrock", fontsize=10)
        self._surface_drawn = surface

    def draw(self, *, surface, steps, lr_sgd, momentum, lr_adaptive, rho, beta_1, **shown):
        if surface != self._surface_drawn:
            self._draw_surface(surface)
        fn, start = SURFACES[surface][0], SURFACES[surface][1]
        paths, values, diverged, final = {}, {}, {}, {}
        for name in NAMES:
            line, loss_line = self.path_lines[name], self.loss_lines[name]
            if not shown["show_" + name]:
                line.set_visible(False)
                loss_line.set_visible(False)
                continue
            opt = make_optimizer(name, lr_sgd, momentum, lr_adaptive, rho, beta_1)
            P, F, bad = run_path(fn, start, opt, steps)
            paths[name], values[name], diverged[name] = P, F, bad
            final[name] = None if bad else float(F[-1])
            line.set_data(P[:, 0], P[:, 1])
            loss_line.set_data(np.arange(len(F)), np.clip(F, 1e-12, 1e12))
            line.set_visible(True)
            loss_line.set_visible(True)
        self.ax_loss.set_xlim(0, steps)
        if values:
            everything = np.concatenate([np.clip(v, 1e-12, 1e12) for v in values.values()])
            self.ax_loss.set_ylim(max(everything.min() / 2, 1e-12), everything.max() * 2)
        handles = [self.path_lines[n] for n in NAMES if shown["show_" + n]]
        legend = self.ax_path.get_legend()
        if legend is not None:
            legend.remove()
        if handles:
            self.ax_path.legend(handles=handles, fontsize=LEGEND_FONTSIZE, loc="upper right")
        self.state = {"surface": surface, "steps": steps, "paths": paths, "values": values,
                      "diverged": diverged, "final_loss": final}
        parts = [f"{LABELS[n]} {'diverged' if diverged[n] else format(final[n], '.3g')}" for n in paths]
        self.readout.value = (f"f(w) after {steps} steps: " + ", ".join(parts)) if parts else \
            "Tick at least one optimizer."

    def layout(self) -> widgets.Widget:
        c = self.controls
        rows = [control_row([c["show_" + n] for n in NAMES]),
                control_row([c["surface"], c["steps"]]),
                control_row([c["lr_sgd"], c["momentum"]]),
                control_row([c["lr_adaptive"], c["rho"], c["beta_1"]])]
        return widgets.VBox([self.note, *rows, self.readout, self.image])
