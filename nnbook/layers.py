"""Layers: ``Dense`` (fully connected), ``Dropout`` and ``BatchNormalization``.

Batch-first: a layer receives ``X`` of shape (n_samples, n_inputs) and returns
an array of shape (n_samples, units). A dense layer computes (book notation)

    Z = X W + b,    A = g(Z)

with W of shape (n_inputs, units) and b of shape (units,). Its backward pass
receives dC/dA and returns dC/dX, storing dC/dW and dC/db on the way:

    dC/dZ = dC/dA ⊙ g'(Z),   dC/dW = Xᵀ dC/dZ,   dC/db = sum over rows of dC/dZ,   dC/dX = dC/dZ Wᵀ

A layer's arrays come in two kinds, as in Keras: *trainable* ones, which the
optimizer updates from their gradients (:meth:`Layer.params`, such as W and b),
and *non-trainable* ones, which the layer updates itself and the optimizer never
touches (:meth:`Layer.non_trainable_params`, such as the moving mean and
variance of :class:`BatchNormalization`). ``get_weights``, ``set_weights`` and
``count_params`` cover both kinds; the optimizer sees only the first.
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
        """Trainable arrays, in Keras order (kernel, then bias): the ones the optimizer updates."""
        return []

    def grads(self) -> list[np.ndarray]:
        """Gradients of the cost, aligned with :meth:`params` (valid after :meth:`backward`)."""
        return []

    def non_trainable_params(self) -> list[np.ndarray]:
        """Arrays the layer keeps and updates itself, never the optimizer (none for most layers)."""
        return []

    def weight_names(self) -> list[str]:
        """Names of the arrays in ``weights``, in the same order (the model numbers them, e.g. ``'W1'``):
        the attributes listed in ``state_arrays`` that the layer holds."""
        return [name for name in self.state_arrays if getattr(self, name, None) is not None]

    @property
    def trainable_weights(self) -> list[np.ndarray]:
        """Keras's name for the trainable arrays, the same list as :meth:`params`."""
        return self.params()

    @property
    def non_trainable_weights(self) -> list[np.ndarray]:
        """Keras's name for the non-trainable arrays, the same list as :meth:`non_trainable_params`."""
        return self.non_trainable_params()

    @property
    def weights(self) -> list[np.ndarray]:
        """Every array of the layer, trainable first, in the order of ``get_weights`` (as Keras)."""
        return self.params() + self.non_trainable_params()

    def penalty(self) -> float:
        """The regularization penalty this layer adds to the cost."""
        return 0.0

    def count_params(self) -> int:
        """The number of numbers in :attr:`weights`, trainable or not (Keras counts both too)."""
        return int(sum(p.size for p in self.weights))


def _input_shape(input_shape, kind: str):
    """Check an optional ``input_shape=(n_features,)`` and return it as a tuple of one int (or None)."""
    if input_shape is None:
        return None
    shape = tuple(input_shape) if np.iterable(input_shape) else (input_shape,)
    if len(shape) != 1:
        raise ValueError(f"{kind} input_shape expected (n_features,); received {input_shape!r}. "
                         "Flatten images to one row of pixels per sample first.")
    return (check_positive(shape[0], "input_shape[0]", integer=True),)


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
        self.input_shape = _input_shape(input_shape, "Dense")
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


