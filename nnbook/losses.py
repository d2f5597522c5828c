"""Loss functions: how wrong a prediction is.

Vocabulary used throughout the book: the *loss* is the error on one example,
the *cost* is the average loss over a batch or a data set. Every class here
returns the cost when called, ``loss(y_true, y_pred)``, and the per-example
losses from :meth:`Loss.per_example`. Targets ``y_true`` and predictions
``y_pred`` are batch-first, shape (n_samples, n_outputs); a 1-D ``y_true`` is
accepted where the network has a single output.

Gradients are of the cost, so they already carry the factor 1/n (and 1/k where
a loss averages over k outputs):

=============================  =================================================  ==========================
loss                           per example                                        dC/dy_pred
=============================  =================================================  ==========================
mean squared error             (1/k) sum_j (p_j - y_j)^2                          2 (p - y) / (n k)
mean absolute error            (1/k) sum_j abs(p_j - y_j)                         sign(p - y) / (n k)
binary cross-entropy           -(1/k) sum_j [y_j log p_j + (1-y_j) log(1-p_j)]    (p - y) / (p (1-p) n k)
categorical cross-entropy      -sum_j y_j log p_j                                 -y / (p n)
=============================  =================================================  ==========================

Cross-entropies clip p to [eps, 1 - eps] (eps = 1e-7) so that log(0) never
happens. Paired with their natural output activation (sigmoid for binary,
softmax for categorical), the chain rule collapses to dC/dz = (p - y) / (n k)
or (p - y) / n: :meth:`Loss.fused_gradient` returns that simpler, exact form,
and :class:`nnbook.Sequential <nnbook.model.Sequential>` uses it automatically.

**From logits.** With ``from_logits=True`` (Keras's argument) the three
cross-entropies take the *logits* z, the output layer's weighted input, instead
of probabilities, and apply the sigmoid or softmax themselves, in a form that
never overflows and needs no clipping (z of ±1000 gives exact, finite values):

=============================  ===========================================================  ====================
loss (from logits)             per example                                                  dC/dz
=============================  ===========================================================  ====================
binary cross-entropy           (1/k) sum_j [max(z_j, 0) - z_j y_j + log1p(exp(-abs(z_j)))]  (σ(z) - y) / (n k)
categorical cross-entropy      logsumexp(z) - sum_j y_j z_j                                 (softmax(z) - y) / n
=============================  ===========================================================  ====================

(logsumexp(z) = m + log sum_j exp(z_j - m) with m = max_j z_j. The categorical
forms use that each target row sums to 1, as the targets check enforces; the code
multiplies logsumexp(z) and softmax(z) by the row sum, so it stays the exact
cross-entropy and its exact gradient.)
The network's last layer is then linear, ``Dense(k)``, and ``predict`` returns logits.
"""
from __future__ import annotations

import numpy as np

from ._config import Configurable
from ._validation import check_finite, lookup
from .activations import Sigmoid, Softmax

EPSILON = 1e-7


class Loss(Configurable):
    """Base class. Subclasses implement ``_targets``, ``_per_example`` and ``_grad``."""

    name = "loss"
    #: output activation whose chain rule with this loss simplifies to (p - y); None for a loss
    #: that takes logits, whose own gradient is already dC/dz
    fused_activation: str | None = None
    #: True when the loss takes logits (see :class:`BinaryCrossentropy`); only the cross-entropies can
    from_logits = False
    #: the activation that turns logits into this loss's probabilities (for ``from_logits=True``)
    logits_activation: str | None = None

    # -- public API -------------------------------------------------------
    def __call__(self, y_true, y_pred) -> float:
        Y, P = self.prepare(y_true, y_pred)
        return float(np.mean(self._per_example(Y, P)))

    def per_example(self, y_true, y_pred) -> np.ndarray:
        """The loss of each example, shape (n_samples,)."""
        Y, P = self.prepare(y_true, y_pred)
        return self._per_example(Y, P)

    def gradient(self, y_true, y_pred) -> np.ndarray:
        """dC/dy_pred, the gradient of the cost with respect to the predictions."""
        Y, P = self.prepare(y_true, y_pred)
        return self._grad(Y, P)

    def fused_gradient(self, Y: np.ndarray, P: np.ndarray) -> np.ndarray:
        """dC/dz for the output layer's weighted input when the output activation is
        :attr:`fused_activation`: (p - y) / (n k) for binary, (p - y) / n for categorical."""
        raise NotImplementedError(f"{self.name} has no fused gradient")

    def prepare(self, y_true, y_pred):
        """Validate and convert ``(y_true, y_pred)`` to 2-D float arrays of equal shape."""
        P = np.asarray(y_pred, dtype=float)
        if P.ndim == 1:
            P = P[:, None]
        if P.ndim != 2:
            raise ValueError(f"{self.name} expected y_pred of shape (n_samples, n_outputs); received shape {P.shape}.")
        check_finite(P, "y_pred")
        return self.targets(y_true, P.shape), P

    def targets(self, y_true, shape) -> np.ndarray:
        """Check ``y_true`` against an output of ``shape`` and return it as a 2-D float array."""
        n, k = shape
        Y = np.asarray(y_true)
        if Y.dtype.kind not in "biuf":
            raise TypeError(f"{self.name} expected numeric targets; received an array of dtype {Y.dtype}.")
        if len(Y) != n:
            raise ValueError(f"{self.name} expected {n} targets (one per prediction); received {len(Y)}.")
        Y = self._targets(Y.astype(float) if Y.dtype.kind != "f" else Y, n, k)
        check_finite(Y, "y_true")
        return Y

    # -- helpers for subclasses ---------------------------------------------
    def _same_shape(self, Y, n, k):
        if Y.ndim == 1 and k == 1:
            return Y[:, None]
        if Y.shape != (n, k):
            raise ValueError(
                f"{self.name} expected targets of shape ({n}, {k}) to match the network's {k} output(s); "
                f"received shape {Y.shape}.")
        return Y

    def __repr__(self):
        return f"{type(self).__name__}(from_logits=True)" if self.from_logits else f"{type(self).__name__}()"


