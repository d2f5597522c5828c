"""Training explorer: batch size, epochs and learning rate on a small classification problem.

:class:`TrainingExplorer` retrains a small network (2-8-1, tanh then sigmoid,
``seed=0``) with ``nnbook.SGD`` on 100 two-moons points (noise 0.2, seed 4), 75 for training and
the last 25 held out with ``validation_split=0.25``, whenever a control moves.
It draws the loss of every mini-batch (one point per iteration), the training
and validation loss of every epoch, and the decision boundary at the end.

What to try: batch size 1 against 75 (full batch) at the same number of
epochs, then at the same number of updates; more epochs until the curves
flatten (convergence) or the validation loss turns up; a learning rate so large
that the full-batch curve oscillates.
"""
from __future__ import annotations

import math

import ipywidgets as widgets
import numpy as np
from matplotlib.colors import ListedColormap

from ..datasets import make_moons
from ..layers import Dense
from ..model import DivergenceError, Sequential
from ..optimizers import SGD
from ..plotting import CLASS_COLORS, MARKERS
from ._base import Explorer, slider

BATCH_SIZES = (1, 2, 5, 10, 25, 75)
VALIDATION_SPLIT = 0.25


def make_network(seed: int = 0) -> Sequential:
    """The explorer's network: 2 inputs, 8 tanh units, 1 sigmoid output."""
    return Sequential([Dense(8, activation="tanh"), Dense(1, activation="sigmoid")], seed=seed)


