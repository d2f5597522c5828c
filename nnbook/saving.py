"""Saving a model to one file and loading it back: ``model.save(path)``, ``load_model(path)``.

A saved model holds everything needed to carry on as if training had never stopped:
the architecture (every layer with its settings, activations, initializers,
regularizers), the weights, the compile settings (loss, metrics, optimizer and its
hyperparameters), the optimizer's state (moments, velocities, step count t) and the
state of the model's random generator (which shuffles the batches and draws dropout
masks). Training 3 epochs, saving, loading and training 2 more gives the same weights,
bit for bit, as training 5 epochs in one go.

**The file.** One file that is both a zip archive and a numpy ``.npz`` archive (``.npz`` is a
suggested extension; any name works). Its members are, uncompressed:

- ``config.json``: UTF-8 JSON, ``{"format": "nnbook-model", "format_version": 1, ...}``
  with the architecture, compile settings, optimizer step count, generator state and
  a list of every array with its shape and dtype. Readable with any unzip tool.
- one ``.npy`` file per array: ``layers/<i>/<attribute>.npy`` (e.g. ``layers/0/W.npy``)
  and ``optimizer/<p>/<key>.npy`` (e.g. ``optimizer/0/m.npy``, Adam's first moment of
  parameter p in :meth:`~nnbook.model.Sequential.get_weights` order).

Why this format: the arrays stay in numpy's own ``.npy`` format, read with
``allow_pickle=False`` (so an object array, which would need unpickling, is refused);
the configuration stays plain text that a person can read and diff; the zip's CRC-32
checksums catch corrupted bytes; and one file is easy to copy, unlike a folder.
``np.load(path, allow_pickle=False)`` opens it like any ``.npz``.

Safety: loading never unpickles and never executes anything from the file. Class
names in the file are looked up in explicit string-keyed tables of allowed classes
(``nnbook.layers.LAYERS``, ``activations.ACTIVATIONS``, ``initializers.INITIALIZERS``,
``regularizers.REGULARIZERS``, ``optimizers.OPTIMIZERS``, ``losses.LOSSES``), and the
objects are rebuilt by calling those classes' constructors, which check every value.
A truncated, corrupted or tampered file, a file from a newer format version, a missing
or unexpected array, an array of the wrong shape or dtype, or an unknown class name
raises :class:`ModelFileError`, naming the file and the problem.

Not saved, as in Keras: the training history, callbacks and ``stop_training``.

**The protocol.** Every saved object (layer, activation, initializer, regularizer, optimizer, loss)
has ``get_config()``, the dict of keyword arguments that rebuilds it:
``type(obj)(**obj.get_config())``. The default (``nnbook._config.Configurable``,
the base of ``Layer``, ``Activation``, ``Initializer``, ``Regularizer`` and ``Loss``)
reads the attribute named like each ``__init__`` parameter; ``Optimizer.get_config``
returns its hyperparameters. Config values may be None, bools, numbers, strings,
lists/tuples of these, or other registered objects (written as nested configs).
In the file an object is ``{"kind": ..., "class_name": ..., "config": {...}}``.

**To register a new class**, making it saveable (``BatchNormalization``, ``GELU``, ``AdamW``, a loss with
``from_logits``, ...):

1. Add it to its module's string-keyed table, e.g. ``LAYERS["batch_normalization"] =
   BatchNormalization`` in ``layers.py`` or ``OPTIMIZERS["adamw"] = AdamW`` in
   ``optimizers.py``. The file records the class's ``__name__``, so that name must be
   unique within the table.
2. Make sure ``type(obj)(**obj.get_config())`` rebuilds it: store each constructor
   argument under its own name (``self.momentum = momentum``), or override
   ``get_config``. For optimizers, ``get_config`` is ``vars(self)`` minus ``state`` and
   ``iterations``: keep other attributes out of ``vars`` (or override ``get_config``).
3. A layer lists in ``state_arrays`` the attributes holding its arrays, trainable or
   not: ``state_arrays = ("gamma", "beta", "moving_mean", "moving_variance")``. They
   must exist, with their final shapes, once ``build`` has run; the loader checks the
   shapes and copies the saved values in. Keep caches for ``backward`` in attributes
   starting with ``_``: saving refuses a layer holding other public arrays it does not
   save, so that no state is silently lost.
4. An optimizer keeps its mutable state in ``self.state[p][key]`` (one array per
   parameter p, of the parameter's shape) and ``self.iterations``; both are saved.
5. A new *kind* of object (say learning-rate schedules held by an optimizer's
   ``learning_rate``) needs its own table: add one line ``"schedule":
   schedules.SCHEDULES`` to ``_tables()`` below.

``tests/test_saving.py`` round-trips every class of every table, so step 2 or 3
forgotten shows up as a failing test.
"""
from __future__ import annotations

