"""The Keras layer families: conv variants against PyTorch, reshaping, merging, regularization,
preprocessing, Embedding; configs round trip, every layer found by ``get_class``, the image data format."""

from __future__ import annotations

import numpy as np
import pytest

import ligero as lg
import ligero.keras as keras
from ligero import layers
from ligero.errors import ConfigError, ShapeError
from ligero.tensor import Tensor

torch = pytest.importorskip("torch")
F = torch.nn.functional
TOL = 1e-6


def _x(*shape, seed=0):
    return np.random.default_rng(seed).standard_normal(shape)


# ------------------------------------------------------------------ convolution variants
def test_conv1d_matches_torch_including_causal():
    x = _x(2, 9, 3)
    for padding, dilation in (("valid", 1), ("same", 1), ("causal", 2)):
        layer = layers.Conv1D(4, 3, padding=padding, dilation_rate=dilation, dtype="float64",
                              bias_initializer="glorot_uniform")
        y = layer(x).array
        assert layer.kernel.shape == (3, 3, 4)
        left = {"valid": 0, "same": 1, "causal": 2 * dilation}[padding]
        right = {"valid": 0, "same": 1, "causal": 0}[padding]
        xt = F.pad(torch.tensor(x).permute(0, 2, 1), (left, right))
        ref = F.conv1d(xt, torch.tensor(layer.kernel.array).permute(2, 1, 0), torch.tensor(layer.bias.array),
                       dilation=dilation).permute(0, 2, 1)
        np.testing.assert_allclose(y, ref.numpy(), atol=TOL)


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_depthwise_and_separable_match_torch(data_format):
    x = _x(2, 6, 5, 3)
    xf = x if data_format == "channels_last" else x.transpose(0, 3, 1, 2)
    depth = layers.DepthwiseConv2D(3, depth_multiplier=2, padding="same", data_format=data_format,
                                   dtype="float64", bias_initializer="glorot_uniform")
    sep = layers.SeparableConv2D(4, 3, depth_multiplier=2, data_format=data_format, dtype="float64",
                                 bias_initializer="glorot_uniform")
    y_depth, y_sep = depth(xf).array, sep(xf).array
    if data_format == "channels_first":
        y_depth, y_sep = y_depth.transpose(0, 2, 3, 1), y_sep.transpose(0, 2, 3, 1)
    assert depth.depthwise_kernel.shape == (3, 3, 3, 2) and sep.pointwise_kernel.shape == (1, 1, 6, 4)
    assert [n for n, _ in sep.named_parameters()] == ["depthwise_kernel", "pointwise_kernel", "bias"]
    xt = torch.tensor(x).permute(0, 3, 1, 2)
    dk = torch.tensor(depth.depthwise_kernel.array).reshape(3, 3, 1, 6).permute(3, 2, 0, 1)
    ref = F.conv2d(F.pad(xt, (1, 1, 1, 1)), dk, torch.tensor(depth.bias.array), groups=3)
    np.testing.assert_allclose(y_depth, ref.permute(0, 2, 3, 1).numpy(), atol=TOL)
    sk = torch.tensor(sep.depthwise_kernel.array).reshape(3, 3, 1, 6).permute(3, 2, 0, 1)
    pk = torch.tensor(sep.pointwise_kernel.array).permute(3, 2, 0, 1)
    ref = F.conv2d(F.conv2d(xt, sk, groups=3), pk, torch.tensor(sep.bias.array))
    np.testing.assert_allclose(y_sep, ref.permute(0, 2, 3, 1).numpy(), atol=TOL)


def test_conv2d_transpose_layer_shapes_and_gradients():
    x = _x(2, 3, 4, 3)
    for padding, expected in (("valid", (7, 9)), ("same", (6, 8))):
        layer = layers.Conv2DTranspose(2, 3, strides=2, padding=padding, dtype="float64")
        assert layer(x).shape == (2, *expected, 2) and layer.kernel.shape == (3, 3, 2, 3)
    first = layers.Conv2DTranspose(2, 3, strides=2, data_format="channels_first", dtype="float64")
    assert first(x.transpose(0, 3, 1, 2)).shape == (2, 2, 7, 9)


def test_conv_argument_errors():
    with pytest.raises(ConfigError, match="groups"):
        layers.Conv2D(5, 3, groups=2)
    with pytest.raises(ConfigError, match="padding"):
        layers.Conv2D(4, 3, padding="causal")
    with pytest.raises(ConfigError, match="data_format"):
        layers.Conv2D(4, 3, data_format="nhwc")
    with pytest.raises(ConfigError, match="not divisible by groups"):
        layers.Conv2D(4, 3, groups=2)(np.zeros((1, 5, 5, 3), np.float32))


