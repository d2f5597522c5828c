"""Gradient checking: compare backpropagation with finite differences.

For a parameter entry w, the central difference

    dC/dw ≈ (C(w + eps) - C(w - eps)) / (2 eps)

has an error of order eps², so with eps = 1e-5 in float64 it agrees with a
correct analytic gradient to about 1e-8 or better (relative). For each
parameter array the check reports the relative error

    ||g_backprop - g_numeric|| / (||g_backprop|| + ||g_numeric||)

Rules of thumb: below 1e-7 the backward pass is right; around 1e-4 look for a
kink (ReLU at 0, MAE at 0, a clipped probability) before suspecting a bug;
above 1e-2 something is wrong.
"""
from __future__ import annotations

import numpy as np


class GradientCheckResult(dict):
    """Mapping parameter name (``'W1'``, ``'b1'``, ...) -> relative error, with ``worst`` and a table."""

    @property
    def worst(self) -> float:
        return max(self.values()) if self else 0.0

    def passed(self, tolerance: float = 1e-6) -> bool:
        return self.worst < tolerance

    def __repr__(self):
        rows = [f"{name:>4}: {err:.2e}" for name, err in self.items()]
        return "GradientCheckResult(\n  " + "\n  ".join(rows) + f"\n  worst: {self.worst:.2e}\n)"


def relative_error(a, b) -> float:
    """||a - b|| / (||a|| + ||b||), and 0 where both are zero."""
    a, b = np.ravel(a), np.ravel(b)
    den = np.linalg.norm(a) + np.linalg.norm(b)
    return 0.0 if den == 0 else float(np.linalg.norm(a - b) / den)


def numerical_gradient(f, x: np.ndarray, epsilon: float = 1e-5) -> np.ndarray:
    """Central-difference gradient of the scalar function ``f()`` with respect to the
    array ``x``, which ``f`` reads; ``x`` is perturbed in place and restored."""
    grad = np.zeros_like(x, dtype=float)
    flat = x.reshape(-1)
    for i in range(flat.size):
        old = flat[i]
        flat[i] = old + epsilon
        up = f()
        flat[i] = old - epsilon
        down = f()
        flat[i] = old
        grad.reshape(-1)[i] = (up - down) / (2 * epsilon)
    return grad


def check_gradients(model, X, y, epsilon: float = 1e-5, sample_weight=None, *,
                    training: bool = False) -> GradientCheckResult:
    """Relative error between ``model.compute_gradients(X, y)`` and central differences,
    for every trainable array (W1, b1, W2, ...; gamma2, beta2 for a BatchNormalization
    layer). Use a float64 model and a few samples: the numeric side costs two forward
    passes per weight. With ``sample_weight``, both sides use the weighted cost
    (1/n) sum_i w_i L_i + penalty.

    ``training=True`` checks the training-mode pass (BatchNormalization with batch
    statistics, whose full backward pass is the one ``fit`` uses). It needs a
    deterministic cost, so no active Dropout; the moving statistics the extra forward
    passes update are restored afterwards."""
    if model.dtype != np.float64:
        raise ValueError(f"check_gradients expected a float64 model; received dtype {model.dtype}. "
                         "float32 rounding (about 1e-7) swamps the finite differences.")
    if training:
        noisy = [layer for layer in model.layers if getattr(layer, "rate", 0.0) > 0]
        if noisy:
            raise ValueError(f"check_gradients(training=True) expected a deterministic cost; received a model "
                             f"with {noisy[0]!r}, which draws a new mask at every forward pass. Check without "
                             "the Dropout layers, or with training=False.")
    saved = model.get_weights() if training else None
    analytic = model.compute_gradients(X, y, sample_weight=sample_weight, training=training)
    result = GradientCheckResult()
    names = model._weight_names(trainable_only=True)
    for name, param, grad in zip(names, model._params(), analytic):
        numeric = numerical_gradient(lambda: model.cost(X, y, sample_weight=sample_weight, training=training),
                                     param, epsilon)
        result[name] = relative_error(grad, numeric)
    if saved is not None:
        model.set_weights(saved)
    return result
