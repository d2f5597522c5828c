"""The course assignments: build every master, grade sample submissions, and bad ones.

Run by ``make test-assignments`` (part of ``make test``), not by the plain package run: it builds
every assignment with otter and grades notebooks in Jupyter kernels (minutes, not seconds). The
grader runs its own processes in parallel, so run this file without pytest-xdist.
"""
from __future__ import annotations

import csv
import hashlib
import json
import sys
from pathlib import Path

import pytest

TOOLS = Path(__file__).resolve().parents[1] / "tools" / "assignments"
sys.path.insert(0, str(TOOLS))

import build  # noqa: E402
import grade  # noqa: E402
import samples  # noqa: E402
from common import (MASTERS, answer_cells_by_question, chapters, questions_path, read_json,  # noqa: E402
                    solutions_path, source, student_path, write_notebook, zip_path)

pytestmark = pytest.mark.assignments

CHAPTERS = chapters()
# Generous limits for the ordinary submissions: a loaded 2-core machine needs ~30 s per notebook.
TIMEOUT = 150


@pytest.fixture(scope="session")
def built():
    assert build.main([]) == 0
    return CHAPTERS


def read_grades(path: Path) -> dict[str, dict]:
    with open(path, newline="", encoding="utf-8") as f:
        return {row["file"]: row for row in csv.DictReader(f)}


_graded: dict[str, tuple[dict, Path]] = {}


def graded(chapter: str, tmp_path_factory) -> tuple[dict, Path]:
    """Grades the four sample submissions of a chapter once: (rows of grades.csv by file, output folder)."""
    if chapter not in _graded:
        subs = tmp_path_factory.mktemp(f"subs-{chapter}")
        samples.write_samples(chapter, subs)
        out = tmp_path_factory.mktemp(f"out-{chapter}")
        grades = grade.grade_folder(chapter, str(subs), timeout=TIMEOUT, out=out)
        _graded[chapter] = (read_grades(grades), out)
    return _graded[chapter]


def test_every_chapter_notebook_has_an_assignment():
    """FORMAT.md: one assignment per chapter, named after the chapter notebook's stem."""
    stems = {p.stem for p in (MASTERS.parent / "chapters").glob("*.ipynb")}
    assert set(CHAPTERS) <= stems, f"assignments without a chapter: {sorted(set(CHAPTERS) - stems)}"
    assert CHAPTERS, "no assignment masters found"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_build_outputs(built, chapter):
    assert student_path(chapter).is_file()
    assert solutions_path(chapter).is_file()
    assert zip_path(chapter).is_file()
    questions = read_json(questions_path(chapter))
    assert 3 <= len(questions) <= 5, f"{chapter}: {len(questions)} questions; FORMAT.md asks for 3 to 5"
    for q, info in questions.items():
        assert info["public"] >= 1 and info["hidden"] >= 1, f"{chapter} {q}: needs public and hidden tests"
        assert info["points"] > 0
    import zipfile
    with zipfile.ZipFile(zip_path(chapter)) as zf:
        names = zf.namelist()
        env = zf.read("environment.yml").decode()
    wheel = [n for n in names if n.startswith("files/nnbook-") and n.endswith(".whl")]
    assert len(wheel) == 1, f"the autograder must carry the nnbook wheel; it holds {names}"
    assert f"/autograder/source/{wheel[0]}" in env, "the wheel must be listed in the grading environment"
    assert "otter-grader[grading,plugins]==7.0.0" in env


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_student_notebook_holds_no_solution_and_no_hidden_test(built, chapter):
    master, student = read_json(build.master_path(chapter)), read_json(student_path(chapter))
    assert build.leaks(master, student) == []
    # The check is not vacuous: the solutions notebook does contain the secrets it looks for.
    assert build.leaks(master, read_json(solutions_path(chapter))), "leak check found nothing in the solutions"
    answers = answer_cells_by_question(student)
    assert set(answers) == set(read_json(questions_path(chapter))), "every question needs a grader.check cell"
    assert all(answers.values()), "every question needs an answer cell"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_correct_submission_gets_full_marks(built, chapter, tmp_path_factory):
    rows, out = graded(chapter, tmp_path_factory)
    row = rows["correct.ipynb"]
    assert row["reason"] == ""
    assert float(row["total"]) == float(row["possible"]) > 0, row
    feedback = (out / "feedback" / "correct.txt").read_text()
    assert "failed" not in feedback


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_wrong_submission_gets_exact_partial_scores(built, chapter, tmp_path_factory):
    rows, out = graded(chapter, tmp_path_factory)
    row = rows["wrong.ipynb"]
    _, expected = samples.wrong(chapter)
    questions = read_json(questions_path(chapter))
    assert set(expected) == set(questions), "wrong_answers.yaml needs one entry per question"
    for q, points in expected.items():
        assert float(row[q]) == pytest.approx(points), f"{chapter} {q}: scored {row[q]}, wrong_answers.yaml says {points}"
    total = sum(expected.values())
    assert 0 < total < float(row["possible"]), "the wrong answers should earn some credit, not all"
    assert any(0 < p < questions[q]["points"] for q, p in expected.items()), "no wrong answer earns partial credit"
    feedback = (out / "feedback" / "wrong.txt").read_text()
    assert "hidden test failed" in feedback


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_unanswered_and_broken_score_zero(built, chapter, tmp_path_factory):
    rows, _ = graded(chapter, tmp_path_factory)
    assert float(rows["unanswered.ipynb"]["total"]) == 0
    assert float(rows["broken.ipynb"]["total"]) == 0
    assert rows["broken.ipynb"]["reason"].startswith("not a valid notebook")


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_feedback_never_shows_hidden_test_code(built, chapter, tmp_path_factory):
    _, out = graded(chapter, tmp_path_factory)
    master = read_json(build.master_path(chapter))
    _, hidden, other = build._master_blocks(master)
    visible = {line.strip() for text in other for line in text.splitlines()}
    secret = {line for text in hidden for line in build._test_lines(text)}
    secret = {s for s in secret if len(s) > 12 and s not in visible}
    for path in (out / "feedback").glob("*.txt"):
        lines = {line.strip() for line in path.read_text().splitlines()}
        assert not secret & lines, f"{path.name} shows hidden test code: {sorted(secret & lines)}"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_public_checks_run_inside_the_student_notebook(built, chapter, tmp_path):
    """Executed as a student would, the solved notebook's grader.check cells report passing checks,
    and the unanswered one's report failures without stopping the notebook."""
    from nbclient import NotebookClient
    import nbformat
    for kind, nb in (("solved", samples.correct(chapter)), ("unanswered", samples.student(chapter))):
        folder = tmp_path / kind
        write_notebook(nb, folder / f"{chapter}.ipynb")
        node = nbformat.read(folder / f"{chapter}.ipynb", as_version=4)
        NotebookClient(node, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(folder)}},
                       allow_errors=False).execute()
        checks = [c for c in node.cells if c.cell_type == "code" and "grader.check(" in c.source]
        assert checks
        for cell in checks:
            text = json.dumps(cell.outputs)
            if kind == "solved":
                assert "passed" in text and "failed" not in text, (cell.source, text[:500])
            else:
                assert "failed" in text, (cell.source, text[:500])


