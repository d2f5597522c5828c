"""Rewrite the chapters' markdown into the book's portable pattern (idempotent).

The chapters are read in four places: the web book (Jupyter Book, Sphinx + MyST),
JupyterLab and Notebook 7 (jupyterlab-myst), and front-ends that know no MyST at all
(Colab, VS Code, GitHub's viewer). The portable pattern reads cleanly in all of them:

====================  ===========================================  =========================
MyST-only syntax      portable form                                 where the book gets it
====================  ===========================================  =========================
{term}`x`             [x](../glossary.md#term-x)                    a plain link; the
                                                                    ``nnbook_links`` extension
                                                                    lets Sphinx check the id
{doc}`t <p>`          [t](p.ipynb)                                  a plain link
{cite:t}`k`           [Author (Year)](../references.md#cite-k)      ``bibtex_cite_id``
{cite}`k`             ([Author, Year](../references.md#cite-k))
{ref}`ex-...`         [Exercise](#ex-...) (text kept if given)      sphinx-exercise's label
```{exercise}         :::{exercise}  (colon fence)                  sphinx-exercise, numbered
```{solution} ex      a markdown cell of its own (see below)        raw HTML <details>
```{admonition} T     :::{admonition} T                             unchanged meaning
(label)=              <a id="label"></a>                            ``nnbook_links``
====================  ===========================================  =========================

A solution is a markdown cell of its own: a lead line "**Solution** (open it when ...)", then
``<details><summary>Show the solution</summary>``, a blank line, the body, a blank line and
``</details>``; its metadata ``jupyter.source_hidden`` collapses it. So it is hidden

- on the web page and in Colab, VS Code and GitHub's viewer by the closed ``<details>``;
- in JupyterLab and Notebook 7 first by the collapsed cell, whose placeholder shows the lead
  line, and, once the cell is open, by the closed ``<details>`` as well. Both are needed:
  running a markdown cell (Run All, Shift+Enter) un-collapses it, so the ``<details>`` is what
  keeps a solution closed in a notebook that has been run. The price: jupyterlab-myst does not
  typeset maths inside an HTML element, so an opened solution shows its formulas as TeX source
  there (bold, lists and code blocks are rendered). An earlier version put ``<!-- -->`` after
  the summary, which kept the maths typeset but left the solution open in plain view after Run
  All; this tool removes it.

A solution whose code runs in the notebook (MyST's gated ``{solution-start}`` ...
``{solution-end}``) becomes such a solution cell before and after the code, and the
code cell between them is hidden: Jupyter Book's ``hide-cell`` tag, JupyterLab's and VS Code's
``jupyter.source_hidden`` / ``outputs_hidden``, Colab's form view with a ``#@title`` line.

The glossary itself becomes plain Markdown too (entries A-Z, each ``<a id="term-..."></a>**term**``
and its definition, the ids Sphinx's glossary directive gave), so that a link followed in
JupyterLab opens a readable page at the right entry.

Usage: ``python tools/portable_markdown.py glossary.md intro.md chapters/*.md chapters/*.ipynb``
(rewrites in place; running it again changes nothing; the glossary goes first). ``tests/test_notebook_portable.py`` checks every chapter is portable.
"""
from __future__ import annotations

import json
import re
import sys
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


# ----------------------------------------------------------------------------- the targets
def sphinx_id(text: str) -> str:
    """The id Sphinx gives a node called ``text`` (glossary terms: ``term-`` + the entry)."""
    from sphinx.util.nodes import _make_id

    return _make_id(text)


GLOSSARY_ENTRY = re.compile(r'^<a id="(term-[^"]+)"></a>\*\*(.+?)\*\*\\?$', re.M)


@lru_cache(maxsize=None)
def glossary_entries() -> dict[str, str]:
    """lower-case entry -> entry, for every entry of glossary.md (either form)."""
    text = (ROOT / "glossary.md").read_text()
    block = re.search(r"^(`{3,}|:{3,})\{glossary\}[^\n]*\n(.*?)^\1", text, re.S | re.M)
    entries = {}
    if block:                                           # the MyST glossary directive
        for line in block.group(2).splitlines():
            if line and not line[0].isspace() and not line.startswith(":"):
                entries[line.strip().lower()] = line.strip()
    for m in GLOSSARY_ENTRY.finditer(text):             # the portable form
        entries[m.group(2).strip().lower()] = m.group(2).strip()
    if not entries:
        raise SystemExit("glossary.md has no entries")
    return entries


