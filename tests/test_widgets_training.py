"""Tests of TrainingExplorer: each control retrains the network and the curves follow.

Expected numbers come from the counting formula (iterations = ceil(n_train / batch size))
and from training the same nnbook network independently of the explorer.
"""
import math

import numpy as np
import pytest

from _explorers import explorer_fixture
import nnbook as nb
from nnbook.widgets.training import TrainingExplorer

from _readability import assert_readable


def reference_history(batch_size, epochs, learning_rate):
    X, y = nb.make_moons(100, noise=0.2, seed=4)
    model = nb.Sequential([nb.Dense(8, activation="tanh"), nb.Dense(1, activation="sigmoid")], seed=0)
    model.compile(optimizer=nb.SGD(learning_rate), loss="binary_crossentropy", metrics=["accuracy"])
    history = model.fit(X, y, epochs=epochs, batch_size=batch_size, validation_split=0.25, verbose=0)
    return model, history


# one explorer per worker, put back at its starting values before each test
ex = explorer_fixture(TrainingExplorer)


def test_defaults(ex):
    # 100 samples, last 25% held out: 75 training examples; batch 10 -> ceil(7.5) = 8 iterations
    assert ex.state["n_train"] == 75
    assert ex.state["iterations_per_epoch"] == 8
    assert ex.state["updates"] == 160
    assert len(ex.batch_line.get_xdata()) == 160
    assert "ceil(75 / 10) = 8" in ex.readout.value and "= 160" in ex.readout.value
    model, history = reference_history(10, 20, 0.5)
    np.testing.assert_allclose(ex.batch_line.get_ydata(), history.batch_losses, rtol=1e-10)
    np.testing.assert_allclose(ex.train_line.get_ydata(), history.history["loss"], rtol=1e-10)
    np.testing.assert_allclose(ex.val_line.get_ydata(), history.history["val_loss"], rtol=1e-10)
    # batch points sit at fractions of an epoch: the 8th (last of epoch 1) at x = 1
    assert ex.batch_line.get_xdata()[7] == pytest.approx(1.0)
    assert ex.batch_line.get_xdata()[-1] == pytest.approx(20.0)
    # the decision regions come from the trained network's probabilities on the grid
    X_grid = ex.grid
    np.testing.assert_allclose(ex.state["grid_proba"], model.predict(X_grid)[:, 0], rtol=1e-10)
    assert f"{history.history['val_loss'][-1]:.3f}" in ex.readout.value


def test_batch_size_slider():
    ex = TrainingExplorer()
    for b in (1, 2, 5, 25, 75):
        ex.controls["batch_size"].value = b
        per_epoch = math.ceil(75 / b)
        assert ex.state["iterations_per_epoch"] == per_epoch
        assert ex.state["updates"] == per_epoch * 20 == len(ex.batch_line.get_ydata())
    # full batch: one update per epoch, and the batch loss is the epoch's training loss
    np.testing.assert_allclose(ex.batch_line.get_ydata(), ex.train_line.get_ydata(), rtol=1e-12)
    assert ex.controls["batch_size"].label == "75" and "full batch" in ex.readout.value
    ex.controls["batch_size"].value = 1
    # batch size 1: each point is one example's loss; their mean over an epoch is the epoch loss
    losses = ex.batch_line.get_ydata().reshape(20, 75)
    np.testing.assert_allclose(losses.mean(axis=1), ex.train_line.get_ydata(), rtol=1e-10)
    assert losses.std() > 5 * ex.train_line.get_ydata().std()  # per-iteration noise dwarfs the trend


def test_epochs_slider():
    ex = TrainingExplorer()
    ex.controls["epochs"].value = 5
    assert len(ex.train_line.get_xdata()) == 5 and len(ex.val_line.get_ydata()) == 5
    assert ex.state["updates"] == 40
    _, history = reference_history(10, 5, 0.5)
    np.testing.assert_allclose(ex.val_line.get_ydata(), history.history["val_loss"], rtol=1e-10)
    # more epochs continue the same run: the first 5 epochs are identical
    ex.controls["epochs"].value = 12
    np.testing.assert_allclose(ex.val_line.get_ydata()[:5], history.history["val_loss"], rtol=1e-10)
    assert ex.ax_loss.get_xlim()[1] == pytest.approx(12.5)


def test_learning_rate_slider():
    ex = TrainingExplorer()
    before = ex.train_line.get_ydata().copy()
    ex.controls["learning_rate"].value = 0.01
    assert not np.allclose(before, ex.train_line.get_ydata())
    _, history = reference_history(10, 20, 0.01)
    np.testing.assert_allclose(ex.train_line.get_ydata(), history.history["loss"], rtol=1e-10)
    # a tiny learning rate learns slowly: after 20 epochs the loss is far above the default run's
    assert ex.train_line.get_ydata()[-1] > before[-1] + 0.1
    assert ex.state["learning_rate"] == pytest.approx(0.01)


# Issue 9 item 4: readable at 1024 px (the picture scaled to a ~700 px column) and at 390 px.
def test_text_at_least_11px_and_inside_the_picture():
    ex = TrainingExplorer()
    for b in (1, 75):
        ex.controls["batch_size"].value = b
        ex.controls["epochs"].value = 40
        assert_readable(ex.figure)


def test_slider_readouts_are_short_and_words_go_to_the_html_readout():
    ex = TrainingExplorer()
    slider = ex.controls["batch_size"]
    # the slider's readout box holds about 7 characters: every option label is a bare number
    labels = [label for label, _ in slider.options]
    assert all(label.isdigit() and len(label) <= 4 for label in labels)
    assert labels[-1] == "75"
    for b in (1, 75):
        slider.value = b
        assert slider.label == str(b)                # the slider shows the number the text talks about
        assert f"batch size {b}" in ex.readout.value
    assert "full batch" in ex.readout.value         # said in the readout, which wraps
    # every control fits a 390 px phone column: fixed widths no wider than that, capped at 100%
    for control in ex.controls.values():
        width = control.layout.width
        assert width is None or int(width.rstrip("px")) <= 390 - 40
        assert control.layout.max_width == "100%"


def test_flipbook_frames_differ_and_follow_the_batch_size():
    # the chapter's flip-book: one frame per batch size, each with its own readout and picture
    ex = TrainingExplorer()
    book = ex.flipbook("batch_size", [1, 5, 25, 75])
    frames = book.stack.children
    pictures = [next(c.value for c in f.children if "nnbook-flipbook-frame" in c.value) for f in frames]
    assert len(set(pictures)) == 4
    for frame, b in zip(frames, (1, 5, 25, 75)):
        assert any(f"batch size {b}" in c.value and f"ceil(75 / {b})" in c.value for c in frame.children)
    assert ex.controls["batch_size"].value == 10           # the explorer is left as it was
