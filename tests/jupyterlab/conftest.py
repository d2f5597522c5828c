"""Fixtures for the JupyterLab suite: a throw-away JupyterLab (see ``_lab.py``), Debian's
Chromium driven by Playwright, offline but for that server, and ``chapter(name)``, which
visits one chapter notebook once per session and records everything the checks need.

A visit, in the order a learner meets the notebook:

1. open the notebook (``docmanager:open``), wait until every markdown cell is rendered and
   the kernel is idle; screenshot it as saved (not trusted, not run) and record what the
   code cells show;
2. read the rendered MyST: visible text of every markdown cell; for every solution (a
   ``<details>`` block; its longest plain phrase, taken from the source), whether it is
   visible, then click its toggle and look again; follow one link to the glossary and see
   the glossary open at that entry;
3. Restart Kernel and Run All Cells (``notebook:restart-run-all``, dialog accepted), wait
   until the kernel is idle and nothing is queued; record errors and outputs;
4. for every live explorer (an output holding ``img.nnbook-explorer-figure``), move one
   control with the keyboard (slider) or choose another option (dropdown) and time the
   change of the picture's ``src``;
5. shut the kernel down and close the notebook without saving (the files are a temporary
   copy anyway).

Screenshots go to ``test-artifacts/jupyterlab/``. Without Chromium the suite is skipped, with
the reason.
"""
from __future__ import annotations

import json
import re
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from _lab import (ARTIFACTS, CHAPTERS, COLLECT_JS, KERNEL_IDLE_JS, NOTEBOOK_READY_JS, RUN_DONE_JS,
                  LabServer)

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "browser"))
from _bookpages import CHROMIUM, CHROMIUM_FLAGS, NO_CHROMIUM  # noqa: E402

VIEWPORT = {"width": 1280, "height": 900}
DARK_THEME_CHAPTER = "03_activation_functions.ipynb"
RUN_TIMEOUT_MS = 300_000
EXPLORER_TIMEOUT_MS = 2_000


# --------------------------------------------------------------------------- what the source says
def solution_bodies(source: str) -> list[tuple[str, bool]]:
    """The body of every solution in one markdown cell's source: a ``<details>`` block
    (``tools/portable_markdown.py``), with whether its code sits in a hidden code cell
    ("gated", the summary says so)."""
    bodies = []
    lead = source.split("\n", 1)[0]
    for m in re.finditer(r"<details[^>]*>\s*<summary>([^<]*)</summary>(?:<!-- -->)?(.*?)</details>", source, re.S):
        bodies.append((m.group(2), "hidden cell" in lead or "continued" in lead))
    return bodies


def plain_phrase(body: str) -> str | None:
    """The longest run of plain words in a solution body (no maths, code, roles or markup),
    which is what the rendered text must contain word for word; for a body made of formulas
    only, its longest formula's TeX."""
    best = ""
    # code blocks and maths out first (a formula may run over several lines), then line by line
    prose = re.sub(r"^(`{3,}|~{3,}).*?^\1", "\n", body, flags=re.S | re.M)
    prose = re.sub(r"\$\$.*?\$\$|\$[^$]*\$", "\x00", prose, flags=re.S)
    for line in prose.splitlines():
        stripped = line.strip()
        if stripped.startswith(":") or not stripped:
            continue
        for piece in re.split(r"\x00|`[^`]*`|\{[^}]*\}|[*_\[\]()<>|#$]|^\s*(?:[-+]|\d+\.)\s", stripped):
            piece = " ".join((piece or "").split()).strip(" ,;:.")
            if len(piece) > len(best) and len(piece.split()) >= 3:
                best = piece
    if len(best) >= 12:
        return best
    # a body of formulas only: the longest TeX source, which KaTeX keeps in its MathML annotation
    tex = max((" ".join(m.split()) for m in re.findall(r"\$([^$]+)\$", body)), key=len, default="")
    return tex if len(tex) >= 12 else None


