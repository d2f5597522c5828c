"""The common machinery of every explorer.

An explorer is a small object with named controls (ipywidgets sliders,
dropdowns, ...), a matplotlib figure and a ``draw`` method that updates the
figure from the controls' values. Moving a control calls :meth:`Explorer.update`,
which redraws and re-renders the figure into an image widget.

Tests drive explorers without a browser: set ``explorer.controls['w1'].value``,
then read the figure's artists (line data, texts) or ``explorer.state``.

One explorer, two worlds. In a running notebook the learner sees the live explorer
(controls, readout, picture) and nothing that contradicts it. On the published web page
no Python runs: the picture stays as it was drawn when the page was built, so the page
hides the dead controls, shows :data:`STATIC_NOTE` in their place, and offers frames drawn
in advance that switch in the browser itself: :meth:`Explorer.flipbook` (frames along one
control) and :meth:`Explorer.gallery` (one frame per named setting of several controls).
Which world shows what is decided by two CSS classes, so that the saved notebook is the
same file in both worlds:

- ``nnbook-web-only`` (the note, the flip-books and galleries): hidden by an inline
  ``display: none``, which the book's stylesheet (``_assets/nnbook.css``) overrides;
- ``nnbook-live-only`` (the controls, the "the live explorer is above" line): shown
  everywhere except on the book's pages, whose stylesheet hides them.

Before a notebook is run (JupyterLab shows an unrun, untrusted notebook's outputs without
its widgets; GitHub and other viewers never show widgets) an explorer's output falls back
to its picture and one line saying that running the cell brings the controls, never to a
widget's text description.
"""
from __future__ import annotations

import base64
import html
import io

import ipywidgets as widgets
from matplotlib.figure import Figure

STATIC_NOTE = (
    "<b>Drawn once, at the starting values.</b> This explorer's controls need Python, which a "
    "web page does not run, so they are not shown here. The flip-books and galleries below it "
    "were drawn in advance and do respond on this page. To move every control yourself, open the "
    "chapter in Binder or Colab with the rocket button at the top of the page, or run the "
    "notebook locally."
)

#: the one line an explorer's output shows before its cell is run (no widgets yet)
RUN_HINT = ("\u25b6 Run this cell to bring the controls: the picture above was drawn when the "
            "notebook was saved.")

WEB_ONLY = "nnbook-web-only"
LIVE_ONLY = "nnbook-live-only"

# Frames drawn in advance are stored with at most this many colours (a palette PNG, colours
# chosen by Pillow's maximum-coverage quantizer, no dithering): no pixel moves by more than a
# few levels of 255, and a frame takes about a third of the bytes.
FRAME_COLOURS = 256


def _web_only_html(inner: str, cls: str, style: str = "") -> str:
    return f'<div class="{cls} {WEB_ONLY}" style="display:none;{style}">{inner}</div>'


def _palette_png(png: bytes) -> bytes:
    """The same picture with at most FRAME_COLOURS colours, which PNG stores compactly."""
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    small = image.quantize(colors=FRAME_COLOURS, method=Image.Quantize.MAXCOVERAGE, dither=Image.Dither.NONE)
    buf = io.BytesIO()
    small.save(buf, format="PNG", optimize=True)
    return buf.getvalue() if buf.tell() < len(png) else png


def _img_tag(png: bytes, cls: str, alt: str) -> str:
    return (f'<img class="{cls}" alt="{html.escape(alt, quote=True)}" style="max-width:100%;height:auto" '
            f'src="data:image/png;base64,{base64.b64encode(png).decode("ascii")}">')


class FlipBook(widgets.VBox):
    """Frames drawn in advance and a chooser that switches between them in the browser
    (made by :meth:`Explorer.flipbook` and :meth:`Explorer.gallery`).

    Its first child is a line shown only in a running notebook (where the live explorer
    above does everything the frames do); its second, ``frames_box``, holds the note, the
    chooser and the frames, and is shown only on the web page.
    """

    def __init__(self, live_line: str, frames_box: widgets.Widget, fallback: str):
        live = widgets.HTML(f'<div class="nnbook-live-line" style="font-size:0.85em;line-height:1.45">{live_line}</div>')
        live.add_class(LIVE_ONLY)
        frames_box.add_class(WEB_ONLY)
        frames_box.layout.display = "none"
        super().__init__([live, frames_box])
        self.frames_box = frames_box
        self._fallback = fallback

    @property
    def note(self) -> widgets.HTML:
        return self.frames_box.children[0]

    @property
    def chooser(self) -> widgets.Widget:
        return self.frames_box.children[1]

    @property
    def stack(self) -> widgets.Stack:
        return self.frames_box.children[2]

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = dict(super()._repr_mimebundle_(include=include, exclude=exclude))
        bundle["text/html"] = f'<p class="nnbook-run-hint"><i>{html.escape(self._fallback)}</i></p>'
        bundle["text/plain"] = self._fallback
        return bundle


