"""The regularization explorer: retrain a small network with a weight penalty and dropout.

:class:`RegularizationExplorer` fits a 64-64 ReLU network to 30 noisy points of
y = sin(x) (``make_regression_1d(n_samples=30, noise=0.3, function='sine', seed=0)``)
and checks it on 200 fresh points from the same source (seed 1). For every
setting of the controls the network is trained from the same starting weights
(seed 0, Adam with learning rate 0.02, 300 full-batch epochs) with

- a kernel penalty: ``L2(strength)`` or ``L1(strength)`` on every Dense layer,
  strength 10^-4.5 to 10^-1 in half-decade steps (the leftmost position, 1e-5,
  means *off*: no regularizer at all), and
- a ``Dropout(rate)`` layer after each hidden layer, rate 0 to 0.5 in steps of
  0.1 (rate 0 means no dropout).

The left panel shows the fitted function over the data, the right panel the
training and validation mean squared error after every epoch (both measured
with dropout off and without the penalty, so the two curves are comparable).
The 22 settings that use at most one remedy are trained when the explorer is
built (about 3 s); a setting that combines a penalty with dropout is trained
when first chosen. Results are cached: the numbers drawn are always those of
the real training run for that setting. Only the curves, the training points
and the titles are redrawn on a change; the rest of the figure is drawn once
(:mod:`nnbook.widgets._backdrop`).

What to try: start with everything off and watch the validation curve turn
upward while the training curve keeps falling (overfitting). Raise the L2
strength step by step: the fitted curve smooths, the gap between the curves
closes, and at 0.1 the network underfits. Switch to L1 and read how many
weights are (almost) exactly zero. Then set the penalty off and raise dropout.
"""
from __future__ import annotations

import contextlib

import ipywidgets as widgets
import numpy as np

from .. import datasets, layers, optimizers, regularizers
from ..callbacks import Callback
from ..model import Sequential
from ._backdrop import freeze
from ._base import Explorer, slider

#: the left end of the strength slider; this value means "no penalty"
STRENGTH_OFF = 1e-5
#: |w| below this counts as "(almost) zero" in the readout
SMALL = 1e-3
#: the strength slider's positions: powers of ten in half-decade steps, the first meaning off
STRENGTH_STEP = 0.5
STRENGTHS = tuple(float(10.0 ** e) for e in np.arange(-5.0, -0.99, STRENGTH_STEP))
#: the dropout slider's positions
RATE_STEP = 0.1
RATES = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5)


