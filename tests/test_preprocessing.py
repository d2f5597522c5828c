import numpy as np
import pytest
from sklearn import preprocessing as skp

import nnbook as nb


def test_scalers_agree_with_scikit_learn(rng):
    X = rng.normal(5, 3, size=(40, 4)) * np.array([1, 10, 100, 1000])
    X[:, 0] = 2.0  # a constant feature
    X_new = rng.normal(5, 3, size=(7, 4))
    for ours, theirs in ((nb.MinMaxScaler(), skp.MinMaxScaler()), (nb.StandardScaler(), skp.StandardScaler()),
                         (nb.MinMaxScaler((-1, 1)), skp.MinMaxScaler((-1, 1)))):
        ours.fit(X)
        theirs.fit(X)
        np.testing.assert_allclose(ours.transform(X_new), theirs.transform(X_new), rtol=1e-10, atol=1e-10)
        np.testing.assert_allclose(ours.inverse_transform(ours.transform(X_new)), X_new, rtol=1e-10)


def test_scaler_errors():
    with pytest.raises(ValueError, match=r"StandardScaler.transform needs a fitted scaler.*fit\(X_train\)"):
        nb.StandardScaler().transform([[1.0]])
    s = nb.MinMaxScaler().fit(np.zeros((3, 2)))
    with pytest.raises(ValueError, match=r"fitted on 2 features; received X with shape \(1, 3\)"):
        s.transform(np.zeros((1, 3)))
    with pytest.raises(ValueError, match=r"received 1 NaN and 0 infinite value\(s\), the first at index \(1, 0\)"):
        nb.StandardScaler().fit([[1.0, 2.0], [np.nan, 3.0]])


def test_one_hot():
    np.testing.assert_array_equal(nb.one_hot([2, 0]), [[0, 0, 1], [1, 0, 0]])
    assert nb.one_hot([1], 4).shape == (1, 4)
    with pytest.raises(ValueError, match="below n_classes=2; received label 3"):
        nb.one_hot([3], 2)


def test_split_is_seeded_and_complete():
    X = np.arange(100).reshape(50, 2)
    y = np.arange(50) % 2
    a = nb.train_test_split(X, y, 0.2, seed=4)
    b = nb.train_test_split(X, y, 0.2, seed=4)
    for u, v in zip(a, b):
        np.testing.assert_array_equal(u, v)
    X_tr, X_te, y_tr, y_te = a
    assert len(X_te) == 10 and len(X_tr) == 40
    assert sorted(np.r_[X_tr[:, 0], X_te[:, 0]].tolist()) == list(range(0, 100, 2))
    np.testing.assert_array_equal(X_te[:, 0] // 2 % 2, y_te)


def test_stratified_split_keeps_class_proportions():
    y = np.r_[np.zeros(90, int), np.ones(10, int)]
    X = np.arange(100)[:, None]
    _, _, y_tr, y_te = nb.train_test_split(X, y, 0.3, seed=0, stratify=True)
    assert y_te.sum() == 3 and y_tr.sum() == 7
