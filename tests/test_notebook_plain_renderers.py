"""The chapters as front-ends without MyST show them (Colab, VS Code, GitHub's viewer).

These front-ends render a markdown cell with a plain CommonMark/GFM renderer that passes
raw HTML through: VS Code uses markdown-it, Jupyter's nbconvert uses mistune, GitHub cmark-gfm,
Colab marked. Two of them run here, markdown-it (CommonMark) and mistune (nbconvert's), and on
what they produce:

- no solution's text is visible: every solution phrase lies inside a closed ``<details>``;
- the visible text carries no MyST role syntax and no solution directive.

(The colon fence of an exercise, ``:::{exercise}`` and its ``:label:`` line, remains visible
there as two short lines: the price of keeping the book's numbered, cross-referenced exercises.)
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

bs4 = pytest.importorskip("bs4")
markdown_it = pytest.importorskip("markdown_it")
mistune = pytest.importorskip("mistune")

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))
ROLE = re.compile(r"\{(?:term|doc|ref|numref|cite(?::\w+)?|solution[\w-]*)\}")


def render_markdown_it(text: str) -> str:
    return markdown_it.MarkdownIt("commonmark", {"html": True}).render(text)


def render_mistune(text: str) -> str:
    return mistune.create_markdown(escape=False, plugins=["strikethrough", "table"])(text)


RENDERERS = {"markdown-it": render_markdown_it, "mistune": render_mistune}


def solution_phrases(text: str) -> list[str]:
    """Plain-word runs of at least five words from each solution body (no maths, code, links)."""
    phrases = []
    for m in re.finditer(r"<details[^>]*>\s*<summary>[^<]*</summary>(?:<!-- -->)?(.*?)</details>", text, re.S):
        body = re.sub(r"```.*?```|\$\$.*?\$\$|\$[^$]*\$|`[^`]*`|\[[^\]]*\]\([^)]*\)|<[^>]+>", "\x00", m.group(1), flags=re.S)
        runs = [" ".join(r.split()) for r in re.split(r"[\x00*_#|()\n]+", body)]
        runs = [r.strip(" .,;:") for r in runs if len(r.split()) >= 5]
        if runs:
            phrases.append(max(runs, key=len))
    return phrases


def visible_text(html: str) -> tuple[str, str]:
    """(text outside any <details> or only in its <summary>, text inside <details> bodies)."""
    soup = bs4.BeautifulSoup(html, "html.parser")
    inside = []
    for d in soup.find_all("details"):
        summary = d.find("summary")
        if summary:
            summary.extract()
        inside.append(d.get_text(" "))
        d.decompose()
    return " ".join(soup.get_text(" ").split()), " ".join(" ".join(inside).split())


@pytest.mark.parametrize("renderer", sorted(RENDERERS))
@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_solutions_hidden_and_no_role_syntax_without_myst(path, renderer):
    nb = json.loads(path.read_text())
    shown_solutions, roles, checked = [], [], 0
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] != "markdown":
            continue
        source = "".join(cell["source"])
        outside, inside = visible_text(RENDERERS[renderer](source))
        norm = lambda s: " ".join(s.replace("\u2019", "'").split())  # noqa: E731
        for phrase in solution_phrases(source):
            checked += 1
            if norm(phrase) in norm(outside):
                shown_solutions.append(f"cell {i}: {phrase[:60]!r}")
            assert norm(phrase) in norm(inside) or "\\" in phrase, (
                f"{path.name} cell {i}: the solution phrase {phrase[:60]!r} was not found in the rendered <details>")
        roles += [f"cell {i}: {m.group(0)}" for m in ROLE.finditer(outside)]
    assert checked, f"{path.name}: no solution found"
    assert not shown_solutions, f"{path.name} ({renderer}): solution text visible without a click: {shown_solutions[:5]}"
    assert not roles, f"{path.name} ({renderer}): MyST role/directive syntax visible: {roles[:5]}"
