"""AdamW and weight decay, gradient clipping, and schedules as learning rates, each checked
against a transcription (written here) of the update Keras's base_optimizer.py / PyTorch describe."""
import numpy as np
import pytest

import nnbook as nb
from nnbook.schedules import CosineDecay, ExponentialDecay, PiecewiseConstantDecay


def grad_of(w, t):
    """Gradient of a made-up function, different at every step."""
    return 2.0 * w + np.sin(t + np.arange(w.size)).reshape(w.shape)


# ---------------------------------------------------------------- weight decay and AdamW
def test_adamw_defaults_are_keras_defaults():
    opt = nb.AdamW()
    assert (opt.learning_rate, opt.weight_decay) == (0.001, 0.004)
    assert (opt.beta_1, opt.beta_2, opt.epsilon) == (0.9, 0.999, 1e-7)
    assert repr(opt) == "AdamW(learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-07, weight_decay=0.004)"
    assert isinstance(nb.optimizers.get("adamw"), nb.AdamW)


def test_adamw_matches_decoupled_decay_then_adam(rng):
    """PyTorch's AdamW: w <- w (1 - eta lambda), then Adam with the gradient taken before the decay."""
    w = rng.normal(size=(3, 2))
    ref = w.copy()
    m = np.zeros_like(w)
    v = np.zeros_like(w)
    eta, lam, b1, b2, eps = 0.05, 0.3, 0.8, 0.95, 1e-3
    opt = nb.AdamW(learning_rate=eta, weight_decay=lam, beta_1=b1, beta_2=b2, epsilon=eps)
    for t in range(1, 40):
        g = grad_of(ref, t)
        opt.step([w], [grad_of(w, t)])
        ref = ref * (1 - eta * lam)
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g ** 2
        ref = ref - eta * (m / (1 - b1 ** t)) / (np.sqrt(v / (1 - b2 ** t)) + eps)
        np.testing.assert_allclose(w, ref, rtol=1e-12, atol=1e-14)


def test_adamw_with_zero_decay_is_adam(rng):
    w1 = rng.normal(size=4)
    w2 = w1.copy()
    a, b = nb.AdamW(0.01, weight_decay=0.0), nb.Adam(0.01)
    for t in range(20):
        a.step([w1], [grad_of(w1, t)])
        b.step([w2], [grad_of(w2, t)])
    np.testing.assert_array_equal(w1, w2)


def test_weight_decay_on_sgd_is_keras_form():
    """Keras's _apply_weight_decay: w <- w - w * wd * lr, before the SGD step on the old gradient."""
    w = np.array([1.0, -2.0, 3.0])
    g = np.array([0.5, 0.5, -1.0])
    nb.SGD(learning_rate=0.1, weight_decay=0.2).step([w], [g])
    expected = np.array([1.0, -2.0, 3.0]) - np.array([1.0, -2.0, 3.0]) * 0.2 * 0.1 - 0.1 * g
    np.testing.assert_allclose(w, expected, rtol=1e-15)


def test_weight_decay_shrinks_biases_too_and_uses_the_scheduled_rate():
    schedule = PiecewiseConstantDecay([0], [0.5, 0.1])     # step 0: 0.5, later: 0.1
    W, b = np.full((2, 2), 4.0), np.full(2, 2.0)
    opt = nb.AdamW(learning_rate=schedule, weight_decay=0.5)
    opt.step([W, b], [np.zeros((2, 2)), np.zeros(2)])    # zero gradient: Adam moves nothing
    np.testing.assert_allclose(W, 4.0 * (1 - 0.5 * 0.5))
    np.testing.assert_allclose(b, 2.0 * (1 - 0.5 * 0.5))   # biases are decayed, as in Keras and PyTorch
    opt.step([W, b], [np.zeros((2, 2)), np.zeros(2)])
    np.testing.assert_allclose(b, 2.0 * 0.75 * (1 - 0.1 * 0.5))


def test_weight_decay_errors():
    with pytest.raises(ValueError, match="AdamW weight_decay expected a number >= 0; received None.*nnbook.Adam"):
        nb.AdamW(weight_decay=None)
    with pytest.raises(ValueError, match=r"SGD weight_decay expected None or a number >= 0; received -0.1"):
        nb.SGD(weight_decay=-0.1)
    with pytest.raises(TypeError, match="Adam weight_decay expected None or a number; received 'big'"):
        nb.Adam(weight_decay="big")


# ---------------------------------------------------------------- clipping
def keras_clip_by_norm(g, c):
    return g * c / max(np.sqrt(np.sum(g ** 2)), c)


def keras_clip_by_global_norm(gs, c):
    norm = np.sqrt(sum(np.sum(g ** 2) for g in gs))
    return [g * c * min(1 / norm, 1 / c) for g in gs]


