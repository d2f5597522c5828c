"""Give every link to a glossary entry a hover title: the entry's first sentence.

A learner in JupyterLab who follows ``[epoch](../glossary.md#term-epoch)`` gets the glossary
opened at its top, not at the entry (jupyterlab-myst's Markdown renderer ignores the URL
fragment). A link title shows the definition where the word is, on hover, in JupyterLab,
Notebook 7, VS Code, GitHub and the web book alike:

    [epoch](../glossary.md#term-epoch "One pass through every example of the training set ...")

The title is the first sentence of the entry in glossary.md, as plain text: links are reduced to
their words, maths loses its dollar signs, code its backticks. Run after editing the glossary or
adding links; it is idempotent, and ``tests/test_notebook_portable.py`` checks that it has been run.

    python tools/glossary_titles.py                 # rewrite the chapters, intro.md, where_next.md
    python tools/glossary_titles.py --check         # exit 1, listing files that need it
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ENTRY = re.compile(r'<a id="(term-[^"]+)"></a>\*\*[^*]+\*\*\\\n(.+)')
# a link to a glossary entry: its words, target, entry id and title (None when it has none)
GLOSSARY_LINK = re.compile(r'(?<!!)\[([^\]]*)\]\(((?:\.\./)?glossary\.md#(term-[^)\s"]+))(?:\s+"([^"]*)")?\)')
MAX_TITLE = 200


# TeX in a definition, as a title can show it (plain text, no typesetting)
TEX = [(r"\\t?frac\{([^{}]*)\}\{([^{}]*)\}", r"\1/\2 "), (r"\\hat\{(\w)\}", "\\1\u0302"),
       (r"\\(?:mathrm|text|operatorname)\{([^}]*)\}", r"\1"), (r"\\[,;!]", " "), (r"\\[lr]Vert", "\u2016"),
       (r"\\(?:left|right)(?![a-z])", "")]
SYMBOLS = {"cdot": "\u00b7", "sigma": "\u03c3", "Sigma": "\u03a3", "sum": "\u03a3", "Phi": "\u03a6",
           "alpha": "\u03b1", "lambda": "\u03bb", "eta": "\u03b7", "partial": "\u2202", "leftarrow": "\u2190",
           "ge": "\u2265", "le": "\u2264", "approx": "\u2248", "infty": "\u221e", "mu": "\u03bc",
           "beta": "\u03b2", "epsilon": "\u03b5", "gamma": "\u03b3", "rho": "\u03c1", "odot": "\u2299"}


def plain(text: str) -> str:
    """Markdown to the plain text of a title: link words, maths as readable text, code without
    backticks; double quotes become single ones (the title is written between double quotes)."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = text.replace("`", "").replace("**", "").replace("*", "")

    def maths(m: re.Match) -> str:
        tex = m.group(1)
        for pattern, repl in TEX:
            tex = re.sub(pattern, repl, tex)
        tex = re.sub(r"\\([A-Za-z]+)", lambda c: SYMBOLS.get(c.group(1), c.group(1)), tex)
        tex = re.sub(r"([_^])\{([^{}]*)\}", lambda c: c.group(1) + (c.group(2) if c.group(2).isalnum()
                                                                      else f"({c.group(2)})"), tex)
        return tex.replace("{", "").replace("}", "")
    text = re.sub(r"\$([^$]+)\$", maths, text)
    # a pipe would end a table cell when the link stands in a Markdown table
    text = re.sub(r"\s+", " ", text.replace('"', "'").replace("|", "\u2223"))
    return re.sub(r" ([.,;:])", r"\1", text).strip()


def first_sentence(text: str) -> str:
    """Up to the first full stop that ends a sentence (not one inside 'e.g.' or a number)."""
    m = re.search(r"(?<!e\.g)(?<!i\.e)\.(?=\s+[A-Z(]|\s*$)", text)
    sentence = text[:m.end()] if m else text
    if len(sentence) > MAX_TITLE:
        sentence = sentence[:MAX_TITLE].rsplit(" ", 1)[0] + " ..."
    return sentence


def titles() -> dict[str, str]:
    glossary = (ROOT / "glossary.md").read_text()
    return {term: first_sentence(plain(definition)) for term, definition in ENTRY.findall(glossary)}


def retitle(text: str, table: dict[str, str]) -> str:
    def one(m: re.Match) -> str:
        words, target, term, _ = m.groups()
        if term not in table:            # left for the link test to report
            return m.group(0)
        return f'[{words}]({target} "{table[term]}")'
    return GLOSSARY_LINK.sub(one, text)


def pages() -> list[Path]:
    return [*sorted((ROOT / "chapters").glob("*.ipynb")), *sorted((ROOT / "chapters").glob("*.md")),
            ROOT / "intro.md"]


def convert(path: Path, table: dict[str, str], write: bool) -> bool:
    if path.suffix == ".ipynb":
        nb = json.loads(path.read_text())
        changed = False
        for cell in nb["cells"]:
            if cell["cell_type"] != "markdown":
                continue
            source = "".join(cell["source"])
            new = retitle(source, table)
            if new != source:
                cell["source"] = new.splitlines(keepends=True)
                changed = True
        if changed and write:
            path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n")
        return changed
    source = path.read_text()
    new = retitle(source, table)
    if new != source and write:
        path.write_text(new)
    return new != source


def main(argv: list[str]) -> int:
    check = "--check" in argv
    table = titles()
    stale = [p for p in pages() if convert(p, table, write=not check)]
    for p in stale:
        print(("needs titles: " if check else "titled: ") + str(p.relative_to(ROOT)))
    return 1 if check and stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
