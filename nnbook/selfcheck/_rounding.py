"""The feedback for an answer whose value is right but whose rounding is not.

A learner who computes 1.7889 and types 1.788 (cut off instead of rounded), 1.790
(one off in the last digit) or 1.79 (fewer places than asked) has done the
exercise's calculation correctly. The method hints of a check ("subtract the mean,
then divide ...") would tell them to redo what they did right; this hint names
the slip instead. Used by the self-checks of chapters 11 to 14.
"""
from __future__ import annotations

from ._core import matches


def rounding_hint(answer, expected: float, *, decimals: int) -> str | None:
    """A hint when ``answer`` is ``expected`` badly rounded to ``decimals`` places, else None.

    Recognised: the value correctly rounded to fewer places (an answer with fewer
    digits), and an answer within 1.5 units of the last asked-for digit (cut off, or
    one off in that digit).
    Returns None for a correct answer and for anything further away.
    """
    try:
        value = float(answer)
    except (TypeError, ValueError):
        return None
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
