"""Tests of chapter 7's self-checks: right answers pass, typical mistakes get their hint."""
import numpy as np

from nnbook.selfcheck.backprop import (NEURON_EXERCISE, check_forgotten_mean, check_neuron_gradient,
                                       check_zero_gradient, forgotten_mean_error)


def _by_hand():
    p = NEURON_EXERCISE
    z = p["w"] * p["x"] + p["b"]
    a = 1 / (1 + np.exp(-z))
    dL_da = 2 * (a - p["y"])
    dL_dz = dL_da * a * (1 - a)
    return a, dL_da, dL_dz, dL_dz * p["x"]


def test_neuron_gradient_right_answer():
    *_, dw = _by_hand()
    assert abs(dw - 0.32329) < 1e-4          # 2 * 0.43782 * (0.43782 * 0.56218) * 1.5
    assert check_neuron_gradient(dw).correct is True
    assert check_neuron_gradient(round(dw, 3)).correct is True


def test_neuron_gradient_typical_mistakes():
    a, dL_da, dL_dz, dw = _by_hand()
    fb = check_neuron_gradient(dw / 2)
    assert fb.correct is False and "factor 2" in fb.message
    fb = check_neuron_gradient(dL_da * NEURON_EXERCISE["x"])
    assert fb.correct is False and "a(1 - a)" in fb.message
    fb = check_neuron_gradient(dL_dz)
    assert fb.correct is False and "dz/dw = x" in fb.message
    fb = check_neuron_gradient(-dw)
    assert fb.correct is False and "sign" in fb.message
    fb = check_neuron_gradient(1.0)
    assert fb.correct is False and "too large" in fb.message
    assert check_neuron_gradient("abc").correct is False


def test_neuron_gradient_unanswered():
    assert check_neuron_gradient(None).correct is None


def test_forgotten_mean():
    assert abs(forgotten_mean_error(4) - 3 / 5) < 1e-12
    assert abs(forgotten_mean_error(10) - 9 / 11) < 1e-12
    assert check_forgotten_mean(0.6).correct is True
    assert check_forgotten_mean(3 / 5).correct is True
    fb = check_forgotten_mean(0.75)
    assert fb.correct is False and "SUM" in fb.message
    fb = check_forgotten_mean(3)
    assert fb.correct is False and "||n g|| + ||g||" in fb.message
    assert check_forgotten_mean(0.5).correct is False
    assert check_forgotten_mean(None).correct is None


def test_zero_gradient_choice():
    assert check_zero_gradient("dW1[1, :]").correct is True
    fb = check_zero_gradient("dW1[:, 1]")
    assert fb.correct is False and "row" in fb.message
    assert check_zero_gradient("db1").correct is False
    assert check_zero_gradient("something else").correct is False
    assert check_zero_gradient(None).correct is None


def test_zero_gradient_claim_holds_in_the_package():
    import nnbook as nb
    from nnbook.widgets.backprop import DEFAULT_B1, DEFAULT_B2, DEFAULT_W1, DEFAULT_W2
    m = nb.Sequential([nb.Dense(2, activation="sigmoid", input_shape=(2,)), nb.Dense(1, activation="sigmoid")])
    m.compile(loss="binary_crossentropy")
    m.set_weights([DEFAULT_W1, DEFAULT_B1, DEFAULT_W2, DEFAULT_B2])
    dW1, db1, dW2, _ = m.compute_gradients(np.array([[0.5, 0.0]]), np.array([1]))
    assert np.all(dW1[1] == 0) and np.all(dW1[0] != 0) and np.all(db1 != 0) and np.all(dW2 != 0)


def test_rounded_answers_as_the_exercises_ask():
    # ex-backprop-1 asks for 3 decimal places (solution 0.3233), ex-backprop-3 for 2 (solution 0.6)
    for answer in (0.323, 0.3233, 0.3234):
        assert check_neuron_gradient(answer).correct is True, answer
    assert check_neuron_gradient(0.325).correct is False
    assert "factor 2" in check_neuron_gradient(0.162).message
    assert "sign" in check_neuron_gradient(-0.323).message
    for answer in (0.6, 0.60, 0.604):
        assert check_forgotten_mean(answer).correct is True, answer
    assert check_forgotten_mean(0.61).correct is False
    assert "SUM" in check_forgotten_mean(0.75).message


def test_zero_gradient_accepts_other_spellings_of_the_right_row():
    for spelling in ("dW1[1,:]", " dW1[1, :] ", "dW1[1]", "'dW1[1, :]'"):
        assert check_zero_gradient(spelling).correct is True, spelling
    assert check_zero_gradient("dW1[0]").correct is False
    assert "connections leaving x1" in check_zero_gradient("dW1[0]").message
    assert check_zero_gradient("dW1[:,1]").correct is False


def test_solution_of_the_tanh_and_deep_sigmoid_exercise():
    # ex-backprop-4's solution: tanh's first-layer gradient norm is about 0.2, close to its output
    # layer's; with 10 sigmoid hidden layers the first layer's is about 3e-7, over 1e5 times smaller
    import nnbook as nb
    X, y = nb.make_moons(64, noise=0.2, seed=0)

    def norms(activation, depth):
        deep = nb.Sequential([nb.Dense(16, activation=activation) for _ in range(depth)]
                             + [nb.Dense(1, activation="sigmoid")], seed=0)
        deep.compile(loss="binary_crossentropy")
        deep.build(2)
        return np.array([np.linalg.norm(g) for g in deep.compute_gradients(X, y)[0::2]])

    tanh = norms("tanh", 6)
    assert round(tanh[0], 1) == 0.2 and 0.5 < tanh[0] / tanh[-1] < 2
    sigmoid10 = norms("sigmoid", 10)
    assert 2.5e-7 < sigmoid10[0] < 3.5e-7 and sigmoid10[-1] / sigmoid10[0] > 1e5


def test_stored_floats_right_and_wrong():
    from nnbook.selfcheck.backprop import check_stored_floats, stored_activation_floats
    B = 64
    assert stored_activation_floats() == B * (64 + 2 * (32 + 16 + 10)) == 11520   # the formula, by hand
    assert check_stored_floats(11520).correct is True
    assert check_stored_floats(11519).correct is False
    fb = check_stored_floats(B * (64 + 32 + 16 + 10))
    assert fb.correct is False and "both Z" in fb.message
    fb = check_stored_floats(B * 2 * (32 + 16 + 10))
    assert fb.correct is False and "input X" in fb.message
    fb = check_stored_floats(64 * 32 + 32 + 32 * 16 + 16 + 16 * 10 + 10)
    assert fb.correct is False and "parameters" in fb.message
    assert check_stored_floats(None).correct is None


def test_forward_mode_passes_right_and_wrong():
    from nnbook.selfcheck.backprop import check_forward_mode_passes
    params = 65 * 32 + 33 * 16 + 17 * 10
    assert params == 2778
    assert check_forward_mode_passes(2778).correct is True
    fb = check_forward_mode_passes(2720)
    assert fb.correct is False and "biases" in fb.message
    fb = check_forward_mode_passes(2 * 2778)
    assert fb.correct is False and "numerical" in fb.message
    fb = check_forward_mode_passes(1)
    assert fb.correct is False and "reverse mode" in fb.message
    assert check_forward_mode_passes("many").correct is False
