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
