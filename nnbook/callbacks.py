"""Training callbacks, the training ``History`` and the progress bar.

A callback is told when training starts, when each epoch begins, after each
epoch (with that epoch's figures in ``logs``, e.g. ``{'loss': 0.31, 'val_loss': 0.35}``)
and when training ends; it may stop training by setting ``model.stop_training = True``.
As in Keras, the figures a callback adds to ``logs`` at the end of an epoch are
recorded in the ``History`` too (``LearningRateScheduler`` adds ``'learning_rate'``).
"""
from __future__ import annotations

import inspect
import sys

import numpy as np


class History:
    """Per-epoch figures from :meth:`Sequential.fit <nnbook.model.Sequential.fit>`, as in Keras.

    ``history.history`` maps a name (``'loss'``, ``'accuracy'``, ``'val_loss'``, ...)
    to a list with one value per epoch; ``history.epoch`` lists the epoch numbers (from 0).

    Two more lists, outside ``history.history`` so that it holds the same keys as Keras's:
    ``history.learning_rates``, the optimizer's ``learning_rate`` at the end of each epoch
    (the rate of the next update: with a schedule, its value at the number of updates made
    so far; this is the value Keras's ``LearningRateScheduler`` logs as ``'learning_rate'``),
    and ``history.batch_losses``, the cost of every mini-batch (filled by ``fit``).
    """

    def __init__(self):
        self.history: dict[str, list[float]] = {}
        self.epoch: list[int] = []
        self.learning_rates: list[float] = []
        self.batch_losses: list[float] = []

    def record(self, epoch: int, logs: dict) -> None:
        self.epoch.append(epoch)
        for key, value in logs.items():
            self.history.setdefault(key, []).append(float(value))

    def __getitem__(self, key):
        return self.history[key]

    def __repr__(self):
        if not self.epoch:
            return "History(no epochs)"
        last = ", ".join(f"{k}={v[-1]:.4g}" for k, v in self.history.items())
        return f"History({len(self.epoch)} epochs; last: {last})"


class Callback:
    """Base class: override any of the hooks."""

    def on_train_begin(self, model) -> None:
        pass

    def on_epoch_begin(self, model, epoch: int) -> None:
        pass

    def on_epoch_end(self, model, epoch: int, logs: dict) -> None:
        pass

    def on_train_end(self, model) -> None:
        pass


