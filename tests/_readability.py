"""Helpers for the explorers' readability tests (issue 9 item 4): font sizes on screen, drawn texts."""

#: the book's column at a 1024 px window (the picture is scaled down to it)
COLUMN_PX = 700


def on_screen_px(fig, text):
    """The rendered height of a font, in screen pixels, once the picture is scaled to the column."""
    width_px = fig.get_size_inches()[0] * fig.dpi
    return text.get_fontsize() * fig.dpi / 72 * min(1.0, COLUMN_PX / width_px)


def visible_texts(fig):
    """Every text matplotlib draws: titles, axis labels, legend entries and the tick labels
    inside each axis's view (matplotlib keeps, but does not draw, ticks outside it)."""
    import matplotlib.text
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    FigureCanvasAgg(fig).draw()
    tick_labels, drawn = set(), []
    for ax in fig.axes:
        for axis, (lo, hi) in ((ax.xaxis, sorted(ax.get_xlim())), (ax.yaxis, sorted(ax.get_ylim()))):
            for tick in axis.get_major_ticks():
                tick_labels.add(id(tick.label1))
                if lo - 1e-9 <= tick.get_loc() <= hi + 1e-9 and tick.label1.get_visible():
                    drawn.append(tick.label1)
    for t in fig.findobj(matplotlib.text.Text):
        if id(t) not in tick_labels and t.get_visible() and t.get_text().strip():
            drawn.append(t)
    return [t for t in drawn if t.get_text().strip()]



def assert_readable(fig, min_px: float = 11.0):
    """Every drawn text is at least ``min_px`` high on screen and lies wholly inside the picture."""
    texts = visible_texts(fig)
    renderer = fig.canvas.get_renderer()
    assert len(texts) > 10                      # titles, labels, ticks, legend
    for t in texts:
        assert on_screen_px(fig, t) >= min_px, (t.get_text(), t.get_fontsize())
        box = t.get_window_extent(renderer)
        # nothing cut off at the picture's edges (a title wider than its panel would be)
        assert box.x0 >= -1 and box.x1 <= fig.bbox.x1 + 1, t.get_text()
        assert box.y0 >= -1 and box.y1 <= fig.bbox.y1 + 1, t.get_text()
    return texts
