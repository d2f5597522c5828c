"""The published book as a reader sees it: every page, in an offline Chromium.

Run after ``make book``:  ``.venv/bin/python -m pytest tests/browser -m browser -q``.
Screenshots and reports land in ``test-artifacts/`` (gitignored).
"""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from _bookpages import AXE_JS, BOOK, SCREENSHOTS, WAIT_RENDERED_JS, all_pages, built_pages, page_id, toc_pages

pytestmark = pytest.mark.browser

PAGES = all_pages()

# Console messages that are not the book's fault and are tolerated, each with its reason.
# Nothing else is ignored: any other console error fails the page.
TOLERATED_CONSOLE = [
    # (none so far)
]


def _tolerated(message: str) -> bool:
    return any(re.search(pattern, message) for pattern, _reason in TOLERATED_CONSOLE)


@pytest.fixture(params=PAGES, ids=[page_id(p) for p in PAGES])
def seen(request, visit):
    return visit(request.param)


# --------------------------------------------------------------------------- loading
def test_page_loads_without_javascript_errors(seen):
    errors = [e for e in seen.console_errors if not _tolerated(e)] + [f"uncaught: {e}" for e in seen.page_errors]
    assert not errors, f"{seen.path}: JavaScript errors:\n  " + "\n  ".join(errors)


def test_page_needs_no_network(seen):
    """Nothing outside the book is fetched (the test browser is offline): no CDN, no font service."""
    assert not seen.blocked, f"{seen.path} tried to reach the network:\n  " + "\n  ".join(seen.blocked)


def test_every_local_resource_exists(seen):
    assert not seen.failed_requests, f"{seen.path}: failed requests:\n  " + "\n  ".join(seen.failed_requests)


def test_page_renders_in_time(seen):
    assert seen.rendered_in_time, (f"{seen.path}: widgets, math or images were still unrendered 90 s after load "
                                   "(see the other checks for which)")


# --------------------------------------------------------------------------- figures
def test_every_image_is_displayed_and_described(seen):
    problems = []
    for img in seen.data["images"]:
        if img["naturalWidth"] == 0:
            problems.append(f"not displayed (naturalWidth 0): {img['src']} in {img['where']}")
        if not (img["alt"] or "").strip():
            problems.append(f"no alt text: {img['src']} in {img['where']}")
    assert not problems, f"{seen.path}:\n  " + "\n  ".join(problems)


# --------------------------------------------------------------------------- widgets
def test_every_widget_renders(seen):
    unrendered = [w for w in seen.data["widgets"] if not w["rendered"]]
    assert not unrendered, (f"{seen.path}: {len(unrendered)} of {len(seen.data['widgets'])} widget views "
                            f"left unrendered: {unrendered[:5]}")
    if seen.data["widgets"]:
        assert seen.widget_models, f"{seen.path}: widget views but no saved widget state"


def _explorer_models(seen) -> int:
    return sum(1 for m in seen.widget_models
               if "nnbook-explorer-figure" in str(m.get("state", {}).get("value", "")))


def test_explorers_show_their_figure_and_the_static_note(seen):
    """Honest interactivity: each explorer's picture at the default values is visible, and so
    is the note saying that its controls need Python and pointing to the frames drawn in advance
    and to the launch buttons."""
    expected = _explorer_models(seen)
    explorers, notes = seen.data["explorers"], seen.data["notes"]
    if not expected and not explorers:
        pytest.skip("no explorer on this page")
    assert len(explorers) == expected, f"{seen.path}: {expected} explorer figures saved, {len(explorers)} rendered"
    for i, fig in enumerate(explorers, 1):
        assert fig["visible"] and fig["naturalWidth"] > 0, f"{seen.path}: explorer {i}'s figure is not visible"
        assert (fig["alt"] or "").strip() and fig["alt"] != "Interactive figure", \
            f"{seen.path}: explorer {i}'s figure has no specific alt text ({fig['alt']!r})"
    assert len(notes) >= len(explorers), f"{seen.path}: {len(explorers)} explorers but {len(notes)} static notes"
    for note in notes:
        assert note["visible"], f"{seen.path}: a static note is hidden"
        assert "Drawn once" in note["text"] and "flip-books" in note["text"] and "rocket" in note["text"], note["text"]
    assert seen.data["launch"], f"{seen.path}: the note points to launch buttons, but the page has none"


