"""Saving and loading: exact round trips, resumable optimizer state, a format with no pickle,
clear errors for bad files, and atomic writes."""

from __future__ import annotations

import json
import os

import numpy as np
import pytest

import ligero as lg
from ligero import layers, optimizers, regularizers
from ligero.errors import ConfigError, DataFileError, UnsafeFileError
from ligero.models import saving

XNOR_X = np.array([[-1, -1], [-1, 1], [1, -1], [1, 1]], np.float32)
XNOR_Y = np.array([[1], [-1], [-1], [1]], np.float32)


def data(n: int = 40, features: int = 5, classes: int = 3, seed: int = 0):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((n, features)).astype(np.float32), rng.integers(0, classes, n)


def sequential(seed: int = 0, optimizer=None, dtype: str = "float32", dropout: bool = True):
    lg.set_seed(seed)
    model = lg.Sequential([
        layers.Dense(8, activation="tanh", input_dim=5, kernel_regularizer=regularizers.L2(0.01), dtype=dtype),
        *([layers.Dropout(0.2, seed=3)] if dropout else []),
        layers.Dense(3, activation="softmax", dtype=dtype),
    ], name="seq")
    model.compile(optimizer=optimizer or optimizers.SGD(lr=0.1, momentum=0.9),
                  loss="categorical_crossentropy", metrics=["accuracy"])
    return model


def xnor_b(seed: int = 0):
    lg.set_seed(seed)
    x = lg.Input(2)
    h = layers.Dense(1, activation="tanh", kernel_regularizer=regularizers.L2(0.01))(x)
    y = layers.Dense(1, activation="tanh", kernel_regularizer=regularizers.L2(0.01))(
        layers.Concatenate()([x, h]))
    model = lg.Model(x, y, name="xnor_b")
    model.compile(optimizer=optimizers.SGD(lr=0.5), loss="mse", metrics=["accuracy"])
    return model


def entries(path) -> dict[str, np.ndarray]:
    with np.load(path, allow_pickle=False) as archive:
        return {key: archive[key] for key in archive.files}


def rewrite(path, arrays: dict[str, np.ndarray]) -> None:
    with open(path, "wb") as handle:
        np.savez(handle, **arrays)


def json_entry(obj) -> np.ndarray:
    return np.frombuffer(json.dumps(obj).encode(), dtype=np.uint8)


# ------------------------------------------------------------- round trips
def test_sequential_round_trip_is_exact(tmp_path):
    x, y = data()
    model = sequential()
    model.fit(x, y, batch_size=8, epochs=2, verbose=0)
    path = tmp_path / "seq.ligero"
    model.save(path)
    loaded = lg.load_model(path)
    assert type(loaded) is lg.Sequential and loaded.name == "seq"
    assert [type(layer).__name__ for layer in loaded.layers] == ["Dense", "Dropout", "Dense"]
    np.testing.assert_array_equal(loaded.predict(x), model.predict(x))
    assert loaded.get_config() == model.get_config()
    assert loaded.evaluate(x, y) == model.evaluate(x, y)
    assert loaded.layers[0].kernel_regularizer.l2 == 0.01  # the penalty is part of the architecture


def test_functional_xnor_round_trip_is_exact(tmp_path):
    model = xnor_b()
    model.fit(XNOR_X, XNOR_Y, batch_size=4, epochs=20, verbose=0)
    path = tmp_path / "xnor.ligero"
    model.save(path)
    loaded = lg.load_model(path)
    assert type(loaded) is lg.Model
    assert [type(layer).__name__ for layer in loaded.layers] == ["InputLayer", "Dense", "Concatenate", "Dense"]
    np.testing.assert_array_equal(loaded.predict(XNOR_X), model.predict(XNOR_X))
    assert loaded.evaluate(XNOR_X, XNOR_Y) == model.evaluate(XNOR_X, XNOR_Y)


def test_float64_model_round_trip_keeps_its_dtype(tmp_path):
    x, y = data()
    model = sequential(dtype="float64")
    model.fit(x, y, epochs=1, verbose=0)
    model.save(tmp_path / "f64.ligero")
    loaded = lg.load_model(tmp_path / "f64.ligero")
    assert all(p.dtype == np.float64 for p in loaded.parameters())
    np.testing.assert_array_equal(loaded.predict(x), model.predict(x))


