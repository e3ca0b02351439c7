"""The Keras face's errors for its users' usual slips: data in the other image layout, a loss that
does not fit the output or the labels, and a misspelt name (one helper lists the close ones)."""

from __future__ import annotations

import numpy as np
import pytest

import ligero.keras as keras
from ligero.errors import ConfigError, ShapeError, unknown_name
from ligero.keras import layers

RNG = np.random.default_rng(0)
X_FIRST = RNG.standard_normal((4, 3, 8, 8)).astype("float32")
LABELS = np.array([0, 1, 2, 1])


def _fit(stack: list, loss: str, x: np.ndarray, y: np.ndarray) -> None:
    model = keras.Sequential(stack)
    model.compile(optimizer="sgd", loss=loss)
    model.fit(x, y, epochs=1, verbose=0)


# ------------------------------------------------------------------ image layout
def test_channels_first_data_for_a_channels_last_model_says_how_to_switch():
    stack = [keras.Input(shape=(8, 8, 3)), layers.Conv2D(2, 3), layers.Flatten(), layers.Dense(3, activation="softmax")]
    with pytest.raises(ShapeError) as info:
        _fit(stack, "sparse_categorical_crossentropy", X_FIRST, LABELS)
    message = str(info.value)
    for part in ["(4, 3, 8, 8)", "(None, 8, 8, 3)", "looks channels_first (N, C, H, W)", "x.transpose(0, 2, 3, 1)",
                 "data_format='channels_first'", "keras.config.set_image_data_format('channels_first')"]:
        assert part in message


def test_channels_last_data_for_a_channels_first_model_and_in_predict():
    model = keras.Sequential([keras.Input(shape=(3, 8, 8)), layers.MaxPooling2D(data_format="channels_first"),
                              layers.Flatten(data_format="channels_first")])
    with pytest.raises(ShapeError, match=r"predict: .*looks channels_last \(N, H, W, C\).*x\.transpose\(0, 3, 1, 2\)"
                                         r".*data_format='channels_last'"):
        model.predict(X_FIRST.transpose(0, 2, 3, 1), verbose=0)


def test_a_layer_built_on_the_other_layout_names_it():
    with pytest.raises(ShapeError, match=r"'max_pooling2d\w*' \(MaxPooling2D\) uses data_format='channels_last'.*"
                                         r"looks channels_first.*set_image_data_format"):
        keras.Sequential([keras.Input(shape=(3, 32, 32)), layers.MaxPooling2D()])


def test_a_shape_that_is_no_transpose_gets_no_layout_hint():
    stack = [keras.Input(shape=(8, 8, 3)), layers.Flatten(), layers.Dense(3, activation="softmax")]
    with pytest.raises(ShapeError) as info:
        _fit(stack, "sparse_categorical_crossentropy", np.ones((4, 8, 8, 2), "float32"), LABELS)
    assert "expects (None, 8, 8, 3)" in str(info.value) and "looks" not in str(info.value)


# -------------------------------------------------------------- loss and output
def _dense(units: int, activation: str) -> list:
    return [keras.Input(shape=(5,)), layers.Dense(units, activation=activation)]


X5 = np.ones((4, 5), "float32")


def test_sparse_crossentropy_on_one_unit_says_binary():
    with pytest.raises(ShapeError, match=r"sparse_categorical_crossentropy on a 1-unit output.*binary_crossentropy "
                                         r"with a sigmoid output.*Dense\(num_classes\)"):
        _fit(_dense(1, "sigmoid"), "sparse_categorical_crossentropy", X5, np.array([0, 1, 1, 0]))


def test_sparse_crossentropy_on_one_hot_rows_says_categorical():
    with pytest.raises(ShapeError, match=r"labels of shape \(4, 3\).*look one-hot.*use categorical_crossentropy"):
        _fit(_dense(3, "softmax"), "sparse_categorical_crossentropy", X5, np.eye(3)[LABELS])


