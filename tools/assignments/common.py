"""Shared paths and notebook helpers for the course-assignment tools.

The layout (every tool and test relies on it):

    assignments/<chapter>/<chapter>.ipynb      the master (solutions + public and hidden tests)
    assignments/<chapter>/wrong_answers.yaml   wrong answers and the points they must score (tests)
    _build/assignments/<chapter>/student/<chapter>.ipynb          what students receive
    _build/assignments/<chapter>/autograder/<chapter>-autograder.zip   the Gradescope zip
    _build/assignments/<chapter>/autograder/<chapter>.ipynb       the solutions notebook (otter's)
    _build/assignments/<chapter>/questions.json  question -> points possible
    _build/assignments/<chapter>/grades.csv, feedback/<name>.txt   written by grade.py

otter assign names its zip ``<name>-autograder_<timestamp>.zip``; build.py renames it to the
stable ``<chapter>-autograder.zip`` so that the Makefile, the tests and the instructors' page
can name it.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MASTERS = ROOT / "assignments"
BUILD = ROOT / "_build" / "assignments"

ANSWER_TAG = "otter_answer_cell"           # student notebook: a cell the student fills in
SOLUTION_TAG = "otter_assign_solution_cell"  # otter's solutions notebook: the same cell, solved
CHECK_RE = re.compile(r'grader\.check\("([^"]+)"\)')


def chapters() -> list[str]:
    """Every assignment: the folders of ``assignments/`` that hold ``<folder>.ipynb``."""
    return sorted(p.name for p in MASTERS.iterdir() if p.is_dir() and (p / f"{p.name}.ipynb").is_file())


def unknown_chapter_message(name: str) -> str:
    valid = chapters()
    return (f"expected one of the assignments {', '.join(valid)}; received {name!r}. "
            f"Each is a folder assignments/<name>/ holding <name>.ipynb.")


def master_path(chapter: str) -> Path:
    return MASTERS / chapter / f"{chapter}.ipynb"


def student_path(chapter: str) -> Path:
    return BUILD / chapter / "student" / f"{chapter}.ipynb"


def solutions_path(chapter: str) -> Path:
    return BUILD / chapter / "autograder" / f"{chapter}.ipynb"


def zip_path(chapter: str) -> Path:
    return BUILD / chapter / "autograder" / f"{chapter}-autograder.zip"


def questions_path(chapter: str) -> Path:
    return BUILD / chapter / "questions.json"


def read_json(path: Path) -> dict:
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def write_notebook(nb: dict, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(nb, f, indent=1, ensure_ascii=False)
        f.write("\n")


def source(cell: dict) -> str:
    s = cell.get("source", "")
    return "".join(s) if isinstance(s, list) else s


def has_tag(cell: dict, tag: str) -> bool:
    return tag in cell.get("metadata", {}).get("tags", [])


def answer_cells_by_question(nb: dict, tag: str = ANSWER_TAG) -> dict[str, list[int]]:
    """Indices of the answer cells of each question: the tagged cells before its ``grader.check``."""
    found, pending = {}, []
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] == "code" and has_tag(cell, tag):
            pending.append(i)
        match = CHECK_RE.search(source(cell)) if cell["cell_type"] == "code" else None
        if match:
            found[match.group(1)] = pending
            pending = []
    return found


def master_questions(chapter: str) -> dict[str, float]:
    """Question name -> points, read from the master's ``# BEGIN QUESTION`` cells (no build needed)."""
    import yaml
    out = {}
    for cell in read_json(master_path(chapter))["cells"]:
        text = source(cell)
        if cell["cell_type"] == "raw" and text.lstrip().startswith("# BEGIN QUESTION"):
            config = yaml.safe_load(text) or {}
            out[str(config["name"])] = config["points"]
    return out