def rewrite_glossary(path: Path) -> bool:
    """The {glossary} directive -> entries sorted A-Z under a heading per letter, each
    ``<a id="term-..."></a>**term**`` then its definition: the ids Sphinx's glossary gave."""
    text = path.read_text()
    block = re.search(r"^(`{3,}|:{3,})\{glossary\}[^\n]*\n(.*?)^\1[ \t]*\n?", text, re.S | re.M)
    if not block:
        return False
    entries, current = [], None
    for line in block.group(2).splitlines():
        if line.startswith(":"):
            continue
        if line and not line[0].isspace():
            current = [line.strip(), []]
            entries.append(current)
        elif current is not None:
            current[1].append(line[2:] if line.startswith("  ") else line.strip())
    out = []
    letter = None
    for term, body in sorted(entries, key=lambda e: e[0].lower()):
        if term[0].upper() != letter:
            letter = term[0].upper()
            out.append(f"## {letter}\n")
        definition = "\n".join(body).strip("\n")
        out.append(f'<a id="{sphinx_id("term-" + term)}"></a>**{term}**\\\n{definition}\n')
    intro = text[:block.start()].rstrip("\n")
    intro += ("\n\nThe entries are in alphabetical order; a word in an entry that has an entry of its own "
              "links to it.")
    path.write_text(intro + "\n\n" + "\n".join(out) + text[block.end():])
    glossary_entries.cache_clear()
    return True


def glossary_link(text: str, entry: str, prefix: str | None) -> str:
    known = glossary_entries()
    if entry.lower() not in known:
        raise SystemExit(f"{{term}} `{entry}` is not an entry of glossary.md")
    page = "" if prefix is None else f"{prefix}glossary.md"
    return f"[{text}]({page}#{sphinx_id('term-' + known[entry.lower()])})"


@lru_cache(maxsize=None)
def bibliography() -> dict[str, tuple[str, str]]:
    """key -> (authors as cited, year), from references.bib."""
    from pybtex.database import parse_file

    data = parse_file(str(ROOT / "references.bib"))
    cited = {}
    for key, entry in data.entries.items():
        people = entry.persons.get("author") or entry.persons.get("editor") or []
        last = [" ".join(p.last_names).replace("{", "").replace("}", "") for p in people]
        if not last:
            names = entry.fields.get("organization", entry.fields.get("title", key))
        elif len(last) == 1:
            names = last[0]
        elif len(last) == 2:
            names = f"{last[0]} and {last[1]}"
        else:
            names = f"{last[0]} et al."
        cited[key] = (names, entry.fields.get("year", "n.d."))
    return cited


def cite(kind: str, keys: str, prefix: str) -> str:
    bib = bibliography()
    parts = []
    for key in (k.strip() for k in keys.split(",")):
        if key not in bib:
            raise SystemExit(f"{{cite}} `{key}` is not in references.bib")
        names, year = bib[key]
        anchor = f"{prefix}references.md#cite-{key}"
        parts.append(f"[{names} ({year})]({anchor})" if kind == "t" else f"[{names}, {year}]({anchor})")
    return "; ".join(parts) if kind == "t" else "(" + "; ".join(parts) + ")"


def doc_link(text: str | None, target: str, here: Path) -> str:
    base = (here.parent / target).resolve()
    for ext in (".ipynb", ".md"):
        if base.with_suffix(ext).exists():
            path = base.with_suffix(ext)
            break
    else:
        raise SystemExit(f"{{doc}} `{target}` from {here.name}: no such document")
    rel = Path(target).with_suffix(path.suffix).as_posix()
    if text is None:
        text = title_of(path)
    return f"[{text}]({rel})"


def title_of(path: Path) -> str:
    if path.suffix == ".ipynb":
        nb = json.loads(path.read_text())
        text = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    else:
        text = path.read_text()
    m = re.search(r"^# (.+)$", text, re.M)
    return m.group(1).strip() if m else path.stem


# ----------------------------------------------------------------------------- the rewrite
ROLE = re.compile(r"(?P<word>\b[Ee]xercise\s+)?\{(term|doc|ref|cite|cite:t|cite:p)\}`([^`]*)`")