import io
import json
import os
import tempfile
import zipfile

import numpy as np

from . import activations, initializers, layers, losses, optimizers, regularizers
from .model import Sequential

FORMAT_NAME = "nnbook-model"
FORMAT_VERSION = 1
CONFIG_MEMBER = "config.json"


class ModelFileError(ValueError):
    """A model file cannot be loaded: it is not an nnbook model file, or it is truncated,
    corrupted, tampered with, or written by a newer format version.

    ``path`` is the file and ``problem`` says what is wrong with it.
    """

    def __init__(self, path, problem: str):
        self.path = os.fspath(path)
        self.problem = problem
        super().__init__(f"Cannot load the model file {self.path!r}: {problem}")


def _tables() -> dict[str, dict[str, type]]:
    """Kind -> {class name -> class}: the only classes a file may name."""
    modules = {
        "layer": layers.LAYERS,
        "activation": activations.ACTIVATIONS,
        "initializer": initializers.INITIALIZERS,
        "regularizer": regularizers.REGULARIZERS,
        "optimizer": optimizers.OPTIMIZERS,
        "loss": losses.LOSSES,
    }
    return {kind: {cls.__name__: cls for cls in table.values()} for kind, table in modules.items()}


# ---------------------------------------------------------------------------------- saving
def _encode(value, where: str, tables):
    """A config value as JSON-ready data; registered objects become nested configs."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, np.generic) and value.dtype.kind in "biuf":
        return value.item()
    if isinstance(value, (list, tuple)):
        return [_encode(v, f"{where}[{i}]", tables) for i, v in enumerate(value)]
    return _encode_object(value, where, tables)


def _encode_object(obj, where: str, tables) -> dict:
    for kind, table in tables.items():
        if table.get(type(obj).__name__) is type(obj):
            config = obj.get_config()
            return {"kind": kind, "class_name": type(obj).__name__,
                    "config": {k: _encode(v, f"{where}.{k}", tables) for k, v in config.items()}}
    raise TypeError(f"save expected registered nnbook objects; {where} is {obj!r} ({type(obj).__name__}), which "
                    "is in none of the tables of saveable classes. Register its class as nnbook.saving's "
                    "docstring explains (e.g. add it to nnbook.activations.ACTIVATIONS).")


def _layer_arrays(layer, i: int) -> dict[str, np.ndarray]:
    """The arrays ``layer.state_arrays`` names, checking that nothing else would be lost."""
    names = tuple(layer.state_arrays)
    arrays = {name: getattr(layer, name, None) for name in names}
    kept = {id(a) for a in arrays.values() if a is not None}
    skipped = {id(g) for g in layer.grads()}
    missing = [name for name, value in vars(layer).items()
               if isinstance(value, np.ndarray) and not name.startswith("_")
               and id(value) not in kept and id(value) not in skipped]
    if any(id(p) not in kept for p in layer.params()) or missing:
        raise TypeError(f"save: layer {i} ({type(layer).__name__}) holds arrays that its state_arrays "
                        f"{names} does not list{' (' + ', '.join(missing) + ')' if missing else ''}; they would "
                        "be lost. List them in the class's state_arrays (see nnbook.saving).")
    return {name: a for name, a in arrays.items() if a is not None}


def model_config(model: Sequential) -> tuple[dict, dict[str, np.ndarray]]:
    """The JSON configuration of ``model`` and its arrays by member name (without ``.npy``)."""
    tables = _tables()
    arrays: dict[str, np.ndarray] = {}
    layer_configs = []
    for i, layer in enumerate(model.layers):
        layer_configs.append(_encode_object(layer, f"layer {i}", tables))
        if layer.built:
            for name, a in _layer_arrays(layer, i).items():
                arrays[f"layers/{i}/{name}"] = a
    config = {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "nnbook_version": _package_version(),
        "model": {"class_name": "Sequential", "name": model.name, "seed": _encode(model.seed, "seed", tables),
                  "dtype": np.dtype(model.dtype).name, "n_features": model.n_features, "layers": layer_configs},
        "compile": None,
        "rng_state": _encode_rng(model.rng),
    }
    if model.loss is not None:
        opt = model.optimizer
        state_refs = []
        for p, slots in sorted(opt.state.items()):
            for key, a in sorted(slots.items()):
                if not isinstance(a, np.ndarray):
                    raise TypeError(f"save: optimizer state[{p}][{key!r}] is {type(a).__name__}; expected an array.")
                member = f"optimizer/{p}/{key}"
                arrays[member] = a
                state_refs.append([p, key, member])
        config["compile"] = {
            "optimizer": _encode_object(opt, "optimizer", tables),
            "loss": _encode_object(model.loss, "loss", tables),
            "metrics": [name for name, _ in model.metrics],
            "optimizer_iterations": int(opt.iterations),
            "optimizer_state": state_refs,
        }
    config["arrays"] = {name: {"shape": list(a.shape), "dtype": a.dtype.name} for name, a in arrays.items()}
    return config, arrays


def _package_version() -> str:
    from . import __version__
    return __version__


def _encode_rng(rng: np.random.Generator) -> dict:
    state = rng.bit_generator.state
    if state.get("bit_generator") != "PCG64":
        raise TypeError(f"save expected the model's generator to be numpy's default PCG64; received "
                        f"{state.get('bit_generator')!r}.")
    return state


def save_model(model: Sequential, path) -> None:
    """Write ``model`` to the single file ``path`` (see the module docstring for the format).

    The file is written to a temporary name next to ``path`` and then renamed, so an
    interrupted save never leaves a half-written file under ``path``.

    >>> import os, tempfile, numpy as np, nnbook as nb
    >>> model = nb.Sequential([nb.Dense(3, activation="relu", input_shape=(2,)), nb.Dense(1)], seed=0)
    >>> model.compile(optimizer="adam", loss="mse")
    >>> path = os.path.join(tempfile.mkdtemp(), "model.npz")
    >>> model.save(path)
    >>> same = nb.load_model(path)
    >>> bool(np.array_equal(same.predict([[1.0, 2.0]]), model.predict([[1.0, 2.0]])))
    True
    """
    if not isinstance(model, Sequential):
        raise TypeError(f"save_model expected a Sequential model; received {type(model).__name__}.")
    path = os.fspath(path)
    if os.path.isdir(path):
        raise IsADirectoryError(f"save_model expected a file path; {path!r} is a directory. "
                                "Give a file name, e.g. os.path.join(folder, 'model.npz').")
    config, arrays = model_config(model)
    text = json.dumps(config, indent=1, sort_keys=False)
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".nnbook-save-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as raw, zipfile.ZipFile(raw, "w", compression=zipfile.ZIP_STORED) as zf:
            zf.writestr(CONFIG_MEMBER, text.encode("utf-8"))
            for name, a in arrays.items():
                buffer = io.BytesIO()
                np.lib.format.write_array(buffer, np.ascontiguousarray(a), allow_pickle=False)
                zf.writestr(name + ".npy", buffer.getvalue())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise


# --------------------------------------------------------------------------------- loading
def _read(path) -> tuple[dict, dict[str, np.ndarray]]:
    """Read the config and every array, turning any failure to parse the bytes into ModelFileError."""
    path = os.fspath(path)
    if not os.path.isfile(path):
        raise FileNotFoundError(f"load_model expected an existing model file; {path!r} does not exist.")
    with open(path, "rb") as f:
        head = f.read(4)
    if head != b"PK\x03\x04":
        raise ModelFileError(path, "it is not an nnbook model file (not a zip/.npz archive). Files are written by "
                                   "model.save(path).")
    try:
        with np.load(path, allow_pickle=False) as npz:
            members = list(npz.files)
            if CONFIG_MEMBER not in members:
                raise ModelFileError(path, f"it has no {CONFIG_MEMBER}: it is not an nnbook model file (a plain "
                                           ".npz from np.savez?).")
            raw = npz[CONFIG_MEMBER]
            if not isinstance(raw, bytes):
                raise ModelFileError(path, f"its {CONFIG_MEMBER} is not text.")
            config = json.loads(raw.decode("utf-8"))
            arrays = {name: npz[name] for name in members if name != CONFIG_MEMBER}
            not_arrays = sorted(name for name, a in arrays.items() if not isinstance(a, np.ndarray))
            if not_arrays:
                raise ModelFileError(path, f"its members {not_arrays[:5]} are not .npy arrays.")
    except ModelFileError:
        raise
    except Exception as exc:  # any failure to parse untrusted bytes is a bad file, not a crash
        raise ModelFileError(path, f"it is truncated or corrupted ({type(exc).__name__}: {exc}).") from exc
    return config, arrays


def _check_header(path, config) -> None:
    if not isinstance(config, dict) or config.get("format") != FORMAT_NAME:
        raise ModelFileError(path, f"its {CONFIG_MEMBER} does not declare format {FORMAT_NAME!r}; it is not an "
                                   "nnbook model file.")
    version = config.get("format_version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise ModelFileError(path, f"its format_version is {version!r}; expected a positive integer.")
    if version > FORMAT_VERSION:
        raise ModelFileError(path, f"it has format version {version}, written by a newer nnbook "
                                   f"({config.get('nnbook_version', '?')}); this nnbook "
                                   f"({_package_version()}) reads versions up to {FORMAT_VERSION}. Upgrade nnbook.")


def _field(path, mapping, key, kinds, where):
    if not isinstance(mapping, dict) or key not in mapping:
        raise ModelFileError(path, f"{where} is missing the entry {key!r}.")
    value = mapping[key]
    if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in _as_tuple(kinds)):
        raise ModelFileError(path, f"{where}[{key!r}] is {value!r}; expected {_kind_names(kinds)}.")
    return value


def _as_tuple(kinds):
    return kinds if isinstance(kinds, tuple) else (kinds,)


def _kind_names(kinds):
    return " or ".join("null" if k is type(None) else k.__name__ for k in _as_tuple(kinds))


def _decode(path, value, where: str, tables):
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, list):
        return [_decode(path, v, f"{where}[{i}]", tables) for i, v in enumerate(value)]
    if isinstance(value, dict):
        return _decode_object(path, value, where, tables)
    raise ModelFileError(path, f"{where} holds {value!r}, which is not a valid config value.")


def _decode_object(path, spec, where: str, tables, kind: str | None = None):
    """Rebuild an object from ``{"kind", "class_name", "config"}`` through the tables only."""
    if not isinstance(spec, dict) or set(spec) != {"kind", "class_name", "config"}:
        raise ModelFileError(path, f"{where} expected an object entry with keys kind, class_name and config; "
                                   f"received {spec!r:.200}.")
    found_kind, name, config = spec["kind"], spec["class_name"], spec["config"]
    if kind is not None and found_kind != kind:
        raise ModelFileError(path, f"{where} expected a {kind}; the file names a {found_kind!r}.")
    if not isinstance(found_kind, str) or found_kind not in tables:
        raise ModelFileError(path, f"{where} has unknown kind {found_kind!r}; expected one of {sorted(tables)}.")
    table = tables[found_kind]
    if not isinstance(name, str) or name not in table:
        raise ModelFileError(path, f"{where} names the unknown {found_kind} {name!r}; this nnbook knows "
                                   f"{sorted(table)}. Was the file written by a newer nnbook, or edited?")
    if not isinstance(config, dict) or not all(isinstance(k, str) and k.isidentifier() for k in config):
        raise ModelFileError(path, f"{where} ({name}) has an invalid config {config!r:.200}.")
    kwargs = {k: _decode(path, v, f"{where}.{k}", tables) for k, v in config.items()}
    try:
        return table[name].from_config(kwargs) if hasattr(table[name], "from_config") else table[name](**kwargs)
    except (TypeError, ValueError) as exc:
        raise ModelFileError(path, f"{where} ({name}) cannot be rebuilt from its config {config}: {exc}") from exc


def _take_array(path, arrays, manifest, member, expected_shape, dtype, used):
    if member not in arrays:
        raise ModelFileError(path, f"the array {member!r} is missing.")
    a = arrays[member]
    info = manifest.get(member)
    if not isinstance(info, dict) or info.get("shape") != list(a.shape) or info.get("dtype") != a.dtype.name:
        raise ModelFileError(path, f"the array {member!r} (shape {a.shape}, dtype {a.dtype.name}) does not match "
                                   f"the file's list of arrays ({info!r}).")
    if tuple(a.shape) != tuple(expected_shape):
        raise ModelFileError(path, f"the array {member!r} has shape {a.shape}; the model described in the file "
                                   f"expects {tuple(expected_shape)}.")
    if a.dtype != dtype:
        raise ModelFileError(path, f"the array {member!r} has dtype {a.dtype.name}; the model's dtype is "
                                   f"{np.dtype(dtype).name}.")
    used.add(member)
    return np.array(a, dtype=dtype, copy=True)  # writable, owned by the model


def load_model(path) -> Sequential:
    """Read a model written by :meth:`Sequential.save <nnbook.model.Sequential.save>`.

    Returns a model with the same layers, weights, compile settings, optimizer state
    and random-generator state, so that ``fit`` continues exactly where it stopped.
    Raises :class:`ModelFileError` for a file that is not a valid nnbook model file.

    >>> import os, tempfile, nnbook as nb
    >>> path = os.path.join(tempfile.mkdtemp(), "not-a-model.npz")
    >>> with open(path, "wb") as f:
    ...     _ = f.write(b"hello")
    >>> nb.load_model(path)
    Traceback (most recent call last):
    ...
    nnbook.saving.ModelFileError: Cannot load the model file '...not-a-model.npz': it is not an nnbook model file ...
    """
    config, arrays = _read(path)
    path = os.fspath(path)
    _check_header(path, config)
    tables = _tables()
    spec = _field(path, config, "model", dict, "config.json")
    manifest = _field(path, config, "arrays", dict, "config.json")
    if _field(path, spec, "class_name", str, "model") != "Sequential":
        raise ModelFileError(path, f"model class {spec['class_name']!r} is unknown; expected 'Sequential'.")
    layer_specs = _field(path, spec, "layers", list, "model")
    seed = _field(path, spec, "seed", (int, type(None)), "model")
    dtype = _field(path, spec, "dtype", str, "model")
    name = _field(path, spec, "name", (str, type(None)), "model")
    n_features = _field(path, spec, "n_features", (int, type(None)), "model")
    built_layers = [_decode_object(path, s, f"layer {i}", tables, kind="layer") for i, s in enumerate(layer_specs)]
    try:
        model = Sequential(built_layers, seed=seed, dtype=dtype, name=name)
        if n_features is not None:
            model.build(n_features)
    except (TypeError, ValueError, OverflowError, MemoryError) as exc:  # absurd sizes, e.g. units=10**12
        raise ModelFileError(path, f"the model it describes cannot be built: {type(exc).__name__}: {exc}") from exc
    if model.n_features != n_features:
        raise ModelFileError(path, f"the first layer's input_shape gives {model.n_features} input features but the "
                                   f"file records {n_features}.")
    used: set[str] = set()
    for i, layer in enumerate(model.layers):
        for attr in layer.state_arrays:
            current = getattr(layer, attr, None)
            member = f"layers/{i}/{attr}"
            if current is None:
                if member in arrays:
                    raise ModelFileError(path, f"it holds the array {member!r}, which layer {i} "
                                               f"({type(layer).__name__}) does not have.")
                continue
            current[...] = _take_array(path, arrays, manifest, member, current.shape, model.dtype, used)

    compile_spec = _field(path, config, "compile", (dict, type(None)), "config.json")
    if compile_spec is not None:
        where = "compile"
        optimizer = _decode_object(path, _field(path, compile_spec, "optimizer", dict, where), "optimizer",
                                   tables, kind="optimizer")
        loss = _decode_object(path, _field(path, compile_spec, "loss", dict, where), "loss", tables, kind="loss")
        metrics = _field(path, compile_spec, "metrics", list, where)
        iterations = _field(path, compile_spec, "optimizer_iterations", int, where)
        refs = _field(path, compile_spec, "optimizer_state", list, where)
        try:
            model.compile(optimizer=optimizer, loss=loss, metrics=metrics)
        except (TypeError, ValueError) as exc:
            raise ModelFileError(path, f"its compile settings are invalid: {exc}") from exc
        if iterations < 0:
            raise ModelFileError(path, f"the optimizer step count is {iterations}; expected a count >= 0.")
        params = model._params() if model.built else []
        state: dict[int, dict[str, np.ndarray]] = {}
        for ref in refs:
            if (not isinstance(ref, list) or len(ref) != 3 or isinstance(ref[0], bool) or not isinstance(ref[0], int)
                    or not isinstance(ref[1], str) or not isinstance(ref[2], str)):
                raise ModelFileError(path, f"an optimizer state entry is {ref!r:.200}; expected "
                                           "[parameter, key, array].")
            p, key, member = ref
            if not 0 <= p < len(params):
                raise ModelFileError(path, f"optimizer state refers to parameter {p}; the model has {len(params)}.")
            if key in state.get(p, {}):
                raise ModelFileError(path, f"optimizer state {key!r} of parameter {p} appears twice.")
            state.setdefault(p, {})[key] = _take_array(path, arrays, manifest, member, params[p].shape,
                                                       model.dtype, used)
        model.optimizer.state = state
        model.optimizer.iterations = iterations
    extra = sorted(set(arrays) - used)
    if extra:
        raise ModelFileError(path, f"it holds arrays the model does not use: {extra[:5]}.")
    if set(manifest) != used:
        unheld = sorted(set(manifest) - used)[:5]
        raise ModelFileError(path, f"its list of arrays names arrays it does not hold: {unheld}.")
    _restore_rng(path, model, config.get("rng_state"))
    return model


def _restore_rng(path, model, state) -> None:
    if not isinstance(state, dict) or state.get("bit_generator") != "PCG64":
        raise ModelFileError(path, f"its rng_state {state!r:.200} is not a PCG64 generator state.")
    try:
        model.rng.bit_generator.state = state
    except (TypeError, ValueError, KeyError, OverflowError) as exc:
        raise ModelFileError(path, f"its rng_state is invalid ({type(exc).__name__}: {exc}).") from exc
