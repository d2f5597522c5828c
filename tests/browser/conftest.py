"""Fixtures for the browser tests: the built book served on localhost, read by a real,
offline Chromium.

* ``book_dir`` / ``server``: ``_build/html`` served by ``http.server`` in a thread (port 0).
  The book is NOT built here: run ``make book`` first.
* ``browser``: Debian's Chromium (``/usr/bin/chromium``, or ``$NNBOOK_CHROMIUM``) driven by
  Playwright, headless, with a fresh user-data-dir. Every request that does not go to the
  local server is aborted and recorded, so a page that renders here renders offline.
  Without Chromium the browser tests are skipped, with the reason.
* ``visit(page)``: loads a page once per session, waits for MathJax and the widgets, and
  records what the checks need (console and page errors, failed requests, images, widgets,
  math, links, an axe-core report) plus screenshots in ``test-artifacts/screenshots/``.

Pages are discovered from ``_toc.yml`` (every ``root``/``file`` entry) plus every HTML
page Sphinx writes at the top of the build (``search.html``, ``genindex.html``, ...).
"""
from __future__ import annotations

import functools
import http.server
import json
import re
import shutil
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from _bookpages import (ARTIFACTS, AXE_JS, BOOK, CHROMIUM, CHROMIUM_FLAGS, MISSING_BUILD,  # noqa: F401
                        NO_CHROMIUM, SCREENSHOTS, VIEWPORT, WAIT_RENDERED_JS, page_id)


# --------------------------------------------------------------------------- server and browser
class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep pytest's output readable
        pass


@pytest.fixture(scope="session")
def book_dir() -> Path:
    if not (BOOK / "index.html").is_file():
        pytest.fail(MISSING_BUILD, pytrace=False)
    return BOOK


