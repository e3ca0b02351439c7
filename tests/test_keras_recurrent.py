"""Keras's recurrent layers (SimpleRNN, LSTM, GRU, Bidirectional) and LayerNormalization.

Gradients: central differences in float64 for the input and every weight; values and
gradients against PyTorch's own LSTM/GRU/RNN/layer_norm with the weights carried over
(Keras's (in, k·units) kernels transposed, GRU gates z, r, h reordered to r, z, n).
"""

from __future__ import annotations

import numpy as np
import pytest

import ligero.keras as keras
from ligero.errors import ConfigError, ShapeError
from ligero.gradcheck import numerical_gradient
from ligero.keras import layers
from ligero.tensor import Tensor

GRAD_TOL = 1e-6


def _randn(*shape: int, seed: int = 0, scale: float = 1.0) -> np.ndarray:
    return np.random.default_rng(seed).standard_normal(shape) * scale


def _built(layer, x: np.ndarray, seed: int = 1):
    """``layer`` built on ``x`` with random float64-friendly weights of scale 0.5."""
    layer(x)
    layer.set_weights([_randn(*w.shape, seed=seed + i, scale=0.5) for i, w in enumerate(layer.get_weights())])
    return layer


def _worst_gradient_error(layer, x: np.ndarray) -> float:
    """The worst difference between backpropagated and central-difference gradients of
    ``Σ w ⊙ layer(x)`` with respect to ``x`` and each weight."""
    xt = Tensor(x, requires_grad=True)
    params = [v.param for v in layer.weights]
    for p in params:
        p.grad = None
    out = layer(xt)
    weights = np.random.default_rng(7).standard_normal(out.shape)
    out.backward(weights)
    analytic = [xt.grad_array] + [p.grad_array for p in params]
    numeric = numerical_gradient(lambda *ts: layer(ts[0]), [xt, *params], weights)
    return max(float(np.max(np.abs(a - n) / np.maximum(1.0, np.abs(n)))) for a, n in zip(analytic, numeric))


@pytest.mark.parametrize("make", [
    lambda: layers.SimpleRNN(3, return_sequences=True, dtype="float64"),
    lambda: layers.LSTM(3, dtype="float64"),
    lambda: layers.LSTM(2, return_sequences=True, go_backwards=True, dtype="float64"),
    lambda: layers.GRU(3, return_sequences=True, dtype="float64"),
    lambda: layers.GRU(3, reset_after=False, dtype="float64"),
    lambda: layers.Bidirectional(layers.GRU(2, return_sequences=True, dtype="float64"), dtype="float64"),
    lambda: layers.LayerNormalization(dtype="float64"),
    lambda: layers.LayerNormalization(axis=1, dtype="float64"),
    lambda: layers.LayerNormalization(axis=[1, 2], center=False, dtype="float64"),
], ids=["simple_rnn", "lstm", "lstm_backwards", "gru", "gru_reset_before", "bidirectional", "layer_norm",
        "layer_norm_axis1", "layer_norm_two_axes"])
def test_gradients_match_central_differences(make) -> None:
    x = _randn(2, 4, 3, seed=3)
    layer = _built(make(), x)
    assert _worst_gradient_error(layer, x) < GRAD_TOL


def _torch_module(kind: str, layer, torch):
    """PyTorch's recurrent module holding ``layer``'s weights (Keras layout -> PyTorch layout)."""
    kernel, recurrent, bias = layer.get_weights()
    units = recurrent.shape[0]
    module = {"simple_rnn": torch.nn.RNN, "lstm": torch.nn.LSTM, "gru": torch.nn.GRU}[kind](
        kernel.shape[0], units, batch_first=True, dtype=torch.float64)
    if kind == "gru":  # Keras z, r, h -> PyTorch r, z, n
        order = np.concatenate([np.arange(units) + units, np.arange(units), np.arange(units) + 2 * units])
        kernel, recurrent, b_ih, b_hh = kernel[:, order], recurrent[:, order], bias[0][order], bias[1][order]
    else:
        b_ih, b_hh = bias, np.zeros_like(bias)
    with torch.no_grad():
        for name, value in (("weight_ih_l0", kernel.T), ("weight_hh_l0", recurrent.T), ("bias_ih_l0", b_ih),
                            ("bias_hh_l0", b_hh)):
            getattr(module, name).copy_(torch.tensor(np.ascontiguousarray(value)))
    return module


