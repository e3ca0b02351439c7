"""Reliability: every mistake a student can make gets one clear ligero error (or a warning)
that says what to do; saving never corrupts the previous file; loading never runs code.

docs/reliability.md is the catalogue; each of its rows names the test that shows it, here
or in the topic's own test file. The rows tested here are the ones no other file covers.
"""

from __future__ import annotations

import contextlib
import errno
import gzip
import io
import os
import pickle
import re
import signal
import struct
import subprocess
import sys
import textwrap
import warnings
import zipfile
from pathlib import Path

import numpy as np
import pytest

import ligero as lg
from ligero import callbacks, layers, optimizers
from ligero.datasets import load_cifar10, load_mnist, load_mnist_txt, safe_load, save_mnist_txt
from ligero.errors import (
    ConfigError,
    DataError,
    DataFileError,
    GradientError,
    LigeroError,
    ShapeError,
    TrainingError,
    UnsafeFileError,
)
from ligero.models import saving


def classifier(seed: int = 0, features: int = 4, classes: int = 3, dropout: float = 0.0, optimizer=None):
    lg.set_seed(seed)
    stack = [layers.Dense(6, activation="tanh", input_dim=features, name="hidden")]
    if dropout:
        stack.append(layers.Dropout(dropout))
    stack.append(layers.Dense(classes, activation="softmax", name="out"))
    model = lg.Sequential(stack, name="clf")
    model.compile(optimizer=optimizer or optimizers.SGD(lr=0.1), loss="categorical_crossentropy",
                  metrics=["accuracy"])
    return model


def data(n: int = 24, features: int = 4, classes: int = 3, seed: int = 0):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((n, features)).astype(np.float32), rng.integers(0, classes, n)


