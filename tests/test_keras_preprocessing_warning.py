"""The raw-pixel warning of fit/predict, and its silence when the model rescales its own inputs."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from ligero import keras


def _model(*first: keras.layers.Layer) -> keras.Sequential:
    return keras.Sequential([keras.Input((4, 4, 1)), *first, keras.layers.Flatten(), keras.layers.Dense(2)])


def _pixels() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(0)
    return rng.integers(0, 256, size=(8, 4, 4, 1)).astype("float32"), rng.integers(0, 2, size=8)


def test_raw_pixels_warn():
    x, y = _pixels()
    model = _model()
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    with pytest.warns(UserWarning, match="scale the inputs"):
        model.fit(x, y, epochs=1, verbose=0)


@pytest.mark.parametrize("first", [
    [keras.layers.Rescaling(1 / 255)],
    [keras.layers.RandomFlip("horizontal"), keras.layers.Rescaling(1 / 255)],
], ids=["rescaling", "augment-then-rescaling"])
def test_a_model_that_rescales_its_inputs_is_not_warned(first):
    x, y = _pixels()
    model = _model(*first)
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        model.fit(x, y, epochs=1, verbose=0)
        model.predict(x, verbose=0)