@pytest.mark.parametrize("kind", ["simple_rnn", "lstm", "gru"])
def test_values_and_gradients_match_pytorch(kind: str) -> None:
    torch = pytest.importorskip("torch")
    make = {"simple_rnn": layers.SimpleRNN, "lstm": layers.LSTM, "gru": layers.GRU}[kind]
    x = _randn(3, 5, 4, seed=11)
    layer = _built(make(3, return_sequences=True, dtype="float64"), x, seed=20)
    module = _torch_module(kind, layer, torch)
    xt = torch.tensor(x, requires_grad=True)
    expected = module(xt)[0]
    grad_out = _randn(*expected.shape, seed=5)
    expected.backward(torch.tensor(grad_out))
    ours_x = Tensor(x, requires_grad=True)
    ours = layer(ours_x)
    ours.backward(grad_out)
    np.testing.assert_allclose(ours.array, expected.detach().numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(ours_x.grad_array, xt.grad.numpy(), rtol=1e-9, atol=1e-12)
    kernel_grad = module.weight_ih_l0.grad.numpy().T
    if kind == "gru":
        units = 3
        kernel_grad = np.concatenate([kernel_grad[:, units:2 * units], kernel_grad[:, :units],
                                      kernel_grad[:, 2 * units:]], axis=1)
    np.testing.assert_allclose(layer.cell.kernel.grad_array, kernel_grad, rtol=1e-9, atol=1e-12)


def test_layer_normalization_matches_pytorch() -> None:
    torch = pytest.importorskip("torch")
    x = _randn(2, 3, 5, seed=4, scale=3.0)
    layer = _built(layers.LayerNormalization(epsilon=1e-3, dtype="float64"), x)
    gamma, beta = layer.get_weights()
    xt = torch.tensor(x, requires_grad=True)
    expected = torch.nn.functional.layer_norm(xt, (5,), torch.tensor(gamma), torch.tensor(beta), eps=1e-3)
    grad_out = _randn(2, 3, 5, seed=9)
    expected.backward(torch.tensor(grad_out))
    ours_x = Tensor(x, requires_grad=True)
    ours = layer(ours_x)
    ours.backward(grad_out)
    np.testing.assert_allclose(ours.array, expected.detach().numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(ours_x.grad_array, xt.grad.numpy(), rtol=1e-9, atol=1e-12)


def test_layer_normalization_of_a_middle_axis_is_the_formula() -> None:
    x = _randn(2, 3, 4, seed=8)
    layer = _built(layers.LayerNormalization(axis=1, epsilon=0.1, dtype="float64"), x)
    gamma, beta = layer.get_weights()
    mean, var = x.mean(axis=1, keepdims=True), x.var(axis=1, keepdims=True)
    expected = (x - mean) / np.sqrt(var + 0.1) * gamma[:, None] + beta[:, None]
    np.testing.assert_allclose(layer(x).array, expected, rtol=1e-12)


def test_weight_layouts_and_initial_values_are_keras() -> None:
    lstm, gru = layers.LSTM(4), layers.GRU(4)
    x = np.zeros((1, 2, 3), "float32")
    lstm(x)
    gru(x)
    assert [w.shape for w in lstm.get_weights()] == [(3, 16), (4, 16), (16,)]
    assert [w.shape for w in gru.get_weights()] == [(3, 12), (4, 12), (2, 12)]
    bias = lstm.get_weights()[2]
    np.testing.assert_array_equal(bias, np.concatenate([np.zeros(4), np.ones(4), np.zeros(8)]))
    recurrent = lstm.get_weights()[1]
    np.testing.assert_allclose(recurrent @ recurrent.T, np.eye(4), atol=1e-5)  # orthogonal rows
    assert [w.name for w in lstm.weights] == ["kernel", "recurrent_kernel", "bias"]


def test_return_state_and_initial_state() -> None:
    x = _randn(2, 5, 3, seed=2).astype("float32")
    lstm = layers.LSTM(4, return_sequences=True, return_state=True)
    sequences, h, c = lstm(x)
    assert sequences.shape == (2, 5, 4) and h.shape == (2, 4) and c.shape == (2, 4)
    np.testing.assert_array_equal(sequences.array[:, -1], h.array)
    again, _, _ = lstm(x[:, 3:], initial_state=[h, c])
    whole, _, _ = lstm(np.concatenate([x, x[:, 3:]], axis=1))
    np.testing.assert_allclose(again.array, whole.array[:, 5:], rtol=1e-5, atol=1e-6)
    with pytest.raises(ShapeError, match="initial_state"):
        lstm(x, initial_state=[h])


def test_go_backwards_reads_the_sequence_reversed() -> None:
    x = _randn(2, 4, 3, seed=6).astype("float32")
    forward = _built(layers.GRU(3, return_sequences=True), x)
    backward = layers.GRU(3, return_sequences=True, go_backwards=True)
    backward(x)
    backward.set_weights(forward.get_weights())
    np.testing.assert_allclose(backward(x).array, forward(x[:, ::-1]).array, rtol=1e-6)


def test_bidirectional_concatenates_forward_and_flipped_backward() -> None:
    x = _randn(2, 4, 3, seed=12).astype("float32")
    bi = _built(layers.Bidirectional(layers.SimpleRNN(2, return_sequences=True)), x)
    assert bi.forward_layer.name.startswith("forward_") and bi.backward_layer.go_backwards
    fw, bw = layers.SimpleRNN(2, return_sequences=True), layers.SimpleRNN(2, return_sequences=True)
    fw(x)
    bw(x)
    weights = bi.get_weights()
    fw.set_weights(weights[:3])
    bw.set_weights(weights[3:])
    expected = np.concatenate([fw(x).array, bw(x[:, ::-1]).array[:, ::-1]], axis=-1)
    np.testing.assert_allclose(bi(x).array, expected, rtol=1e-6)
    pair = layers.Bidirectional(layers.SimpleRNN(2), merge_mode=None)
    assert len(pair(x)) == 2


def test_any_number_of_steps_once_built_and_clear_errors() -> None:
    gru = layers.GRU(2)
    gru(np.zeros((1, 3, 4), "float32"))
    assert gru(np.zeros((2, 7, 4), "float32")).shape == (2, 2)
    with pytest.raises(ShapeError, match="gru"):
        gru(np.zeros((2, 7, 5), "float32"))
    with pytest.raises(ShapeError, match="timesteps, features"):
        layers.LSTM(2)(np.zeros((2, 4), "float32"))
    with pytest.raises(NotImplementedError, match="return_state"):
        layers.LSTM(2, return_state=True)(keras.Input(shape=(3, 2)))
    with pytest.raises(ConfigError, match="merge_mode"):
        layers.Bidirectional(layers.LSTM(2), merge_mode="max")
    with pytest.raises(ConfigError, match="recurrent layer"):
        layers.Bidirectional(layers.Dense(2))
    with pytest.raises(ConfigError, match="units"):
        layers.GRU(0)


@pytest.mark.parametrize("make", [
    lambda: layers.LSTM(3, return_sequences=True, unit_forget_bias=False, recurrent_activation="tanh"),
    lambda: layers.GRU(3, reset_after=False, go_backwards=True),
    lambda: layers.SimpleRNN(3, activation="relu", use_bias=False),
    lambda: layers.Bidirectional(layers.LSTM(2), merge_mode="sum"),
    lambda: layers.RNN(layers.GRUCell(2), return_sequences=True),
    lambda: layers.LayerNormalization(axis=[1, 2], epsilon=0.01),
])
def test_config_rebuilds_the_same_layer(make) -> None:
    x = _randn(2, 4, 3, seed=13).astype("float32")
    layer = _built(make(), x)
    config = layer.get_config()
    copy = type(layer).from_config(config)
    copy(x)
    copy.set_weights(layer.get_weights())
    np.testing.assert_allclose(copy(x).array, layer(x).array, rtol=1e-6)
    assert copy.get_config() == config


def test_a_small_lstm_classifier_learns() -> None:
    rng = np.random.default_rng(0)
    x = rng.standard_normal((64, 5, 2)).astype("float32")
    y = (x[:, :, 0].sum(axis=1) > 0).astype("int32")
    model = keras.Sequential([keras.Input(shape=(5, 2)), layers.LSTM(8), layers.Dense(2, activation="softmax")])
    model.compile(optimizer=keras.optimizers.Adam(0.02), loss="sparse_categorical_crossentropy")
    history = model.fit(x, y, batch_size=16, epochs=15, shuffle=False, verbose=0)
    assert history.history["loss"][-1] < 0.6 * history.history["loss"][0]