class TrainingExplorer(Explorer):
    """Retrain a small network when the batch size, the number of epochs or the learning rate changes.

    Left: the loss of each mini-batch, one grey point per iteration (update), placed at
    its fraction of an epoch; the training loss of each epoch (the mean of its batch
    losses, blue) and the validation loss after each epoch (orange, dashed). Right: the
    decision boundary after the last epoch, with the training points (filled) and the
    validation points (open). The readout gives iterations per epoch = ceil(75 / batch
    size), the total number of updates, and the final losses.

    Try: batch size 1 versus 75 at 20 epochs (noise, and how many updates each makes);
    batch size 75 with 40 epochs versus batch size 5 with 3 epochs (about the same
    number of updates); a learning rate of 3 with full batches.
    """

    alt_text = ("Left: loss against epoch, with grey dots for each mini-batch loss, a solid line for the "
                "training loss per epoch and a dashed line for the validation loss. Right: two-moons points "
                "of two classes on shaded regions showing the network's decision boundary.")

    def __init__(self, batch_size=10, epochs=20, learning_rate=0.5, n_samples=100, noise=0.2, seed=4):
        super().__init__(figsize=(8.0, 3.6))
        self.X, self.y = make_moons(n_samples, noise=noise, seed=seed)
        n_val = int(math.ceil(n_samples * VALIDATION_SPLIT))
        self.n_train = n_samples - n_val
        # The slider's own readout is a narrow fixed-width box: it shows the bare number, and
        # the words (such as "full batch") go into the HTML readout below, which wraps.
        sizes = [b for b in BATCH_SIZES if b <= self.n_train]
        if self.n_train not in sizes:
            sizes.append(self.n_train)
        self.add_control("batch_size", widgets.SelectionSlider(options=[(str(b), b) for b in sizes], value=batch_size,
                                                               description="batch size B", continuous_update=False,
                                                               style={"description_width": "initial"},
                                                               layout=widgets.Layout(width="300px", max_width="100%")))
        self.add_control("epochs", widgets.IntSlider(value=epochs, min=1, max=40, description="epochs",
                                                     continuous_update=False, style={"description_width": "initial"},
                                                     layout=widgets.Layout(width="300px", max_width="100%")))
        self.add_control("learning_rate", slider(learning_rate, -2, 0.5, 0.05, "learning rate η", log=True,
                                                 readout_format=".3f"))

        self.ax_loss, self.ax_data = self.figure.subplots(1, 2, width_ratios=[1.35, 1])
        # Opaque light grey (what grey 0.55 at 60 % opacity looks like on white): with batch size 1
        # there are up to 3,000 of these points, and transparent markers doubled the time to save.
        self.batch_line, = self.ax_loss.plot([], [], ".", ms=2.5, color="0.73",
                                             label="mini-batch loss (per iteration)")
        self.train_line, = self.ax_loss.plot([], [], "o-", ms=3, color=CLASS_COLORS[0], label="training loss (per epoch)")
        self.val_line, = self.ax_loss.plot([], [], "s--", ms=3, color="#ff7f0e", label="validation loss")
        self.ax_loss.set_xlabel("epoch")
        self.ax_loss.set_ylabel("loss (binary cross-entropy)")
        self.ax_loss.legend(fontsize=9.5, loc="upper right")
        self.ax_loss.grid(alpha=0.3)

        Xt, yt = self.X[:self.n_train], self.y[:self.n_train]
        Xv, yv = self.X[self.n_train:], self.y[self.n_train:]
        lo, hi = self.X.min(axis=0) - 0.4, self.X.max(axis=0) + 0.4
        self.xx, self.yy = np.meshgrid(np.linspace(lo[0], hi[0], 60), np.linspace(lo[1], hi[1], 60))
        self.grid = np.column_stack([self.xx.ravel(), self.yy.ravel()])
        for k in (0, 1):
            self.ax_data.scatter(*Xt[yt == k].T, s=16, c=CLASS_COLORS[k], marker=MARKERS[k], edgecolors="white",
                                 linewidths=0.4, label=f"class {k} (training)", zorder=3)
            self.ax_data.scatter(*Xv[yv == k].T, s=22, facecolors="none", edgecolors=CLASS_COLORS[k],
                                 marker=MARKERS[k], linewidths=1.0, label=f"class {k} (validation)", zorder=3)
        self.ax_data.set_xlim(lo[0], hi[0])
        self.ax_data.set_ylim(lo[1], hi[1])
        self.ax_data.set_xlabel("$x_1$")
        self.ax_data.set_ylabel("$x_2$")
        self._regions = None
        self.start()

    def draw(self, *, batch_size, epochs, learning_rate):
        model = make_network()
        model.compile(optimizer=SGD(learning_rate), loss="binary_crossentropy", metrics=["accuracy"])
        diverged = False
        try:
            history = model.fit(self.X, self.y, epochs=epochs, batch_size=batch_size,
                                validation_split=VALIDATION_SPLIT, verbose=0)
        except DivergenceError as err:  # keep what was trained before the loss blew up
            history, diverged = err.history, True
        per_epoch = int(math.ceil(self.n_train / batch_size))
        batch_losses = np.asarray(history.batch_losses, dtype=float)
        x_batches = np.arange(1, len(batch_losses) + 1) / per_epoch
        loss = np.asarray(history.history.get("loss", []), dtype=float)
        val_loss = np.asarray(history.history.get("val_loss", []), dtype=float)
        epochs_done = np.arange(1, len(loss) + 1)
        self.batch_line.set_data(x_batches, batch_losses)
        self.train_line.set_data(epochs_done, loss)
        self.val_line.set_data(epochs_done, val_loss)
        self.ax_loss.set_xlim(0, epochs + 0.5)
        finite = batch_losses[np.isfinite(batch_losses)]
        top = max(1.0, min(3.0, float(np.max(finite)) * 1.05)) if finite.size else 1.0
        self.ax_loss.set_ylim(0, top)
        self.ax_loss.set_title(f"{per_epoch} iterations per epoch x {epochs} epochs = "
                               f"{per_epoch * epochs} updates", fontsize=10)

        with np.errstate(all="ignore"):
            proba = model.predict(self.grid)[:, 0]
        if self._regions is not None:
            self._regions.remove()
        labels = (proba >= 0.5).astype(float).reshape(self.xx.shape)
        self._regions = self.ax_data.contourf(self.xx, self.yy, labels, levels=[-0.5, 0.5, 1.5],
                                              cmap=ListedColormap(CLASS_COLORS[:2]), alpha=0.2, zorder=1)
        val_acc = history.history.get("val_accuracy", [np.nan])[-1] if loss.size else np.nan
        self.ax_data.set_title(f"decision boundary after {len(loss)} epochs", fontsize=10)

        self.state = {"batch_size": batch_size, "epochs": epochs, "learning_rate": learning_rate,
                      "n_train": self.n_train, "iterations_per_epoch": per_epoch,
                      "updates": len(batch_losses), "batch_losses": batch_losses, "loss": loss,
                      "val_loss": val_loss, "val_accuracy": val_acc, "grid_proba": proba,
                      "diverged": diverged}
        if diverged:
            self.readout.value = (f"Diverged at epoch {len(loss) + 1}: the loss became infinite. "
                                  "Lower the learning rate.")
            return
        full = " (the full batch: one update per epoch)" if batch_size >= self.n_train else ""
        self.readout.value = (f"batch size {batch_size}{full}: iterations per epoch = ceil({self.n_train} / {batch_size}) "
                              f"= {per_epoch}; total updates = {per_epoch} x {epochs} = {per_epoch * epochs}. "
                              f"Final training loss {loss[-1]:.3f}, validation loss {val_loss[-1]:.3f}, "
                              f"validation accuracy {val_acc:.0%}.")
