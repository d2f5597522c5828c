"""Where the built book is, which pages it has, and what the browser tests share."""
from __future__ import annotations

import os
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
# The built book; NNBOOK_BUILD_HTML points the tests at another build (e.g. a copy).
BOOK = Path(os.environ.get("NNBOOK_BUILD_HTML", ROOT / "_build" / "html"))
ARTIFACTS = ROOT / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
AXE_JS = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
CHROMIUM = Path(os.environ.get("NNBOOK_CHROMIUM", "/usr/bin/chromium"))
# The flags BOOK_NOTES.md lists: without the background-networking ones Chromium keeps
# trying to reach Google's services through the closed network.
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 900}
# Build folders that hold no reader-facing pages.
NOT_PAGES = {"_static", "_sources", "_images", "reports", "_downloads", "jupyter_execute"}
MISSING_BUILD = f"{BOOK} has no index.html: run `make book` first (the browser tests test the built book)"
NO_CHROMIUM = f"Chromium not found at {CHROMIUM}: install Debian's chromium to run the browser tests"


# True once a page has rendered: every widget view drawn, every formula typeset, every image loaded.
WAIT_RENDERED_JS = r"""
() => {
  const views = [...document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]')];
  const widgetsDone = views.every((s) => {
    const sub = s.previousElementSibling;
    return sub && sub.classList.contains('widget-subarea') && sub.querySelector('.jupyter-widgets, .lm-Widget');
  });
  const mathDone = !document.querySelector('.math') || (window.MathJax && MathJax.startup && MathJax.startup.document
      && [...document.querySelectorAll('.math')].every((m) => m.querySelector('mjx-container')));
  const imagesDone = [...document.images].every((i) => i.complete);
  return widgetsDone && mathDone && imagesDone;
}
"""


# --------------------------------------------------------------------------- page discovery
def toc_pages() -> list[str]:
    """HTML paths (relative to the build) of every document listed in ``_toc.yml``."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files: list[str] = []

    def walk(node):
        if isinstance(node, dict):
            for key in ("root", "file"):
                if isinstance(node.get(key), str):
                    files.append(node[key])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(toc)
    return [re.sub(r"\.(md|ipynb|rst)$", "", f) + ".html" for f in dict.fromkeys(files)]


def built_pages() -> list[str]:
    """HTML pages present in the build (none when the book has not been built)."""
    if not BOOK.is_dir():
        return []
    return sorted(p.relative_to(BOOK).as_posix() for p in BOOK.rglob("*.html")
                  if p.relative_to(BOOK).parts[0] not in NOT_PAGES)


def is_redirect(path: str) -> bool:
    """``index.html`` is a meta-refresh to the root page, not a page of its own."""
    file = BOOK / path
    return file.is_file() and 'http-equiv="Refresh"' in file.read_text(errors="replace")[:2000]


def all_pages() -> list[str]:
    pages = list(dict.fromkeys(toc_pages() + built_pages()))
    return [p for p in pages if not is_redirect(p)]


def page_id(path: str) -> str:
    return path.removesuffix(".html").replace("/", "__")
