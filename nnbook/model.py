"""``Sequential``: a stack of layers that is built, compiled, trained and evaluated.

The names follow Keras so that a reader's next library feels familiar:
``model = Sequential([Dense(8, activation='relu'), Dense(1, activation='sigmoid')], seed=0)``,
``model.compile(optimizer='adam', loss='binary_crossentropy', metrics=['accuracy'])``,
``history = model.fit(X, y, epochs=50, batch_size=32)``, ``model.evaluate(X_test, y_test)``.

One training step (an *iteration*) on a mini-batch (X_b, Y_b):

1. forward pass, layer by layer:  A⁰ = X_b,  Zˡ = Aˡ⁻¹ Wˡ + bˡ,  Aˡ = gˡ(Zˡ)
2. cost  C = mean loss over the batch + regularization penalties
   (with example weights w_i: C = (1/n) sum_i w_i L_i + penalties, Keras's reduction)
3. backward pass, last layer first: dC/dZᴸ from the loss, then each layer's
   ``backward`` turns dC/dAˡ into dC/dWˡ, dC/dbˡ and dC/dAˡ⁻¹
4. the optimizer updates every trainable array (W, b, BatchNormalization's γ and β);
   non-trainable arrays (BatchNormalization's moving statistics) are updated by
   their layer during the forward pass, never by the optimizer.

An *epoch* is one pass of such steps over every training example.
"""
from __future__ import annotations

import math
import re
from collections.abc import Mapping

import numpy as np

from . import activations as activations_module
from . import losses as losses_module
from . import optimizers as optimizers_module
from ._validation import as_2d, check_finite, check_fraction, check_positive, resolve_dtype
from .callbacks import Callback, History, ProgressBar
from .layers import Dense, Layer
from .metrics import get_compile_metric, labels_from_outputs


class DivergenceError(FloatingPointError):
    """Training produced a non-finite loss. ``history`` holds the epochs completed before it."""

    def __init__(self, message: str, *, epoch: int, history: History):
        super().__init__(message)
        self.epoch = epoch
        self.history = history


