"""RandomFlip and RandomCrop: training-only, seeded, vectorized rearrangements of NCHW batches."""

from __future__ import annotations

import numpy as np
import pytest

import ligero as lg
from ligero import layers, optimizers
from ligero.errors import ConfigError, ShapeError
from ligero.tensor import Tensor


def _images(n: int = 16, c: int = 3, h: int = 6, w: int = 5, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).standard_normal((n, c, h, w))


@pytest.mark.parametrize("layer", [layers.RandomFlip("horizontal_and_vertical", seed=0),
                                   layers.RandomCrop(6, 5, padding=2, seed=0)], ids=["flip", "crop"])
def test_identity_outside_training(layer):
    x = _images()
    layer.train()
    assert not np.array_equal(layer(x).data, x)
    layer.eval()
    np.testing.assert_array_equal(layer(x).data, x)


def test_flip_horizontal_mirrors_the_width_axis_of_about_half():
    x = _images(64)
    layer = layers.RandomFlip("horizontal", seed=3)
    layer.train()
    y = layer(x).data
    assert y.shape == x.shape
    flipped = np.array([np.array_equal(y[i], x[i, :, :, ::-1]) for i in range(64)])
    kept = np.array([np.array_equal(y[i], x[i]) for i in range(64)])
    assert np.all(flipped | kept)
    assert 16 < flipped.sum() < 48


def test_flip_vertical_mirrors_the_height_axis():
    x = _images(32)
    layer = layers.RandomFlip("vertical", seed=4)
    layer.train()
    y = layer(x).data
    flipped = np.array([np.array_equal(y[i], x[i, :, ::-1, :]) for i in range(32)])
    kept = np.array([np.array_equal(y[i], x[i]) for i in range(32)])
    assert np.all(flipped | kept) and flipped.any() and kept.any()


def test_crop_is_a_translation_with_zero_fill():
    x = _images(32, h=7, w=6) + 10.0  # no zeros in the images themselves
    layer = layers.RandomCrop(7, 6, padding=2, seed=5)
    layer.train()
    y = layer(x).data
    assert y.shape == x.shape
    shifts = set()
    for i in range(32):
        padded = np.pad(x[i], ((0, 0), (2, 2), (2, 2)))
        found = [(dy, dx) for dy in range(5) for dx in range(5)
                 if np.array_equal(padded[:, dy:dy + 7, dx:dx + 6], y[i])]
        assert found, f"image {i} is not a window of the padded image"
        shifts.add(found[0])
    assert len(shifts) > 5


def test_crop_to_a_smaller_size_and_centre_crop_in_inference():
    x = _images(8, h=8, w=8)
    layer = layers.RandomCrop(6, 4, padding=0, seed=1)
    layer.train()
    assert layer(x).shape == (8, 3, 6, 4)
    layer.eval()
    np.testing.assert_array_equal(layer(x).data, x[:, :, 1:7, 2:6])


@pytest.mark.parametrize("make", [lambda s: layers.RandomFlip("horizontal_and_vertical", seed=s),
                                  lambda s: layers.RandomCrop(6, 5, padding=3, seed=s)], ids=["flip", "crop"])
def test_seeded_reproducibility(make):
    x = _images()
    a, b, c = make(7), make(7), make(8)
    for layer in (a, b, c):
        layer.train()
    first_a, first_b = a(x).data, b(x).data
    np.testing.assert_array_equal(first_a, first_b)
    np.testing.assert_array_equal(a(x).data, b(x).data)  # the same sequence of batches
    assert not np.array_equal(first_a, c(x).data)  # another seed: another draw


@pytest.mark.parametrize("make", [lambda: layers.RandomFlip("horizontal_and_vertical", seed=2),
                                  lambda: layers.RandomCrop(6, 5, padding=2, seed=2),
                                  lambda: layers.RandomCrop(4, 3, padding=1, seed=2)],
                         ids=["flip", "crop", "crop-smaller"])
