"""model.save / nnbook.load_model: exact round trips, resumed training, and bad files."""
import doctest
import io
import json
import os
import pickle
import zipfile

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import nnbook as nb
from nnbook import activations, initializers, layers, losses, optimizers, regularizers, saving, schedules
from nnbook.saving import ModelFileError

TABLES = {"activation": activations.ACTIVATIONS, "initializer": initializers.INITIALIZERS,
          "regularizer": regularizers.REGULARIZERS, "optimizer": optimizers.OPTIMIZERS, "loss": losses.LOSSES,
          "layer": layers.LAYERS, "schedule": schedules.SCHEDULES}

# objects with settings other than the defaults, so that a lost setting shows
NON_DEFAULT = [nb.LeakyReLU(0.2), nb.Constant(0.25), nb.L1(0.03), nb.L2(0.004), nb.L1L2(0.01, 0.02),
               nb.SGD(0.05, momentum=0.8, nesterov=True), nb.RMSprop(0.002, rho=0.8, epsilon=1e-6),
               nb.Adam(0.003, beta_1=0.8, beta_2=0.99, epsilon=1e-6), nb.Dropout(0.4, name="drop"),
               nb.Dense(3, activation="tanh", kernel_initializer="he_normal", bias_initializer="ones",
                        kernel_regularizer=nb.L1(0.1), use_bias=False, input_shape=(5,), name="hidden"),
               # nnbook 0.2
               nb.GELU(approximate=True), nb.ELU(0.4),
               nb.BatchNormalization(momentum=0.8, epsilon=0.01, center=False, scale=False,
                                     beta_initializer="ones", gamma_initializer=nb.Constant(2.0),
                                     moving_mean_initializer="ones", moving_variance_initializer=nb.Constant(3.0),
                                     input_shape=(4,), name="bn"),
               nb.losses.BinaryCrossentropy(from_logits=True), nb.losses.CategoricalCrossentropy(from_logits=True),
               nb.losses.SparseCategoricalCrossentropy(from_logits=True),
               nb.AdamW(0.002, weight_decay=0.1, beta_1=0.8, beta_2=0.99, epsilon=1e-6, clipnorm=2.0),
               nb.SGD(0.1, momentum=0.5, weight_decay=0.01, clipvalue=0.5),
               nb.RMSprop(0.01, global_clipnorm=3.0, weight_decay=0.0),
               nb.Adagrad(0.05, initial_accumulator_value=0.0, epsilon=1e-5, clipnorm=1.5, weight_decay=0.01),
               nb.Adam(schedules.CosineDecay(0.0, 30, 0.1, warmup_target=0.01, warmup_steps=5)),
               schedules.ExponentialDecay(0.1, 7, 0.8, staircase=True),
               schedules.PiecewiseConstantDecay([3, 9.5], [0.3, 0.2, 0.1]),
               schedules.CosineDecay(0.01, 40, alpha=0.2, warmup_target=0.05, warmup_steps=8)]


def every_registered_class():
    return sorted({(kind, cls) for kind, table in TABLES.items() for cls in table.values()},
                  key=lambda kc: (kc[0], kc[1].__name__))


SCHEDULE_ARGS = {schedules.ExponentialDecay: (0.1, 10, 0.5), schedules.PiecewiseConstantDecay: ([5], [0.1, 0.01]),
                 schedules.CosineDecay: (0.1, 20)}


def default_instance(cls):
    return cls(3) if cls is nb.Dense else cls(0.5) if cls is nb.Dropout else cls(*SCHEDULE_ARGS.get(cls, ()))


def json_config(obj):
    return saving._encode_object(obj, "object", saving._tables())


@pytest.mark.parametrize("kind, cls", every_registered_class(), ids=lambda v: getattr(v, "__name__", v))
def test_every_registered_class_rebuilds_from_its_config(kind, cls):
    obj = default_instance(cls)
    spec = json_config(obj)
    assert spec["kind"] == kind and spec["class_name"] == cls.__name__
    rebuilt = saving._decode_object("x", json.loads(json.dumps(spec)), "object", saving._tables())
    assert type(rebuilt) is cls and json_config(rebuilt) == spec