def test_compiled_but_untrained_model_round_trips(tmp_path):
    x, y = data()
    model = sequential(optimizer=optimizers.Adam(lr=0.02))
    model.save(tmp_path / "new.ligero")
    loaded = lg.load_model(tmp_path / "new.ligero")
    assert isinstance(loaded.optimizer, optimizers.Adam) and loaded.optimizer.lr == 0.02
    np.testing.assert_array_equal(loaded.predict(x), model.predict(x))
    loaded.fit(x, y, epochs=1, verbose=0)


def test_load_without_compile_and_model_without_optimizer(tmp_path):
    model = sequential()
    model.save(tmp_path / "a.ligero", include_optimizer=False)
    loaded = lg.load_model(tmp_path / "a.ligero")
    assert loaded.loss is not None and isinstance(loaded.optimizer, optimizers.SGD)
    bare = lg.load_model(tmp_path / "a.ligero", compile=False)
    assert bare.loss is None and bare.optimizer is None


@pytest.mark.parametrize(
    "make_optimizer",
    [lambda: optimizers.SGD(lr=0.05, momentum=0.9), lambda: optimizers.Adam(lr=0.01)],
    ids=["sgd_momentum", "adam"],
)
def test_optimizer_state_is_restored_so_training_resumes_identically(tmp_path, make_optimizer):
    # (no Dropout here: its random generator is not part of a saved model)
    x, y = data(seed=1)
    straight = sequential(seed=5, optimizer=make_optimizer(), dropout=False)
    straight.fit(x, y, batch_size=8, epochs=4, shuffle=False, verbose=0)

    first = sequential(seed=5, optimizer=make_optimizer(), dropout=False)
    first.fit(x, y, batch_size=8, epochs=2, shuffle=False, verbose=0)
    path = tmp_path / "half.ligero"
    first.save(path)
    resumed = lg.load_model(path)
    assert type(resumed.optimizer) is type(first.optimizer)
    resumed.fit(x, y, batch_size=8, epochs=4, initial_epoch=2, shuffle=False, verbose=0)
    for a, b in zip(resumed.get_weights(), straight.get_weights()):
        np.testing.assert_array_equal(a, b)

    # Without the state (fresh optimizer) the continuation differs: the state mattered.
    fresh = lg.load_model(path, compile=False)
    fresh.compile(optimizer=make_optimizer(), loss="categorical_crossentropy")
    fresh.fit(x, y, batch_size=8, epochs=4, initial_epoch=2, shuffle=False, verbose=0)
    assert not np.array_equal(fresh.get_weights()[0], straight.get_weights()[0])


# ------------------------------------------------------------- no pickle
def test_saved_file_is_plain_numeric_arrays(tmp_path):
    path = tmp_path / "m.ligero"
    model = sequential(optimizer=optimizers.Adam())
    model.fit(*data(), epochs=1, verbose=0)
    model.save(path)
    content = entries(path)  # allow_pickle=False succeeds
    assert "__format__" in content and "__config__" in content
    assert any(key.startswith("weights/") for key in content)
    assert any(key.startswith("optimizer/") for key in content)
    for key, value in content.items():
        assert not value.dtype.hasobject, key
        assert np.issubdtype(value.dtype, np.number), key
    header = json.loads(bytes(content["__format__"]).decode())
    assert header["format"] == saving.FORMAT_NAME and header["version"] == saving.FORMAT_VERSION