def _check_from_logits(value, loss_name):
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{loss_name} from_logits expected True or False; received {value!r}. "
                        "Use from_logits=True when the last layer is linear (outputs logits), "
                        "False when it ends in a sigmoid or softmax.")
    return bool(value)


def _logsumexp(Z):
    """log sum_c exp(z_c) for each row, as m + log sum_c exp(z_c - m) with m the row maximum (no overflow)."""
    m = Z.max(axis=1, keepdims=True)
    return m[:, 0] + np.log(np.exp(Z - m).sum(axis=1))


class MeanSquaredError(Loss):
    """Mean squared error, for regression with a linear output."""

    name = "mse"

    def _targets(self, Y, n, k):
        return self._same_shape(Y, n, k)

    def _per_example(self, Y, P):
        return np.mean((P - Y) ** 2, axis=1)

    def _grad(self, Y, P):
        return 2.0 * (P - Y) / P.size


class MeanAbsoluteError(Loss):
    """Mean absolute error, for regression; less sensitive to outliers than MSE."""

    name = "mae"

    def _targets(self, Y, n, k):
        return self._same_shape(Y, n, k)

    def _per_example(self, Y, P):
        return np.mean(np.abs(P - Y), axis=1)

    def _grad(self, Y, P):
        return np.sign(P - Y) / P.size


class BinaryCrossentropy(Loss):
    """Binary cross-entropy (log loss), for 0/1 targets and a sigmoid output.

    With ``from_logits=True`` it takes the logits z of a linear output layer and
    computes L = mean_j [max(z_j, 0) - z_j y_j + log1p(exp(-abs(z_j)))], which equals
    -[y log σ(z) + (1 - y) log(1 - σ(z))] without rounding σ(z) to 0 or 1; its
    gradient is (σ(z) - y) / (n k). String names (``loss='binary_crossentropy'``)
    mean the probability form, as in Keras; pass the object for logits.

    >>> import nnbook as nb
    >>> round(nb.BinaryCrossentropy()([1, 0], [0.9, 0.2]), 4)
    0.1643
    >>> round(nb.BinaryCrossentropy(from_logits=True)([1, 0], [1000.0, -3.0]), 4)
    0.0243
    """

    name = "binary_crossentropy"
    fused_activation = logits_activation = "sigmoid"

    def __init__(self, from_logits: bool = False):
        self.from_logits = _check_from_logits(from_logits, "BinaryCrossentropy")
        if self.from_logits:
            self.fused_activation = None

    def _targets(self, Y, n, k):
        Y = self._same_shape(Y, n, k)
        lo, hi = float(Y.min()), float(Y.max())
        if lo < 0 or hi > 1:
            raise ValueError(
                f"binary_crossentropy expected targets in [0, 1] (0/1 labels); received values from "
                f"{lo:g} to {hi:g}. For more than two classes use a softmax output layer with one unit "
                "per class and loss='sparse_categorical_crossentropy' (integer labels) or "
                "'categorical_crossentropy' (one-hot targets, see nnbook.one_hot).")
        return Y

    def _per_example(self, Y, P):
        if self.from_logits:  # P holds logits z
            return np.mean(np.maximum(P, 0) - P * Y + np.log1p(np.exp(-np.abs(P))), axis=1)
        P = np.clip(P, EPSILON, 1 - EPSILON)
        return -np.mean(Y * np.log(P) + (1 - Y) * np.log(1 - P), axis=1)

    def _grad(self, Y, P):
        if self.from_logits:
            return (Sigmoid().forward(P) - Y) / P.size
        inside = (P > EPSILON) & (P < 1 - EPSILON)  # the clipped loss is flat outside
        Pc = np.clip(P, EPSILON, 1 - EPSILON)
        return inside * (Pc - Y) / (Pc * (1 - Pc)) / P.size

    def fused_gradient(self, Y, P):
        return (P - Y) / P.size


