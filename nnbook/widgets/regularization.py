"""The regularization explorer: retrain a small network with a weight penalty and dropout.

:class:`RegularizationExplorer` fits a 64-64 ReLU network to 30 noisy points of
y = sin(x) (``make_regression_1d(n_samples=30, noise=0.3, function='sine', seed=0)``)
and checks it on 200 fresh points from the same source (seed 1). Every time a
control moves, the network is trained again from the same starting weights
(seed 0, Adam with learning rate 0.02, 300 full-batch epochs) with

- a kernel penalty: ``L2(strength)`` or ``L1(strength)`` on every Dense layer
  (the leftmost strength, 1e-5, means *off*: no regularizer at all), and
- a ``Dropout(rate)`` layer after each hidden layer (rate 0 means no dropout).

The left panel shows the fitted function over the data, the right panel the
training and validation mean squared error after every epoch (both measured
with dropout off and without the penalty, so the two curves are comparable).
Results are cached: returning to a setting already seen redraws at once, and
the cached numbers are those of the real training run for that setting.

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
from ..metrics import mean_squared_error
from ..model import Sequential
from ._base import Explorer, slider

#: the left end of the strength slider; this value means "no penalty"
STRENGTH_OFF = 1e-5
#: |w| below this counts as "(almost) zero" in the readout
SMALL = 1e-3


def _single_threaded():
    """Small matrix products run faster on one BLAS thread (and do not fight other processes)."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - threadpoolctl comes with scikit-learn
        return contextlib.nullcontext()
    return threadpool_limits(1)


class _MSETracker(Callback):
    """After every epoch, record the MSE on the training and validation sets (dropout off, no penalty)."""

    def __init__(self, X, y, X_val, y_val):
        self.data = (X, y, X_val, y_val)
        self.train, self.val = [], []

    def on_epoch_end(self, model, epoch, logs):
        X, y, X_val, y_val = self.data
        self.train.append(mean_squared_error(y, model.predict(X)[:, 0]))
        self.val.append(mean_squared_error(y_val, model.predict(X_val)[:, 0]))


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

    Controls: ``penalty`` ('L2' or 'L1'), ``strength`` (log scale, 1e-5 = off, up to 0.1)
    and ``dropout`` (0 to 0.5). The readout gives the final training and validation MSE,
    the best validation MSE and its epoch, and how many weights have |w| < 0.001.
    """

    alt_text = ("Left: 30 training points and 200 validation points scattered around a dashed sine "
                "curve, with the network's fitted curve in orange. Right: training and validation "
                "mean squared error against the epoch.")

    epochs = 300
    learning_rate = 0.02

    def __init__(self, penalty: str = "L2", strength: float = STRENGTH_OFF, dropout: float = 0.0):
        super().__init__(figsize=(8.5, 3.6))
        self.X, self.y = datasets.make_regression_1d(n_samples=30, noise=0.3, function="sine", seed=0)
        self.X_val, self.y_val = datasets.make_regression_1d(n_samples=200, noise=0.3, function="sine", seed=1)
        self.grid = np.linspace(-3.2, 3.2, 200)[:, None]
        self._cache: dict = {}

        self.add_control("penalty", widgets.Dropdown(options=["L2", "L1"], value=penalty,
                                                     description="penalty", layout=widgets.Layout(width="150px")))
        self.add_control("strength", slider(strength, -5, -1, 0.25, "strength (left end = off)",
                                            log=True, readout_format=".0e"))
        self.add_control("dropout", slider(dropout, 0.0, 0.5, 0.05, "dropout rate"))

        self.ax_fit, self.ax_loss = self.figure.subplots(1, 2)
        ax = self.ax_fit
        ax.scatter(self.X_val[:, 0], self.y_val, s=8, color="#bbbbbb", label="validation")
        ax.scatter(self.X[:, 0], self.y, s=22, color="#1f77b4", edgecolors="white", linewidths=0.5,
                   label="training", zorder=3)
        ax.plot(self.grid[:, 0], np.sin(self.grid[:, 0]), "k--", lw=1, label="sin x")
        (self.fit_line,) = ax.plot(self.grid[:, 0], np.zeros(len(self.grid)), color="#ff7f0e", lw=2,
                                   label="network")
        ax.set_ylim(-2.0, 2.0)
        ax.set_xlabel("x")
        ax.set_ylabel("y")
        ax.legend(loc="lower right", fontsize=7, ncol=2)

        epochs = np.arange(1, self.epochs + 1)
        ax = self.ax_loss
        (self.train_line,) = ax.plot(epochs, np.ones(self.epochs), label="training MSE")
        (self.val_line,) = ax.plot(epochs, np.ones(self.epochs), "--", label="validation MSE")
        (self.best_marker,) = ax.plot([1], [1], "o", color="#d62728", ms=5, label="best validation")
        ax.axhline(0.09, color="#888888", lw=0.8, ls=":")
        ax.text(self.epochs, 0.09, "noise variance 0.09", ha="right", va="bottom", fontsize=7, color="#555555")
        ax.set_ylim(0.0, 0.4)
        ax.set_xlabel("epoch")
        ax.set_ylabel("MSE")
        ax.legend(fontsize=7, loc="upper right")
        self.start()

    # -------------------------------------------------------------- training
    @staticmethod
    def effective_strength(strength: float) -> float:
        """The slider's left end (1e-5 or below) means no penalty at all."""
        return 0.0 if strength <= STRENGTH_OFF * (1 + 1e-9) else float(strength)

    def train(self, penalty: str, strength: float, rate: float) -> dict:
        """Train (or fetch from the cache) the network for one setting; return its numbers."""
        strength = self.effective_strength(strength)
        rate = round(float(rate), 4)
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
