"""Layers: ``Dense`` (fully connected) and ``Dropout``.

Batch-first: a layer receives ``X`` of shape (n_samples, n_inputs) and returns
an array of shape (n_samples, units). A dense layer computes (book notation)

    Z = X W + b,    A = g(Z)

with W of shape (n_inputs, units) and b of shape (units,). Its backward pass
receives dC/dA and returns dC/dX, storing dC/dW and dC/db on the way:

    dC/dZ = dC/dA ⊙ g'(Z),   dC/dW = Xᵀ dC/dZ,   dC/db = sum over rows of dC/dZ,   dC/dX = dC/dZ Wᵀ
"""
from __future__ import annotations

import numpy as np

from . import activations, initializers, regularizers
from ._config import Configurable
from ._validation import check_fraction, check_positive


class Layer(Configurable):
    """Base class. A layer is built (its weights created) once it knows its input size."""

    #: names of the attributes holding the layer's arrays (trainable or not), which
    #: ``model.save`` stores and ``load_model`` restores; None entries are skipped
    state_arrays: tuple[str, ...] = ()

    def __init__(self, name: str | None = None):
        self.name = name
        self.n_inputs: int | None = None

    @property
    def built(self) -> bool:
        return self.n_inputs is not None

    def build(self, n_inputs: int, rng: np.random.Generator, dtype=np.float64) -> None:
        self.n_inputs = int(n_inputs)

    def output_units(self, n_inputs: int) -> int:
        return n_inputs

    def forward(self, X: np.ndarray, training: bool = False) -> np.ndarray:
        raise NotImplementedError

    def backward(self, grad_out: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def params(self) -> list[np.ndarray]:
        """Trainable arrays, in Keras order (kernel, then bias)."""
        return []

    def grads(self) -> list[np.ndarray]:
        """Gradients of the cost, aligned with :meth:`params` (valid after :meth:`backward`)."""
        return []

    def penalty(self) -> float:
        """The regularization penalty this layer adds to the cost."""
        return 0.0

    def count_params(self) -> int:
        return int(sum(p.size for p in self.params()))


class Dense(Layer):
    """A fully connected layer: every input is connected to every unit.

    Parameters
    ----------
    units : number of units (neurons) in the layer.
    activation : name (``'relu'``, ``'sigmoid'``, ...), an Activation object, or None for linear.
    kernel_initializer, bias_initializer : names or Initializer objects.
    kernel_regularizer : None, ``L1``/``L2``/``L1L2`` object, or a name.
    input_shape : optional ``(n_features,)``, for the first layer, so the model can be
        built (and summarised) before seeing data.
    """

    state_arrays = ("W", "b")

    def __init__(self, units: int, activation=None, *, kernel_initializer="glorot_uniform",
                 bias_initializer="zeros", kernel_regularizer=None, use_bias: bool = True,
                 input_shape=None, name: str | None = None):
        super().__init__(name)
        self.units = check_positive(units, "Dense units", integer=True,
                                    hint=" Give the number of neurons in the layer, e.g. Dense(16).")
        self.activation = activations.get(activation)
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.use_bias = bool(use_bias)
        if input_shape is not None:
            shape = tuple(input_shape) if np.iterable(input_shape) else (input_shape,)
            if len(shape) != 1:
                raise ValueError(f"Dense input_shape expected (n_features,); received {input_shape!r}. "
                                 "Flatten images to one row of pixels per sample first.")
            check_positive(shape[0], "input_shape[0]", integer=True)
        self.input_shape = (int(shape[0]),) if input_shape is not None else None
        self.W: np.ndarray | None = None
        self.b: np.ndarray | None = None
        self.dW: np.ndarray | None = None
        self.db: np.ndarray | None = None

    def build(self, n_inputs, rng, dtype=np.float64):
        super().build(n_inputs, rng, dtype)
        self.W = self.kernel_initializer((self.n_inputs, self.units), rng, dtype)
        self.b = self.bias_initializer((self.units,), rng, dtype) if self.use_bias else None

    def output_units(self, n_inputs):
        return self.units

    def forward(self, X, training=False):
        if X.shape[1] != self.n_inputs:
            raise ValueError(f"{self.describe()} expected {self.n_inputs} input features; "
                             f"received X with shape {X.shape}.")
        Z = X @ self.W                      # (n, n_inputs) @ (n_inputs, units)
        if self.b is not None:
            Z += self.b                      # b broadcasts over the rows
        A = self.activation.forward(Z)
        self._X, self._Z, self._A = X, Z, A  # kept for backward
        return A

    def backward(self, grad_out, *, grad_is_dz: bool = False, need_input_grad: bool = True):
        """Receive dC/dA (or dC/dZ if ``grad_is_dz``, the fused output case) and return dC/dX.

        The first layer of a network passes ``need_input_grad=False``: nothing
        upstream needs dC/dX, so that matrix product is skipped (None is returned).
        """
        dZ = grad_out if grad_is_dz else self.activation.backward(self._Z, self._A, grad_out)
        self.dW = self._X.T @ dZ
        if self.kernel_regularizer is not None:
            self.dW += self.kernel_regularizer.gradient(self.W)
        self.db = dZ.sum(axis=0) if self.b is not None else None
        return dZ @ self.W.T if need_input_grad else None

    def params(self):
        return [p for p in (self.W, self.b) if p is not None]

    def grads(self):
        return [g for g in (self.dW, self.db) if g is not None]

    def penalty(self):
        return self.kernel_regularizer.penalty(self.W) if self.kernel_regularizer is not None else 0.0

    def describe(self) -> str:
        return f"Dense({self.units})" if self.name is None else f"Dense({self.units}, name={self.name!r})"

    def __repr__(self):
        parts = [str(self.units)]
        if self.activation.name != "linear":
            parts.append(f"activation={self.activation.name!r}")
        if self.kernel_regularizer is not None:
            parts.append(f"kernel_regularizer={self.kernel_regularizer!r}")
        return f"Dense({', '.join(parts)})"


class Dropout(Layer):
    """Inverted dropout: during training, zero each input with probability ``rate``
    and scale the survivors by 1 / (1 - rate), so that the expected value is
    unchanged and nothing needs rescaling at prediction time. Outside training
    the layer passes its input through untouched (Srivastava et al., 2014).
    """

    def __init__(self, rate: float, name: str | None = None):
        super().__init__(name)
        self.rate = check_fraction(rate, "Dropout rate")
        self._rng: np.random.Generator | None = None

    def build(self, n_inputs, rng, dtype=np.float64):
        super().build(n_inputs, rng, dtype)
        self._rng = rng

    def forward(self, X, training=False):
        if not training or self.rate == 0.0:
            self._mask = None
            return X
        keep = 1.0 - self.rate
        self._mask = (self._rng.random(X.shape) < keep).astype(X.dtype) / keep
        return X * self._mask

    def backward(self, grad_out, *, need_input_grad: bool = True):
        if not need_input_grad:
            return None
        return grad_out if self._mask is None else grad_out * self._mask

    def describe(self):
        return f"Dropout({self.rate:g})"

    def __repr__(self):
        return f"Dropout({self.rate:g})"


#: The layer classes by name, the only ones that ``load_model`` rebuilds layers from.
LAYERS = {"dense": Dense, "dropout": Dropout}
