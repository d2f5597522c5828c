import numpy as np
import pytest

import nnbook as nb


def test_plain_sgd_subtracts_learning_rate_times_gradient():
    w = np.array([1.0, -2.0])
    nb.SGD(learning_rate=0.1).step([w], [np.array([0.5, -1.0])])
    np.testing.assert_allclose(w, [0.95, -1.9])


def test_momentum_and_nesterov_by_hand():
    g = np.array([1.0])
    w = np.array([0.0])
    opt = nb.SGD(0.1, momentum=0.9)
    opt.step([w], [g])          # v = -0.1, w = -0.1
    opt.step([w], [g])          # v = -0.09 - 0.1 = -0.19, w = -0.29
    np.testing.assert_allclose(w, [-0.29])
    np.testing.assert_allclose(opt.state[0]["velocity"], [-0.19])
    w = np.array([0.0])
    opt = nb.SGD(0.1, momentum=0.9, nesterov=True)
    opt.step([w], [g])          # v = -0.1, w += 0.9*-0.1 - 0.1 = -0.19
    np.testing.assert_allclose(w, [-0.19])


def test_rmsprop_first_step():
    w = np.array([1.0])
    nb.RMSprop(learning_rate=0.01, rho=0.9).step([w], [np.array([2.0])])
    # s = 0.1 * 4 = 0.4 ; step = 0.01 * 2 / sqrt(0.4)
    np.testing.assert_allclose(w, [1.0 - 0.01 * 2 / (np.sqrt(0.4) + 1e-7)])


def test_adam_bias_correction_makes_first_step_the_learning_rate():
    for g in (1e-3, 5.0, -40.0):
        w = np.array([0.0])
        nb.Adam(learning_rate=0.01).step([w], [np.array([g])])
        np.testing.assert_allclose(w, [-0.01 * np.sign(g)], rtol=1e-4)


@pytest.mark.parametrize("opt", [nb.SGD(0.1), nb.SGD(0.05, momentum=0.9), nb.SGD(0.05, momentum=0.9, nesterov=True),
                                 nb.RMSprop(0.05), nb.Adam(0.1)])
def test_optimizers_minimise_a_quadratic(opt):
    A = np.array([1.0, 10.0])
    w = np.array([3.0, -2.0])
    for _ in range(500):
        opt.step([w], [A * w])
    assert np.linalg.norm(w) < 0.05


def test_state_is_per_optimizer_and_resettable():
    a, b = nb.Adam(), nb.Adam()
    w = np.ones(2)
    a.step([w], [np.ones(2)])
    assert a.iterations == 1 and b.iterations == 0 and b.state == {}
    a.reset()
    assert a.iterations == 0 and a.state == {}


def test_errors():
    with pytest.raises(ValueError, match=r"learning_rate expected a positive number; received -0.1\..*positive step size"):
        nb.SGD(learning_rate=-0.1)
    with pytest.raises(ValueError, match="learning_rate expected a positive number; received 0"):
        nb.Adam(learning_rate=0)
    with pytest.raises(ValueError, match="nesterov=True expected a momentum > 0"):
        nb.SGD(nesterov=True)
    with pytest.raises(ValueError, match=r"Unknown optimizer 'adma'.*Did you mean 'adam'"):
        nb.optimizers.get("adma")
    with pytest.raises(TypeError, match=r"parameter 0 expected a float array.*received dtype int64.*np.array\(\[3.0\]\)"):
        nb.SGD(0.1).step([np.array([0])], [np.array([1.0])])
    with pytest.raises(ValueError, match="one gradient per parameter"):
        nb.SGD().step([np.ones(2)], [])


def test_repr_is_readable():
    assert repr(nb.SGD(0.1, momentum=0.9)) == "SGD(learning_rate=0.1, momentum=0.9, nesterov=False)"


def test_adam_matches_the_textbook_formula_over_many_steps(rng):
    """Independent transcription of Kingma & Ba's update, compared step by step."""
    w = rng.normal(size=5)
    ref = w.copy()
    m = np.zeros(5)
    v = np.zeros(5)
    opt = nb.Adam(learning_rate=0.05, beta_1=0.8, beta_2=0.95, epsilon=1e-3)
    for t in range(1, 30):
        g = 2 * w + np.sin(t)
        g_ref = 2 * ref + np.sin(t)
        opt.step([w], [g])
        m = 0.8 * m + 0.2 * g_ref
        v = 0.95 * v + 0.05 * g_ref ** 2
        ref = ref - 0.05 * (m / (1 - 0.8 ** t)) / (np.sqrt(v / (1 - 0.95 ** t)) + 1e-3)
        np.testing.assert_allclose(w, ref, rtol=1e-12, atol=1e-14)


# ---------------------------------------------------------------- Adagrad
def test_adagrad_defaults_are_keras_defaults():
    opt = nb.Adagrad()
    assert (opt.learning_rate, opt.initial_accumulator_value, opt.epsilon) == (0.001, 0.1, 1e-7)
    assert repr(opt) == "Adagrad(learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-07)"
    assert isinstance(nb.optimizers.get("adagrad"), nb.Adagrad)


