"""Every chapter notebook in a real JupyterLab (with jupyterlab-myst), as a learner meets it:
opened, read, Restart Kernel and Run All Cells, explorers moved.

Checks that fail today because of the notebooks' content (not because of this harness)
are marked ``xfail(strict=True)`` per chapter in ``KNOWN``: the day the content is fixed,
the xfail turns into a failure and the mark must go.
"""
from __future__ import annotations

import re

import pytest

from _lab import NOTEBOOKS

pytestmark = pytest.mark.jupyterlab

# Raw MyST a learner must not see: directive fences and options, role names.
RAW_DIRECTIVE = re.compile(r"```\s*\{|~~~\s*\{|:::\s*\{|^\s*:(?:class|label|name|nonumber|hidden):"
                           r"|\{(?:exercise|solution)(?:-start|-end)?\}", re.M)
RAW_ROLE = re.compile(r"\{(?:term|doc|ref|numref|eq|cite|download|prf:ref|math)\}`")
RAW_MATH = re.compile(r"(?<![\\$])\$[^$\n]{1,200}\$|\\\(|\\\[|\$\$")

# check -> {chapter: reason} for checks that fail today because of the notebooks' content.
KNOWN: dict[str, dict[str, str]] = {}


def _params(check: str):
    known = KNOWN.get(check, {})
    return [pytest.param(nb, id=nb.removesuffix(".ipynb"),
                         marks=[pytest.mark.xfail(strict=True, reason=f"issue 9: {known[nb]}")] if nb in known else [])
            for nb in NOTEBOOKS]


def _hits(pattern: re.Pattern, texts: list[str]) -> list[str]:
    found = []
    for text in texts:
        for m in pattern.finditer(text):
            found.append(text[max(0, m.start() - 30):m.end() + 30].replace("\n", " "))
    return found


@pytest.mark.parametrize("name", _params("runs"))
def test_restart_and_run_all_without_errors(chapter, name):
    visit = chapter(name)
    assert visit.first_count_after_run == 1, (
        f"{name}: the first code cell has execution count {visit.first_count_after_run} after "
        "Restart Kernel and Run All Cells (expected 1: a fresh kernel)")
    errors = {c["id"]: c["errors"] for c in visit.after["code"] if c["errors"]}
    assert not errors, f"{name}: error outputs after Run All: {errors}"
    not_run = [c["id"] for c in visit.after["code"] if c["count"] is None]
    assert not not_run, f"{name}: code cells not run: {not_run}"


@pytest.mark.parametrize("name", _params("explorers"))
def test_every_explorer_redraws_when_a_control_moves(chapter, name):
    visit = chapter(name)
    assert len(visit.explorers) == visit.expected_explorers, (
        f"{name}: {len(visit.explorers)} live explorers on the page after Run All, "
        f"{visit.expected_explorers} in the committed outputs")
    stuck = [e for e in visit.explorers if not e["changed"]]
    assert not stuck, f"{name}: explorer picture did not change within 2 s after moving a control: {stuck}"


@pytest.mark.parametrize("name", _params("directives"))
def test_no_raw_directive_syntax_visible(chapter, name):
    hits = _hits(RAW_DIRECTIVE, [m["text"] for m in chapter(name).before["markdown"]])
    assert not hits, f"{name}: raw directive syntax visible in JupyterLab: {hits[:5]} ({len(hits)} in all)"


@pytest.mark.parametrize("name", _params("roles"))
def test_no_raw_role_syntax_visible(chapter, name):
    hits = _hits(RAW_ROLE, [m["text"] for m in chapter(name).before["markdown"]])
    assert not hits, f"{name}: raw role syntax visible in JupyterLab: {hits[:5]} ({len(hits)} in all)"


@pytest.mark.parametrize("name", _params("terms"))
def test_glossary_link_opens_the_glossary_at_its_entry(chapter, name):
    """A glossary link is a plain link to ../glossary.md#term-...: JupyterLab opens the
    glossary, a readable Markdown page (no raw MyST), which holds the entry's anchor."""
    g = chapter(name).glossary
    assert g, f"{name}: no link to the glossary in any markdown cell"
    assert g.get("opened"), f"{name}: following {g['href']} did not open glossary.md: {g.get('error')}"
    assert g.get("found"), f"{name}: glossary.md has no element with id {g['term']!r}"
    # Whether JupyterLab also scrolls the glossary to that entry is recorded in summary.json
    # (glossary.inView), not asserted: seen to work, but not reliably (the preview may apply
    # the fragment before its maths is typeset).
    assert not g.get("rawSyntax"), f"{name}: the glossary shows raw MyST syntax in JupyterLab"