# --------------------------------------------------------------------------- math
def test_math_is_typeset(seen):
    maths = seen.data["maths"]
    if not maths:
        pytest.skip("no math on this page")
    untypeset = [m["tex"] for m in maths if not m["typeset"]]
    errors = [f"{m['tex']!r}: {m['error']}" for m in maths if m["error"]]
    assert not untypeset, f"{seen.path}: {len(untypeset)} of {len(maths)} formulas not typeset: {untypeset[:5]}"
    assert not errors, f"{seen.path}: MathJax errors:\n  " + "\n  ".join(errors)


# --------------------------------------------------------------------------- links
class _Anchors(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for key, value in attrs:
            if key == "id" or (key == "name" and tag == "a"):
                self.ids.add(value)


_ANCHORS: dict[Path, set[str]] = {}


def anchors(file: Path) -> set[str]:
    if file not in _ANCHORS:
        parser = _Anchors()
        parser.feed(file.read_text(errors="replace"))
        _ANCHORS[file] = parser.ids
    return _ANCHORS[file]


def test_internal_links_resolve(seen, server):
    """Every same-site link (cross-references, {term} links to the glossary, the toc, the
    download buttons) points to an existing file, and its #anchor exists there."""
    problems, checked, terms = [], 0, 0
    for link in seen.data["links"]:
        if not link["href"].startswith(server):
            continue
        if link["raw"].startswith("#") and link["raw"] in ("#", "#top"):
            continue
        checked += 1
        terms += link["term"]
        parts = urlsplit(link["href"])
        rel = unquote(parts.path).lstrip("/")
        target = BOOK / rel
        if rel == "" or rel.endswith("/"):
            target = target / "index.html"
        if not target.is_file():
            problems.append(f"{link['raw']!r} ({link['text']!r} in {link['where']}): no file {target.relative_to(BOOK)}")
            continue
        fragment = unquote(parts.fragment)
        if fragment and target.suffix == ".html" and fragment not in anchors(target):
            problems.append(f"{link['raw']!r} ({link['text']!r} in {link['where']}): no anchor #{fragment} "
                            f"in {target.relative_to(BOOK)}")
    assert checked, f"{seen.path}: no internal link at all (navigation missing?)"
    assert not problems, f"{seen.path}: {len(problems)} of {checked} internal links broken:\n  " + "\n  ".join(problems)


def test_term_links_reach_the_glossary(seen):
    """Links to the glossary (plain Markdown links, tools/portable_markdown.py) point at an
    entry; that the entry exists is checked with every other internal link above."""
    terms = [link for link in seen.data["links"] if link["raw"].split("#")[0].endswith("glossary.html")
             and not seen.path.endswith("glossary.html") and "toctree" not in link["where"]
             and "bd-sidebar" not in link["where"] and "prev-next" not in link["where"]
             and "Glossary" not in link["text"] and link["text"]]
    if not terms:
        pytest.skip("no link to a glossary entry on this page")
    wrong = [link["raw"] for link in terms if "#term-" not in link["raw"]]
    assert not wrong, f"{seen.path}: glossary links that do not point to an entry: {wrong}"
    # each shows the entry's first sentence on hover (tools/glossary_titles.py, _ext/nnbook_links.py)
    untitled = [link["raw"] for link in terms if len(link["title"]) < 20]
    assert not untitled, f"{seen.path}: glossary links without the definition as their title: {untitled[:5]}"


# --------------------------------------------------------------------------- accessibility
# axe-core findings that are tolerated, each with its reason. Nothing else is.
TOLERATED_AXE = {
    # A table header whose only content is a formula (e.g. "x_1" in a truth table). MathJax
    # renders it as CSS-drawn glyphs plus a hidden MathML copy (mjx-assistive-mml) that screen
    # readers read; axe-core computes no text from MathML, so it calls the header empty.
    "empty-table-header": lambda node: node.get("mathOnly", False),
}


def test_accessibility(seen):
    """axe-core's violations (WCAG 2 A/AA and best practices); details in test-artifacts/axe-violations.json."""
    lines = []
    for v in seen.axe["violations"]:
        nodes = [n for n in v["nodes"] if not TOLERATED_AXE.get(v["id"], lambda n: False)(n)]
        if nodes:
            lines.append(f"{v['id']} ({v['impact']}, {len(nodes)}x): {v['help']}; "
                         f"e.g. {nodes[0]['target']}: {nodes[0]['html'][:120]}")
    assert not lines, f"{seen.path}: axe-core violations:\n  " + "\n  ".join(lines)


# --------------------------------------------------------------------------- whole-book checks
def test_every_toc_page_is_built_and_discovered(book_dir):
    missing = [p for p in toc_pages() if not (book_dir / p).is_file()]
    assert not missing, f"listed in _toc.yml but not built: {missing}"
    orphans = [p for p in built_pages() if p not in toc_pages() and "/" in p]
    assert not orphans, f"built but not in _toc.yml: {orphans}"


def test_search_finds_a_glossary_term(browser, book_dir):
    """The search page (Sphinx's client-side index) finds a term defined in the glossary."""
    terms = sorted(anchors(book_dir / "glossary.html"))
    terms = [t for t in terms if t.startswith("term-")]
    assert terms, "the glossary page has no term anchors"
    page = browser.new_page()
    try:
        # The glossary's own spelling of a term (the bold text after the entry's anchor).
        term_id = "term-backpropagation" if "term-backpropagation" in terms else terms[0]
        page.goto(f"{browser.base_url}/glossary.html")
        label = page.locator(f'[id="{term_id}"]').first.evaluate(
            "a => (a.closest('dt') ? a.firstChild : a.nextElementSibling).textContent").strip()
        page.goto(f"{browser.base_url}/search.html?q={label}")
        page.wait_for_selector("#search-results .search-summary", timeout=60_000)
        hits = page.locator("#search-results ul.search li a").evaluate_all("els => els.map(e => e.href)")
        page.screenshot(path=str(SCREENSHOTS / "search-results.png"))
    finally:
        page.close()
    assert any("glossary.html" in h for h in hits), f"searching {label!r} did not list the glossary: {hits[:10]}"


def test_dark_mode_switches(browser):
    page = browser.new_page()
    try:
        page.goto(f"{browser.base_url}/intro.html")
        page.wait_for_function("document.documentElement.dataset.theme !== undefined")
        before = page.evaluate("document.documentElement.dataset.theme")
        button = page.locator("button.theme-switch-button").first
        assert button.is_visible(), "the theme switch button is not visible"
        seen_themes = [before]
        for _ in range(3):  # the button cycles through light, dark and automatic
            button.click()
            seen_themes.append(page.evaluate("document.documentElement.dataset.theme"))
            if seen_themes[-1] == "dark":
                page.screenshot(path=str(SCREENSHOTS / "intro.dark.png"))
        assert {"light", "dark"} <= set(seen_themes), f"data-theme went through {seen_themes}"
        bg = page.evaluate("getComputedStyle(document.body).backgroundColor")
    finally:
        # leave the shared profile as a first-time reader's
        page.evaluate("localStorage.clear()")
        page.close()
    assert bg, "no background colour"


@pytest.mark.parametrize("path", PAGES, ids=[page_id(p) for p in PAGES])
def test_dark_mode_contrast(browser, book_dir, path):
    """In dark mode too, text has enough contrast (axe-core's color-contrast rule only)."""
    page = browser.new_page()
    try:
        page.goto(f"{browser.base_url}/{path}")
        page.evaluate("localStorage.setItem('mode', 'dark'); localStorage.setItem('theme', 'dark')")
        page.reload(wait_until="load")
        page.wait_for_function(WAIT_RENDERED_JS, timeout=90_000, polling=250)
        assert page.evaluate("document.documentElement.dataset.theme") == "dark"
        page.add_script_tag(content=AXE_JS.read_text())
        violations = page.evaluate("""async () => {
            const r = await axe.run(document, {runOnly: ['color-contrast'], resultTypes: ['violations']});
            return r.violations.flatMap((v) => v.nodes.map((n) => n.target.join(' ') + ': ' + n.failureSummary.split('\\n').slice(1).join(' ').trim()));
        }""")
    finally:
        page.evaluate("localStorage.clear()")
        page.close()
    assert not violations, f"{path} (dark mode): low contrast:\n  " + "\n  ".join(violations)
