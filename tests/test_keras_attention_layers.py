"""Attention and AdditiveAttention (Keras face): formulas, masks (given and carried), gradients, bad input."""

from __future__ import annotations

import numpy as np
import pytest

import ligero.keras as keras
from ligero.errors import ConfigError, ShapeError
from ligero.gradcheck import gradcheck
from ligero.layers import get_class
from ligero.masks import get_mask
from ligero.tensor import Tensor

Q_MASK = np.array([[1, 1, 0], [1, 0, 1]], bool)
V_MASK = np.array([[1, 1, 1, 0, 0], [0, 1, 1, 1, 1]], bool)


def _data(seed: int = 0):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((2, 3, 4)), rng.standard_normal((2, 5, 6)), rng.standard_normal((2, 5, 4))


def _softmax(s):
    e = np.exp(s - s.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)


def _built(layer, q, v, k, seed: int = 1):
    layer([q, v, k])
    rng = np.random.default_rng(seed)
    layer.set_weights([rng.uniform(0.5, 1.5, w.shape) for w in layer.get_weights()])
    return layer


def _expected_scores(kind: str, weights: list[np.ndarray], q, k) -> np.ndarray:
    summed = q[:, :, None, :] + k[:, None, :, :]
    if kind == "dot":
        return weights[0] * q @ k.transpose(0, 2, 1)
    if kind == "concat":
        scale, concat = weights
        return concat * np.tanh(scale * summed).sum(-1)
    return (weights[0] * np.tanh(summed)).sum(-1)


def _layer(kind: str, **kwargs):
    if kind == "additive":
        return keras.layers.AdditiveAttention(dtype="float64", **kwargs)
    return keras.layers.Attention(use_scale=True, score_mode=kind, dtype="float64", **kwargs)


@pytest.mark.parametrize("kind", ["dot", "concat", "additive"])
def test_output_is_the_formula_of_the_docstring(kind) -> None:
    q, v, k = _data()
    layer = _built(_layer(kind), q, v, k)
    out, scores = layer([q, v, k], return_attention_scores=True)
    weights = _softmax(_expected_scores(kind, layer.get_weights(), q, k))
    assert out.shape == (2, 3, 6) and scores.shape == (2, 3, 5)
    np.testing.assert_allclose(scores.array, weights, rtol=1e-10)
    np.testing.assert_allclose(out.array, weights @ v, rtol=1e-10)


def test_weights_are_keras_weights() -> None:
    q, v, k = _data()
    shapes = {}
    for name, layer in (("plain", keras.layers.Attention()), ("scaled", keras.layers.Attention(use_scale=True)),
                        ("concat", keras.layers.Attention(score_mode="concat")),
                        ("additive", keras.layers.AdditiveAttention()),
                        ("additive_plain", keras.layers.AdditiveAttention(use_scale=False))):
        layer([q, v, k])
        shapes[name] = [(w.name, w.shape) for w in layer.weights]
    assert shapes == {"plain": [], "scaled": [("scale", ())], "concat": [("concat_score_weight", ())],
                      "additive": [("scale", (4,))], "additive_plain": []}


def test_value_mask_query_mask_and_causal_mask() -> None:
    q, v, k = _data(2)
    layer = _built(_layer("dot"), q, v, k)
    out, scores = layer([q, v, k], mask=[Q_MASK, V_MASK], return_attention_scores=True)
    logits = _expected_scores("dot", layer.get_weights(), q, k) - 1e9 * ~V_MASK[:, None, :]
    np.testing.assert_allclose(scores.array, _softmax(logits), rtol=1e-10)
    assert np.all(scores.array[~np.broadcast_to(V_MASK[:, None, :], (2, 3, 5))] == 0)
    np.testing.assert_allclose(out.array, np.where(Q_MASK[..., None], _softmax(logits) @ v, 0.0), rtol=1e-10)
    _, causal = layer([q, v, k], mask=[None, V_MASK], use_causal_mask=True, return_attention_scores=True)
    assert np.all(np.triu(causal.array[0], 1) == 0)
    # row 0 of the second sample sees no key (key 0 is masked, the others are later): Keras's lowered scores
    # give the softmax of the plain scores there
    row = _expected_scores("dot", layer.get_weights(), q, k)[1, 0]
    np.testing.assert_allclose(causal.array[1, 0], _softmax(row - 1e9), rtol=1e-6)


