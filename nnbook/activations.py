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
from ._validation import check_positive, lookup


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


class ELU(Activation):
    """Exponential linear unit (Clevert et al., 2016), Keras's ``elu``.

    g(z) = z for z > 0 and alpha (exp(z) - 1) otherwise;  g'(z) = 1 for z > 0 and alpha exp(z) otherwise.

    Like leaky ReLU it keeps a gradient for negative inputs, but it bends smoothly
    towards -alpha instead of falling in a straight line. ``alpha`` defaults to 1.0,
    as in Keras; ``exp`` is evaluated on min(z, 0), so large positive z never overflows.

    >>> import numpy as np, nnbook as nb
    >>> nb.ELU()(np.array([-1.0, 0.0, 2.0])).round(4).tolist()
    [-0.6321, 0.0, 2.0]
    """

    name = "elu"
    output_range = "(-alpha, inf)"

    def __init__(self, alpha: float = 1.0):
        self.alpha = check_positive(alpha, "ELU alpha", hint=" The default, as in Keras, is alpha=1.0.")

    def forward(self, z):
        return np.where(z > 0, z, self.alpha * np.expm1(np.minimum(z, 0)))

    def derivative(self, z):
        return np.where(z > 0, 1.0, self.alpha * np.exp(np.minimum(z, 0)))

    def __repr__(self):
        return f"ELU(alpha={self.alpha})"


class GELU(Activation):
    """Gaussian error linear unit (Hendrycks and Gimpel, 2016), Keras's ``gelu``.

    The input is weighted by the probability Φ(z) that a standard normal variable is below it:

        g(z) = z Φ(z) = z (1 + erf(z / √2)) / 2,      g'(z) = Φ(z) + z φ(z),

    with φ(z) = exp(-z²/2) / √(2π) the standard normal density. With
    ``approximate=True`` the tanh form used by BERT and GPT-2 replaces Φ:

        g(z) = z (1 + tanh(u)) / 2,   u = √(2/π) (z + 0.044715 z³),
        g'(z) = (1 + tanh(u)) / 2 + z (1 - tanh(u)²) √(2/π) (1 + 3·0.044715 z²) / 2.

    Keras's default is ``approximate=False`` (the erf form, computed with
    ``scipy.special.erf``); the two differ by less than 1e-3.

    >>> import numpy as np, nnbook as nb
    >>> nb.GELU()(np.array([-1.0, 0.0, 1.0])).round(4).tolist()
    [-0.1587, 0.0, 0.8413]
    >>> nb.GELU(approximate=True)(np.array([-1.0, 0.0, 1.0])).round(4).tolist()
    [-0.1588, 0.0, 0.8412]
    """

    name = "gelu"
    output_range = "[-0.170, inf)"  # the minimum, -0.16997 at z = -0.7518, is reached
    _TANH_C = 0.044715

    def __init__(self, approximate: bool = False):
        if not isinstance(approximate, (bool, np.bool_)):
            raise TypeError(f"GELU approximate expected True or False; received {approximate!r}.")
        self.approximate = bool(approximate)

    def _tanh_u(self, z):
        return np.tanh(np.sqrt(2.0 / np.pi) * (z + self._TANH_C * z ** 3))

    def forward(self, z):
        if self.approximate:
            return 0.5 * z * (1.0 + self._tanh_u(z))
        from scipy.special import erf
        return 0.5 * z * (1.0 + erf(z / np.sqrt(2.0)))

    def derivative(self, z):
        if self.approximate:
            t = self._tanh_u(z)
            du = np.sqrt(2.0 / np.pi) * (1.0 + 3.0 * self._TANH_C * z ** 2)
            return 0.5 * (1.0 + t) + 0.5 * z * (1.0 - t * t) * du
        from scipy.special import erf
        cdf = 0.5 * (1.0 + erf(z / np.sqrt(2.0)))
        pdf = np.exp(-0.5 * z * z) / np.sqrt(2.0 * np.pi)
        return cdf + z * pdf

    def __repr__(self):
        return "GELU(approximate=True)" if self.approximate else "GELU()"


class SiLU(Activation):
    """Sigmoid linear unit, also called swish (Ramachandran et al., 2017), Keras's ``silu``/``swish``.

        g(z) = z σ(z),      g'(z) = σ(z) (1 + z (1 - σ(z))).

    It is smooth, dips slightly below zero (minimum about -0.278 near z = -1.28)
    and approaches ReLU for large ``|z|``. The name ``'swish'`` gives the same class.

    >>> import numpy as np, nnbook as nb
    >>> nb.SiLU()(np.array([-1.0, 0.0, 1.0])).round(4).tolist()
    [-0.2689, 0.0, 0.7311]
    """

    name = "silu"
    output_range = "[-0.278, inf)"  # the minimum, -0.27846 at z = -1.2785, is reached

    def forward(self, z):
        return z * Sigmoid().forward(z)

    def derivative(self, z):
        s = Sigmoid().forward(z)
        return s * (1.0 + z * (1.0 - s))


class Softplus(Activation):
    """g(z) = log(1 + exp(z)), a smooth ReLU; g'(z) = σ(z), the sigmoid.

    Computed as max(z, 0) + log1p(exp(-abs(z))), which equals log(1 + exp(z)) but
    never overflows (for z = 1000 it returns 1000, not inf).

    >>> import numpy as np, nnbook as nb
    >>> nb.Softplus()(np.array([-1000.0, 0.0, 1000.0])).round(4).tolist()
    [0.0, 0.6931, 1000.0]
    """

    name = "softplus"
    output_range = "(0, inf)"

    def forward(self, z):
        return np.maximum(z, 0) + np.log1p(np.exp(-np.abs(z)))

    def derivative(self, z):
        return Sigmoid().forward(z)


ACTIVATIONS = {
    "linear": Linear,
    "sigmoid": Sigmoid,
    "tanh": Tanh,
    "relu": ReLU,
    "leaky_relu": LeakyReLU,
    "selu": SELU,
    "softmax": Softmax,
    "elu": ELU,
    "gelu": GELU,
    "silu": SiLU,
    "swish": SiLU,  # Keras's other name for silu
    "softplus": Softplus,
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
