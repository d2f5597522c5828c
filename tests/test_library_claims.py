"""Claims that nnbook behaves "as Keras / PyTorch / scikit-learn does" which no other test file covers.

scikit-learn is installed, so its claims are checked by calling it. Keras and PyTorch are
not: their defaults and rules below are transcribed from their source (Keras 3,
``keras/src/...``; PyTorch ``torch/optim``, ``torch/nn``), with the file named beside each.
"""
import inspect
import math

import numpy as np
import pytest
import sklearn.datasets
import sklearn.metrics
from sklearn.model_selection import train_test_split as sk_train_test_split

import nnbook as nb
from nnbook import metrics


def defaults(cls):
    return {name: p.default for name, p in inspect.signature(cls).parameters.items()
            if p.kind not in (p.VAR_KEYWORD, p.VAR_POSITIONAL)}


# ------------------------------------------------------------------ Keras's names and defaults
KERAS_DEFAULTS = {  # keras/src/optimizers/{sgd,rmsprop,adam,adamw}.py, callbacks/, optimizers/schedules/
    nb.SGD: {"learning_rate": 0.01, "momentum": 0.0, "nesterov": False},
    nb.RMSprop: {"learning_rate": 0.001, "rho": 0.9, "epsilon": 1e-7},
    nb.Adam: {"learning_rate": 0.001, "beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-7},
    nb.AdamW: {"learning_rate": 0.001, "weight_decay": 0.004, "beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-7},
    nb.EarlyStopping: {"monitor": "val_loss", "min_delta": 0.0, "patience": 0, "verbose": 0, "mode": "auto",
                       "baseline": None, "restore_best_weights": False, "start_from_epoch": 0},
    nb.LearningRateScheduler: {"schedule": inspect.Parameter.empty, "verbose": 0},
    nb.schedules.ExponentialDecay: {"initial_learning_rate": inspect.Parameter.empty,
                                    "decay_steps": inspect.Parameter.empty,
                                    "decay_rate": inspect.Parameter.empty, "staircase": False},
    nb.schedules.CosineDecay: {"initial_learning_rate": inspect.Parameter.empty,
                               "decay_steps": inspect.Parameter.empty, "alpha": 0.0, "warmup_target": None,
                               "warmup_steps": 0},
    nb.L1: {"l1": 0.01}, nb.L2: {"l2": 0.01}, nb.L1L2: {"l1": 0.0, "l2": 0.0},
}


@pytest.mark.parametrize("cls", list(KERAS_DEFAULTS), ids=lambda c: c.__name__)
def test_names_and_defaults_are_keras(cls):
    ours = defaults(cls)
    for name, value in KERAS_DEFAULTS[cls].items():
        assert name in ours and ours[name] == value, (cls.__name__, name)
    # positional order of Keras's leading arguments (SGD(0.1, 0.9) is momentum 0.9 in both)
    leading = [n for n, v in KERAS_DEFAULTS[cls].items()]
    if cls is not nb.RMSprop:  # Keras's RMSprop has momentum third; nnbook's has no momentum
        assert list(ours)[:len(leading)] == leading


def test_dense_and_dropout_defaults_are_keras():
    # keras/src/layers/core/dense.py, regularization/dropout.py
    assert {k: v for k, v in defaults(nb.Dense).items() if k in ("activation", "kernel_initializer",
                                                                 "bias_initializer", "use_bias")} == {
        "activation": None, "kernel_initializer": "glorot_uniform", "bias_initializer": "zeros", "use_bias": True}
    assert defaults(nb.Dropout)["rate"] is inspect.Parameter.empty


def test_pytorch_defaults_quoted_in_docstrings_differ_from_nnbooks_as_said():
    # torch/optim/rmsprop.py: lr=1e-2, alpha=0.99, eps=1e-8; adam.py eps=1e-8; adamw.py weight_decay=1e-2
    assert "PyTorch's: 0.01, 0.99, 1e-8" in nb.RMSprop.__doc__
    assert "PyTorch's epsilon is 1e-8" in nb.Adam.__doc__
    assert "weight_decay=0.01 and eps=1e-8" in " ".join(nb.AdamW.__doc__.split())
    # torch/nn/modules/activation.py: LeakyReLU(negative_slope=0.01), the default here
    assert defaults(nb.LeakyReLU)["alpha"] == 0.01


def test_class_weight_of_a_single_output_uses_the_rounded_target_as_keras():
    # keras/src/trainers/data_adapters/data_adapter_utils.py: class of a (n, 1) target = round(y),
    # round half to even (ops.round); of a one-hot row its argmax (tested in test_sample_weights)
    model = nb.Sequential([nb.Dense(1, activation="sigmoid")], seed=0)
    model.compile(nb.SGD(0.1), "binary_crossentropy")
    model.build(2)
    soft = np.array([[0.2], [0.7], [0.5], [1.0], [0.0]])
    np.testing.assert_array_equal(model._class_weights({0: 2.0, 1: 3.0}, soft), [2.0, 3.0, 2.0, 3.0, 2.0])


def test_class_weight_and_sample_weight_together_are_refused_as_keras():
    # keras/src/trainers/data_adapters/__init__.py: "You cannot `class_weight` and `sample_weight` at the same time"
    model = nb.Sequential([nb.Dense(1, activation="sigmoid")], seed=0)
    model.compile(nb.SGD(0.1), "binary_crossentropy")
    with pytest.raises(ValueError, match="not both"):
        model.fit(np.zeros((4, 2)), np.array([0, 1, 0, 1]), class_weight={1: 2.0}, sample_weight=np.ones(4),
                  verbose=0)


def test_evaluate_returns_a_scalar_without_metrics_and_a_list_with_them_as_keras():
    X, y = np.random.default_rng(0).normal(size=(6, 2)), np.array([0, 1, 0, 1, 1, 0])
    model = nb.Sequential([nb.Dense(1, activation="sigmoid", input_shape=(2,))], seed=0)
    model.compile("sgd", "binary_crossentropy")
    assert isinstance(model.evaluate(X, y), float)
    model.compile("sgd", "binary_crossentropy", metrics=["accuracy"])
    result = model.evaluate(X, y)
    assert isinstance(result, list) and len(result) == 2
    assert model.evaluate(X, y, return_dict=True) == {"loss": result[0], "accuracy": result[1]}


def test_a_saved_file_holds_no_history_and_no_callbacks_as_keras(tmp_path):
    # keras/src/saving/saving_lib.py saves config, weights and optimizer variables only
    X, y = nb.make_moons(20, noise=0.2, seed=0)
    model = nb.Sequential([nb.Dense(2, activation="tanh"), nb.Dense(1, activation="sigmoid")], seed=0)
    model.compile("adam", "binary_crossentropy")
    model.fit(X, y, epochs=2, verbose=0, callbacks=[nb.EarlyStopping(monitor="loss")])
    config, _ = nb.saving.model_config(model)
    text = repr(config)
    assert "history" not in text and "EarlyStopping" not in text and "stop_training" not in text
    model.save(tmp_path / "m.npz")
    assert model.history is not None and nb.load_model(tmp_path / "m.npz").history is None


# ------------------------------------------------------------------ scikit-learn
@pytest.mark.parametrize("name", ["accuracy_score", "precision_score", "recall_score", "f1_score",
                                  "confusion_matrix", "roc_curve", "roc_auc_score", "precision_recall_curve",
                                  "average_precision_score", "log_loss", "mean_squared_error",
                                  "mean_absolute_error"])
def test_metric_names_and_arguments_are_scikit_learns(name):
    ours = inspect.signature(getattr(metrics, name)).parameters
    theirs = inspect.signature(getattr(sklearn.metrics, name)).parameters
    assert [n for n in ours][:2] == [n for n in theirs][:2]  # y_true, then y_pred / y_score / y_proba
    for arg, param in ours.items():
        assert arg in theirs, f"{name} has {arg!r}, which scikit-learn's does not"
        if param.default is not inspect.Parameter.empty:
            assert param.default == theirs[arg].default, (name, arg)


def test_train_test_split_holds_out_as_many_rows_as_scikit_learn():
    for n in range(4, 120):
        X, y = np.arange(n)[:, None], np.arange(n) % 2
        for test_size in (0.1, 0.2, 0.25, 0.3, 1 / 3, 0.5, 0.7):
            try:
                expected = len(sk_train_test_split(X, y, test_size=test_size, random_state=0)[1])
            except ValueError:  # scikit-learn refuses an empty training part
                continue
            assert len(nb.train_test_split(X, y, test_size)[1]) == expected == math.ceil(n * test_size)


def test_stratified_split_rounds_each_class_as_documented():
    # the documented difference: each class gives round(n_c ceil(n s) / n) rows; scikit-learn keeps the total
    y = np.r_[np.zeros(14, int), np.ones(14, int)]
    X = np.arange(28)[:, None]
    y_test = nb.train_test_split(X, y, 0.25, stratify=True)[3]
    assert len(y_test) == 2 * round(14 * 7 / 28) == 8
    assert len(sk_train_test_split(X, y, test_size=0.25, stratify=y, random_state=0)[1]) == 7


def test_real_data_sets_are_scikit_learns_with_its_label_coding():
    X, y = nb.load_breast_cancer()
    data = sklearn.datasets.load_breast_cancer()
    np.testing.assert_array_equal(X, data.data)
    np.testing.assert_array_equal(y, data.target)
    assert list(data.target_names) == ["malignant", "benign"]  # label 1 = benign, as the docstring says
    assert np.bincount(y).tolist() == [212, 357]
    X, y = nb.load_digits()
    digits = sklearn.datasets.load_digits()
    np.testing.assert_array_equal(X, digits.data)
    np.testing.assert_array_equal(y, digits.target)
