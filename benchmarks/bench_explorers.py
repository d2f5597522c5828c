"""How fast each chapter's explorer answers a control: from a new value to a new picture.

Every explorer is built as its chapter builds it. Then each of its controls is
moved through several values (sliders across their range, every option of a
menu, both states of a switch), one at a time, and each move is timed from
setting the control's value to the end of the redraw (the figure re-drawn and
encoded as the PNG the notebook shows). The browser's own work (sending the
picture over the kernel's connection, painting it) comes on top and is not
measured here. Target on 2 cores: median at most 150 ms, maximum at most 300 ms
per explorer.

Run: python benchmarks/bench_explorers.py [--moves 5] [--only NAME ...]
"""
from __future__ import annotations

import argparse
import statistics
import time

import ipywidgets as widgets
import numpy as np

import nnbook as nb
from nnbook import widgets as explorers


def _digit_browser():
    X, y = nb.load_digits()
    X_train, X_test, y_train, y_test = nb.train_test_split(X, y, test_size=0.2, seed=0, stratify=True)
    scaler = nb.StandardScaler().fit(X_train)
    model = nb.Sequential([nb.Dense(64, activation="relu"), nb.Dense(10, activation="softmax")], seed=0)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    model.fit(scaler.transform(X_train), y_train, epochs=5, batch_size=32, verbose=0)
    return explorers.DigitBrowser(model, scaler.transform(X_test), y_test, images=X_test)


def _threshold():
    rng = np.random.default_rng(0)
    labels = rng.integers(0, 2, size=300)
    scores = 1 / (1 + np.exp(-(2.0 * labels - 1 + rng.normal(0, 1.2, size=300))))
    return explorers.ThresholdExplorer(scores, labels)


#: explorer name -> how its chapter builds it
BUILDERS = {
    "NeuronExplorer": lambda: explorers.NeuronExplorer(w1=-1.0, w2=0.5, b=0.0),
    "WeightBiasExplorer": lambda: explorers.WeightBiasExplorer(),
    "ActivationExplorer": lambda: explorers.ActivationExplorer(function="sigmoid", z=1.0),
    "XorExplorer": lambda: explorers.XorExplorer(),
    "ForwardExplorer": lambda: explorers.ForwardExplorer(),
    "LossExplorer": lambda: explorers.LossExplorer(),
    "ApproximationExplorer": lambda: explorers.ApproximationExplorer(),
    "BackpropExplorer": lambda: explorers.BackpropExplorer(),
    "LearningRateExplorer": lambda: explorers.LearningRateExplorer(learning_rate=0.25, steps=40),
    "OptimizerExplorer": lambda: explorers.OptimizerExplorer(),
    "TrainingExplorer": lambda: explorers.TrainingExplorer(),
    "ScheduleExplorer": lambda: explorers.ScheduleExplorer(),
    "RegularizationExplorer": lambda: explorers.RegularizationExplorer(),
    "ScalingExplorer": lambda: explorers.ScalingExplorer(),
    "ThresholdExplorer": _threshold,
    "DigitBrowser": _digit_browser,
}


def moves(control: widgets.Widget, n: int) -> list:
    """Values to move ``control`` through, each different from the one before."""
    if isinstance(control, widgets.FloatLogSlider):
        values = list(control.base ** np.linspace(control.min, control.max, n))
    elif isinstance(control, (widgets.FloatSlider, widgets.IntSlider)):
        values = list(np.linspace(control.min, control.max, n))
        if isinstance(control, widgets.IntSlider):
            values = [int(round(v)) for v in values]
    elif isinstance(control, (widgets.Checkbox, widgets.ToggleButton)):
        values = [not control.value, control.value]
    elif hasattr(control, "options"):
        values = [option[1] if isinstance(option, tuple) else option for option in control.options]
    else:
        raise TypeError(f"no rule for moving a {type(control).__name__}")
    out, previous = [], control.value
    for value in values:
        if value != previous:
            out.append(value)
            previous = value
    return out


def time_explorer(explorer, n_moves: int) -> list[float]:
    times = []
    for name, control in explorer.controls.items():
        start_value = control.value
        for value in moves(control, n_moves) + [start_value]:
            if value == control.value:
                continue
            before = explorer.draw_count
            start = time.perf_counter()
            control.value = value
            elapsed = time.perf_counter() - start
            if explorer.draw_count > before:        # a control that does not redraw is not timed
                times.append(elapsed)
    return times


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=5, help="values per slider (default 5)")
    parser.add_argument("--only", nargs="*", help="explorer names to time")
    args = parser.parse_args()
    names = args.only or list(BUILDERS)
    print(f"{'explorer':<24}{'moves':>6}{'median ms':>11}{'max ms':>9}  target: median <= 150, max <= 300")
    failed = []
    for name in names:
        explorer = BUILDERS[name]()
        times = [1000 * t for t in time_explorer(explorer, args.moves)]
        median, worst = statistics.median(times), max(times)
        ok = median <= 150 and worst <= 300
        failed += [] if ok else [name]
        print(f"{name:<24}{len(times):>6}{median:>11.0f}{worst:>9.0f}  {'ok' if ok else 'SLOW'}")
    print("all within target" if not failed else f"over target: {', '.join(failed)}")


if __name__ == "__main__":
    main()