class BatchNormalization(Layer):
    """Batch normalization (Ioffe and Szegedy, 2015), with the names, defaults and formulas of Keras's
    ``keras.layers.BatchNormalization`` for batch-first 2-D inputs.

    Each of the d input columns (units) is normalized separately. In training
    (``fit``, or ``model(X, training=True)``) with the batch's mean and biased variance,

        μ_j = (1/n) Σ_i x_ij,    σ²_j = (1/n) Σ_i (x_ij - μ_j)²,
        x̂_ij = (x_ij - μ_j) / √(σ²_j + ε),    out_ij = γ_j x̂_ij + β_j,

    and the layer updates its moving statistics once per call (each training batch):

        moving_mean ← moving_mean · momentum + μ · (1 - momentum)
        moving_variance ← moving_variance · momentum + σ² · (1 - momentum)

    At prediction (``predict``, ``evaluate``, ``model(X)``) the moving statistics
    replace μ and σ², so each example's output no longer depends on the rest of its batch.

    Parameters (Keras's, keyword-only): ``momentum=0.99``, ``epsilon=1e-3``;
    ``center=True`` learns the shift β and ``scale=True`` the scale γ; with
    False the layer has no β (β = 0) or no γ (γ = 1), as in Keras (whose advice is
    that γ can go when the next layer is linear, since that layer rescales anyway);
    ``beta_initializer='zeros'``, ``gamma_initializer='ones'``,
    ``moving_mean_initializer='zeros'``, ``moving_variance_initializer='ones'``;
    ``axis=-1`` (the features: the only axis a 2-D batch-first layer can normalize).

    Weights, in Keras order: γ, β (trainable, updated by the optimizer, absent when
    ``scale``/``center`` is False), then moving_mean, moving_variance
    (non-trainable: the optimizer never touches them). ``count_params`` counts
    all four arrays, 4d numbers, as Keras does; ``summary`` splits them into
    trainable and non-trainable.

    Backward pass (training mode), with g = dC/dout and ĝ = g ⊙ γ:

        dC/dγ_j = Σ_i g_ij x̂_ij,    dC/dβ_j = Σ_i g_ij,
        dC/dx_ij = (ĝ_ij - mean_i ĝ_ij - x̂_ij · mean_i(ĝ_ij x̂_ij)) / √(σ²_j + ε),

    the full gradient, which accounts for μ and σ² depending on every row of the
    batch. In inference mode the layer is a fixed affine map, dC/dx = ĝ / √(moving_variance + ε).
    A training batch of one row has σ² = 0 and outputs β.

    >>> import numpy as np, nnbook as nb
    >>> bn = nb.BatchNormalization()
    >>> bn.build(2, np.random.default_rng(0))
    >>> X = np.array([[1.0, 10.0], [3.0, 30.0]])
    >>> bn.forward(X, training=True).round(4).tolist()   # batch mean (2, 20), variance (1, 100)
    [[-0.9995, -1.0], [0.9995, 1.0]]
    >>> bn.moving_mean.round(6).tolist()        # 0.99 (0, 0) + 0.01 (2, 20)
    [0.02, 0.2]
    >>> bn.moving_variance.round(6).tolist()    # 0.99 (1, 1) + 0.01 (1, 100)
    [1.0, 1.99]
    >>> bn.forward(X, training=False).round(4).tolist()  # (x - moving_mean) / sqrt(moving_variance + 0.001)
    [[0.9795, 6.9453], [2.9785, 21.1194]]
    """

    state_arrays = ("gamma", "beta", "moving_mean", "moving_variance")

    def __init__(self, *, axis: int = -1, momentum: float = 0.99, epsilon: float = 1e-3, center: bool = True,
                 scale: bool = True, beta_initializer="zeros", gamma_initializer="ones",
                 moving_mean_initializer="zeros", moving_variance_initializer="ones", input_shape=None,
                 name: str | None = None):
        super().__init__(name)
        if axis not in (-1, 1) or isinstance(axis, bool):
            raise ValueError(f"BatchNormalization axis expected -1 (the features of a batch-first 2-D input); "
                             f"received {axis!r}. nnbook's layers take X of shape (n_samples, n_features).")
        self.axis = int(axis)
        self.momentum = check_fraction(momentum, "BatchNormalization momentum")
        self.epsilon = check_positive(epsilon, "BatchNormalization epsilon",
                                      hint=" It keeps the division defined when a unit's variance is 0; "
                                           "Keras's default is 1e-3.")
        for flag, label in ((center, "center"), (scale, "scale")):
            if not isinstance(flag, (bool, np.bool_)):
                raise TypeError(f"BatchNormalization {label} expected True or False; received {flag!r}.")
        self.center, self.scale = bool(center), bool(scale)
        self.beta_initializer = initializers.get(beta_initializer)
        self.gamma_initializer = initializers.get(gamma_initializer)
        self.moving_mean_initializer = initializers.get(moving_mean_initializer)
        self.moving_variance_initializer = initializers.get(moving_variance_initializer)
        self.input_shape = _input_shape(input_shape, "BatchNormalization")
        self.gamma = self.beta = self.moving_mean = self.moving_variance = None
        self.dgamma = self.dbeta = None

    def build(self, n_inputs, rng, dtype=np.float64):
        super().build(n_inputs, rng, dtype)
        shape = (self.n_inputs,)
        self.gamma = self.gamma_initializer(shape, rng, dtype) if self.scale else None
        self.beta = self.beta_initializer(shape, rng, dtype) if self.center else None
        self.moving_mean = self.moving_mean_initializer(shape, rng, dtype)
        self.moving_variance = self.moving_variance_initializer(shape, rng, dtype)

    def forward(self, X, training=False):
        if X.shape[1] != self.n_inputs:
            raise ValueError(f"{self.describe()} expected {self.n_inputs} input features; "
                             f"received X with shape {X.shape}.")
        if training:
            mean = X.sum(axis=0) / len(X)
            centered = X - mean
            var = (centered * centered).sum(axis=0) / len(X)  # divided by n (biased), as Keras
            m = self.momentum
            self.moving_mean *= m                 # moving <- moving * momentum + batch * (1 - momentum)
            self.moving_mean += mean * (1.0 - m)
            self.moving_variance *= m
            self.moving_variance += var * (1.0 - m)
        else:
            centered, var = X - self.moving_mean, self.moving_variance
        inv_std = 1.0 / np.sqrt(var + self.epsilon)
        X_hat = centered * inv_std
        out = X_hat * self.gamma if self.gamma is not None else X_hat.copy()
        if self.beta is not None:
            out += self.beta
        self._X_hat, self._inv_std, self._training = X_hat, inv_std, bool(training)  # kept for backward
        return out

    def backward(self, grad_out, *, need_input_grad: bool = True):
        """Receive dC/dout, store dC/dγ and dC/dβ, and return dC/dX (None if not needed)."""
        X_hat = self._X_hat
        sum_g = grad_out.sum(axis=0)                   # Σ_i g_ij  (= dC/dβ)
        sum_gx = np.sum(grad_out * X_hat, axis=0)      # Σ_i g_ij x̂_ij  (= dC/dγ)
        self.dgamma = sum_gx if self.gamma is not None else None
        self.dbeta = sum_g if self.beta is not None else None
        if not need_input_grad:
            return None
        col = self._inv_std if self.gamma is None else self.gamma * self._inv_std  # γ_j / √(σ²_j + ε)
        if not self._training:  # fixed statistics: a per-column affine map
            return grad_out * col
        # ĝ = g γ, so mean_i ĝ = γ Σ_i g / n and mean_i(ĝ x̂) = γ Σ_i g x̂ / n: the formula of the docstring
        n = len(grad_out)
        return (grad_out - (sum_g / n + X_hat * (sum_gx / n))) * col

    def params(self):
        return [p for p in (self.gamma, self.beta) if p is not None]

    def grads(self):
        return [g for g in (self.dgamma, self.dbeta) if g is not None]

    def non_trainable_params(self):
        return [self.moving_mean, self.moving_variance] if self.built else []

    def describe(self):
        return "BatchNormalization()" if self.name is None else f"BatchNormalization(name={self.name!r})"

    def __repr__(self):
        defaults = {"momentum": 0.99, "epsilon": 1e-3, "center": True, "scale": True}
        parts = [f"{key}={getattr(self, key)!r}" for key, default in defaults.items()
                 if getattr(self, key) != default]
        return f"BatchNormalization({', '.join(parts)})"


#: The layer classes by name, the only ones that ``load_model`` rebuilds layers from.
LAYERS = {"dense": Dense, "dropout": Dropout, "batch_normalization": BatchNormalization}
