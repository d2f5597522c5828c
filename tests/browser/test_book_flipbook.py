"""Flip-books (``Explorer.flipbook``) respond on the static page: their slider switches
pictures with no kernel, through a jslink between the slider and a Stack widget."""
import pytest

from _bookpages import WAIT_RENDERED_JS

pytestmark = pytest.mark.browser

VISIBLE_FRAME_JS = r"""
(book) => [...book.querySelectorAll('img.nnbook-flipbook-frame')]
    .filter((img) => img.getBoundingClientRect().width > 0)
    .map((img) => img.currentSrc.slice(-80))
"""


@pytest.mark.parametrize("path", ["chapters/01_neuron.html", "chapters/08_learning_rate.html",
                                  "chapters/03_activation_functions.html", "chapters/10_training.html",
                                  "chapters/12_normalization.html", "chapters/13_metrics.html",
                                  "chapters/14_capstone_digits.html"])
def test_flipbook_slider_switches_pictures_without_python(browser, path):
    page = browser.new_page()
    try:
        page.goto(f"{browser.base_url}/{path}")
        page.wait_for_function(WAIT_RENDERED_JS, timeout=120_000)
        book = page.locator(".nnbook-flipbook-note").first.evaluate_handle("n => n.closest('.widget-vbox')")
        before = page.evaluate(VISIBLE_FRAME_JS, book)
        assert len(before) == 1, f"expected exactly one visible frame, saw {len(before)}"
        handle = book.as_element().query_selector(".noUi-handle, input[type=range]")
        assert handle is not None, "the flip-book has no slider handle"
        handle.focus()
        page.keyboard.press("ArrowRight")
        page.wait_for_timeout(300)
        after = page.evaluate(VISIBLE_FRAME_JS, book)
    finally:
        page.close()
    assert len(after) == 1 and after != before, "moving the flip-book's slider did not change its picture"