@contextlib.contextmanager
def no_warnings():
    """A context in which any warning is an error."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


# =============================================================== shapes and dtypes
def test_dense_units_must_be_a_positive_integer():
    for bad in ("ten", 2.5, 0, -1, True, None):
        with pytest.raises(ConfigError, match=r"Dense: units must be a positive integer"):
            layers.Dense(bad)
    assert layers.Dense(np.int64(3)).units == 3


def test_images_into_dense_apply_it_to_the_last_axis_as_keras():
    model = lg.Sequential([layers.Dense(4, name="first")])
    assert model.predict(np.zeros((2, 3, 8, 8), np.float32)).shape == (2, 3, 8, 4)


def test_reshape_of_the_wrong_size_names_the_layer_and_both_shapes():
    with pytest.raises(ShapeError, match=r"'to_grid' \(Reshape\).*\(None, 8\).*8 values.*\(None, 3, 3\)"):
        layers.Reshape((3, 3), name="to_grid")(np.zeros((2, 8), np.float32))
    with pytest.raises(ShapeError, match=r"'sym' \(Reshape\).*\(None, 10\)"):
        layers.Reshape((-1, 3), name="sym")(lg.Input(10))
    assert layers.Reshape((-1, 2))(np.zeros((2, 8), np.float32)).shape == (2, 4, 2)
    for bad in [(0, 3), (-1, -1), (-2,), "ab"]:
        with pytest.raises(ConfigError, match="Reshape: target_shape"):
            layers.Reshape(bad)


def test_concatenate_needs_two_inputs_of_matching_shapes():
    with pytest.raises(ShapeError, match=r"'join' \(Concatenate\) needs a list of at least two"):
        layers.Concatenate(name="join")([np.zeros((2, 3), np.float32)])
    with pytest.raises(ShapeError, match=r"'join2' \(Concatenate\).*\(None, 3\), \(None, 3, 1\)"):
        layers.Concatenate(name="join2")([np.zeros((2, 3)), np.zeros((2, 3, 1))])


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: lg.Input("784"), r"Input: shape must be a positive integer or a tuple"),
        (lambda: lg.Input((3, -32, 32)), r"Input: shape must be a positive integer"),
        (lambda: layers.Dense(3, input_dim="x"), r"Dense: input_shape must be a positive integer"),
        (lambda: layers.Dense(3, input_shape=(0,)), r"Dense: input_shape"),
        (lambda: layers.Dropout("half"), r"Dropout: rate must be a number in \[0, 1\)"),
        (lambda: layers.Dropout(1.0), r"Dropout: rate"),
        (lambda: layers.Concatenate(axis="last"), r"Concatenate: axis must be an integer"),
    ],
)
def test_layer_settings_of_the_wrong_kind(make, message):
    with pytest.raises(ConfigError, match=message):
        make()


def test_inputs_of_a_multi_input_model_must_have_as_many_samples():
    a, b = lg.Input(2), lg.Input(3)
    model = lg.Model([a, b], layers.Dense(1)(layers.Concatenate()([a, b])))
    model.compile(loss="mse")
    x = [np.zeros((4, 2), np.float32), np.zeros((5, 3), np.float32)]
    with pytest.raises(DataError, match=r"fit: the inputs have different numbers of samples \[4, 5\]"):
        model.fit(x, np.zeros(4), verbose=0)
    with pytest.raises(DataError, match=r"predict: the inputs have different numbers of samples"):
        model.predict(x)


def test_preprocessing_refuses_data_that_are_not_numbers():
    for helper in (lg.datasets.scale, lg.datasets.standardize, lg.datasets.center):
        with pytest.raises(DataError, match="must be numbers"):
            helper(np.array([["1", "2"]]))


def test_conv_and_pooling_layers_name_the_layer_and_both_shapes():
    conv = layers.Conv2D(4, 3, name="conv_a")
    conv(np.zeros((1, 8, 8, 3), np.float32))
    with pytest.raises(ShapeError, match=r"'conv_a' \(Conv2D\).*\(None, 8, 8, 3\).*\(None, 8, 8, 1\)"):
        conv(np.zeros((1, 8, 8, 1), np.float32))
    with pytest.raises(ShapeError, match=r"'conv_b' \(Conv2D\).*\(None, height, width, channels\).*\(None, 12\)"):
        layers.Conv2D(4, 3, name="conv_b")(np.zeros((2, 12), np.float32))
    with pytest.raises(ShapeError, match=r"'pool_a' \(MaxPooling2D\).*\(None, 12\)"):
        layers.MaxPool2D(2, name="pool_a")(np.zeros((2, 12), np.float32))
    with pytest.raises(ShapeError, match=r"larger than the padded input.*\(1, 4, 4, 3\)"):
        layers.Conv2D(4, 9)(np.zeros((1, 4, 4, 3), np.float32))
    with pytest.raises(ConfigError, match="padding"):
        layers.Conv2D(4, 3, padding="full")


def test_channels_last_images_fed_to_a_cnn_name_both_shapes_and_raw_pixels_warn():
    lg.set_seed(0)
    nchw = {"data_format": "channels_first"}
    model = lg.Sequential([layers.Conv2D(4, 3, activation="relu", input_shape=(3, 8, 8), **nchw),
                           layers.MaxPool2D(2, **nchw), layers.Flatten(), layers.Dense(3)])
    model.compile(optimizer="sgd", loss="categorical_crossentropy")
    y = np.array([0, 1, 2, 0])
    with pytest.raises(ShapeError, match=r"fit: x has shape \(4, 8, 8, 3\) but model .* expects \(None, 3, 8, 8\)"):
        model.fit(np.zeros((4, 8, 8, 3), np.float32), y, verbose=0)
    pixels = np.random.default_rng(0).integers(0, 256, (4, 3, 8, 8), dtype=np.uint8)
    with pytest.warns(UserWarning, match=r"fit: x has dtype uint8"):
        model.fit(pixels, y, verbose=0)


@pytest.mark.parametrize("loss", ["mse", "binary_crossentropy", "categorical_crossentropy", "hinge",
                                  "multiclass_hinge"])
def test_every_loss_names_both_shapes(loss):
    pred = lg.tensor(np.zeros((4, 3)))
    with pytest.raises(ShapeError, match=r"\(4, 5\).*\(4, 3\)"):
        lg.losses.resolve(loss)(np.zeros((4, 5)), pred)  # targets first, as Keras


@pytest.mark.parametrize("loss", ["mse", "binary_crossentropy", "categorical_crossentropy", "hinge",
                                  "multiclass_hinge"])
def test_every_loss_refuses_targets_that_are_not_numbers(loss):
    pred = lg.tensor(np.zeros((2, 3)))
    for targets in (np.array(["cat", "dog"]), [None, None], np.array([{}, {}], dtype=object)):
        with pytest.raises(DataError, match="targets must be numbers|cannot be read"):
            lg.losses.resolve(loss)(targets, pred)


def test_class_losses_refuse_fractional_nan_and_out_of_range_labels():
    pred = lg.tensor(np.zeros((3, 3)))
    for loss in ("sparse_categorical_crossentropy", "categorical_crossentropy", "multiclass_hinge"):
        for labels, shown in (([0, 2.5, 1], "2.5"), ([0, np.nan, 1], "nan"), ([0, 3, 1], "3"), ([0, -1, 1], "-1")):
            with pytest.raises(DataError, match=rf"integers in \[0, 2\] for 3 outputs; got \[{shown}\]"):
                with no_warnings():  # not even a NumPy cast warning on the way
                    lg.losses.resolve(loss)(np.array(labels), pred)


def test_tensors_from_things_that_are_not_numbers():
    for bad in (None, ["a", "b"], [[1, 2], [3]], {"x": 1}):
        with pytest.raises(DataError, match="tensor"):
            lg.tensor(bad)
    x = lg.tensor([1.0, 2.0])
    with pytest.raises(DataError):
        x + "a"


@pytest.mark.parametrize("axis", ["rows", 1.5, (0, "a"), [0.0]])
def test_reduction_axis_of_the_wrong_kind(axis):
    with pytest.raises(ShapeError, match="axis must be None, an integer or a tuple of integers"):
        lg.tensor(np.ones((2, 3))).sum(axis=axis)


# ======================================================================= data
def test_labels_given_as_strings_or_as_a_scalar():
    x, _ = data()
    with pytest.raises(DataError, match=r"fit: y must be numeric, got dtype <U"):
        classifier().fit(x, np.array(["cat"] * len(x)), verbose=0)
    with pytest.raises(ShapeError, match=r"fit: y must hold one target per sample, got a scalar"):
        classifier().fit(x, 2, verbose=0)
    with pytest.raises(DataError, match=r"fit: y cannot be read"):
        classifier().fit(x, [[1, 2], [3]] * 12, verbose=0)


def test_one_hot_rows_of_the_wrong_width_say_both_forms():
    x, y = data()
    with pytest.raises(ShapeError, match=r"fit: y has shape \(24, 4\) but the model has 3 outputs: give labels "
                                         r"of shape \(24,\) or one-hot rows of shape \(24, 3\)"):
        classifier().fit(x, np.eye(4)[y], verbose=0)


def test_complex_inputs_are_refused():
    x, y = data()
    with pytest.raises(DataError, match=r"fit: x must be numeric \(real numbers\), got complex"):
        classifier().fit(x.astype(np.complex64), y, verbose=0)


def test_bad_shuffle_seed_is_a_config_error():
    x, y = data()
    for seed in ("a", -1, 1.5, True):
        with pytest.raises(ConfigError, match="fit: seed"):
            classifier().fit(x, y, seed=seed, verbose=0)


def test_empty_and_single_sample_predict():
    model = classifier()
    assert model.predict(np.zeros((0, 4), np.float32)).shape == (0, 3)
    x, y = data(n=1)
    history = model.fit(x, y, batch_size=64, epochs=2, verbose=0)
    assert history.params["steps"] == 1 and len(history.history["loss"]) == 2


# ------------------------------------------------------------- unscaled images
def pixels(n: int = 40, seed: int = 0):
    rng = np.random.default_rng(seed)
    return rng.integers(0, 256, (n, 4), dtype=np.uint8), rng.integers(0, 3, n)


def test_uint8_pixels_warn_once_per_fit_and_suggest_scaling():
    x, y = pixels()
    model = classifier()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model.fit(x, y, batch_size=4, epochs=3, verbose=0)  # 30 batches
    unscaled = [w for w in caught if "scale" in str(w.message)]
    assert len(unscaled) == 1
    message = str(unscaled[0].message)
    assert "fit: x has dtype uint8" in message and "x / 255" in message
    assert unscaled[0].filename == __file__  # points at the user's call, not inside ligero


def test_unscaled_floats_and_unscaled_validation_data_warn_too():
    x, y = pixels()
    model = classifier()
    scaled = x.astype(np.float32) / 255
    with pytest.warns(UserWarning, match=r"fit: x has values as large as 2\d\d in magnitude; scale"):
        model.fit(x.astype(np.float32), y, verbose=0)
    with pytest.warns(UserWarning, match=r"fit \(validation_data\): x has dtype uint8"):
        model.fit(scaled, y, validation_data=(x, y), verbose=0)
    with pytest.warns(UserWarning, match=r"predict: x has dtype uint8"):
        model.predict(x)


def test_scaled_or_standardized_inputs_do_not_warn():
    x, y = pixels()
    model = classifier()
    with no_warnings():
        model.fit(x / 255.0, y, verbose=0)
        model.fit(lg.datasets.standardize(x.astype(np.float32))[0], y, verbose=0)
        model.fit(np.array([[-1, 1, 1, -1]] * 4, np.int64), [0, 1, 2, 0], verbose=0)  # ±1 integers


# ================================================================ NaN weights
def nan_model():
    model = classifier()
    weights = model.get_weights()
    weights[0][1, 2] = np.nan
    model.set_weights(weights)
    return model


def test_fit_with_nan_weights_raises_naming_epoch_batch_and_weight():
    x, y = data()
    model = nan_model()
    before = model.get_weights()
    with pytest.raises(TrainingError, match=r"fit: cannot train model 'clf' \(epoch 1, batch 1\): its "
                                            r"weights hidden\.kernel hold NaN"):
        model.fit(x, y, verbose=0)
    for got, was in zip(model.get_weights(), before):
        np.testing.assert_array_equal(got, was)
    with pytest.raises(TrainingError, match=r"epoch 4, batch 1"):
        model.fit(x, y, initial_epoch=3, epochs=5, verbose=0)


def test_predict_and_evaluate_with_nan_weights_warn_naming_the_weight():
    x, y = data()
    model = nan_model()
    with pytest.warns(RuntimeWarning, match=r"predict: the outputs contain NaN.*hidden\.kernel"):
        out = model.predict(x)
    assert np.isnan(out).all()
    with pytest.warns(RuntimeWarning, match=r"evaluate: .*NaN.*hidden\.kernel"):
        model.evaluate(x, y)
    healthy = classifier()
    with no_warnings():
        healthy.predict(x)
        healthy.evaluate(x, y)


def test_set_weights_of_the_wrong_count_or_shape():
    model = classifier()
    with pytest.raises(ShapeError, match=r"set_weights: model 'clf' has 4 arrays, got 1"):
        model.set_weights([np.zeros(3)])
    weights = model.get_weights()
    weights[0] = np.zeros((5, 5))
    with pytest.raises(ShapeError, match=r"kernel.*\(4, 6\).*\(5, 5\)"):
        model.set_weights(weights)


# ============================================================ Ctrl-C during fit
class InterruptAtStep(callbacks.Callback):
    """Raises KeyboardInterrupt from inside the optimizer's step number ``at`` (1-based),
    after the step has updated some of the parameters and their optimizer state."""

    def __init__(self, at: int) -> None:
        super().__init__()
        self.at = at

    def on_train_begin(self, logs=None):
        optimizer = self.model.optimizer
        real_step, count = optimizer.step, [0]

        def step(*args):
            count[0] += 1
            real_step(*args)
            if count[0] == self.at:
                optimizer.params[0].data += 1.0  # as if interrupted halfway through an update
                raise KeyboardInterrupt

        optimizer.step = step


def test_ctrl_c_inside_an_update_restores_weights_and_optimizer_state_of_the_last_epoch():
    x, y = data(n=30)

    def run(epochs, extra=()):
        model = classifier(seed=3, dropout=0.2, optimizer=optimizers.Adam(lr=0.01))
        history = model.fit(x, y, batch_size=8, epochs=epochs, verbose=0, callbacks=list(extra))
        return model, history

    reference, ref_history = run(2)
    with pytest.warns(UserWarning, match=r"interrupted.*\(2 epoch\(s\)\)"):
        model, history = run(6, [InterruptAtStep(at=2 * 4 + 3)])  # 4 batches an epoch: in epoch 3
    assert history.epoch == [0, 1] and history.history == ref_history.history
    for got, want in zip(model.get_weights(), reference.get_weights()):
        np.testing.assert_array_equal(got, want)
    got_state, want_state = model.optimizer.state_dict(), reference.optimizer.state_dict()
    assert got_state["iterations"] == want_state["iterations"] == 8
    assert got_state["steps"] == want_state["steps"]
    for got, want in zip(got_state["state"], want_state["state"]):
        np.testing.assert_array_equal(got, want)
    assert not model.training  # back in inference mode, as after a normal fit


def test_ctrl_c_while_callbacks_end_an_epoch_keeps_that_epoch(tmp_path):
    class InterruptAfterSaving(callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            if epoch == 1:
                raise KeyboardInterrupt

    x, y = data(n=30)
    reference = classifier(seed=4)
    reference.fit(x, y, batch_size=8, epochs=2, verbose=0)
    model = classifier(seed=4)
    with pytest.warns(UserWarning, match="interrupted"):
        history = model.fit(x, y, batch_size=8, epochs=5, verbose=0, callbacks=[InterruptAfterSaving()])
    assert history.epoch == [0, 1]  # History saw epoch 1 end: the weights are those of epoch 1
    for got, want in zip(model.get_weights(), reference.get_weights()):
        np.testing.assert_array_equal(got, want)


def test_nan_loss_also_restores_the_optimizer_state():
    lg.set_seed(0)
    model = lg.Sequential([layers.Dense(1, input_dim=3)])
    model.compile(optimizer=optimizers.SGD(lr=0.05, momentum=0.9), loss="mse")
    rng = np.random.default_rng(0)
    x, y = rng.standard_normal((16, 3)).astype(np.float32), rng.standard_normal((16, 1))
    model.fit(x, y, batch_size=4, epochs=1, verbose=0)
    weights, state = model.get_weights(), model.optimizer.state_dict()
    model.optimizer.lr = 1e12  # diverges within the next epoch
    with pytest.raises(TrainingError, match=r"epoch 2, batch \d"):
        model.fit(x, y, batch_size=4, epochs=2, initial_epoch=1, verbose=0)
    for got, want in zip(model.get_weights(), weights):
        np.testing.assert_array_equal(got, want)
    for got, want in zip(model.optimizer.state_dict()["state"], state["state"]):
        np.testing.assert_array_equal(got, want)
    assert model.optimizer.lr == 1e12  # hyper-parameters are settings, not progress: kept


def test_a_single_callback_needs_no_list():
    x, y = data()
    history = lg.callbacks.History()
    classifier().fit(x, y, epochs=2, callbacks=history, verbose=0)
    assert history.epoch == [0, 1]
    with pytest.raises(ConfigError, match="callbacks must be Callback instances"):
        classifier().fit(x, y, callbacks=[print], verbose=0)


# ============================================================ unknown names
def test_unknown_initializer_and_regularizer_names_list_the_known_ones():
    with pytest.raises(ConfigError, match=r"unknown initializer 'glorot'.*glorot_uniform"):
        layers.Dense(2, kernel_initializer="glorot")
    with pytest.raises(ConfigError, match=r"unknown regularizer 'l3'.*l2"):
        layers.Dense(2, kernel_regularizer="l3")


def test_unknown_metric_fails_at_compile_and_a_single_name_is_accepted():
    model = lg.Sequential([layers.Dense(3, activation="softmax", input_dim=2)])
    with pytest.raises(ConfigError, match=r"unknown metric 'acuracy'.*accuracy"):
        model.compile(optimizer="sgd", loss="categorical_crossentropy", metrics=["acuracy"])
    model.compile(optimizer="sgd", loss="categorical_crossentropy", metrics="accuracy")
    history = model.fit(np.zeros((3, 2)), [0, 1, 2], verbose=0)
    assert set(history.history) == {"loss", "accuracy"}


# ========================================================== backward() misuse
def test_backward_with_a_gradient_that_is_not_numbers():
    x = lg.tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(DataError, match="tensor"):
        (x * x).backward(grad="ones")


def test_backward_on_a_graph_recorded_under_no_grad():
    x = lg.tensor([1.0, 2.0], requires_grad=True)
    with lg.no_grad():
        y = (x * x).sum()
    with pytest.raises(GradientError, match="does not require grad.*no_grad"):
        y.backward()


def test_backward_twice_accumulates_until_zero_grad():
    x = lg.tensor([1.0, 2.0], requires_grad=True)
    y = (x * x).sum()
    y.backward(retain_graph=True)
    y.backward(retain_graph=True)  # allowed with retain_graph (torch frees it otherwise): gradients add up
    np.testing.assert_array_equal(x.grad, [4.0, 8.0])
    x.zero_grad()
    y.backward()
    np.testing.assert_array_equal(x.grad, [2.0, 4.0])


# ============================================================= data files
def mnist_lines(n: int = 2) -> bytes:
    rng = np.random.default_rng(0)
    return b"".join(
        (",".join(map(str, rng.integers(0, 256, 784))) + f",{i % 10}\n").encode() for i in range(n)
    )


def test_text_file_cut_in_the_middle_of_a_line_names_the_line(tmp_path):
    path = tmp_path / "digits.txt"
    raw = mnist_lines(3)
    path.write_bytes(raw[: len(raw) - 1000])
    with pytest.raises(DataFileError, match=r"digits.txt, line 3: \d+ values, expected 785"):
        load_mnist_txt(path)


def idx(array: np.ndarray) -> bytes:
    header = struct.pack(">BBBB", 0, 0, 0x08, array.ndim) + struct.pack(f">{array.ndim}I", *array.shape)
    return header + array.tobytes()


def test_truncated_gzip_download_of_an_idx_file(tmp_path):
    images = tmp_path / "t10k-images-idx3-ubyte.gz"
    labels = tmp_path / "t10k-labels-idx1-ubyte.gz"
    packed = gzip.compress(idx(np.zeros((3, 28, 28), np.uint8)))
    images.write_bytes(packed[: len(packed) - 9])
    labels.write_bytes(gzip.compress(idx(np.zeros(3, np.uint8))))
    with pytest.raises(DataFileError, match=r"t10k-images-idx3-ubyte.gz: truncated or corrupted gzip"):
        load_mnist(tmp_path, split="test")
    images.write_bytes(b"")
    with pytest.raises(DataFileError, match=r"t10k-images-idx3-ubyte.gz: not an IDX file.*empty"):
        load_mnist(tmp_path, split="test")


def write_cifar(root: Path, rows: int = 2) -> Path:
    d = root / "cifar-10-batches-py"
    d.mkdir(parents=True)
    rng = np.random.default_rng(0)
    for name in [f"data_batch_{i}" for i in range(1, 6)] + ["test_batch"]:
        batch = {b"labels": [int(v) for v in rng.integers(0, 10, rows)],
                 b"data": rng.integers(0, 256, (rows, 3072), dtype=np.uint8)}
        (d / name).write_bytes(pickle.dumps(batch, protocol=2))
    meta = {b"num_cases_per_batch": rows, b"num_vis": 3072,
            b"label_names": [c.encode() for c in lg.datasets.CIFAR10_CLASSES]}
    (d / "batches.meta").write_bytes(pickle.dumps(meta, protocol=2))
    return d


def test_empty_cifar_batch_file(tmp_path):
    d = write_cifar(tmp_path)
    (d / "data_batch_5").write_bytes(b"")
    with pytest.raises(DataFileError, match=r"data_batch_5: truncated pickle"):
        load_cifar10(d)


class _Opens:
    """Unpickling it with plain pickle would create the marker file."""

    def __init__(self, marker: Path) -> None:
        self.marker = str(marker)

    def __reduce__(self):
        return (open, (self.marker, "w"))


def _hostile_pickles(marker: Path) -> dict[str, bytes]:
    m = str(marker).encode()
    payloads = {f"reduce-protocol-{p}": pickle.dumps({b"data": _Opens(marker)}, protocol=p) for p in (0, 2, 4, 5)}
    payloads.update({
        # protocol 0 GLOBAL + REDUCE: os.system / builtins.eval / a module never imported
        "os.system": b"cos\nsystem\n(Vtouch " + m + b"\ntR.",
        "posix.system": b"cposix\nsystem\n(Vtouch " + m + b"\ntR.",
        "builtins.eval": b"cbuiltins\neval\n(Vopen(" + repr(str(marker)).encode() + b", 'w')\ntR.",
        "import of an unused module": b"ctabnanny\ncheck\n(V" + m + b"\ntR.",
        # INST and OBJ build instances of a named class without REDUCE
        "INST": b"(Vtouch " + m + b"\nios\nsystem\n.",
        "OBJ": b"\x80\x02(cos\nsystem\nX" + struct.pack("<I", len(b"touch " + m)) + b"touch " + m + b"o.",
        # the extension registry (EXT1) names a global by number
        "EXT1": b"\x80\x02\x82\xf0(X\x05\x00\x00\x00touchtR.",
        # an admitted NumPy reconstructor asked to build something else than an array
        "_reconstruct of os.system": (b"\x80\x02cnumpy.core.multiarray\n_reconstruct\ncos\nsystem\n"
                                      b"K\x00\x85C\x01b\x87R."),
        "object array": pickle.dumps(np.array([1, "x"], dtype=object), protocol=2),
        "persistent id": b"\x80\x02X\x01\x00\x00\x00xQ.",
    })
    return payloads


@pytest.fixture
def extension_registry():
    import copyreg

    copyreg.add_extension("os", "system", 0xF0)
    yield
    copyreg.remove_extension("os", "system", 0xF0)


def test_hostile_pickles_are_refused_without_running_or_importing_anything(tmp_path, extension_registry):
    marker = tmp_path / "code-ran"
    assert "tabnanny" not in sys.modules
    for name, payload in _hostile_pickles(marker).items():
        with pytest.raises(UnsafeFileError, match="refused") as info:
            safe_load(payload, f"{name}.pkl")
        assert f"{name}.pkl" in str(info.value)
        assert not marker.exists(), name
    assert "tabnanny" not in sys.modules


def test_hostile_pickle_as_a_cifar_batch_runs_nothing(tmp_path):
    d = write_cifar(tmp_path)
    marker = tmp_path / "code-ran"
    (d / "test_batch").write_bytes(pickle.dumps({b"labels": [0, 1], b"data": _Opens(marker)}, protocol=2))
    with pytest.raises(UnsafeFileError, match=r"test_batch: refused to load: the pickle asks for the global io\.open"):
        load_cifar10(d)
    assert not marker.exists()


# ============================================================= model files
def saved(tmp_path: Path) -> tuple[Path, lg.Model, np.ndarray]:
    x, y = data()
    model = classifier(optimizer=optimizers.Adam())
    model.fit(x, y, epochs=1, verbose=0)
    path = tmp_path / "model.ligero"
    model.save(path)
    return path, model, x


def test_model_file_from_an_older_format_version_says_what_to_do(tmp_path):
    path, _, _ = saved(tmp_path)
    with zipfile.ZipFile(path) as archive:
        entries = {name: archive.read(name) for name in archive.namelist()}
    header = saving._json_array({"format": saving.FORMAT_NAME, "version": 0, "kind": "model"})
    buffer = io.BytesIO()
    np.save(buffer, header)
    entries["__format__.npy"] = buffer.getvalue()
    with zipfile.ZipFile(path, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    with pytest.raises(DataFileError, match=r"model.ligero: saved in ligero-model format version 0, but this "
                                            r"ligero reads version 1; load it with the ligero that wrote it"):
        lg.load_model(path)


def _patch_central_directory(raw: bytes, offset: int, value: int) -> bytes:
    """Set a 2-byte field of every central-directory record of a zip file."""
    out = bytearray(raw)
    start = out.find(b"PK\x01\x02")
    while start != -1:
        out[start + offset:start + offset + 2] = struct.pack("<H", value)
        start = out.find(b"PK\x01\x02", start + 4)
    return bytes(out)


@pytest.mark.parametrize(
    ("offset", "value", "why"),
    [(10, 99, "compression method"),  # NotImplementedError inside zipfile
     (8, 1, "encrypted"),  # RuntimeError inside zipfile
     (10, 12, "compression method")],  # bzip2 claimed for stored data
)
def test_model_file_with_damaged_zip_headers(tmp_path, offset, value, why):
    path, _, _ = saved(tmp_path)
    path.write_bytes(_patch_central_directory(path.read_bytes(), offset, value))
    with pytest.raises(DataFileError, match="model.ligero: ") as info:
        lg.load_model(path)
    assert type(info.value) is DataFileError


def test_model_file_announcing_a_gigantic_array(tmp_path):
    path, _, _ = saved(tmp_path)
    with zipfile.ZipFile(path) as archive:
        entries = {name: archive.read(name) for name in archive.namelist()}
    key = next(k for k in entries if k.startswith("weights/"))
    header = "{'descr': '<f4', 'fortran_order': False, 'shape': (1125899906842624,), }".ljust(117) + "\n"
    entries[key] = b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode() + b"\0" * 64
    with zipfile.ZipFile(path, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    with pytest.raises(DataFileError, match=r"model.ligero: entry 'weights/.*' (announces an array too large|is "
                                            r"damaged)"):
        lg.load_model(path)


# ------------------------------------------------------------- a full disk
class _FillsUp:
    """A file whose disk fills after ``room`` bytes: the write that crosses it writes
    what fits, then raises ENOSPC, as a real full disk does."""

    def __init__(self, handle, room: int) -> None:
        self._handle, self._room = handle, room

    def write(self, data) -> int:
        data = bytes(data)
        if len(data) > self._room:
            self._handle.write(data[: self._room])
            self._room = 0
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self._room -= len(data)
        return self._handle.write(data)

    def __getattr__(self, name):
        return getattr(self._handle, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return self._handle.__exit__(*exc)


@pytest.mark.parametrize("save", ["save", "save_weights"])
def test_disk_full_during_save_keeps_the_previous_file(tmp_path, monkeypatch, save):
    path, model, x = saved(tmp_path)
    getattr(model, save)(path)
    before, expected = path.read_bytes(), model.predict(x)
    model.fit(x, data()[1], epochs=2, verbose=0)  # the new weights differ
    real_fdopen = os.fdopen
    monkeypatch.setattr(os, "fdopen", lambda fd, mode: _FillsUp(real_fdopen(fd, mode), len(before) // 2))
    with pytest.raises(DataFileError, match=r"model.ligero: could not save \(No space left on device\); any "
                                            r"previous file there is unchanged") as info:
        getattr(model, save)(path)
    assert isinstance(info.value, OSError) and info.value.errno == errno.ENOSPC
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert os.listdir(tmp_path) == ["model.ligero"]  # no temporary file left behind
    reloaded = lg.load_model(path) if save == "save" else classifier()
    if save == "save_weights":
        reloaded.load_weights(path)
    np.testing.assert_array_equal(reloaded.predict(x), expected)


def test_disk_full_while_writing_a_text_data_file(tmp_path, monkeypatch):
    path = tmp_path / "digits.txt"
    x = np.random.default_rng(0).integers(0, 256, (3, 28, 28), dtype=np.uint8)
    save_mnist_txt(path, x, np.array([1, 2, 3]))
    before = path.read_bytes()
    real_fdopen = os.fdopen
    monkeypatch.setattr(os, "fdopen", lambda fd, mode: _FillsUp(real_fdopen(fd, mode), 100))
    with pytest.raises(DataFileError, match=r"digits.txt: could not write") as info:
        save_mnist_txt(path, x[:1], np.array([9]))
    assert info.value.errno == errno.ENOSPC
    monkeypatch.undo()
    assert path.read_bytes() == before and os.listdir(tmp_path) == ["digits.txt"]


# --------------------------------------------------- a process killed mid-save
SLOW_SAVER = """
import os, sys, time
import numpy as np
import ligero as lg
from ligero import layers