# ------------------------------------------------------------------ reshaping, merging
def test_reshaping_layers_values():
    x = _x(2, 3, 4, 2)
    np.testing.assert_array_equal(layers.Permute((3, 1, 2))(x).array, x.transpose(0, 3, 1, 2))
    np.testing.assert_array_equal(layers.ZeroPadding2D(((1, 0), (0, 2)))(x).array,
                                  np.pad(x, ((0, 0), (1, 0), (0, 2), (0, 0))))
    np.testing.assert_array_equal(layers.ZeroPadding2D(1, data_format="channels_first")(x).array,
                                  np.pad(x, ((0, 0), (0, 0), (1, 1), (1, 1))))
    np.testing.assert_array_equal(layers.Cropping2D(((1, 1), (1, 2)))(x).array, x[:, 1:2, 1:2])
    np.testing.assert_array_equal(layers.UpSampling2D((2, 3))(x).array, x.repeat(2, 1).repeat(3, 2))
    seq = _x(2, 5, 3)
    np.testing.assert_array_equal(layers.UpSampling1D(2)(seq).array, seq.repeat(2, 1))
    np.testing.assert_array_equal(layers.Cropping1D((1, 2))(seq).array, seq[:, 1:3])
    np.testing.assert_array_equal(layers.ZeroPadding1D((2, 0))(seq).array, np.pad(seq, ((0, 0), (2, 0), (0, 0))))
    v = _x(2, 3)
    np.testing.assert_array_equal(layers.RepeatVector(4)(v).array, np.repeat(v[:, None], 4, axis=1))
    with pytest.raises(ShapeError, match="cannot crop"):
        layers.Cropping2D(2)(x)
    with pytest.raises(ConfigError, match="permutation"):
        layers.Permute((1, 3))


def test_merging_layers_and_functions():
    a, b, c = _x(2, 3, seed=1), _x(2, 3, seed=2), _x(2, 3, seed=3)
    for cls, expected in ((layers.Add, a + b + c), (layers.Multiply, a * b * c), (layers.Average, (a + b + c) / 3),
                          (layers.Maximum, np.maximum(np.maximum(a, b), c)),
                          (layers.Minimum, np.minimum(np.minimum(a, b), c))):
        np.testing.assert_allclose(cls()([a, b, c]).array, expected, atol=1e-12)
    np.testing.assert_allclose(layers.Subtract()([a, b]).array, a - b)
    np.testing.assert_allclose(layers.Dot(axes=1)([a, b]).array, (a * b).sum(1, keepdims=True))
    with pytest.raises(ShapeError, match="exactly 2"):
        layers.Subtract()([a, b, c])
    with pytest.raises(ShapeError, match="same shape"):
        layers.Add()([a, _x(2, 4)])
    x1, x2 = keras.Input((3,)), keras.Input((3,))
    model = keras.Model([x1, x2], layers.concatenate([layers.add([x1, x2]), layers.multiply([x1, x2])]))
    np.testing.assert_allclose(model.predict([a.astype(np.float32), b.astype(np.float32)]),
                               np.concatenate([a + b, a * b], axis=1), atol=1e-5)


def test_merge_gradcheck():
    def f(a, b):
        return layers.Maximum()([a, layers.Average()([a, b])])

    assert lg.gradcheck(f, [_x(2, 3), _x(2, 3, seed=4)]) < 1e-6


# ------------------------------------------------------------------ regularization, preprocessing, embedding
def test_regularization_layers_act_in_training_only():
    x = np.ones((200, 4, 4, 8))
    for layer in (layers.SpatialDropout2D(0.5, seed=1), layers.GaussianNoise(0.5, seed=1),
                  layers.GaussianDropout(0.5, seed=1)):
        layer.eval()
        assert layer(x) is not None and np.array_equal(layer(x).array, x)
        layer.train()
        y = layer(x).array
        assert not np.array_equal(y, x)
        assert abs(y.mean() - 1.0) < 0.1  # unbiased on average
    spatial = layers.SpatialDropout2D(0.5, seed=2)
    y = spatial(x, training=True).array
    assert set(np.unique(y)) <= {0.0, 2.0}
    assert (y == y[:, :1, :1, :]).all()  # whole feature maps: one value per (image, channel)
    seq = layers.SpatialDropout1D(0.5, seed=3)(np.ones((50, 6, 4)), training=True).array
    assert (seq == seq[:, :1, :]).all()