def chapter_solutions(name: str) -> list[dict]:
    nb = json.loads((CHAPTERS / name).read_text())
    sols = []
    for cell in nb["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        source = "".join(cell["source"])
        # a gated solution's body can run on into the following cells: this cell's part is read
        for body, gated in solution_bodies(source):
            sols.append({"cell": cell.get("id"), "phrase": plain_phrase(body), "gated": gated})
    return sols


def expected_explorers(name: str) -> int:
    """Explorers in the committed outputs: widget views that carry a PNG fallback (the
    bundle ``Explorer._repr_mimebundle_`` writes)."""
    nb = json.loads((CHAPTERS / name).read_text())
    return sum(1 for cell in nb["cells"] for out in cell.get("outputs", [])
               if {"application/vnd.jupyter.widget-view+json", "image/png"} <= set(out.get("data", {})))


# --------------------------------------------------------------------------- server and browser
@pytest.fixture(scope="session")
def lab_server(tmp_path_factory):
    if not CHROMIUM.exists():
        pytest.skip(NO_CHROMIUM)
    server = LabServer(tmp_path_factory.mktemp("jupyterlab")).start()
    try:
        yield server
    finally:
        server.stop()


def _is_local(url: str, base: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("data", "blob", "about") or url.startswith(base)


@pytest.fixture(scope="session")
def lab_page(lab_server, tmp_path_factory):
    """One Chromium page with JupyterLab loaded; requests leaving the machine are aborted."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")
    playwright = sync_api.sync_playwright().start()
    context = playwright.chromium.launch_persistent_context(
        user_data_dir=str(tmp_path_factory.mktemp("chromium-profile")), executable_path=str(CHROMIUM),
        headless=True, args=CHROMIUM_FLAGS, viewport=VIEWPORT, locale="en-US", timezone_id="UTC")
    context.set_default_timeout(60_000)
    blocked: list[str] = []

    def route(r):
        if _is_local(r.request.url, lab_server.url):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort("internetdisconnected")

    context.route("**/*", route)
    page = context.new_page()
    page.blocked = blocked
    page.page_errors = []
    page.on("pageerror", lambda exc: page.page_errors.append(str(exc)))
    page.console_errors = []
    page.on("console", lambda msg: page.console_errors.append(msg.text) if msg.type == "error" else None)
    page.goto(f"{lab_server.url}/lab", wait_until="load")
    page.wait_for_function("() => window.jupyterapp && window.jupyterapp.started !== undefined", timeout=90_000)
    page.evaluate("() => window.jupyterapp.started")
    page.wait_for_selector("#jp-main-dock-panel", timeout=90_000)
    try:
        yield page
    finally:
        context.close()
        playwright.stop()


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    if ARTIFACTS.exists():
        shutil.rmtree(ARTIFACTS)
    ARTIFACTS.mkdir(parents=True)
    return ARTIFACTS


# --------------------------------------------------------------------------- one visit per chapter
SOLUTION_STATE_JS = r"""
([cellId, phrase]) => {
  // MyST's typographer turns ' and " into curly quotes
  const norm = (s) => s.replace(/\s+/g, ' ').replace(/[\u2018\u2019]/g, "'").replace(/[\u201c\u201d]/g, '"');
  const w = window.jupyterapp.shell.currentWidget;
  // a solution cell collapsed by its metadata (jupyter.source_hidden): hidden, and its
  // placeholder (the lead line with an ellipsis) is the toggle
  const cell = w.content.widgets.find((c) => c.model.type === 'markdown' && c.model.id === cellId);
  if (cell && cell.inputHidden) {
    document.querySelectorAll('[data-nnbook-toggle]').forEach((t) => t.removeAttribute('data-nnbook-toggle'));
    const placeholder = cell.node.querySelector('.jp-InputPlaceholder');
    if (placeholder) placeholder.setAttribute('data-nnbook-toggle', '1');
    document.querySelectorAll('[data-nnbook-solution]').forEach((t) => t.removeAttribute('data-nnbook-solution'));
    cell.node.setAttribute('data-nnbook-solution', '1');
    return {found: true, visible: false, hasToggle: !!placeholder, inDetails: false};
  }
  // the rendered part of each markdown cell (its hidden editor holds the source too)
  const roots = w.content.widgets.filter((c) => c.model.type === 'markdown' && c.model.id === cellId).flatMap((c) =>
    [...c.node.querySelectorAll('.jp-InputArea > *')].filter((e) =>
      !e.classList.contains('jp-InputArea-editor') && !e.classList.contains('jp-InputPrompt')));
  const holds = (e) => norm(e.textContent).includes(phrase);
  for (const root of roots) {
    if (!holds(root)) continue;
    // the deepest element whose text holds the phrase
    let el = root;
    for (;;) {
      const child = [...el.children].find(holds);
      if (!child) break;
      el = child;
    }
    if (el.closest('annotation, .katex-mathml')) el = el.closest('.katex') || el;
    const visible = el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})
                    && el.getBoundingClientRect().height > 0;
    const details = el.closest('details');
    document.querySelectorAll('[data-nnbook-toggle]').forEach((t) => t.removeAttribute('data-nnbook-toggle'));
    let toggle = null;
    if (details) toggle = details.querySelector(':scope > summary');
    if (!toggle) {
      // a toggle button of another kind (collapsible admonition headers)
      const box = el.closest('aside, .admonition, [class*="admonition"], [class*="dropdown"]');
      if (box) toggle = box.querySelector('summary, button, [role="button"], [class*="title"]');
    }
    if (toggle) toggle.setAttribute('data-nnbook-toggle', '1');
    document.querySelectorAll('[data-nnbook-solution]').forEach((t) => t.removeAttribute('data-nnbook-solution'));
    el.setAttribute('data-nnbook-solution', '1');
    return {found: true, visible, hasToggle: !!toggle, inDetails: !!details};
  }
  return {found: false, visible: false, hasToggle: false, inDetails: false};
}
"""

EXPLORER_STATE_JS = r"""
(i) => {
  const outs = [...document.querySelectorAll('.jp-OutputArea-output')].filter((o) => o.querySelector('img.nnbook-explorer-figure'));
  const out = outs[i];
  if (!out) return null;
  document.querySelectorAll('[data-nnbook-control]').forEach((t) => t.removeAttribute('data-nnbook-control'));
  const img = out.querySelector('img.nnbook-explorer-figure');
  const handle = out.querySelector('.noUi-handle');
  const select = out.querySelector('select');
  let kind = null, key = null;
  if (handle) {
    kind = 'slider';
    handle.setAttribute('data-nnbook-control', '1');
    const now = parseFloat(handle.getAttribute('aria-valuenow')), max = parseFloat(handle.getAttribute('aria-valuemax'));
    key = now < max ? 'ArrowRight' : 'ArrowLeft';
  } else if (select) {
    kind = 'dropdown';
    select.setAttribute('data-nnbook-control', '1');
  }
  out.setAttribute('data-nnbook-explorer', String(i));
  return {src: img.getAttribute('src'), kind, key, alt: img.getAttribute('alt'),
          options: select ? [...select.options].map((o) => o.value) : [], value: select ? select.value : null};
}
"""


# Where the glossary entry with this id stands in the open glossary. JupyterLab keeps the id
# of raw HTML as data-jupyter-id; the entry is the paragraph holding the anchor.
GLOSSARY_ENTRY_JS = r"""(id) => {
    const w = window.jupyterapp.shell.currentWidget;
    const el = w.node.querySelector(`[id="${id}"], [data-jupyter-id="${id}"]`);
    if (!el) return {found: false, inView: false};
    const r = el.parentElement.getBoundingClientRect(), v = w.node.getBoundingClientRect();
    return {found: true, inView: r.top >= v.top - 2 && r.top < v.bottom,
            entry: el.parentElement.innerText.slice(0, 80),
            rawSyntax: /\{term\}|```\{glossary/.test(w.node.innerText)};
}"""


@dataclass
class ChapterVisit:
    name: str
    before: dict = field(default_factory=dict)
    solutions: list[dict] = field(default_factory=list)
    after: dict = field(default_factory=dict)
    first_count_after_run: int | None = None
    run_seconds: float = 0.0
    explorers: list[dict] = field(default_factory=list)
    expected_explorers: int = 0
    glossary: dict = field(default_factory=dict)
    page_errors: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)


def _current(page, js: str, *args):
    return page.evaluate(js, *args)


def _visit(page, server: LabServer, name: str, out: Path) -> ChapterVisit:
    stem = name.removesuffix(".ipynb")
    rec = ChapterVisit(name=name, expected_explorers=expected_explorers(name))
    errors_before, console_before = len(page.page_errors), len(page.console_errors)
    page.evaluate("(p) => { window.jupyterapp.commands.execute('docmanager:open', {path: p}); }", f"chapters/{name}")
    page.wait_for_function(NOTEBOOK_READY_JS, arg=f"chapters/{name}", timeout=120_000, polling=250)
    page.wait_for_function(KERNEL_IDLE_JS, timeout=120_000, polling=250)
    page.wait_for_timeout(500)
    # 1. as saved: untrusted, not run
    rec.before = _current(page, COLLECT_JS)
    page.screenshot(path=str(out / f"{stem}.1-opened.png"))
    for cell in page.locator(".jp-CodeCell").all():
        text = cell.inner_text()
        if "Explorer(" in text or "Browser(" in text:
            cell.scroll_into_view_if_needed()
            cell.screenshot(path=str(out / f"{stem}.1-opened-explorer-cell.png"))
            break
    # 2. solutions: hidden? shown after their toggle?
    for i, sol in enumerate(chapter_solutions(name)):
        state = {"index": i + 1, **sol}
        if sol["phrase"]:
            first = page.evaluate(SOLUTION_STATE_JS, [sol["cell"], sol["phrase"]])
            state.update(found=first["found"], visible_before=first["visible"], has_toggle=first["hasToggle"],
                         in_details=first["inDetails"])
            if first["found"] and i < 2:
                page.locator("[data-nnbook-solution]").first.evaluate("(t) => t.closest('.jp-Cell').scrollIntoView()")
                page.screenshot(path=str(out / f"{stem}.2-solution{i + 1}-before-toggle.png"))
            if first["hasToggle"]:
                # the collapsed cell's placeholder, then the closed <details> inside it
                now = first
                for _ in range(4):
                    if now["visible"] or not now["hasToggle"]:
                        break
                    try:
                        page.locator("[data-nnbook-toggle]").first.click(timeout=5_000)
                    except Exception:  # noqa: BLE001 - the cell re-rendered under the click: mark again
                        pass
                    page.wait_for_timeout(400)
                    now = page.evaluate(SOLUTION_STATE_JS, [sol["cell"], sol["phrase"]])
                state["visible_after"] = now["visible"]
                if i < 2:
                    page.screenshot(path=str(out / f"{stem}.2-solution{i + 1}-after-toggle.png"))
            else:
                state["visible_after"] = first["visible"]
        rec.solutions.append(state)
    # 2b. follow the first link to the glossary: the glossary opens, scrolled to that entry
    # JupyterLab rewrites a relative href to /files/glossary.md?_xsrf=...#term-... once rendered
    link = page.locator('.jp-MarkdownCell a[href*="glossary.md"][href*="#term-"]').first
    if link.count():
        href = link.get_attribute("href")
        rec.glossary = {"href": href, "term": href.split("#", 1)[1]}
        link.scroll_into_view_if_needed()
        link.click()
        try:
            page.wait_for_function("() => window.jupyterapp.shell.currentWidget.context.path === 'glossary.md'",
                                   timeout=30_000, polling=200)
            try:   # JupyterLab scrolls to the fragment once the page is rendered (maths included)
                page.wait_for_function(f"(id) => ({GLOSSARY_ENTRY_JS})(id).inView", arg=rec.glossary["term"],
                                       timeout=15_000, polling=250)
            except Exception:  # noqa: BLE001 - the check below records where the page stands
                pass
            rec.glossary.update(opened=True, **page.evaluate(GLOSSARY_ENTRY_JS, rec.glossary["term"]))
            page.screenshot(path=str(out / f"{stem}.2-glossary-link.png"))
        except Exception as exc:  # noqa: BLE001 - recorded; the test says what went wrong
            rec.glossary["opened"] = False
            rec.glossary["error"] = str(exc)[:200]
        page.evaluate("""() => { const w = window.jupyterapp.shell.currentWidget;
                                 if (w.context && w.context.path === 'glossary.md') w.dispose(); }""")
        page.evaluate("(p) => { window.jupyterapp.commands.execute('docmanager:open', {path: p}); }", f"chapters/{name}")
        page.wait_for_function(NOTEBOOK_READY_JS, arg=f"chapters/{name}", timeout=60_000, polling=250)
    # close again what step 2 opened, as the notebook was saved
    page.evaluate("""(ids) => window.jupyterapp.shell.currentWidget.content.widgets.forEach((c) => {
        if (!ids.includes(c.model.id)) return;
        c.node.querySelectorAll('details[open]').forEach((d) => { d.open = false; });
        c.inputHidden = true; })""", [s["cell"] for s in rec.solutions])
    # 3. Restart Kernel and Run All Cells
    start = time.monotonic()
    page.evaluate("() => { window.__nnbookRun = window.jupyterapp.commands.execute('notebook:restart-run-all'); }")
    accept = page.locator(".jp-Dialog .jp-mod-accept")
    accept.wait_for(timeout=30_000)
    accept.click()
    # wait for the restart to have happened (the first code cell queued or run again), then for the end
    page.wait_for_function("""() => { const c = window.jupyterapp.shell.currentWidget.content.widgets.find((c) => c.model.type === 'code');
                                      return c.model.executionCount === null || c.model.executionState === 'running'
                                             || /\\*/.test(c.promptNode.textContent); }""", timeout=60_000, polling=100)
    page.wait_for_function(RUN_DONE_JS, timeout=RUN_TIMEOUT_MS, polling=250)
    page.wait_for_timeout(1000)
    page.wait_for_function(RUN_DONE_JS, timeout=RUN_TIMEOUT_MS, polling=250)
    rec.run_seconds = time.monotonic() - start
    rec.after = _current(page, COLLECT_JS)
    rec.first_count_after_run = next((c["count"] for c in rec.after["code"]), None)
    # 3b. running a markdown cell un-collapses it: the solutions must stay closed all the same
    for state in rec.solutions:
        if state.get("phrase"):
            state["visible_after_run"] = page.evaluate(SOLUTION_STATE_JS, [state["cell"], state["phrase"]])["visible"]
    # 4. explorers
    n = page.evaluate("() => document.querySelectorAll('.jp-OutputArea-output img.nnbook-explorer-figure').length")
    for i in range(n):
        state = page.evaluate(EXPLORER_STATE_JS, i)
        box = page.locator(f'[data-nnbook-explorer="{i}"]')
        box.scroll_into_view_if_needed()
        page.wait_for_timeout(200)
        box.screenshot(path=str(out / f"{stem}.3-explorer{i + 1}-before.png"))
        result = {"index": i + 1, "kind": state["kind"], "alt": state["alt"], "changed": False, "ms": None}
        control = page.locator("[data-nnbook-control]").first
        t0 = time.monotonic()
        if state["kind"] == "slider":
            control.focus()
            control.press(state["key"])
            result["action"] = state["key"]
        elif state["kind"] == "dropdown":
            other = next(v for v in state["options"] if v != state["value"])
            control.select_option(other)
            result["action"] = f"select {other!r}"
        if state["kind"]:
            try:
                page.wait_for_function(
                    """([i, src]) => { const o = document.querySelector(`[data-nnbook-explorer="${i}"] img.nnbook-explorer-figure`);
                                       return o && o.getAttribute('src') !== src; }""",
                    arg=[i, state["src"]], timeout=EXPLORER_TIMEOUT_MS, polling=50)
                result["changed"] = True
                result["ms"] = round((time.monotonic() - t0) * 1000)
            except Exception:  # noqa: BLE001 - recorded; the test says what did not change
                pass
        page.wait_for_timeout(200)
        box.screenshot(path=str(out / f"{stem}.3-explorer{i + 1}-after.png"))
        rec.explorers.append(result)
    page.evaluate("() => window.jupyterapp.shell.currentWidget.content.widgets.find((c) => c.model.type === 'code').node.scrollIntoView()")
    page.screenshot(path=str(out / f"{stem}.4-after-run.png"))
    if name == DARK_THEME_CHAPTER:
        page.evaluate("() => window.jupyterapp.commands.execute('apputils:change-theme', {theme: 'JupyterLab Dark'})")
        page.wait_for_function("() => document.body.dataset.jpThemeLight === 'false'", timeout=30_000)
        page.wait_for_timeout(1000)
        page.locator('[data-nnbook-explorer="0"]').scroll_into_view_if_needed()
        page.screenshot(path=str(out / f"{stem}.5-dark-explorer.png"))
        page.evaluate("() => window.jupyterapp.shell.currentWidget.content.widgets[0].node.scrollIntoView()")
        page.screenshot(path=str(out / f"{stem}.5-dark-top.png"))
        for sol_cell in page.locator(".jp-MarkdownCell").filter(has_text="Exercise").all()[:1]:
            sol_cell.scroll_into_view_if_needed()
            page.screenshot(path=str(out / f"{stem}.5-dark-exercise.png"))
        page.evaluate("() => window.jupyterapp.commands.execute('apputils:change-theme', {theme: 'JupyterLab Light'})")
        page.wait_for_function("() => document.body.dataset.jpThemeLight === 'true'", timeout=30_000)
    # 5. close without saving, kernel shut down
    page.evaluate("""async () => { const w = window.jupyterapp.shell.currentWidget;
                                   await w.sessionContext.shutdown(); w.context.model.dirty = false; w.dispose(); }""")
    rec.page_errors = page.page_errors[errors_before:]
    rec.console_errors = page.console_errors[console_before:]
    return rec


@pytest.fixture(scope="session")
def chapter(lab_server, lab_page, artifacts_dir):
    """``chapter(name) -> ChapterVisit``, visited once per session."""
    cache: dict[str, ChapterVisit] = {}

    def get(name: str) -> ChapterVisit:
        if name not in cache:
            cache[name] = _visit(lab_page, lab_server, name, artifacts_dir)
        return cache[name]

    yield get
    summary = {name: {"run_seconds": round(v.run_seconds, 1), "first_count_after_run": v.first_count_after_run,
                      "errors": [e for c in v.after.get("code", []) for e in c["errors"]],
                      "explorers": v.explorers, "expected_explorers": v.expected_explorers,
                      "glossary": v.glossary,
                      "solutions": v.solutions, "page_errors": v.page_errors,
                      "console_errors": sorted(set(v.console_errors)),
                      "before_run": [{k: c[k] for k in ("mimes", "shown", "images", "widgets")}
                                     for c in v.before.get("code", []) if c["mimes"] and any(
                                         "application/vnd.jupyter.widget-view+json" in m for m in c["mimes"])],
                      "trusted_before": v.before.get("trusted")}
               for name, v in cache.items()}
    summary["_blocked_requests"] = lab_page.blocked
    (artifacts_dir / "summary.json").write_text(json.dumps(summary, indent=1))
    (artifacts_dir / "markdown-text.json").write_text(json.dumps(
        {name: [m["text"] for m in v.before.get("markdown", [])] for name, v in cache.items()}, indent=1))