def test_clipnorm_rescales_each_array_by_its_own_norm():
    big, small = np.array([3.0, 4.0]), np.array([[0.3], [0.4]])     # norms 5 and 0.5
    w1, w2 = np.zeros(2), np.zeros((2, 1))
    nb.SGD(learning_rate=1.0, clipnorm=1.0).step([w1, w2], [big, small])
    np.testing.assert_allclose(-w1, keras_clip_by_norm(big, 1.0))
    np.testing.assert_allclose(-w1, [0.6, 0.8])
    np.testing.assert_allclose(-w2, small)                            # below the threshold: untouched
    opt = nb.SGD(learning_rate=1.0)
    opt.clipnorm = 2.5                                                 # set later, read at every step
    w1 = np.zeros(2)
    opt.step([w1], [big])
    np.testing.assert_allclose(-w1, [1.5, 2.0])


def test_global_clipnorm_rescales_all_arrays_together():
    gs = [np.array([3.0, 4.0]), np.array([12.0])]                    # joint norm 13
    ws = [np.zeros(2), np.zeros(1)]
    nb.SGD(learning_rate=1.0, global_clipnorm=2.6).step(ws, gs)
    for w, expected in zip(ws, keras_clip_by_global_norm(gs, 2.6)):
        np.testing.assert_allclose(-w, expected)
    np.testing.assert_allclose(-ws[1], [12.0 / 5])
    ws = [np.zeros(2), np.zeros(1)]
    nb.SGD(learning_rate=1.0, global_clipnorm=13.5).step(ws, gs)     # below: untouched
    np.testing.assert_allclose(-ws[0], gs[0])


def test_clipvalue_clips_each_entry():
    g = np.array([-3.0, -0.2, 0.0, 0.7, 9.0])
    w = np.zeros(5)
    nb.SGD(learning_rate=1.0, clipvalue=0.5).step([w], [g])
    np.testing.assert_array_equal(-w, [-0.5, -0.2, 0.0, 0.5, 0.5])


@pytest.mark.parametrize("option", ["clipnorm", "clipvalue", "global_clipnorm"])
def test_clipping_leaves_the_callers_gradients_alone_and_feeds_adam(option, rng):
    g = rng.normal(size=(4, 3)) * 10
    before = g.copy()
    w = np.zeros((4, 3))
    opt = nb.Adam(0.1, **{option: 0.5})
    opt.step([w], [g])
    np.testing.assert_array_equal(g, before)
    clipped = np.clip(g, -0.5, 0.5) if option == "clipvalue" else keras_clip_by_norm(g, 0.5)
    ref = np.zeros((4, 3))
    nb.Adam(0.1).step([ref], [clipped])
    np.testing.assert_allclose(w, ref, rtol=1e-12)


def test_fit_clips_the_backpropagated_gradients():
    X, y = nb.make_moons(40, noise=0.2, seed=1)
    model = nb.Sequential([nb.Dense(5, activation="tanh"), nb.Dense(1, activation="sigmoid")], seed=3)
    model.compile(optimizer=nb.SGD(learning_rate=0.5, global_clipnorm=0.05), loss="binary_crossentropy")
    model.build(2)
    start = model.get_weights()
    grads = model.compute_gradients(X, y)
    model.fit(X, y, epochs=1, batch_size=None, shuffle=False, verbose=0)
    for w0, g, w1 in zip(start, keras_clip_by_global_norm(grads, 0.05), model.get_weights()):
        np.testing.assert_allclose(w1, w0 - 0.5 * g, rtol=1e-12, atol=1e-15)


def test_clipping_errors():
    with pytest.raises(ValueError, match=r"at most one of clipnorm, clipvalue and global_clipnorm; received "
                                         r"clipnorm=1.0, clipvalue=0.5, global_clipnorm=None"):
        nb.SGD(clipnorm=1.0, clipvalue=0.5)
    with pytest.raises(ValueError, match="RMSprop clipnorm expected None or a positive number; received 0"):
        nb.RMSprop(clipnorm=0)
    with pytest.raises(ValueError, match="global_clipnorm expected None or a positive number; received -1"):
        nb.Adam(global_clipnorm=-1)
    with pytest.raises(TypeError, match=r"unexpected keyword argument 'clip_norm'"):
        nb.SGD(clip_norm=1.0)


# ---------------------------------------------------------------- learning rate and schedules
def test_learning_rate_property_reads_and_writes_a_number():
    opt = nb.SGD(0.1, momentum=0.9)
    assert opt.learning_rate == 0.1 and opt.iterations == 0
    opt.learning_rate = 0.05
    w = np.array([1.0])
    opt.step([w], [np.array([2.0])])
    np.testing.assert_allclose(w, [0.9])
    assert repr(opt) == "SGD(learning_rate=0.05, momentum=0.9, nesterov=False)"
    with pytest.raises(ValueError, match=r"learning_rate expected a positive number; received -1.*schedule"):
        opt.learning_rate = -1


