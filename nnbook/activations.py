"""Activation functions g(z) and their derivatives.

Each activation is a small class with the forward formula and its derivative
written side by side, so the book can show one next to the other. All of them
work element by element on a batch ``Z`` of shape (n_samples, units), except
softmax, which works row by row.

In backpropagation a layer needs dL/dz from dL/da. For element-wise functions
that is ``grad_a * g'(z)`` (book: delta = dL/da ⊙ g'(z)); softmax overrides
:meth:`Activation.backward` with its Jacobian-vector product.
"""
from __future__ import annotations

import numpy as np

from ._config import Configurable
from ._validation import lookup


class Activation(Configurable):
    """Base class: subclasses implement :meth:`forward` and :meth:`derivative`."""

    name = "activation"
    #: the interval the outputs fall in, for the book's tables
    output_range = "(-inf, inf)"

    def __call__(self, z):
        return self.forward(np.asarray(z, dtype=float) if not isinstance(z, np.ndarray) else z)

    def forward(self, z: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def derivative(self, z: np.ndarray) -> np.ndarray:
        """g'(z), element by element."""
        raise NotImplementedError

    def backward(self, z: np.ndarray, a: np.ndarray, grad_a: np.ndarray) -> np.ndarray:
        """Return dL/dz given dL/da (``a`` = g(z) is passed to avoid recomputing it)."""
        return grad_a * self.derivative(z)

    def __repr__(self):
        return f"{type(self).__name__}()"


class Linear(Activation):
    """g(z) = z. The identity: used for regression outputs."""

    name = "linear"

    def forward(self, z):
        return z.copy()  # a new array, so that a layer's z and a never alias

    def derivative(self, z):
        return np.ones_like(z)


class Sigmoid(Activation):
    """g(z) = 1 / (1 + exp(-z)), the logistic function; g'(z) = g(z) (1 - g(z)).

    Computed from ``exp(-|z|)`` so that neither branch overflows for large ``|z|``.
    """

    name = "sigmoid"
    output_range = "(0, 1)"

    def forward(self, z):
        e = np.exp(-np.abs(z))
        return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))

    def derivative(self, z):
        s = self.forward(z)
        return s * (1.0 - s)

    def backward(self, z, a, grad_a):
        return grad_a * a * (1.0 - a)


class Tanh(Activation):
    """g(z) = tanh(z); g'(z) = 1 - tanh(z)^2."""

    name = "tanh"
    output_range = "(-1, 1)"

    def forward(self, z):
        return np.tanh(z)

    def derivative(self, z):
        return 1.0 - np.tanh(z) ** 2

    def backward(self, z, a, grad_a):
        return grad_a * (1.0 - a * a)


class ReLU(Activation):
    """g(z) = max(0, z), the rectifier; g'(z) = 1 for z > 0 and 0 otherwise (0 at z = 0 by convention)."""

    name = "relu"
    output_range = "[0, inf)"

    def forward(self, z):
        return np.maximum(z, 0)

    def derivative(self, z):
        return (z > 0).astype(z.dtype if np.issubdtype(z.dtype, np.floating) else float)

    def backward(self, z, a, grad_a):
        return grad_a * (z > 0)


class LeakyReLU(Activation):
    """g(z) = z for z > 0 and alpha*z otherwise; g'(z) = 1 or alpha.

    ``alpha`` (default 0.01) keeps a small slope for negative inputs, so a unit
    whose weighted input is negative still receives a gradient.
    """

    name = "leaky_relu"

    def __init__(self, alpha: float = 0.01):
        if not 0 <= alpha < 1:
            raise ValueError(f"LeakyReLU alpha expected a number in [0, 1); received {alpha!r}.")
        self.alpha = float(alpha)

    def forward(self, z):
        return np.where(z > 0, z, self.alpha * z)

    def derivative(self, z):
        return np.where(z > 0, 1.0, self.alpha).astype(z.dtype if np.issubdtype(z.dtype, np.floating) else float)

    def __repr__(self):
        return f"LeakyReLU(alpha={self.alpha})"


class SELU(Activation):
    """Scaled exponential linear unit (Klambauer et al., 2017).

    g(z) = scale * z for z > 0 and scale * alpha * (exp(z) - 1) otherwise, with
    the constants below chosen so that activations keep zero mean and unit
    variance through many layers (with LeCun-normal initialization).
    """

    name = "selu"
    output_range = "(-1.758, inf)"
    alpha = 1.6732632423543772
    scale = 1.0507009873554805

    def forward(self, z):
        return self.scale * np.where(z > 0, z, self.alpha * np.expm1(np.minimum(z, 0)))

    def derivative(self, z):
        return self.scale * np.where(z > 0, 1.0, self.alpha * np.exp(np.minimum(z, 0)))


class Softmax(Activation):
    """softmax(z)_k = exp(z_k) / sum_j exp(z_j), row by row.

    Each row of the output is a probability distribution over the classes. The
    row maximum is subtracted first: this changes nothing mathematically and
    keeps exp from overflowing. Softmax is not element-wise, so
    :meth:`derivative` (the diagonal of the Jacobian) is not what backprop uses;
    :meth:`backward` applies the full Jacobian: dL/dz = a ⊙ (dL/da - sum_k a_k dL/da_k).
    """

    name = "softmax"
    output_range = "(0, 1), rows sum to 1"

    def forward(self, z):
        shifted = z - z.max(axis=-1, keepdims=True)
        e = np.exp(shifted)
        return e / e.sum(axis=-1, keepdims=True)

    def derivative(self, z):
        a = self.forward(z)
        return a * (1.0 - a)

    def backward(self, z, a, grad_a):
        return a * (grad_a - np.sum(grad_a * a, axis=-1, keepdims=True))


ACTIVATIONS = {
    "linear": Linear,
    "sigmoid": Sigmoid,
    "tanh": Tanh,
    "relu": ReLU,
    "leaky_relu": LeakyReLU,
    "selu": SELU,
    "softmax": Softmax,
}


def get(activation) -> Activation:
    """Return an :class:`Activation` from a name (``'relu'``), an object, or None (linear)."""
    if activation is None:
        return Linear()
    if isinstance(activation, Activation):
        return activation
    if isinstance(activation, type) and issubclass(activation, Activation):
        return activation()
    return lookup(ACTIVATIONS, activation, "activation")()