class CategoricalCrossentropy(Loss):
    """Categorical cross-entropy, for one-hot targets and a softmax output.

    With ``from_logits=True`` it takes the logits z of a linear output layer and
    computes L = logsumexp(z) - sum_c y_c z_c, which equals -sum_c y_c log softmax(z)_c
    without forming log(0); its gradient is (softmax(z) - y) / n.

    >>> import nnbook as nb
    >>> round(nb.CategoricalCrossentropy(from_logits=True)([[0, 1, 0]], [[2.0, 1.0, 0.1]]), 4)
    1.417
    """

    name = "categorical_crossentropy"
    fused_activation = logits_activation = "softmax"

    def __init__(self, from_logits: bool = False):
        self.from_logits = _check_from_logits(from_logits, type(self).__name__)
        if self.from_logits:
            self.fused_activation = None

    def _targets(self, Y, n, k):
        if Y.ndim == 1:
            raise ValueError(
                f"categorical_crossentropy expected one-hot targets of shape ({n}, {k}); received a 1-D "
                f"array of shape {Y.shape} (integer labels?). Use nnbook.one_hot(y, {k}) or "
                "loss='sparse_categorical_crossentropy'.")
        Y = self._same_shape(Y, n, k)
        sums = Y.sum(axis=1)
        if Y.min() < 0 or not np.allclose(sums, 1.0, atol=1e-6):
            row = int(np.argmax(np.abs(sums - 1.0) + (Y.min(axis=1) < 0)))
            raise ValueError(
                "categorical_crossentropy expected each target row to be one-hot (or a probability "
                f"distribution: non-negative, summing to 1); row {row} is {np.round(Y[row], 4).tolist()}. "
                "Convert integer labels with nnbook.one_hot(y, n_classes).")
        return Y

    def _per_example(self, Y, P):
        if self.from_logits:  # P holds logits z: -sum_c y_c log softmax(z)_c = (sum_c y_c) lse(z) - y.z
            return Y.sum(axis=1) * _logsumexp(P) - np.sum(Y * P, axis=1)
        return -np.sum(Y * np.log(np.clip(P, EPSILON, 1 - EPSILON)), axis=1)

    def _grad(self, Y, P):
        if self.from_logits:  # the exact derivative; (softmax(z) - y) / n since each row of y sums to 1
            return (Softmax().forward(P) * Y.sum(axis=1, keepdims=True) - Y) / len(P)
        inside = (P > EPSILON) & (P < 1 - EPSILON)
        return -(inside * Y) / np.clip(P, EPSILON, 1 - EPSILON) / len(P)

    def fused_gradient(self, Y, P):
        return (P - Y) / len(P)


class SparseCategoricalCrossentropy(CategoricalCrossentropy):
    """Categorical cross-entropy taking integer class labels 0..k-1 instead of one-hot rows.

    ``from_logits=True`` works as in :class:`CategoricalCrossentropy`.

    >>> import nnbook as nb
    >>> round(nb.SparseCategoricalCrossentropy(from_logits=True)([1], [[2.0, 1.0, 0.1]]), 4)
    1.417
    """

    name = "sparse_categorical_crossentropy"

    def _targets(self, Y, n, k):
        if Y.ndim == 2 and Y.shape[1] == 1:
            Y = Y[:, 0]
        if Y.ndim != 1:
            raise ValueError(
                f"sparse_categorical_crossentropy expected integer labels of shape ({n},); received shape "
                f"{Y.shape}. For one-hot targets use loss='categorical_crossentropy'.")
        if not np.all(Y == np.round(Y)) or Y.min() < 0 or Y.max() > k - 1:
            raise ValueError(
                f"sparse_categorical_crossentropy expected integer labels from 0 to {k - 1} (the output "
                f"layer has {k} units); received values from {Y.min():g} to {Y.max():g}"
                + (" including non-integers" if not np.all(Y == np.round(Y)) else "")
                + ". Give the output layer one unit per class.")
        out = np.zeros((n, k))
        out[np.arange(n), Y.astype(int)] = 1.0
        return out


LOSSES = {
    "mse": MeanSquaredError, "mean_squared_error": MeanSquaredError,
    "mae": MeanAbsoluteError, "mean_absolute_error": MeanAbsoluteError,
    "binary_crossentropy": BinaryCrossentropy,
    "categorical_crossentropy": CategoricalCrossentropy,
    "sparse_categorical_crossentropy": SparseCategoricalCrossentropy,
}


def get(loss) -> Loss:
    """Return a :class:`Loss` from a name (``'mse'``) or an object."""
    if isinstance(loss, Loss):
        return loss
    if isinstance(loss, type) and issubclass(loss, Loss):
        return loss()
    return lookup(LOSSES, loss, "loss")()
