"""Page weight: what a reader downloads for each page of the built book (no browser needed,
but the book must be built, so these run with the browser tests: ``-m browser``).

A page's weight is its HTML (which embeds the widget state, and with it every explorer's
PNG) plus the image files it shows. Scripts and styles are shared by every page and cached,
so they are not counted. ``test-artifacts/page-weights.txt`` lists every page.
"""
from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

import pytest
from _bookpages import ARTIFACTS, BOOK, MISSING_BUILD, all_pages, page_id

pytestmark = pytest.mark.browser

LIMIT = 3_000_000  # bytes, for the HTML alone and for the HTML with its images
PAGES = all_pages()


class _Images(HTMLParser):
    def __init__(self):
        super().__init__()
        self.srcs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            src = dict(attrs).get("src") or ""
            if src and not src.startswith(("data:", "http:", "https:")):
                self.srcs.append(src)


def weight(path: str) -> tuple[int, int]:
    """(bytes of HTML, bytes of HTML + distinct local image files) for one page."""
    html_file = BOOK / path
    parser = _Images()
    parser.feed(html_file.read_text(errors="replace"))
    images = {(html_file.parent / unquote(urlsplit(src).path)).resolve() for src in parser.srcs}
    html_bytes = html_file.stat().st_size
    return html_bytes, html_bytes + sum(p.stat().st_size for p in images if p.is_file())


@pytest.fixture(scope="module")
def weights() -> dict[str, tuple[int, int]]:
    if not (BOOK / "index.html").is_file():
        pytest.fail(MISSING_BUILD, pytrace=False)
    result = {p: weight(p) for p in PAGES if (BOOK / p).is_file()}
    ARTIFACTS.mkdir(exist_ok=True)
    lines = [f"{'page':45} {'HTML':>10} {'HTML+images':>12}"]
    for p, (h, t) in sorted(result.items(), key=lambda kv: -kv[1][1]):
        lines.append(f"{p:45} {h / 1e6:9.2f}M {t / 1e6:11.2f}M")
    lines.append(f"{'total':45} {sum(h for h, _ in result.values()) / 1e6:9.2f}M "
                 f"{sum(t for _, t in result.values()) / 1e6:11.2f}M")
    (ARTIFACTS / "page-weights.txt").write_text("\n".join(lines) + "\n")
    return result


@pytest.mark.parametrize("path", PAGES, ids=[page_id(p) for p in PAGES])
def test_page_html_under_3_mb(weights, path):
    html_bytes, _ = weights[path]
    assert html_bytes < LIMIT, f"{path}: HTML is {html_bytes / 1e6:.2f} MB (limit {LIMIT / 1e6:.0f} MB)"


@pytest.mark.parametrize("path", PAGES, ids=[page_id(p) for p in PAGES])
def test_page_with_images_under_3_mb(weights, path):
    _, total = weights[path]
    assert total < LIMIT, f"{path}: HTML + images is {total / 1e6:.2f} MB (limit {LIMIT / 1e6:.0f} MB)"
