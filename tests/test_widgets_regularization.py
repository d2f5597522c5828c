"""Tests of the regularization explorer: each control retrains the network, and the
pictures match an independent nnbook training run with the same settings."""
import numpy as np
import pytest

from _explorers import explorer_fixture
import nnbook as nb
from nnbook.widgets.regularization import STRENGTH_OFF, RegularizationExplorer

EPOCHS = RegularizationExplorer.epochs


def reference(reg=None, rate=0.0):
    """Train the network the explorer describes, written out independently."""
    X, y = nb.make_regression_1d(n_samples=30, noise=0.3, function="sine", seed=0)
    Xv, yv = nb.make_regression_1d(n_samples=200, noise=0.3, function="sine", seed=1)
    stack = [nb.Dense(64, activation="relu", kernel_regularizer=reg)]
    if rate:
        stack.append(nb.Dropout(rate))
    stack.append(nb.Dense(64, activation="relu", kernel_regularizer=reg))
    if rate:
        stack.append(nb.Dropout(rate))
    stack.append(nb.Dense(1, kernel_regularizer=reg))
    model = nb.Sequential(stack, seed=0)
    model.compile(optimizer=nb.Adam(0.02), loss="mse")
    model.fit(X, y, epochs=EPOCHS, batch_size=None, verbose=0)
    grid = np.linspace(-3.2, 3.2, 200)[:, None]
    W = np.concatenate([w.ravel() for w in model.get_weights()[0::2]])
    return {
        "curve": model.predict(grid)[:, 0],
        "train_mse": float(np.mean((model.predict(X)[:, 0] - y) ** 2)),
        "val_mse": float(np.mean((model.predict(Xv)[:, 0] - yv) ** 2)),
        "n_small": int(np.sum(np.abs(W) < 1e-3)),
    }


# one explorer per worker, put back at its starting values before each test
ex = explorer_fixture(RegularizationExplorer)


def test_starts_unregularized_and_overfits(ex):
    ref = reference()
    assert ex.state["penalty"] is None and ex.state["strength"] == 0.0 and ex.state["dropout"] == 0.0
    np.testing.assert_allclose(ex.fit_line.get_ydata(), ref["curve"], rtol=1e-9, atol=1e-12)
    assert ex.state["train_mse"] == pytest.approx(ref["train_mse"], rel=1e-9)
    assert ex.state["val_mse"] == pytest.approx(ref["val_mse"], rel=1e-9)
    # overfitting: the validation error ends well above its best value and far above the training error
    assert ex.state["val_mse"] > 1.2 * ex.state["best_val_mse"]
    assert ex.state["val_mse"] > 3 * ex.state["train_mse"]
    assert len(ex.val_line.get_ydata()) == EPOCHS
    assert ex.val_line.get_ydata()[-1] == pytest.approx(ex.state["val_mse"])
    assert "validation MSE" in ex.readout.value


def test_strength_slider_applies_l2(ex):
    ex.controls["penalty"].value = "L2"
    ex.controls["strength"].value = 1e-3
    ref = reference(nb.L2(1e-3))
    assert ex.state["penalty"] == "L2" and ex.state["strength"] == pytest.approx(1e-3)
    np.testing.assert_allclose(ex.fit_line.get_ydata(), ref["curve"], rtol=1e-9, atol=1e-12)
    assert ex.state["val_mse"] == pytest.approx(ref["val_mse"], rel=1e-9)
    assert ex.state["n_small"] == ref["n_small"]
    assert "L2(1e-03)" in ex.readout.value
    # the penalty at the end is l2 * sum of squared kernel weights (> 0)
    assert ex.state["penalty_value"] > 0


def test_penalty_dropdown_switches_to_l1(ex):
    ex.controls["strength"].value = 1e-3
    ex.controls["penalty"].value = "L1"
    ref = reference(nb.L1(1e-3))
    assert ex.state["penalty"] == "L1"
    np.testing.assert_allclose(ex.fit_line.get_ydata(), ref["curve"], rtol=1e-9, atol=1e-12)
    assert ex.state["n_small"] == ref["n_small"]
    # L1 leaves far more (almost) zero weights than no penalty at all
    assert ex.state["n_small"] > 20 * reference()["n_small"]


def test_strong_penalty_underfits(ex):
    ex.controls["penalty"].value = "L2"
    ex.controls["strength"].value = 1e-1
    # a huge penalty flattens the fit: the training error is well above the noise variance 0.09
    assert ex.state["train_mse"] > 0.15
    assert np.ptp(ex.fit_line.get_ydata()) < 0.75 * np.ptp(np.sin(ex.grid))  # shrunk towards a flat line


def test_left_end_means_off(ex):
    ex.controls["strength"].value = STRENGTH_OFF
    ref = reference()
    assert ex.state["strength"] == 0.0 and ex.state["penalty"] is None
    np.testing.assert_allclose(ex.fit_line.get_ydata(), ref["curve"], rtol=1e-9, atol=1e-12)
    assert "no penalty" in ex.readout.value