def _single_threaded():
    """Small matrix products run faster on one BLAS thread (and do not fight other processes)."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - threadpoolctl comes with scikit-learn
        return contextlib.nullcontext()
    return threadpool_limits(1)


class _MSETracker(Callback):
    """After every epoch, record the MSE on the training and validation sets (dropout off, no penalty).

    One ``predict`` over both sets stacked (training rows first) gives both errors.
    """

    def __init__(self, X, y, X_val, y_val):
        self.X_all = np.vstack([X, X_val])
        self.y_all = np.concatenate([y, y_val])
        self.n_train = len(X)
        self.train, self.val = [], []

    def on_epoch_end(self, model, epoch, logs):
        squared = (model.predict(self.X_all)[:, 0] - self.y_all) ** 2
        self.train.append(float(np.mean(squared[:self.n_train])))
        self.val.append(float(np.mean(squared[self.n_train:])))


def build_network(penalty: str = "L2", strength: float = 0.0, rate: float = 0.0, *,
                  width: int = 64, seed: int = 0) -> Sequential:
    """The explorer's network: Dense(64, relu) [Dropout] Dense(64, relu) [Dropout] Dense(1).

    ``strength`` 0 means no regularizer; ``rate`` 0 means no dropout layers.
    """
    reg = None
    if strength > 0:
        reg = regularizers.L2(strength) if penalty == "L2" else regularizers.L1(strength)
    stack = [layers.Dense(width, activation="relu", kernel_regularizer=reg)]
    if rate > 0:
        stack.append(layers.Dropout(rate))
    stack.append(layers.Dense(width, activation="relu", kernel_regularizer=reg))
    if rate > 0:
        stack.append(layers.Dropout(rate))
    stack.append(layers.Dense(1, kernel_regularizer=reg))
    return Sequential(stack, seed=seed)


class RegularizationExplorer(Explorer):
    """Retrain a 64-64 ReLU network on 30 noisy sine points with an L1/L2 penalty and dropout.

    Controls: ``penalty`` ('L2' or 'L1'), ``strength`` (log scale in half-decade steps, 1e-5 = off,
    up to 0.1) and ``dropout`` (0 to 0.5 in steps of 0.1); a value set from code between two
    positions is moved to the nearest one. ``precompute=False`` skips training the 22
    one-remedy settings at construction (each is then trained when first shown). The readout gives the final training and validation MSE,
    the best validation MSE and its epoch, and how many weights have |w| < 0.001.
    """

    alt_text = ("Left: 30 training points and 200 validation points scattered around a dashed sine "
                "curve, with the network's fitted curve in orange. Right: training and validation "
                "mean squared error against the epoch.")

    epochs = 300
    learning_rate = 0.02

    def __init__(self, penalty: str = "L2", strength: float = STRENGTH_OFF, dropout: float = 0.0, *,
                 precompute: bool = True):
        super().__init__(figsize=(7.8, 4.2))
        self.X, self.y = datasets.make_regression_1d(n_samples=30, noise=0.3, function="sine", seed=0)
        self.X_val, self.y_val = datasets.make_regression_1d(n_samples=200, noise=0.3, function="sine", seed=1)
        self.grid = np.linspace(-3.2, 3.2, 200)[:, None]
        self._cache: dict = {}

        self.add_control("penalty", widgets.Dropdown(options=["L2", "L1"], value=penalty,
                                                     description="penalty", layout=widgets.Layout(width="150px")))
        self.add_control("strength", slider(strength, -5, -1, STRENGTH_STEP, "strength (left end = off)",
                                            log=True, readout_format=".0e"))
        self.add_control("dropout", slider(dropout, 0.0, 0.5, RATE_STEP, "dropout rate"))

        self.ax_fit, self.ax_loss = self.figure.subplots(1, 2)
        ax = self.ax_fit
        ax.scatter(self.X_val[:, 0], self.y_val, s=8, color="#bbbbbb", label="validation")
        self.train_points = ax.scatter(self.X[:, 0], self.y, s=22, color="#1f77b4", edgecolors="white", linewidths=0.5,
                   label="training", zorder=3)
        ax.plot(self.grid[:, 0], np.sin(self.grid[:, 0]), "k--", lw=1, label="sin x")
        (self.fit_line,) = ax.plot(self.grid[:, 0], np.zeros(len(self.grid)), color="#ff7f0e", lw=2,
                                   label="network")
        ax.set_ylim(-2.0, 2.0)
        ax.set_xlabel("x")
        ax.set_ylabel("y")
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.17), fontsize=9, ncol=2, frameon=False)

        epochs = np.arange(1, self.epochs + 1)
        ax = self.ax_loss
        (self.train_line,) = ax.plot(epochs, np.ones(self.epochs), label="training MSE")
        (self.val_line,) = ax.plot(epochs, np.ones(self.epochs), "--", label="validation MSE")
        (self.best_marker,) = ax.plot([1], [1], "o", color="#d62728", ms=5, label="best validation")
        ax.axhline(0.09, color="#888888", lw=0.8, ls=":")
        ax.text(self.epochs, 0.09, "noise variance 0.09", ha="right", va="bottom", fontsize=9, color="#555555")
        ax.set_ylim(0.0, 0.4)
        ax.set_xlabel("epoch")
        ax.set_ylabel("MSE")
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.17), fontsize=9, ncol=2, frameon=False)
        if precompute:
            self.precompute()
        self.start()

    def start(self) -> "RegularizationExplorer":
        """Draw once, then freeze what never changes (axes, ticks, validation points, sine, labels):
        later redraws paint that as one picture and draw only the curves, titles, training points
        (kept on top of the fitted curve, as in the full drawing). The legends sit below the axes,
        where no curve can cross them."""
        super().start()
        live = [self.fit_line, self.train_line, self.val_line, self.best_marker, self.train_points,
                self.ax_fit.title, self.ax_loss.title]
        freeze(self.figure, [self.ax_fit, self.ax_loss], live)
        return self

    # -------------------------------------------------------------- training
    @staticmethod
    def effective_strength(strength: float) -> float:
        """The strength the network is trained with: the slider's value moved to the nearest of its
        positions (a value set from code can fall between them), and 0 at the left end (off)."""
        exponent = round(np.log10(max(float(strength), STRENGTH_OFF)) / STRENGTH_STEP) * STRENGTH_STEP
        return 0.0 if exponent <= np.log10(STRENGTH_OFF) + 1e-9 else float(10.0 ** exponent)

    @staticmethod
    def effective_rate(rate: float) -> float:
        """The dropout rate the network is trained with: the nearest of the slider's positions."""
        return round(round(float(rate) / RATE_STEP) * RATE_STEP, 4)

    def precompute(self) -> None:
        """Train every setting with at most one remedy (off; each penalty at each strength; each
        dropout rate), so that moving one control redraws at once. Settings that combine a penalty
        with dropout are trained when first asked for."""
        self.train("L2", STRENGTH_OFF, 0.0)
        for penalty in ("L2", "L1"):
            for strength in STRENGTHS[1:]:
                self.train(penalty, strength, 0.0)
        for rate in RATES[1:]:
            self.train("L2", STRENGTH_OFF, rate)

    def train(self, penalty: str, strength: float, rate: float) -> dict:
        """Train (or fetch from the cache) the network for one setting; return its numbers."""
        strength = self.effective_strength(strength)
        rate = self.effective_rate(rate)
        key = (penalty if strength > 0 else "none", round(strength, 12), rate)
        if key not in self._cache:
            model = build_network(penalty, strength, rate)
            model.compile(optimizer=optimizers.Adam(self.learning_rate), loss="mse")
            tracker = _MSETracker(self.X, self.y, self.X_val, self.y_val)
            with _single_threaded():
                model.fit(self.X, self.y, epochs=self.epochs, batch_size=None, verbose=0, callbacks=[tracker])
            kernels = np.concatenate([w.ravel() for w in model.get_weights()[0::2]])
            self._cache[key] = {
                "curve": model.predict(self.grid)[:, 0],
                "train_curve": np.array(tracker.train),
                "val_curve": np.array(tracker.val),
                "n_small": int(np.sum(np.abs(kernels) < SMALL)),
                "n_weights": int(kernels.size),
                "penalty_value": model.penalty(),
            }
        return self._cache[key]

    # -------------------------------------------------------------- drawing
    def draw(self, penalty, strength, dropout):
        s = self.effective_strength(strength)
        dropout = self.effective_rate(dropout)
        result = self.train(penalty, strength, dropout)
        train_c, val_c = result["train_curve"], result["val_curve"]
        best = int(np.argmin(val_c))
        self.fit_line.set_ydata(result["curve"])
        self.train_line.set_ydata(train_c)
        self.val_line.set_ydata(val_c)
        self.best_marker.set_data([best + 1], [val_c[best]])
        label = f"{penalty}({s:.0e})" if s > 0 else "no penalty"
        self.ax_fit.set_title(f"{label}, dropout {dropout:.2f}", fontsize=10)
        self.ax_loss.set_title(f"train {train_c[-1]:.3f}, validation {val_c[-1]:.3f}", fontsize=10)
        self.state = {
            "penalty": penalty if s > 0 else None,
            "strength": s,
            "dropout": float(dropout),
            "train_mse": float(train_c[-1]),
            "val_mse": float(val_c[-1]),
            "best_val_mse": float(val_c[best]),
            "best_epoch": best + 1,
            "n_small": result["n_small"],
            "n_weights": result["n_weights"],
            "penalty_value": result["penalty_value"],
        }
        self.readout.value = (
            f"{label}, dropout {dropout:.2f}: training MSE <b>{train_c[-1]:.3f}</b>, validation MSE "
            f"<b>{val_c[-1]:.3f}</b> after {self.epochs} epochs (best {val_c[best]:.3f} at epoch {best + 1}); "
            f"{result['n_small']} of {result['n_weights']} weights have |w| &lt; {SMALL:g}.")
