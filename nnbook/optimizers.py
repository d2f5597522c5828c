"""Optimizers: how the gradients turn into weight updates.

Each optimizer owns its state (velocities, running averages), keyed by the
position of a parameter in the list it is given, so one optimizer belongs to
one model. All updates are in place. With learning rate eta, gradient g and
step count t = 1, 2, ... (``opt.iterations`` after the update):

- ``SGD``:       w <- w - eta g
- momentum:      v <- mu v - eta g;   w <- w + v                 (Polyak, 1964)
- Nesterov:      v <- mu v - eta g;   w <- w + mu v - eta g      (Sutskever et al., 2013 form)
- ``Adagrad``:   s <- s + g² (s starts at initial_accumulator_value);   w <- w - eta g / (sqrt(s) + eps)
- ``RMSprop``:   s <- rho s + (1 - rho) g²;   w <- w - eta g / (sqrt(s) + eps)
- ``Adam``:      m <- b1 m + (1 - b1) g;   v <- b2 v + (1 - b2) g²;
                 m^ = m / (1 - b1^t);   v^ = v / (1 - b2^t);   w <- w - eta m^ / (sqrt(v^) + eps)
- ``AdamW``:     w <- w - eta lambda w (decoupled weight decay), then the Adam step

Names, arguments and defaults are Keras's, and so are the updates, except where
epsilon sits. Epsilon only keeps the division finite, but libraries put it in
different places, which matters when the gradients are tiny (about as small as eps).
In the table s is Adagrad's sum of squared gradients or RMSprop's running average of them:

=========  ==========================================  ==========================================
library    Adagrad and RMSprop                          Adam
=========  ==========================================  ==========================================
nnbook     eta g / (sqrt(s) + eps)                      eta m^ / (sqrt(v^) + eps)
PyTorch    eta g / (sqrt(s) + eps)  (same)              eta m^ / (sqrt(v^) + eps)  (same)
Keras      eta g / sqrt(s + eps)    (inside the root)   eta sqrt(1 - b2^t) / (1 - b1^t) m / (sqrt(v) + eps),
                                                        i.e. eta m^ / (sqrt(v^) + eps / sqrt(1 - b2^t))
=========  ==========================================  ==========================================

nnbook follows PyTorch and Kingma & Ba's Algorithm 1 (Keras's Adam uses the
paper's "epsilon hat" form, added to sqrt(v) before bias correction). With
Keras's default eps = 1e-7 the three agree to many digits once the gradients
are much larger than sqrt(eps), about 3e-4, for RMSprop (epsilon inside the root
competes with s, the mean squared gradient), or than eps / sqrt(1 - b2^t) for Adam.
For Adagrad with Keras's default initial_accumulator_value = 0.1, s never falls below
0.1, and the two placements give steps whose ratio is about 1 + eps (1/sqrt(s) - 1/(2 s)),
within 2e-7 of 1; they differ as RMSprop's do only with initial_accumulator_value = 0
(PyTorch's default) and tiny gradients.

Every optimizer also accepts, as in Keras:

- ``learning_rate`` as a number or a schedule from :mod:`nnbook.schedules`,
  evaluated at the step count before each update (the first update uses step 0);
  ``opt.learning_rate`` reads the rate the next update will use.
- ``weight_decay`` (lambda): before each update every parameter shrinks,
  w <- w - eta lambda w, decoupled from the gradient (Loshchilov & Hutter, 2019).
  nnbook decays every parameter it is given, biases included, as Keras and
  PyTorch do by default (Keras can exclude variables by name; nnbook cannot).
- gradient clipping, at most one of: ``clipnorm`` c (each gradient array g
  becomes g c / max(||g||, c)), ``global_clipnorm`` c (all arrays are scaled
  together by c / max(N, c), with N the norm of all gradients stacked), and
  ``clipvalue`` c (each entry is clipped to [-c, c]). Clipping makes new arrays:
  the gradients passed in are not modified.

The same objects can minimise any function of a few variables, which the book
uses to draw paths on a loss surface: ``opt.step([w], [grad_of_f(w)])``.
"""
from __future__ import annotations

import math

import numpy as np

from . import schedules as schedules_module
from ._validation import check_positive, lookup

