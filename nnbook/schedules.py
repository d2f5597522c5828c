"""Learning-rate schedules: a learning rate that changes as training goes on.

A schedule is a function of the step count t = 0, 1, 2, ..., the number of
updates the optimizer has already made. Give one to any optimizer as its
``learning_rate`` and the optimizer evaluates it before every update: the first
update uses eta(0), the second eta(1), and so on, as Keras does with
``optimizer.iterations``. With eta_0 the initial rate:

- ``ExponentialDecay``:        eta(t) = eta_0 r^(t / T)   (``staircase=True``: r^floor(t / T))
- ``PiecewiseConstantDecay``:  eta(t) = v_0 for t <= b_0, v_i for b_(i-1) < t <= b_i, v_last for t > b_last
- ``CosineDecay``:             eta(t) = eta_peak [alpha + (1 - alpha) (1 + cos(pi min(t - W, T) / T)) / 2]
  after a linear warm-up eta(t) = eta_0 + (eta_peak - eta_0) t / W for t < W
  (eta_peak is ``warmup_target``, or eta_0 without warm-up, when W = 0)

Every schedule is vectorized, so that ``schedule(np.arange(1000))`` gives the
whole curve for a plot, and a single step gives a Python float::

    >>> from nnbook.schedules import ExponentialDecay
    >>> schedule = ExponentialDecay(0.1, decay_steps=100, decay_rate=0.5)
    >>> schedule(0), schedule(100), schedule(200)
    (0.1, 0.05, 0.025)

The formulas, names and arguments are those of ``keras.optimizers.schedules``.
For a rate that changes once per epoch instead, see
:class:`~nnbook.callbacks.LearningRateScheduler`.
"""
from __future__ import annotations

import math

import numpy as np

from ._validation import check_positive, lookup


def _number(value, name: str, *, low: float = 0.0, low_ok: bool = True, high: float | None = None,
            hint: str = "") -> float:
    """Check a finite number in [low, high] (or (low, high] with ``low_ok=False``) and return it."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} expected a number; received {value!r} ({type(value).__name__}).{hint}")
    bad_low = value < low if low_ok else value <= low
    if not np.isfinite(value) or bad_low or (high is not None and value > high):
        bound = f"{'>=' if low_ok else '>'} {low:g}" + (f" and <= {high:g}" if high is not None else "")
        raise ValueError(f"{name} expected a number {bound}; received {value!r}.{hint}")
    return float(value)


class LearningRateSchedule:
    """Base class: ``schedule(step)`` is the learning rate of the update made at ``step``.

    Subclasses implement ``_rate(t)`` for a float array ``t`` of steps (already
    checked: finite, >= 0) and ``get_config``. Calling a schedule accepts a
    number (returns a float) or an array of steps (returns an array of rates).
    """

    def __call__(self, step):
        t = None
        if not isinstance(step, (bool, np.bool_, str, bytes)):
            try:
                t = np.asarray(step, dtype=float)
            except (TypeError, ValueError):
                pass
        if t is None:
            raise TypeError(f"{type(self).__name__} expected a step count (a number >= 0, or an array of "
                            f"them); received {step!r} ({type(step).__name__}).")
        if not np.all(np.isfinite(t)) or np.any(t < 0):
            raise ValueError(f"{type(self).__name__} expected step counts >= 0 (the number of updates "
                             f"already made); received {step!r}.")
        rate = self._rate(t)
        return float(rate) if t.ndim == 0 else rate

    def _rate(self, t: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def get_config(self) -> dict:
        """The constructor's arguments, so that ``type(s)(**s.get_config())`` rebuilds ``s``."""
        raise NotImplementedError

    @classmethod
    def from_config(cls, config: dict) -> "LearningRateSchedule":
        return cls(**config)

    def __repr__(self):
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_config().items())
        return f"{type(self).__name__}({args})"