def test_dropout_slider(ex):
    ex.controls["strength"].value = STRENGTH_OFF
    before = ex.fit_line.get_ydata().copy()
    ex.controls["dropout"].value = 0.2
    ref = reference(None, 0.2)
    assert ex.state["dropout"] == pytest.approx(0.2)
    np.testing.assert_allclose(ex.fit_line.get_ydata(), ref["curve"], rtol=1e-9, atol=1e-12)
    assert not np.allclose(before, ex.fit_line.get_ydata())
    assert ex.state["val_mse"] == pytest.approx(ref["val_mse"], rel=1e-9)
    # with dropout the training error stays higher than without (the network cannot memorise)
    assert ex.state["train_mse"] > reference()["train_mse"]
    ex.controls["dropout"].value = 0.0


def test_cache_returns_real_result(ex):
    ex.controls["strength"].value = STRENGTH_OFF
    ex.controls["dropout"].value = 0.0
    first = ex.fit_line.get_ydata().copy()
    ex.controls["strength"].value = 1e-2
    ex.controls["strength"].value = STRENGTH_OFF
    np.testing.assert_array_equal(first, ex.fit_line.get_ydata())
    assert ex.png[:4] == b"\x89PNG" and "alt=" in ex.image.value


def test_l2_leaves_more_near_zero_weights_than_l1_in_the_short_relu_run():
    # chapter 11's explorer text: at strength 1e-3 this short ReLU run leaves MORE weights with
    # |w| < 1e-3 under L2 than under L1 (weights of ReLU units that are off for every input)
    assert reference(nb.L2(1e-3))["n_small"] > reference(nb.L1(1e-3))["n_small"]


def test_precomputed_one_remedy_settings_are_real_training_runs(ex):
    # the 22 settings with at most one remedy are trained at construction ...
    from nnbook.widgets.regularization import RATES, STRENGTHS
    fresh = RegularizationExplorer(precompute=False)
    assert len(fresh._cache) == 1                      # only the starting setting was trained
    assert len(STRENGTHS) == 9 and len(RATES) == 6
    assert {("none", 0.0, 0.0)} | {(p, round(s, 12), 0.0) for p in ("L2", "L1") for s in STRENGTHS[1:]} \
        | {("none", 0.0, r) for r in RATES[1:]} <= set(ex._cache)
    # ... and each is the real run: a half-decade strength matches an independent training
    ex.controls["penalty"].value = "L1"
    ex.controls["strength"].value = 10 ** -3.5
    ref = reference(nb.L1(10 ** -3.5))
    np.testing.assert_allclose(ex.fit_line.get_ydata(), ref["curve"], rtol=1e-9, atol=1e-12)
    assert ex.state["n_small"] == ref["n_small"]
    assert "L1(3e-04)" in ex.readout.value
    ex.controls["penalty"].value = "L2"
    ex.controls["strength"].value = STRENGTH_OFF


def test_values_between_slider_positions_snap_to_the_nearest(ex):
    # the browser's sliders only give their positions; a value set from code is moved to the nearest
    ex.controls["dropout"].value = 0.125
    assert ex.state["dropout"] == pytest.approx(0.1)
    assert "dropout 0.10" in ex.readout.value
    np.testing.assert_allclose(ex.fit_line.get_ydata(), reference(None, 0.1)["curve"], rtol=1e-9, atol=1e-12)
    ex.controls["dropout"].value = 0.0
    ex.controls["strength"].value = 2e-3                # log10 = -2.7 -> -2.5
    assert ex.state["strength"] == pytest.approx(10 ** -2.5)
    ex.controls["strength"].value = STRENGTH_OFF


def test_legends_sit_below_the_axes(ex):
    # the legends are frozen into the backdrop, so they must lie where no live curve can cross them
    for ax in (ex.ax_fit, ex.ax_loss):
        assert ax.get_legend().get_window_extent().y1 < ax.get_window_extent().y0


def _pictures(book):
    return [next(child.value for child in frame.children if "nnbook-flipbook-frame" in child.value)
            for frame in book.stack.children]


def test_strength_flipbook_and_remedy_gallery_frames_differ(ex):
    from nnbook.widgets.regularization import STRENGTHS
    before = ex.values()
    book = ex.flipbook("strength", STRENGTHS, fmt="{:.0e}")
    pictures = _pictures(book)
    assert len(pictures) == len(STRENGTHS) == len(set(pictures))
    readouts = [frame.children[0].value for frame in book.stack.children]
    assert "no penalty" in readouts[0] and "L2(1e-01)" in readouts[-1]
    presets = {"no remedy": {"penalty": "L2", "strength": 1e-5, "dropout": 0.0},
               "L1(1e-3)": {"penalty": "L1", "strength": 1e-3, "dropout": 0.0},
               "dropout 0.5": {"penalty": "L2", "strength": 1e-5, "dropout": 0.5}}
    gallery = ex.gallery(presets, description="setting")
    pictures = _pictures(gallery)
    assert len(set(pictures)) == len(presets)
    assert "L1(1e-03)" in gallery.stack.children[1].children[1].value     # caption, readout, picture
    assert ex.values() == before
