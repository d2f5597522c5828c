"""The common machinery of every explorer.

An explorer is a small object with named controls (ipywidgets sliders,
dropdowns, ...), a matplotlib figure and a ``draw`` method that updates the
figure from the controls' values. Moving a control calls :meth:`Explorer.update`,
which redraws and re-renders the figure into an image widget.

Tests drive explorers without a browser: set ``explorer.controls['w1'].value``,
then read the figure's artists (line data, texts) or ``explorer.state``.

In the static HTML book no Python runs, so the picture stays as it was when the
page was built; :data:`STATIC_NOTE` says so in the explorer itself.
"""
from __future__ import annotations

import base64
import html
import io

import ipywidgets as widgets
from matplotlib.figure import Figure

STATIC_NOTE = (
    "<b>Live only in a running notebook.</b> On the published web page this picture was drawn "
    "once, at the starting values, and the controls cannot redraw it (no Python runs there). "
    "To explore, open the chapter in Binder or Colab with the rocket button at the top of the "
    "page, or run the notebook locally."
)


class Explorer:
    """Base class. Subclasses create controls in ``__init__`` via :meth:`add_control`,
    create their axes on ``self.figure``, then call :meth:`start`; they implement :meth:`draw`."""

    #: alt text for the rendered figure; subclasses describe what the picture shows
    alt_text = "Interactive figure"

    def __init__(self, *, figsize=(7.5, 4.0), dpi: int = 90):
        self.controls: dict[str, widgets.Widget] = {}
        self.figure = Figure(figsize=figsize, dpi=dpi, layout="constrained")
        # An HTML widget holding an <img> (rather than widgets.Image) so that the picture
        # carries its alt text, in a live notebook and in the static HTML book alike.
        self.image = widgets.HTML()
        self.png = b""
        self.readout = widgets.HTML()
        self.note = widgets.HTML(f'<div class="nnbook-static-note" style="font-size:0.85em;'
                                 f'border-left:3px solid #888;padding-left:0.6em;margin:0.3em 0">'
                                 f"{STATIC_NOTE}</div>")
        #: the numbers behind the current picture, for readouts and tests
        self.state: dict = {}
        self.draw_count = 0

    def add_control(self, name: str, widget: widgets.Widget) -> widgets.Widget:
        self.controls[name] = widget
        widget.observe(self.update, names="value")
        return widget

    def values(self) -> dict:
        return {name: w.value for name, w in self.controls.items()}

    def start(self) -> "Explorer":
        """Draw once with constrained layout, then freeze that layout: the axes do not
        move when a control changes, and skipping the layout pass halves each redraw."""
        self.update()
        self.figure.set_layout_engine("none")
        return self

    def update(self, change=None) -> None:
        """Redraw from the controls and re-render the picture."""
        self.draw(**self.values())
        self.draw_count += 1
        buf = io.BytesIO()
        self.figure.savefig(buf, format="png")
        self.png = buf.getvalue()
        self.image.value = (f'<img class="nnbook-explorer-figure" alt="{html.escape(self.alt_text, quote=True)}" '
                            f'style="max-width:100%;height:auto" '
                            f'src="data:image/png;base64,{base64.b64encode(self.png).decode("ascii")}">')

    def draw(self, **values) -> None:
        raise NotImplementedError

    def layout(self) -> widgets.Widget:
        """The widget tree shown in the notebook: note, controls, readout, picture.
        The controls wrap onto as many rows as the page width needs."""
        return widgets.VBox([self.note, control_row(list(self.controls.values())), self.readout, self.image])

    def flipbook(self, name: str, values, *, fmt: str = "{:g}") -> widgets.Widget:
        """A version of this explorer that works without Python: one picture (and
        readout) for each of ``values`` of the control ``name``, all drawn now, and a
        slider that switches between them in the browser itself (``jslink`` between the
        slider's index and a ``Stack``). On the published web page, where the explorer
        cannot redraw, the flip-book still responds. The other controls keep their
        current values; the explorer is left as it was.
        """
        if name not in self.controls:
            raise ValueError(f"flipbook expected the name of a control; received {name!r}. "
                             f"Controls: {', '.join(self.controls)}.")
        values = list(values)
        if len(values) < 2:
            raise ValueError(f"flipbook expected at least two values; received {len(values)}.")
        control = self.controls[name]
        start = control.value
        frames = []
        for value in values:
            control.value = value            # redraws through the observer
            picture = self.image.value.replace("nnbook-explorer-figure", "nnbook-flipbook-frame")
            frames.append(widgets.VBox([widgets.HTML(self.readout.value), widgets.HTML(picture)]))
        control.value = start
        labels = [fmt.format(v) for v in values]
        nearest = min(range(len(values)), key=lambda i: abs(float(values[i]) - float(start)))
        chooser = widgets.SelectionSlider(options=labels, index=nearest, description=control.description,
                                          style={"description_width": "initial"},
                                          layout=widgets.Layout(width="420px", max_width="100%"),
                                          continuous_update=True)
        stack = widgets.Stack(frames, selected_index=nearest)
        widgets.jslink((chooser, "index"), (stack, "selected_index"))
        note = widgets.HTML(f'<div class="nnbook-flipbook-note" style="font-size:0.85em">'
                            f"<b>Flip-book, works on the web page too.</b> These {len(values)} pictures were "
                            f"drawn with {control.description} = {', '.join(labels)}; the slider switches "
                            "between them without any Python running.</div>")
        return widgets.VBox([note, chooser, stack])

    def _repr_mimebundle_(self, include=None, exclude=None):
        """Display as the widget tree, with the current picture as a PNG fallback: a
        renderer without widget support (a PDF build, a plain viewer) shows the picture
        instead of a widget's text description."""
        bundle = dict(self.layout()._repr_mimebundle_(include=include, exclude=exclude))
        bundle["image/png"] = base64.b64encode(self.png).decode("ascii")
        bundle["text/plain"] = f"{type(self).__name__}: {self.alt_text}"
        return bundle

    def __repr__(self):
        vals = ", ".join(f"{k}={v!r}" for k, v in self.values().items())
        return f"{type(self).__name__}({vals})"


def control_row(controls) -> widgets.Widget:
    """A row of controls that wraps onto further rows when the page is narrow."""
    return widgets.HBox(controls, layout=widgets.Layout(flex_flow="row wrap", max_width="100%"))


def slider(value, lo, hi, step, description, *, log=False, readout_format=".2f"):
    """A continuous slider with a readable description.

    With ``log=True`` it is a FloatLogSlider: ``lo`` and ``hi`` are then powers of ten
    (``lo=-3, hi=0`` spans 0.001 to 1) and ``value`` is the actual value.
    """
    style = {"description_width": "initial"}
    # Wide enough that a long description leaves the track at least about 150 px; never
    # wider than the column, so that on a phone the track shrinks instead of overflowing.
    width = f"{max(300, 210 + 7 * len(description))}px"
    kw = dict(value=value, min=lo, max=hi, step=step, description=description, style=style,
              continuous_update=False, readout_format=readout_format,
              layout=widgets.Layout(width=width, max_width="100%"))
    return widgets.FloatLogSlider(base=10, **kw) if log else widgets.FloatSlider(**kw)
