"""Rule: a number in a chapter's prose that a run produced is not typed by hand.

A measured number must reach the prose from the code: printed by a cell (so nbval
checks it on every test run) or inserted with myst-nb's ``{glue}`` role. This test
reads every markdown cell of every chapter, solutions and admonitions included, outside
maths, code, links and exercise statements (which give data), and finds
the numbers with two or more significant digits (``0.73``, ``97 %``, ``1,016``). Each
must appear in the text output of some cell of the same notebook, or in that
notebook's code (a value the reader sets, such as ``n_samples=200``), or be listed
with a reason in the notebook's metadata ``nnbook.typed_numbers`` (for example a
hand calculation in a solution, or the 784 pixels of a 28 x 28 image). Years are
ignored.
"""
import json
import re
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "chapters").glob("*.ipynb"))
NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![\w])")


FENCE = re.compile(r"^\s*(`{3,}|~{3,}|:{3,})\s*(.*)$")


def _without_code_blocks(markdown: str) -> str:
    """The markdown with its code blocks removed, line by line: a fence opens a code block
    when its info string is empty, a language name or a ``{code...}`` directive, and an
    ``{exercise}`` statement is dropped the same way (its numbers are the exercise's data);
    any other directive (``{solution}``, admonitions, ...) keeps its text, fence lines dropped."""
    kept, stack = [], []          # stack of (fence, is_code) for the open blocks
    for line in markdown.splitlines():
        match = FENCE.match(line)
        if match:
            fence, info = match.groups()
            if stack and fence[0] == stack[-1][0][0] and len(fence) >= len(stack[-1][0]) and not info.strip():
                stack.pop()                                   # a closing fence
                continue
            if not (stack and stack[-1][1]):                  # nothing opens inside a code block
                # An exercise's statement gives data (numbers typed on purpose): skipped like code.
                is_code = re.fullmatch(r"[\w+-]*|\{code[\w-]*\}.*|\{exercise\}.*", info.strip()) is not None
                stack.append((fence, is_code))
                continue
        if not any(is_code for _, is_code in stack):
            kept.append(line)
    return "\n".join(kept)


def _prose(markdown: str) -> str:
    """The markdown with code blocks, maths, inline code, roles and link targets (and titles) removed."""
    markdown = _without_code_blocks(markdown)
    markdown = re.sub(r"\$\$.*?\$\$", " ", markdown, flags=re.S)          # display maths, over lines
    # a link's target and its title (a glossary entry's first sentence, tools/glossary_titles.py)
    markdown = re.sub(r'\]\([^)\s]*(?:\s+"[^"]*")?\)', " ", markdown)
    for pattern in (r"\$[^$\n]*\$", r"\{[\w:-]+\}`[^`]*`", r"`[^`\n]*`", r"\]\([^)]*\)", r"<[^>\n]+>",
                    r"^\s*:[\w-]+:.*$"):                                # one line at a time
        markdown = re.sub(pattern, " ", markdown, flags=re.M)
    return markdown


def _is_year(text: str) -> bool:
    return re.fullmatch(r"1[6-9]\d\d|20[0-3]\d", text) is not None


def untraced_numbers(path: Path) -> list[tuple[int, str]]:
    nb = json.loads(path.read_text())
    outputs, code = [], []
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            code.append("".join(cell["source"]))
            for out in cell.get("outputs", []):
                outputs.append("".join(out.get("text", "")))
                data = out.get("data", {})
                outputs.append("".join(data.get("text/plain", "")) + "".join(data.get("text/html", "")))
    seen = "\n".join(outputs + code)
    seen_plain = seen.replace(",", "")
    allowed = nb.get("metadata", {}).get("nnbook", {}).get("typed_numbers", {})
    found = []
    for index, cell in enumerate(nb["cells"]):
        if cell["cell_type"] != "markdown":
            continue
        for match in NUMBER.finditer(_prose("".join(cell["source"]))):
            number = match.group(1).rstrip(",")
            digits = re.sub(r"\D", "", number).lstrip("0")
            if len(digits) < 2 or _is_year(number) or number in allowed:
                continue
            if re.search(rf"(?<![\d.]){re.escape(number.replace(',', ''))}(?![\d])", seen_plain):
                continue
            found.append((index, number))
    return found


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_prose_numbers_come_from_the_code(notebook):
    found = untraced_numbers(notebook)
    assert not found, (
        f"{notebook.name}: numbers in the prose that no cell prints and no code sets: "
        + ", ".join(f"cell {i}: {n}" for i, n in found)
        + ". Print them from the cell beside the sentence (or glue them), or, if typed on purpose "
          "(a hand calculation, a fixed fact), list them with a reason in the notebook metadata "
          "nnbook.typed_numbers.")
