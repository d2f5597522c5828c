"""Tests of the self-checks of the optimizers chapter (answers computed by hand here)."""
import numpy as np

from nnbook.selfcheck.optimizers import (check_adagrad_two_steps, check_adam_first_step, check_global_clipnorm,
                                         check_momentum_two_steps, check_sgd_stability_limit)


def test_momentum_two_steps():
    # by hand: g0 = (-4.5, 25); v1 = -0.05 g0 = (0.225, -1.25); w1 = (-4.275, -0.25)
    #          g1 = (-4.275, -6.25); v2 = 0.9 v1 - 0.05 g1 = (0.41625, -0.8125); w2 = (-3.85875, -1.0625)
    assert check_momentum_two_steps([-3.85875, -1.0625]).correct is True
    plain = check_momentum_two_steps([-4.06125, 0.0625])  # plain SGD twice
    assert plain.correct is False and "plain SGD" in plain.message
    one = check_momentum_two_steps([-4.275, -0.25])
    assert one.correct is False and "one step" in one.message
    other = check_momentum_two_steps([1.0, 2.0])
    assert other.correct is False and "gradient" in other.message
    assert check_momentum_two_steps(None).correct is None
    assert check_momentum_two_steps([1.0, 2.0, 3.0]).correct is False


def test_adam_first_step():
    # first step: m_hat = g, v_hat = g², so each entry moves by eta = 0.1 against the sign of g
    assert check_adam_first_step([-4.4, 0.9]).correct is True
    raw = 0.1 * 0.1 / np.sqrt(0.001)  # step without bias correction: 0.316...
    fb = check_adam_first_step([-4.5 + raw, 1.0 - raw])
    assert fb.correct is False and "bias correction" in fb.message
    fb = check_adam_first_step([-4.6, 1.1])
    assert fb.correct is False and "against the gradient" in fb.message
    fb = check_adam_first_step([-4.5 + 0.45, 1.0 - 2.5])
    assert fb.correct is False and "plain SGD" in fb.message
    assert check_adam_first_step(None).correct is None


def test_sgd_stability_limit():
    assert check_sgd_stability_limit(0.08).correct is True
    assert check_sgd_stability_limit(2 / 25).correct is True
    fb = check_sgd_stability_limit(0.04)
    assert fb.correct is False and "exactly on 0" in fb.message
    fb = check_sgd_stability_limit(2.0)
    assert fb.correct is False and "gentle direction" in fb.message
    fb = check_sgd_stability_limit(0.1)
    assert fb.correct is False and "too large" in fb.message
    assert check_sgd_stability_limit(None).correct is None
    assert check_sgd_stability_limit("abc").correct is False


def test_rounded_answers_as_the_exercises_ask():
    # every exercise of the chapter asks for 3 decimal places
    assert check_momentum_two_steps([-3.859, -1.063]).correct is True
    assert check_momentum_two_steps([-3.859, -1.062]).correct is True       # -1.0625 rounded half to even
    assert check_momentum_two_steps([-3.861, -1.063]).correct is False
    assert "plain SGD" in check_momentum_two_steps([-4.061, 0.063]).message
    assert check_adam_first_step([-4.4, 0.9]).correct is True
    assert check_adam_first_step([-4.400, 0.900]).correct is True
    assert "bias correction" in check_adam_first_step([-4.184, 0.684]).message
    assert check_sgd_stability_limit(0.080).correct is True
    assert check_sgd_stability_limit(0.081).correct is False


def test_chapter_9_claims_about_the_optimizers():
    """The chapter's claims: Nesterov's and momentum's stability limits on the valley, and where
    epsilon sits in nnbook's RMSprop and Adam (PyTorch's and the Adam paper's form)."""
    import nnbook as nb
    from nnbook.selfcheck.optimizers import START, valley_gradient

    def stable(opt):
        w = START.copy()
        for _ in range(3000):
            opt.step([w], [valley_gradient(w)])
        return abs(w[1]) < abs(START[1])

    mu = 0.9
    for make, limit in ((lambda e: nb.SGD(e), 2 / 25),
                        (lambda e: nb.SGD(e, momentum=mu), 2 * (1 + mu) / 25),
                        (lambda e: nb.SGD(e, momentum=mu, nesterov=True), 2 * (1 + mu) / (1 + 2 * mu) / 25)):
        assert stable(make(0.98 * limit)) and not stable(make(1.02 * limit))
    # epsilon outside the square root: g / (sqrt(s) + eps), and m_hat / (sqrt(v_hat) + eps)
    g, eps = 1e-4, 1e-3
    w = np.zeros(1)
    nb.RMSprop(learning_rate=1.0, rho=0.9, epsilon=eps).step([w], [np.array([g])])
    np.testing.assert_allclose(-w, g / (np.sqrt(0.1 * g * g) + eps), rtol=1e-12)
    w = np.zeros(1)
    nb.Adam(learning_rate=1.0, epsilon=eps).step([w], [np.array([g])])
    np.testing.assert_allclose(-w, g / (g + eps), rtol=1e-12)                # m_hat = g, v_hat = g² at t = 1


