"""TextVectorization (Keras face, output_mode="int"): standardize, split, adapt's vocabulary order, bad input."""

from __future__ import annotations

import numpy as np
import pytest

import ligero.keras as keras
from ligero.errors import ConfigError, DataError, ShapeError

TEXTS = ["The cat sat on the mat.", "The dog, the CAT!", "a dog"]


def test_adapt_orders_by_count_then_ties_by_descending_token() -> None:
    layer = keras.layers.TextVectorization()
    layer.adapt(TEXTS)
    # the: 4, cat: 2, dog: 2 (tie: 'dog' > 'cat'), then the ones seen once in descending order
    assert layer.get_vocabulary() == ["", "[UNK]", "the", "dog", "cat", "sat", "on", "mat", "a"]
    assert layer.get_vocabulary(include_special_tokens=False)[0] == "the"
    assert layer.vocabulary_size() == 9
    small = keras.layers.TextVectorization(max_tokens=5)
    small.adapt(np.array(TEXTS))
    assert small.get_vocabulary() == ["", "[UNK]", "the", "dog", "cat"]


def test_call_maps_tokens_pads_and_cuts() -> None:
    layer = keras.layers.TextVectorization(max_tokens=6, output_sequence_length=4)
    layer.adapt(TEXTS)
    out = layer(["the CAT and, the dog", "mat", ""])
    assert out.array.dtype == np.int64
    np.testing.assert_array_equal(out.array, [[2, 4, 1, 2], [1, 0, 0, 0], [0, 0, 0, 0]])
    ragged = keras.layers.TextVectorization(vocabulary=["a", "b"])
    np.testing.assert_array_equal(ragged(np.array([["b a b"], ["a"]])).array, [[3, 2, 3], [2, 0, 0]])
    np.testing.assert_array_equal(ragged("c a").array, [[1, 2]])


def test_standardize_and_split_options() -> None:
    texts = ["Hello, World! hello-world"]
    results = {}
    for standardize in (None, "lower", "strip_punctuation", "lower_and_strip_punctuation"):
        layer = keras.layers.TextVectorization(standardize=standardize)
        layer.adapt(texts)
        results[standardize] = sorted(layer.get_vocabulary(False))
    assert results == {None: ["Hello,", "World!", "hello-world"], "lower": ["hello,", "hello-world", "world!"],
                       "strip_punctuation": ["Hello", "World", "helloworld"],
                       "lower_and_strip_punctuation": ["hello", "helloworld", "world"]}
    chars = keras.layers.TextVectorization(split="character", standardize=None)
    chars.adapt(["abba"])
    assert chars.get_vocabulary() == ["", "[UNK]", "b", "a"]
    custom = keras.layers.TextVectorization(standardize=lambda s: s.upper(), split=lambda s: s.split("|"))
    custom.adapt(["x|y|x"])
    assert custom.get_vocabulary() == ["", "[UNK]", "X", "Y"]


def test_adapt_on_batches_and_config_round_trip() -> None:
    layer = keras.layers.TextVectorization(max_tokens=10, output_sequence_length=3)
    layer.adapt(batch for batch in (TEXTS[:2], TEXTS[2:]))  # an iterable of batches (as a dataset)
    whole = keras.layers.TextVectorization(max_tokens=10, output_sequence_length=3)
    whole.adapt(TEXTS)
    assert layer.get_vocabulary() == whole.get_vocabulary()
    again = keras.layers.TextVectorization.from_config(layer.get_config())
    np.testing.assert_array_equal(again(TEXTS).array, layer(TEXTS).array)
    model = keras.Sequential([keras.Input(shape=(3,), dtype="int32"), keras.layers.Embedding(10, 2),
                              keras.layers.GlobalAveragePooling1D(), keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    before = model.get_weights()[0].copy()
    model.fit(layer(TEXTS), np.ones((3, 1)), epochs=2, verbose=0)
    assert not np.allclose(model.get_weights()[0], before)


def test_bad_input_gives_one_clear_error() -> None:
    with pytest.raises(ConfigError, match="output_mode='int'"):
        keras.layers.TextVectorization(output_mode="multi_hot")
    with pytest.raises(ConfigError, match="standardize"):
        keras.layers.TextVectorization(standardize="upper")
    with pytest.raises(ConfigError, match="max_tokens must be at least 3"):
        keras.layers.TextVectorization(max_tokens=2)
    with pytest.raises(ConfigError, match="exceed max_tokens=3"):
        keras.layers.TextVectorization(max_tokens=3, vocabulary=["a", "b"])
    with pytest.raises(ConfigError, match="no vocabulary"):
        keras.layers.TextVectorization()(["a"])
    layer = keras.layers.TextVectorization(vocabulary=["a"])
    with pytest.raises(ShapeError, match=r"\(N,\) or \(N, 1\)"):
        layer(np.array([["a", "b"]]))
    with pytest.raises(DataError, match="expects strings"):
        layer([1, 2])
