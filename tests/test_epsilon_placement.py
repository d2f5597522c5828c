"""Where epsilon sits, per library. Transcriptions written here from the sources:

- PyTorch torch/optim/rmsprop.py: avg = sqrt(square_avg) + eps; param -= lr * grad / avg
- PyTorch torch/optim/adam.py:    denom = sqrt(exp_avg_sq) / sqrt(1 - b2^t) + eps;
                                  param -= lr / (1 - b1^t) * exp_avg / denom
- Keras keras/src/optimizers/rmsprop.py: increment = lr * g / sqrt(velocity + epsilon)
- Keras keras/src/optimizers/adam.py:    alpha = lr * sqrt(1 - b2^t) / (1 - b1^t);
                                         variable -= m * alpha / (sqrt(v) + epsilon)

nnbook follows PyTorch (and Kingma & Ba's Algorithm 1); the tests show that the Keras
forms give different numbers when the gradients are tiny, and the same numbers otherwise.
"""
import numpy as np
import pytest

import nnbook as nb


def run_nnbook(opt, grads, w0):
    w = np.array(w0, dtype=float)
    path = []
    for g in grads:
        opt.step([w], [np.array(g, dtype=float)])
        path.append(w.copy())
    return np.array(path)


def rmsprop_torch(grads, w0, lr, rho, eps):
    w, s, path = np.array(w0, dtype=float), np.zeros(len(w0)), []
    for g in np.asarray(grads, dtype=float):
        s = rho * s + (1 - rho) * g * g
        w = w - lr * g / (np.sqrt(s) + eps)
        path.append(w)
    return np.array(path)


def rmsprop_keras(grads, w0, lr, rho, eps):
    w, s, path = np.array(w0, dtype=float), np.zeros(len(w0)), []
    for g in np.asarray(grads, dtype=float):
        s = rho * s + (1 - rho) * g * g
        w = w - lr * g / np.sqrt(s + eps)
        path.append(w)
    return np.array(path)


def adam_torch(grads, w0, lr, b1, b2, eps):
    w, m, v, path = np.array(w0, dtype=float), np.zeros(len(w0)), np.zeros(len(w0)), []
    for t, g in enumerate(np.asarray(grads, dtype=float), start=1):
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        denom = np.sqrt(v) / np.sqrt(1 - b2 ** t) + eps
        w = w - lr / (1 - b1 ** t) * m / denom
        path.append(w)
    return np.array(path)


def adam_keras(grads, w0, lr, b1, b2, eps):
    w, m, v, path = np.array(w0, dtype=float), np.zeros(len(w0)), np.zeros(len(w0)), []
    for t, g in enumerate(np.asarray(grads, dtype=float), start=1):
        alpha = lr * np.sqrt(1 - b2 ** t) / (1 - b1 ** t)
        m = m + (g - m) * (1 - b1)
        v = v + (g * g - v) * (1 - b2)
        w = w - m * alpha / (np.sqrt(v) + eps)
        path.append(w)
    return np.array(path)


TINY = [[1e-6, -3e-7], [2e-6, 1e-7], [-1e-6, 5e-7], [1.5e-6, -2e-7]] * 3     # gradients about eps = 1e-7 .. 1e-6
LARGE = [[0.8, -2.0], [1.1, 0.4], [-0.3, 1.7], [2.2, -0.9]] * 3


def test_rmsprop_follows_pytorch_and_differs_from_keras_for_tiny_gradients():
    ours = run_nnbook(nb.RMSprop(learning_rate=0.01, rho=0.9, epsilon=1e-7), TINY, [0.0, 0.0])
    np.testing.assert_allclose(ours, rmsprop_torch(TINY, [0.0, 0.0], 0.01, 0.9, 1e-7), rtol=1e-12, atol=1e-16)
    keras = rmsprop_keras(TINY, [0.0, 0.0], 0.01, 0.9, 1e-7)
    # first step on the first weight: 0.01 * 1e-6 / (sqrt(1e-13) + 1e-7) versus 0.01 * 1e-6 / sqrt(1e-13 + 1e-7)
    assert abs(ours[0, 0]) == pytest.approx(0.01 * 1e-6 / (np.sqrt(1e-13) + 1e-7))
    assert abs(ours[0, 0]) / abs(keras[0, 0]) > 100
    assert not np.allclose(ours, keras, rtol=0.1)


def test_rmsprop_forms_agree_when_gradients_dwarf_epsilon():
    ours = run_nnbook(nb.RMSprop(learning_rate=0.01, rho=0.9, epsilon=1e-7), LARGE, [0.0, 0.0])
    np.testing.assert_allclose(ours, rmsprop_keras(LARGE, [0.0, 0.0], 0.01, 0.9, 1e-7), rtol=1e-5)


def test_adam_follows_pytorch_and_the_paper_and_differs_from_keras_for_tiny_gradients():
    ours = run_nnbook(nb.Adam(learning_rate=0.01, epsilon=1e-7), TINY, [0.0, 0.0])
    np.testing.assert_allclose(ours, adam_torch(TINY, [0.0, 0.0], 0.01, 0.9, 0.999, 1e-7), rtol=1e-12, atol=1e-16)
    keras = adam_keras(TINY, [0.0, 0.0], 0.01, 0.9, 0.999, 1e-7)
    # step 1: m^ = g, sqrt(v^) = |g|. PyTorch: eta g / (|g| + eps); Keras: eta g / (|g| + eps / sqrt(1 - b2))
    g = 1e-6
    assert abs(ours[0, 0]) == pytest.approx(0.01 * g / (g + 1e-7))
    assert abs(keras[0, 0]) == pytest.approx(0.01 * g / (g + 1e-7 / np.sqrt(1 - 0.999)))
    assert abs(ours[0, 0]) / abs(keras[0, 0]) > 3
    assert not np.allclose(ours, keras, rtol=0.1)


def test_adam_forms_agree_when_gradients_dwarf_epsilon():
    ours = run_nnbook(nb.Adam(learning_rate=0.01, epsilon=1e-7), LARGE, [0.0, 0.0])
    np.testing.assert_allclose(ours, adam_keras(LARGE, [0.0, 0.0], 0.01, 0.9, 0.999, 1e-7), rtol=1e-5)


def test_docstrings_state_where_epsilon_sits():
    module = nb.optimizers.__doc__
    for text in ("eta g / sqrt(s + eps)", "eta m^ / (sqrt(v^) + eps / sqrt(1 - b2^t))", "PyTorch"):
        assert text in module
    assert "These are the forms Keras uses" not in module
    assert "sqrt(s + eps)" in nb.RMSprop.__doc__ and "PyTorch" in nb.RMSprop.__doc__
    assert "eps / sqrt(1 - b2^t)" in nb.Adam.__doc__ and "PyTorch" in nb.Adam.__doc__