class _Payload:
    """Unpickling it would create a file: proof that code ran."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return (open, (self.marker, "w"))


@pytest.mark.parametrize("entry", ["weights/layers.0.kernel", "zz_extra"])
def test_file_with_a_pickled_entry_is_refused_and_runs_nothing(tmp_path, entry):
    path = tmp_path / "evil.ligero"
    marker = tmp_path / "code-ran"
    model = sequential()
    model.save(path)
    content = entries(path)
    content[entry] = np.array([_Payload(marker)], dtype=object)
    rewrite(path, content)
    with pytest.raises(UnsafeFileError, match="pickle") as info:
        lg.load_model(path)
    assert str(path) in str(info.value) and entry in str(info.value)
    assert isinstance(info.value, DataFileError)
    with pytest.raises(UnsafeFileError):
        model.load_weights(path)
    assert not marker.exists()


# --------------------------------------------------------- damaged files
def test_truncated_file_names_the_path(tmp_path):
    path = tmp_path / "cut.ligero"
    sequential().save(path)
    raw = path.read_bytes()
    for size in (0, 10, len(raw) // 2, len(raw) - 30):
        path.write_bytes(raw[:size])
        with pytest.raises(DataFileError) as info:
            lg.load_model(path)
        assert str(path) in str(info.value)


def test_corrupted_entry_names_the_path(tmp_path):
    path = tmp_path / "flip.ligero"
    sequential().save(path)
    raw = bytearray(path.read_bytes())
    middle = raw.find(b"\x93NUMPY", len(raw) // 3)  # an array's header, then flip a data byte
    raw[middle + 200] ^= 0xFF
    path.write_bytes(bytes(raw))
    with pytest.raises(DataFileError, match=str(path).replace("\\", "\\\\")):
        lg.load_model(path)


def test_missing_directory_and_foreign_files(tmp_path):
    with pytest.raises(DataFileError, match="no such"):
        lg.load_model(tmp_path / "nope.ligero")
    with pytest.raises(DataFileError, match="directory"):
        lg.load_model(tmp_path)
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    with pytest.raises(DataFileError, match="notes.txt"):
        lg.load_model(text)
    plain = tmp_path / "plain.npz"
    np.savez(plain, a=np.arange(3))
    with pytest.raises(DataFileError, match="__format__"):
        lg.load_model(plain)


def test_other_format_version_is_refused(tmp_path):
    path = tmp_path / "future.ligero"
    sequential().save(path)
    content = entries(path)
    content["__format__"] = json_entry({"format": saving.FORMAT_NAME, "version": saving.FORMAT_VERSION + 1,
                                        "kind": "model"})
    rewrite(path, content)
    with pytest.raises(DataFileError, match=r"version 2") as info:
        lg.load_model(path)
    assert str(path) in str(info.value)
    content["__format__"] = json_entry({"format": "other-thing", "version": 1})
    rewrite(path, content)
    with pytest.raises(DataFileError, match="other-thing"):
        lg.load_model(path)


def test_weights_of_another_architecture_are_refused(tmp_path):
    path = tmp_path / "w.ligero"
    sequential().save_weights(path)
    lg.set_seed(0)
    wider = lg.Sequential([layers.Dense(9, activation="tanh", input_dim=5), layers.Dense(3)])
    with pytest.raises(DataFileError, match="architecture") as info:
        wider.load_weights(path)
    assert str(path) in str(info.value)
    deeper = lg.Sequential([layers.Dense(8, input_dim=5), layers.Dense(8), layers.Dense(3)])
    with pytest.raises(DataFileError, match="architecture"):
        deeper.load_weights(path)
    with pytest.raises(DataFileError, match="weights only"):
        lg.load_model(path)

    # A model file whose weights do not fit its own architecture.
    model_path = tmp_path / "m.ligero"
    sequential().save(model_path)
    content = entries(model_path)
    key = next(k for k in content if k.startswith("weights/") and content[k].ndim == 2)
    content[key] = np.zeros((2, 2), np.float32)
    rewrite(model_path, content)
    with pytest.raises(DataFileError, match="shape"):
        lg.load_model(model_path)


def test_damaged_architecture_is_a_data_file_error(tmp_path):
    path = tmp_path / "arch.ligero"
    sequential().save(path)
    content = entries(path)
    config = json.loads(bytes(content["__config__"]).decode())
    config["layers"][0]["class"] = "NoSuchLayer"
    content["__config__"] = json_entry(config)
    rewrite(path, content)
    with pytest.raises(DataFileError, match="NoSuchLayer"):
        lg.load_model(path)
    content["__config__"] = np.frombuffer(b"{not json", dtype=np.uint8)
    rewrite(path, content)
    with pytest.raises(DataFileError, match="__config__"):
        lg.load_model(path)


# ------------------------------------------------------------ atomic save
def test_crash_during_save_keeps_the_previous_file_and_leaves_no_temp(tmp_path, monkeypatch):
    x, _ = data()
    path = tmp_path / "model.ligero"
    model = sequential()
    model.save(path)
    before = path.read_bytes()
    expected = model.predict(x)

    def crashing_savez(file, *args, **kwargs):
        file.write(b"PK\x03\x04 half a model")
        raise OSError("disk full (simulated)")

    model.fit(x, data()[1], epochs=1, verbose=0)  # the new weights differ
    monkeypatch.setattr(np, "savez", crashing_savez)
    with pytest.raises(OSError, match="simulated"):
        model.save(path)
    with pytest.raises(OSError, match="simulated"):
        model.save_weights(tmp_path / "weights.ligero")
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert sorted(os.listdir(tmp_path)) == ["model.ligero"]
    np.testing.assert_array_equal(lg.load_model(path).predict(x), expected)


def test_save_overwrites_and_creates_directories(tmp_path):
    x, _ = data()
    model = sequential()
    path = tmp_path / "deep" / "dir" / "m.ligero"
    model.save(path)
    model.fit(x, data()[1], epochs=1, verbose=0)
    model.save(path)
    np.testing.assert_array_equal(lg.load_model(path).predict(x), model.predict(x))
    assert os.listdir(path.parent) == ["m.ligero"]


# --------------------------------------------------------- subclassed models
class Net(lg.Model):
    def __init__(self):
        super().__init__()
        self.hidden = layers.Dense(6, activation="relu")
        self.out = layers.Dense(2)

    def forward(self, x):
        return self.out(self.hidden(x))


def test_subclassed_model_save_points_to_save_weights(tmp_path):
    model = Net()
    model.build((4,))
    with pytest.raises(ConfigError, match="save_weights"):
        model.save(tmp_path / "net.ligero")
    assert not (tmp_path / "net.ligero").exists()


def test_subclassed_model_weights_round_trip(tmp_path):
    x = np.random.default_rng(0).standard_normal((7, 4)).astype(np.float32)
    lg.set_seed(1)
    model = Net()
    expected = model.predict(x)  # builds it
    model.save_weights(tmp_path / "net.weights")

    lg.set_seed(2)
    other = Net()
    with pytest.raises(ConfigError, match="build"):
        other.load_weights(tmp_path / "net.weights")
    other.build((4,))
    assert not np.array_equal(other.predict(x), expected)
    other.load_weights(tmp_path / "net.weights")
    np.testing.assert_array_equal(other.predict(x), expected)


# ------------------------------------------------------- what is not data
def test_custom_activation_cannot_be_saved_whole(tmp_path):
    def tanh(x):  # a custom function that merely shares a built-in's name
        return x * 2

    def swish(x):
        return x * lg.sigmoid(x)

    for fn in (tanh, swish):
        model = lg.Sequential([layers.Dense(3, activation=fn, input_dim=2)])
        model.compile(loss="mse")
        with pytest.raises(ConfigError, match=rf"custom activation '{fn.__name__}'.*save_weights"):
            model.save(tmp_path / "custom.ligero")
        assert not (tmp_path / "custom.ligero").exists()
        model.save_weights(tmp_path / "custom.weights")  # the weights are data


def test_custom_loss_is_not_saved_and_the_model_loads_uncompiled(tmp_path):
    def mse(y, t):  # shares a built-in's name, computes something else
        return lg.abs(y - t).sum()

    x = np.ones((4, 2), np.float32)
    model = lg.Sequential([layers.Dense(1, input_dim=2)])
    model.compile(optimizer="sgd", loss=mse)
    model.fit(x, np.zeros(4), epochs=1, verbose=0)
    with pytest.warns(UserWarning, match="custom loss 'mse'"):
        model.save(tmp_path / "m.ligero")
    loaded = lg.load_model(tmp_path / "m.ligero")
    assert loaded.loss is None
    np.testing.assert_array_equal(loaded.predict(x), model.predict(x))


def test_shared_layer_and_multi_input_models_round_trip(tmp_path):
    lg.set_seed(0)
    inp = lg.Input(3)
    shared = layers.Dense(3, activation="tanh")
    model = lg.Model(inp, shared(shared(inp)))
    assert len(model.parameters()) == 2
    model.compile(loss="mse")
    model.save(tmp_path / "shared.ligero")
    loaded = lg.load_model(tmp_path / "shared.ligero")
    assert len(loaded.parameters()) == 2  # still one layer used twice
    x = np.random.default_rng(0).standard_normal((5, 3)).astype(np.float32)
    np.testing.assert_array_equal(loaded.predict(x), model.predict(x))

    a, b = lg.Input(2, name="left"), lg.Input(3, name="right")
    two = lg.Model([a, b], layers.Dense(1)(layers.Concatenate()([a, b])))
    two.compile(optimizer="adam", loss="mse")
    xs = [np.ones((5, 2), np.float32), np.arange(15, dtype=np.float32).reshape(5, 3)]
    two.fit(xs, np.ones(5), epochs=2, verbose=0)
    two.save(tmp_path / "two.ligero")
    loaded = lg.load_model(tmp_path / "two.ligero")
    np.testing.assert_array_equal(loaded.predict(xs), two.predict(xs))
    assert "left (InputLayer)" in loaded.summary(print_fn=None)
    assert "right (InputLayer)" in loaded.summary(print_fn=None)
