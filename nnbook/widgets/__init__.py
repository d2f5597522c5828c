"""Interactive explorers for the chapters (ipywidgets + matplotlib).

Each chapter's explorer lives in its own module (``nnbook.widgets.neuron``,
...). The names below can also be imported from this package directly, e.g.
``from nnbook.widgets import NeuronExplorer``; a module is imported only when
one of its names is first used.
"""
from importlib import import_module

from ._base import RUN_HINT, STATIC_NOTE, Explorer, FlipBook, slider  # noqa: F401

#: explorer class -> the module (one per chapter) that defines it
EXPLORERS = {
    "NeuronExplorer": "neuron",                   # 1. the neuron
    "WeightBiasExplorer": "weights_bias",         # 2. weights and bias
    "ActivationExplorer": "activation",           # 3. activation functions
    "XorExplorer": "architecture",                # 4. layers and architecture
    "ApproximationExplorer": "approximation",     # 4. layers and architecture: approximation by hinges
    "ForwardExplorer": "forward",                 # 5. forward propagation
    "LossExplorer": "loss",                       # 6. loss functions
    "BackpropExplorer": "backprop",               # 7. backpropagation
    "LearningRateExplorer": "learning_rate",      # 8. gradient descent and the learning rate
    "OptimizerExplorer": "optimizers",            # 9. optimizers
    "TrainingExplorer": "training",               # 10. training
    "RegularizationExplorer": "regularization",   # 11. regularization
    "ScalingExplorer": "normalization",           # 12. data normalization
    "ThresholdExplorer": "metrics",               # 13. metrics
    "DigitBrowser": "capstone",                   # 14. capstone
}

__all__ = ["Explorer", "FlipBook", "RUN_HINT", "STATIC_NOTE", "slider", *EXPLORERS]


def __getattr__(name):
    if name in EXPLORERS:
        return getattr(import_module(f".{EXPLORERS[name]}", __name__), name)
    raise AttributeError(f"module 'nnbook.widgets' has no attribute {name!r}. Explorers: {', '.join(EXPLORERS)}.")
