"""Interactive explorers for the chapters (ipywidgets + matplotlib).

Each chapter's explorer lives in its own module; this package imports them so
that a chapter can write ``from nnbook.widgets import NeuronExplorer``.
"""
from ._base import STATIC_NOTE, Explorer, slider  # noqa: F401