def test_gradient_passes_through(make):
    x = _images(10)
    layer = make()
    layer.train()
    xt = Tensor(x, requires_grad=True)
    # the same random draw for the forward pass and for the expected gradient
    state = layer.rng.bit_generator.state
    y = layer(xt)
    g = np.random.default_rng(1).standard_normal(y.shape)
    y.backward(g)
    # the layer is linear in x: <g, f(x)> = <f^T(g), x>, so dL/dx · x equals sum(g · y)
    np.testing.assert_allclose(np.sum(xt.grad * x), np.sum(g * y.data), rtol=1e-10)
    # and the gradient is f applied backwards: check it entry by entry with a one-hot probe
    layer.rng.bit_generator.state = state
    probe = np.zeros_like(x)
    probe[3, 1, 2, 1] = 1.0
    moved = layer(probe).data
    np.testing.assert_allclose(np.sum(g * moved), xt.grad[3, 1, 2, 1], rtol=1e-12)


def test_gradcheck_through_augmentation():
    x = _images(4)
    layer = layers.RandomCrop(6, 5, padding=2, seed=9)
    flip = layers.RandomFlip(seed=9)

    def f(x_):
        layer._rng = np.random.default_rng(0)  # the same draw on every call
        flip._rng = np.random.default_rng(1)
        return flip(layer(x_, training=True), training=True) * 2.0

    assert lg.gradcheck(f, [x]) < 1e-8


def test_config_round_trip_and_save_load(tmp_path):
    model = lg.Sequential([
        layers.RandomCrop(8, 8, padding=2, seed=3, input_shape=(3, 8, 8)),
        layers.RandomFlip("horizontal", seed=4),
        layers.Conv2D(4, 3, padding="same"),
        layers.BatchNormalization(),
        layers.GlobalAveragePooling2D(),
        layers.Dense(2, activation="softmax"),
    ])
    rng = np.random.default_rng(0)
    x = rng.standard_normal((24, 3, 8, 8)).astype(np.float32)
    y = rng.integers(0, 2, 24)
    model.compile(optimizer=optimizers.Adam(lr=0.01), loss="sparse_categorical_crossentropy")
    model.fit(x, y, batch_size=8, epochs=1, verbose=0, seed=0)
    for layer in model.layers[:2]:
        assert type(layer).from_config(layer.get_config()).get_config() == layer.get_config()
    assert model.layers[0].get_config()["seed"] == 3 and model.layers[1].get_config()["mode"] == "horizontal"
    path = tmp_path / "aug.ligero"
    model.save(path)
    loaded = lg.load_model(path)
    np.testing.assert_array_equal(loaded.predict(x), model.predict(x))  # augmentation off in predict
    assert isinstance(loaded.layers[0], layers.RandomCrop) and loaded.layers[0].padding == 2


def test_training_uses_augmentation_and_evaluate_does_not():
    calls = []

    class Spy(layers.Layer):
        def call(self, x):
            calls.append((self.training, x.data.copy()))
            return x

    x = np.tile(np.arange(4.0, dtype=np.float32), (8, 1, 4, 1))  # (8, 1, 4, 4) images, columns 0..3
    model = lg.Sequential([layers.RandomFlip("horizontal", seed=0, input_shape=(1, 4, 4)), Spy(),
                           layers.Flatten(), layers.Dense(2, activation="softmax")])
    model.compile(optimizer=optimizers.SGD(lr=0.01), loss="sparse_categorical_crossentropy")
    calls.clear()
    model.fit(x, np.zeros(8, dtype=np.int64), batch_size=8, epochs=1, verbose=0)
    model.evaluate(x, np.zeros(8, dtype=np.int64), verbose=0)
    training = [c for c in calls if c[0]]
    inference = [c for c in calls if not c[0]]
    assert training and inference
    assert any(not np.array_equal(d, x) for _, d in training)
    assert all(np.array_equal(d, x) for _, d in inference)


def test_bad_arguments_and_shapes():
    with pytest.raises(ConfigError):
        layers.RandomFlip("diagonal")
    with pytest.raises(ConfigError):
        layers.RandomCrop(32, 32, padding=-1)
    with pytest.raises(ShapeError, match="channels, height, width"):
        layers.RandomFlip()(np.zeros((2, 10), dtype=np.float32))
    with pytest.raises(ShapeError, match="cannot cut"):
        layers.RandomCrop(12, 12, padding=1)(np.zeros((2, 3, 8, 8), dtype=np.float32))