_LR_HINT = (" Typical values are 0.001 to 0.1; gradient descent needs a positive step size. A rate that "
            "changes during training is a schedule, e.g. nnbook.schedules.ExponentialDecay(0.1, 1000, 0.9).")
_OPTIONS = ("weight_decay", "clipnorm", "clipvalue", "global_clipnorm")


def _optional_positive(value, name: str, *, allow_zero: bool = False, hint: str = ""):
    """None, or a finite number > 0 (>= 0 with ``allow_zero``) returned as float."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} expected None or a number; received {value!r} ({type(value).__name__}).{hint}")
    if not np.isfinite(value) or value < 0 or (value == 0 and not allow_zero):
        kind = "a number >= 0" if allow_zero else "a positive number"
        raise ValueError(f"{name} expected None or {kind}; received {value!r}.{hint}")
    return float(value)


class Optimizer:
    """Base class: subclasses implement ``_update`` for one parameter array.

    Parameters shared by every optimizer (keyword arguments of each subclass):

    - ``learning_rate``: a positive number, or a :class:`~nnbook.schedules.LearningRateSchedule`.
    - ``weight_decay``: None (off) or lambda >= 0; each update starts with w <- w - eta lambda w.
    - ``clipnorm``, ``clipvalue``, ``global_clipnorm``: None (off) or a positive number; at most one.

    Attributes: ``iterations`` (updates made so far, from 0), ``state`` (per-parameter
    arrays such as velocities) and the property ``learning_rate``.
    """

    def __init__(self, learning_rate, *, weight_decay=None, clipnorm=None, clipvalue=None,
                 global_clipnorm=None):
        self._schedule = None
        self._rate = None
        self._updating = False
        self.learning_rate = learning_rate
        self.iterations = 0
        self.state: dict[int, dict[str, np.ndarray]] = {}
        name = type(self).__name__
        self.weight_decay = _optional_positive(
            weight_decay, f"{name} weight_decay", allow_zero=True,
            hint=" Typical values are 1e-4 to 1e-2; None switches weight decay off.")
        clips = {"clipnorm": clipnorm, "clipvalue": clipvalue, "global_clipnorm": global_clipnorm}
        if sum(v is not None for v in clips.values()) > 1:
            given = ", ".join(f"{k}={v!r}" for k, v in clips.items())
            raise ValueError(f"{name} expected at most one of clipnorm, clipvalue and global_clipnorm; received "
                             f"{given}. Keep one of them, as Keras requires.")
        for key, value in clips.items():
            setattr(self, key, _optional_positive(value, f"{name} {key}",
                                                  hint=" It is a threshold, e.g. 1.0; None switches it off."))

    # ------------------------------------------------------------------ learning rate
    @property
    def learning_rate(self) -> float:
        """The learning rate of the next update (of the current one, inside :meth:`step`).

        A number given to the constructor is returned as is; a schedule is evaluated
        at ``iterations``, the number of updates already made, as Keras does. Assigning a
        number changes the rate (what :class:`~nnbook.callbacks.LearningRateScheduler`
        does); assigning a schedule replaces the rate by the schedule.
        """
        if self._schedule is None or self._updating:
            return self._rate
        return self._schedule(self.iterations)

    @learning_rate.setter
    def learning_rate(self, value) -> None:
        if isinstance(value, schedules_module.LearningRateSchedule):
            self._schedule, self._rate = value, None
            return
        if self._schedule is not None:
            raise TypeError(f"{type(self).__name__} was created with the schedule {self._schedule!r} as its "
                            f"learning_rate, so a number cannot be assigned to it (received {value!r}), as in "
                            "Keras. Create the optimizer with a number to change the rate by hand, or "
                            "assign another schedule.")
        self._rate = check_positive(value, "learning_rate", hint=_LR_HINT)

    # ------------------------------------------------------------------ updates
    def step(self, params: list[np.ndarray], grads: list[np.ndarray]) -> None:
        """Update every array in ``params`` in place, using the matching gradient.

        Order of one step: clip the gradients (if asked), evaluate the schedule at the
        current step count, add 1 to ``iterations``, then for each parameter apply weight
        decay (if asked) and the optimizer's update. Keras computes the same numbers in a
        slightly different order: it clips, decays every variable, updates them all with the
        rate at the current count, and adds 1 to its count last (so its Adam's bias
        correction uses t = iterations + 1 where nnbook reads the already-incremented count).
        """
        if len(params) != len(grads):
            raise ValueError(f"{type(self).__name__}.step expected one gradient per parameter; "
                             f"received {len(params)} parameters and {len(grads)} gradients.")
        for i, (p, g) in enumerate(zip(params, grads)):
            if p.dtype.kind != "f":  # in-place updates need a float array
                raise TypeError(f"{type(self).__name__}.step: parameter {i} expected a float array (it is "
                                f"updated in place); received dtype {p.dtype}. Create it with floats, e.g. "
                                "np.array([3.0]) or arr.astype(float).")
            if p.shape != g.shape:
                raise ValueError(f"{type(self).__name__}.step: parameter {i} has shape {p.shape} but its "
                                 f"gradient has shape {g.shape}.")
        if self.clipnorm is not None or self.global_clipnorm is not None or self.clipvalue is not None:
            grads = self._clip_gradients(grads)
        if self._schedule is not None:
            self._rate = self._schedule(self.iterations)
        self.iterations += 1
        self._updating = True
        try:
            for i, (p, g) in enumerate(zip(params, grads)):
                if self.weight_decay:  # decoupled: w <- w (1 - eta lambda), as PyTorch writes it
                    p *= 1.0 - self._rate * self.weight_decay
                self._update(p, g, self.state.setdefault(i, {}))
        finally:
            self._updating = False

    def _clip_gradients(self, grads: list[np.ndarray]) -> list[np.ndarray]:
        """New gradient arrays after clipnorm, global_clipnorm or clipvalue (Keras's definitions,
        checked in Keras's order)."""
        if self.clipnorm is not None:  # g c / max(||g||, c), array by array
            c = self.clipnorm
            norms = [math.sqrt(float(np.vdot(g, g))) for g in grads]
            return [g * (c / norm) if norm > c else g for g, norm in zip(grads, norms)]
        if self.global_clipnorm is not None:  # every array times c / max(N, c), N = sqrt(sum of all g²)
            c = self.global_clipnorm
            total = math.sqrt(sum(float(np.vdot(g, g)) for g in grads))
            return [g * (c / total) for g in grads] if total > c else list(grads)
        c = self.clipvalue
        return [np.clip(g, -c, c) for g in grads]

    def reset(self) -> None:
        """Forget the accumulated state (velocities, averages) and the step count."""
        self.iterations = 0
        self.state = {}

    def _update(self, p, g, state):
        raise NotImplementedError

    # ------------------------------------------------------------------ configuration
    def get_config(self) -> dict:
        """The constructor's arguments as plain values (a schedule as ``schedules.serialize`` gives it),
        so that ``type(opt).from_config(opt.get_config())`` builds a fresh copy."""
        config = {"learning_rate": self._rate if self._schedule is None
                  else schedules_module.serialize(self._schedule)}
        config.update((k, v) for k, v in vars(self).items()
                      if not k.startswith("_") and k not in ("state", "iterations") + _OPTIONS)
        config.update((k, getattr(self, k)) for k in _OPTIONS)
        return config

    @classmethod
    def from_config(cls, config: dict) -> "Optimizer":
        """A new optimizer (without state) from :meth:`get_config`'s dict."""
        config = dict(config)
        if isinstance(config.get("learning_rate"), dict):
            config["learning_rate"] = schedules_module.deserialize(config["learning_rate"])
        return cls(**config)

    def __repr__(self):
        config = self.get_config()
        config["learning_rate"] = self._rate if self._schedule is None else self._schedule
        shown = {k: v for k, v in config.items() if not (k in _OPTIONS and v is None)}
        args = ", ".join(f"{k}={v!r}" for k, v in shown.items())
        return f"{type(self).__name__}({args})"


class SGD(Optimizer):
    """Stochastic gradient descent, optionally with (Nesterov) momentum.

    With ``momentum=0`` this is plain gradient descent: every step moves the
    weights by the learning rate times the gradient, downhill. It is
    "stochastic" when the gradient comes from a mini-batch rather than the
    whole training set: the batch size is chosen in ``fit``, not here.

    Updates (no epsilon involved): w <- w - eta g; with momentum mu,
    v <- mu v - eta g and w <- w + v (Nesterov: w <- w + mu v - eta g).
    Keras's defaults: ``learning_rate=0.01``, ``momentum=0.0``. Also takes
    ``weight_decay``, ``clipnorm``, ``clipvalue`` and ``global_clipnorm`` (see :class:`Optimizer`).

    Example::

        >>> import numpy as np
        >>> w = np.array([1.0, -2.0])
        >>> SGD(learning_rate=0.1).step([w], [np.array([0.5, -1.0])])
        >>> w
        array([ 0.95, -1.9 ])
    """

    def __init__(self, learning_rate=0.01, momentum: float = 0.0, nesterov: bool = False, **options):
        super().__init__(learning_rate, **options)
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


class Adagrad(Optimizer):
    """Adaptive gradient (Duchi, Hazan & Singer, 2011): divide each gradient entry by the
    root of the *sum* of all its squared gradients so far. RMSprop's ancestor.

    Update: s <- s + g², then w <- w - eta g / (sqrt(s) + eps), elementwise, with s
    starting at ``initial_accumulator_value`` (one accumulator per weight). Because s
    only grows, every weight's effective step eta / (sqrt(s) + eps) only shrinks:
    weights with large past gradients slow down first, and after t steps of a steady
    gradient g the step is about eta / sqrt(t), so progress eventually stalls.
    RMSprop replaces the sum by a moving average, which forgets.

    Names and defaults are Keras's: ``learning_rate=0.001``, ``initial_accumulator_value=0.1``,
    ``epsilon=1e-7``; so are the accumulator's start and its update. Epsilon sits outside the
    square root, as in PyTorch's ``Adagrad`` and nnbook's :class:`RMSprop`; Keras puts it
    inside, w <- w - eta g / sqrt(s + eps). With an initial accumulator of 0.1 the two steps
    differ by less than 2e-7 relative (s >= 0.1 always); with ``initial_accumulator_value=0``
    (PyTorch's default, which also defaults to learning_rate=0.01 and eps=1e-10) they differ
    for gradients about as small as sqrt(eps). Also takes ``weight_decay`` and the clipping
    options (see :class:`Optimizer`). nnbook has no ``lr_decay`` (a PyTorch option): use a schedule.

    Example (two steps with the gradient 2, starting from s = 0.1)::

        >>> import numpy as np
        >>> w = np.array([1.0])
        >>> opt = Adagrad(learning_rate=0.1)
        >>> opt.step([w], [np.array([2.0])])      # s = 4.1:  w = 1 - 0.1 * 2 / sqrt(4.1)
        >>> opt.step([w], [np.array([2.0])])      # s = 8.1:  w -= 0.1 * 2 / sqrt(8.1)
        >>> round(float(w[0]), 6), opt.state[0]["accumulator"]
        (0.830954, array([8.1]))
    """

    def __init__(self, learning_rate=0.001, initial_accumulator_value: float = 0.1, epsilon: float = 1e-7,
                 **options):
        super().__init__(learning_rate, **options)
        value = initial_accumulator_value
        if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)) \
                or not np.isfinite(value) or value < 0:
            raise ValueError(f"Adagrad initial_accumulator_value expected a number >= 0; received {value!r}. "
                             "It is the starting sum of squared gradients: Keras's default 0.1, or PyTorch's 0.")
        self.initial_accumulator_value = float(value)
        self.epsilon = check_positive(epsilon, "epsilon")

    def _update(self, p, g, state):
        s = state.get("accumulator")
        if s is None:
            s = state["accumulator"] = np.full_like(p, self.initial_accumulator_value)
        s += g * g
        step = np.sqrt(s)
        step += self.epsilon
        np.divide(g, step, out=step)
        step *= self.learning_rate
        p -= step