@pytest.mark.parametrize("obj", NON_DEFAULT, ids=repr)
def test_non_default_settings_survive_the_config(obj):
    spec = json_config(obj)
    rebuilt = saving._decode_object("x", json.loads(json.dumps(spec)), "object", saving._tables())
    assert json_config(rebuilt) == spec and repr(rebuilt) == repr(obj)
    assert type(obj).from_config(obj.get_config()).get_config() == obj.get_config()


# ------------------------------------------------------------------------------- round trips
def data(loss, n=48, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 4))
    if loss in ("mse", "mean_squared_error", "mae", "mean_absolute_error"):
        return X, X[:, :2] @ np.array([1.0, -2.0]) + 0.5
    if loss == "binary_crossentropy":
        return X, (X[:, 0] + X[:, 1] > 0).astype(int)
    y = np.digitize(X[:, 0], [-0.5, 0.5])
    return X, (nb.one_hot(y, 3) if loss == "categorical_crossentropy" else y)


def output_layer(loss):
    if loss == "binary_crossentropy":
        return nb.Dense(1, activation="sigmoid")
    if "categorical" in loss:
        return nb.Dense(3, activation="softmax")
    return nb.Dense(1)


def make_model(loss, optimizer, dtype="float64", seed=4):
    model = nb.Sequential([
        nb.Dense(6, activation=nb.LeakyReLU(0.1), kernel_initializer="he_uniform",
                 kernel_regularizer=nb.L1L2(0.001, 0.002), name="first"),
        nb.Dropout(0.25),
        nb.Dense(5, activation="tanh", kernel_initializer=nb.GlorotNormal(), bias_initializer=nb.Constant(0.1)),
        output_layer(loss)], seed=seed, dtype=dtype, name="net")
    metrics = ["accuracy"] if "crossentropy" in loss else ["mae"]
    model.compile(optimizer=optimizer, loss=loss, metrics=metrics)
    return model


def assert_same_model(a, b):
    ca, arrays_a = saving.model_config(a)
    cb, arrays_b = saving.model_config(b)
    assert ca == cb                                   # architecture, compile, rng state, array list
    assert arrays_a.keys() == arrays_b.keys()
    for name in arrays_a:
        assert arrays_a[name].dtype == arrays_b[name].dtype and np.array_equal(arrays_a[name], arrays_b[name]), name
    assert a.rng.bit_generator.state == b.rng.bit_generator.state
    if a.loss is not None:
        assert a.optimizer.iterations == b.optimizer.iterations
        assert [m for m, _ in a.metrics] == [m for m, _ in b.metrics]


OPTIMIZER_FACTORIES = {
    "sgd": lambda: nb.SGD(0.05), "momentum": lambda: nb.SGD(0.05, momentum=0.9, nesterov=True),
    "rmsprop": lambda: nb.RMSprop(0.01), "adam": lambda: nb.Adam(0.01),
    # nnbook 0.2: AdamW, the options every optimizer takes, schedules (a step count of 21 at the
    # save in the resume test below: each schedule changes its rate on both sides of it)
    "adamw": lambda: nb.AdamW(0.01, weight_decay=0.05),
    "adagrad": lambda: nb.Adagrad(0.05, initial_accumulator_value=0.2),
    "sgd_decay_clipvalue": lambda: nb.SGD(0.05, momentum=0.8, weight_decay=0.01, clipvalue=0.05),
    "adam_clipnorm": lambda: nb.Adam(0.01, clipnorm=0.1),
    "rmsprop_global_clipnorm": lambda: nb.RMSprop(0.01, global_clipnorm=0.1, weight_decay=0.02),
    "exponential_decay": lambda: nb.SGD(schedules.ExponentialDecay(0.1, 7, 0.7), momentum=0.9),
    "piecewise_constant": lambda: nb.Adam(schedules.PiecewiseConstantDecay([10, 25], [0.02, 0.01, 0.002])),
    "cosine_warmup": lambda: nb.AdamW(schedules.CosineDecay(0.0, 20, 0.1, warmup_target=0.02, warmup_steps=15),
                                      weight_decay=0.01, global_clipnorm=1.0),
}
ALL_LOSSES = sorted({cls().name for cls in losses.LOSSES.values()})


