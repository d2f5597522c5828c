"""Page weight: what a reader downloads for each page of the built book (no browser needed,
but the book must be built, so these run with the browser tests: ``-m browser``).

A page's weight is its HTML (which embeds the widget state, and with it every explorer's
PNG) plus the image files it shows. Scripts and styles are shared by every page and cached,
so they are not counted. ``test-artifacts/page-weights.txt`` lists every page, and each test
prints its page's weights (shown with ``pytest -rA``); ``test_weight_table`` prints the table.
"""
from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

import pytest
from _bookpages import ARTIFACTS, BOOK, MISSING_BUILD, all_pages, page_id

pytestmark = pytest.mark.browser

LIMIT = 2_000_000  # bytes (2 MB), for the HTML alone and for the HTML with its images
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


def table(result: dict[str, tuple[int, int]]) -> str:
    """The weights as a table, heaviest page first, in MB (10^6 bytes)."""
    lines = [f"{'page':45} {'HTML':>10} {'HTML+images':>12}"]
    for p, (h, t) in sorted(result.items(), key=lambda kv: -kv[1][1]):
        lines.append(f"{p:45} {h / 1e6:9.2f}M {t / 1e6:11.2f}M")
    lines.append(f"{'total':45} {sum(h for h, _ in result.values()) / 1e6:9.2f}M "
                 f"{sum(t for _, t in result.values()) / 1e6:11.2f}M")
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def weights() -> dict[str, tuple[int, int]]:
    if not (BOOK / "index.html").is_file():
        pytest.fail(MISSING_BUILD, pytrace=False)
    result = {p: weight(p) for p in PAGES if (BOOK / p).is_file()}
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "page-weights.txt").write_text(table(result))
    return result


def test_weight_table(weights):
    """Every page is weighed (none missing from the build); the table is printed for ``-rA``."""
    print("\n" + table(weights))
    missing = [p for p in PAGES if p not in weights]
    assert not missing, f"pages listed but not built: {missing}"


@pytest.mark.parametrize("path", PAGES, ids=[page_id(p) for p in PAGES])
def test_page_html_at_most_2_mb(weights, path):
    html_bytes, _ = weights[path]
    print(f"{path}: HTML {html_bytes / 1e6:.2f} MB")
    assert html_bytes <= LIMIT, f"{path}: HTML is {html_bytes / 1e6:.2f} MB (limit {LIMIT / 1e6:g} MB)"


@pytest.mark.parametrize("path", PAGES, ids=[page_id(p) for p in PAGES])
def test_page_with_images_at_most_2_mb(weights, path):
    _, total = weights[path]
    print(f"{path}: HTML + images {total / 1e6:.2f} MB")
    assert total <= LIMIT, f"{path}: HTML + images is {total / 1e6:.2f} MB (limit {LIMIT / 1e6:g} MB)"
