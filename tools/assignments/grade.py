"""Grade a folder of submissions of one assignment, locally, in parallel, without Docker.

    python tools/assignments/grade.py 01_neuron path/to/submissions [--jobs 2] [--timeout 120]
                                      [--cell-timeout 60] [--memory-mb 2048] [--out DIR]

(``make grade A=01_neuron SUBS=path/to/submissions`` runs it.) Every ``*.ipynb`` directly inside
the folder is copied into a temporary folder and graded there, ``--jobs`` at a time (default:
one per core), by ``grade_one.py`` processes (one per job, reused from one submission to the
next and replaced after a time-out), with the assignment's autograder zip from
``make assignments``. Nothing in the submissions folder is modified.

Writes, under ``_build/assignments/<chapter>/`` (or ``--out``):

- ``grades.csv``: one row per submission: file, the points of every question, total, possible,
  reason (empty when the notebook ran cleanly; otherwise what went wrong: a cell's error, a time
  or memory limit, a file that is not a notebook);
- ``feedback/<file name without .ipynb>.txt``: per question the points and the messages of the
  failing tests (never the hidden tests' code).

A bad submission never stops the batch: it gets the points its notebook earns and a reason.
SAFETY: this runs the students' code on this machine with your permissions; limits on time and
memory are not a sandbox. Grade untrusted work on Gradescope, in otter's Docker mode or in a
throw-away container or virtual machine (see the book's page "For instructors").
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import BUILD, ROOT, chapters, questions_path, read_json, unknown_chapter_message, zip_path  # noqa: E402

GRADE_ONE = Path(__file__).resolve().parent / "grade_one.py"


def kernel_profile(folder: Path) -> Path:
    """An IPYTHONDIR whose startup file runs grade_one.STARTUP_CODE in every grading kernel."""
    from grade_one import STARTUP_CODE
    startup = folder / "profile_default" / "startup"
    startup.mkdir(parents=True)
    (startup / "00-grading.py").write_text(STARTUP_CODE)
    return folder


class UsageError(Exception):
    """A problem with the command line: reported in one message, exit status 2."""


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def find_submissions(folder: str | None) -> list[Path]:
    if not folder:
        raise UsageError("expected a folder of submissions (SUBS=path/to/folder); received nothing")
    path = Path(folder)
    if not path.is_dir():
        raise UsageError(f"expected a folder of .ipynb submissions; received {folder!r}, which "
                         f"{'is a file' if path.exists() else 'does not exist'}")
    found = sorted(p for p in path.iterdir() if p.suffix == ".ipynb" and p.is_file())
    if not found:
        raise UsageError(f"expected .ipynb files directly inside {folder!r}; found none "
                         f"(put the students' notebooks in that folder, one file each)")
    return found


def kill_tree(pid: int) -> None:
    """Kill a process and every process it started (the Jupyter kernel runs in its own session)."""
    import psutil
    try:
        parent = psutil.Process(pid)
        family = parent.children(recursive=True) + [parent]
    except psutil.NoSuchProcess:
        return
    for proc in family:
        try:
            proc.kill()
        except psutil.NoSuchProcess:
            pass
    psutil.wait_procs(family, timeout=10)


class Worker:
    """A ``grade_one.py --serve`` process: grades the submissions it is sent, one at a time.

    Memory limit and per-cell limit are set in the process (its kernels inherit them). A worker
    whose submission runs past the time limit is killed with every process it started (the
    Jupyter kernel runs in a session of its own) and replaced by a fresh one.
    """

    def __init__(self, env: dict, cell_timeout: int, memory_mb: int, log_path: Path):
        self.log = open(log_path, "ab")
        self.proc = subprocess.Popen(
            [sys.executable, str(GRADE_ONE), "--serve", "--cell-timeout", str(cell_timeout), "--memory-mb", str(memory_mb)],
            env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.log, start_new_session=True)
        self.log_path = log_path
        self.pending = b""
        self.closed = False

    def run(self, job: dict, timeout: float) -> str:
        """Send one job; returns "done", "timeout" or "died"."""
        try:
            self.proc.stdin.write((json.dumps(job) + "\n").encode())
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError):
            return "died"
        deadline = time.monotonic() + timeout
        done = f"DONE {job['id']}".encode()
        fd = self.proc.stdout.fileno()
        while True:
            lines = self.pending.split(b"\n")
            self.pending = lines.pop()
            if any(line.strip() == done for line in lines):
                return "done"
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return "timeout"
            ready, _, _ = select.select([fd], [], [], remaining)
            if ready:
                chunk = os.read(fd, 4096)
                if not chunk:
                    self.proc.wait()
                    return "died"
                self.pending += chunk

    def last_log_line(self) -> str:
        self.log.flush()
        lines = self.log_path.read_text(errors="replace").strip().splitlines()
        return lines[-1] if lines else ""

    def kill(self) -> None:
        """Stop at once: the worker and every process it started."""
        if not self.closed:
            kill_tree(self.proc.pid)
            self.proc.wait()
            self.log.close()
            self.closed = True

    def close(self) -> None:
        """Let the worker finish (end of its input), then make sure nothing is left running."""
        if not self.closed:
            try:
                self.proc.stdin.close()
                self.proc.wait(timeout=30)
            except (OSError, subprocess.TimeoutExpired):
                pass
            self.kill()


class WorkerPool:
    """One worker per thread of the grading pool, started on first use, replaced when killed."""

    def __init__(self, folder: Path, *, cell_timeout: int, memory_mb: int, ipython_dir: Path):
        self.env = dict(os.environ)
        # One thread per numerical library: the batch already runs one process per core.
        self.env.update(OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1", MPLBACKEND="Agg",
                        IPYTHONDIR=str(ipython_dir))
        self.folder, self.cell_timeout, self.memory_mb = folder, cell_timeout, memory_mb
        self.local = threading.local()
        self.workers: list[Worker] = []
        self.lock = threading.Lock()

    def worker(self) -> Worker:
        current = getattr(self.local, "worker", None)
        if current is None:
            with self.lock:
                log = self.folder / f"worker-{len(self.workers):03d}.log"
                current = Worker(self.env, self.cell_timeout, self.memory_mb, log)
                self.workers.append(current)
            self.local.worker = current
        return current

    def discard(self) -> None:
        """Kill this thread's worker (after a time-out or a crash); the next job starts a new one."""
        self.local.worker.kill()
        self.local.worker = None

    def close(self) -> None:
        for worker in self.workers:
            worker.close()


