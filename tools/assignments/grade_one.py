"""Grade submissions with otter, inside resource limits, in a process of their own (run by grade.py).

    python tools/assignments/grade_one.py ZIP NOTEBOOK RESULT.json --assignment NAME --cell-timeout S --memory-mb M
    python tools/assignments/grade_one.py --serve --cell-timeout S --memory-mb M    (jobs on stdin)

grade.py keeps one such process per core in ``--serve`` mode and sends it one submission at a
time (importing otter once per process, not once per submission); when a submission runs past
its time limit, grade.py kills that process with everything it started and starts a new one.

``NOTEBOOK`` is a private copy (grade.py copies every submission into a temporary folder first).
The process limits its own address space with ``resource.setrlimit(RLIMIT_AS)`` before anything
else; the Jupyter kernel that otter starts inherits the limit, so a submission that allocates too
much gets a ``MemoryError`` in its cell instead of taking the machine down. A cell that runs
longer than ``--cell-timeout`` seconds is interrupted (KeyboardInterrupt) and grading goes on with
the next cell; grade.py kills the process and its kernel if the submission as a whole exceeds its
time limit.

RESULT.json receives: scores and possible points per question, the failing test cases' messages
(hidden tests' source code is never included: only the message of the exception they raised),
and ``reason``: what went wrong with the notebook itself ("" when nothing did).
"""
from __future__ import annotations

import argparse
import json
import re
import resource
import sys

# jsonschema (under nbformat, under otter) imports the optional IRI checker rfc3987_syntax when it
# is installed, which compiles a grammar: 1.5 s of CPU per process, for a format nbformat never
# checks. Marking it absent halves the cost of grading a notebook; grade.py does the same for the
# kernel with an IPython startup file (STARTUP_CODE).
STARTUP_CODE = 'import sys\nsys.modules.setdefault("rfc3987_syntax", None)\n'
exec(STARTUP_CODE)

# otter's message for a failed exception-based test: a header, the line of the test's source that
# raised (which for a hidden test must not reach the student), then "<ExceptionType>: <message>".
FAILED_RE = re.compile(r"^❌ Test case failed\nError at line \d+ in test [^\n]*:\n[^\n]*\n", re.S)


def limit_memory(megabytes: int) -> None:
    limit = megabytes * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def failure_text(message: str) -> str:
    """The exception line(s) of otter's failure message, without the test's source line."""
    text = FAILED_RE.sub("", message, count=1)
    if text == message:  # not otter's usual shape: keep only the last line, never the source
        text = message.strip().splitlines()[-1] if message.strip() else "failed"
    return re.sub(r"^AssertionError: ?", "", text.strip()) or "failed (the test's assertion has no message)"


def limit_cells(seconds: int) -> None:
    """Make nbconvert interrupt any cell that runs longer than ``seconds`` and carry on."""
    import nbconvert.preprocessors as pre
    from traitlets import Bool, Integer

    class LimitedExecutePreprocessor(pre.ExecutePreprocessor):
        timeout = Integer(seconds, allow_none=True).tag(config=True)
        interrupt_on_timeout = Bool(True).tag(config=True)

    pre.ExecutePreprocessor = LimitedExecutePreprocessor  # otter's grade_notebook imports it at call time


def notebook_problems(executed) -> str:
    """The first error a cell of the executed notebook raised, as one line ("" if none)."""
    if executed is None:
        return ""
    for cell in executed.get("cells", []):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                name, value = out.get("ename", "Error"), str(out.get("evalue", "")).strip()
                if name == "KeyboardInterrupt":
                    return "a cell was stopped at the per-cell time limit"
                first = value.splitlines()[0] if value else ""
                return f"a cell raised {name}: {first}"[:300]
    return ""


def grade(zip_file: str, notebook: str, assignment: str) -> dict:
    import nbformat
    from otter.api import grade_submission

    with open(notebook, encoding="utf-8") as f:
        text = f.read()
    if not text.strip():
        return {"reason": "empty file: not a notebook"}
    try:
        nb = nbformat.reads(text, as_version=4)
    except Exception as error:  # invalid JSON or not a notebook at all
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        return {"reason": f"not a valid notebook: {first}"[:300]}
    # Run every submission in this environment's kernel, whatever kernel the student's file names.
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    # otter refuses a notebook without its assignment name (lost when answers are pasted into a new
    # notebook); the instructor chose the assignment, so such a notebook is graded as that one.
    note = ""
    otter_meta = nb.metadata.setdefault("otter", {})
    if not otter_meta.get("assignment_name"):
        otter_meta["assignment_name"] = assignment
        note = f"the notebook did not name its assignment; graded as {assignment}"
    nbformat.write(nb, notebook)

    try:
        results = grade_submission(notebook, zip_file, quiet=True)
    except MemoryError:
        return {"reason": "memory limit reached while grading"}
    except Exception as error:
        first = str(error).strip().splitlines()[0] if str(error).strip() else ""
        return {"reason": f"grading stopped: {type(error).__name__}: {first}"[:300]}

    scores, possible, failures = {}, {}, {}
    for name, result in results.results.items():
        scores[name] = float(result.score)
        possible[name] = float(result.possible)
        failures[name] = [{"hidden": bool(tc.test_case.hidden), "message": failure_text(tc.message)}
                          for tc in result.test_case_results if not tc.passed]
    reason = "; ".join(r for r in (note, notebook_problems(results.notebook)) if r)
    if results.catastrophic_error is not None:
        error = results.catastrophic_error
        reason = (f"no test results: the notebook's kernel stopped before the tests ran "
                  f"({type(error).__name__}: {error})")[:300]
    return {"scores": scores, "possible": possible, "failures": failures, "reason": reason}


def grade_to_file(job: dict) -> None:
    try:
        out = grade(job["zip"], job["notebook"], job["assignment"])
    except MemoryError:
        out = {"reason": "memory limit reached while grading"}
    with open(job["result"], "w", encoding="utf-8") as f:
        json.dump(out, f)


def serve() -> None:
    """Grade the jobs (one JSON object per line) read from stdin, one at a time; after each, write
    ``DONE <id>`` on the protocol channel. The channel is the original stdout; everything else this
    process and its kernels print goes to stderr, so nothing can get mixed into the protocol."""
    import os
    channel = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)
    for line in sys.stdin:
        if not line.strip():
            continue
        job = json.loads(line)
        grade_to_file(job)
        channel.write(f"DONE {job['id']}\n")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("zip", nargs="?")
    parser.add_argument("notebook", nargs="?")
    parser.add_argument("result", nargs="?")
    parser.add_argument("--assignment")
    parser.add_argument("--serve", action="store_true", help="grade jobs read from stdin (used by grade.py)")
    parser.add_argument("--cell-timeout", type=int, default=60)
    parser.add_argument("--memory-mb", type=int, default=2048)
    args = parser.parse_args(argv)
    limit_memory(args.memory_mb)
    limit_cells(args.cell_timeout)
    if args.serve:
        serve()
    else:
        if not (args.zip and args.notebook and args.result and args.assignment):
            parser.error("expected ZIP NOTEBOOK RESULT --assignment NAME, or --serve")
        grade_to_file({"zip": args.zip, "notebook": args.notebook, "result": args.result, "assignment": args.assignment})
    return 0


if __name__ == "__main__":
    sys.exit(main())
