"""nnbook versus scikit-learn's MLPClassifier: the same MLP, data, batch size and epochs.

Both train a 64-64-10 ReLU network with Adam (learning rate 0.001, batch 32,
no weight penalty) for the same number of epochs on the standardized 8x8
digits, in this one process. Each is timed several times and the best time
is kept. Target: nnbook takes at most 0.6x scikit-learn's time.

One more line times the same nnbook network with a BatchNormalization layer
after the hidden layer (64-64-BN-10), under the same protocol, to show what
batch normalization costs; scikit-learn has no such layer, so it has no target.

Run: python benchmarks/bench_sklearn.py [--epochs 30] [--repeats 5]
"""
from __future__ import annotations

import argparse
import time
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier

import nnbook as nb


def best_time(fn, repeats):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=30)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--hidden", type=int, default=64)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()

    X, y = nb.load_digits()
    X_train, X_test, y_train, y_test = nb.train_test_split(X, y, test_size=0.25, seed=0, stratify=True)
    scaler = nb.StandardScaler().fit(X_train)
    X_train, X_test = scaler.transform(X_train), scaler.transform(X_test)

    def train_nnbook(batch_norm=False):
        hidden = [nb.Dense(args.hidden, activation="relu")] + ([nb.BatchNormalization()] if batch_norm else [])
        model = nb.Sequential(hidden + [nb.Dense(10, activation="softmax")], seed=0)
        model.compile(nb.Adam(0.001), "sparse_categorical_crossentropy")  # no per-epoch metrics, like sklearn
        model.fit(X_train, y_train, epochs=args.epochs, batch_size=args.batch_size, verbose=0)
        return nb.accuracy_score(y_test, model.predict_classes(X_test))

    def train_sklearn():
        clf = MLPClassifier(hidden_layer_sizes=(args.hidden,), activation="relu", solver="adam", alpha=0.0,
                            batch_size=args.batch_size, learning_rate_init=0.001, max_iter=args.epochs,
                            shuffle=True, tol=0.0, n_iter_no_change=args.epochs + 1, random_state=0)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            clf.fit(X_train, y_train)
        assert clf.n_iter_ == args.epochs
        return clf.score(X_test, y_test)

    t_nb, acc_nb = best_time(train_nnbook, args.repeats)
    t_sk, acc_sk = best_time(train_sklearn, args.repeats)
    t_bn, acc_bn = best_time(lambda: train_nnbook(batch_norm=True), args.repeats)
    print(f"digits MLP 64-{args.hidden}-10, {len(X_train)} training rows, batch {args.batch_size}, "
          f"{args.epochs} epochs, best of {args.repeats}")
    print(f"  nnbook        {t_nb:7.3f} s   test accuracy {acc_nb:.4f}")
    print(f"  scikit-learn  {t_sk:7.3f} s   test accuracy {acc_sk:.4f}")
    ratio = t_nb / t_sk
    print(f"  time ratio nnbook / scikit-learn = {ratio:.2f}  (target <= 0.60: {'met' if ratio <= 0.6 else 'NOT met'})")
    print(f"  nnbook + BatchNormalization (64-{args.hidden}-BN-10) {t_bn:7.3f} s   test accuracy {acc_bn:.4f}   "
          f"({t_bn / t_nb:.2f}x nnbook without it, {t_bn / t_sk:.2f}x scikit-learn)")


if __name__ == "__main__":
    main()