def test_masks_from_an_embedding_reach_the_layer_and_the_output() -> None:
    tokens = np.array([[4, 2, 7, 0, 0], [1, 5, 0, 0, 0]])
    embedding = keras.layers.Embedding(10, 4, mask_zero=True, dtype="float64")
    layer = keras.layers.Attention(dtype="float64")
    seq = embedding(tokens)
    carried = layer([seq, seq])
    given = layer([seq, seq], mask=[tokens != 0, tokens != 0])
    np.testing.assert_array_equal(carried.array, given.array)
    assert not np.allclose(carried.array, layer([seq, seq], mask=[None, None]).array)
    np.testing.assert_array_equal(get_mask(carried), tokens != 0)
    inputs = keras.Input(shape=(5,), dtype="int32")
    embedded = keras.layers.Embedding(10, 4, mask_zero=True)(inputs)
    pooled = keras.layers.GlobalAveragePooling1D()(keras.layers.Attention()([embedded, embedded]))
    model = keras.Model(inputs, pooled)
    expected = np.zeros((2, 4))
    for n, row in enumerate(tokens):
        e = model.get_weights()[0][row[row != 0]]
        expected[n] = (_softmax(e @ e.T) @ e).mean(0)
    np.testing.assert_allclose(model.predict(tokens, verbose=0), expected, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("kind", ["dot", "concat", "additive"])
def test_gradients_match_finite_differences(kind) -> None:
    q, v, k = _data(3)
    layer = _built(_layer(kind), q, v, k)
    assert gradcheck(lambda a, b, c: layer([a, b, c], mask=[Q_MASK, V_MASK]), [q, v, k]) < 1e-6
    assert gradcheck(lambda a, b: layer([a, b], use_causal_mask=True), [q[..., :4], v[..., :4]]) < 1e-6
    w = np.random.default_rng(4).standard_normal((2, 3, 6))
    for param in [p.param for p in layer.weights]:
        param.grad = None  # the gradchecks above reached the weights too
        out = layer([q, v, k], mask=[None, V_MASK])
        (out * Tensor(w)).sum().backward()
        numeric = np.zeros_like(param.array)
        for index in np.ndindex(param.shape):
            original = param.array[index]
            losses = []
            for step in (1e-6, -1e-6):
                param.array[index] = original + step
                losses.append(float((layer([q, v, k], mask=[None, V_MASK]).array * w).sum()))
            param.array[index] = original
            numeric[index] = (losses[0] - losses[1]) / 2e-6
        np.testing.assert_allclose(param.grad.array, numeric, rtol=1e-6, atol=1e-8)


def test_dropout_only_in_training() -> None:
    q, v, k = _data(5)
    layer = keras.layers.Attention(dropout=0.5, seed=3, dtype="float64")
    first = layer([q, v, k]).array
    np.testing.assert_array_equal(layer([q, v, k]).array, first)
    _, scores = layer([q, v, k], training=True, return_attention_scores=True)
    kept = scores.array[scores.array != 0]
    assert 0 < kept.size < scores.array.size
    assert np.all(scores.array <= 2.0 + 1e-12)  # weights ≤ 1, kept ones scaled by 1 / (1 - 0.5)


def test_config_rebuilds_the_layers() -> None:
    q, v, k = _data()
    for layer in (keras.layers.Attention(use_scale=True, score_mode="concat", dropout=0.1, seed=2),
                  keras.layers.AdditiveAttention(use_scale=False)):
        config = layer.get_config()
        again = get_class(type(layer).__name__).from_config(config)
        again([q, v, k])
        assert again.get_config() == config
    assert "score_mode" not in keras.layers.AdditiveAttention().get_config()


def test_functional_model_trains_and_round_trips(tmp_path) -> None:
    keras.utils.set_random_seed(6)  # the initial draws (and so how far the scale moves) fixed
    rng = np.random.default_rng(6)
    tokens = rng.integers(0, 10, (8, 5))
    inputs = keras.Input(shape=(5,), dtype="int32")
    embedded = keras.layers.Embedding(10, 4, mask_zero=True)(inputs)
    attended = keras.layers.Attention(use_scale=True)([embedded, embedded], use_causal_mask=True)
    model = keras.Model(inputs, keras.layers.Dense(1)(keras.layers.GlobalAveragePooling1D()(attended)))
    model.compile(optimizer=keras.optimizers.SGD(0.5), loss="mse")
    before = model.get_weights()[1].copy()
    model.fit(tokens, rng.standard_normal((8, 1)), epochs=2, verbose=0)
    assert model.weights[1].name == "scale" and model.get_weights()[1] != before  # the scale is trained too
    model.save(tmp_path / "m.keras")
    loaded = keras.models.load_model(tmp_path / "m.keras")
    np.testing.assert_allclose(loaded.predict(tokens, verbose=0), model.predict(tokens, verbose=0), rtol=1e-6)
    assert loaded.layers[2]._graph_causal


def test_bad_input_gives_one_clear_error() -> None:
    q, v, k = _data()
    with pytest.raises(ConfigError, match="score_mode"):
        keras.layers.Attention(score_mode="general")
    with pytest.raises(ConfigError, match="dropout"):
        keras.layers.Attention(dropout=1.5)
    with pytest.raises(ShapeError, match=r"list of inputs, namely \[query, value\]"):
        keras.layers.Attention()(q)
    with pytest.raises(ShapeError, match=r"key \(None, Tv, dim\)"):
        keras.layers.Attention()([q, v])  # no key: the value's 6 features do not meet the query's 4
    layer = keras.layers.AdditiveAttention()
    layer([q, v, k])
    with pytest.raises(ShapeError, match="built for queries of 4 features"):
        layer([q[..., :3], v, k[..., :3]])
    with pytest.raises(ShapeError, match=r"the value mask must have shape \(2, 5\)"):
        layer([q, v, k], mask=[None, V_MASK[:, :4]])
    with pytest.raises(ConfigError, match="mask must be a list"):
        layer([q, v, k], mask=V_MASK)
    inputs = keras.Input(shape=(3, 4))
    with pytest.raises(ConfigError, match="functional model"):
        keras.layers.Attention()([inputs, inputs], return_attention_scores=True)