def test_rescaling_normalization_center_crop():
    x = _x(4, 3)
    np.testing.assert_allclose(layers.Rescaling(2.0, offset=-1.0)(x).array, 2 * x - 1)
    norm = layers.Normalization()
    norm.adapt(x)
    np.testing.assert_allclose(norm(x).array, (x - x.mean(0)) / x.std(0), atol=1e-5)
    given = layers.Normalization(mean=[1.0, 2.0, 3.0], variance=[4.0, 1.0, 9.0], dtype="float64")
    np.testing.assert_allclose(given(x).array, (x - [1, 2, 3]) / [2, 1, 3])
    inverse = layers.Normalization(mean=[1.0, 2.0, 3.0], variance=[4.0, 1.0, 9.0], invert=True, dtype="float64")
    np.testing.assert_allclose(inverse(given(x)).array, x, atol=1e-12)
    # as Keras: an un-adapted layer builds mean 0 and variance 1 (and passes its inputs through)
    np.testing.assert_allclose(layers.Normalization()(x).array, x, atol=1e-6)
    images = _x(2, 5, 6, 3)
    np.testing.assert_array_equal(layers.CenterCrop(3, 2)(images).array, images[:, 1:4, 2:4])


def test_embedding_rows_and_gradient():
    layer = layers.Embedding(5, 3, dtype="float64")
    tokens = np.array([[0, 4, 4], [1, 2, 0]])
    y = layer(tokens)
    np.testing.assert_array_equal(y.array, layer.embeddings.array[tokens])
    y.backward(np.ones(y.shape))
    np.testing.assert_array_equal(layer.embeddings.grad_array[:, 0], [2, 1, 1, 0, 2])
    assert np.abs(layer.embeddings.array).max() <= 0.05  # Keras's "uniform": U(-0.05, 0.05)
    with pytest.raises(ShapeError, match=r"\[0, 5\)"):
        layer(np.array([[5, 0, 0]]))


# ------------------------------------------------------------------ configs, registry, data format
LAYERS = [
    lambda: layers.Conv1D(3, 2, padding="causal"), lambda: layers.Conv2D(4, 3, groups=2, dilation_rate=2),
    lambda: layers.Conv2DTranspose(2, 3, strides=2), lambda: layers.DepthwiseConv2D(3, depth_multiplier=2),
    lambda: layers.SeparableConv2D(4, 3), lambda: layers.MaxPooling1D(3), lambda: layers.AveragePooling1D(2),
    lambda: layers.MaxPooling2D(), lambda: layers.AveragePooling2D(3, padding="same"),
    lambda: layers.GlobalMaxPooling1D(), lambda: layers.GlobalAveragePooling2D(keepdims=True),
    lambda: layers.BatchNormalization(axis=1, momentum=0.9), lambda: layers.Permute((2, 1)),
    lambda: layers.RepeatVector(3), lambda: layers.ZeroPadding1D(2), lambda: layers.ZeroPadding2D(((1, 0), (2, 2))),
    lambda: layers.Cropping1D((0, 1)), lambda: layers.Cropping2D(1), lambda: layers.UpSampling1D(3),
    lambda: layers.UpSampling2D((1, 2)), lambda: layers.Add(), lambda: layers.Subtract(),
    lambda: layers.Multiply(), lambda: layers.Average(), lambda: layers.Maximum(), lambda: layers.Minimum(),
    lambda: layers.Dot(axes=1, normalize=True), lambda: layers.SpatialDropout1D(0.2, seed=1),
    lambda: layers.SpatialDropout2D(0.3), lambda: layers.GaussianNoise(0.1), lambda: layers.GaussianDropout(0.2),
    lambda: layers.Rescaling(0.5, offset=1.0), lambda: layers.Normalization(mean=[1.0, 2.0], variance=[1.0, 4.0]),
    lambda: layers.CenterCrop(4, 4), lambda: layers.Embedding(10, 4, mask_zero=True),
    lambda: layers.RandomFlip("vertical", seed=1), lambda: layers.RandomCrop(8, 8, seed=2),
    lambda: layers.RandomRotation((-0.1, 0.2), fill_mode="constant", fill_value=1.0, seed=3),
]


@pytest.mark.parametrize("make", LAYERS, ids=lambda m: type(m()).__name__)
def test_config_round_trip_and_registry(make):
    layer = make()
    config = layer.get_config()
    cls = layers.get_class(type(layer).__name__)
    assert cls is type(layer)
    assert cls.from_config(config).get_config() == config