def rewrite_roles(text: str, here: Path, prefix: str, ref_text=lambda label: "this exercise") -> str:
    def sub(m):
        role, body = m.group(2), m.group(3)
        word = m.group("word") or ""
        if role != "ref" and word:
            return word + sub_role(role, body)
        return sub_role(role, body)

    def sub_role(role, body):
        explicit = re.fullmatch(r"(.*?)\s*<([^<>]+)>", body, re.S)
        label, target = (explicit.group(1), explicit.group(2)) if explicit else (None, body)
        if role == "term":
            return glossary_link(label or target, target, prefix)
        if role == "doc":
            return doc_link(label, target, here)
        if role == "ref":
            home = target_labels().get(target)
            if home is None or home == here.resolve():
                return f"[{label or ref_text(target)}](#{target})"
            rel = Path(home).relative_to(here.resolve().parent) if home.parent == here.resolve().parent \
                else Path("..") / Path(home).relative_to(ROOT)
            return f"[{label or title_of(home)}]({rel.as_posix()}#{target})"
        return cite("t" if role == "cite:t" else "p", target, prefix)

    return ROLE.sub(sub, text)


TARGET = re.compile(r"^\(([\w-]+)\)=[ \t]*$", re.M)


@lru_cache(maxsize=None)
def target_labels() -> dict[str, Path]:
    """label -> the page that defines it, as a MyST target ``(label)=`` or a converted
    anchor ``<a id="label"></a>`` (section labels such as the appendix's ``math-chain-rule``)."""
    found = {}
    for path in sorted((ROOT / "chapters").glob("*")):
        if path.suffix not in (".ipynb", ".md"):
            continue
        text = path.read_text()
        if path.suffix == ".ipynb":
            text = "\n".join("".join(c["source"]) for c in json.loads(text)["cells"] if c["cell_type"] == "markdown")
        for label in TARGET.findall(text) + re.findall(r'^<a id="([\w-]+)"></a>', text, re.M):
            found[label] = path.resolve()
    return found


def rewrite_targets(text: str) -> str:
    """``(label)=`` (raw text outside MyST) -> ``<a id="label"></a>``, an anchor everywhere."""
    return TARGET.sub(lambda m: f'<a id="{m.group(1)}"></a>', text)


FENCE = re.compile(r"^(?P<fence>`{3,})\{(?P<name>exercise|admonition|solution)\}(?P<arg>[^\n]*)\n"
                   r"(?P<body>.*?)^(?P=fence)[ \t]*$", re.S | re.M)


def split_options(body: str) -> tuple[list[str], str]:
    lines = body.split("\n")
    options = []
    while lines and re.match(r"^:[\w-]+:", lines[0]):
        options.append(lines.pop(0))
    return options, "\n".join(lines).strip("\n")


SOLUTION_LEAD = "**Solution** (open it when you have tried the exercise)"
SUMMARY = "<details><summary>Show the solution</summary>"
# what earlier versions wrote; see the module docstring
OLD_SUMMARY = SUMMARY + "<!-- -->"
_START, _END = "\x01solution\n", "\n\x01end"


def details(body: str, lead: str = SOLUTION_LEAD) -> str:
    """A solution, marked for :func:`split_solutions` to put into a cell of its own: the lead
    line, then the body in a closed ``<details>`` (see the module docstring for why both)."""
    return f"{_START}{lead}\n\n{SUMMARY}\n\n{body}\n\n</details>{_END}"


def split_solutions(cells: list[dict]) -> list[dict]:
    """Each marked solution becomes a markdown cell of its own, collapsed in JupyterLab,
    Notebook 7 and VS Code (``jupyter.source_hidden``). The first piece of a split cell keeps
    the cell's id; the others get ids derived from it."""
    out = []
    for cell in cells:
        src = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        if cell["cell_type"] != "markdown" or _START not in src:
            out.append(cell)
            continue
        base = cell.get("id", "cell")
        pieces = [p for p in re.split(f"({re.escape(_START)}.*?{re.escape(_END)})", src, flags=re.S) if p.strip()]
        for n, piece in enumerate(pieces):
            solution = piece.startswith(_START)
            text = piece[len(_START):-len(_END)] if solution else piece.strip("\n")
            new = {"cell_type": "markdown", "id": base if n == 0 else f"{base}-{n}"[:64],
                   "metadata": {"jupyter": {"source_hidden": True}} if solution else
                   (cell.get("metadata", {}) if n == 0 else {}),
                   "source": text.splitlines(keepends=True)}
            if "attachments" in cell and n == 0:
                new["attachments"] = cell["attachments"]
            out.append(new)
    return out


def rewrite_directives(text: str) -> str:
    def sub(m):
        name, arg, body = m.group("name"), m.group("arg").strip(), m.group("body")
        options, content = split_options(body)
        if name == "solution":
            return details(rewrite_directives(content))
        colons = ":::" if ":::" not in content else "::::"
        head = f"{colons}{{{name}}}" + (f" {arg}" if arg else "")
        return "\n".join([head, *options, "", rewrite_directives(content), colons])

    return FENCE.sub(sub, text)