@pytest.mark.parametrize("loss", ALL_LOSSES)
@pytest.mark.parametrize("opt", sorted(OPTIMIZER_FACTORIES))
def test_round_trip_after_training_is_exact(tmp_path, loss, opt):
    X, y = data(loss)
    model = make_model(loss, OPTIMIZER_FACTORIES[opt]())
    model.fit(X, y, epochs=2, batch_size=16, verbose=0)
    path = tmp_path / "model.npz"
    model.save(path)
    loaded = nb.load_model(path)
    assert_same_model(model, loaded)
    assert repr(loaded) == repr(model) and loaded.name == "net"
    assert np.array_equal(loaded.predict(X), model.predict(X))
    assert loaded.evaluate(X, y) == model.evaluate(X, y)
    state = {p: slots for p, slots in model.optimizer.state.items() if slots}  # plain SGD keeps empty dicts
    assert {p for p, slots in loaded.optimizer.state.items() if slots} == state.keys()
    for p in state:
        for key in state[p]:
            assert np.array_equal(loaded.optimizer.state[p][key], state[p][key])


@pytest.mark.parametrize("kind", ["activation", "initializer", "regularizer"])
def test_every_layer_setting_round_trips(tmp_path, kind):
    for cls in sorted(set(TABLES[kind].values()), key=lambda c: c.__name__):
        setting = {"activation": "activation", "initializer": "kernel_initializer",
                   "regularizer": "kernel_regularizer"}[kind]
        model = nb.Sequential([nb.Dense(3, input_shape=(2,), **{setting: cls()}), nb.Dense(2)], seed=1)
        model.save(tmp_path / "m.npz")
        loaded = nb.load_model(tmp_path / "m.npz")
        assert_same_model(model, loaded)
        assert type(getattr(loaded.layers[0], setting)) is cls


def test_unbuilt_and_uncompiled_models_round_trip(tmp_path):
    model = nb.Sequential([nb.Dense(4, activation="relu"), nb.Dense(1)], seed=None)
    model.save(tmp_path / "a.npz")
    loaded = nb.load_model(tmp_path / "a.npz")
    assert not loaded.built and loaded.loss is None and loaded.seed is None
    assert_same_model(model, loaded)
    model.build(3)
    model.save(tmp_path / "b.npz")
    loaded = nb.load_model(tmp_path / "b.npz")
    assert loaded.built and np.array_equal(loaded.predict(np.ones((2, 3))), model.predict(np.ones((2, 3))))
    model.compile("adam", "mse")  # compiled, not yet trained: no optimizer state
    model.save(tmp_path / "c.npz")
    assert_same_model(model, nb.load_model(tmp_path / "c.npz"))


@pytest.mark.parametrize("opt", sorted(OPTIMIZER_FACTORIES))
@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_resumed_training_equals_uninterrupted_training_bit_for_bit(tmp_path, opt, dtype):
    loss = "sparse_categorical_crossentropy"
    X, y = data(loss, n=50)
    straight = make_model(loss, OPTIMIZER_FACTORIES[opt](), dtype=dtype)
    h5 = straight.fit(X, y, epochs=5, batch_size=8, verbose=0)  # 50/8: a short last batch too
    first = make_model(loss, OPTIMIZER_FACTORIES[opt](), dtype=dtype)
    h3 = first.fit(X, y, epochs=3, batch_size=8, verbose=0)
    first.save(tmp_path / "half.npz")
    resumed = nb.load_model(tmp_path / "half.npz")
    h2 = resumed.fit(X, y, epochs=2, batch_size=8, verbose=0)
    for a, b in zip(straight.get_weights(), resumed.get_weights()):
        assert a.dtype == b.dtype == np.dtype(dtype) and np.array_equal(a, b)
    assert h3.history["loss"] + h2.history["loss"] == h5.history["loss"]  # same batches, same dropout masks
    assert resumed.optimizer.iterations == straight.optimizer.iterations
    assert resumed.optimizer.learning_rate == straight.optimizer.learning_rate  # a schedule carries on
    assert resumed.rng.bit_generator.state == straight.rng.bit_generator.state