class Sequential:
    """A feed-forward network: the output of each layer is the input of the next.

    Parameters
    ----------
    layers : a list of layers (``Dense``, ``Dropout``, ``BatchNormalization``), or None to ``add`` them later.
    seed : seed of the model's random generator, used for weight initialization,
        shuffling and dropout. The same seed gives the same network and the same training run.
    dtype : ``'float64'`` (default) or ``'float32'`` (about twice as fast on large layers,
        too coarse for gradient checking).
    """

    def __init__(self, layers=None, *, seed: int | None = 0, dtype="float64", name: str | None = None):
        self.layers: list[Layer] = []
        self.seed = seed
        self.rng = np.random.default_rng(seed)
        self.dtype = resolve_dtype(dtype)
        self.name = name
        self.optimizer = None
        self.loss = None
        self.metrics: list[tuple[str, object]] = []
        self.stop_training = False
        self.history: History | None = None
        self.n_features: int | None = None
        self._row_weights: np.ndarray | None = None  # example weights of the batch being backpropagated
        for layer in layers or []:
            self.add(layer)

    # ------------------------------------------------------------------ structure
    def add(self, layer: Layer) -> None:
        """Append a layer at the end of the network."""
        if not isinstance(layer, Layer):
            raise TypeError(f"Sequential.add expected a layer such as Dense(4); received {layer!r} "
                            f"({type(layer).__name__}).")
        self.layers.append(layer)
        if not self.layers[:-1] and getattr(layer, "input_shape", None):
            self.build(layer.input_shape[0])
        elif self.built:
            n = self.n_features
            for existing in self.layers[:-1]:
                n = existing.output_units(n)
            layer.build(n, self.rng, self.dtype)

    @property
    def built(self) -> bool:
        return self.n_features is not None

    def build(self, n_features: int) -> None:
        """Create every layer's weights for inputs with ``n_features`` features."""
        n_features = check_positive(n_features, "n_features", integer=True)
        if not self.layers:
            raise ValueError("Sequential.build expected at least one layer; the model is empty. "
                             "Add layers first, e.g. model.add(Dense(1)).")
        if self.built:
            if n_features != self.n_features:
                raise ValueError(f"This model was built for {self.n_features} input features; "
                                 f"received a request for {n_features}. Create a new model for other inputs.")
            return
        n = n_features
        for layer in self.layers:
            layer.build(n, self.rng, self.dtype)
            n = layer.output_units(n)
        self.n_features = n_features

    def _require_built(self, action: str) -> None:
        if not self.built:
            raise ValueError(f"{action} needs a built model: its weights do not exist yet. Call "
                             "model.build(n_features), or model.fit(X, y) first, or give the first layer "
                             "input_shape=(n_features,).")

    @property
    def output_units(self) -> int:
        self._require_built("output_units")
        n = self.n_features
        for layer in self.layers:
            n = layer.output_units(n)
        return n

    def _output_dense(self) -> Dense | None:
        return next((layer for layer in reversed(self.layers) if isinstance(layer, Dense)), None)

    # ------------------------------------------------------------------ compile
    def compile(self, optimizer="sgd", loss="mse", metrics=None) -> None:
        """Choose how the model learns: the optimizer, the loss and the metrics to report.

        ``loss`` is a name (``'binary_crossentropy'``) or a loss object. Names mean
        the probability form, as in Keras; for a linear output layer that returns
        logits pass the object, ``loss=nb.BinaryCrossentropy(from_logits=True)``
        (or ``CategoricalCrossentropy``/``SparseCategoricalCrossentropy``). The loss must fit the
        last layer: a cross-entropy on probabilities needs a sigmoid or softmax
        output, one on logits must not have one (it would be applied twice).
        With a from-logits loss, the compiled metrics receive probabilities
        (nnbook applies the loss's sigmoid or softmax to the outputs first).
        """
        self.optimizer = optimizers_module.get(optimizer)
        self.loss = losses_module.get(loss)
        if isinstance(metrics, str):
            metrics = [metrics]
        self.metrics = [get_compile_metric(m) for m in (metrics or [])]
        self._check_loss_fits_output()

    def _check_loss_fits_output(self):
        out = self._output_dense()
        if out is None:
            return
        act = out.activation.name
        if self.loss.from_logits:
            if act in ("sigmoid", "softmax"):
                raise ValueError(
                    f"{self.loss!r} expected logits from a linear output layer; the last layer's activation "
                    f"is {act!r}, so the loss would apply a {act} a second time (a silent bug: training "
                    f"slows and the loss is wrong). Remove the activation, Dense({out.units}), or keep it "
                    f"and use loss={self.loss.name!r} (probabilities).")
            return
        if self.loss.name == "binary_crossentropy" and act not in ("sigmoid", "softmax"):
            raise ValueError(f"binary_crossentropy expected probabilities from a sigmoid output layer; the "
                             f"last layer's activation is {act!r}. Use e.g. Dense(1, activation='sigmoid').")
        if "categorical_crossentropy" in self.loss.name and act != "softmax":
            raise ValueError(f"{self.loss.name} expected probabilities from a softmax output layer; the last "
                             f"layer's activation is {act!r}. Use Dense(n_classes, activation='softmax').")

    def _require_compiled(self, action):
        if self.loss is None:
            raise ValueError(f"{action} needs a compiled model. Call model.compile(optimizer='adam', "
                             "loss='mse') (or the loss that fits your task) first.")

    # ------------------------------------------------------------------ forward
    def _inputs(self, X, action: str) -> np.ndarray:
        return self._check_features(as_2d(X, "X", self.dtype), action)

    def _check_features(self, X: np.ndarray, action: str) -> np.ndarray:
        """Check an already converted 2-D ``X`` against the built model's input size."""
        self._require_built(action)
        if X.shape[1] != self.n_features:
            first = self.layers[0]
            label = first.describe() if hasattr(first, "describe") else type(first).__name__
            raise ValueError(f"{label} expected {self.n_features} input features; received X with shape {X.shape}.")
        return X

    def _forward(self, X: np.ndarray, training: bool) -> np.ndarray:
        for layer in self.layers:
            X = layer.forward(X, training=training)
        return X

    def __call__(self, X, training: bool = False) -> np.ndarray:
        """The forward pass, as ``model(X)``. ``training=True`` runs the layers as ``fit`` does (as in
        Keras): dropout on, and BatchNormalization normalizes with the batch's statistics and
        updates its moving averages."""
        return self._forward(self._inputs(X, "calling the model"), training=bool(training))

    def predict(self, X) -> np.ndarray:
        """The network's output for each row of X, shape (n_samples, units of the last layer),
        in inference mode. With a linear output layer (a ``from_logits=True`` loss) these are
        logits, as in Keras: use :meth:`predict_proba` for probabilities."""
        return self._forward(self._inputs(X, "predict"), training=False)

    def _probabilities(self, P: np.ndarray) -> np.ndarray:
        """Outputs as probabilities: logits go through the sigmoid or softmax of a from-logits loss."""
        if self.loss is None or not self.loss.from_logits:
            return P
        return activations_module.get(self.loss.logits_activation).forward(P)

    def predict_proba(self, X) -> np.ndarray:
        """Class probabilities: the output of a sigmoid or softmax output layer or, for a model
        compiled with a ``from_logits=True`` loss, the sigmoid or softmax of its logits."""
        if self.loss is not None and self.loss.from_logits:
            return self._probabilities(self.predict(X))
        out = self._output_dense()
        if out is None or out.activation.name not in ("sigmoid", "softmax"):
            act = out.activation.name if out is not None else None
            raise ValueError(f"predict_proba expected a sigmoid or softmax output layer (probabilities); "
                             f"the last layer's activation is {act!r}. Use predict for regression.")
        return self.predict(X)

    def predict_classes(self, X, threshold: float = 0.5) -> np.ndarray:
        """Class labels: ``p >= threshold`` for a single sigmoid output, argmax for softmax."""
        return labels_from_outputs(self.predict_proba(X), threshold)

    def forward_steps(self, X) -> list[dict]:
        """The forward pass one layer at a time: for each layer a dict with its
        ``'layer'``, its ``'input'`` and, for dense layers, ``'z'`` (weighted input) and ``'a'`` (output)."""
        A = self._inputs(X, "forward_steps")
        steps = []
        for layer in self.layers:
            out = layer.forward(A, training=False)
            step = {"layer": layer, "input": A, "a": out}
            if isinstance(layer, Dense):
                step["z"] = layer._Z
            steps.append(step)
            A = out
        return steps

    # ------------------------------------------------------------------ gradients
    def _backward(self, Y: np.ndarray, P: np.ndarray) -> None:
        """Fill every layer's gradients from targets Y and outputs P of the last forward pass.

        With example weights in ``self._row_weights`` (set by ``fit`` and ``compute_gradients``),
        row i of the output gradient is multiplied by w_i: d/dP of (1/n) sum_i w_i L_i."""
        last = self.layers[-1]
        alone = len(self.layers) == 1  # the first layer's dC/dX is never needed
        fused = isinstance(last, Dense) and last.activation.name == self.loss.fused_activation
        w = self._row_weights
        if fused:  # sigmoid+binary or softmax+categorical: dC/dZ = (P - Y) / n(k)
            dz = self.loss.fused_gradient(Y, P)
            grad = last.backward(dz if w is None else dz * w[:, None], grad_is_dz=True, need_input_grad=not alone)
        else:
            dp = self.loss._grad(Y, P)
            grad = last.backward(dp if w is None else dp * w[:, None], need_input_grad=not alone)
        for i in range(len(self.layers) - 2, -1, -1):
            grad = self.layers[i].backward(grad, need_input_grad=i > 0)

    def _params(self) -> list[np.ndarray]:
        """The trainable arrays, the ones the optimizer updates."""
        return [p for layer in self.layers for p in layer.params()]

    def _grads(self) -> list[np.ndarray]:
        return [g for layer in self.layers for g in layer.grads()]

    @property
    def weights(self) -> list[np.ndarray]:
        """Every array of every layer (not copies), trainable or not, in the order of :meth:`get_weights`."""
        return [w for layer in self.layers for w in layer.weights]

    @property
    def trainable_weights(self) -> list[np.ndarray]:
        """The arrays the optimizer updates (W, b, γ, β), layer by layer."""
        return self._params()

    @property
    def non_trainable_weights(self) -> list[np.ndarray]:
        """The arrays the layers update themselves (BatchNormalization's moving statistics)."""
        return [w for layer in self.layers for w in layer.non_trainable_params()]

    def _weight_names(self, trainable_only: bool = False) -> list[str]:
        """'W1', 'b1', 'gamma2', ...: each layer's weight names, numbered over the layers that have weights."""
        names, index = [], 0
        for layer in self.layers:
            own = layer.weight_names()
            if not own:
                continue
            index += 1
            if trainable_only:
                own = own[:len(layer.params())]
            names += [f"{name}{index}" for name in own]
        return names

    def _cost(self, Y: np.ndarray, P: np.ndarray, sample_weight: np.ndarray | None = None) -> float:
        """C = mean loss over the rows of (Y, P) + every layer's regularization penalty.

        With weights: C = (1/n) sum_i w_i L_i + penalty, divided by the number of rows n, not by
        the sum of the weights (Keras's default 'sum_over_batch_size' reduction)."""
        losses = self.loss._per_example(Y, P)
        if sample_weight is not None:
            losses = losses * sample_weight
        return float(np.mean(losses)) + self.penalty()

    def penalty(self) -> float:
        """The sum of every layer's regularization penalty."""
        return float(sum(layer.penalty() for layer in self.layers))

    def _targets(self, y, n: int) -> np.ndarray:
        return self.loss.targets(y, (n, self.output_units)).astype(self.dtype, copy=False)

    def compute_gradients(self, X, y, sample_weight=None, *, training: bool = False) -> list[np.ndarray]:
        """Gradients of the cost (regularization included) for every trainable array, in the
        order of :meth:`get_weights` (dC/dW1, dC/db1, dC/dW2, ...). Inference mode (dropout off)
        unless ``training=True``, which, as a ``fit`` step does, normalizes BatchNormalization layers
        with the batch's statistics and updates their moving averages. With ``sample_weight``, the
        gradients of the weighted cost (see :meth:`cost`)."""
        self._require_compiled("compute_gradients")
        X = self._inputs(X, "compute_gradients")
        Y = self._targets(y, len(X))
        example_weights = self._sample_weights(sample_weight, len(X), "compute_gradients")
        P = self._forward(X, training=bool(training))
        self._row_weights = example_weights
        try:
            self._backward(Y, P)
        finally:
            self._row_weights = None
        return [g.copy() for g in self._grads()]

    def cost(self, X, y, sample_weight=None, *, training: bool = False) -> float:
        """The cost (mean loss plus regularization penalty) on (X, y), in inference mode
        (dropout off) unless ``training=True`` (see :meth:`compute_gradients`).

        With ``sample_weight`` (w_i >= 0, one per example) the cost is
        C = (1/n) sum_i w_i L_i + penalty, as Keras computes it."""
        self._require_compiled("cost")
        X = self._inputs(X, "cost")
        Y = self._targets(y, len(X))
        return self._cost(Y, self._forward(X, training=bool(training)),
                          self._sample_weights(sample_weight, len(X), "cost"))
    def _sample_weights(self, sample_weight, n: int, action: str) -> np.ndarray | None:
        """Check ``sample_weight`` (one number >= 0 per example) and return it as a 1-D array."""
        if sample_weight is None:
            return None
        try:
            w = np.asarray(sample_weight, dtype=self.dtype)
        except (TypeError, ValueError):
            raise TypeError(f"{action}: sample_weight expected numbers, one weight per example; received "
                            f"{type(sample_weight).__name__} that numpy cannot convert.") from None
        if w.ndim == 2 and w.shape[1] == 1:
            w = w[:, 0]
        if w.shape != (n,):
            raise ValueError(f"{action}: sample_weight expected shape ({n},), one weight per example; received "
                             f"shape {w.shape}.")
        check_finite(w, "sample_weight")
        if (w < 0).any():
            i = int(np.argmax(w < 0))
            raise ValueError(f"{action}: sample_weight expected weights >= 0; received {w[i]:g} at index {i}. "
                             "A weight multiplies its example's loss: use 0 to ignore an example.")
        return w

    def _class_weights(self, class_weight, Y: np.ndarray) -> np.ndarray:
        """Each row's weight class_weight[c], c its class (Keras: argmax of a one-hot row, or
        the rounded target of a single output); classes missing from the dict weigh 1."""
        if not isinstance(class_weight, Mapping):
            raise TypeError("fit: class_weight expected a dict mapping class index to weight, e.g. "
                            f"{{0: 1.0, 1: 5.0}}; received {type(class_weight).__name__}.")
        binary = isinstance(self.loss, losses_module.BinaryCrossentropy)
        if not binary and not isinstance(self.loss, losses_module.CategoricalCrossentropy):
            raise ValueError(f"fit: class_weight needs class labels, but the loss is {self.loss.name!r}, whose "
                             "targets are numbers. Weight examples with sample_weight instead.")
        k = Y.shape[1]
        if binary and k != 1:
            raise ValueError(f"fit: class_weight with binary_crossentropy expected one sigmoid output (classes 0 "
                             f"and 1); the output layer has {k} units (one label each). Use sample_weight.")
        n_classes = 2 if k == 1 else k
        table = np.ones(n_classes, dtype=self.dtype)
        for key, value in class_weight.items():
            if (isinstance(key, (bool, np.bool_)) or not isinstance(key, (int, np.integer))
                    or not 0 <= key < n_classes):
                raise ValueError(f"fit: class_weight has the key {key!r}, which is not a class of this model; "
                                 f"expected class indices 0 to {n_classes - 1}.")
            if (isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating))
                    or not np.isfinite(value) or value < 0):
                raise ValueError(f"fit: class_weight[{key}] expected a number >= 0; received {value!r}.")
            table[key] = value
        labels = np.rint(Y[:, 0]).astype(int) if k == 1 else np.argmax(Y, axis=1)
        return table[labels]

    # ------------------------------------------------------------------ weights
    def get_weights(self) -> list[np.ndarray]:
        """Copies of every array in Keras order, layer by layer: W1, b1, W2, b2, ...; a
        BatchNormalization layer gives γ, β, moving_mean, moving_variance (γ or β absent
        when ``scale`` or ``center`` is False)."""
        self._require_built("get_weights")
        return [p.copy() for p in self.weights]

    def set_weights(self, weights) -> None:
        """Replace every array (the order of :meth:`get_weights`), checking every shape."""
        self._require_built("set_weights")
        params = self.weights
        weights = list(weights)
        if len(weights) != len(params):
            listed = ", ".join(self._weight_names()) if len(params) <= 12 else "W1, b1, W2, b2, ..."
            raise ValueError(f"set_weights expected {len(params)} arrays ({listed}); "
                             f"received {len(weights)}.")
        for i, (p, w) in enumerate(zip(params, weights)):
            w = np.asarray(w, dtype=self.dtype)
            if w.shape != p.shape:
                raise ValueError(f"set_weights: array {i} expected shape {p.shape}; received {w.shape}.")
            p[...] = w

    def save(self, path) -> None:
        """Write the whole model (architecture, weights, compile settings, optimizer state,
        random-generator state) to one file; read it back with :func:`~nnbook.saving.load_model`.
        The format is described in :mod:`nnbook.saving`."""
        from .saving import save_model  # saving imports this module
        save_model(self, path)

    def count_params(self) -> int:
        """The number of numbers in :meth:`get_weights`, trainable or not, as Keras counts:
        a BatchNormalization layer on d units adds 4d (γ, β and the two moving statistics)."""
        self._require_built("count_params")
        return int(sum(p.size for p in self.weights))

    # ------------------------------------------------------------------ training
    def fit(self, X, y, epochs: int = 1, batch_size: int | None = 32, shuffle: bool = True,
            validation_split: float = 0.0, validation_data=None, verbose="auto", callbacks=None,
            class_weight=None, sample_weight=None) -> History:
        """Train the model and return its :class:`~nnbook.callbacks.History`.

        ``batch_size=None`` uses the whole training set in every step (full-batch
        gradient descent); ``batch_size=1`` is purely stochastic. ``validation_split``
        holds out that fraction of the *last* rows (before shuffling), as Keras does.
        ``verbose``: 0 silent, 1 progress bar, ``'auto'`` a bar for runs of 50 epochs or more.

        Weighting examples, as Keras does: ``sample_weight`` gives one weight w_i >= 0 per
        row, ``class_weight`` a dict class index -> weight (w_i = class_weight[class of row i],
        1 for classes left out; training rows only, classification losses only). Not both at
        once (Keras refuses too: multiply them into one sample_weight). Each batch's cost is
        then (1/n_b) sum_i w_i L_i + penalties, divided by the batch size, not by the sum of
        the weights; the gradients are those of this cost. ``validation_split`` splits
        ``sample_weight`` with the rows, and ``validation_data`` may be ``(X_val, y_val, w_val)``;
        ``val_loss`` is then weighted too. Metrics are never weighted (Keras's ``metrics=``).
        """
        self._require_compiled("fit")
        X = as_2d(X, "X", self.dtype)
        if not self.built:
            self.build(X.shape[1])
        X = self._check_features(X, "fit")
        Y = self._targets(y, len(X))
        epochs = check_positive(epochs, "epochs", integer=True)
        batch_size = len(X) if batch_size is None else check_positive(
            batch_size, "batch_size", integer=True, hint=" Use None for full-batch training.")
        validation_split = check_fraction(validation_split, "validation_split")
        if validation_data is not None and validation_split:
            raise ValueError("fit expected either validation_data or validation_split, not both.")
        if class_weight is not None and sample_weight is not None:
            raise ValueError("fit expected class_weight or sample_weight, not both (Keras refuses both too). "
                             "Combine them into one sample_weight: sample_weight * class weight of each row.")
        example_weights = self._sample_weights(sample_weight, len(X), "fit")
        X_val = Y_val = val_weights = None
        if validation_split:
            n_val = int(math.ceil(len(X) * validation_split))
            if n_val >= len(X):
                raise ValueError(f"validation_split={validation_split} leaves no training data "
                                 f"out of {len(X)} samples.")
            X, X_val, Y, Y_val = X[:-n_val], X[-n_val:], Y[:-n_val], Y[-n_val:]
            if example_weights is not None:
                example_weights, val_weights = example_weights[:-n_val], example_weights[-n_val:]
        elif validation_data is not None:
            if not isinstance(validation_data, (tuple, list)) or len(validation_data) not in (2, 3):
                raise TypeError("validation_data expected a tuple (X_val, y_val) or (X_val, y_val, "
                                f"sample_weight_val); received {type(validation_data).__name__}"
                                + (f" of length {len(validation_data)}." if isinstance(validation_data, (tuple, list))
                                   else "."))
            X_val = self._inputs(validation_data[0], "fit (validation_data)")
            Y_val = self._targets(validation_data[1], len(X_val))
            if len(validation_data) == 3:
                val_weights = self._sample_weights(validation_data[2], len(X_val), "fit (validation_data)")
        if class_weight is not None:
            example_weights = self._class_weights(class_weight, Y)
        if verbose not in (0, 1, 2, "auto", False, True):
            raise ValueError(f"verbose expected 0, 1 or 'auto'; received {verbose!r}.")
        show = (epochs >= 50) if verbose == "auto" else bool(verbose)

        callbacks = list(callbacks or [])
        for cb in callbacks:
            if not isinstance(cb, Callback):
                raise TypeError(f"callbacks expected Callback objects such as EarlyStopping(); received {cb!r}.")
        if show:
            callbacks.append(ProgressBar(epochs))
        history = History()
        self.history = history
        self.stop_training = False
        self._row_weights = None
        n = len(X)
        n_batches = int(math.ceil(n / batch_size))
        P_epoch = np.empty((n, self.output_units), dtype=self.dtype) if self.metrics else None
        for cb in callbacks:
            cb.on_train_begin(self)
        for epoch in range(epochs):
            for cb in callbacks:
                cb.on_epoch_begin(self, epoch)
            order = self.rng.permutation(n) if shuffle else np.arange(n)
            total = 0.0
            for b in range(n_batches):
                idx = order[b * batch_size:(b + 1) * batch_size]
                Xb, Yb = X[idx], Y[idx]
                if example_weights is not None:  # this batch's example weights, read by _cost and _backward
                    self._row_weights = example_weights[idx]
                with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
                    P = self._forward(Xb, training=True)
                    batch_cost = self._cost(Yb, P, self._row_weights)
                    if not np.isfinite(batch_cost):  # NaN or inf anywhere in P reaches the cost
                        self._diverged(epoch, epochs, b, n_batches, batch_cost, history)
                    self._backward(Yb, P)
                    self.optimizer.step(self._params(), self._grads())
                history.batch_losses.append(batch_cost)
                total += batch_cost * len(idx)
                if P_epoch is not None:  # kept for the epoch's training metrics
                    P_epoch[idx] = P
            history.learning_rates.append(float(self.optimizer.learning_rate))
            logs = {"loss": total / n}
            if self.metrics:
                P_metric = self._probabilities(P_epoch)
                for name, fn in self.metrics:
                    logs[name] = fn(Y, P_metric)
            if X_val is not None:
                with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
                    P_val = self._forward(X_val, training=False)
                logs["val_loss"] = self._cost(Y_val, P_val, val_weights)
                if self.metrics:
                    P_metric = self._probabilities(P_val)
                    for name, fn in self.metrics:
                        logs["val_" + name] = fn(Y_val, P_metric)
            for cb in callbacks:
                cb.on_epoch_end(self, epoch, logs)
            history.record(epoch, logs)  # after the callbacks, which may add figures (as in Keras)
            if self.stop_training:
                break
        self._row_weights = None
        for cb in callbacks:
            cb.on_train_end(self)
        return history

    def _diverged(self, epoch, epochs, batch, n_batches, value, history):
        lr = getattr(self.optimizer, "learning_rate", None)
        advice = (f"The learning rate ({lr:g}) is probably too large: try {lr / 10:g}. "
                  if lr is not None else "Try a smaller learning rate. ")
        raise DivergenceError(
            f"Training diverged at epoch {epoch + 1}/{epochs} (batch {batch + 1}/{n_batches}): the loss "
            f"became {value} (not a finite number). {advice}Scaling the inputs (nnbook.StandardScaler) "
            "also keeps the steps stable.", epoch=epoch, history=history)

    def evaluate(self, X, y, *, sample_weight=None, return_dict: bool = False):
        """The cost and compiled metrics on (X, y), dropout off.

        Returns the cost alone when no metrics were compiled, otherwise
        ``[cost, metric1, ...]`` (or a dict with ``return_dict=True``), as Keras does.
        ``sample_weight`` weights the cost as in :meth:`cost`; metrics stay unweighted.
        """
        self._require_compiled("evaluate")
        X = self._inputs(X, "evaluate")
        Y = self._targets(y, len(X))
        P = self._forward(X, training=False)
        result = {"loss": self._cost(Y, P, self._sample_weights(sample_weight, len(X), "evaluate"))}
        P_metric = self._probabilities(P)
        for name, fn in self.metrics:
            result[name] = fn(Y, P_metric)
        if return_dict:
            return result
        return result["loss"] if len(result) == 1 else list(result.values())

    # ------------------------------------------------------------------ display
    def summary(self) -> None:
        """Print each layer, its output shape and its number of parameters (trainable or not,
        as Keras counts). When some are non-trainable (BatchNormalization's moving
        statistics), two more lines split the total into trainable and non-trainable."""
        rows = [("Layer (type)", "Output Shape", "Param #")]
        n = self.n_features
        for i, layer in enumerate(self.layers):
            units = layer.output_units(n) if n is not None else getattr(layer, "units", None)
            kind = type(layer).__name__
            act = getattr(layer, "activation", None)
            snake = re.sub(r"(?<!^)(?=[A-Z])", "_", kind).lower()  # BatchNormalization -> batch_normalization
            label = f"{snake}_{i + 1} ({kind}" + (f", {act.name}" if act is not None else "") + ")"
            shape = f"(None, {units})" if units is not None else "(unbuilt)"
            params = str(layer.count_params()) if layer.built else "?"
            rows.append((label, shape, params))
            n = units if n is not None else None
        widths = [max(len(r[c]) for r in rows) + 2 for c in range(3)]
        line = "=" * sum(widths)
        out = [f'Model: "{self.name or "sequential"}"', line]
        out.append("".join(cell.ljust(w) for cell, w in zip(rows[0], widths)))
        out.append(line)
        for r in rows[1:]:
            out.append("".join(cell.ljust(w) for cell, w in zip(r, widths)))
        out.append(line)
        total = self.count_params() if self.built else "? (build the model to count)"
        out.append(f"Total params: {total}")
        frozen = sum(w.size for w in self.non_trainable_weights) if self.built else 0
        if frozen:
            out.append(f"Trainable params: {total - frozen}")
            out.append(f"Non-trainable params: {frozen}")
        print("\n".join(out))

    def __repr__(self):
        inner = ", ".join(repr(layer) for layer in self.layers)
        return f"Sequential([{inner}])"
