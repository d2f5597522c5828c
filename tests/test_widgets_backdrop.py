"""Tests of the frozen backdrop: a figure with its unchanging parts frozen renders the same
picture as the full drawing, at the frozen resolution and at any other."""
import io

import numpy as np
import pytest
from matplotlib.figure import Figure
from PIL import Image

from nnbook.widgets._backdrop import Backdrop, freeze


def pixels(figure, **kw):
    buf = io.BytesIO()
    figure.savefig(buf, format="png", **kw)
    return np.asarray(Image.open(io.BytesIO(buf.getvalue())).convert("RGB")).astype(int)


def make_figure():
    figure = Figure(figsize=(6, 3), dpi=80, layout="constrained")
    ax_static, ax_live = figure.subplots(1, 2)
    ax_static.scatter(np.arange(20), np.sin(np.arange(20)), s=8, label="points")
    ax_static.set_xlabel("x")
    ax_static.legend(loc="upper right", fontsize=9)
    (line,) = ax_static.plot(np.arange(20), np.zeros(20), color="#ff7f0e", zorder=5)
    ax_static.set_title("first", fontsize=10)
    ax_live.plot([0, 1], [0, 1])
    figure.canvas.draw_idle()
    pixels(figure)                       # the constrained layout is computed here
    figure.set_layout_engine(None)
    return figure, ax_static, ax_live, line


def test_frozen_figure_renders_the_same_picture():
    figure, ax_static, ax_live, line = make_figure()
    line.set_ydata(np.cos(np.arange(20)))
    full = pixels(figure)
    backdrop = freeze(figure, [ax_static], [line, ax_static.title])
    assert isinstance(backdrop, Backdrop) and backdrop in figure.artists
    assert not ax_static.xaxis.get_visible() and line.get_visible()
    assert ax_live.get_visible() and ax_live.xaxis.get_visible()         # other axes stay live
    frozen = pixels(figure)
    assert frozen.shape == full.shape
    assert np.mean(np.any(frozen != full, axis=2)) < 0.002             # the same picture
    # a live change shows up; the frozen parts stay
    line.set_ydata(np.full(20, 0.5))
    ax_static.set_title("second", fontsize=10)
    changed = pixels(figure)
    assert np.mean(np.any(changed != frozen, axis=2)) > 0.005
    for artist in backdrop.frozen:       # compare with a full drawing of the changed figure
        artist.set_visible(True)
    backdrop.set_visible(False)
    reference = pixels(figure)
    assert np.mean(np.any(changed != reference, axis=2)) < 0.002


def test_other_resolution_draws_the_frozen_artists_for_real():
    figure, ax_static, _, line = make_figure()
    full = pixels(figure, dpi=40)
    freeze(figure, [ax_static], [line, ax_static.title])
    small = pixels(figure, dpi=40)
    assert small.shape == full.shape
    assert np.mean(np.any(small != full, axis=2)) < 0.01
    assert not ax_static.xaxis.get_visible()            # and they are hidden again afterwards


def build(name):
    from nnbook import widgets
    kwargs = {"precompute": False} if name == "RegularizationExplorer" else {}
    return getattr(widgets, name)(**kwargs)


@pytest.mark.parametrize("name", ["RegularizationExplorer", "ScalingExplorer"])
def test_explorer_text_is_readable_at_book_width(name):
    # every text in the picture renders at >= 11 px when the figure is shown in a column of 700 px
    # or more (the book and JupyterLab at 1024 px width); frozen texts count too
    ex = build(name)
    width_px = ex.figure.get_figwidth() * ex.figure.dpi
    assert width_px <= 720
    scale = min(1.0, 700 / width_px)
    texts = [t for t in ex.figure.findobj(lambda a: hasattr(a, "get_fontsize") and hasattr(a, "get_text"))
             if t.get_text()]
    assert len(texts) > 15
    for t in texts:
        assert t.get_fontsize() * ex.figure.dpi / 72 * scale >= 11 - 1e-9, (t.get_text(), t.get_fontsize())


@pytest.mark.parametrize("name", ["RegularizationExplorer", "ScalingExplorer"])
def test_explorer_backdrop_matches_full_drawing(name):
    ex = build(name)
    frozen = np.asarray(Image.open(io.BytesIO(ex.png)).convert("RGB")).astype(int)
    backdrop = next(a for a in ex.figure.artists if isinstance(a, Backdrop))
    for artist in backdrop.frozen:
        artist.set_visible(True)
    backdrop.set_visible(False)
    full = pixels(ex.figure)
    assert frozen.shape == full.shape
    # only where a live curve now lies over a frozen tick, spine or label do the two differ
    assert np.mean(np.any(frozen != full, axis=2)) < 0.01