class EarlyStopping(Callback):
    """Stop training when a monitored figure has stopped improving, with Keras's rule.

    After every epoch the callback reads ``logs[monitor]`` and counts the epochs since the
    last improvement in ``wait``. An epoch *improves* when its value beats the best so far
    by more than ``min_delta`` (``value < best - min_delta`` in ``'min'`` mode,
    ``value > best + min_delta`` in ``'max'`` mode); it then becomes the best and ``wait``
    restarts at 0. Otherwise ``wait`` grows by one, and training stops at the end of the
    epoch at which ``wait`` reaches ``patience``: after ``patience`` epochs in a row
    without improvement (``patience=0`` stops at the first epoch that does not improve).
    This is the rule of ``keras.callbacks.EarlyStopping`` (Keras 3,
    ``keras/src/callbacks/early_stopping.py``): ``wait += 1``, then stop when
    ``wait >= patience`` and ``epoch > 0``.

    Parameters
    ----------
    monitor : a key of the epoch logs, default ``'val_loss'``.
    min_delta : an improvement of ``min_delta`` or less does not count (its sign is ignored).
    patience : the number of epochs in a row without improvement after which training stops.
    verbose : 1 prints a line when training stops and when best weights are restored.
    mode : ``'min'``, ``'max'`` or ``'auto'`` (max for accuracy-like names, min otherwise).
    baseline : if given, an improvement restarts ``wait`` only when it also beats the
        baseline (by more than ``min_delta``), so a run that never beats it stops after
        ``patience`` epochs. Epochs that improve on the best but not on the baseline
        do not stop training themselves.
    restore_best_weights : at the end of training, put back the weights of the best epoch
        (as Keras 3 does: whether training stopped early or ran all its epochs). If no
        epoch improved, the weights of the first monitored epoch count as the best.
    start_from_epoch : the number of epochs (from the start) that are not monitored at
        all, a warm-up during which training cannot stop.

    After training, ``best`` holds the best value, ``best_epoch`` its epoch (from 0;
    None if no epoch was monitored) and ``stopped_epoch`` the epoch (from 0) at which
    training stopped, or None if it ran all its epochs (Keras writes 0 for that case).
    """

    def __init__(self, monitor: str = "val_loss", min_delta: float = 0.0, patience: int = 0,
                 verbose: int = 0, mode: str = "auto", baseline: float | None = None,
                 restore_best_weights: bool = False, start_from_epoch: int = 0):
        if mode not in ("auto", "min", "max"):
            raise ValueError(f"EarlyStopping mode expected 'auto', 'min' or 'max'; received {mode!r}.")
        if isinstance(patience, bool) or not isinstance(patience, (int, np.integer)) or patience < 0:
            raise ValueError(f"EarlyStopping patience expected a non-negative integer; received {patience!r}.")
        if isinstance(start_from_epoch, bool) or not isinstance(start_from_epoch, (int, np.integer)) \
                or start_from_epoch < 0:
            raise ValueError("EarlyStopping start_from_epoch expected a non-negative integer; "
                             f"received {start_from_epoch!r}.")
        self.monitor = monitor
        self.min_delta = abs(float(min_delta))
        self.patience = int(patience)
        self.verbose = verbose
        if mode == "auto":
            mode = "max" if any(w in monitor for w in ("acc", "precision", "recall", "f1")) else "min"
        self.mode = mode
        self.baseline = None if baseline is None else float(baseline)
        self.restore_best_weights = restore_best_weights
        self.start_from_epoch = int(start_from_epoch)

    def on_train_begin(self, model):
        self.best = np.inf if self.mode == "min" else -np.inf
        self.best_epoch = None
        self.best_weights = None
        self.wait = 0
        self.stopped_epoch = None

    def _improves(self, value, reference):
        if self.mode == "min":
            return value < reference - self.min_delta
        return value > reference + self.min_delta

    def on_epoch_end(self, model, epoch, logs):
        if self.monitor not in logs:
            raise ValueError(f"EarlyStopping monitors {self.monitor!r}, but the epoch logs only have "
                             f"{sorted(logs)}. Pass validation data (validation_split or "
                             "validation_data) to monitor a 'val_' figure.")
        if epoch < self.start_from_epoch:
            return
        value = float(logs[self.monitor])
        if self.restore_best_weights and self.best_weights is None:
            self.best_weights, self.best_epoch = model.get_weights(), epoch
        self.wait += 1
        if self._improves(value, self.best):
            self.best, self.best_epoch = value, epoch
            if self.restore_best_weights:
                self.best_weights = model.get_weights()
            if self.baseline is None or self._improves(value, self.baseline):
                self.wait = 0
            return
        if self.wait >= self.patience and epoch > 0:
            self.stopped_epoch = epoch
            model.stop_training = True

    def on_train_end(self, model):
        if self.stopped_epoch is not None and self.verbose:
            print(f"Epoch {self.stopped_epoch + 1}: early stopping")
        if self.restore_best_weights and self.best_weights is not None:
            if self.verbose:
                print(f"Restoring model weights from the end of the best epoch: {self.best_epoch + 1}.")
            model.set_weights(self.best_weights)

    def __repr__(self):
        extras = "".join(f", {name}={value!r}" for name, value in
                         (("baseline", self.baseline), ("start_from_epoch", self.start_from_epoch))
                         if value not in (None, 0))
        return (f"EarlyStopping(monitor={self.monitor!r}, patience={self.patience}, "
                f"min_delta={self.min_delta:g}, mode={self.mode!r}, "
                f"restore_best_weights={self.restore_best_weights}{extras})")


