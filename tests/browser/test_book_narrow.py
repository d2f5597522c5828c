"""The book on a phone: every page at 390 px wide (an iPhone 12 to 15 held upright, 844 px
tall, two device pixels per CSS pixel).

On such a screen a page must never scroll sideways, and nothing on it may be wider than the
screen, except inside the boxes the theme makes scrollable on purpose (code blocks, wide
tables, displayed equations), which scroll within themselves. Explorers' pictures and
flip-book frames shrink to the text column, their controls (sliders, dropdowns, the
flip-book's slider) fit in it, and text stays readable: body text, the explorers' notes and
readouts, and the controls' labels have a computed font size of at least 11 px.

Every page is loaded once; screenshots of each (the first screen, the whole page at CSS
resolution, and every widget output at device resolution) land in
``test-artifacts/screenshots/narrow/``.
"""
from __future__ import annotations

import pytest

from _bookpages import WAIT_RENDERED_JS, all_pages, page_id
from conftest import open_context

pytestmark = pytest.mark.browser

PAGES = all_pages()
PHONE = {"width": 390, "height": 844}
MIN_FONT_PX = 11.0
SLACK = 1.0  # px: sub-pixel rounding of widths

# Everything the checks need, measured in the page at 390 px.
MEASURE_JS = r"""
(slack) => {
  const vw = document.documentElement.clientWidth;
  const visible = (el) => {
    const r = el.getBoundingClientRect(), s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none';
  };
  const describe = (el) => {
    const sec = el.closest('section[id]');
    const cls = typeof el.className === 'string' && el.className.trim()
      ? '.' + el.className.trim().split(/\s+/).slice(0, 3).join('.') : '';
    return (sec ? '#' + sec.id + ' ' : '') + el.tagName.toLowerCase() + cls;
  };
  // An ancestor that clips or scrolls its content sideways: what overflows it stays inside it.
  const clipper = (el) => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const o = getComputedStyle(a).overflowX;
      if (o !== 'visible') return a;
    }
    return null;
  };
  const round = (x) => Math.round(x * 10) / 10;

  // 1. Elements wider than the screen, or sticking out of it, outside any scroll box.
  const tooWide = [];
  for (const el of document.body.querySelectorAll('*')) {
    if (!visible(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.right <= 0 || r.left >= vw) continue;          // entirely off screen (closed drawers)
    if (r.width <= vw + slack && r.left >= -slack && r.right <= vw + slack) continue;
    if (clipper(el)) continue;                           // its scroll box is checked instead
    tooWide.push(el);
  }
  // The outermost offenders only: their descendants would say the same thing again.
  const outer = tooWide.filter((el) => !tooWide.some((o) => o !== el && o.contains(el))).map((el) => {
    const r = el.getBoundingClientRect();
    return {where: describe(el), left: round(r.left), width: round(r.width)};
  });

  // 2. Pictures: each explorer picture, flip-book frame and content image within its container.
  const article = document.querySelector('article.bd-article') || document.querySelector('main') || document.body;
  const col = article.getBoundingClientRect();
  const pictures = [...article.querySelectorAll('img')].filter(visible).map((img) => {
    const r = img.getBoundingClientRect();
    // the nearest ancestor that is laid out as a block of its own (not an inline wrapper)
    let box = img.parentElement;
    while (box && getComputedStyle(box).display.startsWith('inline')) box = box.parentElement;
    const b = box.getBoundingClientRect();
    const cs = getComputedStyle(box);
    const inner = b.width - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight)
                  - parseFloat(cs.borderLeftWidth) - parseFloat(cs.borderRightWidth);
    return {where: describe(img), kind: img.classList.contains('nnbook-explorer-figure') ? 'explorer'
              : img.classList.contains('nnbook-flipbook-frame') ? 'flip-book' : 'image',
            width: round(r.width), container: round(inner), right: round(r.right), columnRight: round(col.right),
            scrolled: !!clipper(img) && clipper(img) !== box && article.contains(clipper(img))
                      && ['auto', 'scroll'].includes(getComputedStyle(clipper(img)).overflowX)};
  });

  // 3. Controls: every widget control in the text column, and the widget areas holding them.
  const controlSel = '.widget-slider, .widget-hslider, .widget-dropdown, .widget-select, .widget-toggle-buttons,'
    + ' .widget-radio, .widget-checkbox, .widget-button, .widget-text, .widget-inline-hbox, .widget-hbox, .widget-vbox';
  const controls = [...article.querySelectorAll(controlSel)].filter(visible).map((el) => {
    const r = el.getBoundingClientRect();
    const area = el.closest('.cell_output') || article;
    const a = area.getBoundingClientRect();
    return {where: describe(el), label: (el.querySelector('.widget-label') || {}).textContent || '',
            left: round(r.left), right: round(r.right), width: round(r.width),
            areaLeft: round(a.left), areaRight: round(a.right), columnRight: round(col.right)};
  });

  // 4. Font sizes of text: body text, explorer and flip-book notes, readouts, control labels.
  const ownText = (el) => [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
  const small = (el) => el.closest('sub, sup, mjx-container, .headerlink, .sd-badge');
  const fonts = [];
  const add = (kind, root) => {
    for (const el of [root, ...root.querySelectorAll('*')]) {
      if (!ownText(el) || !visible(el) || small(el)) continue;
      fonts.push({kind, where: describe(el), px: parseFloat(getComputedStyle(el).fontSize),
                  text: el.textContent.trim().slice(0, 50)});
    }
  };
  article.querySelectorAll('p, li, dd, dt, td, th, figcaption').forEach((el) => {
    if (!el.closest('.widget-subarea')) add('body text', el);
  });
  document.querySelectorAll('.nnbook-static-note').forEach((el) => add('explorer note', el));
  document.querySelectorAll('.nnbook-flipbook-note').forEach((el) => add('flip-book note', el));
  document.querySelectorAll('.widget-subarea .widget-html-content').forEach((el) => {
    if (!el.querySelector('img, .nnbook-static-note, .nnbook-flipbook-note')) add('readout', el);
  });
  document.querySelectorAll('.widget-subarea .widget-label, .widget-subarea .widget-readout,'
                            + ' .widget-subarea select, .widget-subarea button').forEach((el) => add('control', el));

  return {viewport: vw, innerWidth: window.innerWidth, scrollWidth: document.scrollingElement.scrollWidth,
          tooWide: outer, pictures, controls, fonts, column: {left: round(col.left), right: round(col.right)}};
}
"""


