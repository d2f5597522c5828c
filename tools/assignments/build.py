"""Build every course assignment (or the ones named): student notebook + Gradescope autograder.

    python tools/assignments/build.py              # every assignments/<chapter>/
    python tools/assignments/build.py 01_neuron    # one

For each master ``assignments/<chapter>/<chapter>.ipynb`` it

1. builds a wheel of nnbook (once; nnbook is not on PyPI, so the autograder carries it),
2. stages a copy of the master whose ASSIGNMENT CONFIG also names a ``requirements.txt``
   (the book's pins of numpy, scipy, scikit-learn, matplotlib, ipywidgets and the wheel) and
   lists the wheel under ``autograder_files``,
3. runs ``otter assign`` on it, moves ``student/`` and ``autograder/`` to
   ``_build/assignments/<chapter>/`` and renames the zip to ``<chapter>-autograder.zip``,
4. writes ``questions.json`` (points per question) and checks that the student notebook holds
   no solution and no hidden test (:func:`leaks`), failing loudly if it does.
"""
from __future__ import annotations

import argparse
import contextlib
import io
import json
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import (BUILD, MASTERS, ROOT, chapters, master_path, questions_path, read_json,  # noqa: E402
                    solutions_path, source, student_path, unknown_chapter_message, write_notebook, zip_path)

# Packages of the book's requirements.txt that the grading environment needs, at the book's versions.
GRADING_PINS = ("numpy", "scipy", "scikit-learn", "matplotlib", "ipywidgets")
# On Gradescope the zip is unpacked in /autograder/source and otter puts autograder_files under files/.
GRADESCOPE_FILES = "/autograder/source/files"


def build_wheel(out: Path) -> Path:
    """A wheel of the nnbook package, built from a clean copy of the sources (no build/ left behind)."""
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("nnbook-*.whl"):
        old.unlink()
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "src"
        src.mkdir()
        shutil.copytree(ROOT / "nnbook", src / "nnbook", ignore=shutil.ignore_patterns("__pycache__"))
        for name in ("pyproject.toml", "README.md"):
            shutil.copy(ROOT / name, src / name)
        subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                        "-w", str(out), str(src)], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wheels = list(out.glob("nnbook-*.whl"))
    if len(wheels) != 1:
        raise RuntimeError(f"expected one nnbook wheel in {out}; found {wheels}")
    return wheels[0]


def grading_requirements(wheel: Path) -> str:
    pins = {}
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        m = re.match(r"([A-Za-z0-9_.-]+)==(\S+)", line.strip())
        if m and m.group(1).lower() in GRADING_PINS:
            pins[m.group(1).lower()] = line.strip()
    missing = set(GRADING_PINS) - set(pins)
    if missing:
        raise RuntimeError(f"requirements.txt pins none of {sorted(missing)}; the grading environment needs them")
    lines = [pins[p] for p in GRADING_PINS] + [f"{GRADESCOPE_FILES}/{wheel.name}"]
    return "# The grading environment (written by tools/assignments/build.py)\n" + "\n".join(lines) + "\n"


def config_cell(nb: dict) -> tuple[int, dict]:
    """The ASSIGNMENT CONFIG raw cell of a master, and its YAML parsed."""
    import yaml
    for i, cell in enumerate(nb["cells"]):
        text = source(cell)
        if cell["cell_type"] == "raw" and text.lstrip().startswith("# ASSIGNMENT CONFIG"):
            return i, yaml.safe_load(text) or {}
    raise ValueError("expected a raw cell starting with '# ASSIGNMENT CONFIG' in the master; found none")


def check_master_config(chapter: str, config: dict) -> None:
    problems = []
    if config.get("name") != chapter:
        problems.append(f"name: {chapter} (received {config.get('name')!r})")
    if (config.get("tests") or {}).get("ok_format", True) is not False:
        problems.append("tests: ok_format: false (plain test functions)")
    for key in ("requirements", "autograder_files", "files"):
        if key in config:
            problems.append(f"no '{key}' key (build.py adds the grading requirements and the nnbook wheel)")
    if problems:
        raise ValueError(f"{master_path(chapter)}: the ASSIGNMENT CONFIG needs " + "; ".join(problems))


def stage(chapter: str, wheel: Path, requirements: str, where: Path) -> Path:
    import yaml
    nb = read_json(master_path(chapter))
    index, config = config_cell(nb)
    check_master_config(chapter, config)
    config["requirements"] = "requirements.txt"
    config["autograder_files"] = [wheel.name]
    nb["cells"][index]["source"] = "# ASSIGNMENT CONFIG\n" + yaml.safe_dump(config, sort_keys=False)
    staged = where / f"{chapter}.ipynb"
    write_notebook(nb, staged)
    shutil.copy(wheel, where / wheel.name)
    (where / "requirements.txt").write_text(requirements)
    return staged


def question_points(zip_file: Path) -> dict:
    """Question -> {points, public, hidden}, read from the test files inside the autograder zip."""
    from otter.test_files import ExceptionTestFile
    out = {}
    with zipfile.ZipFile(zip_file) as zf:
        for name in sorted(n for n in zf.namelist() if n.startswith("tests/") and n.endswith(".py")):
            test = ExceptionTestFile.from_string(zf.read(name).decode(), path=name)
            out[test.name] = {"points": sum(tc.points for tc in test.test_cases),
                              "public": sum(not tc.hidden for tc in test.test_cases),
                              "hidden": sum(tc.hidden for tc in test.test_cases)}
    return dict(sorted(out.items(), key=lambda kv: natural_key(kv[0])))


