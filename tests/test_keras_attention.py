"""MultiHeadAttention (Keras face) and the shared attention kernel: formula, gradients, masks, bad input."""

from __future__ import annotations

import numpy as np
import pytest

import ligero.keras as keras
from ligero.errors import ConfigError, ShapeError
from ligero.gradcheck import gradcheck
from ligero.layers import get_class
from ligero.ops.attention import attention_weights
from ligero.tensor import Tensor


def _layer(seed: int = 0, **kwargs):
    return keras.layers.MultiHeadAttention(num_heads=2, key_dim=3, dtype="float64", seed=seed, **kwargs)


def _data(rng, *shapes):
    return [rng.standard_normal(s) for s in shapes]


def test_output_is_the_formula_of_the_docstring() -> None:
    rng = np.random.default_rng(0)
    q, v = _data(rng, (2, 4, 5), (2, 3, 6))
    layer = _layer(value_dim=2, output_shape=7)
    out, scores = layer(q, v, return_attention_scores=True)
    wq, bq, wk, bk, wv, bv, wo, bo = layer.get_weights()
    qh = np.einsum("btd,dhk->bhtk", q, wq) + bq[None, :, None]
    kh = np.einsum("bsd,dhk->bhsk", v, wk) + bk[None, :, None]
    vh = np.einsum("bsd,dhk->bhsk", v, wv) + bv[None, :, None]
    logits = qh @ kh.transpose(0, 1, 3, 2) / np.sqrt(3)
    expected_scores = np.exp(logits) / np.exp(logits).sum(-1, keepdims=True)
    expected = np.einsum("bhtk,hko->bto", expected_scores @ vh, wo) + bo
    assert out.shape == (2, 4, 7) and scores.shape == (2, 2, 4, 3)
    np.testing.assert_allclose(scores.array, expected_scores, rtol=1e-10)
    np.testing.assert_allclose(out.array, expected, rtol=1e-10)


def test_weights_have_keras_shapes_and_order() -> None:
    layer = keras.layers.MultiHeadAttention(num_heads=4, key_dim=2, value_dim=3, output_shape=(2, 5))
    layer(np.zeros((1, 3, 6), "float32"), np.zeros((1, 2, 7), "float32"), np.zeros((1, 2, 8), "float32"))
    assert [w.shape for w in layer.weights] == [(6, 4, 2), (4, 2), (8, 4, 2), (4, 2), (7, 4, 3), (4, 3),
                                                (4, 3, 2, 5), (2, 5)]
    assert layer.weights[0].path == f"{layer.name}/query/kernel"
    assert len(list(layer.parameters())) == 8  # what fit trains


def test_gradients_match_finite_differences() -> None:
    rng = np.random.default_rng(1)
    q, v = _data(rng, (2, 3, 4), (2, 5, 4))
    mask = rng.integers(0, 2, (2, 3, 5)).astype(bool)
    layer = _layer()
    layer(q, v)
    assert gradcheck(lambda a, b: layer(a, b, attention_mask=mask, use_causal_mask=False), [q, v]) < 1e-6
    keep = rng.integers(0, 2, (1, 3, 5)).astype(bool)
    assert gradcheck(lambda a, b: attention_weights(a, b, 0.5, keep=keep), _data(rng, (2, 3, 4), (2, 5, 4))) < 1e-6


def test_a_query_that_may_look_nowhere_gets_zero_weights() -> None:
    rng = np.random.default_rng(2)
    q = rng.standard_normal((1, 3, 4))
    mask = np.ones((1, 3, 3), bool)
    mask[0, 1] = False
    _, scores = _layer()(q, q, attention_mask=mask, return_attention_scores=True)
    assert np.all(scores.array[0, :, 1] == 0)
    np.testing.assert_allclose(scores.array[0, :, [0, 2]].sum(-1), 1.0)


def test_causal_mask_hides_later_keys() -> None:
    q = np.random.default_rng(3).standard_normal((2, 4, 4))
    _, scores = _layer()(q, q, use_causal_mask=True, return_attention_scores=True)
    assert np.all(np.triu(np.ones((4, 4)), 1)[None, None] * scores.array == 0)


def test_dropout_only_in_training() -> None:
    q = np.random.default_rng(4).standard_normal((2, 4, 4))
    layer = _layer(dropout=0.5)
    first = layer(q, q).array
    np.testing.assert_array_equal(layer(q, q).array, first)
    assert not np.allclose(layer(q, q, training=True).array, first)


def test_config_rebuilds_the_layer() -> None:
    layer = _layer(value_dim=4, output_shape=5, use_bias=False)
    layer(np.zeros((1, 2, 3)), np.zeros((1, 2, 3)))
    config = layer.get_config()
    assert config["attention_axes"] == (1,) and config["output_shape"] == (5,)
    again = get_class("MultiHeadAttention").from_config(config)
    again(np.zeros((1, 2, 3)), np.zeros((1, 2, 3)))
    assert [w.shape for w in again.weights] == [w.shape for w in layer.weights]


def test_bad_input_gives_one_clear_error() -> None:
    layer = _layer()
    q = np.zeros((1, 2, 3))
    with pytest.raises(ShapeError, match="attention_mask of shape"):
        layer(q, q, attention_mask=np.ones((1, 3, 3), bool))
    with pytest.raises(ShapeError, match="built for query, value, key features"):
        layer(np.zeros((1, 2, 5)), q)
    with pytest.raises(ShapeError, match="the same S"):
        _layer()(q, np.zeros((1, 4, 3)), np.zeros((1, 5, 3)))
    with pytest.raises(ConfigError, match="attention_axes"):
        keras.layers.MultiHeadAttention(2, 3, attention_axes=2)(np.zeros((1, 2, 3, 4)), np.zeros((1, 2, 3, 4)))
    with pytest.raises(ConfigError, match="num_heads"):
        keras.layers.MultiHeadAttention(0, 3)
    with pytest.raises(TypeError, match="needs a value"):
        layer(q)


def test_functional_model_trains_and_round_trips(tmp_path) -> None:
    rng = np.random.default_rng(5)
    x = rng.standard_normal((8, 4, 3)).astype("float32")
    inputs = keras.Input(shape=(4, 3))
    attended = keras.layers.MultiHeadAttention(2, 2)(inputs, inputs, use_causal_mask=True)
    model = keras.Model(inputs, keras.layers.GlobalAveragePooling1D()(attended))
    model.compile(optimizer="sgd", loss="mse")
    before = model.get_weights()[0].copy()
    model.fit(x, x[:, 0], epochs=1, verbose=0)
    assert not np.allclose(model.get_weights()[0], before)
    model.save(tmp_path / "m.keras")
    loaded = keras.models.load_model(tmp_path / "m.keras")
    np.testing.assert_allclose(loaded.predict(x, verbose=0), model.predict(x, verbose=0), rtol=1e-6)
    with pytest.raises(ConfigError, match="functional model"):
        keras.layers.MultiHeadAttention(2, 2)(inputs, inputs, return_attention_scores=True)


def test_torch_face_weights_still_sum_to_one() -> None:
    q = Tensor(np.random.default_rng(6).standard_normal((2, 3, 4)))
    weights = attention_weights(q, q, 0.5, bias=np.zeros((3, 3)))
    np.testing.assert_allclose(weights.array.sum(-1), 1.0)
