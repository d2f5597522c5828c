"""Feedback for exercises: the common part of every chapter's self-checks.

A check function takes the learner's answer and returns a :class:`Feedback`,
which shows as a coloured box in a notebook and as one line of text elsewhere.
It never raises for a wrong answer: it says what is wrong and gives a hint.
An answer left as ``None`` (or ``...``) is reported as "not answered yet".

Precision. An exercise that asks for a number says how precisely ("to 3 decimal
places", "to 3 significant figures"), and its check is given the same
precision (``decimals=3`` or ``sig=3``): it then accepts every answer that is
the exact value correctly rounded to that precision (and any more precise
answer), that is every answer within half a unit of the last asked-for digit.

Registry. Every check function is registered with :func:`exercise`, which
records the book's label of the exercise, the stated precision and a function
computing the exact solution. The test suite uses the registry to feed every
exercise its own solution, rounded as the exercise asks, and to verify that
each notebook's check cells and exercise texts agree with it.
"""
from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Callable

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

    # Word colour and the box's own pale background for each verdict. The box sets its
    # background and text colour itself, so the contrast does not depend on the page's
    # theme (no single colour reaches 4.5:1 on both a white and a near-black page).
    # Contrast of the coloured word on its background: 6.0:1, 6.6:1, 7.3:1; body text
    # #1b1b1b on each background: over 15:1 (WCAG 2 formula, tests/test_selfcheck_core.py).
    COLOURS = {True: ("#176a2c", "#eaf5ed"), False: ("#9b2c22", "#fbeceb"), None: ("#495057", "#f1f3f5")}

    def _repr_html_(self):
        word, background = self.COLOURS[self.correct]
        return (f'<div class="nnbook-feedback" style="border-left:4px solid {word};padding:0.3em 0.8em;'
                f'background:{background};color:#1b1b1b">'
                f'<b style="color:{word}">{self.status}.</b> {html.escape(self.message)}</div>')


def half_unit(expected, *, decimals: int | None = None, sig: int | None = None):
    """Half a unit in the last digit asked for: the largest error of a correctly rounded answer.

    ``decimals=3`` asks for three places after the point (half unit 0.0005);
    ``sig=3`` asks for three significant figures of ``expected`` (for 0.02315,
    half of 0.0001). Works element-wise on arrays. A tiny relative slack absorbs
    the binary representation of decimal numbers (0.2315 is not exact in floating point).
    """
    if (decimals is None) == (sig is None):
        raise TypeError(f"half_unit expected exactly one of decimals= or sig=; received decimals={decimals!r}, sig={sig!r}.")
    expected = np.abs(np.asarray(expected, dtype=float))
    if decimals is not None:
        unit = np.full_like(expected, 10.0 ** -decimals)
    else:
        magnitude = np.floor(np.log10(np.where(expected > 0, expected, 1.0)))
        unit = 10.0 ** (magnitude - sig + 1)
    return 0.5 * unit * (1 + 1e-9) + 1e-12


def _close(value, expected, *, rtol, atol, decimals, sig):
    """Element-wise closeness: within half a unit when a precision is given, else rtol/atol."""
    if decimals is None and sig is None:
        return np.isclose(value, expected, rtol=rtol, atol=atol)
    return np.abs(np.asarray(value, dtype=float) - expected) <= half_unit(expected, decimals=decimals, sig=sig)


def matches(answer, value, *, rtol: float = 1e-3, atol: float = 1e-6, decimals: int | None = None,
            sig: int | None = None) -> bool:
    """Whether a numeric answer equals ``value`` within the tolerances (False for a non-number)."""
    try:
        return bool(_close(float(answer), value, rtol=rtol, atol=atol, decimals=decimals, sig=sig))
    except (TypeError, ValueError):
        return False


def round_to(value, *, decimals: int | None = None, sig: int | None = None):
    """``value`` rounded as an exercise asks (``decimals`` places or ``sig`` significant figures)."""
    value = np.asarray(value, dtype=float)
    # Formatting to text and back rounds exactly as a person reading the digits would.
    spec = f".{decimals}f" if decimals is not None else f".{sig - 1}e"
    out = np.vectorize(lambda v: float(format(v, spec)))(value)
    return float(out) if out.ndim == 0 else out


@dataclass(frozen=True)
class Exercise:
    """One self-checked exercise of the book.

    ``label`` is the exercise's label in its chapter (``ex-neuron-1``); ``check``
    the check function; ``solution()`` returns the exact answer (a number, an
    array or a choice); ``decimals``/``sig`` the precision the exercise text
    asks for (None for a choice or an exact answer); ``chapter`` the notebook stem.
    """
    label: str
    chapter: str
    check: Callable
    solution: Callable[[], object]
    decimals: int | None = None
    sig: int | None = None

    def rounded_solution(self):
        """The solution as a learner following the exercise's precision would enter it."""
        value = self.solution()
        if self.decimals is None and self.sig is None:
            return value
        return round_to(value, decimals=self.decimals, sig=self.sig)


