"""The digit browser of the capstone chapter: one test digit at a time, with the network's verdict.

:class:`DigitBrowser` shows a handwritten digit and, next to it, the probabilities
the network's softmax output gives to the ten classes, with the true class
highlighted. A toggle restricts the browsing to the digits the network gets wrong.

The slider counts from 1, as the readout does ("example 3 of 359"); the picture's title
names the example's row in the data (``X[i]``, counted from 0 as numpy does).
"""
from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from ._base import Explorer

TRUE_COLOR = "#2ca02c"      # the true class's bar
WRONG_COLOR = "#d62728"     # the predicted class's bar when it is wrong
OTHER_COLOR = "#b0b0b0"
#: the toggle's label and width: wide enough for the whole label, icon included, at 1024 px and on a phone
TOGGLE_LABEL = "mistakes only"
TOGGLE_WIDTH_PX = 170


class DigitBrowser(Explorer):
    """Browse test digits with the network's predicted probabilities.

    Parameters
    ----------
    model : a trained classifier with a softmax output (``predict_proba`` gives one column per class).
    X : the inputs exactly as the model takes them (scaled), shape (n, n_features).
    y : the true labels, shape (n,).
    images : the pictures to show, shape (n, side*side), e.g. the unscaled pixels; default ``X``.

    Left: the digit (dark = ink). Right: the probability of each class, the true class in
    green; when the prediction is wrong, the predicted class is red. The ``index`` slider
    walks through the examples, numbered 1 to n as in the readout ("example 3 of n"); the
    ``only_misclassified`` toggle ("mistakes only") restricts it to the examples whose most
    probable class is not the true one, numbered 1 to their count.

    Things to try: turn on "mistakes only" and look at each mistake. Would you have
    read the digit the way the network did? Is the true class the runner-up? Then browse
    the correct ones: how sure is the network, typically?
    """

    alt_text = ("Two panels. Left: an 8 by 8 pixel image of a handwritten digit in shades of grey. "
                "Right: a bar chart of the network's predicted probability for each digit 0 to 9; the "
                "bar of the true class is green and, when the network is wrong, the bar of its predicted "
                "class is red.")

    def __init__(self, model, X, y, images=None):
        super().__init__(figsize=(7.5, 3.2))
        X = np.asarray(X, dtype=float)
        self.y = np.asarray(y).astype(int)
        if len(X) != len(self.y):
            raise ValueError(f"X and y expected the same length; received {len(X)} and {len(self.y)}.")
        self.images = X if images is None else np.asarray(images, dtype=float)
        if len(self.images) != len(self.y):
            raise ValueError(f"images expected one row per example ({len(self.y)}); received {len(self.images)}.")
        self.side = int(round(np.sqrt(self.images.shape[1])))
        if self.side * self.side != self.images.shape[1]:
            raise ValueError(f"images expected square pictures flattened to rows; received rows of "
                             f"{self.images.shape[1]} values.")
        self.proba = np.asarray(model.predict_proba(X), dtype=float)
        if self.proba.ndim != 2 or self.proba.shape[1] < 2:
            raise ValueError("DigitBrowser expected a softmax classifier (one output per class).")
        self.predicted = self.proba.argmax(axis=1)
        self.wrong = np.flatnonzero(self.predicted != self.y)
        self.n_classes = self.proba.shape[1]
        self._adjusting = False

        style = {"description_width": "initial"}
        # positions count from 1, like the readout's "example 3 of 359"
        self.add_control("index", widgets.IntSlider(value=1, min=1, max=len(self.y), step=1,
                                                    description="example", style=style,
                                                    continuous_update=False))
        self.add_control("only_misclassified", widgets.ToggleButton(
            value=False, description=TOGGLE_LABEL, icon="filter",
            disabled=len(self.wrong) == 0,
            layout=widgets.Layout(width=f"{TOGGLE_WIDTH_PX}px", max_width="100%"),
            tooltip="Browse only the examples the network gets wrong"))

        grid = self.figure.add_gridspec(1, 2, width_ratios=[1.0, 1.6])
        self.ax_img = self.figure.add_subplot(grid[0])
        self.ax_bar = self.figure.add_subplot(grid[1])
        self.image_artist = self.ax_img.imshow(np.zeros((self.side, self.side)), cmap="gray_r",
                                               vmin=0, vmax=max(float(self.images.max()), 1e-12),
                                               interpolation="nearest")
        self.ax_img.set_xticks([])
        self.ax_img.set_yticks([])
        self.bars = self.ax_bar.bar(np.arange(self.n_classes), np.zeros(self.n_classes), color=OTHER_COLOR)
        self.ax_bar.set_xticks(np.arange(self.n_classes))
        self.ax_bar.set_ylim(0, 1.12)
        self.ax_bar.set_xlabel("class")
        self.ax_bar.set_ylabel("predicted probability")
        self.bar_text = self.ax_bar.text(0, 0, "", ha="center", va="bottom", fontsize=9)
        self.start()

    def pool(self, only_misclassified: bool) -> np.ndarray:
        """The example numbers the slider walks through."""
        return self.wrong if only_misclassified and len(self.wrong) else np.arange(len(self.y))

    def update(self, change=None):
        if not self._adjusting:
            super().update(change)

    def draw(self, index, only_misclassified):
        """``index`` is the position in the pool, counted from 1."""
        pool = self.pool(only_misclassified)
        slider = self.controls["index"]
        if slider.max != len(pool):
            self._adjusting = True          # changing max may clamp the value: no redraw for that
            try:
                slider.max = len(pool)
                if index > slider.max:
                    slider.value = slider.max
            finally:
                self._adjusting = False
            index = slider.value
        position = min(max(int(index), 1), len(pool))
        i = int(pool[position - 1])
        true, pred = int(self.y[i]), int(self.predicted[i])
        p = self.proba[i]

        self.image_artist.set_data(self.images[i].reshape(self.side, self.side))
        verdict = "correct" if pred == true else "wrong"
        self.ax_img.set_title(f"row {i}: true {true}, predicted {pred}",
                              fontsize=10, color="black" if pred == true else WRONG_COLOR)
        for k, bar in enumerate(self.bars):
            bar.set_height(p[k])
            bar.set_color(TRUE_COLOR if k == true else WRONG_COLOR if k == pred else OTHER_COLOR)
        self.bar_text.set_position((pred, p[pred] + 0.01))
        self.bar_text.set_text(f"{p[pred]:.2f}")
        self.ax_bar.set_title(f"softmax output ({verdict}); true class in green", fontsize=10)

        self.state = {"example": i, "position": position, "pool_size": len(pool), "true": true,
                      "predicted": pred, "correct": pred == true, "probabilities": p.copy(),
                      "p_true": float(p[true]), "p_predicted": float(p[pred])}
        where = "misclassified example" if only_misclassified and len(self.wrong) else "example"
        self.readout.value = (f"{where} {position} of {len(pool)} (row {i} of the data): true class "
                              f"<b>{true}</b>, predicted <b>{pred}</b> with p = {p[pred]:.3f}; "
                              f"p(true class) = {p[true]:.3f}. The network gets {len(self.wrong)} of "
                              f"{len(self.y)} wrong.")
