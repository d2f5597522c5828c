"""Learning-rate schedules against independent transcriptions of Keras's formulas
(keras/src/optimizers/schedules/learning_rate_schedule.py), written out step by step here."""
import math

import numpy as np
import pytest

import nnbook as nb
from nnbook.schedules import CosineDecay, ExponentialDecay, PiecewiseConstantDecay


def keras_exponential(step, initial, decay_steps, rate, staircase):
    p = step / decay_steps
    if staircase:
        p = math.floor(p)
    return initial * rate ** p


def keras_piecewise(step, boundaries, values):
    # Keras sums indicator * value over the ranges (-inf, b0], (b0, b1], ..., (b_last, inf)
    out = 0.0
    out += (step <= boundaries[0]) * values[0]
    out += (step > boundaries[-1]) * values[-1]
    for low, high, value in zip(boundaries[:-1], boundaries[1:], values[1:-1]):
        out += (low < step <= high) * value
    return out


def keras_cosine(step, initial, decay_steps, alpha, warmup_target, warmup_steps):
    if warmup_target is None:
        s = min(step, decay_steps)
        return initial * ((1 - alpha) * 0.5 * (1 + math.cos(math.pi * s / decay_steps)) + alpha)
    s = min(step, decay_steps + warmup_steps)
    if s < warmup_steps:
        return (warmup_target - initial) * (s / warmup_steps) + initial
    frac = (s - warmup_steps) / decay_steps
    return warmup_target * ((1 - alpha) * 0.5 * (1 + math.cos(math.pi * frac)) + alpha)


STEPS = [0, 1, 2, 7, 9, 10, 11, 19, 20, 21, 55, 99, 100, 101, 250, 1000]


@pytest.mark.parametrize("staircase", [False, True])
def test_exponential_decay_matches_keras_formula(staircase):
    s = ExponentialDecay(0.3, decay_steps=10, decay_rate=0.7, staircase=staircase)
    for t in STEPS:
        assert s(t) == pytest.approx(keras_exponential(t, 0.3, 10, 0.7, staircase), rel=1e-14)
    assert isinstance(s(3), float)


def test_piecewise_constant_uses_keras_convention_at_the_boundaries():
    b, v = [10, 20, 100], [1.0, 0.5, 0.1, 0.01]
    s = PiecewiseConstantDecay(b, v)
    for t in STEPS + [9.5, 10.5, 20.0001]:
        assert s(t) == keras_piecewise(t, b, v), t
    # the boundary step itself still uses the value before it
    assert (s(10), s(11), s(100), s(101)) == (1.0, 0.5, 0.1, 0.01)


@pytest.mark.parametrize("initial, alpha, target, warmup", [
    (0.1, 0.0, None, 0), (0.2, 0.25, None, 0), (0.0, 0.0, 0.1, 10), (0.01, 0.1, 0.5, 30), (0.05, 0.0, 0.2, 0),
])
def test_cosine_decay_matches_keras_formula(initial, alpha, target, warmup):
    s = CosineDecay(initial, decay_steps=60, alpha=alpha, warmup_target=target, warmup_steps=warmup)
    for t in STEPS:
        assert s(t) == pytest.approx(keras_cosine(t, initial, 60, alpha, target, warmup), rel=1e-12, abs=1e-15)


def test_cosine_decay_landmarks():
    s = CosineDecay(0.0, decay_steps=100, alpha=0.1, warmup_target=0.4, warmup_steps=20)
    assert s(0) == 0.0 and s(10) == pytest.approx(0.2) and s(20) == pytest.approx(0.4)
    assert s(70) == pytest.approx(0.4 * (0.1 + 0.9 * 0.5))          # half-way down the cosine
    assert s(120) == pytest.approx(0.04) and s(10_000) == pytest.approx(0.04)  # alpha * peak, then flat