def _book(frames: list, chooser: widgets.Widget, note: str, live_line: str, fallback: str) -> FlipBook:
    """Assemble a flip-book or gallery: ``chooser``'s index picks one of ``frames`` in a
    ``Stack``, linked in the browser (``jslink``), so it works with no Python running."""
    stack = widgets.Stack(frames, selected_index=chooser.index)
    widgets.jslink((chooser, "index"), (stack, "selected_index"))
    note = widgets.HTML(f'<div class="nnbook-flipbook-note" style="font-size:0.85em;line-height:1.45">{note}</div>')
    return FlipBook(live_line, widgets.VBox([note, chooser, stack]), fallback)


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
        self.note = widgets.HTML(_web_only_html(STATIC_NOTE, "nnbook-static-note",
                                                "font-size:0.85em;line-height:1.45;border-left:3px solid #888;"
                                                "padding-left:0.6em;margin:0.3em 0"))
        #: the numbers behind the current picture, for readouts and tests
        self.state: dict = {}
        self.draw_count = 0
        self._holding = False

    def add_control(self, name: str, widget: widgets.Widget) -> widgets.Widget:
        self.controls[name] = widget
        widget.observe(self.update, names="value")
        return widget

    def values(self) -> dict:
        return {name: w.value for name, w in self.controls.items()}

    def start(self) -> "Explorer":
        """Draw once with constrained layout, then freeze that layout: the axes do not
        move when a control changes, and skipping the layout pass halves each redraw.
        (``None``, not ``"none"``: matplotlib's "none" leaves a placeholder engine with
        which every ``savefig`` draws the figure twice.)"""
        self.update()
        self.figure.set_layout_engine(None)
        return self

    def update(self, change=None) -> None:
        """Redraw from the controls and re-render the picture (not while :meth:`_set`
        is changing several controls at once)."""
        if self._holding:
            return
        self.draw(**self.values())
        self.draw_count += 1
        buf = io.BytesIO()
        self.figure.savefig(buf, format="png")
        self.png = buf.getvalue()
        self.image.value = _img_tag(self.png, "nnbook-explorer-figure", self.alt_text)

    def draw(self, **values) -> None:
        raise NotImplementedError

    def layout(self) -> widgets.Widget:
        """The widget tree shown in the notebook: note, controls, readout, picture.
        The controls wrap onto as many rows as the page width needs."""
        return widgets.VBox([self.note, control_row(list(self.controls.values())), self.readout, self.image])

    def _set(self, values: dict) -> None:
        """Set several controls, then redraw once."""
        self._holding = True
        try:
            for name, value in values.items():
                self.controls[name].value = value
        finally:
            self._holding = False
        self.update()

    def _check_setting(self, name, value, where: str) -> None:
        """Refuse a value the control cannot take (a slider would silently clip it)."""
        if name not in self.controls:
            raise ValueError(f"{where} expected the name of a control; received {name!r}. "
                             f"Controls: {', '.join(self.controls)}.")
        control = self.controls[name]
        options = getattr(control, "options", None)
        if options is not None:
            labels = [o[1] if isinstance(o, tuple) else o for o in options]
            if value not in labels:
                raise ValueError(f"{where} expected one of {labels} for {name!r}; received {value!r}.")
        elif hasattr(control, "min") and hasattr(control, "max"):
            lo, hi = control.min, control.max
            if isinstance(control, widgets.FloatLogSlider):
                lo, hi = control.base ** lo, control.base ** hi
            if not lo <= value <= hi:
                raise ValueError(f"{where} expected {name!r} between {lo:g} and {hi:g} (the control's range); "
                                 f"received {value!r}. Widen the control's range or choose another value.")

    def _frame(self, caption: str = "") -> widgets.Widget:
        """The current picture and readout as one frame, stored as a palette PNG."""
        parts = [widgets.HTML(self.readout.value),
                 widgets.HTML(_img_tag(_palette_png(self.png), "nnbook-flipbook-frame", self.alt_text))]
        if caption:
            parts.insert(0, widgets.HTML(f'<div class="nnbook-frame-caption" style="font-size:0.9em">'
                                         f"{caption}</div>"))
        return widgets.VBox(parts)

    def flipbook(self, name: str, values, *, fmt: str = "{:g}") -> FlipBook:
        """A version of this explorer that works without Python: one picture (and
        readout) for each of ``values`` of the control ``name``, all drawn now, and a
        slider that switches between them in the browser itself (``jslink`` between the
        slider's index and a ``Stack``). It is shown on the published web page only: in a
        running notebook one line points to the live explorer instead. The other controls
        keep their current values; the explorer is left as it was.
        """
        values = list(values)
        if len(values) < 2:
            raise ValueError(f"flipbook expected at least two values; received {len(values)}.")
        for value in values:                 # also refuses an unknown control name
            self._check_setting(name, value, "flipbook")
        control = self.controls[name]
        start = control.value
        frames = []
        for value in values:
            self._set({name: value})
            frames.append(self._frame())
        self._set({name: start})
        labels = [fmt.format(v) for v in values]
        if all(isinstance(v, (int, float)) for v in values) and isinstance(start, (int, float)):
            nearest = min(range(len(values)), key=lambda i: abs(float(values[i]) - float(start)))
        else:
            nearest = values.index(start) if start in values else 0
        chooser = widgets.SelectionSlider(options=labels, index=nearest, description=control.description,
                                          style={"description_width": "initial"},
                                          layout=widgets.Layout(width="420px", max_width="100%"),
                                          continuous_update=True)
        what = html.escape(str(control.description))
        return _book(frames, chooser,
                     f"<b>Flip-book, works on the web page too.</b> These {len(values)} pictures were "
                     f"drawn with {what} = {', '.join(labels)}; the slider switches "
                     "between them without any Python running.",
                     f"(On the book's web page a flip-book of {len(values)} pictures along {what} stands "
                     "here. In this running notebook the explorer above is live: move its controls.)",
                     f"Flip-book for the web page: {len(values)} pictures along {control.description}. "
                     "In a notebook, run the explorer's cell above to move its controls live.")

    def gallery(self, presets: dict, *, description: str = "Show") -> FlipBook:
        """Frames for named settings of several controls, for the web page.

        ``presets`` maps a short label to the controls it sets, e.g.
        ``{"untrained": {"w1": 0.1, "b": 0.0}, "trained": {"w1": 2.3, "b": -1.1}}``; a
        control a preset does not name keeps its current value. Each frame is captioned
        with the settings it was drawn with; toggle buttons switch between the frames in
        the browser (no Python). Shown on the web page only, like :meth:`flipbook`. The
        explorer is left as it was.
        """
        if not isinstance(presets, dict) or len(presets) < 2:
            raise ValueError("gallery expected a dict of at least two presets {label: {control: value}}; "
                             f"received {presets!r:.200}.")
        for label, setting in presets.items():
            if not isinstance(setting, dict) or not setting:
                raise ValueError(f"gallery expected preset {label!r} to be a non-empty dict "
                                 f"{{control: value}}; received {setting!r:.200}.")
            for name, value in setting.items():
                self._check_setting(name, value, f"gallery preset {label!r}")
        start = self.values()
        frames = []
        for label, setting in presets.items():
            self._set({**start, **setting})
            shown = ", ".join(f"{html.escape(str(self.controls[n].description or n))} = "
                              f"{v:g}" if isinstance(v, float) else
                              f"{html.escape(str(self.controls[n].description or n))} = {html.escape(str(v))}"
                              for n, v in setting.items())
            frames.append(self._frame(f"<b>{html.escape(label)}</b>: {shown}"))
        self._set(start)
        labels = list(presets)
        chooser = widgets.ToggleButtons(options=labels, index=0, description=description,
                                        style={"description_width": "initial", "button_width": "auto"})
        return _book(frames, chooser,
                     f"<b>Gallery, works on the web page too.</b> {len(labels)} settings of this "
                     "explorer, drawn in advance: the buttons switch between them without any "
                     "Python running.",
                     f"(On the book's web page a gallery of {len(labels)} settings stands here: "
                     f"{html.escape(', '.join(labels))}. In this running notebook the explorer above "
                     "is live: set its controls yourself.)",
                     f"Gallery for the web page: {', '.join(labels)}. In a notebook, run the "
                     "explorer's cell above to move its controls live.")

    def live_layout(self) -> widgets.Widget:
        """:meth:`layout`, with every part other than the note, the readout and the picture
        (the controls) marked as shown only where Python runs."""
        tree = self.layout()
        for child in getattr(tree, "children", ()):
            if child not in (self.note, self.readout, self.image):
                child.add_class(LIVE_ONLY)
        return tree

    def _repr_mimebundle_(self, include=None, exclude=None):
        """Display as the widget tree, with two fallbacks for a front-end that shows no
        widgets (an unrun notebook in JupyterLab, GitHub's viewer, a PDF build): the
        picture with the line :data:`RUN_HINT` (HTML), and the bare picture (PNG)."""
        bundle = dict(self.live_layout()._repr_mimebundle_(include=include, exclude=exclude))
        bundle["text/html"] = (_img_tag(self.png, "nnbook-explorer-figure", self.alt_text)
                               + f'<p class="nnbook-run-hint"><i>{html.escape(RUN_HINT)}</i></p>')
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
