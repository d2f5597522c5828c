"""Every explorer responds on the static page, where no Python runs.

On a chapter page each explorer shows its picture, the note saying what the page cannot do,
and no dead controls; its flip-books (``Explorer.flipbook``) and galleries
(``Explorer.gallery``) switch pictures with no kernel, through a jslink between their control
and a Stack widget. These tests move EVERY such control on EVERY chapter page and check that
the visible picture changes.
"""
import pytest

from _bookpages import SCREENSHOTS, WAIT_RENDERED_JS, toc_pages

pytestmark = pytest.mark.browser

CHAPTER_PAGES = [p for p in toc_pages() if p.startswith("chapters/") and p[9:11].isdigit()]

# One entry per flip-book or gallery on the page: its box gets a data attribute, so that
# Python can address it; what it holds now is read by FRAMES_JS.
MARK_BOOKS_JS = r"""
() => [...document.querySelectorAll('.nnbook-flipbook-note')].map((note, i) => {
  const box = note.closest('.nnbook-web-only') || note.closest('.widget-vbox');
  box.setAttribute('data-nnbook-book', String(i));
  const buttons = [...box.querySelectorAll('.widget-toggle-buttons button')];
  return {index: i, kind: buttons.length ? 'buttons' : 'slider', buttons: buttons.length,
          frames: box.querySelectorAll('img.nnbook-flipbook-frame').length,
          visible: box.getBoundingClientRect().height > 0 && getComputedStyle(box).display !== 'none'};
})
"""

FRAMES_JS = r"""
(i) => [...document.querySelector(`[data-nnbook-book="${i}"]`).querySelectorAll('img.nnbook-flipbook-frame')]
    .filter((img) => img.getBoundingClientRect().width > 0)
    .map((img) => img.currentSrc.slice(-80))
"""

WORLD_JS = r"""
() => ({
  liveVisible: [...document.querySelectorAll('.nnbook-live-only')].filter((e) => e.getBoundingClientRect().height > 0).length,
  notes: [...document.querySelectorAll('.nnbook-static-note')].map((n) => n.getBoundingClientRect().height > 0),
  explorers: document.querySelectorAll('img.nnbook-explorer-figure').length,
})
"""


@pytest.mark.parametrize("path", CHAPTER_PAGES)
def test_every_static_control_changes_the_picture(browser, path):
    page = browser.new_page()
    results = []
    try:
        page.goto(f"{browser.base_url}/{path}")
        page.wait_for_function(WAIT_RENDERED_JS, timeout=120_000)
        world = page.evaluate(WORLD_JS)
        books = page.evaluate(MARK_BOOKS_JS)
        for book in books:
            box = page.locator(f'[data-nnbook-book="{book["index"]}"]')
            box.scroll_into_view_if_needed()
            before = page.evaluate(FRAMES_JS, book["index"])
            if book["kind"] == "buttons":
                buttons = box.locator(".widget-toggle-buttons button")
                target = buttons.nth(book["buttons"] - 1)
                target.click()
            else:
                handle = box.locator(".noUi-handle, input[type=range]").first
                handle.focus()
                key = "ArrowLeft" if handle.get_attribute("aria-valuenow") == handle.get_attribute("aria-valuemax") \
                    else "ArrowRight"
                page.keyboard.press(key)
            page.wait_for_timeout(300)
            after = page.evaluate(FRAMES_JS, book["index"])
            results.append({**book, "before": before, "after": after})
            if book["index"] < 3:
                box.screenshot(path=str(SCREENSHOTS / f"{path.replace('/', '_')}.book{book['index']}.png"))
    finally:
        page.close()
    assert world["explorers"] == 0 or books, (
        f"{path}: {world['explorers']} explorers but no flip-book or gallery: nothing responds on the web page")
    assert world["liveVisible"] == 0, f"{path}: {world['liveVisible']} live-only controls/lines visible on the web page"
    assert all(world["notes"]), f"{path}: an explorer's note (what the page cannot do) is hidden"
    hidden = [b["index"] for b in results if not b["visible"]]
    assert not hidden, f"{path}: flip-books/galleries {hidden} are hidden on the web page"
    wrong = [b["index"] for b in results if len(b["before"]) != 1]
    assert not wrong, f"{path}: flip-books/galleries {wrong} do not show exactly one frame"
    stuck = [b["index"] for b in results if len(b["after"]) != 1 or b["after"] == b["before"]]
    assert not stuck, f"{path}: moving the control of flip-books/galleries {stuck} (of {len(results)}) did not change the picture"