@pytest.fixture(scope="session")
def server(book_dir):
    handler = functools.partial(_QuietHandler, directory=str(book_dir))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, name="book-server", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def _is_local(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return True
    return parts.scheme in ("http", "https") and parts.hostname in ("127.0.0.1", "localhost")


@dataclass
class Blocker:
    """Aborts every request that leaves the machine, and remembers it."""
    blocked: list[str] = field(default_factory=list)

    def __call__(self, route):
        url = route.request.url
        if _is_local(url):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort("internetdisconnected")


@pytest.fixture(scope="session")
def playwright_session():
    """One Playwright driver for the session (the sync API allows only one at a time)."""
    if not CHROMIUM.exists():
        pytest.skip(NO_CHROMIUM)
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")
    playwright = sync_api.sync_playwright().start()
    try:
        yield playwright
    finally:
        playwright.stop()


def open_context(playwright, server, profile: Path, **options):
    """A Playwright BrowserContext on a fresh Chromium profile, offline but for ``server``.
    ``options`` go to ``launch_persistent_context`` (viewport, device_scale_factor, ...)."""
    context = playwright.chromium.launch_persistent_context(
        user_data_dir=str(profile), executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_FLAGS,
        locale="en-US", timezone_id="UTC", service_workers="block", **options)
    context.set_default_timeout(60_000)
    blocker = Blocker()
    context.route("**/*", blocker)
    context.blocker = blocker
    context.base_url = server
    return context


@pytest.fixture(scope="session")
def browser(playwright_session, server, tmp_path_factory):
    """The desktop browser: a 1280 x 900 window (``VIEWPORT``)."""
    context = open_context(playwright_session, server, tmp_path_factory.mktemp("chromium-profile"),
                           viewport=VIEWPORT)
    try:
        yield context
    finally:
        context.close()


@pytest.fixture(scope="session", autouse=False)
def screenshots_dir() -> Path:
    if SCREENSHOTS.exists():
        shutil.rmtree(SCREENSHOTS)
    SCREENSHOTS.mkdir(parents=True)
    return SCREENSHOTS


# --------------------------------------------------------------------------- one visit per page
# Everything the checks need, gathered in the page after it has rendered.
COLLECT_JS = r"""
() => {
  const visible = (el) => {
    const r = el.getBoundingClientRect(), s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none';
  };
  const describe = (el) => {
    const sec = el.closest('section[id]');
    return (sec ? '#' + sec.id + ' ' : '') + el.tagName.toLowerCase()
      + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : '');
  };
  const images = [...document.images].map((img) => ({
    src: img.currentSrc.startsWith('data:') ? img.currentSrc.slice(0, 40) + '...' : img.currentSrc,
    alt: img.getAttribute('alt'),
    naturalWidth: img.naturalWidth,
    // images the theme shows only in the other colour mode are hidden on purpose
    themeOnly: !!img.closest('.only-dark, .only-light, .pst-js-only'),
    visible: visible(img),
    where: describe(img),
  }));
  const views = [...document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]')];
  const widgets = views.map((s) => {
    const sub = s.previousElementSibling;
    const rendered = !!(sub && sub.classList.contains('widget-subarea') && sub.querySelector('.jupyter-widgets, .lm-Widget'));
    return {model_id: JSON.parse(s.textContent).model_id, rendered, where: describe(s.parentElement)};
  });
  const explorers = [...document.querySelectorAll('img.nnbook-explorer-figure')].map((img) => ({
    alt: img.getAttribute('alt'), naturalWidth: img.naturalWidth, visible: visible(img),
  }));
  const notes = [...document.querySelectorAll('.nnbook-static-note')].map((n) => ({
    text: n.textContent.trim(), visible: visible(n),
  }));
  const maths = [...document.querySelectorAll('.math')].map((m) => ({
    tex: m.textContent.slice(0, 80),
    typeset: !!m.querySelector('mjx-container'),
    error: m.querySelector('mjx-merror') ? (m.querySelector('mjx-merror').getAttribute('data-mjx-error') || m.querySelector('mjx-merror').textContent) : null,
  }));
  const links = [...document.querySelectorAll('a[href]')].map((a) => ({
    href: a.href, raw: a.getAttribute('href'),
    term: !!a.querySelector('.std-term'), where: describe(a), text: a.textContent.trim().slice(0, 60),
    title: a.getAttribute('title') || '',
  }));
  const launch = [...document.querySelectorAll('a[href]')].some((a) => /mybinder\.org|colab\.research\.google\.com/.test(a.href));
  return {title: document.title, images, widgets, explorers, notes, maths, links, launch,
          theme: document.documentElement.dataset.theme};
}
"""



@dataclass
class Visit:
    path: str
    url: str
    console_errors: list[str]
    page_errors: list[str]
    failed_requests: list[str]
    blocked: list[str]
    rendered_in_time: bool
    data: dict
    axe: dict
    widget_models: list[dict]


def widget_models(html: str) -> list[dict]:
    """The widget models saved in a page (the JSON myst-nb embeds), or []."""
    m = re.search(r'<script type="application/vnd.jupyter.widget-state\+json">(.*?)</script>', html, re.S)
    if not m:
        return []
    state = json.loads(m.group(1))["state"]
    return [{"id": k, **v} for k, v in state.items()]


@pytest.fixture(scope="session")
def visit(browser, book_dir, screenshots_dir):
    """``visit(path) -> Visit``: load a page once (cached for the session) and record it."""
    cache: dict[str, Visit] = {}
    axe_source = AXE_JS.read_text()

    def _visit(path: str) -> Visit:
        if path in cache:
            return cache[path]
        if not (book_dir / path).is_file():
            pytest.fail(f"{path} is listed in _toc.yml but {book_dir / path} was not built", pytrace=False)
        page = browser.new_page()
        console_errors, page_errors, failed = [], [], []
        page.on("console", lambda msg: console_errors.append(f"{msg.text} @ {msg.location.get('url', '')}")
                if msg.type == "error" else None)
        page.on("pageerror", lambda exc: page_errors.append(str(exc)))
        page.on("requestfailed", lambda req: failed.append(f"{req.url} ({req.failure})") if _is_local(req.url) else None)
        page.on("response", lambda resp: failed.append(f"{resp.url} (HTTP {resp.status})") if resp.status >= 400 else None)
        blocked_before = len(browser.blocker.blocked)
        url = f"{browser.base_url}/{path}"
        page.goto(url, wait_until="load")
        try:
            page.wait_for_function(WAIT_RENDERED_JS, timeout=90_000, polling=250)
            rendered = True
        except Exception:  # noqa: BLE001 - recorded; the checks then say what is missing
            rendered = False
        page.wait_for_timeout(300)  # let late layout (widget CSS, fonts) settle before the screenshots
        data = page.evaluate(COLLECT_JS)
        name = page_id(path)
        page.screenshot(path=str(screenshots_dir / f"{name}.png"))
        page.screenshot(path=str(screenshots_dir / f"{name}.full.png"), full_page=True)
        for i, fig in enumerate(page.locator(".cell_output:has(img.nnbook-explorer-figure)").all()):
            fig.screenshot(path=str(screenshots_dir / f"{name}.explorer{i + 1}.png"))
        page.add_script_tag(content=axe_source)
        axe = page.evaluate("""async () => {
            const r = await axe.run(document, {resultTypes: ['violations']});
            // mathOnly: the element's only content is MathJax output (see TOLERATED_AXE)
            const mathOnly = (target) => {
                const el = target.length === 1 ? document.querySelector(target[0]) : null;
                if (!el || !el.querySelector('mjx-assistive-mml')) return false;
                const copy = el.cloneNode(true);
                copy.querySelectorAll('mjx-container').forEach((m) => m.remove());
                return copy.textContent.trim() === '';
            };
            return {violations: r.violations.map((v) => ({id: v.id, impact: v.impact, help: v.help,
                     nodes: v.nodes.map((n) => ({target: n.target.join(' '), html: n.html.slice(0, 200),
                                                 summary: n.failureSummary, mathOnly: mathOnly(n.target)}))}))};
        }""")
        page.close()
        record = Visit(path=path, url=url, console_errors=console_errors, page_errors=page_errors,
                       failed_requests=failed, blocked=browser.blocker.blocked[blocked_before:],
                       rendered_in_time=rendered, data=data, axe=axe,
                       widget_models=widget_models((book_dir / path).read_text(errors="replace")))
        cache[path] = record
        return record

    yield _visit
    # A readable summary of every visited page, for people and for the report.
    ARTIFACTS.mkdir(exist_ok=True)
    summary = {p: {"console_errors": v.console_errors, "page_errors": v.page_errors,
                   "failed_requests": v.failed_requests, "blocked": v.blocked,
                   "axe": {x["id"]: len(x["nodes"]) for x in v.axe["violations"]},
                   "widgets": len(v.data["widgets"]), "explorers": len(v.data["explorers"]),
                   "maths": len(v.data["maths"]), "images": len(v.data["images"])}
               for p, v in cache.items()}
    (ARTIFACTS / "browser-summary.json").write_text(json.dumps(summary, indent=2))
    (ARTIFACTS / "axe-violations.json").write_text(json.dumps({p: v.axe for p, v in cache.items()}, indent=2))
