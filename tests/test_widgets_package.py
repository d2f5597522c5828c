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
