"""Data sets for the chapters: small synthetic ones and real ones that ship with scikit-learn.

Every generator takes a ``seed`` and returns ``(X, y)`` with ``X`` of shape
(n_samples, n_features). Nothing here downloads anything, except
:func:`load_mnist` when it is explicitly asked to (never in the book's build or tests).
"""
from __future__ import annotations

import gzip
import hashlib
import os
import struct
import urllib.request
from pathlib import Path

import numpy as np

from ._validation import check_positive


def _noise(value, name="noise"):
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise ValueError(f"{name} expected a non-negative number (a standard deviation); received {value!r}.")
    return float(value)


def make_moons(n_samples: int = 200, noise: float = 0.1, seed: int | None = 0):
    """Two interleaving half circles, labels 0 and 1 (not linearly separable)."""
    n = check_positive(n_samples, "n_samples", integer=True)
    rng = np.random.default_rng(seed)
    n0 = n // 2
    t0 = np.linspace(0, np.pi, n0)
    t1 = np.linspace(0, np.pi, n - n0)
    X = np.vstack([np.column_stack([np.cos(t0), np.sin(t0)]),
                   np.column_stack([1 - np.cos(t1), 0.5 - np.sin(t1)])])
    X += rng.normal(0.0, _noise(noise), X.shape)
    y = np.r_[np.zeros(n0, int), np.ones(n - n0, int)]
    order = rng.permutation(n)
    return X[order], y[order]


def make_circles(n_samples: int = 200, noise: float = 0.05, factor: float = 0.5, seed: int | None = 0):
    """A small circle (label 1) inside a large one (label 0); ``factor`` is the radius ratio."""
    n = check_positive(n_samples, "n_samples", integer=True)
    if not 0 < factor < 1:
        raise ValueError(f"factor expected a number in (0, 1); received {factor!r}.")
    rng = np.random.default_rng(seed)
    n0 = n // 2
    t0 = np.linspace(0, 2 * np.pi, n0, endpoint=False)
    t1 = np.linspace(0, 2 * np.pi, n - n0, endpoint=False)
    X = np.vstack([np.column_stack([np.cos(t0), np.sin(t0)]),
                   factor * np.column_stack([np.cos(t1), np.sin(t1)])])
    X += rng.normal(0.0, _noise(noise), X.shape)
    y = np.r_[np.zeros(n0, int), np.ones(n - n0, int)]
    order = rng.permutation(n)
    return X[order], y[order]


def make_xor(n_samples: int = 200, noise: float = 0.1, seed: int | None = 0):
    """Points around the four corners (±1, ±1); label 1 where exactly one coordinate is positive.

    With ``n_samples=4`` and ``noise=0`` this is the classic four-point XOR table on {0, 1}².
    """
    n = check_positive(n_samples, "n_samples", integer=True)
    if n == 4 and noise == 0:
        X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
        return X, np.array([0, 1, 1, 0])
    rng = np.random.default_rng(seed)
    corners = np.array([[-1.0, -1.0], [-1.0, 1.0], [1.0, -1.0], [1.0, 1.0]])
    which = np.arange(n) % 4
    X = corners[which] + rng.normal(0.0, _noise(noise), (n, 2))
    y = np.array([0, 1, 1, 0])[which]
    order = rng.permutation(n)
    return X[order], y[order]


def make_spirals(n_samples: int = 300, n_classes: int = 2, noise: float = 0.2, turns: float = 1.5,
                 seed: int | None = 0):
    """``n_classes`` interleaved spiral arms, labels 0..n_classes-1."""
    n = check_positive(n_samples, "n_samples", integer=True)
    k = check_positive(n_classes, "n_classes", integer=True)
    rng = np.random.default_rng(seed)
    label = np.arange(n) % k
    r = np.linspace(0.05, 1.0, n)
    rng.shuffle(r)
    theta = 2 * np.pi * (turns * r + label / k) + rng.normal(0.0, _noise(noise), n) * r
    X = np.column_stack([r * np.cos(theta), r * np.sin(theta)])
    return X, label


def make_blobs(n_samples: int = 200, centers=3, std: float = 1.0, n_features: int = 2,
               box=(-6.0, 6.0), seed: int | None = 0):
    """Gaussian clusters. ``centers`` is a number (placed at random in ``box``) or an array of centres."""
    n = check_positive(n_samples, "n_samples", integer=True)
    rng = np.random.default_rng(seed)
    if np.isscalar(centers):
        k = check_positive(centers, "centers", integer=True)
        C = rng.uniform(box[0], box[1], size=(k, n_features))
    else:
        C = np.asarray(centers, dtype=float)
        if C.ndim != 2:
            raise ValueError(f"centers expected a number or an array (k, n_features); received shape {C.shape}.")
    label = np.arange(n) % len(C)
    X = C[label] + rng.normal(0.0, _noise(std, "std"), (n, C.shape[1]))
    order = rng.permutation(n)
    return X[order], label[order]


