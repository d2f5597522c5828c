"""Weight penalties added to the cost (Keras semantics).

A regularizer on a layer's kernel W adds a penalty to the cost that training
minimises, and its gradient to dC/dW:

- ``L1(l1)``: penalty l1 * sum|W|, gradient l1 * sign(W). Pushes weights to exactly 0 (sparsity).
- ``L2(l2)``: penalty l2 * sum W², gradient 2 * l2 * W. Shrinks every weight
  in proportion to its size ("weight decay").
- ``L1L2(l1, l2)``: both.

Biases are not penalised: a bias shifts a unit's input and does not make the
function more wiggly. Note the penalty is not divided by the batch size, as in Keras.
"""
from __future__ import annotations

import numpy as np

from ._config import Configurable
from ._validation import lookup


class Regularizer(Configurable):
    """Base class for weight penalties."""

    def __init__(self, l1: float = 0.0, l2: float = 0.0):
        for name, value in (("l1", l1), ("l2", l2)):
            if isinstance(value, bool) or not isinstance(value, (int, float, np.number)) or not value >= 0:
                raise ValueError(f"{type(self).__name__} {name} expected a non-negative number; received {value!r}.")
        self.l1 = float(l1)
        self.l2 = float(l2)

    def penalty(self, W: np.ndarray) -> float:
        """The amount added to the cost."""
        out = 0.0
        if self.l1:
            out += self.l1 * float(np.sum(np.abs(W)))
        if self.l2:
            out += self.l2 * float(np.sum(W * W))
        return out

    def gradient(self, W: np.ndarray) -> np.ndarray:
        """d(penalty)/dW, added to the kernel's gradient in backprop."""
        grad = np.zeros_like(W)
        if self.l1:
            grad += self.l1 * np.sign(W)
        if self.l2:
            grad += 2.0 * self.l2 * W
        return grad

    def __call__(self, W):
        return self.penalty(W)


class L1(Regularizer):
    """L1 (lasso) penalty l1 * sum|W|."""

    def __init__(self, l1: float = 0.01):
        super().__init__(l1=l1)

    def __repr__(self):
        return f"L1(l1={self.l1:g})"


class L2(Regularizer):
    """L2 (ridge, weight decay) penalty l2 * sum W²."""

    def __init__(self, l2: float = 0.01):
        super().__init__(l2=l2)

    def __repr__(self):
        return f"L2(l2={self.l2:g})"


class L1L2(Regularizer):
    """Both penalties, l1 * sum|W| + l2 * sum W²."""

    def __repr__(self):
        return f"L1L2(l1={self.l1:g}, l2={self.l2:g})"


REGULARIZERS = {"l1": L1, "l2": L2, "l1_l2": L1L2}


def get(regularizer):
    """Return a :class:`Regularizer` from None, a name (``'l2'``, default strength) or an object."""
    if regularizer is None or isinstance(regularizer, Regularizer):
        return regularizer
    return lookup(REGULARIZERS, regularizer, "regularizer")()
