"""keras.regularizers against real Keras 3: the lower-case names and OrthogonalRegularizer."""

from __future__ import annotations

import os

import numpy as np
import pytest

os.environ.setdefault("KERAS_BACKEND", "torch")

import ligero.keras as lk  # noqa: E402
from ligero.errors import ConfigError  # noqa: E402

keras = pytest.importorskip("keras")
W = np.random.default_rng(0).standard_normal((5, 3)).astype("float32")


def test_lowercase_names_are_the_classes_with_keras_defaults():
    R = lk.regularizers
    assert R.l1 is R.L1 and R.l2 is R.L2 and R.l1_l2 is R.L1L2
    for name in ("l1", "l2", "l1_l2"):
        ours, real = getattr(R, name)(), getattr(keras.regularizers, name)()
        assert ours.value(W) == pytest.approx(float(real(W)), rel=1e-6)
    assert R.l2(1e-3).value(W) == pytest.approx(1e-3 * float((W.astype(np.float64) ** 2).sum()), rel=1e-6)


@pytest.mark.parametrize("mode", ["rows", "columns"])
def test_orthogonal_regularizer_value_and_gradient_match_keras(mode):
    import torch

    ours = lk.regularizers.OrthogonalRegularizer(factor=0.3, mode=mode)
    real = keras.regularizers.OrthogonalRegularizer(factor=0.3, mode=mode)
    w = torch.tensor(W, requires_grad=True)
    value = real(w)
    value.backward()
    assert ours.value(W) == pytest.approx(float(value), rel=1e-5)
    grad = np.zeros_like(W)
    ours.add_gradient(W, grad)
    np.testing.assert_allclose(grad, w.grad.numpy(), rtol=1e-4, atol=1e-6)
    assert ours.get_config() == real.get_config()


def test_orthogonal_regularizer_errors_and_keras_file(tmp_path):
    with pytest.raises(ConfigError, match="2-D"):
        lk.regularizers.OrthogonalRegularizer()(np.zeros((2, 2, 2), "float32"))
    with pytest.raises(ConfigError, match="mode"):
        lk.regularizers.OrthogonalRegularizer(mode="diagonal")
    pytest.importorskip("h5py")
    model = lk.Sequential([lk.Input((5,)), lk.layers.Dense(
        3, kernel_regularizer=lk.regularizers.OrthogonalRegularizer(0.2, "columns"))])
    model.save(tmp_path / "m.keras")
    real = keras.models.load_model(tmp_path / "m.keras")
    assert real.layers[0].kernel_regularizer.get_config() == {"factor": pytest.approx(0.2), "mode": "columns"}
    back = lk.models.load_model(tmp_path / "m.keras")
    assert back.layers[0].kernel_regularizer.get_config() == {"factor": pytest.approx(0.2), "mode": "columns"}