@pytest.fixture(scope="session")
def phone(playwright_session, server, tmp_path_factory):
    """A browser with a phone-sized window: 390 x 844 CSS px, device scale factor 2."""
    context = open_context(playwright_session, server, tmp_path_factory.mktemp("chromium-phone"),
                           viewport=PHONE, device_scale_factor=2)
    try:
        yield context
    finally:
        context.close()


@pytest.fixture(scope="session")
def narrow_visit(phone, book_dir, screenshots_dir):
    """``narrow_visit(path) -> dict``: load a page at 390 px once, measure it, take screenshots."""
    shots = screenshots_dir / "narrow"
    shots.mkdir(exist_ok=True)
    cache: dict[str, dict] = {}

    def _visit(path: str) -> dict:
        if path not in cache:
            if not (book_dir / path).is_file():
                pytest.fail(f"{path} was not built", pytrace=False)
            page = phone.new_page()
            try:
                page.goto(f"{phone.base_url}/{path}", wait_until="load")
                try:
                    page.wait_for_function(WAIT_RENDERED_JS, timeout=90_000, polling=250)
                except Exception:  # noqa: BLE001 - measured as it is; test_book_pages checks rendering
                    pass
                page.wait_for_timeout(300)
                data = page.evaluate(MEASURE_JS, SLACK)
                name = page_id(path)
                page.screenshot(path=str(shots / f"{name}.png"))
                page.screenshot(path=str(shots / f"{name}.full.png"), full_page=True, scale="css")
                for i, out in enumerate(page.locator(".cell_output:has(.widget-subarea)").all()):
                    out.screenshot(path=str(shots / f"{name}.widget{i + 1}.png"))
            finally:
                page.close()
            cache[path] = data
        return cache[path]

    return _visit


@pytest.fixture(params=PAGES, ids=[page_id(p) for p in PAGES])
def narrow(request, narrow_visit):
    return request.param, narrow_visit(request.param)


def test_page_does_not_scroll_sideways(narrow):
    path, m = narrow
    assert m["scrollWidth"] <= m["viewport"], (
        f"{path} at 390 px: the page is {m['scrollWidth']} px wide, the screen {m['viewport']} px, so it "
        f"scrolls sideways. Too wide: {m['tooWide'][:8]}")


def test_nothing_sticks_out_of_the_screen(narrow):
    path, m = narrow
    assert not m["tooWide"], (
        f"{path} at 390 px: {len(m['tooWide'])} elements wider than the {m['viewport']} px screen or "
        f"sticking out of it, outside any scroll box (left and width in px): {m['tooWide'][:10]}")


def test_pictures_fit_their_column(narrow):
    path, m = narrow
    bad = [p for p in m["pictures"] if not p["scrolled"]
           and (p["width"] > p["container"] + SLACK or p["right"] > p["columnRight"] + SLACK)]
    assert not bad, f"{path} at 390 px: pictures wider than their container or the text column: {bad}"


def test_controls_fit_the_column(narrow):
    path, m = narrow
    bad = [c for c in m["controls"]
           if c["right"] > min(c["areaRight"], c["columnRight"]) + SLACK or c["left"] < c["areaLeft"] - SLACK]
    assert not bad, (f"{path} at 390 px: controls that stick out of their output area / the "
                     f"{m['column']} text column: {bad[:8]}")


def test_text_is_readable(narrow):
    path, m = narrow
    bad = [f for f in m["fonts"] if f["px"] < MIN_FONT_PX]
    assert not bad, f"{path} at 390 px: text smaller than {MIN_FONT_PX:g} px: {bad[:8]}"


def test_every_chapter_has_a_narrow_screenshot(narrow_visit, screenshots_dir):
    chapters = [p for p in PAGES if p.startswith("chapters/")]
    assert chapters, "no chapter pages found in the build"
    for path in chapters:
        narrow_visit(path)
        assert (screenshots_dir / "narrow" / f"{page_id(path)}.png").is_file()
