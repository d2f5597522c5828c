"""Check that an autograder zip installs and grades on its own, as on Gradescope (no Docker needed).

    python tools/assignments/check_zip.py 01_neuron [--keep DIR]

In a scratch folder: unpack the zip, create a fresh virtual environment, install the pip packages
its environment.yml lists (otter-grader, the book's pins, and the nnbook wheel the zip carries,
whose /autograder/source path is rewritten to the unpacked copy), then grade the solved sample
submission with ``otter run -a ZIP submission.ipynb`` in that environment and print otter's
summary. Needs the package registry (pip), takes a few minutes; not part of the test suite.
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import samples  # noqa: E402
from build import GRADESCOPE_FILES  # noqa: E402
from common import write_notebook, zip_path  # noqa: E402


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("assignment")
    parser.add_argument("--keep", default=None, help="scratch folder to use and keep (default: a temporary one)")
    args = parser.parse_args(argv)
    import yaml
    scratch = Path(args.keep or tempfile.mkdtemp(prefix="check-zip-"))
    scratch.mkdir(parents=True, exist_ok=True)
    source = scratch / "source"
    with zipfile.ZipFile(zip_path(args.assignment)) as zf:
        zf.extractall(source)
    env = yaml.safe_load((source / "environment.yml").read_text())
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict) and "pip" in d)
    requirements = [p.replace(GRADESCOPE_FILES, str(source / "files")) for p in pip]
    (scratch / "requirements.txt").write_text("\n".join(requirements) + "\n")
    venv = scratch / "venv"
    python = venv / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", "-r", str(scratch / "requirements.txt")], check=True)
        subprocess.run([str(python), "-m", "ipykernel", "install", "--prefix", str(venv), "--name", "python3"],
                       check=True, stdout=subprocess.DEVNULL)
    work = scratch / "run"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    submission = work / f"{args.assignment}.ipynb"
    write_notebook(samples.correct(args.assignment), submission)
    shutil.copy(zip_path(args.assignment), work / "autograder.zip")
    result = subprocess.run([str(venv / "bin" / "otter"), "run", "-a", "autograder.zip", submission.name],
                            cwd=work, capture_output=True, text=True)
    print(result.stdout[-1500:])
    if result.returncode != 0:
        print(result.stderr[-3000:], file=sys.stderr)
        return result.returncode
    tests = json.loads((work / "results.json").read_text())["tests"]
    earned = sum(t.get("score") or 0 for t in tests)
    possible = sum(t.get("max_score") or 0 for t in tests)
    print(f"otter run in an environment built from the zip alone: {earned:g} / {possible:g}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