#: Every registered exercise, by label.
EXERCISES: dict[str, Exercise] = {}


def exercise(label: str, *, chapter: str, solution: Callable[[], object], decimals: int | None = None,
             sig: int | None = None):
    """Register the decorated check function as the self-check of exercise ``label``."""
    if decimals is not None and sig is not None:
        raise TypeError(f"exercise {label!r}: give decimals= or sig=, not both.")

    def register(check):
        if label in EXERCISES and EXERCISES[label].check.__qualname__ != check.__qualname__:
            raise ValueError(f"exercise label {label!r} is registered twice.")
        EXERCISES[label] = Exercise(label, chapter, check, solution, decimals, sig)
        return check
    return register


def unanswered(answer) -> bool:
    return answer is None or answer is Ellipsis


def not_answered(what: str = "your answer") -> Feedback:
    return Feedback(None, f"Replace None with {what}, then run the cell again.")


def check_number(answer, expected: float, *, rtol: float = 1e-3, atol: float = 1e-6, name: str = "answer",
                 hint: str = "", wrong: dict | None = None, decimals: int | None = None,
                 sig: int | None = None) -> Feedback:
    """Compare a numeric answer with the expected value, with a hint when it is off.

    With ``decimals`` (or ``sig``) the answer is accepted when it is within half a
    unit of the last asked-for digit, so every correctly rounded answer passes;
    without them, ``rtol``/``atol`` decide. ``wrong`` maps typical wrong values (a
    forgotten bias, a flipped sign, ...) to the explanation a learner who gives
    that value should read; they are recognised with the same precision. With
    ``decimals``, an answer that is the right value badly rounded (cut off, one off in the
    last digit, or rounded to fewer places) is told so (:func:`rounding_hint`) instead of
    being given ``hint``, which explains the method it already followed.
    """
    if unanswered(answer):
        return not_answered(f"the value of {name}")
    try:
        value = float(answer)
    except (TypeError, ValueError):
        return Feedback(False, f"Expected a number for {name}; received {answer!r}.")
    precision = dict(rtol=rtol, atol=atol, decimals=decimals, sig=sig)
    if _close(value, expected, **precision):
        return Feedback(True, f"{name} = {value:.6g}.")
    for target, why in (wrong or {}).items():
        if _close(value, target, **precision):
            return Feedback(False, f"{name} = {value:.6g} is not it. {why}")
    direction = "too large" if value > expected else "too small"
    # a right value rounded the wrong way gets told so, not the method it already followed
    slip = rounding_hint(value, expected, decimals=decimals) if decimals is not None else None
    return Feedback(False, f"{name} = {value:.6g} is {direction}. {slip or hint}".strip())


def rounding_hint(value: float, expected: float, *, decimals: int) -> str | None:
    """A hint when ``value`` is ``expected`` badly rounded to ``decimals`` places, else None.

    Recognised: the value correctly rounded to fewer places (an answer with fewer
    digits), and an answer within 1.5 units of the last asked-for digit (cut off, or
    one off in that digit).
    Returns None for a correct answer and for anything further away.
    """
    if matches(value, expected, decimals=decimals):
        return None
    for fewer in range(decimals - 1, -1, -1):
        if round(value, fewer) == value and matches(value, expected, decimals=fewer):
            return (f"That is the value rounded to {fewer} decimal places; the exercise asks for "
                    f"{decimals}.")
    if abs(value - expected) < 1.5 * 10.0 ** -decimals:
        return (f"You are one step away in the last digit: round the exact value to {decimals} decimal "
                "places (round the last digit up when what follows is 5 or more; do not cut it off).")
    return None


def check_array(answer, expected, *, rtol: float = 1e-3, atol: float = 1e-6, name: str = "answer",
                hint: str = "", decimals: int | None = None, sig: int | None = None) -> Feedback:
    """Compare an array answer (shape first, then values) with the expected array.

    ``decimals``/``sig`` work as in :func:`check_number`, entry by entry.
    """
    if unanswered(answer):
        return not_answered(f"an array for {name}")
    expected = np.asarray(expected, dtype=float)
    try:
        value = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        return Feedback(False, f"Expected numbers for {name}; received {answer!r}.")
    if value.shape != expected.shape:
        return Feedback(False, f"{name} should have shape {expected.shape}; yours has shape {value.shape}. {hint}".strip())
    close = _close(value, expected, rtol=rtol, atol=atol, decimals=decimals, sig=sig)
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
