"""nnbook: a complete neural network library in numpy, written to be read.

The book's chapters import everything from here::

    import nnbook as nb
    model = nb.Sequential([nb.Dense(8, activation="relu"), nb.Dense(1, activation="sigmoid")], seed=0)
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])

One concept, one module: ``activations``, ``initializers``, ``layers``,
``losses``, ``regularizers``, ``optimizers``, ``schedules``, ``model``, ``callbacks``,
``metrics``, ``saving``, ``preprocessing``, ``datasets``, ``gradient_check``, ``plotting``,
``widgets`` (explorers) and ``selfcheck`` (exercise checks).
"""
from . import (activations, initializers, losses, metrics, optimizers, plotting, regularizers,  # noqa: F401
               saving, schedules)
from .activations import (ACTIVATIONS, ELU, GELU, LeakyReLU, Linear, ReLU, SELU, Sigmoid, SiLU,  # noqa: F401
                          Softmax, Softplus, Tanh)
from .callbacks import Callback, EarlyStopping, History, LearningRateScheduler  # noqa: F401
from .datasets import (load_breast_cancer, load_digits, load_mnist, make_blobs, make_circles,  # noqa: F401
                       make_moons, make_regression_1d, make_spirals, make_xor)
from .gradient_check import check_gradients, numerical_gradient, relative_error  # noqa: F401
from .initializers import (Constant, GlorotNormal, GlorotUniform, HeNormal, HeUniform,  # noqa: F401
                           LeCunNormal, LeCunUniform, Ones, Zeros)
from .layers import BatchNormalization, Dense, Dropout, Layer  # noqa: F401
from .losses import (BinaryCrossentropy, CategoricalCrossentropy, MeanAbsoluteError,  # noqa: F401
                     MeanSquaredError, SparseCategoricalCrossentropy)
from .metrics import (accuracy_score, average_precision_score, confusion_matrix, f1_score,  # noqa: F401
                      log_loss, mean_absolute_error, mean_squared_error, precision_recall_curve,
                      precision_score, recall_score, roc_auc_score, roc_curve)
from .model import DivergenceError, Sequential  # noqa: F401
from .optimizers import SGD, Adagrad, Adam, AdamW, RMSprop  # noqa: F401
from .preprocessing import MinMaxScaler, StandardScaler, one_hot, train_test_split  # noqa: F401
from .regularizers import L1, L1L2, L2  # noqa: F401
from .schedules import CosineDecay, ExponentialDecay, PiecewiseConstantDecay  # noqa: F401
from .saving import ModelFileError, load_model, save_model  # noqa: F401

__version__ = "0.2.0"