@pytest.mark.parametrize("name", _params("before-run"))
def test_unrun_explorers_show_picture_and_run_hint_never_widget_text(chapter, name):
    """Opened before it is run (no widgets yet), each explorer shows its picture and the line
    that says to run the cell; a flip-book's cell says what it is; no widget's text repr."""
    visit = chapter(name)
    widget_cells = [c for c in visit.before["code"] if any("application/vnd.jupyter.widget-view+json" in m
                                                            for m in c["mimes"])]
    reprs = [c["id"] for c in widget_cells if re.search(r"\b(?:VBox|HBox|HTML|Stack)\(|children=\(", c["shown"])]
    assert not reprs, f"{name}: cells showing a widget's text description before the run: {reprs}"
    explorers = [c for c in widget_cells if any("image/png" in m for m in c["mimes"])]
    no_picture = [c["id"] for c in explorers if not c["images"] or not c["runHints"]]
    assert not no_picture, f"{name}: explorer cells without picture and 'run this cell' line before the run: {no_picture}"
    silent = [c["id"] for c in widget_cells if c not in explorers and not c["runHints"]]
    assert not silent, f"{name}: flip-book/gallery cells that say nothing before the run: {silent}"


@pytest.mark.parametrize("name", _params("one-world"))
def test_running_notebook_shows_nothing_that_contradicts_the_live_explorer(chapter, name):
    """After Run All: no 'drawn once' note, no frozen flip-book frame; where the web page has a
    flip-book, one line points to the live explorer instead."""
    visit = chapter(name)
    shown = {c["id"]: c["webOnlyVisible"] for c in visit.after["code"] if c["webOnlyVisible"]}
    assert not shown, f"{name}: web-page-only parts visible in the running notebook: {shown}"
    books = sum(1 for c in visit.before["code"] if any("application/vnd.jupyter.widget-view+json" in m for m in c["mimes"])
                and not any("image/png" in m for m in c["mimes"]))
    lines = sum(c["liveLines"] for c in visit.after["code"])
    assert lines == books, f"{name}: {books} flip-books/galleries but {lines} lines pointing to the live explorer"


@pytest.mark.parametrize("name", _params("maths"))
def test_maths_typeset(chapter, name):
    visit = chapter(name)
    hits = _hits(RAW_MATH, [m["prose"] for m in visit.before["markdown"]])
    assert not hits, f"{name}: untypeset TeX in markdown cells: {hits[:5]} ({len(hits)} in all)"
    assert sum(m["katex"] for m in visit.before["markdown"]) > 0, f"{name}: no typeset formula at all"


@pytest.mark.parametrize("name", _params("solutions-hidden"))
def test_solutions_hidden_until_toggled(chapter, name):
    sols = chapter(name).solutions
    assert sols, f"{name}: no {{solution}} found in the source"
    unreadable = [s["index"] for s in sols if not s.get("phrase") or not s.get("found")]
    assert not unreadable, f"{name}: solutions {unreadable}: their text was not found on the page"
    shown = [s["index"] for s in sols if s["visible_before"]]
    assert not shown, f"{name}: solutions {shown} of {len(sols)} are visible before any toggle is used"


@pytest.mark.parametrize("name", _params("solutions-after-run"))
def test_solutions_stay_hidden_after_run_all(chapter, name):
    """Run All renders every markdown cell and so un-collapses the solution cells; their
    closed <details> must still hide the solution from a learner who ran the notebook."""
    sols = [s for s in chapter(name).solutions if s.get("phrase")]
    shown = [s["index"] for s in sols if s.get("visible_after_run")]
    assert not shown, f"{name}: solutions {shown} of {len(sols)} are in plain view after Restart and Run All"


@pytest.mark.parametrize("name", _params("solutions-toggle"))
def test_solutions_shown_after_toggle(chapter, name):
    sols = chapter(name).solutions
    no_toggle = [s["index"] for s in sols if not s.get("has_toggle")]
    assert not no_toggle, f"{name}: solutions {no_toggle} of {len(sols)} have no toggle"
    still_hidden = [s["index"] for s in sols if not s.get("visible_after")]
    assert not still_hidden, f"{name}: solutions {still_hidden} stay hidden after their toggle is clicked"