@pytest.mark.parametrize("schedule", [ExponentialDecay(0.2, 3, 0.5), PiecewiseConstantDecay([2, 5], [0.3, 0.1, 0.02]),
                                      CosineDecay(0.0, 6, warmup_target=0.4, warmup_steps=3)])
def test_sgd_with_a_schedule_uses_step_zero_first(schedule):
    w = np.array([0.0])
    opt = nb.SGD(learning_rate=schedule)
    for t in range(12):
        assert opt.learning_rate == schedule(t) == opt.learning_rate   # the rate of the next update
        before = w.copy()
        opt.step([w], [np.array([1.0])])
        np.testing.assert_allclose(before - w, [schedule(t)], rtol=1e-15)
    assert opt.iterations == 12


def test_adam_with_a_schedule_matches_transcription(rng):
    schedule = ExponentialDecay(0.1, decay_steps=4, decay_rate=0.6)
    w = rng.normal(size=3)
    ref, m, v = w.copy(), np.zeros(3), np.zeros(3)
    opt = nb.Adam(learning_rate=schedule)
    for t in range(1, 25):
        g = grad_of(ref, t)
        opt.step([w], [grad_of(w, t)])
        eta = 0.1 * 0.6 ** ((t - 1) / 4)            # Keras: schedule(iterations), iterations = t - 1
        m = 0.9 * m + 0.1 * g
        v = 0.999 * v + 0.001 * g ** 2
        ref = ref - eta * (m / (1 - 0.9 ** t)) / (np.sqrt(v / (1 - 0.999 ** t)) + 1e-7)
        np.testing.assert_allclose(w, ref, rtol=1e-12)


def test_schedule_in_fit_and_reset_starts_it_again():
    X, y = nb.make_moons(50, noise=0.2, seed=0)
    schedule = ExponentialDecay(0.5, decay_steps=10, decay_rate=0.5)
    model = nb.Sequential([nb.Dense(4, activation="tanh"), nb.Dense(1, activation="sigmoid")], seed=0)
    model.compile(optimizer=nb.SGD(learning_rate=schedule), loss="binary_crossentropy")
    history = model.fit(X, y, epochs=3, batch_size=10, verbose=0)    # 5 updates per epoch
    assert model.optimizer.iterations == 15
    assert history.learning_rates == [schedule(5), schedule(10), schedule(15)]
    model.optimizer.reset()
    assert model.optimizer.learning_rate == 0.5


def test_an_optimizer_with_a_schedule_refuses_a_number_but_takes_a_schedule():
    opt = nb.Adam(learning_rate=ExponentialDecay(0.1, 10, 0.5))
    with pytest.raises(TypeError, match=r"created with the schedule ExponentialDecay\(.*\) as its learning_rate, "
                                        r"so a number cannot be assigned to it \(received 0.01\)"):
        opt.learning_rate = 0.01
    opt.learning_rate = PiecewiseConstantDecay([3], [0.2, 0.1])
    assert opt.learning_rate == 0.2
    plain = nb.SGD(0.1)
    plain.learning_rate = CosineDecay(0.3, 10)
    assert plain.learning_rate == 0.3


def test_repr_and_config_round_trip_with_options_and_schedules():
    opt = nb.SGD(learning_rate=ExponentialDecay(0.1, 100, 0.9), momentum=0.9, clipnorm=1.0)
    assert repr(opt) == ("SGD(learning_rate=ExponentialDecay(initial_learning_rate=0.1, decay_steps=100.0, "
                         "decay_rate=0.9, staircase=False), momentum=0.9, nesterov=False, clipnorm=1.0)")
    config = opt.get_config()
    assert config["learning_rate"] == {"class_name": "ExponentialDecay", "config": {
        "initial_learning_rate": 0.1, "decay_steps": 100.0, "decay_rate": 0.9, "staircase": False}}
    assert (config["weight_decay"], config["clipvalue"], config["global_clipnorm"]) == (None, None, None)
    again = nb.SGD.from_config(config)
    assert repr(again) == repr(opt)
    adamw = nb.AdamW(0.01, weight_decay=0.1, global_clipnorm=5.0)
    assert repr(nb.AdamW.from_config(adamw.get_config())) == repr(adamw)


def test_learning_rate_type_error_mentions_schedules():
    with pytest.raises(TypeError, match=r"learning_rate expected a positive number; received 'fast' \(str\).*"
                                        r"nnbook.schedules.ExponentialDecay"):
        nb.RMSprop(learning_rate="fast")