# ------------------------------------------------------------------------------------------------
# Bad submissions, once, on the first assignment

def _insert_after_setup(nb: dict, code: str) -> dict:
    first_answer = min(i for cells in answer_cells_by_question(nb).values() for i in cells)
    nb["cells"].insert(first_answer, {"cell_type": "code", "execution_count": None, "id": "badcell01",
                                      "metadata": {}, "outputs": [], "source": code})
    return nb


def _snapshot(folder: Path) -> dict:
    return {p.name: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
            for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def bad_batch(built, tmp_path_factory):
    chapter = CHAPTERS[0]
    subs = tmp_path_factory.mktemp("bad-subs")
    questions = read_json(questions_path(chapter))
    full = sum(q["points"] for q in questions.values())
    last = list(questions)[-1]
    expected = {}

    def add(name, nb, total, reason):
        write_notebook(nb, subs / name)
        expected[name] = (total, reason)

    add("raises.ipynb", _insert_after_setup(samples.correct(chapter), 'raise ValueError("a bug of my own")'),
        full, "a cell raised ValueError: a bug of my own")
    add("loops.ipynb", _insert_after_setup(samples.correct(chapter), "while True:\n    pass"),
        full, "a cell was stopped at the per-cell time limit")
    add("memory.ipynb", _insert_after_setup(samples.correct(chapter), "hog = bytearray(3 * 1024**3)"),
        full, "a cell raised MemoryError")
    add("missing_module.ipynb", _insert_after_setup(samples.correct(chapter), "import nnbook_no_such_module"),
        full, "a cell raised ModuleNotFoundError")
    # Deleting the last question's answer cell and its check: that question scores 0, the rest count.
    nb = samples.correct(chapter)
    cells = answer_cells_by_question(nb)[last]
    check = cells[-1] + 1
    nb["cells"] = [c for i, c in enumerate(nb["cells"]) if i not in set(cells) | {check}]
    add("deleted.ipynb", nb, full - questions[last]["points"], "")
    # Reordering: the last question's answer moved to the top still counts.
    nb = samples.correct(chapter)
    moved = [nb["cells"][i] for i in answer_cells_by_question(nb)[last]]
    nb["cells"] = [c for i, c in enumerate(nb["cells"]) if i not in set(answer_cells_by_question(nb)[last])]
    nb["cells"][1:1] = moved
    add("reordered.ipynb", nb, full, "")
    # Renaming the last question's variables: the tests find nothing under the expected names.
    nb = samples.correct(chapter)
    for i in answer_cells_by_question(nb)[last]:
        nb["cells"][i]["source"] = "\n".join("my_" + line if line and not line.startswith((" ", "#", "def ", "import"))
                                             else line for line in source(nb["cells"][i]).splitlines())
    add("renamed.ipynb", nb, full - questions[last]["points"], "")
    empty_nb = samples.student(chapter)
    empty_nb["cells"] = []
    add("no_cells.ipynb", empty_nb, 0, "")
    (subs / "empty.ipynb").write_bytes(b"")
    expected["empty.ipynb"] = (0, "empty file: not a notebook")
    (subs / "not_json.ipynb").write_text("print('this is a script, not a notebook')\n")
    expected["not_json.ipynb"] = (0, "not a valid notebook")
    (subs / "notes.txt").write_text("not a submission: ignored\n")
    other = [c for c in CHAPTERS if c != chapter]
    if other:
        write_notebook(samples.student(other[0]), subs / "other_assignment.ipynb")
        expected["other_assignment.ipynb"] = (0, f"grading stopped: OtterRuntimeError: Received submission for assignment '{other[0]}'")
    nb = samples.correct(chapter)
    nb["metadata"].pop("otter")
    add("no_metadata.ipynb", nb, full, f"the notebook did not name its assignment; graded as {chapter}")

    before = _snapshot(subs)
    out = tmp_path_factory.mktemp("bad-out")
    # 30 s per cell: a loaded machine needs ~10 s for the first cell (it imports otter).
    grades = grade.grade_folder(chapter, str(subs), timeout=TIMEOUT, cell_timeout=30, out=out)
    return read_grades(grades), expected, out, before, _snapshot(subs), questions


def test_bad_submissions_never_stop_the_batch(bad_batch):
    rows, expected, _, _, _, _ = bad_batch
    assert set(rows) == set(expected), "every .ipynb gets a row, other files none"
    for name, (total, reason) in expected.items():
        assert float(rows[name]["total"]) == pytest.approx(total), (name, rows[name])
        if reason:
            assert rows[name]["reason"].startswith(reason), (name, rows[name]["reason"])
        else:
            assert rows[name]["reason"] == "", (name, rows[name]["reason"])


def test_bad_submissions_feedback_files(bad_batch):
    rows, _, out, _, _, questions = bad_batch
    for name in rows:
        text = (out / "feedback" / f"{Path(name).stem}.txt").read_text()
        assert text.startswith(f"Submission: {name}\nScore: ")
        for q in questions:
            assert f"\n{q}: " in text
    assert "Note: empty file" in (out / "feedback" / "empty.txt").read_text()


def test_instructor_folder_is_left_untouched(bad_batch):
    _, _, _, before, after, _ = bad_batch
    assert before == after


def test_runaway_submission_is_stopped_and_its_processes_killed(built, tmp_path):
    """A cell that ignores the interrupt is stopped by the per-submission time limit; its kernel dies too."""
    import psutil
    chapter = CHAPTERS[0]
    pid_file = tmp_path / "kernel.pid"
    code = ("import os, signal\n"
            f"open({str(pid_file)!r}, 'w').write(str(os.getpid()))\n"
            "signal.signal(signal.SIGINT, signal.SIG_IGN)\n"
            "while True:\n    pass")
    subs = tmp_path / "subs"
    write_notebook(_insert_after_setup(samples.correct(chapter), code), subs / "a_forever.ipynb")
    write_notebook(samples.correct(chapter), subs / "b_correct.ipynb")
    # One job: the submission after the runaway one is graded by a fresh worker.
    grades = grade.grade_folder(chapter, str(subs), jobs=1, timeout=45, cell_timeout=15, out=tmp_path / "out")
    rows = read_grades(grades)
    assert rows["b_correct.ipynb"]["reason"] == "" and rows["b_correct.ipynb"]["total"] == rows["b_correct.ipynb"]["possible"]
    row = rows["a_forever.ipynb"]
    assert row["reason"] == "time limit: grading stopped after 45 s"
    assert float(row["total"]) == 0
    if pid_file.exists():  # the kernel got far enough to start the loop
        pid = int(pid_file.read_text())
        assert not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE


def test_command_line_errors(built, tmp_path, capsys):
    assert grade.main(["no_such_assignment", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "expected one of the assignments" in err and CHAPTERS[0] in err
    assert grade.main([CHAPTERS[0], str(tmp_path / "missing")]) == 2
    assert "does not exist" in capsys.readouterr().err
    assert grade.main([CHAPTERS[0], str(tmp_path)]) == 2
    assert "found none" in capsys.readouterr().err
    assert grade.main([CHAPTERS[0], ""]) == 2
    assert "received nothing" in capsys.readouterr().err
    assert grade.main([]) == 2


def test_instructors_page_lists_every_assignment_with_its_points():
    """instructors.md's table: one row per master, with the master's question points in order."""
    from common import master_questions
    page = (MASTERS.parent / "instructors.md").read_text()
    rows = {}
    for line in page.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0].startswith("`") and cells[0].endswith("`"):
            rows[cells[0].strip("`")] = cells
    assert set(rows) == set(CHAPTERS), "the table must list exactly the assignments of assignments/"
    for chapter in CHAPTERS:
        points = list(master_questions(chapter).values())
        expected = " + ".join(f"{p:g}" for p in points) + f" = {sum(points):g}"
        assert rows[chapter][2] == expected, (chapter, rows[chapter][2], expected)
        for q in master_questions(chapter):
            assert q in rows[chapter][1], f"{chapter}: {q} missing from the questions column"
