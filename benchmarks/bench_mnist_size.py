"""One epoch at MNIST size (784-256-128-10, batch 128) versus the raw matrix products.

Synthetic float32 data with MNIST's shape (60,000 x 784, 10 classes) stands in
for MNIST (nothing is downloaded). The script times one training epoch of
nnbook in float32, then the matrix products alone that such an epoch needs per
batch: three in the forward pass, and in the backward pass dW for every layer
and dX for the two upper layers (eight in all). The ratio says how close to the
bare linear algebra nnbook's Python code runs. Target: at least 1/3.

Run: python benchmarks/bench_mnist_size.py [--epochs 2]
"""
from __future__ import annotations

import argparse
import time

import numpy as np

import nnbook as nb

SIZES = (784, 256, 128, 10)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=60000)
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--dtype", default="float32", choices=["float32", "float64"])
    args = parser.parse_args()
    dtype = np.dtype(args.dtype)
    rng = np.random.default_rng(0)
    X = rng.random((args.samples, SIZES[0]), dtype=np.float32).astype(dtype)
    y = rng.integers(0, SIZES[-1], args.samples)

    model = nb.Sequential([nb.Dense(SIZES[1], activation="relu"), nb.Dense(SIZES[2], activation="relu"),
                           nb.Dense(SIZES[3], activation="softmax")], seed=0, dtype=args.dtype)
    model.compile(nb.SGD(0.01, momentum=0.9), "sparse_categorical_crossentropy")
    model.fit(X[:1024], y[:1024], epochs=1, batch_size=args.batch_size, verbose=0)  # warm up
    epoch_times = []
    for _ in range(args.repeats):
        start = time.perf_counter()
        model.fit(X, y, epochs=1, batch_size=args.batch_size, verbose=0)
        epoch_times.append(time.perf_counter() - start)
    t_epoch = min(epoch_times)

    Ws = [rng.standard_normal((a, b)).astype(dtype) for a, b in zip(SIZES[:-1], SIZES[1:])]
    order = rng.permutation(args.samples)
    matmul_times = []
    for _ in range(args.repeats):
        start = time.perf_counter()
        for b in range(0, args.samples, args.batch_size):
            A0 = X[order[b:b + args.batch_size]]
            A1 = A0 @ Ws[0]
            A2 = A1 @ Ws[1]
            A3 = A2 @ Ws[2]
            A2.T @ A3            # dW3
            dA2 = A3 @ Ws[2].T   # dX of layer 3
            A1.T @ dA2           # dW2
            dA1 = dA2 @ Ws[1].T  # dX of layer 2
            A0.T @ dA1           # dW1
        matmul_times.append(time.perf_counter() - start)
    t_matmul = min(matmul_times)
    share = t_matmul / t_epoch
    n_batches = -(-args.samples // args.batch_size)
    print(f"MNIST-size epoch: {args.samples} x {SIZES[0]} {args.dtype}, layers {'-'.join(map(str, SIZES))}, "
          f"batch {args.batch_size} ({n_batches} steps), best of {args.repeats}")
    print(f"  nnbook epoch            {t_epoch:7.3f} s")
    print(f"  raw matrix products     {t_matmul:7.3f} s  (8 products per batch, with the same batch gather)")
    print(f"  share of the epoch the products alone take = {share:.2f}  "
          f"(target >= 0.33: {'met' if share >= 1 / 3 else 'NOT met'})")


if __name__ == "__main__":
    main()
