"""Feedback for exercises: the common part of every chapter's self-checks.

A check function takes the learner's answer and returns a :class:`Feedback`,
which shows as a coloured box in a notebook and as one line of text elsewhere.
It never raises for a wrong answer: it says what is wrong and gives a hint.
An answer left as ``None`` (or ``...``) is reported as "not answered yet".
"""
from __future__ import annotations

import html

import numpy as np


class Feedback:
    """The verdict on one answer: ``correct`` (bool) and a ``message``."""

    def __init__(self, correct: bool | None, message: str):
        self.correct = correct
        self.message = message

    @property
    def status(self) -> str:
        return {True: "Correct", False: "Not yet", None: "No answer yet"}[self.correct]

    def __bool__(self):
        return bool(self.correct)

    def __repr__(self):
        return f"{self.status}: {self.message}"

    def _repr_html_(self):
        color = {True: "#176a2c", False: "#9b2c22", None: "#495057"}[self.correct]  # 4.5:1 on light and dark themes
        return (f'<div style="border-left:4px solid {color};padding:0.3em 0.8em">'
                f'<b style="color:{color}">{self.status}.</b> {html.escape(self.message)}</div>')


def matches(answer, value, *, rtol: float = 1e-3, atol: float = 1e-6) -> bool:
    """Whether a numeric answer equals ``value`` within the tolerances (False for a non-number)."""
    try:
        return bool(np.isclose(float(answer), value, rtol=rtol, atol=atol))
    except (TypeError, ValueError):
        return False


def unanswered(answer) -> bool:
    return answer is None or answer is Ellipsis


def not_answered(what: str = "your answer") -> Feedback:
    return Feedback(None, f"Replace None with {what}, then run the cell again.")


def check_number(answer, expected: float, *, rtol: float = 1e-3, atol: float = 1e-6, name: str = "answer",
                 hint: str = "", wrong: dict | None = None) -> Feedback:
    """Compare a numeric answer with the expected value, with a hint when it is off.

    ``wrong`` maps typical wrong values (a forgotten bias, a flipped sign, ...) to
    the explanation a learner who gives that value should read.
    """
    if unanswered(answer):
        return not_answered(f"the value of {name}")
    try:
        value = float(answer)
    except (TypeError, ValueError):
        return Feedback(False, f"Expected a number for {name}; received {answer!r}.")
    if np.isclose(value, expected, rtol=rtol, atol=atol):
        return Feedback(True, f"{name} = {value:.6g}.")
    for target, why in (wrong or {}).items():
        if np.isclose(value, target, rtol=rtol, atol=atol):
            return Feedback(False, f"{name} = {value:.6g} is not it. {why}")
    direction = "too large" if value > expected else "too small"
    return Feedback(False, f"{name} = {value:.6g} is {direction}. {hint}".strip())


def check_array(answer, expected, *, rtol: float = 1e-3, atol: float = 1e-6, name: str = "answer",
                hint: str = "") -> Feedback:
    """Compare an array answer (shape first, then values) with the expected array."""
    if unanswered(answer):
        return not_answered(f"an array for {name}")
    expected = np.asarray(expected, dtype=float)
    try:
        value = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        return Feedback(False, f"Expected numbers for {name}; received {answer!r}.")
    if value.shape != expected.shape:
        return Feedback(False, f"{name} should have shape {expected.shape}; yours has shape {value.shape}. {hint}".strip())
    close = np.isclose(value, expected, rtol=rtol, atol=atol)
    if close.all():
        return Feedback(True, f"every entry of {name} matches.")
    first = tuple(int(i) for i in np.argwhere(~close)[0])
    return Feedback(False, f"{int((~close).sum())} of {close.size} entries of {name} differ; the first at "
                           f"index {first}: yours {value[first]:.6g}. {hint}".strip())


def check_choice(answer, expected, options, *, name: str = "answer", explanations: dict | None = None) -> Feedback:
    """A multiple-choice answer: ``answer`` must be one of ``options``; ``explanations``
    maps a wrong option to the reason it is wrong."""
    if unanswered(answer):
        return not_answered(f"one of {list(options)}")
    if answer not in options:
        return Feedback(False, f"Expected one of {list(options)} for {name}; received {answer!r}.")
    if answer == expected:
        return Feedback(True, (explanations or {}).get(answer, f"{answer!r} is right."))
    return Feedback(False, (explanations or {}).get(answer, f"{answer!r} is not it; think again."))
