"""Sample submissions of a built assignment: correct, wrong, unanswered and broken.

    python tools/assignments/samples.py 01_neuron OUT_FOLDER [--copies N]

writes ``correct.ipynb`` (the student notebook with the master's solutions in its answer cells),
``wrong.ipynb`` (with the answers of ``assignments/<chapter>/wrong_answers.yaml``),
``unanswered.ipynb`` (the student notebook as handed out) and ``broken.ipynb`` (cut-off JSON).
With ``--copies N`` it writes N submissions cycling through those four (for timing the grader).
The tests and the grading benchmark build their submissions with these functions.
"""
from __future__ import annotations

import argparse
import copy
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import (MASTERS, SOLUTION_TAG, answer_cells_by_question, read_json, solutions_path,  # noqa: E402
                    student_path, write_notebook)


def student(chapter: str) -> dict:
    return read_json(student_path(chapter))


def correct(chapter: str) -> dict:
    """The student notebook with every answer cell replaced by the solution cell otter wrote."""
    nb = student(chapter)
    solved = read_json(solutions_path(chapter))
    answers = answer_cells_by_question(nb)
    solutions = answer_cells_by_question(solved, tag=SOLUTION_TAG)
    if answers.keys() != solutions.keys():
        raise ValueError(f"{chapter}: questions of the student notebook {sorted(answers)} and of the solutions "
                         f"notebook {sorted(solutions)} differ")
    for q, cells in answers.items():
        if len(cells) != len(solutions[q]):
            raise ValueError(f"{chapter}, {q}: {len(cells)} answer cells but {len(solutions[q])} solution cells")
        for i, j in zip(cells, solutions[q]):
            nb["cells"][i]["source"] = solved["cells"][j]["source"]
    return nb


def wrong_answers(chapter: str) -> dict:
    import yaml
    path = MASTERS / chapter / "wrong_answers.yaml"
    with open(path, encoding="utf-8") as f:
        spec = yaml.safe_load(f)
    if not isinstance(spec, dict) or not spec:
        raise ValueError(f"{path}: expected a mapping of question name -> {{answer, points}}; received {spec!r}")
    return spec


def wrong(chapter: str) -> tuple[dict, dict]:
    """The correct notebook with the wrong answers put in; returns it and the expected points."""
    nb = correct(chapter)
    answers = answer_cells_by_question(nb)
    expected = {}
    for q, entry in wrong_answers(chapter).items():
        if q not in answers:
            raise ValueError(f"{chapter}/wrong_answers.yaml names {q!r}; the questions are {sorted(answers)}")
        sources = entry["answer"] if isinstance(entry["answer"], list) else [entry["answer"]]
        if len(sources) != len(answers[q]):
            raise ValueError(f"{chapter}/wrong_answers.yaml, {q}: {len(sources)} answers for {len(answers[q])} answer cells")
        for i, text in zip(answers[q], sources):
            nb["cells"][i]["source"] = text.rstrip("\n")
        expected[q] = float(entry["points"])
    return nb, expected


def broken_text(chapter: str) -> str:
    text = json.dumps(student(chapter))
    return text[: len(text) // 2]


def write_samples(chapter: str, out: Path, copies: int | None = None,
                  kinds: tuple[str, ...] = ("correct", "wrong", "unanswered", "broken")) -> list[Path]:
    """Write the sample submissions; with ``copies``, that many files cycling through ``kinds``."""
    out.mkdir(parents=True, exist_ok=True)
    makers = {"correct": lambda: correct(chapter), "wrong": lambda: wrong(chapter)[0],
              "unanswered": lambda: student(chapter)}
    notebooks = {kind: makers[kind]() for kind in kinds if kind != "broken"}
    written = []
    names = list(kinds)
    count = copies or len(names)
    for k in range(count):
        kind = names[k % len(names)]
        path = out / (f"{kind}.ipynb" if copies is None else f"student{k + 1:03d}_{kind}.ipynb")
        if kind == "broken":
            path.write_text(broken_text(chapter), encoding="utf-8")
        else:
            write_notebook(copy.deepcopy(notebooks[kind]), path)
        written.append(path)
    return written


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("assignment")
    parser.add_argument("out")
    parser.add_argument("--copies", type=int, default=None)
    args = parser.parse_args(argv)
    for path in write_samples(args.assignment, Path(args.out), args.copies):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