@pytest.mark.parametrize("schedule", [
    ExponentialDecay(0.1, 7, 0.5), ExponentialDecay(0.1, 7, 0.5, staircase=True),
    PiecewiseConstantDecay([5, 30], [0.3, 0.2, 0.1]),
    CosineDecay(0.1, 40), CosineDecay(0.0, 40, warmup_target=0.2, warmup_steps=15),
])
def test_schedules_are_vectorized_and_agree_with_scalar_calls(schedule):
    steps = np.arange(80)
    curve = schedule(steps)
    assert isinstance(curve, np.ndarray) and curve.shape == (80,)
    np.testing.assert_array_equal(curve, [schedule(int(t)) for t in steps])
    np.testing.assert_array_equal(schedule(steps.reshape(8, 10)), curve.reshape(8, 10))


@pytest.mark.parametrize("schedule", [
    ExponentialDecay(0.1, 7, 0.5, staircase=True), PiecewiseConstantDecay([5, 30], [0.3, 0.2, 0.1]),
    CosineDecay(0.0, 40, alpha=0.1, warmup_target=0.2, warmup_steps=15),
])
def test_get_config_and_serialize_rebuild_the_schedule(schedule):
    again = type(schedule)(**schedule.get_config())
    np.testing.assert_array_equal(again(np.arange(100)), schedule(np.arange(100)))
    data = nb.schedules.serialize(schedule)
    assert data["class_name"] == type(schedule).__name__
    rebuilt = nb.schedules.deserialize(data)
    np.testing.assert_array_equal(rebuilt(np.arange(100)), schedule(np.arange(100)))
    assert repr(rebuilt) == repr(schedule)


def test_repr_is_readable():
    assert repr(ExponentialDecay(0.1, 100, 0.96)) == (
        "ExponentialDecay(initial_learning_rate=0.1, decay_steps=100.0, decay_rate=0.96, staircase=False)")
    assert repr(PiecewiseConstantDecay([10], [0.1, 0.01])) == (
        "PiecewiseConstantDecay(boundaries=[10.0], values=[0.1, 0.01])")


def test_schedule_errors():
    with pytest.raises(ValueError, match=r"decay_steps expected a positive number; received 0"):
        ExponentialDecay(0.1, 0, 0.9)
    with pytest.raises(ValueError, match=r"decay_rate expected a positive number; received -0.5"):
        ExponentialDecay(0.1, 10, -0.5)
    with pytest.raises(TypeError, match="staircase expected True or False"):
        ExponentialDecay(0.1, 10, 0.5, staircase="yes")
    with pytest.raises(ValueError, match=r"one more value than boundaries; received 2 boundaries .* 2 values"):
        PiecewiseConstantDecay([10, 20], [0.1, 0.01])
    with pytest.raises(ValueError, match="at least one boundary"):
        PiecewiseConstantDecay([], [0.1])
    with pytest.raises(ValueError, match="strictly increasing boundaries; received \\[20, 10\\]"):
        PiecewiseConstantDecay([20, 10], [0.1, 0.01, 0.001])
    with pytest.raises(ValueError, match=r"values\[1\] expected a positive number"):
        PiecewiseConstantDecay([10], [0.1, 0.0])
    with pytest.raises(ValueError, match=r"alpha expected a number >= 0 and <= 1; received 1.5"):
        CosineDecay(0.1, 100, alpha=1.5)
    with pytest.raises(ValueError, match="warmup_steps=10 expected a warmup_target"):
        CosineDecay(0.1, 100, warmup_steps=10)
    with pytest.raises(ValueError, match="initial_learning_rate expected a number > 0 when there is no warm-up"):
        CosineDecay(0.0, 100)
    s = ExponentialDecay(0.1, 10, 0.5)
    with pytest.raises(ValueError, match=r"expected step counts >= 0 .*received -1"):
        s(-1)
    with pytest.raises(ValueError, match="expected step counts >= 0"):
        s(np.array([0.0, np.nan]))
    with pytest.raises(TypeError, match="expected a step count"):
        s("3")
    with pytest.raises(ValueError, match=r"Unknown learning-rate schedule 'ExponentialDecy'.*exponentialdecay"):
        nb.schedules.deserialize({"class_name": "ExponentialDecy", "config": {}})
    with pytest.raises(TypeError, match="serialize expected a LearningRateSchedule"):
        nb.schedules.serialize(0.1)