def test_categorical_crossentropy_on_labels_n_by_1_says_sparse():
    with pytest.raises(ShapeError, match=r"y has shape \(4, 1\).*one-hot rows of shape \(4, 3\).*"
                                         r"use sparse_categorical_crossentropy"):
        _fit(_dense(3, "softmax"), "categorical_crossentropy", X5, LABELS[:, None])


@pytest.mark.parametrize("loss", ["binary_crossentropy", "mse"])
def test_integer_labels_for_a_softmax_output_say_sparse(loss):
    with pytest.raises(ShapeError, match=r"y has shape \(4,\) but the model outputs \(None, 3\); for integer class "
                                         r"labels use loss='sparse_categorical_crossentropy'.*to_categorical"):
        _fit(_dense(3, "softmax"), loss, X5, LABELS)


def test_float_targets_for_a_softmax_output_get_no_class_hint():
    with pytest.raises(ShapeError) as info:
        _fit(_dense(3, "softmax"), "mse", X5, np.linspace(0.1, 0.7, 4))
    assert "sparse_categorical_crossentropy" not in str(info.value)


# ----------------------------------------------------------------- unknown names
@pytest.mark.parametrize(("kind", "attempt", "meant"), [
    ("activation", lambda: layers.Dense(3, activation="rleu"), "relu"),
    ("activation", lambda: layers.Activation("sigmoide"), "sigmoid"),
    ("activation", lambda: keras.activations.get("Gelu_"), "gelu"),
    ("initializer", lambda: layers.Dense(3, kernel_initializer="glorot_unifrom"), "glorot_uniform"),
    ("regularizer", lambda: keras.regularizers.get("l1_l3"), "l1_l2"),
    ("loss", lambda: keras.losses.get("sparse_categorical_crossentrpy"), "sparse_categorical_crossentropy"),
    ("loss", lambda: keras.Sequential([layers.Dense(1)]).compile(loss="msee"), "mse"),
    ("optimizer", lambda: keras.optimizers.get("adm"), "adam"),
    ("optimizer", lambda: keras.Sequential([layers.Dense(1)]).compile(optimizer="rmsprp", loss="mse"), "rmsprop"),
    ("metric", lambda: keras.metrics.get("acuracy"), "accuracy"),
    ("learning rate schedule", lambda: keras.optimizers.schedules.deserialize({"class_name": "ExponentialDecai"}),
     "ExponentialDecay"),
], ids=lambda v: v if isinstance(v, str) else "")
def test_an_unknown_name_lists_the_close_ones(kind, attempt, meant):
    with pytest.raises(ConfigError) as info:
        attempt()
    message = str(info.value)
    assert message.startswith(f"unknown {kind} ")
    assert f"Did you mean {meant!r}" in message
    assert "Known " in message


def test_unknown_layer_classes_in_files_list_the_close_ones():
    from ligero.keras._keras_config import layer_from_config
    from ligero.layers import get_class

    with pytest.raises(ConfigError, match=r"unknown layer class 'Conv2d'\. Did you mean 'Conv2D'.*custom_objects="):
        layer_from_config({"class_name": "Conv2d", "config": {}}, None, True)
    with pytest.raises(ConfigError, match=r"unknown layer class 'Dens'\. Did you mean 'Dense'"):
        get_class("Dens")


def test_the_shared_helper():
    error = unknown_name("loss", "hinje", ["hinge", "squared_hinge", "mse"])
    assert isinstance(error, ConfigError)
    assert str(error) == "unknown loss 'hinje'. Did you mean 'hinge'? Known losses: hinge, mse, squared_hinge"
    several = unknown_name("optimizer", "ADM", ["sgd", "adamw", "adam", "nadam"])
    assert str(several).startswith("unknown optimizer 'ADM'. Did you mean 'adam', 'nadam' or 'adamw'? ")
    assert str(unknown_name("metric", "zzz", ["mae"])) == "unknown metric 'zzz'. Known metrics: mae"
    assert str(unknown_name("optimizer", "x", ["sgd"], hint="See keras.optimizers.")).endswith(
        "Known optimizers: sgd. See keras.optimizers.")
