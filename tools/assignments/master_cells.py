"""Helpers to write an assignment master from Python (see assignments/FORMAT.md).

    import sys; sys.path.insert(0, "tools/assignments")
    from master_cells import BT, ET, EQ, BS, ES, config, q, test, write
    write("assignments/01_neuron/01_neuron.ipynb",
          [config("01_neuron"), ("md", "# Assignment 1: ..."), q("q1", 2), ("md", "..."), BS, ("code", "..."), ES,
           BT, test("def test_...(x): ...", points=0, hidden=False), ET, EQ])

A cell is a pair (kind, source) with kind "code", "md" or "raw". ``write`` gives every cell a
deterministic id (seeded by the path and the cell's position), so rewriting a master from the
same script keeps its ids.
"""
from __future__ import annotations

import json
import random

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_raw_cell

BS = ("raw", "# BEGIN SOLUTION")
ES = ("raw", "# END SOLUTION")
BT = ("raw", "# BEGIN TESTS")
ET = ("raw", "# END TESTS")
EQ = ("raw", "# END QUESTION")


def config(name: str) -> tuple[str, str]:
    """The ASSIGNMENT CONFIG cell every master starts with (FORMAT.md, "The cells of a master")."""
    return ("raw", f"""# ASSIGNMENT CONFIG
name: {name}
init_cell: true
export_cell: false
check_all_cell: false
run_tests: false
python_version: "3.11"
tests:
  files: false
  ok_format: false
generate:
  show_stdout: false
  show_hidden: false""")


def q(name: str, points: float) -> tuple[str, str]:
    """The cell that opens a question."""
    return ("raw", f"# BEGIN QUESTION\nname: {name}\npoints: {points}")


def test(function_source: str, points: float, hidden: bool) -> tuple[str, str]:
    """A test cell: the TEST CONFIG header, then one test function."""
    header = f'""" # BEGIN TEST CONFIG\npoints: {points}\nhidden: {str(hidden).lower()}\n""" # END TEST CONFIG\n'
    return ("code", header + function_source.strip("\n"))


def write(path: str, cells: list[tuple[str, str]]) -> None:
    nb = new_notebook()
    nb.metadata = {"kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
                   "language_info": {"name": "python"}}
    make = {"code": new_code_cell, "md": new_markdown_cell, "raw": new_raw_cell}
    rng = random.Random(str(path))
    for kind, text in cells:
        cell = make[kind](text.strip("\n"))
        cell["id"] = f"{rng.getrandbits(32):08x}"
        nb.cells.append(cell)
    nbformat.validate(nb)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(nb, f, indent=1, ensure_ascii=False)
        f.write("\n")
