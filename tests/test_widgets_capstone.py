"""Tests of the digit browser (capstone chapter): drive both controls, check the picture."""
import numpy as np
import pytest

import nnbook as nb
from nnbook.widgets.capstone import OTHER_COLOR, TOGGLE_WIDTH_PX, TRUE_COLOR, WRONG_COLOR, DigitBrowser
from matplotlib.colors import to_hex
from matplotlib.text import Text

from _readability import on_screen_px


@pytest.fixture(scope="module")
def setup():
    X, y = nb.load_digits()
    X_train, X_test, y_train, y_test = nb.train_test_split(X, y, test_size=0.2, seed=0, stratify=True)
    scaler = nb.StandardScaler().fit(X_train)
    model = nb.Sequential([nb.Dense(16, activation="relu"), nb.Dense(10, activation="softmax")], seed=0)
    model.compile(optimizer=nb.Adam(learning_rate=0.01), loss="sparse_categorical_crossentropy")
    model.fit(scaler.transform(X_train), y_train, epochs=3, batch_size=64, verbose=0)
    Xs = scaler.transform(X_test)
    return model, Xs, y_test, X_test


@pytest.fixture()
def browser(setup):
    model, Xs, y, images = setup
    return DigitBrowser(model, Xs, y, images=images)


def test_index_slider_shows_that_example(setup, browser):
    model, Xs, y, images = setup
    proba = model.predict_proba(Xs)          # independent of the browser
    for i in (0, 5, len(y) - 1):
        browser.controls["index"].value = i + 1          # the slider counts from 1
        assert browser.state["example"] == i
        assert browser.state["position"] == i + 1
        assert browser.state["true"] == y[i]
        assert np.array_equal(browser.image_artist.get_array(), images[i].reshape(8, 8))
        heights = [bar.get_height() for bar in browser.bars]
        assert np.allclose(heights, proba[i])
        assert np.isclose(sum(heights), 1.0)
        pred = int(np.argmax(proba[i]))
        assert browser.state["predicted"] == pred
        assert to_hex(browser.bars[y[i]].get_facecolor()) == TRUE_COLOR
        others = [k for k in range(10) if k not in (y[i], pred)]
        assert all(to_hex(browser.bars[k].get_facecolor()) == OTHER_COLOR for k in others)
        if pred != y[i]:
            assert to_hex(browser.bars[pred].get_facecolor()) == WRONG_COLOR
        assert f"predicted {pred}" in browser.ax_img.get_title()


def test_only_misclassified_toggle(setup, browser):
    model, Xs, y, _ = setup
    wrong = np.flatnonzero(model.predict_proba(Xs).argmax(axis=1) != y)
    assert len(wrong) > 0                      # a 3-epoch network makes mistakes
    browser.controls["index"].value = len(y)
    browser.controls["only_misclassified"].value = True
    assert browser.controls["index"].max == len(wrong)
    assert browser.controls["index"].min == 1
    assert browser.state["pool_size"] == len(wrong)
    seen = []
    positions = range(min(len(wrong), 6))
    for k in positions:
        browser.controls["index"].value = k + 1
        assert browser.state["correct"] is False
        assert browser.state["predicted"] != browser.state["true"]
        bar_true = browser.bars[browser.state["true"]]
        bar_pred = browser.bars[browser.state["predicted"]]
        assert to_hex(bar_true.get_facecolor()) == TRUE_COLOR
        assert to_hex(bar_pred.get_facecolor()) == WRONG_COLOR
        seen.append(browser.state["example"])
    assert seen == wrong[:len(positions)].tolist()
    browser.controls["index"].value = len(wrong)
    assert browser.state["example"] == wrong[-1]
    assert f"misclassified example {len(wrong)} of {len(wrong)}" in browser.readout.value
    browser.controls["only_misclassified"].value = False
    assert browser.controls["index"].max == len(y)
    assert browser.state["pool_size"] == len(y)


def test_bad_inputs(setup):
    model, Xs, y, images = setup
    with pytest.raises(ValueError):
        DigitBrowser(model, Xs, y[:-1])
    with pytest.raises(ValueError):
        DigitBrowser(model, Xs, y, images=images[:, :60])


def test_slider_numbers_match_the_readout(setup, browser):
    """Issue 9: the slider showed 0..n-1 while the text said "example 1 of n"."""
    _, _, y, _ = setup
    slider = browser.controls["index"]
    assert (slider.min, slider.max) == (1, len(y))
    for position in (1, 3, len(y)):
        slider.value = position
        assert f"example {position} of {len(y)}" in browser.readout.value
        assert browser.state["example"] == position - 1
        assert browser.ax_img.get_title().startswith(f"row {position - 1}:")


def test_toggle_label_fits_its_button(browser):
    """Issue 9: the toggle read "only misclassi..." (cut off). The button is given a fixed
    width that holds the whole label: about 7.5 px per character of a 13 px font, plus the
    icon (about 20 px) and the padding (about 30 px); at most 100% of a narrow column."""
    toggle = browser.controls["only_misclassified"]
    assert toggle.layout.width == f"{TOGGLE_WIDTH_PX}px"
    assert toggle.layout.max_width == "100%"
    assert 7.5 * len(toggle.description) + 20 + 30 <= TOGGLE_WIDTH_PX
    assert TOGGLE_WIDTH_PX <= 390 - 40          # fits a phone's column (390 px) with margins
    assert "mistakes" in toggle.description


def test_every_text_at_least_11_px(browser):
    """Every label of the picture renders at >= 11 px in a column of 700 px."""
    fig = browser.figure
    texts = [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]
    assert len(texts) > 10
    for t in texts:
        assert on_screen_px(fig, t) >= 11, (t.get_text(), t.get_fontsize())


def test_flipbook_frames_differ(browser):
    book = browser.flipbook("index", [1, 2, 39])
    pictures = [frame.children[-1].value for frame in book.stack.children]
    assert len(set(pictures)) == 3