def test_chapter_9_defaults_are_keras_defaults():
    """'sgd', 'rmsprop' and 'adam' by name: Keras's default learning rates, rho and epsilon
    (keras/src/optimizers/sgd.py, rmsprop.py, adam.py)."""
    import nnbook as nb
    sgd, rmsprop, adam = (nb.optimizers.get(name) for name in ("sgd", "rmsprop", "adam"))
    assert (sgd.learning_rate, sgd.momentum, sgd.nesterov) == (0.01, 0.0, False)
    assert (rmsprop.learning_rate, rmsprop.rho, rmsprop.epsilon) == (0.001, 0.9, 1e-7)
    assert (adam.learning_rate, adam.beta_1, adam.beta_2, adam.epsilon) == (0.001, 0.9, 0.999, 1e-7)


def test_solution_of_the_momentum_or_larger_rate_exercise():
    # ex-optimizers-4 (a): SGD(learning_rate=1.0) on the moons ends near 0.08 after 60 epochs
    import nnbook as nb
    X, y = nb.make_moons(300, noise=0.2, seed=0)
    model = nb.Sequential([nb.Dense(16, activation="tanh"), nb.Dense(16, activation="tanh"),
                           nb.Dense(1, activation="sigmoid")], seed=0)
    model.compile(optimizer=nb.SGD(learning_rate=1.0), loss="binary_crossentropy")
    loss = model.fit(X, y, epochs=60, batch_size=32, verbose=0).history["loss"]
    assert round(loss[-1], 2) == 0.08 and loss[9] > 0.25


def test_solution_of_the_bias_correction_exercise():
    # ex-optimizers-5: the factor 1 / (1 - beta^t) first drops below 1.01 at t = 44 and t = 4613
    t = np.arange(1, 10_000)
    assert t[np.argmax(1 / (1 - 0.9 ** t) < 1.01)] == 44
    assert t[np.argmax(1 / (1 - 0.999 ** t) < 1.01)] == 4613


def test_adagrad_two_steps():
    # by hand: g0 = (-4.5, 25); s = (0.1 + 20.25, 0.1 + 625) = (20.35, 625.1)
    #          w = (-4.5 + 0.5 * 4.5 / sqrt(20.35), 1 - 0.5 * 25 / sqrt(625.1)) = (-4.001230, 0.500040)
    w1 = np.array([-4.5 + 0.5 * 4.5 / np.sqrt(20.35), 1 - 0.5 * 25 / np.sqrt(625.1)])
    g1 = np.array([w1[0], 25 * w1[1]])
    s = np.array([20.35, 625.1]) + g1 ** 2
    w2 = w1 - 0.5 * g1 / np.sqrt(s)                      # about (-3.669448, 0.276433)
    assert check_adagrad_two_steps(w2.round(3).tolist()).correct is True
    assert check_adagrad_two_steps([-3.669, 0.276]).correct is True
    assert check_adagrad_two_steps([-3.6694, 0.2764]).correct is True
    fb = check_adagrad_two_steps([-3.668, 0.276])          # accumulator started at 0
    assert fb.correct is False and "started at 0" in fb.message
    fb = check_adagrad_two_steps([-2.026, 0.245])          # RMSprop(0.5)
    assert fb.correct is False and "RMSprop" in fb.message
    fb = check_adagrad_two_steps([-4.001, 0.500])
    assert fb.correct is False and "one step" in fb.message
    fb = check_adagrad_two_steps([1.0, 1.0])
    assert fb.correct is False and "s <- s + g²" in fb.message
    assert check_adagrad_two_steps(None).correct is None


def test_global_clipnorm():
    # global norm sqrt(36 + 64 + 4 + 16) = sqrt(120) = 10.954; factor 5 / 10.954 = 0.45644
    assert check_global_clipnorm([2.739, -3.651]).correct is True
    assert check_global_clipnorm([2.7386, -3.6515]).correct is True
    fb = check_global_clipnorm([3.0, -4.0])
    assert fb.correct is False and "clipnorm, which clips each array" in fb.message
    fb = check_global_clipnorm([5.0, -5.0])
    assert fb.correct is False and "clipvalue" in fb.message
    fb = check_global_clipnorm([6.0, -8.0])
    assert fb.correct is False and "above 5" in fb.message
    fb = check_global_clipnorm([2.739, 3.651])
    assert fb.correct is False and "sqrt(6² + 8² + 2² + 4²)" in fb.message
    assert check_global_clipnorm(None).correct is None