def natural_key(name: str):
    return [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", name)]


# ----------------------------------------------------------------------------------------------
# What must never reach students

MARKERS = ("BEGIN SOLUTION", "END SOLUTION", "# SOLUTION", "BEGIN PROMPT", "END PROMPT", "BEGIN TEST", "END TEST",
           "BEGIN QUESTION", "END QUESTION", "ASSIGNMENT CONFIG")


def _master_blocks(nb: dict) -> tuple[list[str], list[str], list[str]]:
    """(solution cell sources, hidden test sources, every other cell's source) of a master."""
    solutions, hidden, other = [], [], []
    block = None
    for cell in nb["cells"]:
        text = source(cell)
        if cell["cell_type"] == "raw":
            head = text.strip().upper()
            if head.startswith("# BEGIN SOLUTION"):
                block = "solution"
            elif head.startswith("# BEGIN TESTS"):
                block = "tests"
            elif head.startswith("# END SOLUTION") or head.startswith("# END TESTS"):
                block = None
            continue
        if block == "solution" and cell["cell_type"] == "code":
            solutions.append(text)
        elif block == "tests":
            (hidden if re.search(r"^\s*hidden:\s*true\b", text, re.M | re.I) else other).append(text)
        else:
            other.append(text)
    return solutions, hidden, other


def _solution_lines(text: str) -> list[str]:
    """The lines of a solution cell that the student version must not contain."""
    lines, inside = [], False
    for line in text.splitlines():
        s = line.strip()
        if s.startswith("# BEGIN SOLUTION"):
            inside = True
        elif s.startswith("# END SOLUTION"):
            inside = False
        elif inside or re.search(r"#\s*SOLUTION( NO PROMPT)?\s*$", s):
            lines.append(re.sub(r"#\s*SOLUTION( NO PROMPT)?\s*$", "", s).strip())
    return lines


def _test_lines(text: str) -> list[str]:
    body = text.split("END TEST CONFIG", 1)[-1]
    return [line.strip() for line in body.splitlines()]


def leaks(master: dict, student: dict) -> list[str]:
    """Solution and hidden-test lines of the master that appear in the student notebook.

    A line counts when it is distinctive: longer than 12 characters and absent from every cell of
    the master that students may see (prose, setup code, public tests). Also reported: a hidden
    test case in the student notebook's metadata, and any otter marker left in a cell.
    """
    solutions, hidden, other = _master_blocks(master)
    visible = {line.strip() for text in other for line in text.splitlines()}
    secret = {line for text in solutions for line in _solution_lines(text)}
    secret |= {line for text in hidden for line in _test_lines(text)}
    secret = {s for s in secret if len(s) > 12 and s not in visible}
    student_cells = [source(c) for c in student["cells"]]
    tests = student.get("metadata", {}).get("otter", {}).get("tests", {}) or {}
    student_text = "\n".join(student_cells + [t if isinstance(t, str) else json.dumps(t) for t in tests.values()])
    student_lines = {line.strip() for line in student_text.splitlines()}
    found = [f"secret line in the student notebook: {s!r}" for s in sorted(secret) if s in student_lines]
    found += [f"hidden test in the student notebook's metadata ({q})" for q, t in tests.items()
              if "hidden=True" in (t if isinstance(t, str) else json.dumps(t))]
    found += [f"otter marker {m!r} in a student cell" for m in MARKERS for text in student_cells if m in text]
    return found


# ----------------------------------------------------------------------------------------------

def build(chapter: str, wheel: Path, requirements: str) -> dict:
    from otter.assign import main as otter_assign
    dest = BUILD / chapter
    with tempfile.TemporaryDirectory() as tmp:
        staged = stage(chapter, wheel, requirements, Path(tmp))
        result = Path(tmp) / "result"
        log = io.StringIO()
        with contextlib.redirect_stdout(log), contextlib.redirect_stderr(log):
            try:
                otter_assign(str(staged), str(result), no_pdfs=True, no_run_tests=True)
            except Exception as error:
                raise RuntimeError(f"otter assign failed on {master_path(chapter)}: {error}\n{log.getvalue()}") from error
        for part in ("student", "autograder"):
            shutil.rmtree(dest / part, ignore_errors=True)
            shutil.copytree(result / part, dest / part)
    zips = list((dest / "autograder").glob(f"{chapter}-autograder_*.zip"))
    if len(zips) != 1:
        raise RuntimeError(f"expected one {chapter}-autograder_<timestamp>.zip from otter assign; found {zips}")
    zips[0].replace(zip_path(chapter))
    questions = question_points(zip_path(chapter))
    questions_path(chapter).write_text(json.dumps(questions, indent=1) + "\n")
    problems = leaks(read_json(master_path(chapter)), read_json(student_path(chapter)))
    if problems:
        raise RuntimeError(f"{student_path(chapter)} gives away answers:\n  " + "\n  ".join(problems))
    if not solutions_path(chapter).is_file():
        raise RuntimeError(f"otter assign wrote no solutions notebook {solutions_path(chapter)}")
    return questions


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("chapters", nargs="*", help="assignment names (default: every folder of assignments/)")
    args = parser.parse_args(argv)
    names = args.chapters or chapters()
    if not names:
        print(f"No masters found: expected assignments/<chapter>/<chapter>.ipynb under {MASTERS}", file=sys.stderr)
        return 2
    for name in names:
        if not master_path(name).is_file():
            print(unknown_chapter_message(name), file=sys.stderr)
            return 2
    wheel = build_wheel(BUILD / "_wheel")
    requirements = grading_requirements(wheel)
    for name in names:
        questions = build(name, wheel, requirements)
        total = sum(q["points"] for q in questions.values())
        print(f"{name}: {len(questions)} questions, {total:g} points -> {zip_path(name).relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
