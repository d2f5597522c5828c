"""Draw the unchanging parts of an explorer's figure once, as one picture behind the rest.

Most of the time an explorer spends on a redraw goes into parts of the figure that
never change: tick labels, axis labels, legends, the data points. :func:`freeze` renders
those parts of the chosen axes once into a pixel array, hides them, and puts the array
behind everything else as a :class:`Backdrop`. Each later ``savefig`` then draws one
image plus the few artists that do change (the *live* ones), which is several times
faster and gives the same picture, except that every live artist now lies on top of
every frozen one.

Limits: a frozen axes must keep its limits, size and artists (an explorer that changes
limits leaves that axes live). When the figure is rendered at another resolution than
the frozen one (``savefig(dpi=...)``), the backdrop does not stretch its pixels: it draws
the frozen artists themselves, so the picture stays correct, only slower.
"""
from __future__ import annotations

import numpy as np
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg


class Backdrop(Artist):
    """The frozen part of a figure: an RGBA pixel array drawn first, at the figure's origin."""

    zorder = -1e9

    def __init__(self, pixels: np.ndarray, frozen: list):
        super().__init__()
        self.pixels = pixels
        self.frozen = frozen

    def draw(self, renderer):
        if not self.get_visible():
            return
        height, width = self.pixels.shape[:2]
        if (int(renderer.height), int(renderer.width)) == (height, width):
            gc = renderer.new_gc()
            renderer.draw_image(gc, 0, 0, self.pixels[::-1])   # Agg counts rows from the bottom
            gc.restore()
            return
        for artist in self.frozen:                                # another resolution: draw them for real
            artist.set_visible(True)
            try:
                artist.draw(renderer)
            finally:
                artist.set_visible(False)


def freeze(figure, axes, live) -> Backdrop:
    """Render everything of ``axes`` except the artists in ``live`` once, and replace it by a backdrop.

    ``axes``: the axes whose unchanging parts are frozen (other axes stay fully live).
    ``live``: artists of those axes that change from one redraw to the next (lines whose
    data move, titles whose text changes); they are drawn on every redraw, on top.
    The figure's layout must be final (call this after the explorer's first draw).
    """
    live = set(live)
    axes = list(axes)
    for ax in axes:
        # Pin each title where the full layout put it: matplotlib would otherwise move a
        # title up to clear tick labels it can no longer see once the axis is hidden.
        title = ax.title
        ax.set_title(title.get_text(), y=title.get_position()[1], fontsize=title.get_fontsize())
    others = [ax for ax in figure.axes if ax not in axes]
    frozen = []
    for ax in axes:                       # in the order Axes.draw paints them: background, then by zorder
        rest = [a for a in ax.get_children() if a is not ax.patch and a not in live and a.get_visible()]
        frozen += [ax.patch] * ax.patch.get_visible() + sorted(rest, key=lambda a: a.get_zorder())
    hidden = [artist for artist in list(live) + others if artist.get_visible()]
    for artist in hidden:
        artist.set_visible(False)
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    pixels = np.asarray(canvas.buffer_rgba()).copy()
    for artist in hidden:
        artist.set_visible(True)
    for artist in frozen:
        artist.set_visible(False)
    backdrop = Backdrop(pixels, frozen)
    figure.add_artist(backdrop)
    # the figure's own background is in the pixels; the axes patches are frozen too
    return backdrop