def test_the_schedules_of_the_resume_test_change_on_both_sides_of_the_save():
    """The resumed-training test saves after 21 updates and stops after 35: each schedule
    there must give different rates before and after the save, or a schedule restarted from
    step 0 could pass it."""
    for name in ("exponential_decay", "piecewise_constant", "cosine_warmup"):
        schedule = OPTIMIZER_FACTORIES[name]()._schedule
        before, after = schedule(np.arange(0, 21)), schedule(np.arange(21, 35))
        assert np.ptp(before) > 0 and np.ptp(after) > 0 and not np.isin(after, before).all(), name


def assert_resumes_bit_for_bit(tmp_path, build, X, y, epochs=(3, 2), batch_size=8):
    """Train ``build()`` sum(epochs) epochs straight, and in two runs with a save and load between."""
    straight = build()
    h_all = straight.fit(X, y, epochs=sum(epochs), batch_size=batch_size, verbose=0)
    first = build()
    h_first = first.fit(X, y, epochs=epochs[0], batch_size=batch_size, verbose=0)
    first.save(tmp_path / "half.npz")
    resumed = nb.load_model(tmp_path / "half.npz")
    assert_same_model(first, resumed)
    h_rest = resumed.fit(X, y, epochs=epochs[1], batch_size=batch_size, verbose=0)
    assert h_first.history["loss"] + h_rest.history["loss"] == h_all.history["loss"]
    assert_same_model(straight, resumed)  # every array: weights, moving statistics, optimizer moments
    return resumed


# every activation of the table (swish is silu), and the settings of the parametrized ones
EVERY_ACTIVATION = sorted(activations.ACTIVATIONS) + [nb.GELU(approximate=True), nb.GELU(approximate=False),
                                                      nb.ELU(0.3), nb.LeakyReLU(0.3)]
BN_SETTINGS = [{}, {"center": False}, {"scale": False}, {"center": False, "scale": False, "momentum": 0.5},
               {"momentum": 0.9, "epsilon": 0.1}]


@pytest.mark.parametrize("activation", EVERY_ACTIVATION, ids=repr)
def test_every_activation_and_batch_normalization_resume_bit_for_bit(tmp_path, activation):
    settings = BN_SETTINGS[EVERY_ACTIVATION.index(activation) % len(BN_SETTINGS)]
    X, y = data("sparse_categorical_crossentropy", n=50)

    def build():
        model = nb.Sequential([nb.Dense(6, activation=activation), nb.BatchNormalization(**settings),
                               nb.Dense(5, activation=activation), nb.Dense(3, activation="softmax")], seed=2)
        model.compile(nb.Adam(0.01), "sparse_categorical_crossentropy", metrics=["accuracy"])
        return model
    resumed = assert_resumes_bit_for_bit(tmp_path, build, X, y)
    bn = resumed.layers[1]
    assert (bn.momentum, bn.epsilon, bn.center, bn.scale) == (settings.get("momentum", 0.99),
                                                              settings.get("epsilon", 1e-3),
                                                              settings.get("center", True),
                                                              settings.get("scale", True))
    assert repr(resumed.layers[0].activation) == repr(activations.get(activation))
    assert not np.array_equal(bn.moving_mean, np.zeros(6))  # the statistics were trained and restored


