"""Conv2D, pooling, global pooling and BatchNormalization layers in both data formats: PyTorch agreement,
gradient checks through a small CNN, summary shapes, saving, and shape errors."""

from __future__ import annotations

import numpy as np
import pytest

import ligero as lg
from conftest import same_pads
from ligero import layers, optimizers
from ligero.errors import ShapeError
from ligero.tensor import Tensor

torch = pytest.importorskip("torch")
F = torch.nn.functional

TOL = 1e-6  # float64 agreement with PyTorch


def _torch_pad(x: torch.Tensor, h: int, w: int, kernel: tuple[int, int], strides: tuple[int, int],
               padding) -> torch.Tensor:
    """``x`` padded as ligero pads it for ``padding`` ("same", "valid", int or pair)."""
    if padding == "valid":
        return x
    if padding == "same":
        top, bottom = same_pads(h, kernel[0], strides[0])
        left, right = same_pads(w, kernel[1], strides[1])
    else:
        ph, pw = (padding, padding) if isinstance(padding, int) else padding
        top = bottom = ph
        left = right = pw
    return F.pad(x, (left, right, top, bottom))


def _out_size(size: int, k: int, s: int, padding) -> int:
    """floor((W − F)/S) + 1 for "valid"; "same" keeps ceil(W / S)."""
    if padding == "same":
        return -(-size // s)
    return (size - k) // s + 1


# kernel, strides, padding; images 7×9 and 8×8 (odd and even, non-square)
CONV_CASES = [
    (3, 1, "valid"),
    (3, 1, "same"),
    (3, 2, "same"),
    (3, 2, "valid"),
    (5, 2, "valid"),
    (1, 1, "valid"),
    ((2, 3), 1, "same"),
    ((3, 1), (2, 1), "valid"),
    ((1, 3), (1, 2), "same"),
    (2, 2, "same"),
]
FORMATS = ["channels_last", "channels_first"]


def _ids(case):
    return "-".join(str(v).replace(" ", "") for v in case)


def _nchw(x: np.ndarray, data_format: str) -> np.ndarray:
    return x.transpose(0, 3, 1, 2) if data_format == "channels_last" else x


def _from_nchw(x: np.ndarray, data_format: str) -> np.ndarray:
    return x.transpose(0, 2, 3, 1) if data_format == "channels_last" else x


@pytest.mark.parametrize("data_format", FORMATS)
@pytest.mark.parametrize("size", [(7, 9), (8, 8)])
@pytest.mark.parametrize("case", CONV_CASES, ids=_ids)
def test_conv2d_layer_matches_torch(case, size, data_format):
    kernel, strides, padding = case
    h, w = size
    rng = np.random.default_rng(1)
    layer = layers.Conv2D(4, kernel, strides=strides, padding=padding, data_format=data_format,
                          bias_initializer="glorot_uniform", dtype="float64")
    x = _from_nchw(rng.standard_normal((2, 3, h, w)), data_format)
    xt = Tensor(x, requires_grad=True)
    y = layer(xt)
    kh, kw = layer.kernel_size
    sh, sw = layer.strides
    assert layer.kernel.shape == (kh, kw, 3, 4)  # Keras's layout in both formats
    expected = (2, 4, _out_size(h, kh, sh, padding), _out_size(w, kw, sw, padding))
    assert _nchw(y.array, data_format).shape == expected
    assert layer.output_shape == y.shape[1:]
    g = rng.standard_normal(y.shape)
    y.backward(g)

    x_t = torch.tensor(_nchw(x, data_format), requires_grad=True)
    k_t = torch.tensor(layer.kernel.array.transpose(3, 2, 0, 1).copy(), requires_grad=True)
    b_t = torch.tensor(layer.bias.array.copy(), requires_grad=True)
    ref = F.conv2d(_torch_pad(x_t, h, w, (kh, kw), (sh, sw), padding), k_t, b_t, stride=(sh, sw))
    ref.backward(torch.tensor(_nchw(g, data_format).copy()))
    np.testing.assert_allclose(_nchw(y.array, data_format), ref.detach().numpy(), atol=TOL, rtol=TOL)
    np.testing.assert_allclose(_nchw(xt.grad_array, data_format), x_t.grad.numpy(), atol=TOL, rtol=TOL)
    np.testing.assert_allclose(layer.kernel.grad_array, k_t.grad.numpy().transpose(2, 3, 1, 0), atol=TOL, rtol=TOL)
    np.testing.assert_allclose(layer.bias.grad_array, b_t.grad.numpy(), atol=TOL, rtol=TOL)


def test_conv2d_activation_and_no_bias_match_torch():
    rng = np.random.default_rng(2)
    layer = layers.Conv2D(5, (3, 2), padding="same", activation="relu", use_bias=False, dtype="float64")
    x = rng.standard_normal((3, 9, 7, 2))
    y = layer(x)
    assert layer.bias is None and len(layer.parameters()) == 1
    xt = torch.tensor(x.transpose(0, 3, 1, 2).copy())
    kernel = torch.tensor(layer.kernel.array.transpose(3, 2, 0, 1).copy())
    ref = F.relu(F.conv2d(_torch_pad(xt, 9, 7, (3, 2), (1, 1), "same"), kernel))
    np.testing.assert_allclose(y.array, ref.numpy().transpose(0, 2, 3, 1), atol=TOL)


POOL_CASES = [
    (2, None, "valid"),
    (3, None, "valid"),
    (3, 2, "valid"),
    (3, 2, "same"),
    ((2, 3), (1, 2), "valid"),
    (2, 1, "valid"),
    (2, 2, "same"),
]


def _torch_pool(kind: str, x_t, pool, strides, padding, h: int, w: int):
    """Keras's pooling written with torch: -inf padding for max, the valid values' mean for avg."""
    pool = (pool, pool) if isinstance(pool, int) else pool
    strides = pool if strides is None else ((strides, strides) if isinstance(strides, int) else strides)
    if padding == "valid":
        pads = (0, 0, 0, 0)
    else:
        pads = (*same_pads(w, pool[1], strides[1]), *same_pads(h, pool[0], strides[0]))
    if kind == "max":
        return F.max_pool2d(F.pad(x_t, pads, value=-float("inf")), pool, stride=strides)
    total = F.avg_pool2d(F.pad(x_t, pads), pool, stride=strides)
    count = F.avg_pool2d(F.pad(torch.ones_like(x_t), pads), pool, stride=strides)
    return total / count


@pytest.mark.parametrize("data_format", FORMATS)
@pytest.mark.parametrize("case", POOL_CASES, ids=_ids)
@pytest.mark.parametrize("kind", ["max", "avg"])
def test_pool_layers_match_torch(kind, case, data_format):
    pool, strides, padding = case
    rng = np.random.default_rng(3)
    cls = layers.MaxPooling2D if kind == "max" else layers.AveragePooling2D
    layer = cls(pool, strides=strides, padding=padding, data_format=data_format, dtype="float64")
    x = _from_nchw(rng.standard_normal((2, 3, 9, 7)), data_format)
    xt = Tensor(x, requires_grad=True)
    y = layer(xt)
    g = rng.standard_normal(y.shape)
    y.backward(g)
    x_t = torch.tensor(_nchw(x, data_format).copy(), requires_grad=True)
    ref = _torch_pool(kind, x_t, pool, strides, padding, 9, 7)
    ref.backward(torch.tensor(_nchw(g, data_format).copy()))
    np.testing.assert_allclose(_nchw(y.array, data_format), ref.detach().numpy(), atol=TOL)
    np.testing.assert_allclose(_nchw(xt.grad_array, data_format), x_t.grad.numpy(), atol=TOL)
    assert layer.output_shape == y.shape[1:]


def test_pool_aliases_and_defaults():
    assert layers.MaxPool2D is layers.MaxPooling2D and layers.AvgPool2D is layers.AveragePooling2D
    assert layers.MaxPooling2D().pool_size == (2, 2) and layers.MaxPooling2D(3).strides == (3, 3)
    with pytest.raises(TypeError):
        layers.AveragePooling2D()  # Keras: pool_size is required


@pytest.mark.parametrize("data_format", FORMATS)
def test_global_poolings_match_numpy(data_format):
    rng = np.random.default_rng(4)
    x = rng.standard_normal((2, 5, 4, 3))
    axes = (1, 2) if data_format == "channels_last" else (2, 3)
    for cls, reduce in ((layers.GlobalAveragePooling2D, np.mean), (layers.GlobalMaxPooling2D, np.max)):
        np.testing.assert_allclose(cls(data_format=data_format, dtype="float64")(x).array,
                                   reduce(x, axis=axes), atol=TOL)
        kept = cls(data_format=data_format, keepdims=True, dtype="float64")(x)
        assert kept.shape == reduce(x, axis=axes, keepdims=True).shape


@pytest.mark.parametrize("layout", ["dense", "channels_last", "channels_first"])
def test_batch_norm_training_and_inference_match_keras_formula(layout):
    rng = np.random.default_rng(5)
    shape, axis = {"dense": ((6, 3), -1), "channels_last": ((4, 5, 6, 3), -1),
                   "channels_first": ((4, 3, 5, 6), 1)}[layout]
    layer = layers.BatchNormalization(axis=axis, momentum=0.8, dtype="float64")
    x = rng.standard_normal(shape) * 2 + 1
    layer(x[:2])  # build
    layer.gamma.array[...] = rng.standard_normal(3)
    layer.beta.array[...] = rng.standard_normal(3)
    reduce = tuple(a for a in range(len(shape)) if a != axis % len(shape))
    bshape = [1] * len(shape)
    bshape[axis] = 3
    layer.moving_mean.array[...] = 0.0
    layer.moving_variance.array[...] = 1.0
    layer.train()
    y = layer(x)
    mean, var = x.mean(axis=reduce), x.var(axis=reduce)  # the biased variance, as Keras
    expected = ((x - mean.reshape(bshape)) / np.sqrt(var.reshape(bshape) + 1e-3) * layer.gamma.array.reshape(bshape)
                + layer.beta.array.reshape(bshape))
    np.testing.assert_allclose(y.array, expected, atol=TOL)
    np.testing.assert_allclose(layer.moving_mean.array, 0.8 * 0.0 + 0.2 * mean, atol=TOL)
    np.testing.assert_allclose(layer.moving_variance.array, 0.8 * 1.0 + 0.2 * var, atol=TOL)
    layer.eval()
    before = layer.moving_mean.array.copy()
    y_eval = layer(x)
    m, v = layer.moving_mean.array.reshape(bshape), layer.moving_variance.array.reshape(bshape)
    np.testing.assert_allclose(y_eval.array, (x - m) / np.sqrt(v + 1e-3) * layer.gamma.array.reshape(bshape)
                               + layer.beta.array.reshape(bshape), atol=TOL)
    np.testing.assert_array_equal(layer.moving_mean.array, before)


def test_batch_norm_weights_in_keras_order_and_moving_statistics_not_trainable():
    layer = layers.BatchNormalization()
    layer(np.zeros((2, 4, 4, 3), dtype=np.float32))
    names = [name for name, _ in layer.named_parameters()]
    assert names == ["gamma", "beta", "moving_mean", "moving_variance"]
    assert [p.requires_grad for _, p in layer.named_parameters()] == [True, True, False, False]
    assert len(layer.trainable_parameters()) == 2
    plain = layers.BatchNormalization(center=False, scale=False)
    plain(np.zeros((2, 3), dtype=np.float32))
    assert [name for name, _ in plain.named_parameters()] == ["moving_mean", "moving_variance"]


# ------------------------------------------------------------------ gradient check through a CNN
@pytest.mark.parametrize("data_format", FORMATS)
def test_gradcheck_through_a_small_cnn_with_conv_not_first(data_format):
    rng = np.random.default_rng(6)
    fmt = {"data_format": data_format}
    shape = (7, 6, 2) if data_format == "channels_last" else (2, 7, 6)
    net = lg.Sequential([
        layers.AveragePooling2D(1, dtype="float64", input_shape=shape, **fmt),
        layers.Conv2D(3, (3, 2), padding="same", activation="tanh", dtype="float64", **fmt),
        layers.BatchNormalization(axis=-1 if data_format == "channels_last" else 1, dtype="float64"),
        layers.Conv2D(2, 3, strides=2, padding="same", dtype="float64", **fmt),
        layers.MaxPooling2D((2, 1), **fmt),
        layers.Flatten(),
        layers.Dense(3, activation="tanh", dtype="float64"),
    ])
    x = rng.standard_normal((3, *shape))
    net(x)
    conv1, bn, conv2, dense = net.layers[1], net.layers[2], net.layers[3], net.layers[6]
    params = [conv1.kernel, conv1.bias, bn.gamma, bn.beta, conv2.kernel, conv2.bias, dense.kernel]
    names = ["kernel", "bias", "gamma", "beta", "kernel", "bias", "kernel"]
    owners = [conv1, conv1, bn, bn, conv2, conv2, dense]
    net.train()

    def f(x_, *ws):
        saved = [getattr(o, n) for o, n in zip(owners, names, strict=True)]
        for o, n, w in zip(owners, names, ws, strict=True):
            object.__setattr__(o, n, w)
        try:
            return net(x_)
        finally:
            for o, n, s in zip(owners, names, saved, strict=True):
                object.__setattr__(o, n, s)

    err = lg.gradcheck(f, [x, *[p.array.copy() for p in params]])
    assert err < 1e-6, f"worst gradient error {err:.3g}"


# ------------------------------------------------------------------ summary, saving, errors
def test_summary_shows_output_sizes():
    model = lg.Sequential([
        layers.Conv2D(8, 5, strides=2, padding="same", input_shape=(33, 33, 3)),  # ceil(33/2) = 17
        layers.MaxPooling2D(2),  # 8
        layers.Conv2D(4, 3, padding="valid"),  # (8 − 3)/1 + 1 = 6
        layers.Conv2D(6, (3, 1), padding="same", strides=(2, 1)),  # ceil(6/2) = 3, 6
        layers.BatchNormalization(),
        layers.GlobalAveragePooling2D(),
        layers.Dense(10),
    ])
    text = model.summary(print_fn=lambda *_: None)
    for shape in ["(None, 17, 17, 8)", "(None, 8, 8, 8)", "(None, 6, 6, 4)", "(None, 3, 6, 6)", "(None, 6)",
                  "(None, 10)"]:
        assert shape in text, shape
    assert f"{8 * 3 * 25 + 8:,}" in text  # the first conv's parameters


def _small_cnn(seed: int = 0) -> lg.Sequential:
    lg.set_seed(seed)
    return lg.Sequential([
        layers.Conv2D(4, 3, padding="same", use_bias=False, input_shape=(8, 8, 3)),
        layers.BatchNormalization(momentum=0.7),
        layers.Activation("relu"),
        layers.MaxPooling2D(2),
        layers.Conv2D(6, 3, padding="same"),
        layers.GlobalAveragePooling2D(),
        layers.Dense(3, activation="softmax"),
    ])


def test_save_load_round_trip_with_batch_norm(tmp_path):
    rng = np.random.default_rng(7)
    x = rng.standard_normal((40, 8, 8, 3)).astype(np.float32)
    y = rng.integers(0, 3, 40)
    model = _small_cnn()
    model.compile(optimizer=optimizers.SGD(lr=0.05, momentum=0.9), loss="sparse_categorical_crossentropy")
    model.fit(x, y, batch_size=8, epochs=2, verbose=0, seed=0)
    bn = model.layers[1]
    assert not np.allclose(bn.moving_mean.array, 0.0)  # the moving statistics moved
    before = model.predict(x)
    path = tmp_path / "cnn.ligero"
    model.save(path)
    loaded = lg.load_model(path)
    np.testing.assert_array_equal(loaded.predict(x), before)
    np.testing.assert_array_equal(loaded.layers[1].moving_variance.array, bn.moving_variance.array)
    assert [type(la).__name__ for la in loaded.layers] == [type(la).__name__ for la in model.layers]
    assert loaded.layers[0].get_config() == model.layers[0].get_config()


def test_layer_configs_round_trip():
    for layer in [layers.Conv2D(3, (2, 3), strides=(1, 2), activation="relu", use_bias=False,
                                kernel_regularizer=lg.regularizers.L2(0.01), name="c", dtype="float64",
                                input_shape=(8, 8, 3)),
                  layers.Conv2D(3, 3, padding="same", data_format="channels_first", dilation_rate=2, groups=3),
                  layers.MaxPooling2D(3, strides=2, padding="same", name="p"),
                  layers.AveragePooling2D((2, 1)),
                  layers.GlobalAveragePooling2D(name="g", keepdims=True),
                  layers.BatchNormalization(momentum=0.05, epsilon=1e-3, name="bn", axis=1, center=False)]:
        config = layer.get_config()
        again = type(layer).from_config(config)
        assert again.get_config() == config


def test_channels_first_batch_to_a_channels_last_model_says_how_to_switch():
    model = _small_cnn()
    model.predict(np.zeros((2, 8, 8, 3), dtype=np.float32))
    with pytest.raises(ShapeError) as info:
        model.predict(np.zeros((2, 3, 8, 8), dtype=np.float32))
    message = str(info.value)
    assert "(None, 8, 8, 3)" in message and "3, 8, 8)" in message
    with pytest.raises(ShapeError, match=r"looks channels_first.*data_format='channels_first'.*set_image_data_format"):
        layers.Conv2D(4, 3)(np.zeros((2, 3, 32, 32), dtype=np.float32))
    with pytest.raises(ShapeError, match=r"looks channels_last.*data_format='channels_last'"):
        layers.MaxPooling2D(data_format="channels_first")(np.zeros((2, 28, 28, 1), dtype=np.float32))
    # small maps with many channels are ordinary channels-last data
    assert layers.Conv2D(2, 3)(np.zeros((1, 4, 4, 128), dtype=np.float32)).shape == (1, 2, 2, 2)


def test_wrong_image_size_raises_shape_error_with_both_shapes():
    model = _small_cnn()
    with pytest.raises(ShapeError) as info:
        model.predict(np.zeros((2, 10, 10, 3), dtype=np.float32))
    message = str(info.value)
    assert "(None, 8, 8, 3)" in message and "10, 10, 3)" in message
    layer = layers.Conv2D(2, 3)
    layer(np.zeros((1, 8, 8, 3), dtype=np.float32))
    # as Keras's InputSpec: a built layer holds to the channels only, any image size passes
    assert layer(np.zeros((1, 9, 8, 3), dtype=np.float32)).shape == (1, 7, 6, 2)
    with pytest.raises(ShapeError, match=r"\(None, 8, 8, 3\).*\(None, 9, 8, 2\)"):
        layer(np.zeros((1, 9, 8, 2), dtype=np.float32))


def test_flat_input_to_conv_raises_shape_error():
    with pytest.raises(ShapeError, match=r"height, width, channels.*\(None, 3072\)"):
        layers.Conv2D(2, 3)(np.zeros((2, 3072), dtype=np.float32))