def grade_one(pool: WorkerPool, zip_file: Path, submission: Path, workdir: Path, *, chapter: str,
              timeout: float) -> dict:
    """Grade one submission with a worker of ``pool``; always returns a result dict, whatever happens.

    The copy is named ``<chapter>.ipynb``, the name the student notebook's otter cell expects
    (``otter.Notebook("<chapter>.ipynb")``), whatever the file was called when handed in.
    """
    workdir.mkdir(parents=True)
    copy = workdir / f"{chapter}.ipynb"
    shutil.copyfile(submission, copy)
    result_file = workdir / "result.json"
    job = {"id": workdir.name, "zip": str(zip_file), "notebook": str(copy), "result": str(result_file),
           "assignment": chapter}
    started = time.monotonic()
    worker = pool.worker()
    status = worker.run(job, timeout)
    if status == "timeout":
        pool.discard()
        return {"reason": f"time limit: grading stopped after {timeout:g} s"}
    if status == "died" or not result_file.is_file():
        code, last = worker.proc.poll(), worker.last_log_line()
        pool.discard()
        return {"reason": f"grading process failed (exit status {code}): {last}"[:300]}
    out = read_json(result_file)
    out["seconds"] = round(time.monotonic() - started, 1)
    return out


def fmt(x: float) -> str:
    return f"{x:g}"


def feedback_text(name: str, questions: dict, result: dict) -> str:
    scores = result.get("scores", {})
    lines = [f"Submission: {name}"]
    total = sum(scores.get(q, 0.0) for q in questions)
    possible = sum(info["points"] for info in questions.values())
    lines.append(f"Score: {fmt(total)} / {fmt(possible)}")
    if result.get("reason"):
        lines.append(f"Note: {result['reason']}")
    for q, info in questions.items():
        lines.append("")
        lines.append(f"{q}: {fmt(scores.get(q, 0.0))} / {fmt(info['points'])}")
        if q not in scores:
            lines.append("  not graded (see the note above)")
            continue
        for failure in result.get("failures", {}).get(q, []):
            kind = "hidden test" if failure["hidden"] else "public check"
            message = failure["message"].replace("\n", "\n    ")
            lines.append(f"  - {kind} failed: {message}")
    return "\n".join(lines) + "\n"