class LearningRateScheduler(Callback):
    """Set the optimizer's learning rate at the start of every epoch from ``schedule``, as Keras does.

    ``schedule`` is a function of the epoch index (from 0) and the current rate,
    ``schedule(epoch, lr) -> new_lr``, or of the epoch alone, ``schedule(epoch)``
    (a :mod:`nnbook.schedules` object works too, with epochs as its steps). At the end of
    each epoch the rate is added to the logs as ``'learning_rate'``, so that it appears
    in ``history.history['learning_rate']``. ``verbose=1`` prints each change.

    The optimizer must have been created with a number as its learning rate: an
    optimizer driven by a schedule refuses a new number (as in Keras).

    Example (halve the rate every 10 epochs)::

        >>> import nnbook as nb
        >>> X, y = nb.make_moons(60, noise=0.2, seed=0)
        >>> model = nb.Sequential([nb.Dense(4, activation="tanh"), nb.Dense(1, activation="sigmoid")], seed=0)
        >>> model.compile(optimizer=nb.SGD(learning_rate=0.4), loss="binary_crossentropy")
        >>> halve = nb.LearningRateScheduler(lambda epoch, lr: lr / 2 if epoch % 10 == 0 and epoch else lr)
        >>> history = model.fit(X, y, epochs=25, callbacks=[halve], verbose=0)
        >>> history.history["learning_rate"][::5]
        [0.4, 0.4, 0.2, 0.2, 0.1]
    """

    def __init__(self, schedule, verbose: int = 0):
        if not callable(schedule):
            raise TypeError(f"LearningRateScheduler expected a function schedule(epoch, lr) or schedule(epoch); "
                            f"received {schedule!r} ({type(schedule).__name__}).")
        self.schedule = schedule
        self.verbose = int(verbose)
        self._takes_lr = self._arity(schedule)

    @staticmethod
    def _arity(schedule) -> bool:
        """True if ``schedule`` accepts (epoch, lr), False if it accepts only (epoch)."""
        try:
            signature = inspect.signature(schedule)
        except (TypeError, ValueError):  # some built-ins have no signature: try the two-argument form
            return True
        for args in ((0, 0.1), (0,)):
            try:
                signature.bind(*args)
                return len(args) == 2
            except TypeError:
                pass
        raise TypeError(f"LearningRateScheduler expected a function of (epoch, lr) or of (epoch); received "
                        f"{schedule!r}, whose signature is {signature}.")

    def on_epoch_begin(self, model, epoch):
        lr = float(model.optimizer.learning_rate)
        new = self.schedule(epoch, lr) if self._takes_lr else self.schedule(epoch)
        if isinstance(new, (bool, np.bool_)) or not isinstance(new, (int, float, np.integer, np.floating)):
            raise TypeError(f"LearningRateScheduler: the schedule returned {new!r} ({type(new).__name__}) for "
                            f"epoch {epoch}; expected a positive number, the learning rate.")
        model.optimizer.learning_rate = float(new)
        if self.verbose > 0:
            print(f"\nEpoch {epoch + 1}: LearningRateScheduler setting learning rate to {float(new)}.")

    def on_epoch_end(self, model, epoch, logs):
        logs["learning_rate"] = float(model.optimizer.learning_rate)

    def __repr__(self):
        return f"LearningRateScheduler(schedule={self.schedule!r}, verbose={self.verbose})"


def _in_notebook() -> bool:
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and type(shell).__name__ == "ZMQInteractiveShell"


class ProgressBar(Callback):
    """Shows training progress: an HTML bar in a notebook, a text bar on a terminal.

    The bar shows the epoch count and the latest losses only (no timings), so a
    notebook's saved output is the same every run.
    """

    width = 30

    def __init__(self, epochs: int, stream=None):
        self.epochs = epochs
        self.stream = stream if stream is not None else sys.stderr
        self.notebook = stream is None and _in_notebook()

    def _text(self, epoch, logs):
        done = epoch + 1
        filled = int(self.width * done / self.epochs)
        figures = " - ".join(f"{k}: {v:.4f}" for k, v in logs.items())
        return f"Epoch {done}/{self.epochs} [{'=' * filled}{'.' * (self.width - filled)}] {figures}"

    def on_train_begin(self, model):
        self._handle = None
        self._last_epoch = -1

    def on_epoch_end(self, model, epoch, logs):
        self._last_epoch = epoch
        self._logs = logs
        step = max(1, self.epochs // 50)  # about 50 refreshes a run
        if (epoch + 1) % step and epoch + 1 != self.epochs:
            return
        if self.notebook:
            from IPython.display import HTML, display
            figures = ", ".join(f"{k} {v:.4f}" for k, v in logs.items())
            html = HTML(f'<progress value="{epoch + 1}" max="{self.epochs}" style="width:40%"></progress> '
                        f'<code>epoch {epoch + 1}/{self.epochs}: {figures}</code>')
            if self._handle is None:
                self._handle = display(html, display_id=True)
            else:
                self._handle.update(html)
        else:
            self.stream.write("\r" + self._text(epoch, logs))
            self.stream.flush()

    def on_train_end(self, model):
        if not self.notebook and self._last_epoch >= 0:
            if self._last_epoch + 1 != self.epochs:  # stopped early: show where
                self.stream.write("\r" + self._text(self._last_epoch, self._logs))
            self.stream.write("\n")
            self.stream.flush()
