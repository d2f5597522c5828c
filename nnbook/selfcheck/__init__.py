"""Self-check functions for the chapters' exercises.

Each chapter's checks live in their own module (``nnbook.selfcheck.neuron``,
...); they all return a :class:`Feedback` that says whether the answer is right
and, if not, why.
"""
from ._core import EXERCISES, Exercise, Feedback, check_array, check_choice, check_number, exercise  # noqa: F401
