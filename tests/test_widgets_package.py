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


def test_display_offers_the_widget_and_a_png_fallback():
    import base64

    explorer = w.NeuronExplorer()
    bundle = explorer._repr_mimebundle_()
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"]
    assert base64.b64decode(bundle["image/png"]) == explorer.png
    assert bundle["text/plain"].startswith("NeuronExplorer: ")
    assert f'alt="{explorer.alt_text[:20]}' in explorer.image.value


def test_flipbook_holds_one_frame_per_value_and_links_them_in_the_browser():
    explorer = w.NeuronExplorer()
    start_png = explorer.png
    book = explorer.flipbook("b", [-2.0, 0.0, 2.0])
    note, chooser, stack = book.children
    assert chooser.options == ("-2", "0", "2") and chooser.index == 1  # nearest to the start b = 0
    assert len(stack.children) == 3 and stack.selected_index == 1
    pictures = [frame.children[1].value for frame in stack.children]
    assert len(set(pictures)) == 3                   # each b draws a different picture
    assert all('class="nnbook-flipbook-frame"' in p and "alt=" in p for p in pictures)
    assert "+ 2.00 = 0" in stack.children[2].children[0].value     # its readout travels with it
    assert explorer.controls["b"].value == 0.0 and explorer.png == start_png  # explorer left as it was
    chooser.index = 2                                # the link is client-side; in Python the stack
    assert stack.selected_index == 1                 # only follows in a browser (jslink)
    with pytest.raises(ValueError, match="Controls: w1, w2, b, dataset"):
        explorer.flipbook("bias", [0, 1])