class RMSprop(Optimizer):
    """Divide each gradient entry by a running root-mean-square of its recent values
    (Tieleman & Hinton, 2012), so that every weight moves at a similar pace.

    Update: s <- rho s + (1 - rho) g², then w <- w - eta g / (sqrt(s) + eps).
    Epsilon sits outside the square root, as in PyTorch's ``RMSprop``; Keras puts it
    inside, w <- w - eta g / sqrt(s + eps), which gives smaller steps when g² is
    comparable to eps (see the module docstring). Keras's defaults:
    ``learning_rate=0.001``, ``rho=0.9``, ``epsilon=1e-7`` (PyTorch's: 0.01, 0.99, 1e-8).
    Also takes ``weight_decay`` and the clipping options (see :class:`Optimizer`).

    Example::

        >>> import numpy as np
        >>> w = np.array([1.0])
        >>> RMSprop(learning_rate=0.01, rho=0.9).step([w], [np.array([2.0])])
        >>> round(float(w[0]), 6)    # 1 - 0.01 * 2 / (sqrt(0.1 * 4) + 1e-7)
        0.968377
    """

    def __init__(self, learning_rate=0.001, rho: float = 0.9, epsilon: float = 1e-7, **options):
        super().__init__(learning_rate, **options)
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
    plus RMSprop's scaling, each with a bias correction for the first steps.

    Update at step t = 1, 2, ...: m <- b1 m + (1 - b1) g, v <- b2 v + (1 - b2) g²,
    m^ = m / (1 - b1^t), v^ = v / (1 - b2^t), w <- w - eta m^ / (sqrt(v^) + eps).
    This is the paper's Algorithm 1 and PyTorch's ``Adam``. Keras computes
    w <- w - eta sqrt(1 - b2^t) / (1 - b1^t) m / (sqrt(v) + eps), which equals
    eta m^ / (sqrt(v^) + eps / sqrt(1 - b2^t)): a larger effective epsilon in the
    first steps (about 32 eps at t = 1 with b2 = 0.999), so smaller first steps when
    the gradients are tiny. Keras's defaults: ``learning_rate=0.001``, ``beta_1=0.9``,
    ``beta_2=0.999``, ``epsilon=1e-7`` (PyTorch's epsilon is 1e-8). Also takes
    ``weight_decay`` and the clipping options (see :class:`Optimizer`).

    Example (the first step of Adam moves every weight by about eta, whatever the gradient's size)::

        >>> import numpy as np
        >>> w = np.array([0.0, 0.0])
        >>> Adam(learning_rate=0.01).step([w], [np.array([5.0, -0.001])])
        >>> w.round(4)
        array([-0.01,  0.01])
    """

    def __init__(self, learning_rate=0.001, beta_1: float = 0.9, beta_2: float = 0.999,
                 epsilon: float = 1e-7, **options):
        super().__init__(learning_rate, **options)
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


class AdamW(Adam):
    """Adam with decoupled weight decay (Loshchilov & Hutter, 2019), as Keras's and PyTorch's ``AdamW``.

    Each step first shrinks every parameter, w <- w - eta lambda w (PyTorch writes
    w <- w (1 - eta lambda): the same number), then takes the :class:`Adam` step with
    the gradient of the cost alone. Unlike an L2 penalty, the decay does not pass
    through Adam's division by sqrt(v^), so every weight decays at the same rate
    eta lambda. eta is the current learning rate (a schedule's value at this step).
    Every parameter is decayed, biases included, as Keras and PyTorch do by default.

    Defaults are Keras's: ``learning_rate=0.001``, ``weight_decay=0.004``,
    ``beta_1=0.9``, ``beta_2=0.999``, ``epsilon=1e-7`` (PyTorch's AdamW defaults to
    weight_decay=0.01 and eps=1e-8). Epsilon sits where :class:`Adam` puts it.

    Example (a zero gradient leaves only the decay: w <- w (1 - 0.1 * 0.5))::

        >>> import numpy as np
        >>> w = np.array([2.0, -4.0])
        >>> AdamW(learning_rate=0.1, weight_decay=0.5).step([w], [np.zeros(2)])
        >>> w
        array([ 1.9, -3.8])
    """

    def __init__(self, learning_rate=0.001, weight_decay=0.004, beta_1: float = 0.9, beta_2: float = 0.999,
                 epsilon: float = 1e-7, **options):
        if weight_decay is None:
            raise ValueError("AdamW weight_decay expected a number >= 0; received None. For Adam without "
                             "weight decay use nnbook.Adam.")
        super().__init__(learning_rate, beta_1, beta_2, epsilon, weight_decay=weight_decay, **options)


OPTIMIZERS = {"sgd": SGD, "adagrad": Adagrad, "rmsprop": RMSprop, "adam": Adam, "adamw": AdamW}


def get(optimizer) -> Optimizer:
    """Return an :class:`Optimizer` from a name (``'adam'``, default settings) or an object."""
    if isinstance(optimizer, Optimizer):
        return optimizer
    return lookup(OPTIMIZERS, optimizer, "optimizer")()