class ExponentialDecay(LearningRateSchedule):
    """Multiply the rate by ``decay_rate`` every ``decay_steps`` updates:
    eta(t) = eta_0 r^(t / T), or eta_0 r^floor(t / T) with ``staircase=True``.

    Parameters
    ----------
    initial_learning_rate : eta_0, the rate of the first update (> 0).
    decay_steps : T, the number of updates over which the rate is multiplied by r (> 0).
    decay_rate : r (> 0); below 1 the rate shrinks, above 1 it grows.
    staircase : drop the rate in steps, once every T updates, instead of smoothly.

    Example::

        >>> import numpy as np
        >>> schedule = ExponentialDecay(0.1, decay_steps=10, decay_rate=0.5, staircase=True)
        >>> schedule(np.array([0, 9, 10, 25]))
        array([0.1  , 0.1  , 0.05 , 0.025])
    """

    def __init__(self, initial_learning_rate: float, decay_steps: float, decay_rate: float,
                 staircase: bool = False):
        self.initial_learning_rate = check_positive(initial_learning_rate, "ExponentialDecay initial_learning_rate")
        self.decay_steps = check_positive(decay_steps, "ExponentialDecay decay_steps",
                                          hint=" It is the number of updates per factor of decay_rate.")
        self.decay_rate = check_positive(decay_rate, "ExponentialDecay decay_rate",
                                         hint=" Use e.g. 0.96 to shrink the rate by 4% every decay_steps.")
        if not isinstance(staircase, (bool, np.bool_)):
            raise TypeError(f"ExponentialDecay staircase expected True or False; received {staircase!r}.")
        self.staircase = bool(staircase)

    def _rate(self, t):
        p = t / self.decay_steps
        if self.staircase:
            p = np.floor(p)
        return self.initial_learning_rate * self.decay_rate ** p

    def get_config(self):
        return {"initial_learning_rate": self.initial_learning_rate, "decay_steps": self.decay_steps,
                "decay_rate": self.decay_rate, "staircase": self.staircase}


class PiecewiseConstantDecay(LearningRateSchedule):
    """A rate that is constant between boundaries: ``values[0]`` while t <= ``boundaries[0]``,
    ``values[i]`` while ``boundaries[i-1]`` < t <= ``boundaries[i]``, and ``values[-1]``
    after the last boundary (Keras's convention: a boundary step still uses the value before it).

    Parameters
    ----------
    boundaries : strictly increasing step counts, at least one.
    values : the rates, one more than there are boundaries, each > 0.

    Example::

        >>> schedule = PiecewiseConstantDecay(boundaries=[100, 200], values=[0.1, 0.01, 0.001])
        >>> [schedule(t) for t in (0, 100, 101, 200, 201)]
        [0.1, 0.1, 0.01, 0.01, 0.001]
    """

    def __init__(self, boundaries, values):
        boundaries, values = list(boundaries), list(values)
        if not boundaries:
            raise ValueError("PiecewiseConstantDecay expected at least one boundary; received boundaries=[]. "
                             "For a constant rate pass a number as learning_rate instead.")
        if len(values) != len(boundaries) + 1:
            raise ValueError(f"PiecewiseConstantDecay expected one more value than boundaries; received "
                             f"{len(boundaries)} boundaries {boundaries} and {len(values)} values {values}. "
                             f"Give {len(boundaries) + 1} values: one before the first boundary and one after "
                             "each boundary.")
        self.boundaries = [_number(b, f"PiecewiseConstantDecay boundaries[{i}]") for i, b in enumerate(boundaries)]
        if any(b1 <= b0 for b0, b1 in zip(self.boundaries, self.boundaries[1:])):
            raise ValueError(f"PiecewiseConstantDecay expected strictly increasing boundaries; received "
                             f"{boundaries}.")
        self.values = [check_positive(v, f"PiecewiseConstantDecay values[{i}]") for i, v in enumerate(values)]
        self._boundaries = np.array(self.boundaries)
        self._values = np.array(self.values)

    def _rate(self, t):
        # searchsorted(side='left') counts the boundaries strictly below t: 0 for t <= b_0, ...
        return self._values[np.searchsorted(self._boundaries, t, side="left")]

    def get_config(self):
        return {"boundaries": list(self.boundaries), "values": list(self.values)}


