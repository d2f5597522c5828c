"""Schedule explorer: the shape of a learning-rate schedule and the training it produces.

:class:`ScheduleExplorer` trains a small network (2-16-1, tanh then sigmoid, ``seed=0``)
with ``nnbook.SGD`` on 200 two-moons points (noise 0.25, seed 0, the data of chapter 10; the last 50 held out
with ``validation_split=0.25``), batch size 25, 20 epochs: 6 updates per epoch, T = 120
updates. The optimizer's ``learning_rate`` is a :mod:`nnbook.schedules` object built from
three controls:

- **schedule**: ``constant`` (eta_t = eta_0), ``step`` (:class:`~nnbook.schedules.PiecewiseConstantDecay`,
  eta_0 until T/2, then eta_0 sqrt(f) until 3T/4, then eta_0 f), ``exponential``
  (:class:`~nnbook.schedules.ExponentialDecay`, eta_t = eta_0 f^(t/T)) or ``cosine + warm-up``
  (:class:`~nnbook.schedules.CosineDecay`: a linear warm-up from 0 to eta_0 over T/10 updates,
  then half a cosine down to f eta_0 at t = T);
- **eta_0**, the initial (for the cosine, the peak) rate;
- **f**, the final rate as a fraction of eta_0 (disabled for the constant schedule).

Left: eta_t / eta_0 for every update t (line) and ``History.learning_rates`` after each epoch
(dots: the rate of the next update). Right: the training loss of every epoch (the mean of
its batch losses) and the validation loss after it, with the constant rate eta_0 in grey
for comparison. Runs are cached, so returning to a setting redraws without training.
"""
from __future__ import annotations

import html
import math

import ipywidgets as widgets
import numpy as np

from ..datasets import make_moons
from ..layers import Dense
from ..model import DivergenceError, Sequential
from ..optimizers import SGD
from ..plotting import CLASS_COLORS
from ..schedules import CosineDecay, ExponentialDecay, PiecewiseConstantDecay
from ._base import Explorer

#: the explorer's data and training run
DATA_KW = {"n_samples": 200, "noise": 0.25, "seed": 0}
VALIDATION_SPLIT = 0.25
BATCH_SIZE = 25
EPOCHS = 20
#: the choices the controls offer
SCHEDULE_NAMES = ("constant", "step", "exponential", "cosine + warm-up")
PEAK_RATES = (0.3, 1.0, 3.0, 10.0)
FINAL_FRACTIONS = (0.3, 0.1, 0.01)
WARMUP_FRACTION = 0.1
#: the gallery for the web page: every schedule at a rate too large to finish with, and the
#: cosine schedule at a small rate, where decaying only slows training down
SCHEDULE_PRESETS = {
    "constant, η₀ = 10": {"schedule": "constant", "eta0": 10.0},
    "step, η₀ = 10": {"schedule": "step", "eta0": 10.0, "final_fraction": 0.01},
    "exponential, η₀ = 10": {"schedule": "exponential", "eta0": 10.0, "final_fraction": 0.01},
    "cosine + warm-up, η₀ = 10": {"schedule": "cosine + warm-up", "eta0": 10.0, "final_fraction": 0.01},
    "cosine + warm-up, η₀ = 0.3": {"schedule": "cosine + warm-up", "eta0": 0.3, "final_fraction": 0.01},
}


def make_network(seed: int = 0) -> Sequential:
    """The explorer's network: 2 inputs, 16 tanh units, 1 sigmoid output."""
    return Sequential([Dense(16, activation="tanh"), Dense(1, activation="sigmoid")], seed=seed)