def test_batch_normalization_saves_its_four_arrays_and_only_those_it_has(tmp_path):
    for center, scale, expected in [(True, True, {"gamma", "beta", "moving_mean", "moving_variance"}),
                                    (False, True, {"gamma", "moving_mean", "moving_variance"}),
                                    (True, False, {"beta", "moving_mean", "moving_variance"}),
                                    (False, False, {"moving_mean", "moving_variance"})]:
        model = nb.Sequential([nb.Dense(3, input_shape=(2,)), nb.BatchNormalization(center=center, scale=scale)],
                              seed=0)
        model.compile(nb.SGD(0.1), "mse")
        model.fit(np.arange(12.0).reshape(6, 2), np.ones((6, 3)), epochs=1, batch_size=3, verbose=0)
        model.save(tmp_path / "m.npz")
        with np.load(tmp_path / "m.npz", allow_pickle=False) as npz:
            assert {name.split("/")[-1] for name in npz.files if name.startswith("layers/1/")} == expected
        loaded = nb.load_model(tmp_path / "m.npz")
        assert_same_model(model, loaded)
        assert [w.shape for w in loaded.layers[1].weights] == [(3,)] * len(expected)


def test_tampered_batch_normalization_entries_are_refused(tmp_path):
    model = nb.Sequential([nb.Dense(3, input_shape=(2,)), nb.BatchNormalization()], seed=0)
    path = tmp_path / "m.npz"
    model.save(path)
    rewrite(path, lambda c: c["model"]["layers"][1]["config"].update(center=False))
    expect_error(path, "holds the array 'layers/1/beta', which layer 1 \\(BatchNormalization\\) does not have")
    model.save(path)
    rewrite(path, lambda c: c["model"]["layers"][1]["config"].update(momentum=1.5))
    expect_error(path, "layer 1 \\(BatchNormalization\\) cannot be rebuilt.*momentum")
    model.save(path)
    rewrite(path, edit_members=lambda m: m.pop("layers/1/moving_variance.npy"))
    expect_error(path, "the array 'layers/1/moving_variance' is missing")


@pytest.mark.parametrize("loss_class", [nb.losses.BinaryCrossentropy, nb.losses.CategoricalCrossentropy,
                                        nb.losses.SparseCategoricalCrossentropy], ids=lambda c: c.__name__)
def test_losses_from_logits_resume_bit_for_bit(tmp_path, loss_class):
    name = {"BinaryCrossentropy": "binary_crossentropy", "CategoricalCrossentropy": "categorical_crossentropy",
            "SparseCategoricalCrossentropy": "sparse_categorical_crossentropy"}[loss_class.__name__]
    X, y = data(name, n=50)

    def build():
        model = nb.Sequential([nb.Dense(5, activation="gelu"), nb.Dense(1 if "binary" in name else 3)], seed=3)
        model.compile(nb.AdamW(0.01), loss_class(from_logits=True), metrics=["accuracy"])
        return model
    resumed = assert_resumes_bit_for_bit(tmp_path, build, X, y)
    assert type(resumed.loss) is loss_class and resumed.loss.from_logits is True


def test_unknown_or_misplaced_schedule_in_the_file(tmp_path):
    model = make_model("mse", nb.SGD(schedules.ExponentialDecay(0.1, 5, 0.5)))
    model.fit(*data("mse"), epochs=1, verbose=0)
    path = tmp_path / "m.npz"
    model.save(path)
    with zipfile.ZipFile(path) as zf:
        config = json.loads(zf.read("config.json"))
    assert config["compile"]["optimizer"]["config"]["learning_rate"] == {
        "kind": "schedule", "class_name": "ExponentialDecay",
        "config": {"initial_learning_rate": 0.1, "decay_steps": 5.0, "decay_rate": 0.5, "staircase": False}}
    rewrite(path, lambda c: c["compile"]["optimizer"]["config"]["learning_rate"].update(class_name="Exec"))
    expect_error(path, "optimizer.learning_rate names the unknown schedule 'Exec'.*knows \\['CosineDecay'")
    model.save(path)
    rewrite(path, lambda c: c["compile"]["optimizer"]["config"].update(learning_rate=c["model"]["layers"][1]))
    expect_error(path, "optimizer \\(SGD\\) cannot be rebuilt.*learning_rate")


def test_load_model_never_unpickles(tmp_path, monkeypatch):
    model = make_model("mse", nb.Adam())
    model.fit(*data("mse"), epochs=1, verbose=0)
    model.save(tmp_path / "m.npz")

    def forbidden(*args, **kwargs):
        raise AssertionError("load_model called pickle")
    monkeypatch.setattr(pickle, "loads", forbidden)
    monkeypatch.setattr(pickle, "load", forbidden)
    monkeypatch.setattr(pickle, "Unpickler", forbidden)
    assert_same_model(model, nb.load_model(tmp_path / "m.npz"))