def test_keras_config_keys():
    config = layers.Conv2D(8, 3).get_config()
    for key in ("filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate", "groups",
                "activation", "use_bias", "kernel_initializer", "bias_initializer"):
        assert key in config
    assert config["kernel_size"] == (3, 3) and config["data_format"] == "channels_last"
    assert layers.MaxPooling2D().get_config()["strides"] == (2, 2)
    bn = layers.BatchNormalization().get_config()
    assert (bn["axis"], bn["momentum"], bn["epsilon"], bn["center"], bn["scale"]) == (-1, 0.99, 1e-3, True, True)


def test_image_data_format_setting():
    assert keras.config.image_data_format() == "channels_last"
    try:
        keras.config.set_image_data_format("channels_first")
        assert layers.Conv2D(2, 3).data_format == "channels_first"
        assert layers.Conv2D(2, 3, data_format="channels_last").data_format == "channels_last"
        assert layers.MaxPooling2D()(np.zeros((1, 3, 4, 4), np.float32)).shape == (1, 3, 2, 2)
        with pytest.raises(ConfigError):
            keras.config.set_image_data_format("nchw")
    finally:
        keras.config.set_image_data_format("channels_last")
    assert layers.Conv2D(2, 3).data_format == "channels_last"


def test_flatten_of_channels_last_keeps_keras_order_through_a_cnn_fit():
    rng = np.random.default_rng(8)
    model = lg.Sequential([layers.Conv2D(3, 3, padding="same", activation="relu", input_shape=(6, 6, 2)),
                           layers.MaxPooling2D(), layers.BatchNormalization(), layers.Flatten(),
                           layers.Dense(2, activation="softmax")])
    model.compile(optimizer=lg.optimizers.SGD(lr=0.1), loss="sparse_categorical_crossentropy")
    x = rng.standard_normal((16, 6, 6, 2)).astype(np.float32)
    history = model.fit(x, rng.integers(0, 2, 16), batch_size=8, epochs=3, verbose=0)
    assert np.isfinite(history.history["loss"]).all()
    assert model.layers[3].output_shape == (27,)
    features = model.layers[2](model.layers[1](model.layers[0](Tensor(x[:2])))).array
    np.testing.assert_array_equal(model.layers[3](Tensor(features)).array, features.reshape(2, -1))


def test_random_rotation():
    x = np.arange(32.0).reshape(2, 4, 4, 1)
    quarter = layers.RandomRotation((0.25, 0.25), seed=0)  # exactly +90 degrees: counter-clockwise
    np.testing.assert_allclose(quarter(x, training=True).array[..., 0], np.rot90(x[..., 0], axes=(1, 2)), atol=1e-9)
    first = layers.RandomRotation((0.25, 0.25), data_format="channels_first")
    rotated = first(x.transpose(0, 3, 1, 2), training=True).array[:, 0]
    np.testing.assert_allclose(rotated, np.rot90(x[..., 0], axes=(1, 2)),
                               atol=1e-9)
    layer = layers.RandomRotation(0.1, seed=1)
    images = _x(3, 6, 5, 2)
    layer.eval()
    np.testing.assert_array_equal(layer(images).array, images)
    layer.train()
    assert not np.allclose(layer(images).array, images)
    with pytest.raises(ConfigError, match="interpolation"):
        layers.RandomRotation(0.1, interpolation="nearest")


@pytest.mark.parametrize("fill_mode", ["reflect", "wrap", "nearest", "constant"])
def test_bilinear_sample_gradcheck_and_fill(fill_mode):
    from ligero.ops.augment import bilinear_sample

    rng = np.random.default_rng(9)
    x = rng.standard_normal((2, 5, 4, 3))
    rows, cols = rng.uniform(-2, 6, (2, 3, 3)), rng.uniform(-2, 5, (2, 3, 3))
    assert lg.gradcheck(lambda a: bilinear_sample(a, rows, cols, fill_mode, 0.5), [x]) < 1e-6
    line = np.arange(4.0).reshape(1, 1, 4, 1)  # a b c d
    at = np.array([[[-2.0, -1.0, 4.0, 5.0]]])
    expected = {"reflect": [1, 0, 3, 2], "wrap": [2, 3, 0, 1], "nearest": [0, 0, 3, 3],
                "constant": [0.5, 0.5, 0.5, 0.5]}[fill_mode]
    got = bilinear_sample(line, np.zeros_like(at), at, fill_mode, 0.5).array.ravel()
    np.testing.assert_allclose(got, expected)
