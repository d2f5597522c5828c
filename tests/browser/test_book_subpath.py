"""The book published under a sub-path, as GitHub Pages serves a project site
(``https://<owner>.github.io/nnbook/``): every page, asset, widget and the search must work
when the site does not sit at the server's root.

A second local server serves ``_build/html`` under ``/nnbook/`` only; any request outside that
prefix (a link written as ``/_static/...``) gets a 404 and fails the test.
"""
from __future__ import annotations

import functools
import http.server
import threading

import pytest

from _bookpages import BOOK, WAIT_RENDERED_JS, all_pages

pytestmark = pytest.mark.browser
PREFIX = "/nnbook"


class _SubPathHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the build under PREFIX; everything else is 404."""

    def translate_path(self, path):
        if path == PREFIX or path.startswith(PREFIX + "/"):
            return super().translate_path(path[len(PREFIX):] or "/")
        return "/nonexistent-outside-the-sub-path"

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def subpath_server():
    handler = functools.partial(_SubPathHandler, directory=str(BOOK))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}{PREFIX}"
    httpd.shutdown()
    httpd.server_close()


def _open(browser, url):
    """Load ``url``; return (page, problems) where problems lists failed local requests and errors."""
    page = browser.new_page()
    problems: list[str] = []
    page.on("response", lambda r: problems.append(f"HTTP {r.status} {r.url}") if r.status >= 400 else None)
    page.on("requestfailed", lambda r: problems.append(f"failed {r.url}") if "127.0.0.1" in r.url else None)
    page.on("pageerror", lambda e: problems.append(f"page error {e}"))
    page.goto(url, wait_until="load")
    return page, problems


@pytest.mark.parametrize("path", all_pages())
def test_page_works_under_the_sub_path(browser, subpath_server, path):
    page, problems = _open(browser, f"{subpath_server}/{path}")
    try:
        page.wait_for_function(WAIT_RENDERED_JS, timeout=120_000, polling=250)
        # Every same-site link on the page stays under the sub-path.
        outside = page.evaluate("""(prefix) => [...document.querySelectorAll('a[href], link[href], script[src], img[src]')]
            .map((el) => el.href || el.src)
            .filter((u) => u.startsWith(location.origin) && !new URL(u).pathname.startsWith(prefix))""", PREFIX)
    finally:
        page.close()
    assert not problems, f"{path} under {PREFIX}/: " + "; ".join(problems[:10])
    assert not outside, f"{path}: links that leave the sub-path: {outside[:5]}"


def test_search_works_under_the_sub_path(browser, subpath_server):
    page, problems = _open(browser, f"{subpath_server}/search.html?q=backpropagation")
    try:
        page.wait_for_selector("#search-results li a", timeout=60_000)
        hits = page.eval_on_selector_all("#search-results li a", "els => els.map((a) => a.href)")
    finally:
        page.close()
    assert not problems, "; ".join(problems[:10])
    assert any("07_backpropagation" in h for h in hits), f"search found no backpropagation chapter: {hits[:5]}"
    assert all(h.startswith(subpath_server) for h in hits)


def test_flipbook_responds_under_the_sub_path(browser, subpath_server):
    """Widgets load their JavaScript from the book under the sub-path and still respond."""
    page, problems = _open(browser, f"{subpath_server}/chapters/08_learning_rate.html")
    try:
        page.wait_for_function(WAIT_RENDERED_JS, timeout=120_000)
        frames = ("() => [...document.querySelectorAll('img.nnbook-flipbook-frame')]"
                  ".filter((i) => i.getBoundingClientRect().width > 0).map((i) => i.currentSrc.slice(-60))")
        before = page.evaluate(frames)
        page.locator(".nnbook-flipbook-note").first.evaluate_handle("n => n.closest('.widget-vbox')") \
            .as_element().query_selector(".noUi-handle, input[type=range]").focus()
        page.keyboard.press("ArrowRight")
        page.wait_for_timeout(300)
        after = page.evaluate(frames)
    finally:
        page.close()
    assert not problems, "; ".join(problems[:10])
    assert len(before) == 1 and after != before
