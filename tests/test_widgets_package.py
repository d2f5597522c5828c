"""Every chapter's explorer can be imported from nnbook.widgets and draws at its defaults."""
import pytest

import nnbook.widgets as w


@pytest.mark.parametrize("name", sorted(w.EXPLORERS))
def test_every_explorer_is_exported_and_renders_with_alt_text(name):
    cls = getattr(w, name)
    assert issubclass(cls, w.Explorer)
    assert cls.alt_text != w.Explorer.alt_text, f"{name} should describe its own picture"


def test_unknown_name_lists_the_explorers():
    with pytest.raises(AttributeError, match="Explorers: NeuronExplorer"):
        w.NoSuchExplorer  # noqa: B018


def test_display_offers_the_widget_and_fallbacks_that_say_how_to_get_the_controls():
    import base64

    explorer = w.NeuronExplorer()
    bundle = explorer._repr_mimebundle_()
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"]
    assert base64.b64decode(bundle["image/png"]) == explorer.png
    # before the cell runs (no widgets): the picture and the one line that says what to do
    assert base64.b64encode(explorer.png).decode() in bundle["text/html"]
    assert "Run this cell to bring the controls" in bundle["text/html"]
    assert "VBox" not in bundle["text/html"] and "VBox" not in bundle["text/plain"]
    assert bundle["text/plain"].startswith("NeuronExplorer: ")
    assert f'alt="{explorer.alt_text[:20]}' in explorer.image.value


def test_live_controls_and_web_note_are_marked_for_their_world():
    explorer = w.NeuronExplorer()
    tree = explorer.live_layout()
    note, controls, readout, image = tree.children
    assert "nnbook-web-only" in note.value and "display:none" in note.value   # the book's CSS shows it
    assert "nnbook-live-only" in controls._dom_classes                          # the book's CSS hides it
    assert not readout._dom_classes and not image._dom_classes                  # both worlds


def test_flipbook_holds_one_frame_per_value_and_links_them_in_the_browser():
    explorer = w.NeuronExplorer()
    start_png = explorer.png
    book = explorer.flipbook("b", [-2.0, 0.0, 2.0])
    live_line, frames_box = book.children
    assert "nnbook-live-only" in live_line._dom_classes and "explorer above is live" in live_line.value
    assert "nnbook-web-only" in frames_box._dom_classes and frames_box.layout.display == "none"
    note, chooser, stack = frames_box.children
    assert (book.note, book.chooser, book.stack) == (note, chooser, stack)
    assert chooser.options == ("-2", "0", "2") and chooser.index == 1  # nearest to the start b = 0
    assert len(stack.children) == 3 and stack.selected_index == 1
    pictures = [frame.children[1].value for frame in stack.children]
    assert len(set(pictures)) == 3                   # each b draws a different picture
    assert all('class="nnbook-flipbook-frame"' in p and "alt=" in p for p in pictures)
    assert "+ 2.00 = 0" in stack.children[2].children[0].value     # its readout travels with it
    assert explorer.controls["b"].value == 0.0 and explorer.png == start_png  # explorer left as it was
    chooser.index = 2                                # the link is client-side; in Python the stack
    assert stack.selected_index == 1                 # only follows in a browser (jslink)
    bundle = book._repr_mimebundle_()
    assert "Flip-book for the web page" in bundle["text/html"] and "VBox" not in bundle["text/plain"]
    with pytest.raises(ValueError, match="Controls: w1, w2, b, dataset"):
        explorer.flipbook("bias", [0, 1])
    with pytest.raises(ValueError, match="between -6 and 6.*received 7"):
        explorer.flipbook("b", [0.0, 7.0])           # a slider would clip 7 to 6 without a word


def test_frames_are_stored_as_small_palette_pngs_that_look_the_same():
    import base64
    import io
    import re

    import numpy as np
    from PIL import Image

    explorer = w.NeuronExplorer()
    frame = explorer.flipbook("b", [0.0, 1.0]).stack.children[0].children[1].value
    stored = base64.b64decode(re.search(r"base64,([^\"]+)", frame).group(1))
    assert len(stored) < 0.7 * len(explorer.png)
    a = np.asarray(Image.open(io.BytesIO(stored)).convert("RGB"), dtype=float)
    b = np.asarray(Image.open(io.BytesIO(explorer.png)).convert("RGB"), dtype=float)
    assert a.shape == b.shape and np.abs(a - b).mean() < 3.0      # of 255


def test_gallery_draws_each_preset_once_and_leaves_the_explorer_as_it_was():
    explorer = w.NeuronExplorer(w1=-1.0, w2=0.5, b=0.0)
    start, start_png, draws = explorer.values(), explorer.png, explorer.draw_count
    book = explorer.gallery({"steep": {"w1": 3.0, "w2": 3.0}, "shifted": {"b": 2.0}}, description="Setting")
    assert explorer.draw_count == draws + 3          # one redraw per preset and one to restore
    assert explorer.values() == start and explorer.png == start_png
    assert book.chooser.options == ("steep", "shifted") and book.stack.selected_index == 0
    captions = [frame.children[0].value for frame in book.stack.children]
    assert "<b>steep</b>" in captions[0] and "= 3" in captions[0] and "<b>shifted</b>" in captions[1]
    pictures = [frame.children[2].value for frame in book.stack.children]
    assert pictures[0] != pictures[1]
    with pytest.raises(ValueError, match="at least two presets"):
        explorer.gallery({"one": {"b": 1.0}})
    with pytest.raises(ValueError, match="preset 'x' expected the name of a control"):
        explorer.gallery({"x": {"bias": 1.0}, "y": {"b": 0.0}})
    with pytest.raises(ValueError, match="non-empty dict"):
        explorer.gallery({"x": {}, "y": {"b": 0.0}})
    with pytest.raises(ValueError, match="expected one of"):
        explorer.gallery({"x": {"dataset": "no such data"}, "y": {"b": 0.0}})
