"""Keras-style layers: gradient checks, Dropout, lazy build, shape errors, dtypes, configs.

Gradient checks run in float64 through ``ligero.gradcheck`` (backprop against
central differences). To check a gradient with respect to a layer's weights,
the function under test puts the gradcheck leaves into the layer
(``layer.kernel = W``) before calling it, so every perturbation of ``W`` is seen.
"""

from __future__ import annotations

import numpy as np
import pytest

import ligero as lg
from conftest import assert_gradcheck, away_from_zero, randn
from ligero import activations, layers
from ligero.errors import ConfigError, ShapeError

ACTIVATIONS = ["linear", "sigmoid", "tanh", "relu", "leaky_relu", "elu", "softmax"]


def _dense64(units: int, in_features: int, seed: int = 0, **kwargs) -> layers.Dense:
    layer = layers.Dense(units, dtype="float64", seed=seed, bias_initializer="glorot_uniform", **kwargs)
    layer.build_for((in_features,))
    return layer


# ------------------------------------------------------------------- Dense
@pytest.mark.parametrize("use_bias", [True, False], ids=["bias", "no_bias"])
@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_dense_gradcheck_input_kernel_bias(activation, use_bias):
    layer = _dense64(4, 3, activation=activation, use_bias=use_bias)
    x = away_from_zero(5, 3, seed=1)
    kernel = layer.kernel.array.copy()
    bias = layer.bias.array.copy() if use_bias else None
    pre = x @ kernel + (bias if use_bias else 0)
    assert np.abs(pre).min() > 1e-3, "inputs must stay away from the kinks of relu/leaky_relu/elu"

    def f(x, w, *b):
        layer.kernel = w
        if use_bias:
            layer.bias = b[0]
        return layer(x)

    assert len(layer.parameters()) == (2 if use_bias else 1)
    inputs = [x, kernel] + ([bias] if use_bias else [])
    assert_gradcheck(f, inputs)


@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_dense_forward_matches_numpy(activation):
    layer = _dense64(4, 3, activation=activation)
    x = randn(6, 3, seed=2)
    z = x @ layer.kernel.data + layer.bias.data
    expected = {
        "linear": z,
        "sigmoid": 1 / (1 + np.exp(-z)),
        "tanh": np.tanh(z),
        "relu": np.maximum(z, 0),
        "leaky_relu": np.where(z > 0, z, 0.2 * z),  # Keras 3's default negative_slope
        "elu": np.where(z > 0, z, np.expm1(z)),
        "softmax": np.exp(z) / np.exp(z).sum(axis=1, keepdims=True),
    }[activation]
    np.testing.assert_allclose(layer(x).data, expected, rtol=1e-12, atol=1e-14)


def test_activation_parameters_and_layer():
    z = np.array([[-2.0, -0.5, 0.5, 2.0]])
    leaky = activations.get("leaky_relu", alpha=0.1)
    np.testing.assert_allclose(leaky(lg.tensor(z, dtype="float64")).data, [[-0.2, -0.05, 0.5, 2.0]])
    elu = activations.get({"name": "elu", "alpha": 0.1})
    np.testing.assert_allclose(elu(lg.tensor(z, dtype="float64")).data[0, :2], 0.1 * np.expm1(z[0, :2]))
    layer = layers.Activation("tanh")
    assert_gradcheck(lambda x: layer(x), [away_from_zero(3, 4)])
    layer = layers.Activation({"name": "leaky_relu", "alpha": 0.2})
    assert_gradcheck(lambda x: layer(x), [away_from_zero(3, 4, seed=5)])


# ---------------------------------------------------- Concatenate / shape layers
def test_concatenate_gradient_flows_to_both_inputs():
    layer = layers.Concatenate()
    a, b = randn(4, 2, seed=1), randn(4, 3, seed=2)
    assert_gradcheck(lambda a, b: layer([a, b]), [a, b])
    ta = lg.tensor(a, requires_grad=True)
    tb = lg.tensor(b, requires_grad=True)
    out = layer([ta, tb])
    assert out.shape == (4, 5)
    g = randn(4, 5, seed=3)
    out.backward(g)
    np.testing.assert_array_equal(ta.grad, g[:, :2])
    np.testing.assert_array_equal(tb.grad, g[:, 2:])


def test_concatenate_other_axis_and_shape_error():
    layer = layers.Concatenate(axis=1)  # axis counts the batch, as in Keras
    a, b = randn(2, 3, 4, seed=1), randn(2, 1, 4, seed=2)
    assert layer([a, b]).shape == (2, 4, 4)
    assert_gradcheck(lambda a, b: layer([a, b]), [a, b])
    bad = layers.Concatenate(name="joiner")
    with pytest.raises(ShapeError, match=r"joiner.*\(None, 2, 3\).*\(None, 3, 3\)"):
        bad([randn(5, 2, 3), randn(5, 3, 3)])
    with pytest.raises(ShapeError, match="at least two"):
        layers.Concatenate()(lg.Input(3))