def grade_folder(chapter: str, folder: str | None, *, jobs: int | None = None, timeout: float = 120,
                 cell_timeout: int | None = None, memory_mb: int = 2048, out: Path | None = None) -> Path:
    """Grade every notebook of ``folder``; returns the path of grades.csv."""
    if chapter not in chapters():
        raise UsageError(unknown_chapter_message(chapter))
    if not zip_path(chapter).is_file():
        raise UsageError(f"expected the autograder {zip_path(chapter).relative_to(ROOT)}; it is missing: "
                         f"run `make assignments` first")
    if timeout <= 0 or memory_mb <= 0:
        raise UsageError(f"expected a positive time limit and memory limit; received {timeout} s and {memory_mb} MB")
    submissions = find_submissions(folder)
    questions = read_json(questions_path(chapter))
    cell_timeout = cell_timeout or max(1, int(timeout / 2))
    out = Path(out) if out else BUILD / chapter
    feedback_dir = out / "feedback"
    shutil.rmtree(feedback_dir, ignore_errors=True)
    feedback_dir.mkdir(parents=True)

    with tempfile.TemporaryDirectory(prefix=f"grade-{chapter}-") as tmp:
        workers = WorkerPool(Path(tmp), cell_timeout=cell_timeout, memory_mb=memory_mb,
                             ipython_dir=kernel_profile(Path(tmp) / "ipython"))
        try:
            with ThreadPoolExecutor(max_workers=jobs or default_jobs()) as threads:
                futures = [threads.submit(grade_one, workers, zip_path(chapter), sub, Path(tmp) / f"{i:04d}",
                                          chapter=chapter, timeout=timeout)
                           for i, sub in enumerate(submissions)]
                results = [f.result() for f in futures]
        finally:
            workers.close()

    possible = sum(info["points"] for info in questions.values())
    grades = out / "grades.csv"
    with open(grades, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["file", *questions, "total", "possible", "reason"])
        for sub, result in zip(submissions, results):
            scores = result.get("scores", {})
            row = [fmt(scores.get(q, 0.0)) for q in questions]
            writer.writerow([sub.name, *row, fmt(sum(scores.get(q, 0.0) for q in questions)), fmt(possible),
                             result.get("reason", "")])
            (feedback_dir / f"{sub.stem}.txt").write_text(feedback_text(sub.name, questions, result), encoding="utf-8")
    return grades


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Grade a folder of submissions of one assignment.")
    parser.add_argument("assignment", nargs="?", default="", help="the assignment's name, e.g. 01_neuron")
    parser.add_argument("submissions", nargs="?", default="", help="folder holding the students' .ipynb files")
    parser.add_argument("--jobs", type=int, default=None, help="submissions graded at once (default: one per core)")
    parser.add_argument("--timeout", type=float, default=120, help="seconds allowed per submission (default 120)")
    parser.add_argument("--cell-timeout", type=int, default=None,
                        help="seconds before a single cell is interrupted (default: half of --timeout)")
    parser.add_argument("--memory-mb", type=int, default=2048, help="memory limit per submission in MiB (default 2048)")
    parser.add_argument("--out", default=None, help="output folder (default _build/assignments/<assignment>)")
    args = parser.parse_args(argv)
    try:
        if not args.assignment:
            raise UsageError(unknown_chapter_message(""))
        started = time.monotonic()
        grades = grade_folder(args.assignment, args.submissions, jobs=args.jobs, timeout=args.timeout,
                              cell_timeout=args.cell_timeout, memory_mb=args.memory_mb, out=args.out)
    except UsageError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(grades.read_text(), end="")
    print(f"Graded in {time.monotonic() - started:.0f} s: {grades} and {grades.parent / 'feedback'}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
