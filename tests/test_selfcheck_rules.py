"""The rules every self-checked exercise follows, checked for all of them at once.

1. Every ``check_*`` function of ``nnbook.selfcheck`` is registered with
   ``@exercise(label, chapter=..., solution=..., decimals=/sig=)``.
2. Each registered check accepts its own solution rounded to the precision the
   exercise asks for, and rejects an answer off by three half-units of that precision.
3. In the chapter notebooks, every check that a cell calls is registered for that
   chapter, its label is an exercise of that chapter, and an exercise that asks for
   a rounded number states the precision its check uses.
"""
import importlib
import inspect
import json
import pkgutil
import re
from pathlib import Path

import numpy as np
import pytest

import nnbook.selfcheck as selfcheck
from nnbook.selfcheck._core import EXERCISES, half_unit

CHAPTERS = Path(__file__).resolve().parents[1] / "chapters"
MODULES = sorted(m.name for m in pkgutil.iter_modules(selfcheck.__path__) if not m.name.startswith("_"))
for _name in MODULES:                       # importing a module registers its exercises
    importlib.import_module(f"nnbook.selfcheck.{_name}")
NOTEBOOKS = sorted(CHAPTERS.glob("*.ipynb"))
WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


def _public_checks(module_name):
    module = importlib.import_module(f"nnbook.selfcheck.{module_name}")
    return {name: f for name, f in inspect.getmembers(module, inspect.isfunction)
            if name.startswith("check_") and f.__module__ == module.__name__}


@pytest.mark.parametrize("module_name", MODULES)
def test_every_check_is_registered(module_name):
    registered = {ex.check for ex in EXERCISES.values()}
    missing = [name for name, f in _public_checks(module_name).items() if f not in registered]
    assert not missing, (f"nnbook.selfcheck.{module_name}: {missing} not registered; decorate each with "
                         "@exercise(label, chapter=..., solution=..., decimals=... or sig=...).")


@pytest.mark.parametrize("label", sorted(EXERCISES))
def test_rounded_solution_is_accepted(label):
    ex = EXERCISES[label]
    answer = ex.rounded_solution()
    fb = ex.check(answer)
    assert fb.correct is True, f"{label}: the solution rounded as asked, {answer!r}, was rejected: {fb.message}"
    assert ex.check(None).correct is None


@pytest.mark.parametrize("label", sorted(l for l, ex in EXERCISES.items() if ex.decimals is not None or ex.sig is not None))
def test_answer_off_in_last_digit_is_rejected(label):
    ex = EXERCISES[label]
    exact = np.asarray(ex.solution(), dtype=float)
    step = 3 * half_unit(exact, decimals=ex.decimals, sig=ex.sig)
    for off in (exact + step, exact - step):
        answer = float(off) if off.ndim == 0 else off
        assert ex.check(answer).correct is False, f"{label}: {answer!r} is off by 1.5 units and was accepted"


def _cells(path):
    return json.loads(path.read_text())["cells"]


def _exercise_texts(cells):
    """label -> the text of the exercise directive with that label."""
    texts = {}
    for cell in cells:
        if cell["cell_type"] != "markdown":
            continue
        source = "".join(cell["source"])
        for match in re.finditer(r"(`{3,}|:{3,})\{exercise\}[^\n]*\n(.*?)\n\1", source, re.S):
            label = re.search(r":label:\s*(\S+)", match.group(2))
            if label:
                texts[label.group(1)] = match.group(2)
    return texts


def _states_precision(text, ex):
    number = ex.decimals if ex.decimals is not None else ex.sig
    kind = r"decimal places?|decimals" if ex.decimals is not None else r"significant (?:figures?|digits?)"
    for match in re.finditer(rf"\b(\d+|{'|'.join(WORDS)})\s+(?:{kind})", text, re.I):
        said = match.group(1).lower()
        if WORDS.get(said, None if not said.isdigit() else int(said)) == number:
            return True
    return False


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_checks_match_registry(notebook):
    cells = _cells(notebook)
    texts = _exercise_texts(cells)
    by_function = {(ex.check.__module__, ex.check.__name__): ex for ex in EXERCISES.values()}
    problems = []
    for cell in cells:
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"])
        for module, names in re.findall(r"from nnbook\.selfcheck\.(\w+) import ([\w, ()\n]+)", source):
            for name in re.findall(r"check_\w+", names):
                if not re.search(rf"\b{name}\(", source):
                    continue
                ex = by_function.get((f"nnbook.selfcheck.{module}", name))
                if ex is None:
                    problems.append(f"{name} is not registered")
                    continue
                if ex.chapter != notebook.stem:
                    problems.append(f"{name} is registered for chapter {ex.chapter!r}")
                if ex.label not in texts:
                    problems.append(f"{name}: no exercise labelled {ex.label!r} in this notebook")
                elif (ex.decimals is not None or ex.sig is not None) and not _states_precision(texts[ex.label], ex):
                    want = f"{ex.decimals} decimal places" if ex.decimals is not None else f"{ex.sig} significant figures"
                    problems.append(f"{ex.label}: the exercise text does not ask for {want}, the precision its check uses")
    assert not problems, f"{notebook.name}: " + "; ".join(problems)
