"""Grading 30 submissions of one assignment with `make grade`'s grader, on 2 cores. Target: under 2 minutes.

The submissions cycle through the solved, the wrong (wrong_answers.yaml) and the unanswered student
notebook of the assignment, so that every one of them runs in a Jupyter kernel (a broken file
would take no time and flatter the figure). They are graded by tools/assignments/grade.py, one
process per submission, two at a time. The machine's load average and the CPU time the grading
processes used are printed with the wall time, because the wall time depends on what else the
cores are doing.

Run: python benchmarks/bench_grading.py [--assignment 01_neuron] [--count 30] [--jobs 2]
"""
from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools" / "assignments"))

import build  # noqa: E402
import grade  # noqa: E402
import samples  # noqa: E402
from common import zip_path  # noqa: E402

TARGET_SECONDS = 120


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--assignment", default="01_neuron")
    parser.add_argument("--count", type=int, default=30)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    if not zip_path(args.assignment).is_file():
        build.main([args.assignment])
    with tempfile.TemporaryDirectory() as tmp:
        subs = Path(tmp) / "subs"
        samples.write_samples(args.assignment, subs, copies=args.count, kinds=("correct", "wrong", "unanswered"))
        load_before = os.getloadavg()[0]
        cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        grades = grade.grade_folder(args.assignment, str(subs), jobs=args.jobs, out=Path(tmp) / "out")
        seconds = time.perf_counter() - start
        cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)
        rows = grades.read_text().strip().splitlines()[1:]
    load_after = os.getloadavg()[0]
    failed = [r for r in rows if r.rstrip().split(",")[-1]]
    print(f"graded {len(rows)} submissions of {args.assignment} with {args.jobs} processes in {seconds:.0f} s "
          f"({seconds / len(rows):.1f} s each; target {TARGET_SECONDS} s for 30: "
          f"{'met' if seconds * 30 / len(rows) < TARGET_SECONDS else 'NOT met'})")
    print(f"CPU time of the grading processes and their kernels: {cpu:.0f} s ({cpu / len(rows):.1f} s each)")
    print(f"load average (1 min) before {load_before:.1f}, after {load_after:.1f}, on {os.cpu_count()} cores")
    if failed:
        print(f"{len(failed)} rows with a reason (unexpected here):", *failed, sep="\n  ")


if __name__ == "__main__":
    main()
