"""Optimizers: how the gradients turn into weight updates.

Each optimizer owns its state (velocities, running averages), keyed by the
position of a parameter in the list it is given, so one optimizer belongs to
one model. All updates are in place. With learning rate eta and gradient g:

- ``SGD``:       w <- w - eta g
- momentum:      v <- mu v - eta g;   w <- w + v                 (Polyak, 1964)
- Nesterov:      v <- mu v - eta g;   w <- w + mu v - eta g      (Sutskever et al., 2013 form)
- ``RMSprop``:   s <- rho s + (1 - rho) g²;   w <- w - eta g / (sqrt(s) + eps)
- ``Adam``:      m <- b1 m + (1 - b1) g;   v <- b2 v + (1 - b2) g²;
                 m^ = m / (1 - b1^t);   v^ = v / (1 - b2^t);   w <- w - eta m^ / (sqrt(v^) + eps)

These are the forms Keras uses, with the same defaults. The same objects can
minimise any function of a few variables, which the book uses to draw paths on
a loss surface: ``opt.step([w], [grad_of_f(w)])``.
"""
from __future__ import annotations

import math

import numpy as np

from ._validation import check_positive, lookup


class Optimizer:
    """Base class: subclasses implement ``_update`` for one parameter array."""

    def __init__(self, learning_rate: float):
        self.learning_rate = check_positive(
            learning_rate, "learning_rate",
            hint=" Typical values are 0.001 to 0.1; gradient descent needs a positive step size.")
        self.iterations = 0
        self.state: dict[int, dict[str, np.ndarray]] = {}

    def step(self, params: list[np.ndarray], grads: list[np.ndarray]) -> None:
        """Update every array in ``params`` in place, using the matching gradient."""
        if len(params) != len(grads):
            raise ValueError(f"{type(self).__name__}.step expected one gradient per parameter; "
                             f"received {len(params)} parameters and {len(grads)} gradients.")
        self.iterations += 1
        for i, (p, g) in enumerate(zip(params, grads)):
            if p.dtype.kind != "f":  # in-place updates need a float array
                raise TypeError(f"{type(self).__name__}.step: parameter {i} expected a float array (it is "
                                f"updated in place); received dtype {p.dtype}. Create it with floats, e.g. "
                                "np.array([3.0]) or arr.astype(float).")
            if p.shape != g.shape:
                raise ValueError(f"{type(self).__name__}.step: parameter {i} has shape {p.shape} but its "
                                 f"gradient has shape {g.shape}.")
            self._update(p, g, self.state.setdefault(i, {}))

    def reset(self) -> None:
        """Forget the accumulated state (velocities, averages) and the step count."""
        self.iterations = 0
        self.state = {}

    def _update(self, p, g, state):
        raise NotImplementedError

    def get_config(self) -> dict:
        return {k: v for k, v in vars(self).items() if k not in ("state", "iterations")}

    def __repr__(self):
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_config().items())
        return f"{type(self).__name__}({args})"


class SGD(Optimizer):
    """Stochastic gradient descent, optionally with (Nesterov) momentum.

    With ``momentum=0`` this is plain gradient descent: every step moves the
    weights by the learning rate times the gradient, downhill. It is
    "stochastic" when the gradient comes from a mini-batch rather than the
    whole training set: the batch size is chosen in ``fit``, not here.
    """

    def __init__(self, learning_rate: float = 0.01, momentum: float = 0.0, nesterov: bool = False):
        super().__init__(learning_rate)
        if isinstance(momentum, bool) or not isinstance(momentum, (int, float)) or not 0 <= momentum < 1:
            raise ValueError(f"SGD momentum expected a number in [0, 1); received {momentum!r}. "
                             "Typical values are 0.9 or 0.99; 0 means plain SGD.")
        if nesterov and momentum == 0:
            raise ValueError("SGD nesterov=True expected a momentum > 0; received momentum=0. "
                             "Nesterov is a variant of momentum: set e.g. momentum=0.9.")
        self.momentum = float(momentum)
        self.nesterov = bool(nesterov)

    def _update(self, p, g, state):
        lr = self.learning_rate
        if self.momentum == 0:
            p -= lr * g
            return
        v = state.get("velocity")
        if v is None:
            v = state["velocity"] = np.zeros_like(p)
        v *= self.momentum
        v -= lr * g
        if self.nesterov:
            p += self.momentum * v - lr * g
        else:
            p += v


class RMSprop(Optimizer):
    """Divide each gradient entry by a running root-mean-square of its recent values
    (Tieleman & Hinton, 2012), so that every weight moves at a similar pace."""

    def __init__(self, learning_rate: float = 0.001, rho: float = 0.9, epsilon: float = 1e-7):
        super().__init__(learning_rate)
        if not 0 <= rho < 1:
            raise ValueError(f"RMSprop rho expected a number in [0, 1); received {rho!r}.")
        self.rho = float(rho)
        self.epsilon = check_positive(epsilon, "epsilon")

    def _update(self, p, g, state):
        s = state.get("mean_square")
        if s is None:
            s = state["mean_square"] = np.zeros_like(p)
        s *= self.rho
        s += (1 - self.rho) * g * g
        p -= self.learning_rate * g / (np.sqrt(s) + self.epsilon)


class Adam(Optimizer):
    """Adaptive moment estimation (Kingma & Ba, 2015): momentum on the gradient
    plus RMSprop's scaling, each with a bias correction for the first steps."""

    def __init__(self, learning_rate: float = 0.001, beta_1: float = 0.9, beta_2: float = 0.999,
                 epsilon: float = 1e-7):
        super().__init__(learning_rate)
        for name, value in (("beta_1", beta_1), ("beta_2", beta_2)):
            if not 0 <= value < 1:
                raise ValueError(f"Adam {name} expected a number in [0, 1); received {value!r}.")
        self.beta_1 = float(beta_1)
        self.beta_2 = float(beta_2)
        self.epsilon = check_positive(epsilon, "epsilon")

    def _update(self, p, g, state):
        if not state:
            state["m"] = np.zeros_like(p)
            state["v"] = np.zeros_like(p)
        m, v, t = state["m"], state["v"], self.iterations
        # m <- b1 m + (1 - b1) g, written as m += (1 - b1)(g - m) to update in place
        step = g - m
        step *= 1 - self.beta_1
        m += step
        # v <- b2 v + (1 - b2) g²
        sq = g * g
        sq -= v
        sq *= 1 - self.beta_2
        v += sq
        # w <- w - eta m^ / (sqrt(v^) + eps), with m^ = m / (1 - b1^t) and v^ = v / (1 - b2^t).
        # Multiplying top and bottom by c = sqrt(1 - b2^t) gives the same number with fewer
        # array operations: eta c / (1 - b1^t) * m / (sqrt(v) + eps c).
        c = math.sqrt(1.0 - self.beta_2 ** t)
        denom = np.sqrt(v)
        denom += self.epsilon * c
        np.divide(m, denom, out=denom)
        denom *= self.learning_rate * c / (1.0 - self.beta_1 ** t)
        p -= denom


OPTIMIZERS = {"sgd": SGD, "rmsprop": RMSprop, "adam": Adam}


def get(optimizer) -> Optimizer:
    """Return an :class:`Optimizer` from a name (``'adam'``, default settings) or an object."""
    if isinstance(optimizer, Optimizer):
        return optimizer
    return lookup(OPTIMIZERS, optimizer, "optimizer")()