def make_schedule(name: str, eta0: float, final_fraction: float, total_steps: int):
    """The learning rate of ``SGD`` for schedule ``name``: a number (``'constant'``) or a schedule
    object that starts at (or, after a warm-up, peaks at) ``eta0`` and reaches
    ``final_fraction * eta0`` after ``total_steps`` updates."""
    T, f = int(total_steps), float(final_fraction)
    if name == "constant":
        return float(eta0)
    if name == "step":
        return PiecewiseConstantDecay(boundaries=[T // 2, (3 * T) // 4], values=[eta0, eta0 * math.sqrt(f), eta0 * f])
    if name == "exponential":
        return ExponentialDecay(eta0, decay_steps=T, decay_rate=f)
    if name == "cosine + warm-up":
        warmup = int(round(WARMUP_FRACTION * T))
        return CosineDecay(0.0, decay_steps=T - warmup, alpha=f, warmup_target=eta0, warmup_steps=warmup)
    raise ValueError(f"make_schedule expected one of {', '.join(map(repr, SCHEDULE_NAMES))}; received {name!r}.")


def rate_curve(schedule, steps: int) -> np.ndarray:
    """eta_t for t = 0, ..., steps - 1 (a constant rate repeated)."""
    t = np.arange(steps)
    return np.full(steps, float(schedule)) if isinstance(schedule, float) else schedule(t)


class ScheduleExplorer(Explorer):
    """Choose a learning-rate schedule, its initial (peak) rate eta_0 and its final fraction f;
    see the rate over the updates (left) and the training and validation loss (right).

    Try: eta_0 = 10 with the constant rate (the loss jumps about), then with each decaying
    schedule; eta_0 = 0.3, where every schedule ends in the same place; f = 0.3 against 0.01.
    """

    alt_text = ("Left: the learning rate as a fraction of its initial value against the update number, a line "
                "for the chosen schedule, dots at the end of each epoch and a grey line for the constant rate. Right: "
                "training and validation loss against epoch for that schedule, with grey curves for the "
                "constant rate.")

    def __init__(self, schedule="cosine + warm-up", eta0=10.0, final_fraction=0.01):
        super().__init__(figsize=(8.0, 4.0))
        self.X, self.y = make_moons(**DATA_KW)
        n_val = int(math.ceil(len(self.X) * VALIDATION_SPLIT))
        self.n_train = len(self.X) - n_val
        self.per_epoch = int(math.ceil(self.n_train / BATCH_SIZE))
        self.total_steps = self.per_epoch * EPOCHS
        self._runs: dict = {}
        narrow = {"style": {"description_width": "initial"},
                  "layout": widgets.Layout(width="300px", max_width="100%")}
        self.add_control("schedule", widgets.Dropdown(options=list(SCHEDULE_NAMES), value=schedule,
                                                      description="schedule", **narrow))
        self.add_control("eta0", widgets.SelectionSlider(options=[(f"{v:g}", v) for v in PEAK_RATES], value=eta0,
                                                         description="initial (peak) rate η₀",
                                                         continuous_update=False, **narrow))
        self.add_control("final_fraction", widgets.SelectionSlider(
            options=[(f"{v:g}", v) for v in FINAL_FRACTIONS], value=final_fraction,
            description="final rate / η₀", continuous_update=False, **narrow))

        self.ax_rate, self.ax_loss = self.figure.subplots(1, 2)
        steps = np.arange(self.total_steps)
        # the rate as a fraction of eta_0 on a linear axis: the shape of the schedule, the same
        # picture for every eta_0 (the title gives eta_0 itself)
        self.const_rate_line, = self.ax_rate.plot(steps, np.ones_like(steps, dtype=float), color="0.6", lw=1.2,
                                                  ls="--", label="constant")
        self.rate_line, = self.ax_rate.plot([], [], color=CLASS_COLORS[0], lw=2, label=r"schedule $\eta_t / \eta_0$")
        self.rate_dots, = self.ax_rate.plot([], [], "o", ms=4, color="#ff7f0e",
                                            label=r"History.learning_rates / $\eta_0$")
        self.ax_rate.set_xlim(0, self.total_steps)
        self.ax_rate.set_ylim(0, 1.3)
        self.ax_rate.set_xlabel(f"update t ({self.per_epoch} per epoch)")
        self.ax_rate.set_ylabel(r"$\eta_t / \eta_0$")
        self.ax_rate.legend(fontsize=9.5, loc="upper right")
        self.ax_rate.grid(alpha=0.3)

        epochs = np.arange(1, EPOCHS + 1)
        self.const_train_line, = self.ax_loss.plot(epochs, epochs * np.nan, ":", color="0.55", lw=1.5,
                                                   label="constant rate: training")
        self.const_val_line, = self.ax_loss.plot(epochs, epochs * np.nan, "--", color="0.55", lw=1.2,
                                                 label="constant rate: validation")
        self.train_line, = self.ax_loss.plot([], [], "o-", ms=3, color=CLASS_COLORS[0], label="training")
        self.val_line, = self.ax_loss.plot([], [], "s--", ms=3, color="#ff7f0e", label="validation")
        self.ax_loss.set_xlim(0.5, EPOCHS + 0.5)
        self.ax_loss.set_xlabel("epoch")
        self.ax_loss.set_ylabel("loss (binary cross-entropy)")
        # below the panels: inside, the legend would cover curves that fill the whole panel
        self.figure.legend(handles=[self.train_line, self.val_line, self.const_train_line, self.const_val_line],
                           loc="outside lower right", ncol=2, fontsize=9.5, frameon=False)
        self.ax_loss.grid(alpha=0.3)
        self.start()

    def run(self, name: str, eta0: float, final_fraction: float) -> dict:
        """Train the network with this schedule (or fetch the cached run): per-epoch losses,
        ``History.learning_rates``, and whether the loss became infinite."""
        if name == "constant":
            final_fraction = 1.0
        key = (name, float(eta0), float(final_fraction))
        if key not in self._runs:
            schedule = make_schedule(name, eta0, final_fraction, self.total_steps)
            model = make_network()
            model.compile(optimizer=SGD(learning_rate=schedule), loss="binary_crossentropy")
            diverged = False
            try:
                history = model.fit(self.X, self.y, epochs=EPOCHS, batch_size=BATCH_SIZE,
                                    validation_split=VALIDATION_SPLIT, verbose=0)
            except DivergenceError as err:   # keep the epochs before the loss blew up
                history, diverged = err.history, True
            self._runs[key] = {"schedule": schedule, "rates": rate_curve(schedule, self.total_steps),
                               "loss": np.asarray(history.history.get("loss", []), dtype=float),
                               "val_loss": np.asarray(history.history.get("val_loss", []), dtype=float),
                               "learning_rates": np.asarray(history.learning_rates, dtype=float),
                               "diverged": diverged}
        return self._runs[key]

    def draw(self, *, schedule, eta0, final_fraction):
        # the final fraction means nothing for a constant rate: greyed out until a schedule uses it
        self.controls["final_fraction"].disabled = schedule == "constant"
        run = self.run(schedule, eta0, final_fraction)
        const = self.run("constant", eta0, 1.0)
        steps = np.arange(self.total_steps)
        self.rate_line.set_data(steps, run["rates"] / eta0)
        lr_epochs = run["learning_rates"]
        self.rate_dots.set_data(self.per_epoch * np.arange(1, len(lr_epochs) + 1), lr_epochs / eta0)
        epochs = np.arange(1, len(run["loss"]) + 1)
        self.train_line.set_data(epochs, run["loss"])
        self.val_line.set_data(epochs, run["val_loss"])
        c_epochs = np.arange(1, len(const["loss"]) + 1)
        self.const_train_line.set_data(c_epochs, const["loss"])
        self.const_val_line.set_data(c_epochs, const["val_loss"])
        shown = np.concatenate([run["loss"], run["val_loss"], const["loss"], const["val_loss"]])
        shown = shown[np.isfinite(shown)]
        self.ax_loss.set_ylim(0, min(2.0, max(0.8, float(shown.max()) * 1.05)) if shown.size else 0.8)
        self.ax_rate.set_title(f"{schedule}, η₀ = {eta0:g}", fontsize=10)
        self.ax_loss.set_title(f"after {EPOCHS} epochs ({self.total_steps} updates)", fontsize=10)

        self.state = {"schedule": schedule, "eta0": eta0, "final_fraction": final_fraction,
                      "schedule_object": run["schedule"], "rates": run["rates"],
                      "learning_rates": lr_epochs, "loss": run["loss"], "val_loss": run["val_loss"],
                      "constant_loss": const["loss"], "constant_val_loss": const["val_loss"],
                      "diverged": run["diverged"]}

        def ending(r):
            if r["diverged"]:
                return f"diverged in epoch {len(r['loss']) + 1}"
            return f"training {r['loss'][-1]:.3f}, validation {r['val_loss'][-1]:.3f}"

        what = ("a constant rate" if isinstance(run["schedule"], float)
                else f"<code>{html.escape(repr(run['schedule']))}</code>")
        text = (f"SGD with {what}: rate {run['rates'][0]:.3g} at the first update, {run['rates'][-1]:.3g} at the last. "
                f"Final losses: {ending(run)}")
        if schedule != "constant":
            text += f"; with the constant rate {eta0:g}: {ending(const)}"
        self.readout.value = text + "."