GATE_START = re.compile(r"^`{3,}\{solution-start\}[^\n]*\n(?:[ \t]*:[^\n]*\n)*`{3,}[ \t]*\n?", re.M)
GATE_END = re.compile(r"^`{3,}\{solution-end\}[^\n]*\n`{3,}[ \t]*$\n?", re.M)

HIDDEN_CODE_TITLE = "#@title Solution code (hidden: show it when you have tried the exercise)"


def hide_code_cell(cell: dict) -> None:
    md = cell.setdefault("metadata", {})
    tags = md.setdefault("tags", [])
    if "hide-cell" not in tags:
        tags.append("hide-cell")
    md.setdefault("jupyter", {}).update({"source_hidden": True, "outputs_hidden": True})
    md["cellView"] = "form"                       # Colab: show the #@title line, not the code
    src = "".join(cell["source"])
    if not src.startswith("#@title"):
        src = HIDDEN_CODE_TITLE + "\n" + src
        cell["source"] = src.splitlines(keepends=True)


def rewrite_gated(cells: list[dict]) -> None:
    """{solution-start} in one markdown cell, code cells, {solution-end} in a later one."""
    i = 0
    while i < len(cells):
        cell = cells[i]
        src = "".join(cell["source"]) if cell["cell_type"] == "markdown" else ""
        start = GATE_START.search(src)
        if not start:
            i += 1
            continue
        j = i + 1
        while j < len(cells) and not (cells[j]["cell_type"] == "markdown"
                                      and GATE_END.search("".join(cells[j]["source"]))):
            j += 1
        if j == len(cells):
            raise SystemExit("a {solution-start} without {solution-end}")
        before, after = src[:start.start()].rstrip("\n"), src[start.end():].strip("\n")
        cell["source"] = (before + ("\n\n" if before else "") + details(
            after, "**Solution** (its code is in the hidden cell below; open both when you have tried the exercise)"))
        for k in range(i + 1, j):
            if cells[k]["cell_type"] == "code":
                hide_code_cell(cells[k])
        end_src = "".join(cells[j]["source"])
        m = GATE_END.search(end_src)
        head, tail = end_src[:m.start()].strip("\n"), end_src[m.end():].strip("\n")
        if head.strip():
            cells[j]["source"] = details(head, "**Solution, continued**") + ("\n\n" + tail if tail else "")
        else:                                   # nothing after the hidden code: no empty solution
            cells[j]["source"] = tail
        i = j


def rewrite_notebook(path: Path) -> bool:
    nb = json.loads(path.read_text())
    prefix = "../" if path.parent.resolve() != ROOT else ""
    before = json.dumps(nb)
    rewrite_gated(nb["cells"])
    defined = {}
    for n, cell in enumerate(nb["cells"]):
        for label in re.findall(r"^:label:\s*(\S+)", "".join(cell["source"]), re.M):
            defined[label] = n
    for n, cell in enumerate(nb["cells"]):
        if cell["cell_type"] != "markdown":
            continue

        def ref_text(label, n=n):
            if label not in defined:
                raise SystemExit(f"{{ref}} `{label}` in {path.name}: no such label in this notebook")
            return "an exercise below" if defined[label] >= n else "an earlier exercise"

        src = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        src = rewrite_targets(rewrite_directives(rewrite_roles(src, path, prefix, ref_text)))
        src = src.replace(OLD_SUMMARY, SUMMARY)
        cell["source"] = src.splitlines(keepends=True)
    nb["cells"] = split_solutions(nb["cells"])
    if json.dumps(nb) == before:
        return False
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n")
    return True


def rewrite_page(path: Path) -> bool:
    """A Markdown page of the book (intro, glossary, where next): roles only."""
    changed = rewrite_glossary(path) if path.name == "glossary.md" else False
    text = path.read_text()
    prefix = None if path.name == "glossary.md" else ("../" if path.parent.resolve() != ROOT else "")
    new = rewrite_roles(text, path, prefix)
    if new != text:
        path.write_text(new)
        changed = True
    return changed


def main(paths: list[str]) -> int:
    for p in paths:
        path = Path(p)
        changed = rewrite_notebook(path) if path.suffix == ".ipynb" else rewrite_page(path)
        print(f"{'rewrote' if changed else 'unchanged'}  {p}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
