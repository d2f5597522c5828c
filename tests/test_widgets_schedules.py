"""Tests of the schedule explorer: the rate curve is the nnbook schedule's, the dots are
History.learning_rates, the losses are those of the same network trained independently.
"""
import math

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from _explorers import explorer_fixture  # noqa: E402
import nnbook as nb  # noqa: E402
from nnbook.widgets.schedules import (BATCH_SIZE, DATA_KW, EPOCHS, SCHEDULE_NAMES,  # noqa: E402
                                      ScheduleExplorer, make_schedule)

from _readability import assert_readable  # noqa: E402

T = 6 * EPOCHS   # 150 training rows, batches of 25: 6 updates per epoch


# one explorer per worker, put back at its starting values before each test
ex = explorer_fixture(ScheduleExplorer)


def reference(learning_rate):
    X, y = nb.make_moons(**DATA_KW)
    model = nb.Sequential([nb.Dense(16, activation="tanh"), nb.Dense(1, activation="sigmoid")], seed=0)
    model.compile(optimizer=nb.SGD(learning_rate=learning_rate), loss="binary_crossentropy")
    try:
        return model.fit(X, y, epochs=EPOCHS, batch_size=BATCH_SIZE, validation_split=0.25, verbose=0)
    except nb.DivergenceError as err:
        return err.history


def test_counts(ex):
    assert ex.n_train == 150 and ex.per_epoch == 6 and ex.total_steps == T


def test_schedule_shapes_follow_their_formulas():
    eta0, f = 2.0, 0.01
    step = make_schedule("step", eta0, f, T)
    assert step(0) == step(60) == eta0 and step(61) == pytest.approx(eta0 * 0.1) and step(91) == pytest.approx(eta0 * f)
    expo = make_schedule("exponential", eta0, f, T)
    assert expo(T) == pytest.approx(eta0 * f) and expo(T / 2) == pytest.approx(eta0 * 0.1)
    cos = make_schedule("cosine + warm-up", eta0, f, T)
    assert cos(0) == 0.0 and cos(6) == pytest.approx(1.0) and cos(12) == pytest.approx(eta0)
    assert cos(T) == pytest.approx(eta0 * f)
    # halfway through the cosine part the rate is halfway between the peak and the floor
    assert cos(12 + 54) == pytest.approx(eta0 * (f + (1 - f) / 2))
    assert make_schedule("constant", eta0, f, T) == eta0
    with pytest.raises(ValueError, match="expected one of"):
        make_schedule("linear", eta0, f, T)


@pytest.mark.parametrize("name", ["step", "cosine + warm-up"])
def test_curves_match_nnbook(ex, name):
    ex.controls["schedule"].value = name
    ex.controls["eta0"].value = 3.0
    ex.controls["final_fraction"].value = 0.1
    schedule = make_schedule(name, 3.0, 0.1, T)
    np.testing.assert_allclose(ex.rate_line.get_ydata(), schedule(np.arange(T)) / 3.0, rtol=1e-12)
    history = reference(schedule)
    # the dots are History.learning_rates: the rate of the next update, schedule(6 (epoch + 1))
    np.testing.assert_allclose(ex.rate_dots.get_ydata() * 3.0, history.learning_rates, rtol=1e-12)
    np.testing.assert_allclose(history.learning_rates, schedule(6 * np.arange(1, EPOCHS + 1)), rtol=1e-12)
    np.testing.assert_allclose(ex.train_line.get_ydata(), history.history["loss"], rtol=1e-10)
    np.testing.assert_allclose(ex.val_line.get_ydata(), history.history["val_loss"], rtol=1e-10)
    constant = reference(3.0)
    np.testing.assert_allclose(ex.const_val_line.get_ydata(), constant.history["val_loss"], rtol=1e-10)
    assert f"{history.history['val_loss'][-1]:.3f}" in ex.readout.value


def test_final_fraction_disabled_for_the_constant_rate(ex):
    ex.controls["schedule"].value = "constant"
    assert ex.controls["final_fraction"].disabled
    np.testing.assert_allclose(ex.rate_line.get_ydata(), 1.0)
    ex.controls["schedule"].value = "exponential"
    assert not ex.controls["final_fraction"].disabled


def test_a_decaying_rate_settles_where_the_constant_rate_does_not(ex):
    ex.controls["eta0"].value = 10.0
    ex.controls["final_fraction"].value = 0.01
    for name in ("step", "exponential", "cosine + warm-up"):
        ex.controls["schedule"].value = name
        last = ex.state["loss"][-5:]
        const = ex.state["constant_loss"][-5:]
        # the constant rate 10 jumps about; each decaying schedule ends far lower and steadier
        assert last.mean() < 0.5 * const.mean() and last.std() < 0.5 * const.std()


def test_runs_are_cached(ex):
    ex.controls["schedule"].value = "step"
    ex.controls["eta0"].value = 1.0
    before = len(ex._runs)
    ex.controls["eta0"].value = 0.3          # a setting not seen before trains (and caches) a run
    after = len(ex._runs)
    assert after >= before
    loss = ex.state["loss"].copy()
    ex.controls["eta0"].value = 1.0
    ex.controls["eta0"].value = 0.3          # back to both: no new training, the same curves
    assert len(ex._runs) == after
    np.testing.assert_array_equal(ex.state["loss"], loss)


def test_readable_and_short_readouts(ex):
    for name in SCHEDULE_NAMES:
        ex.controls["schedule"].value = name
        assert_readable(ex.figure)
    for key in ("eta0", "final_fraction"):
        labels = [label for label, _ in ex.controls[key].options]
        assert all(len(label) <= 4 for label in labels)
    for control in ex.controls.values():
        assert int(control.layout.width.rstrip("px")) <= 350 and control.layout.max_width == "100%"


def test_gallery_frames_differ_and_match_their_settings():
    from nnbook.widgets.schedules import SCHEDULE_PRESETS
    ex = ScheduleExplorer()
    start = ex.values()
    book = ex.gallery(SCHEDULE_PRESETS, description="Schedule")
    assert book.chooser.options == tuple(SCHEDULE_PRESETS)
    pictures = [next(child.value for child in frame.children if "nnbook-flipbook-frame" in child.value)
                for frame in book.stack.children]
    assert len(set(pictures)) == len(SCHEDULE_PRESETS)          # every preset draws its own picture
    assert ex.values() == start                                  # the explorer is left as it was
    # each frame's readout is that preset's run: its final validation loss is quoted
    for frame, setting in zip(book.stack.children, SCHEDULE_PRESETS.values()):
        run = ex.run(setting["schedule"], setting["eta0"], setting.get("final_fraction", 1.0))
        assert any(f"{run['val_loss'][-1]:.3f}" in child.value for child in frame.children)
