"""Masks (``ligero.masks``): attached to tensors, passed on by the layers that support them, freed with them.

The numbers against real Keras are in the reference programs ``tests/reference/keras/layer_masking_*.py``.
"""

from __future__ import annotations

import gc

import numpy as np
import pytest

import ligero.keras as keras
from ligero import masks
from ligero.errors import ShapeError
from ligero.keras import layers

TOKENS = np.array([[4, 2, 0], [1, 0, 0]])


def test_embedding_attaches_the_mask_and_it_is_freed_with_the_tensor() -> None:
    out = layers.Embedding(10, 2, mask_zero=True)(TOKENS)
    np.testing.assert_array_equal(masks.get_mask(out), TOKENS != 0)
    assert masks.get_mask(layers.Embedding(10, 2)(TOKENS)) is None  # mask_zero=False: no mask
    del out
    gc.collect()
    assert not masks.masks_in_use()


def test_layers_that_support_masking_pass_it_on_and_others_warn() -> None:
    embedded = layers.Embedding(10, 2, mask_zero=True)(TOKENS)
    dense = layers.Dense(3)(embedded)
    np.testing.assert_array_equal(masks.get_mask(dense), TOKENS != 0)
    with pytest.warns(UserWarning, match="does not support masking"):
        flat = layers.Flatten()(dense)
    assert masks.get_mask(flat) is None
    assert masks.get_mask(layers.LSTM(2)(embedded)) is None  # the last output: no time axis left
    np.testing.assert_array_equal(masks.get_mask(layers.GRU(2, return_sequences=True)(embedded)), TOKENS != 0)


def test_masking_layer_formula_and_config() -> None:
    x = np.array([[[1.0, 2.0], [-1.0, -1.0], [0.0, -1.0]]], dtype=np.float32)
    layer = layers.Masking(mask_value=-1.0)
    y = layer(x)
    np.testing.assert_array_equal(masks.get_mask(y), [[True, False, True]])
    np.testing.assert_array_equal(np.asarray(y), [[[1.0, 2.0], [0.0, 0.0], [0.0, -1.0]]])
    assert layers.Masking.from_config(layer.get_config()).mask_value == -1.0


def test_an_explicit_mask_and_its_shape_error() -> None:
    x = np.random.default_rng(0).standard_normal((2, 3, 2)).astype(np.float32)
    lstm = layers.LSTM(2, return_sequences=True)
    full = np.asarray(lstm(x, mask=np.ones((2, 3), bool)))
    np.testing.assert_allclose(full, np.asarray(lstm(x)), rtol=1e-6)  # an all-true mask changes nothing
    held = np.asarray(lstm(x, mask=np.array([[True, False, True], [True, True, True]])))
    np.testing.assert_allclose(held[0, 1], held[0, 0], rtol=1e-6)  # a masked step repeats the last output
    with pytest.raises(ShapeError, match=r"\(batch, timesteps\) = \(2, 3\)"):
        lstm(x, mask=np.ones((2, 4), bool))


def test_masked_training_with_recurrent_dropout() -> None:
    tokens = np.random.default_rng(1).integers(0, 6, (16, 5))
    model = keras.Sequential([keras.Input((5,), dtype="int32"), layers.Embedding(6, 4, mask_zero=True),
                              layers.GRU(3, dropout=0.2, recurrent_dropout=0.2), layers.Dense(1, activation="sigmoid")])
    model.compile("adam", "binary_crossentropy", metrics=["accuracy"])
    history = model.fit(tokens, (tokens.sum(1) > 12).astype(np.float32), epochs=2, batch_size=4, verbose=0)
    assert np.isfinite(history.history["loss"]).all()