lg.set_seed(1)
model = lg.Sequential([layers.Dense(6, activation="tanh", input_dim=4), layers.Dense(3)])
model.compile(optimizer="adam", loss="mse")
real_fdopen = os.fdopen


class Slow:
    def __init__(self, handle):
        self.handle, self.written = handle, 0

    def write(self, data):
        count = self.handle.write(data)
        self.written += count
        if self.written > 300:
            self.handle.flush()
            os.fsync(self.handle.fileno())
            print("half written", flush=True)
            time.sleep(120)
        return count

    def __getattr__(self, name):
        return getattr(self.handle, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return self.handle.__exit__(*exc)


os.fdopen = lambda fd, mode: Slow(real_fdopen(fd, mode))
model.save(sys.argv[1])
print("finished", flush=True)
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_process_killed_during_save_leaves_the_previous_file_intact(tmp_path):
    path, model, x = saved(tmp_path)
    before, expected = path.read_bytes(), model.predict(x)
    script = tmp_path / "saver.py"
    script.write_text(textwrap.dedent(SLOW_SAVER))
    with subprocess.Popen([sys.executable, str(script), str(path)], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True) as child:
        try:
            line = child.stdout.readline()
            assert line.strip() == "half written", child.stderr.read()
            partial = [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
            assert len(partial) == 1 and partial[0].stat().st_size > 0  # the new file was on its way
            child.send_signal(signal.SIGKILL)
        finally:
            child.kill()
            child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    assert path.read_bytes() == before
    np.testing.assert_array_equal(lg.load_model(path).predict(x), expected)
    # The killed process could not remove its hidden temporary file; it harms nothing.
    model.save(path)
    np.testing.assert_array_equal(lg.load_model(path).predict(x), expected)


# =========================================================== error hierarchy
@pytest.mark.parametrize(
    "mistake",
    [
        lambda: classifier().fit(np.zeros((4, 5)), [0, 1, 2, 0], verbose=0),
        lambda: classifier().fit(np.zeros((4, 4)), [0, 1, 2, 7], verbose=0),
        lambda: classifier().fit(np.zeros((4, 4)), ["a"] * 4, verbose=0),
        lambda: classifier().fit(np.zeros((0, 4)), [], verbose=0),
        lambda: classifier().fit(np.zeros((4, 4)), [0, 1, 2, 0], batch_size=0, verbose=0),
        lambda: layers.Dense(3, activation="sigmoidd"),
        lambda: lg.tensor(np.ones((2, 3))) @ lg.tensor(np.ones((2, 3))),
        lambda: lg.tensor([1.0]).backward(),
        lambda: lg.load_model("no/such/file.ligero"),
        lambda: load_mnist_txt("no/such/file.txt"),
        lambda: safe_load(b"cos\nsystem\n(Vecho\ntR.", "evil.pkl"),
        lambda: lg.losses.get("mse")(lg.tensor(np.zeros((2, 1))), ["a", "b"]),
    ],
)
def test_user_mistakes_raise_ligero_errors_not_raw_numpy_ones(mistake):
    with pytest.raises(LigeroError):
        mistake()


# ============================================================== the catalogue
def test_catalogue_names_tests_that_exist():
    root = Path(__file__).resolve().parents[1]
    catalogue = (root / "docs" / "reliability.md").read_text(encoding="utf-8")
    cited = set(re.findall(r"tests/(\w+\.py)::(\w+)", catalogue))
    assert len(cited) > 50
    missing = [f"{file}::{name}" for file, name in sorted(cited)
               if not (root / "tests" / file).is_file()
               or f"def {name}(" not in (root / "tests" / file).read_text(encoding="utf-8")]
    assert not missing, f"docs/reliability.md names tests that do not exist: {missing}"
