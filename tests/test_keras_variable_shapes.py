"""Sample shapes with unknown (None) dimensions: Input(shape=(None,)), images of any size (real Keras 3.15's
behaviour: output shapes with None where the size follows the input, any concrete size accepted)."""

from __future__ import annotations

import numpy as np
import pytest

import ligero.keras as keras
from ligero.errors import ConfigError, ShapeError
from ligero.keras import layers
from ligero.layers.shapes import compatible, merge_probed, probe_shapes


def test_compatible_matches_known_dimensions_only():
    assert compatible((7, 4), (None, 4))
    assert not compatible((7, 3), (None, 4))
    assert not compatible((7,), (None, 4))
    assert compatible([(3,), (5, 2)], [(None,), (None, 2)])
    assert not compatible([(3,)], [(None,), (None, 2)])


def test_probe_runs_mark_the_dimensions_that_follow_the_input():
    assert probe_shapes((None, 3), 0) != probe_shapes((None, 3), 1)
    assert merge_probed((10, 4), (15, 4)) == (None, 4)
    assert merge_probed([(2,), (6, 1)], [(2,), (9, 1)]) == [(2,), (None, 1)]


def test_input_with_unknown_length_builds_every_layer():
    inputs = keras.Input(shape=(None,), dtype="int32")
    x = layers.Embedding(10, 4)(inputs)
    seq = layers.LSTM(3, return_sequences=True)(x)
    pooled = layers.GlobalAveragePooling1D()(seq)
    model = keras.Model(inputs, layers.Dense(2)(pooled))
    assert (model.input_shape, x.shape, seq.shape, model.output_shape) == (
        (None, None), (None, None, 4), (None, None, 3), (None, 2))
    for length in (1, 4, 9):
        assert model.predict(np.ones((3, length), "int32"), verbose=0).shape == (3, 2)


def test_images_of_any_size_and_a_wrong_channel_count():
    inputs = keras.Input(shape=(None, None, 3))
    x = layers.Conv2D(4, 3, strides=2, padding="same")(inputs)
    x = layers.MaxPooling2D()(x)
    model = keras.Model(inputs, layers.GlobalMaxPooling2D()(x))
    assert x.shape == (None, None, None, 4)
    assert model.predict(np.zeros((2, 9, 14, 3), "float32"), verbose=0).shape == (2, 4)
    with pytest.raises(ShapeError, match="expects"):
        model.predict(np.zeros((2, 9, 14, 2), "float32"), verbose=0)


def test_fit_on_batches_of_different_lengths():
    model = keras.Sequential([keras.Input(shape=(None,)), layers.Embedding(8, 2), layers.GRU(2), layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    rng = np.random.default_rng(0)
    data = [(rng.integers(0, 8, (2, n)), rng.standard_normal((2, 1)).astype("float32")) for n in (3, 5, 2)]
    history = model.fit((b for _ in range(2) for b in data), steps_per_epoch=3, epochs=2, verbose=0)
    assert len(history.history["loss"]) == 2 and np.all(np.isfinite(history.history["loss"]))


def test_sequential_build_with_unknown_length_and_bad_dimensions():
    model = keras.Sequential([layers.Embedding(10, 3), layers.LSTM(2)])
    model.build((None, None))
    assert (model.input_shape, model.output_shape) == ((None, None), (None, 2))
    with pytest.raises(ConfigError, match="None for any size"):
        keras.Input(shape=(0,))
    with pytest.raises(ConfigError):
        keras.Input(shape=("a",))


def test_reshape_and_cropping_accept_unknown_sizes():
    model = keras.Sequential([keras.Input((None, 6)), layers.Reshape((-1, 3)), layers.Flatten()])
    assert model.output_shape == (None, None)
    assert model(np.zeros((2, 4, 6), "float32")).shape == (2, 24)
    crop = keras.Sequential([keras.Input((None, None, 1)), layers.Cropping2D(1)])
    assert crop.output_shape == (None, None, None, 1)
    assert crop(np.zeros((1, 5, 6, 1), "float32")).shape == (1, 3, 4, 1)


def test_summary_counts_the_optimizer_variables_once_built():
    model = keras.Sequential([keras.Input((3,)), layers.Dense(2)])
    model.compile(optimizer="adam", loss="mse")
    assert not model.optimizer.built
    lines: list[str] = []
    model.summary(print_fn=lines.append)
    assert not any("Optimizer params" in line for line in "\n".join(lines).splitlines())
    model.evaluate(np.ones((4, 3), "float32"), np.ones((4, 2), "float32"), verbose=0)
    assert model.optimizer.built
    lines.clear()
    model.summary(print_fn=lines.append)
    text = "\n".join(lines)
    assert " Total params: 26 (104.00 B)" in text and " Optimizer params: 18 (72.00 B)" in text


def test_a_built_layer_holds_to_its_input_spec_only():
    # Keras's InputSpec: a layer with weights checks the last axis, one without (or an Embedding) nothing
    dense = layers.Dense(2)
    dense(np.zeros((1, 5, 3), "float32"))
    assert dense(np.zeros((2, 9, 3), "float32")).shape == (2, 9, 2)
    with pytest.raises(ShapeError, match="expects inputs of shape"):
        dense(np.zeros((2, 9, 4), "float32"))
    embed = layers.Embedding(5, 2)
    embed(np.zeros((1, 4), "int32"))
    assert embed(np.zeros((2, 7), "int32")).shape == (2, 7, 2) and embed(np.zeros((3,), "int32")).shape == (3, 2)
    norm = layers.LayerNormalization()
    norm(np.zeros((1, 3, 4), "float32"))
    assert norm(np.zeros((1, 6, 4), "float32")).shape == (1, 6, 4)
    with pytest.raises(ShapeError):
        norm(np.zeros((1, 6, 5), "float32"))


def test_validation_batches_of_a_generator_are_read_once_and_replayed():
    drawn: list[int] = []

    def stream():
        i = 0
        while True:
            drawn.append(i % 3)
            yield np.full((2, 3), i % 3, "float32"), np.ones((2, 1), "float32")
            i += 1

    model = keras.Sequential([keras.Input((3,)), layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    history = model.fit(stream(), steps_per_epoch=2, epochs=3, verbose=0, validation_data=stream(),
                        validation_steps=2)
    assert len(drawn) == 3 * 2 + 2  # real Keras: the validation generator is drawn from in the first epoch only
    assert len(history.history["val_loss"]) == 3


def test_a_weight_sized_by_an_unknown_dimension_is_one_clear_error():
    with pytest.raises(ShapeError, match=r"layer 'wide' \(Dense\).*not None.*\(None, None\)"):
        keras.Sequential([keras.Input((None,)), layers.Dense(2, name="wide")])
    with pytest.raises(ShapeError, match="not None"):
        keras.Sequential([keras.Input((None, 3)), layers.Flatten(), layers.Dense(2)])
