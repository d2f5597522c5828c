import gzip
import hashlib
import struct

import numpy as np
import pytest

import nnbook as nb


@pytest.mark.parametrize("make", [nb.make_moons, nb.make_circles, nb.make_xor, nb.make_spirals, nb.make_blobs])
def test_synthetic_sets_are_seeded(make):
    X1, y1 = make(n_samples=60, seed=7)
    X2, y2 = make(n_samples=60, seed=7)
    X3, _ = make(n_samples=60, seed=8)
    assert X1.shape == (60, 2) and y1.shape == (60,)
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(y1, y2)
    assert not np.array_equal(X1, X3)


def test_xor_labels_follow_the_sign_rule():
    X, y = nb.make_xor(400, noise=0.1, seed=0)
    np.testing.assert_array_equal(y, ((X[:, 0] > 0) != (X[:, 1] > 0)).astype(int))
    X4, y4 = nb.make_xor(4, noise=0)
    np.testing.assert_array_equal(y4, [0, 1, 1, 0])


def test_regression_set():
    X, y = nb.make_regression_1d(50, noise=0.0, function="linear", seed=1)
    assert X.shape == (50, 1)
    np.testing.assert_allclose(y, 0.5 * X[:, 0] + 1)
    assert np.all(np.diff(X[:, 0]) >= 0)
    with pytest.raises(ValueError, match="function expected one of"):
        nb.make_regression_1d(function="exp")


def test_real_sets_ship_with_scikit_learn():
    X, y = nb.load_digits()
    assert X.shape == (1797, 64) and set(np.unique(y)) == set(range(10)) and X.max() == 16
    X, y = nb.load_breast_cancer()
    assert X.shape == (569, 30) and np.bincount(y).tolist() == [212, 357]


def _write_idx(path, array, type_code):
    header = struct.pack(">BBBB", 0, 0, type_code, array.ndim) + struct.pack(">" + "I" * array.ndim, *array.shape)
    with gzip.open(path, "wb") as f:
        f.write(header + array.astype(array.dtype.newbyteorder(">")).tobytes())


def test_mnist_loader_reads_idx_files_and_checks_checksums(tmp_path):
    rng = np.random.default_rng(0)
    images = {"train": rng.integers(0, 256, (5, 28, 28)).astype(np.uint8),
              "t10k": rng.integers(0, 256, (3, 28, 28)).astype(np.uint8)}
    labels = {"train": np.array([0, 1, 2, 3, 4], np.uint8), "t10k": np.array([7, 8, 9], np.uint8)}
    checksums = {}
    for split in ("train", "t10k"):
        for kind, arr in (("images-idx3", images[split]), ("labels-idx1", labels[split])):
            name = f"{split}-{kind}-ubyte.gz"
            _write_idx(tmp_path / name, arr, 0x08)
            checksums[name] = hashlib.md5((tmp_path / name).read_bytes()).hexdigest()
    (X_tr, y_tr), (X_te, y_te) = nb.load_mnist(tmp_path, checksums=checksums)
    assert X_tr.shape == (5, 784) and X_te.shape == (3, 784)
    np.testing.assert_array_equal(X_tr[1], images["train"][1].ravel())
    np.testing.assert_array_equal(y_te, [7, 8, 9])
    bad = dict(checksums)
    bad["train-images-idx3-ubyte.gz"] = "0" * 32
    with pytest.raises(ValueError, match="is corrupt: expected MD5 0000"):
        nb.load_mnist(tmp_path, checksums=bad)
    with pytest.raises(FileNotFoundError, match=r"load_mnist\(download=True\)"):
        nb.load_mnist(tmp_path / "empty")


def test_read_idx_rejects_other_files(tmp_path):
    p = tmp_path / "x.idx"
    p.write_bytes(b"\x01\x02\x03\x04")
    with pytest.raises(ValueError, match="not an IDX file"):
        nb.datasets.read_idx(p)