def make_regression_1d(n_samples: int = 100, noise: float = 0.1, function: str = "sine",
                       x_range=(-3.0, 3.0), seed: int | None = 0):
    """A noisy 1-D regression set: x uniform in ``x_range``, y = f(x) + normal noise.

    ``function``: ``'sine'`` (sin x), ``'linear'`` (0.5 x + 1) or ``'cubic'`` (0.1 x³ - 0.5 x).
    Returns ``X`` of shape (n, 1) sorted by x, and ``y`` of shape (n,).
    """
    n = check_positive(n_samples, "n_samples", integer=True)
    functions = {"sine": np.sin, "linear": lambda x: 0.5 * x + 1.0, "cubic": lambda x: 0.1 * x ** 3 - 0.5 * x}
    if function not in functions:
        raise ValueError(f"function expected one of {sorted(functions)}; received {function!r}.")
    rng = np.random.default_rng(seed)
    x = np.sort(rng.uniform(x_range[0], x_range[1], n))
    y = functions[function](x) + rng.normal(0.0, _noise(noise), n)
    return x[:, None], y


def load_digits():
    """The 8x8 handwritten digits that scikit-learn ships (1,797 images, 10 classes).

    Returns ``X`` of shape (1797, 64) with pixel intensities 0..16 (float) and
    labels ``y`` 0..9. ``X[i].reshape(8, 8)`` is the image (Alpaydin & Kaynak, 1998).
    """
    from sklearn.datasets import load_digits as _load
    data = _load()
    return data.data.astype(float), data.target.astype(int)


def load_breast_cancer():
    """The Wisconsin diagnostic breast cancer set that scikit-learn ships.

    569 samples, 30 features; label 1 = benign (357), 0 = malignant (212), as scikit-learn codes it.
    """
    from sklearn.datasets import load_breast_cancer as _load
    data = _load()
    return data.data.astype(float), data.target.astype(int)


# --- full MNIST (28x28), only when a reader asks for it --------------------------------

MNIST_FILES = {  # name -> MD5 of the published gzip file
    "train-images-idx3-ubyte.gz": "f68b3c2dcbeaaa9fbdd348bbdeb94873",
    "train-labels-idx1-ubyte.gz": "d53e105ee54ea40749a09fcbcd1e9432",
    "t10k-images-idx3-ubyte.gz": "9fb629c4189551a2d022fa330f9573f3",
    "t10k-labels-idx1-ubyte.gz": "ec29112dd5afa0611ce80d1b7f02629c",
}
MNIST_URL = "https://ossci-datasets.s3.amazonaws.com/mnist/"


def read_idx(path) -> np.ndarray:
    """Read an IDX file (the MNIST format), gzipped or not, into a numpy array."""
    path = Path(path)
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as f:
        data = f.read()
    if len(data) < 4 or data[0] != 0 or data[1] != 0:
        raise ValueError(f"{path} is not an IDX file: expected a header starting with two zero bytes.")
    types = {0x08: ">u1", 0x09: ">i1", 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}
    if data[2] not in types:
        raise ValueError(f"{path}: unknown IDX element type 0x{data[2]:02x}.")
    ndim = data[3]
    shape = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    body = np.frombuffer(data, dtype=types[data[2]], offset=4 + 4 * ndim)
    if body.size != int(np.prod(shape)):
        raise ValueError(f"{path}: the header promises shape {shape} but the file holds {body.size} values.")
    return body.reshape(shape).astype(body.dtype.newbyteorder("="))


def _md5(path: Path) -> str:
    digest = hashlib.md5()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def load_mnist(cache_dir=None, *, download: bool = False, checksums: dict | None = None,
               url: str = MNIST_URL):
    """The full 28x28 MNIST set (LeCun et al., 1998): ``(X_train, y_train), (X_test, y_test)``.

    Images are flattened to 784 values in 0..255 (float). The four files are read
    from ``cache_dir`` (default ``~/.cache/nnbook/mnist`` or ``$NNBOOK_DATA``); with
    ``download=True`` missing files are fetched once from ``url``. Every file's MD5
    is checked against ``checksums`` (default: the published ones) before use.
    The book itself never downloads: it uses :func:`load_digits`.
    """
    cache = Path(cache_dir or os.environ.get("NNBOOK_DATA") or Path.home() / ".cache" / "nnbook" / "mnist")
    checksums = MNIST_FILES if checksums is None else checksums
    arrays = {}
    for name, expected in checksums.items():
        path = cache / name
        if not path.exists():
            if not download:
                raise FileNotFoundError(
                    f"MNIST file {path} not found. Call load_mnist(download=True) to fetch it once "
                    f"(about 11 MB), or put the four files in {cache}. Offline, use nnbook.load_digits().")
            cache.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".part")
            urllib.request.urlretrieve(url + name, tmp)
            tmp.replace(path)
        actual = _md5(path)
        if actual != expected:
            raise ValueError(f"MNIST file {path} is corrupt: expected MD5 {expected}; received {actual}. "
                             "Delete it and load again.")
        arrays[name] = read_idx(path)
    names = list(checksums)
    train_x, train_y, test_x, test_y = (arrays[n] for n in names)
    flat = lambda a: a.reshape(len(a), -1).astype(float)  # noqa: E731
    return (flat(train_x), train_y.astype(int)), (flat(test_x), test_y.astype(int))