def test_the_file_is_a_zip_with_readable_json_and_an_npz(tmp_path):
    model = make_model("binary_crossentropy", "adam")
    model.fit(*data("binary_crossentropy"), epochs=1, verbose=0)
    model.save(tmp_path / "m.npz")
    with zipfile.ZipFile(tmp_path / "m.npz") as zf:
        config = json.loads(zf.read("config.json"))
        assert all(info.compress_type == zipfile.ZIP_STORED for info in zf.infolist())
    assert config["format"] == "nnbook-model" and config["format_version"] == 1
    assert config["compile"]["optimizer"]["class_name"] == "Adam"
    with np.load(tmp_path / "m.npz", allow_pickle=False) as npz:
        assert np.array_equal(npz["layers/0/W"], model.layers[0].W)
        assert set(npz.files) - {"config.json"} == set(config["arrays"])


# ------------------------------------------------------------------------------- bad files
@pytest.fixture
def saved(tmp_path):
    model = make_model("sparse_categorical_crossentropy", nb.Adam(0.01))
    model.fit(*data("sparse_categorical_crossentropy"), epochs=1, batch_size=16, verbose=0)
    path = tmp_path / "model.npz"
    model.save(path)
    return model, path


def rewrite(path, edit_config=None, edit_members=None):
    """Rewrite the zip with an edited config and/or members (valid CRCs: a deliberate tampering)."""
    with zipfile.ZipFile(path) as zf:
        members = {name: zf.read(name) for name in zf.namelist()}
    config = json.loads(members["config.json"])
    if edit_config:
        edit_config(config)
    members["config.json"] = json.dumps(config).encode()
    if edit_members:
        edit_members(members)
    with zipfile.ZipFile(path, "w") as zf:
        for name, blob in members.items():
            zf.writestr(name, blob)


def npy(a, allow_pickle=False):
    buffer = io.BytesIO()
    np.lib.format.write_array(buffer, a, allow_pickle=allow_pickle)
    return buffer.getvalue()


def expect_error(path, match):
    with pytest.raises(ModelFileError, match=match) as info:
        nb.load_model(path)
    assert info.value.path == os.fspath(path) and os.fspath(path) in str(info.value)
    return info.value


