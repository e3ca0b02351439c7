"""Conv2D, pooling, GlobalAveragePooling2D and BatchNormalization layers: PyTorch agreement,
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
    """(W − F + 2P)/S + 1, floored; "same" keeps ceil(W / S)."""
    if padding == "same":
        return -(-size // s)
    p = 0 if padding == "valid" else padding
    return (size - k + 2 * p) // s + 1


# kernel, strides, padding; images 7×9 and 8×8 (odd and even, non-square)
CONV_CASES = [
    (3, 1, "valid"),
    (3, 1, "same"),
    (3, 1, 1),
    (3, 2, "same"),
    (3, 2, 1),
    (5, 2, "valid"),
    (5, 1, 2),
    (1, 1, "valid"),
    ((2, 3), 1, "same"),
    ((3, 1), (2, 1), (1, 0)),
    ((1, 3), (1, 2), "same"),
    (2, 2, "same"),
]


def _ids(case):
    return "-".join(str(v).replace(" ", "") for v in case)


@pytest.mark.parametrize("size", [(7, 9), (8, 8)])
@pytest.mark.parametrize("case", CONV_CASES, ids=_ids)
def test_conv2d_layer_matches_torch(case, size):
    kernel, strides, padding = case
    h, w = size
    rng = np.random.default_rng(1)
    layer = layers.Conv2D(4, kernel, strides=strides, padding=padding, dtype="float64")
    x = rng.standard_normal((2, 3, h, w))
    xt = Tensor(x, requires_grad=True)
    y = layer(xt)
    kh, kw = layer.kernel_size
    sh, sw = layer.strides
    assert y.shape == (2, 4, _out_size(h, kh, sh, padding if not isinstance(padding, tuple) else padding[0]),
                       _out_size(w, kw, sw, padding if not isinstance(padding, tuple) else padding[1]))
    assert layer.output_shape == y.shape[1:]
    g = rng.standard_normal(y.shape)
    y.backward(g)

    x_t = torch.tensor(x, requires_grad=True)
    k_t = torch.tensor(layer.kernel.array.copy(), requires_grad=True)
    b_t = torch.tensor(rng.standard_normal(4), requires_grad=True)
    layer.bias.data[...] = b_t.detach().numpy()
    # the bias changed after the forward pass: redo it with the new bias
    layer.kernel.grad = layer.bias.grad = None
    xt = Tensor(x, requires_grad=True)
    y = layer(xt)
    y.backward(g)
    ref = F.conv2d(_torch_pad(x_t, h, w, (kh, kw), (sh, sw), padding), k_t, b_t, stride=(sh, sw))
    ref.backward(torch.tensor(g))
    np.testing.assert_allclose(y.data, ref.detach().numpy(), atol=TOL, rtol=TOL)
    np.testing.assert_allclose(xt.grad, x_t.grad.numpy(), atol=TOL, rtol=TOL)
    np.testing.assert_allclose(layer.kernel.grad, k_t.grad.numpy(), atol=TOL, rtol=TOL)
    np.testing.assert_allclose(layer.bias.grad, b_t.grad.numpy(), atol=TOL, rtol=TOL)


def test_conv2d_activation_and_no_bias_match_torch():
    rng = np.random.default_rng(2)
    layer = layers.Conv2D(5, (3, 2), padding=1, activation="relu", use_bias=False, dtype="float64")
    x = rng.standard_normal((3, 2, 9, 7))
    y = layer(x)
    assert layer.bias is None and len(layer.parameters()) == 1
    ref = F.relu(F.conv2d(torch.tensor(x), torch.tensor(layer.kernel.array), padding=1))
    np.testing.assert_allclose(y.data, ref.numpy(), atol=TOL)


POOL_CASES = [
    (2, None, 0),
    (3, None, 0),
    (3, 2, 0),
    (3, 2, 1),
    ((2, 3), (1, 2), 0),
    (2, 1, 0),
]


@pytest.mark.parametrize("case", POOL_CASES, ids=_ids)
@pytest.mark.parametrize("kind", ["max", "avg"])
def test_pool_layers_match_torch(kind, case):
    pool, strides, padding = case
    rng = np.random.default_rng(3)
    cls = layers.MaxPool2D if kind == "max" else layers.AveragePool2D
    layer = cls(pool, strides=strides, padding=padding, dtype="float64")
    x = rng.standard_normal((2, 3, 9, 7))
    xt = Tensor(x, requires_grad=True)
    y = layer(xt)
    g = rng.standard_normal(y.shape)
    y.backward(g)
    x_t = torch.tensor(x, requires_grad=True)
    fn = F.max_pool2d if kind == "max" else F.avg_pool2d
    ref = fn(x_t, pool, stride=strides if strides is not None else pool, padding=padding)
    ref.backward(torch.tensor(g))
    np.testing.assert_allclose(y.data, ref.detach().numpy(), atol=TOL)
    np.testing.assert_allclose(xt.grad, x_t.grad.numpy(), atol=TOL)
    assert layer.output_shape == y.shape[1:]


def test_pool_aliases():
    assert layers.MaxPooling2D is layers.MaxPool2D
    assert layers.AveragePooling2D is layers.AveragePool2D


def test_global_average_pooling_matches_torch():
    rng = np.random.default_rng(4)
    layer = layers.GlobalAveragePooling2D(dtype="float64")
    x = rng.standard_normal((3, 4, 5, 7))
    xt = Tensor(x, requires_grad=True)
    y = layer(xt)
    assert y.shape == (3, 4) and layer.output_shape == (4,)
    g = rng.standard_normal(y.shape)
    y.backward(g)
    x_t = torch.tensor(x, requires_grad=True)
    ref = x_t.mean(dim=(2, 3))
    ref.backward(torch.tensor(g))
    np.testing.assert_allclose(y.data, ref.detach().numpy(), atol=TOL)
    np.testing.assert_allclose(xt.grad, x_t.grad.numpy(), atol=TOL)


# ------------------------------------------------------------------ batch normalization
@pytest.mark.parametrize("shape", [(6, 3, 5, 4), (8, 5)], ids=["images", "features"])
def test_batch_norm_training_and_inference_match_torch(shape):
    rng = np.random.default_rng(5)
    features = shape[1]
    layer = layers.BatchNormalization(momentum=0.1, epsilon=1e-5, dtype="float64")
    ref = (torch.nn.BatchNorm2d if len(shape) == 4 else torch.nn.BatchNorm1d)(features, momentum=0.1, eps=1e-5)
    ref = ref.double()
    gamma, beta = rng.uniform(0.5, 2.0, features), rng.standard_normal(features)
    layer(np.zeros(shape))  # build
    layer.gamma.data[...] = gamma
    layer.beta.data[...] = beta
    with torch.no_grad():
        ref.weight.copy_(torch.tensor(gamma))
        ref.bias.copy_(torch.tensor(beta))
    layer.running_mean[...] = 0.0
    layer.running_var[...] = 1.0
    layer.train()
    ref.train()
    for step in range(4):  # several training steps: the running statistics follow torch's
        x = rng.standard_normal(shape) * (step + 1) + step
        xt = Tensor(x, requires_grad=True)
        layer.gamma.grad = layer.beta.grad = None
        y = layer(xt)
        g = rng.standard_normal(shape)
        y.backward(g)
        x_t = torch.tensor(x, requires_grad=True)
        ref.zero_grad()
        r = ref(x_t)
        r.backward(torch.tensor(g))
        np.testing.assert_allclose(y.data, r.detach().numpy(), atol=TOL)
        np.testing.assert_allclose(xt.grad, x_t.grad.numpy(), atol=TOL)
        np.testing.assert_allclose(layer.gamma.grad, ref.weight.grad.numpy(), atol=TOL)
        np.testing.assert_allclose(layer.beta.grad, ref.bias.grad.numpy(), atol=TOL)
    # running statistics equal torch's (torch keeps the unbiased variance, as ligero)
    np.testing.assert_allclose(layer.running_mean, ref.running_mean.numpy(), atol=TOL)
    np.testing.assert_allclose(layer.running_var, ref.running_var.numpy(), atol=TOL)
    # inference uses them, and does not change them
    layer.eval()
    ref.eval()
    x = rng.standard_normal(shape)
    before = layer.running_mean.copy()
    y = layer(x)
    with torch.no_grad():
        r = ref(torch.tensor(x))
    np.testing.assert_allclose(y.data, r.numpy(), atol=TOL)
    np.testing.assert_array_equal(layer.running_mean, before)
    # training and inference differ on the same batch
    layer.train()
    assert not np.allclose(layer(x).data, y.data)


def test_batch_norm_buffers_are_not_trainable():
    layer = layers.BatchNormalization()
    layer(np.zeros((2, 3, 4, 4), dtype=np.float32))
    assert len(layer.trainable_parameters()) == 2
    names = dict(layer.named_buffers())
    assert set(names) == {"running_mean", "running_var"}


# ------------------------------------------------------------------ gradient check through a CNN
def test_gradcheck_through_a_small_cnn_with_conv_not_first():
    rng = np.random.default_rng(6)
    net = lg.Sequential([
        layers.AveragePool2D(1, dtype="float64", input_shape=(2, 7, 6)),
        layers.Conv2D(3, (3, 2), padding="same", activation="tanh", dtype="float64"),
        layers.BatchNormalization(dtype="float64"),
        layers.Conv2D(2, 3, strides=2, padding=1, dtype="float64"),
        layers.MaxPool2D((2, 1)),
        layers.Flatten(),
        layers.Dense(3, activation="tanh", dtype="float64"),
    ])
    x = rng.standard_normal((3, 2, 7, 6))
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
        layers.Conv2D(8, 5, strides=2, padding=1, input_shape=(3, 33, 33)),  # (33 − 5 + 2)/2 + 1 = 16
        layers.MaxPool2D(2),  # 8
        layers.Conv2D(4, 3, padding="valid"),  # (8 − 3)/1 + 1 = 6
        layers.Conv2D(6, (3, 1), padding="same", strides=(2, 1)),  # ceil(6/2) = 3, 6
        layers.BatchNormalization(),
        layers.GlobalAveragePooling2D(),
        layers.Dense(10),
    ])
    text = model.summary(print_fn=lambda *_: None)
    for shape in ["(None, 8, 16, 16)", "(None, 8, 8, 8)", "(None, 4, 6, 6)", "(None, 6, 3, 6)", "(None, 6)",
                  "(None, 10)"]:
        assert shape in text, shape
    assert f"{8 * 3 * 25 + 8:,}" in text  # the first conv's parameters


def _small_cnn(seed: int = 0) -> lg.Sequential:
    lg.set_seed(seed)
    return lg.Sequential([
        layers.Conv2D(4, 3, padding="same", use_bias=False, input_shape=(3, 8, 8)),
        layers.BatchNormalization(momentum=0.3),
        layers.Activation("relu"),
        layers.MaxPool2D(2),
        layers.Conv2D(6, 3, padding=1),
        layers.GlobalAveragePooling2D(),
        layers.Dense(3, activation="softmax"),
    ])


def test_save_load_round_trip_with_batch_norm(tmp_path):
    rng = np.random.default_rng(7)
    x = rng.standard_normal((40, 3, 8, 8)).astype(np.float32)
    y = rng.integers(0, 3, 40)
    model = _small_cnn()
    model.compile(optimizer=optimizers.SGD(lr=0.05, momentum=0.9), loss="sparse_categorical_crossentropy")
    model.fit(x, y, batch_size=8, epochs=2, verbose=0, seed=0)
    bn = model.layers[1]
    assert not np.allclose(bn.running_mean, 0.0)  # the buffers moved
    before = model.predict(x)
    path = tmp_path / "cnn.ligero"
    model.save(path)
    loaded = lg.load_model(path)
    np.testing.assert_array_equal(loaded.predict(x), before)
    np.testing.assert_array_equal(loaded.layers[1].running_var, bn.running_var)
    assert [type(la).__name__ for la in loaded.layers] == [type(la).__name__ for la in model.layers]
    assert loaded.layers[0].get_config() == model.layers[0].get_config()


def test_layer_configs_round_trip():
    for layer in [layers.Conv2D(3, (2, 3), strides=(1, 2), padding=(1, 0), activation="relu", use_bias=False,
                                kernel_regularizer=lg.regularizers.L2(0.01), name="c", dtype="float64",
                                input_shape=(3, 8, 8)),
                  layers.Conv2D(3, 3, padding="same"),
                  layers.MaxPool2D(3, strides=2, padding=1, name="p"),
                  layers.AveragePool2D((2, 1)),
                  layers.GlobalAveragePooling2D(name="g"),
                  layers.BatchNormalization(momentum=0.05, epsilon=1e-3, name="bn")]:
        config = layer.get_config()
        again = type(layer).from_config(config)
        assert again.get_config() == config


def test_nhwc_batch_raises_shape_error_with_both_shapes():
    model = _small_cnn()
    model.predict(np.zeros((2, 3, 8, 8), dtype=np.float32))
    with pytest.raises(ShapeError) as info:
        model.predict(np.zeros((2, 8, 8, 3), dtype=np.float32))
    message = str(info.value)
    assert "(None, 3, 8, 8)" in message and "8, 8, 3)" in message


def test_wrong_image_size_raises_shape_error_with_both_shapes():
    model = _small_cnn()
    with pytest.raises(ShapeError) as info:
        model.predict(np.zeros((2, 3, 10, 10), dtype=np.float32))
    message = str(info.value)
    assert "(None, 3, 8, 8)" in message and "3, 10, 10)" in message
    layer = layers.Conv2D(2, 3)
    layer(np.zeros((1, 3, 8, 8), dtype=np.float32))
    with pytest.raises(ShapeError, match=r"\(None, 3, 8, 8\).*\(None, 3, 9, 8\)"):
        layer(np.zeros((1, 3, 9, 8), dtype=np.float32))


def test_flat_input_to_conv_raises_shape_error():
    with pytest.raises(ShapeError, match=r"channels, height, width.*\(None, 3072\)"):
        layers.Conv2D(2, 3)(np.zeros((2, 3072), dtype=np.float32))
