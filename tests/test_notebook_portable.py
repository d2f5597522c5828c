"""The chapters read cleanly in every front-end, MyST or not (``tools/portable_markdown.py``).

Colab, VS Code and GitHub's notebook viewer render no MyST: a role such as {term}`epoch`
shows as literal syntax there, and a ``{solution}`` directive as plain text in full view.
So the chapters use plain Markdown links, colon-fenced exercises (one line of syntax,
numbered by sphinx-exercise in the book) and ``<details>`` solutions, closed everywhere.
These tests keep it so, and check that every link leads somewhere.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))
PAGES = [ROOT / "glossary.md", ROOT / "intro.md", *sorted((ROOT / "chapters").glob("*.md"))]

ROLE = re.compile(r"\{(?:term|doc|ref|numref|eq|cite(?::\w+)?|download)\}`")
BACKTICK_DIRECTIVE = re.compile(r"^\s*(`{3,}|~{3,})\s*\{(?!code-cell)[\w-]+\}", re.M)
# a Markdown link, with or without a title: [words](target "title")
LINK = re.compile(r'(?<!!)\[([^\]]*)\]\(([^)\s]+)(?:\s+"[^"]*")?\)')


def markdown_cells(path: Path) -> list[tuple[int, str]]:
    nb = json.loads(path.read_text())
    return [(i, "".join(c["source"])) for i, c in enumerate(nb["cells"]) if c["cell_type"] == "markdown"]


def glossary_ids() -> set[str]:
    return set(re.findall(r'<a id="(term-[^"]+)"></a>', (ROOT / "glossary.md").read_text()))


def bib_keys() -> set[str]:
    return set(re.findall(r"@\w+\{([^,\s]+),", (ROOT / "references.bib").read_text()))


@pytest.mark.parametrize("path", CHAPTERS + PAGES, ids=lambda p: p.name)
def test_no_myst_only_roles_or_backtick_directives(path):
    texts = markdown_cells(path) if path.suffix == ".ipynb" else [(0, path.read_text())]
    problems = []
    for i, text in texts:
        for pattern in (ROLE, BACKTICK_DIRECTIVE):
            for m in pattern.finditer(text):
                problems.append(f"cell {i}: {text[max(0, m.start() - 30):m.end() + 30]!r}")
    assert not problems, (f"{path.name}: MyST-only syntax that Colab/VS Code/GitHub show raw "
                          f"(run tools/portable_markdown.py): {problems[:5]}")


SOLUTION_CELL = re.compile(r"\A\*\*Solution[^*]*\*\*[^\n]*\n\n<details><summary>[^<]+</summary>\n\n(.+)\n\n</details>\n?\Z", re.S)


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_solutions_are_collapsed_cells_holding_a_closed_details(path):
    """Every solution is a markdown cell of its own: collapsed in JupyterLab, Notebook 7 and
    VS Code (``jupyter.source_hidden``, the lead line shows on the placeholder), and a closed
    ``<details>`` for the book, Colab and GitHub, and for JupyterLab once Run All has opened the
    cell (running a markdown cell un-collapses it). Its Markdown needs the blank lines."""
    nb = json.loads(path.read_text())
    problems, solutions = [], 0
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] != "markdown":
            continue
        text = "".join(cell["source"])
        if "<details" not in text:
            continue
        solutions += 1
        if not SOLUTION_CELL.match(text):
            problems.append(f"cell {i} ({cell.get('id')}): not the solution pattern "
                            "(**Solution** line, blank, <details><summary>..</summary>, blank, body, blank, </details>)")
        if not cell.get("metadata", {}).get("jupyter", {}).get("source_hidden"):
            problems.append(f"cell {i} ({cell.get('id')}): a solution cell must be collapsed (jupyter.source_hidden)")
        if "<details open" in text:
            problems.append(f"cell {i}: a solution must start closed")
    assert solutions, f"{path.name}: no solution at all"
    assert not problems, f"{path.name}: " + "; ".join(problems)


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_hidden_solution_code_is_hidden_in_every_front_end(path):
    """A solution whose code runs in the notebook: the code cell is collapsed in JupyterLab
    and VS Code, a toggle in the book, a form showing only its title in Colab."""
    nb = json.loads(path.read_text())
    for cell in nb["cells"]:
        md = cell.get("metadata", {})
        if cell["cell_type"] == "code" and "hide-cell" in md.get("tags", []):
            assert md.get("jupyter", {}).get("source_hidden") and md["jupyter"].get("outputs_hidden"), cell["id"]
            assert md.get("cellView") == "form" and "".join(cell["source"]).startswith("#@title"), cell["id"]


@pytest.mark.parametrize("path", CHAPTERS + PAGES, ids=lambda p: p.name)
def test_every_link_leads_somewhere(path):
    texts = markdown_cells(path) if path.suffix == ".ipynb" else [(0, path.read_text())]
    whole = "\n".join(t for _, t in texts)
    labels = set(re.findall(r"^:label:\s*(\S+)", whole, re.M)) | set(re.findall(r"^\((\S+)\)=\s*$", whole, re.M))
    terms, keys = glossary_ids(), bib_keys()
    problems = []
    for i, text in texts:
        for m in LINK.finditer(text):
            target = m.group(2)
            if re.match(r"[a-z]+:", target):          # http(s), mailto: not checked offline
                continue
            file, _, frag = target.partition("#")
            dest = (path.parent / file).resolve() if file else path
            if not dest.exists():
                problems.append(f"cell {i}: {target} (no such file)")
                continue
            if not frag:
                continue
            if dest.name == "glossary.md" and frag not in terms:
                problems.append(f"cell {i}: {target} (no such glossary entry)")
            elif dest.name == "references.md" and (not frag.startswith("cite-") or frag[5:] not in keys):
                problems.append(f"cell {i}: {target} (no such reference)")
            elif dest == path and frag not in labels | terms:
                problems.append(f"cell {i}: {target} (no such label on this page)")
    assert not problems, f"{path.name}: {len(problems)} broken links: {problems[:8]}"


# An author-year citation written out by hand, "(Ba, Kiros and Hinton, 2016)" or "McCandlish et al. (2018)".
CITATION = re.compile(r"\([A-Z][^()\[\]$]{0,80}?,?\s(?:19|20)\d\d[a-z]?\)"
                      r"|[A-Z][a-z]+(?: et al\.| and [A-Z][a-z]+)?\s\((?:19|20)\d\d\)")


@pytest.mark.parametrize("path", CHAPTERS + PAGES, ids=lambda p: p.name)
def test_every_citation_links_to_the_references(path):
    """A cited work is in references.bib and its citation is a link to it (checked above),
    so no reader meets a name and a year with nothing to follow."""
    texts = markdown_cells(path) if path.suffix == ".ipynb" else [(0, path.read_text())]
    problems = []
    for i, text in texts:
        plain = re.sub(r"`[^`]*`", "", LINK.sub("", text))
        problems += [f"cell {i}: {m.group(0)!r}" for m in CITATION.finditer(plain)]
    assert not problems, (f"{path.name}: citations without a link to references.md (add the work to "
                          f"references.bib and link it as [Name, year](../references.md#cite-key)): {problems}")


def test_glossary_entries_unique_and_sorted():
    text = (ROOT / "glossary.md").read_text()
    entries = re.findall(r'^<a id="(term-[^"]+)"></a>\*\*(.+?)\*\*\\$', text, re.M)
    assert len(entries) >= 80, f"only {len(entries)} glossary entries found"
    ids = [e[0] for e in entries]
    assert len(ids) == len(set(ids)), "duplicate glossary ids"
    names = [e[1].lower() for e in entries]
    assert names == sorted(names), "glossary entries are not in alphabetical order"


def test_the_conversion_is_idempotent(tmp_path):
    """Running the tool on the committed chapters changes nothing (they are converted)."""
    for sub in ("chapters",):
        shutil.copytree(ROOT / sub, tmp_path / sub)
    for name in ("glossary.md", "intro.md", "references.bib", "api.md", "references.md"):
        shutil.copy(ROOT / name, tmp_path / name)
    (tmp_path / "tools").mkdir()
    shutil.copy(ROOT / "tools" / "portable_markdown.py", tmp_path / "tools")
    files = ["glossary.md", "intro.md", *(f"chapters/{p.name}" for p in sorted((tmp_path / "chapters").iterdir())
                                          if p.suffix in (".md", ".ipynb"))]
    out = subprocess.run([sys.executable, "tools/portable_markdown.py", *files], cwd=tmp_path,
                         capture_output=True, text=True, check=True).stdout
    assert "rewrote" not in out, out


def test_the_conversion_turns_myst_into_the_portable_pattern(tmp_path):
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import portable_markdown as pm
    finally:
        sys.path.pop(0)
    nb = {"cells": [
        {"cell_type": "markdown", "id": "a", "metadata": {}, "source": [
            "An {term}`epoch` and {term}`layers <hidden layer>`, as {cite:t}`nielsen2015` shows, see\n",
            "exercise {ref}`ex-x-1`.\n\n```{exercise}\n:label: ex-x-1\nCompute $z$.\n```\n\n",
            "```{solution} ex-x-1\n:class: dropdown\nIt is $3$.\n```\n"]},
        {"cell_type": "markdown", "id": "b", "metadata": {}, "source": ["```{solution-start} ex-x-1\n:class: dropdown\n```\nRun:\n"]},
        {"cell_type": "code", "id": "c", "metadata": {}, "source": ["print(3)\n"], "outputs": [], "execution_count": None},
        {"cell_type": "markdown", "id": "d", "metadata": {}, "source": ["So 3.\n```{solution-end}\n```\n\n## Next\n"]},
    ], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    path = tmp_path / "chapters" / "x.ipynb"
    path.parent.mkdir()
    path.write_text(json.dumps(nb))
    assert pm.rewrite_notebook(path)
    cells = json.loads(path.read_text())["cells"]
    a = "".join(cells[0]["source"])
    assert "[epoch](../glossary.md#term-epoch)" in a and "[layers](../glossary.md#term-hidden-layer)" in a
    assert "[Nielsen (2015)](../references.md#cite-nielsen2015)" in a
    assert "see\n[an exercise below](#ex-x-1)." in a
    assert ":::{exercise}\n:label: ex-x-1\n\nCompute $z$.\n:::" in a
    assert "<details" not in a
    sol = cells[1]
    assert sol["metadata"] == {"jupyter": {"source_hidden": True}} and sol["id"] == "a-1"
    assert "".join(sol["source"]) == ("**Solution** (open it when you have tried the exercise)\n\n"
                                      "<details><summary>Show the solution</summary>\n\nIt is $3$.\n\n</details>")
    assert "".join(cells[2]["source"]).startswith("**Solution** (its code is in the hidden cell below")
    assert cells[3]["metadata"]["jupyter"] == {"source_hidden": True, "outputs_hidden": True}
    assert "".join(cells[4]["source"]).startswith("**Solution, continued**\n\n<details><summary>Show the solution</summary>\n\nSo 3.\n\n</details>")
    assert "".join(cells[5]["source"]) == "## Next" and cells[5]["id"] == "d-1"
    assert not pm.rewrite_notebook(path)        # idempotent


def test_glossary_links_carry_the_entry_as_a_hover_title():
    """Every link to a glossary entry shows the entry's first sentence on hover (its title), in
    every front-end: JupyterLab opens the glossary at its top, not at the entry, so the title
    is where a learner there reads the definition. tools/glossary_titles.py writes them."""
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import glossary_titles
    finally:
        sys.path.pop(0)
    table = glossary_titles.titles()
    assert len(table) == len(glossary_ids()), "an entry of glossary.md was not read"
    untitled, stale = [], []
    for path in CHAPTERS + PAGES:
        if path.name == "glossary.md":
            continue
        texts = markdown_cells(path) if path.suffix == ".ipynb" else [(0, path.read_text())]
        for i, text in texts:
            for _, target, term, title in glossary_titles.GLOSSARY_LINK.findall(text):
                if not title:
                    untitled.append(f"{path.name} cell {i}: {target}")
                elif term in table and title != table[term]:
                    stale.append(f"{path.name} cell {i}: {term}")
    assert not untitled and not stale, (f"glossary links without a title: {untitled[:5]}; with an outdated "
                                        f"title: {stale[:5]}. Run: python tools/glossary_titles.py")
    for title in table.values():
        assert '"' not in title and "|" not in title and "$" not in title and 20 < len(title) <= 210, title
