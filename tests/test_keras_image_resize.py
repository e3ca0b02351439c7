"""keras.ops.image.resize and layers.Resizing: values against PyTorch's interpolate (what Keras's PyTorch
backend calls), float64 gradient checks, and Keras's config."""

from __future__ import annotations

import numpy as np
import pytest

import ligero.keras as keras
from conftest import assert_gradcheck, randn
from ligero.errors import ConfigError
from ligero.ops.resize import resize_images

torch = pytest.importorskip("torch")

MODES = {"bilinear": {"mode": "bilinear", "align_corners": False}, "nearest": {"mode": "nearest-exact"}}


@pytest.mark.parametrize("interpolation", list(MODES))
@pytest.mark.parametrize("size", [(2, 3), (7, 5), (4, 4)], ids=str)
def test_resize_matches_torch_interpolate(interpolation, size):
    images = np.random.default_rng(0).standard_normal((2, 4, 5, 3)).astype("float32")
    ours = keras.ops.convert_to_numpy(keras.ops.image.resize(images, size, interpolation=interpolation))
    nchw = torch.tensor(images).permute(0, 3, 1, 2)
    theirs = torch.nn.functional.interpolate(nchw, size=size, **MODES[interpolation]).permute(0, 2, 3, 1).numpy()
    np.testing.assert_allclose(ours, theirs, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("interpolation", list(MODES))
@pytest.mark.parametrize("channels_last", [True, False])
def test_resize_gradients(interpolation, channels_last):
    assert_gradcheck(lambda x: resize_images(x, (3, 7), interpolation, channels_last), [randn(2, 5, 4, 3)])


def test_resize_one_image_crop_to_aspect_ratio_and_errors():
    image = np.arange(6 * 4 * 1, dtype="float32").reshape(6, 4, 1)
    out = keras.ops.image.resize(image, (2, 2), crop_to_aspect_ratio=True, interpolation="nearest")
    assert tuple(out.shape) == (2, 2, 1)
    np.testing.assert_array_equal(keras.ops.convert_to_numpy(out)[..., 0], [[9, 11], [17, 19]])  # real Keras 3.15
    with pytest.raises(ConfigError, match="interpolation"):
        keras.ops.image.resize(image, (2, 2), interpolation="lanczos3")
    with pytest.raises(ConfigError, match="rank"):
        keras.ops.image.resize(np.zeros((4, 4), "float32"), (2, 2))


def test_resizing_layer_in_a_model_of_any_image_size():
    model = keras.Sequential([keras.Input((None, None, 3)), keras.layers.Resizing(8, 6),
                              keras.layers.Conv2D(2, 3), keras.layers.GlobalAveragePooling2D()])
    assert model.layers[0].output_shape == (8, 6, 3)
    for shape in ((1, 5, 5, 3), (2, 16, 9, 3)):
        assert model.predict(np.zeros(shape, "float32"), verbose=0).shape == (shape[0], 2)
    config = model.layers[0].get_config()
    assert (config["height"], config["width"], config["interpolation"]) == (8, 6, "bilinear")