class CosineDecay(LearningRateSchedule):
    """An optional linear warm-up, then half a cosine wave down to ``alpha`` times the peak
    (Loshchilov & Hutter, 2017, without restarts), with Keras 3's arguments.

    With W = ``warmup_steps``, T = ``decay_steps`` and eta_peak = ``warmup_target``
    (or ``initial_learning_rate`` when there is no warm-up):

    - t < W:   eta(t) = eta_0 + (eta_peak - eta_0) t / W          (linear warm-up)
    - t >= W:  eta(t) = eta_peak [alpha + (1 - alpha) (1 + cos(pi min(t - W, T) / T)) / 2]

    so the rate reaches eta_peak at t = W and alpha eta_peak at t = W + T, and stays there.

    Parameters
    ----------
    initial_learning_rate : eta_0 (>= 0; 0 is allowed as the start of a warm-up).
    decay_steps : T, the length of the cosine part, in updates (> 0).
    alpha : the final rate as a fraction of eta_peak, in [0, 1].
    warmup_target : eta_peak, the rate the warm-up climbs to, or None for no warm-up.
    warmup_steps : W, the length of the warm-up, in updates (needs ``warmup_target``).

    Example::

        >>> schedule = CosineDecay(0.0, decay_steps=100, warmup_target=0.1, warmup_steps=10)
        >>> [round(schedule(t), 4) for t in (0, 5, 10, 60, 110, 500)]
        [0.0, 0.05, 0.1, 0.05, 0.0, 0.0]
    """

    def __init__(self, initial_learning_rate: float, decay_steps: float, alpha: float = 0.0, *,
                 warmup_target: float | None = None, warmup_steps: float = 0):
        self.initial_learning_rate = _number(initial_learning_rate, "CosineDecay initial_learning_rate")
        self.decay_steps = check_positive(decay_steps, "CosineDecay decay_steps")
        self.alpha = _number(alpha, "CosineDecay alpha", high=1.0,
                             hint=" It is the final rate as a fraction of the peak, e.g. 0.0 or 0.1.")
        self.warmup_target = (None if warmup_target is None
                              else check_positive(warmup_target, "CosineDecay warmup_target"))
        self.warmup_steps = _number(warmup_steps, "CosineDecay warmup_steps")
        if self.warmup_steps > 0 and self.warmup_target is None:
            raise ValueError(f"CosineDecay warmup_steps={warmup_steps!r} expected a warmup_target (the rate the "
                             "warm-up climbs to); received warmup_target=None. Pass e.g. warmup_target=0.1, "
                             "or warmup_steps=0 for no warm-up.")
        if self.warmup_target is None and self.initial_learning_rate == 0:
            raise ValueError("CosineDecay initial_learning_rate expected a number > 0 when there is no warm-up; "
                             "received 0, a rate that never moves the weights. Start from 0 only with "
                             "warmup_target and warmup_steps.")

    def _rate(self, t):
        T, W = self.decay_steps, self.warmup_steps
        peak = self.initial_learning_rate if self.warmup_target is None else self.warmup_target
        s = np.minimum(np.maximum(t - W, 0.0), T)
        rate = peak * (self.alpha + (1.0 - self.alpha) * 0.5 * (1.0 + np.cos(math.pi * s / T)))
        if W > 0:
            warm = self.initial_learning_rate + (peak - self.initial_learning_rate) * t / W
            rate = np.where(t < W, warm, rate)
        return rate

    def get_config(self):
        return {"initial_learning_rate": self.initial_learning_rate, "decay_steps": self.decay_steps,
                "alpha": self.alpha, "warmup_target": self.warmup_target, "warmup_steps": self.warmup_steps}


SCHEDULES = {"exponentialdecay": ExponentialDecay, "piecewiseconstantdecay": PiecewiseConstantDecay,
             "cosinedecay": CosineDecay}


def serialize(schedule: LearningRateSchedule) -> dict:
    """A plain dict (JSON-friendly) describing ``schedule``: ``{'class_name': ..., 'config': {...}}``."""
    if not isinstance(schedule, LearningRateSchedule):
        raise TypeError(f"serialize expected a LearningRateSchedule such as ExponentialDecay(0.1, 100, 0.9); "
                        f"received {schedule!r} ({type(schedule).__name__}).")
    return {"class_name": type(schedule).__name__, "config": schedule.get_config()}


def deserialize(config: dict) -> LearningRateSchedule:
    """Rebuild a schedule from :func:`serialize`'s dict."""
    if not isinstance(config, dict) or set(config) != {"class_name", "config"}:
        raise ValueError("deserialize expected a dict {'class_name': ..., 'config': {...}} as made by "
                         f"nnbook.schedules.serialize; received {config!r}.")
    cls = lookup(SCHEDULES, config["class_name"], "learning-rate schedule")
    return cls.from_config(config["config"])