def test_adagrad_two_steps_by_hand():
    # w = (1, -3), gradients (2, -1) then (1, 0.5); eta = 0.5, s starts at 0.1
    w = np.array([1.0, -3.0])
    opt = nb.Adagrad(learning_rate=0.5, epsilon=0.0001)
    opt.step([w], [np.array([2.0, -1.0])])
    # s = (4.1, 1.1): w = (1 - 0.5*2/(2.024846 + 1e-4), -3 + 0.5/(1.048809 + 1e-4))
    np.testing.assert_allclose(opt.state[0]["accumulator"], [4.1, 1.1])
    np.testing.assert_allclose(w, [1 - 1.0 / (4.1 ** 0.5 + 1e-4), -3 + 0.5 / (1.1 ** 0.5 + 1e-4)], rtol=1e-14)
    np.testing.assert_allclose(w, [0.5061596, -2.5233142], atol=5e-7)      # the numbers written out
    opt.step([w], [np.array([1.0, 0.5])])
    # s = (5.1, 1.35): w -= 0.5 * (1/(2.258318 + 1e-4), 0.5/(1.161895 + 1e-4))
    np.testing.assert_allclose(opt.state[0]["accumulator"], [5.1, 1.35])
    np.testing.assert_allclose(w, [0.5061596 - 0.2213939, -2.5233142 - 0.2151472], atol=1e-6)
    assert opt.iterations == 2


def test_adagrad_steps_only_shrink_unlike_rmsprop():
    """With a constant gradient Adagrad's step is eta g / sqrt(0.1 + t g²), falling like 1/sqrt(t);
    RMSprop's settles at about eta."""
    g = np.array([2.0])
    ada, rms = nb.Adagrad(0.1), nb.RMSprop(0.1)
    w_a, w_r = np.zeros(1), np.zeros(1)
    steps_a, steps_r = [], []
    for t in range(1, 401):
        before_a, before_r = w_a.copy(), w_r.copy()
        ada.step([w_a], [g])
        rms.step([w_r], [g])
        steps_a.append(float(before_a[0] - w_a[0]))
        steps_r.append(float(before_r[0] - w_r[0]))
        assert steps_a[-1] == pytest.approx(0.1 * 2 / (np.sqrt(0.1 + 4 * t) + 1e-7), rel=1e-12)
    assert np.all(np.diff(steps_a) < 0)
    assert steps_r[-1] == pytest.approx(0.1, rel=1e-6)
    assert steps_a[-1] == pytest.approx(0.1 / np.sqrt(400), rel=1e-3)


def test_adagrad_with_zero_initial_accumulator_stays_finite():
    w = np.array([1.0, 2.0])
    opt = nb.Adagrad(0.1, initial_accumulator_value=0.0)
    opt.step([w], [np.array([0.0, 3.0])])       # s = (0, 9): the zero-gradient entry does not move
    np.testing.assert_allclose(w, [1.0, 2.0 - 0.1 * 3 / (3 + 1e-7)])
    assert np.all(np.isfinite(w))


def test_adagrad_options_work_like_the_other_optimizers():
    # clipnorm: the gradient (6, 8) of norm 10 becomes (0.6, 0.8) before it is accumulated
    w = np.zeros(2)
    opt = nb.Adagrad(0.1, clipnorm=1.0)
    opt.step([w], [np.array([6.0, 8.0])])
    np.testing.assert_allclose(opt.state[0]["accumulator"], [0.1 + 0.36, 0.1 + 0.64])
    np.testing.assert_allclose(w, -0.1 * np.array([0.6, 0.8]) / (np.sqrt([0.46, 0.74]) + 1e-7))
    # weight_decay: decoupled shrink w <- w - eta lambda w before the Adagrad step
    w = np.array([2.0])
    nb.Adagrad(0.1, weight_decay=0.5).step([w], [np.array([1.0])])
    np.testing.assert_allclose(w, [2.0 * (1 - 0.05) - 0.1 / (np.sqrt(1.1) + 1e-7)])
    # clipvalue and global_clipnorm
    w = np.zeros(2)
    nb.Adagrad(0.1, clipvalue=0.5).step([w], [np.array([3.0, -0.2])])
    np.testing.assert_allclose(w, -0.1 * np.array([0.5, -0.2]) / (np.sqrt([0.35, 0.14]) + 1e-7))
    a, b = np.zeros(1), np.zeros(1)
    opt = nb.Adagrad(0.1, global_clipnorm=1.0)
    opt.step([a, b], [np.array([3.0]), np.array([4.0])])
    np.testing.assert_allclose(np.r_[opt.state[0]["accumulator"], opt.state[1]["accumulator"]], [0.46, 0.74])
    copy = nb.Adagrad.from_config(opt.get_config())
    assert repr(copy) == repr(opt) == "Adagrad(learning_rate=0.1, initial_accumulator_value=0.1, " \
                                      "epsilon=1e-07, global_clipnorm=1.0)"


def test_adagrad_errors():
    with pytest.raises(ValueError, match=r"Adagrad initial_accumulator_value expected a number >= 0; "
                                         r"received -1.*Keras's default 0.1"):
        nb.Adagrad(initial_accumulator_value=-1)
    with pytest.raises(ValueError, match="initial_accumulator_value expected a number >= 0; received None"):
        nb.Adagrad(initial_accumulator_value=None)
    with pytest.raises(ValueError, match="epsilon expected a positive number"):
        nb.Adagrad(epsilon=0)


def test_adagrad_epsilon_placement_differs_from_keras_by_less_than_2e_7_with_the_default_start():
    """The docstring's claim: with s >= 0.1, g / (sqrt(s) + eps) and Keras's g / sqrt(s + eps) agree to 2e-7."""
    for g in (1e-8, 1e-4, 0.3, 1.0, 50.0):
        for steps in (1, 3, 100):
            w = np.zeros(1)
            opt = nb.Adagrad(learning_rate=1.0)
            for _ in range(steps - 1):
                opt.step([w], [np.array([g])])
            before = w.copy()
            opt.step([w], [np.array([g])])
            s = 0.1 + steps * g * g
            keras_step = g / np.sqrt(s + 1e-7)
            assert abs((before - w)[0] / keras_step - 1) < 2e-7