def test_not_a_model_file(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("hello")
    expect_error(path, "not an nnbook model file")
    np.savez(tmp_path / "plain.npz", a=np.ones(3))
    expect_error(tmp_path / "plain.npz", "no config.json")
    with pytest.raises(FileNotFoundError, match="does not exist"):
        nb.load_model(tmp_path / "missing.npz")


@pytest.mark.parametrize("fraction", [0.0, 0.01, 0.3, 0.6, 0.99])
def test_truncated_file(saved, fraction):
    _, path = saved
    blob = path.read_bytes()
    path.write_bytes(blob[:max(int(len(blob) * fraction), 1)])
    expect_error(path, "not an nnbook model file|truncated or corrupted")


def test_corrupted_array_bytes_fail_the_checksum(saved):
    _, path = saved
    blob = bytearray(path.read_bytes())
    start = blob.index(b"\x93NUMPY") + 200  # inside the first array's data
    blob[start] ^= 0x10
    path.write_bytes(bytes(blob))
    expect_error(path, "truncated or corrupted.*CRC")


def set_array(name, a):
    """Replace array ``name`` and its entry in the file's list of arrays, consistently."""
    def edit_config(c):
        c["arrays"][name] = {"shape": list(a.shape), "dtype": a.dtype.name}
    return edit_config, lambda m: m.update({name + ".npy": npy(a)})


TAMPERINGS = {  # name: (edit of config.json, edit of the members, expected message)
    "future version": (lambda c: c.update(format_version=2), None,
                       "format version 2.*reads versions up to 1.*Upgrade"),
    "other format": (lambda c: c.update(format="keras"), None, "does not declare format 'nnbook-model'"),
    "unknown layer": (lambda c: c["model"]["layers"][0].update(class_name="os.system"), None,
                      "layer 0 names the unknown layer 'os.system'.*knows \\['BatchNormalization', 'Dense', 'Dropout'\\]"),
    "unknown activation": (lambda c: c["model"]["layers"][0]["config"]["activation"].update(class_name="Eval"),
                           None, "unknown activation 'Eval'"),
    "layer as optimizer": (lambda c: c["compile"].update(optimizer=c["model"]["layers"][1]), None,
                           "optimizer expected a optimizer; the file names a 'layer'"),
    "invalid setting": (lambda c: c["model"]["layers"][1]["config"].update(rate=1.5), None,
                        "layer 1 \\(Dropout\\) cannot be rebuilt.*Dropout rate expected a number in \\[0, 1\\)"),
    "unexpected argument": (lambda c: c["model"]["layers"][0]["config"].update(__class__="x"), None,
                            "invalid config|cannot be rebuilt"),
    "units edited": (lambda c: c["model"]["layers"][0]["config"].update(units=7), None, "does not match|expects"),
    "missing array": (None, lambda m: m.pop("layers/2/W.npy"), "the array 'layers/2/W' is missing"),
    "extra array": (None, lambda m: m.update({"layers/0/extra.npy": npy(np.ones(2))}),
                    "arrays the model does not use: \\['layers/0/extra'\\]"),
    "wrong shape": (*set_array("layers/0/W", np.zeros((4, 7))),
                    "'layers/0/W' has shape \\(4, 7\\); the model described in the file expects \\(4, 6\\)"),
    "array not as listed": (None, lambda m: m.update({"layers/0/b.npy": npy(np.zeros(9))}),
                            "'layers/0/b' \\(shape \\(9,\\).*does not match the file's list"),
    "wrong dtype": (*set_array("layers/0/b", np.zeros(6, dtype=np.float32)),
                    "'layers/0/b' has dtype float32; the model's dtype is float64"),
    "state of a missing parameter": (lambda c: c["compile"]["optimizer_state"][0].__setitem__(0, 99), None,
                                     "parameter 99; the model has 6"),
    "other generator": (lambda c: c["rng_state"].update(bit_generator="MT19937"), None, "rng_state"),
    "bad generator state": (lambda c: c["rng_state"].update(state="zero"), None, "rng_state is invalid"),
    "no compile entry": (lambda c: c.pop("compile"), None, "config.json is missing the entry 'compile'"),
    "no layers entry": (lambda c: c["model"].pop("layers"), None, "model is missing the entry 'layers'"),
    "no layers": (lambda c: c["model"].update(layers=[]), None, "expected at least one layer|cannot be built"),
    "step count not a number": (lambda c: c["compile"].update(optimizer_iterations="3"), None,
                                "optimizer_iterations'\\] is '3'; expected int"),
    "array replaced by text": (None, lambda m: m.update({"layers/0/W.npy": b"plain text"}),
                               "members \\['layers/0/W'\\] are not .npy arrays"),
    # 2**60 units: more bytes than numpy can address, refused before any allocation
    "absurd size": (lambda c: c["model"]["layers"][2]["config"].update(units=2**60), None,
                    "cannot be built: ValueError: array is too big"),
    "not json": (None, lambda m: m.update({"config.json": b"{not json"}), "truncated or corrupted.*JSONDecodeError"),
}


@pytest.mark.parametrize("case", sorted(TAMPERINGS))
def test_tampered_file(saved, case):
    edit_config, edit_members, match = TAMPERINGS[case]
    _, path = saved
    rewrite(path, edit_config, edit_members)
    expect_error(path, match)


CALLED = []


def _record_call():
    CALLED.append(True)
    return 0


class Payload:
    def __reduce__(self):
        return (_record_call, ())


def test_pickled_object_array_is_refused_without_unpickling(saved):
    _, path = saved
    evil = np.array([Payload()], dtype=object)
    rewrite(path, edit_members=lambda m: m.update({"layers/0/b.npy": npy(evil, allow_pickle=True)}))
    expect_error(path, "truncated or corrupted.*allow_pickle")
    assert CALLED == []


# property: a flipped bit anywhere gives ModelFileError or the very same model
@pytest.fixture(scope="module")
def saved_blob(tmp_path_factory):
    model = nb.Sequential([nb.Dense(3, activation="relu", input_shape=(2,)), nb.Dropout(0.2),
                           nb.Dense(2, activation="softmax")], seed=7)
    model.compile(nb.SGD(0.1, momentum=0.9), "sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(np.random.default_rng(0).normal(size=(20, 2)), np.arange(20) % 2, epochs=1, batch_size=5, verbose=0)
    path = tmp_path_factory.mktemp("flip") / "model.npz"
    model.save(path)
    return model, path.read_bytes()


def check_flipped(model, blob, position, bit, path):
    flipped = bytearray(blob)
    flipped[position] ^= 1 << bit
    path.write_bytes(bytes(flipped))
    try:
        loaded = nb.load_model(path)
    except ModelFileError:
        return "error"
    assert_same_model(model, loaded)  # the flip hit bytes nothing depends on (a timestamp, ...)
    return "same"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_random_bit_flip_raises_model_file_error_or_loads_the_same_model(saved_blob, tmp_path, data):
    model, blob = saved_blob
    position = data.draw(st.integers(0, len(blob) - 1))
    bit = data.draw(st.integers(0, 7))
    check_flipped(model, blob, position, bit, tmp_path / "flipped.npz")


def structure_positions(blob):
    """Every byte of the zip's own structure, which no CRC protects, for the first two
    members (config.json and an array; the others repeat the same layout): their local
    headers and central-directory entries, plus the end record and every 97th byte."""
    def u16(at):
        return int.from_bytes(blob[at:at + 2], "little")
    with zipfile.ZipFile(io.BytesIO(blob)) as zf:
        infos, entry = zf.infolist()[:2], zf.start_dir
    positions = set(range(len(blob) - 22, len(blob))) | set(range(0, len(blob), 97))
    for info in infos:
        start = info.header_offset  # local header: 30 fixed bytes, the name, the extra field
        positions.update(range(start, start + 30 + u16(start + 26) + u16(start + 28)))
        size = 46 + u16(entry + 28) + u16(entry + 30) + u16(entry + 32)  # central-directory entry
        positions.update(range(entry, entry + size))
        entry += size
    return sorted(positions)


def test_every_structural_byte_flipped(saved_blob, tmp_path):
    model, blob = saved_blob
    positions = structure_positions(blob)
    outcomes = [check_flipped(model, blob, i, (7 * i) % 8, tmp_path / "flipped.npz") for i in positions]
    assert "error" in outcomes and "same" in outcomes  # e.g. a flipped timestamp changes nothing


# ------------------------------------------------------------------------------- saving errors
def test_saving_an_unregistered_class_is_refused(tmp_path):
    class Cube(nb.activations.Activation):
        name = "cube"

        def forward(self, z):
            return z ** 3

        def derivative(self, z):
            return 3 * z ** 2
    model = nb.Sequential([nb.Dense(2, activation=Cube(), input_shape=(2,))])
    with pytest.raises(TypeError, match="layer 0.activation is Cube.*none of the tables.*ACTIVATIONS"):
        model.save(tmp_path / "m.npz")
    assert not os.listdir(tmp_path)  # nothing half-written left behind


def test_saving_a_layer_with_unlisted_arrays_is_refused(tmp_path):
    model = nb.Sequential([nb.Dense(2, input_shape=(2,))])
    model.layers[0].moving_mean = np.zeros(2)  # state the class does not declare in state_arrays
    with pytest.raises(TypeError, match="moving_mean.*state_arrays"):
        model.save(tmp_path / "m.npz")


def test_saving_to_a_directory_is_refused(tmp_path):
    with pytest.raises(IsADirectoryError, match="is a directory"):
        nb.Sequential([nb.Dense(1)]).save(tmp_path)


def test_docstring_examples_run():
    result = doctest.testmod(saving, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 8 and result.failed == 0