def test_flatten_and_reshape_gradcheck():
    flatten = layers.Flatten()
    x = randn(2, 3, 4, seed=4)
    assert flatten(x).shape == (2, 12)
    assert flatten.output_shape == (12,)
    assert_gradcheck(lambda x: flatten(x), [x])
    reshape = layers.Reshape((4, 3))
    y = randn(2, 12, seed=5)
    assert reshape(y).shape == (2, 4, 3)
    np.testing.assert_array_equal(reshape(y).data, y.reshape(2, 4, 3))
    assert_gradcheck(lambda y: reshape(y), [y])


# ----------------------------------------------- a layer that is not the first
def test_gradient_of_second_layer_and_of_first_input_in_two_layer_net():
    first = _dense64(4, 3, seed=1, activation="tanh")
    second = _dense64(2, 4, seed=2, activation="sigmoid")
    x = randn(5, 3, seed=6)
    w1, b1 = first.kernel.array.copy(), first.bias.array.copy()
    w2, b2 = second.kernel.array.copy(), second.bias.array.copy()

    def net(x, w1, b1, w2, b2):
        first.kernel, first.bias, second.kernel, second.bias = w1, b1, w2, b2
        return second(first(x))

    assert_gradcheck(net, [x, w1, b1, w2, b2])

    # The same gradients by hand (chain rule written out), for the scalar Σ out.
    h = np.tanh(x @ w1 + b1)
    out = 1 / (1 + np.exp(-(h @ w2 + b2)))
    d2 = out * (1 - out)  # dΣout/dz2
    grad_w2 = h.T @ d2
    d1 = (d2 @ w2.T) * (1 - h**2)
    grad_w1, grad_x = x.T @ d1, d1 @ w1.T
    leaves = [lg.tensor(a, requires_grad=True) for a in (x, w1, b1, w2, b2)]
    net(*leaves).sum().backward()
    np.testing.assert_allclose(leaves[3].grad, grad_w2, rtol=1e-12)
    np.testing.assert_allclose(leaves[1].grad, grad_w1, rtol=1e-12)
    np.testing.assert_allclose(leaves[0].grad, grad_x, rtol=1e-12)


def test_second_layer_parameters_get_gradients_in_a_model():
    lg.set_seed(0)
    model = lg.Sequential([layers.Dense(4, activation="relu", input_dim=3), layers.Dense(2)])
    loss = lg.losses.MeanSquaredError()(np.zeros((6, 2), np.float32), model(randn(6, 3).astype(np.float32)))
    loss.backward()
    for p in model.parameters():
        assert p.grad is not None and p.grad.shape == p.shape


# ----------------------------------------------------------------- Dropout
def test_dropout_is_identity_in_eval_mode():
    drop = layers.Dropout(0.5, seed=0)
    drop.eval()
    x = lg.tensor(randn(10, 20).astype(np.float32))
    assert drop(x) is x
    model = lg.Sequential([layers.Dense(8, input_dim=4, seed=1), layers.Dropout(0.9, seed=2)])
    model.compile(loss="mse")
    x = randn(16, 4).astype(np.float32)
    np.testing.assert_array_equal(model.predict(x), model.predict(x))
    assert np.all(model.predict(x) != 0)


def test_dropout_in_training_zeros_a_rate_fraction_and_scales_the_rest():
    rate = 0.3
    drop = layers.Dropout(rate, seed=0)
    drop.train()
    x = np.full((400, 250), 2.0, dtype=np.float32)
    out = drop(x).array
    assert out.dtype == np.float32
    zeros = np.mean(out == 0)
    assert abs(zeros - rate) < 0.01, zeros
    kept = out[out != 0]
    np.testing.assert_allclose(kept, 2.0 / (1 - rate), rtol=1e-6)
    # the expectation is preserved
    assert abs(out.mean() - 2.0) < 0.02


def test_dropout_gradient_uses_the_same_mask():
    drop = layers.Dropout(0.5, seed=3)
    values = np.random.default_rng(0).uniform(0.5, 2, (30, 40))
    x = lg.tensor(values, requires_grad=True)
    out = drop(x, training=True)
    g = randn(30, 40, seed=1)
    out.backward(g)
    mask = out.data / values  # 0 or 1/(1-rate) per element
    assert set(np.unique(np.round(mask, 12))) == {0.0, 2.0}
    np.testing.assert_allclose(x.grad, g * mask, rtol=1e-12)


def test_dropout_seed_rate_zero_and_bad_rate():
    a, b = layers.Dropout(0.5, seed=7), layers.Dropout(0.5, seed=7)
    x = np.ones((8, 8), np.float32)
    np.testing.assert_array_equal(a(x, training=True).data, b(x, training=True).data)
    assert not np.array_equal(a(x, training=True).data, a(x, training=True).data)  # a new mask for every call
    x_t = lg.tensor(x)
    assert layers.Dropout(0.0)(x_t, training=True) is x_t
    assert a(x_t) is x_t  # called without training=True: inference, as Keras's
    for rate in (-0.1, 1.0, 1.5):
        with pytest.raises(ConfigError, match="rate"):
            layers.Dropout(rate)


