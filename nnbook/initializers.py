"""Weight initialization: how a layer's weights are drawn before training.

Weights must not all start equal (every unit would then learn the same thing),
and their spread must suit the layer's size so that signals neither blow up nor
die out from layer to layer. ``fan_in`` is the number of inputs of the layer and
``fan_out`` the number of units.

- Glorot/Xavier (Glorot & Bengio, 2010): variance 2 / (fan_in + fan_out), for tanh and sigmoid.
- He (He et al., 2015): variance 2 / fan_in, for ReLU.
- LeCun: variance 1 / fan_in, for SELU.

The normal variants draw from a plain normal distribution (Keras truncates it
at two standard deviations; the difference is small and not taught here).
"""
from __future__ import annotations

import numpy as np

from ._config import Configurable
from ._validation import lookup


class Initializer(Configurable):
    """Base class: ``init(shape, rng, dtype)`` returns a new array."""

    def __call__(self, shape, rng: np.random.Generator, dtype=np.float64) -> np.ndarray:
        fan_in, fan_out = (shape[0], shape[1]) if len(shape) == 2 else (shape[0], shape[0])
        return self.sample(tuple(shape), fan_in, fan_out, rng).astype(dtype, copy=False)

    def sample(self, shape, fan_in, fan_out, rng):
        raise NotImplementedError

    def __repr__(self):
        return f"{type(self).__name__}()"


class _Uniform(Initializer):
    def sample(self, shape, fan_in, fan_out, rng):
        limit = np.sqrt(3.0 * self.variance(fan_in, fan_out))  # a uniform on [-l, l] has variance l²/3
        return rng.uniform(-limit, limit, size=shape)


class _Normal(Initializer):
    def sample(self, shape, fan_in, fan_out, rng):
        return rng.normal(0.0, np.sqrt(self.variance(fan_in, fan_out)), size=shape)


class GlorotUniform(_Uniform):
    """Uniform on [-l, l] with l = sqrt(6 / (fan_in + fan_out))."""

    def variance(self, fan_in, fan_out):
        return 2.0 / (fan_in + fan_out)


class GlorotNormal(_Normal):
    """Normal with standard deviation sqrt(2 / (fan_in + fan_out))."""

    def variance(self, fan_in, fan_out):
        return 2.0 / (fan_in + fan_out)


class HeUniform(_Uniform):
    """Uniform on [-l, l] with l = sqrt(6 / fan_in)."""

    def variance(self, fan_in, fan_out):
        return 2.0 / fan_in


class HeNormal(_Normal):
    """Normal with standard deviation sqrt(2 / fan_in)."""

    def variance(self, fan_in, fan_out):
        return 2.0 / fan_in


class LeCunUniform(_Uniform):
    """Uniform on [-l, l] with l = sqrt(3 / fan_in)."""

    def variance(self, fan_in, fan_out):
        return 1.0 / fan_in


class LeCunNormal(_Normal):
    """Normal with standard deviation sqrt(1 / fan_in)."""

    def variance(self, fan_in, fan_out):
        return 1.0 / fan_in


class Constant(Initializer):
    """Every entry equal to ``value``. Fine for biases; for weights it makes all units identical."""

    def __init__(self, value: float = 0.0):
        self.value = float(value)

    def sample(self, shape, fan_in, fan_out, rng):
        return np.full(shape, self.value)

    def __repr__(self):
        return f"Constant({self.value})"


class Zeros(Constant):
    """All zeros: the usual bias initializer."""

    def __init__(self):
        super().__init__(0.0)

    def __repr__(self):
        return "Zeros()"


class Ones(Constant):
    """All ones."""

    def __init__(self):
        super().__init__(1.0)

    def __repr__(self):
        return "Ones()"


INITIALIZERS = {
    "glorot_uniform": GlorotUniform, "xavier_uniform": GlorotUniform,
    "glorot_normal": GlorotNormal, "xavier_normal": GlorotNormal,
    "he_uniform": HeUniform, "he_normal": HeNormal,
    "lecun_uniform": LeCunUniform, "lecun_normal": LeCunNormal,
    "zeros": Zeros, "ones": Ones, "constant": Constant,
}


def get(initializer) -> Initializer:
    """Return an :class:`Initializer` from a name (``'he_normal'``) or an object."""
    if isinstance(initializer, Initializer):
        return initializer
    return lookup(INITIALIZERS, initializer, "initializer")()
