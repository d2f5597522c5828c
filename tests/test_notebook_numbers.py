"""Rule: a number in a chapter's prose that a run produced is not typed by hand.

A measured number must reach the prose from the code: printed by a cell (so nbval
checks it on every test run) or inserted with myst-nb's ``{glue}`` role. This test
reads every markdown cell of every chapter, outside maths, code and links, and finds
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


def _prose(markdown: str) -> str:
    """The markdown with maths, code, roles and link targets removed."""
    # Code blocks go (``` or ~~~ with no info string, a language name or a code directive);
    # directive fences such as ```{solution} stay, so exercises and solutions are read too.
    for pattern in (r"(`{3,}|~{3,})(?:[\w+-]*|\{code[\w-]*\}[^\n]*)\n.*?\n\1", r"\$\$.*?\$\$", r"\$[^$\n]*\$", r"\{[\w:-]+\}`[^`]*`",
                    r"`[^`]*`", r"\]\([^)]*\)", r"<[^>]+>", r"^:[\w-]+:.*$", r"^\s*(`{3,}|:{3,}|~{3,}).*$"):
        markdown = re.sub(pattern, " ", markdown, flags=re.S | re.M)
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