# ------------------------------------------------------- lazy build, shapes
def test_lazy_build_infers_shapes_from_the_first_input():
    layer = layers.Dense(5, name="lazy")
    assert not layer.built and layer.kernel is None
    out = layer(np.zeros((2, 7), np.float32))
    assert layer.built
    assert layer.kernel.shape == (7, 5) and layer.bias.shape == (5,)
    assert layer.input_shape == (7,) and layer.output_shape == (5,)
    assert out.shape == (2, 5)
    assert layer(np.zeros((9, 7), np.float32)).shape == (9, 5)  # any batch size


def test_shape_mismatch_names_the_layer_and_both_shapes():
    layer = layers.Dense(5, name="hidden_one")
    layer(np.zeros((2, 7), np.float32))
    with pytest.raises(ShapeError) as info:
        layer(np.zeros((2, 8), np.float32))
    message = str(info.value)
    assert "hidden_one" in message and "(None, 7)" in message and "(None, 8)" in message

    declared = layers.Dense(3, input_dim=4, name="declared")
    with pytest.raises(ShapeError, match=r"declared.*\(None, 4\).*\(None, 6\)"):
        declared(np.zeros((1, 6), np.float32))

    last_axis = layers.Dense(3, name="last_axis")  # as Keras's: applied to the last axis
    assert last_axis(np.zeros((1, 2, 5), np.float32)).shape == (1, 2, 3)
    assert last_axis.kernel.shape == (5, 3)


def test_functional_shape_mismatch_and_sequential_chain():
    x = lg.Input(4)
    shared = layers.Dense(3, name="shared_dense")
    shared(x)
    with pytest.raises(ShapeError, match=r"shared_dense.*\(None, 4\).*\(None, 5\)"):
        shared(lg.Input(5))
    model = lg.Sequential([layers.Dense(6, input_dim=4), layers.Dense(2, name="top")])
    assert model.layers[1].kernel.shape == (6, 2)  # built from the previous layer's output
    with pytest.raises(ShapeError, match=r"\(None, 4\).*\(None, 3\)|\(None, 3\).*\(None, 4\)"):
        model(np.zeros((2, 3), np.float32))


def test_unknown_activation_lists_the_known_names():
    with pytest.raises(ConfigError) as info:
        layers.Dense(3, activation="swishy")
    message = str(info.value)
    assert "swishy" in message
    for name in ACTIVATIONS:
        assert name in message
    with pytest.raises(ConfigError, match="tanh"):
        layers.Activation("nope")
    with pytest.raises(ConfigError, match="alpha|parameter"):
        activations.get("tanh", alpha=0.1)
    with pytest.raises(ConfigError, match="units"):
        layers.Dense(0)


# ------------------------------------------------------------------ dtypes
def test_float32_preserved_through_layers_forward_and_backward():
    lg.set_seed(0)
    model = lg.Sequential([
        layers.Reshape((2, 6), input_shape=(12,)),
        layers.Flatten(),
        layers.Dense(8, activation="elu"),
        layers.Dropout(0.2, seed=1),
        layers.Dense(3, activation="softmax"),
    ])
    x = lg.tensor(randn(5, 12).astype(np.float32), requires_grad=True)
    out = model(x, training=True)
    assert out.dtype == np.float32
    loss = lg.losses.SparseCategoricalCrossentropy()(np.array([0, 1, 2, 0, 1]), out)
    assert loss.dtype == np.float32
    loss.backward()
    assert x.grad.dtype == np.float32
    for p in model.parameters():
        assert p.dtype == np.float32 and p.grad.dtype == np.float32


def test_float64_layers_stay_float64():
    layer = layers.Dense(3, activation="tanh", dtype="float64")
    x = lg.tensor(randn(4, 2), requires_grad=True)
    out = layer(x)
    out.sum().backward()
    assert layer.kernel.dtype == np.float64 and out.dtype == np.float64
    assert layer.kernel.grad.dtype == np.float64 and x.grad.dtype == np.float64


# ------------------------------------------------------------------ config
@pytest.mark.parametrize(
    "layer",
    [
        layers.Dense(3, activation={"name": "leaky_relu", "alpha": 0.2}, use_bias=False,
                     kernel_regularizer=lg.regularizers.L2(0.01), input_dim=4, dtype="float64"),
        layers.Activation("elu"),
        layers.Flatten(),
        layers.Reshape((2, 3)),
        layers.Dropout(0.25, seed=4),
        layers.Concatenate(axis=1),
    ],
    ids=lambda layer: type(layer).__name__,
)
def test_get_config_rebuilds_the_same_layer(layer):
    config = layer.get_config()
    clone = type(layer).from_config(config)
    assert clone.get_config() == config
    assert clone.dtype == layer.dtype


def test_layer_names_are_unique():
    names = {layers.Dense(1).name for _ in range(5)}
    assert len(names) == 5
