"""Every fused op equals its composed reference (``<op>_reference``), in value and in gradient.

The references are built from basic differentiable ops; they are the
definitions. Float64, random inputs (no ties in the max pooling windows),
a random upstream gradient, tolerance 1e-10.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from conftest import assert_gradcheck
from ligero.errors import ShapeError
from ligero.ops import conv, fused, norm, recurrent
from ligero.tensor import Tensor

TOL = 1e-10


def assert_same_value_and_gradients(fused_op: Callable, reference: Callable, *inputs: np.ndarray) -> None:
    """``fused_op(*inputs)`` and ``reference(*inputs)`` agree, and so do the gradients of
    ``<g, f(inputs)>`` for one random upstream gradient ``g``."""
    results = []
    for fn in (fused_op, reference):
        tensors = [Tensor(a.copy(), requires_grad=True) for a in inputs]
        out = fn(*tensors)
        g = np.random.default_rng(99).standard_normal(out.shape)
        out.backward(g)
        results.append((out.data, [t.grad for t in tensors]))
    (value, grads), (want, want_grads) = results
    assert value.shape == want.shape
    np.testing.assert_allclose(value, want, rtol=TOL, atol=TOL)
    for got, expected in zip(grads, want_grads, strict=True):
        np.testing.assert_allclose(got, expected, rtol=TOL, atol=TOL)


def rng() -> np.random.Generator:
    return np.random.default_rng(0)


# ------------------------------------------------------------------ fused.py
@pytest.mark.parametrize("x_shape", [(5, 3), (2, 4, 3)], ids=["rows", "leading-dims"])
@pytest.mark.parametrize("with_bias", [True, False], ids=["bias", "no-bias"])
def test_linear(x_shape, with_bias):
    r = rng()
    inputs = [r.standard_normal(x_shape), r.standard_normal((3, 4))]
    if with_bias:
        inputs.append(r.standard_normal(4))
    assert_same_value_and_gradients(fused.linear, fused.linear_reference, *inputs)


def _class_targets(kind: str, n: int, c: int) -> np.ndarray:
    r = np.random.default_rng(1)
    labels = r.integers(0, c, n)
    if kind == "indices":
        return labels
    if kind == "float-indices":
        return labels.astype(np.float64)
    if kind == "one-hot":
        return np.eye(c)[labels]
    return r.dirichlet(np.ones(c), n) * r.uniform(0.5, 1.5, (n, 1))  # soft rows, not summing to 1


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("kind", ["indices", "float-indices", "one-hot", "soft"])
def test_cross_entropy(reduction, kind):
    t = _class_targets(kind, 6, 4)
    logits = rng().standard_normal((6, 4)) * 3
    assert_same_value_and_gradients(
        lambda z: fused.cross_entropy(z, t, reduction=reduction),
        lambda z: fused.cross_entropy_reference(z, t, reduction=reduction),
        logits,
    )


@pytest.mark.parametrize("average", ["samples", "elements"])
@pytest.mark.parametrize(
    "pred_shape, target_shape", [((6, 3), (6, 3)), ((6, 1), (6,)), ((4,), (4,))], ids=["matrix", "column", "vector"]
)
def test_squared_error(average, pred_shape, target_shape):
    r = rng()
    t = r.standard_normal(target_shape)
    assert_same_value_and_gradients(
        lambda y: fused.squared_error(y, t, average=average),
        lambda y: fused.squared_error_reference(y, t, average=average),
        r.standard_normal(pred_shape),
    )


@pytest.mark.parametrize("reduction", ["mean", "sum"])
@pytest.mark.parametrize("shape", [(5, 3), (4,), (2, 3, 2)], ids=["rows", "vector", "3-d"])
def test_mse_loss(reduction, shape):
    r = rng()
    assert_same_value_and_gradients(
        lambda x, y: fused.mse_loss(x, y, reduction=reduction),
        lambda x, y: fused.mse_loss_reference(x, y, reduction=reduction),
        r.standard_normal(shape), r.standard_normal(shape),
    )


def test_mse_loss_refuses_what_it_does_not_fuse():
    with pytest.raises(ShapeError, match="one shape"):
        fused.mse_loss(np.zeros((2, 3)), np.zeros((3, 2)))
    with pytest.raises(ShapeError, match="one float dtype"):
        fused.mse_loss(np.zeros(3), np.zeros(3, np.float32))


# ------------------------------------------------------------------- norm.py
BN_SHAPES = pytest.mark.parametrize("shape", [(6, 3), (3, 2, 4, 5)], ids=["features", "images"])
AFFINE = pytest.mark.parametrize("affine", [True, False], ids=["affine", "plain"])


@BN_SHAPES
@AFFINE
def test_batch_norm_training(shape, affine):
    r = rng()
    x = r.standard_normal(shape) * 2 + 1
    c = shape[1]
    if affine:
        inputs = [x, r.standard_normal(c), r.standard_normal(c)]
    else:
        inputs = [x]
    assert_same_value_and_gradients(
        lambda *a: norm.batch_norm_training(*a, eps=1e-4),
        lambda *a: norm.batch_norm_training_reference(*a, eps=1e-4),
        *inputs,
    )


@BN_SHAPES
@AFFINE
def test_batch_norm_inference(shape, affine):
    r = rng()
    c = shape[1]
    x = r.standard_normal(shape) * 2 + 1
    gamma, beta = r.standard_normal(c), r.standard_normal(c)
    r_mean, r_var = r.standard_normal(c), r.uniform(0.5, 2.0, c)

    def fused_op(x, *affine_params):
        g, b = affine_params or (None, None)
        return norm.batch_norm_inference(x, g, b, r_mean, r_var, eps=1e-4)

    def reference(x, *affine_params):
        g, b = affine_params or (None, None)
        return norm.batch_norm_inference_reference(x, g, b, r_mean, r_var, eps=1e-4)

    assert_same_value_and_gradients(fused_op, reference, *([x, gamma, beta] if affine else [x]))


@pytest.mark.parametrize("training", [True, False], ids=["training", "inference"])
def test_batch_norm_dispatches_to_the_training_or_inference_op(training):
    r = rng()
    x, gamma, beta = r.standard_normal((5, 3)), r.standard_normal(3), r.standard_normal(3)
    r_mean, r_var = r.standard_normal(3), r.uniform(0.5, 2.0, 3)
    got = norm.batch_norm(x, gamma, beta, r_mean.copy(), r_var.copy(), training)
    if training:
        want = norm.batch_norm_training_reference(x, gamma, beta)
    else:
        want = norm.batch_norm_inference_reference(x, gamma, beta, r_mean, r_var)
    np.testing.assert_allclose(got.data, want.data, rtol=TOL, atol=TOL)


# ------------------------------------------------------------------- conv.py
# (kernel, stride, padding) on 6×8 images: exact tiling, overlap, padding, a rectangular kernel, gaps
POOL_GRID = [(2, None, 0), (3, 1, 1), (3, 2, 1), ((2, 3), (1, 2), (1, 0)), (2, 3, 0)]


@pytest.mark.parametrize("kernel, stride, padding", POOL_GRID)
@pytest.mark.parametrize(
    "fused_op, reference",
    [(conv.max_pool2d, conv.max_pool2d_reference), (conv.avg_pool2d, conv.avg_pool2d_reference)],
    ids=["max", "avg"],
)
def test_pooling(fused_op, reference, kernel, stride, padding):
    x = rng().permutation(2 * 3 * 6 * 8).reshape(2, 3, 6, 8) / 7.0  # distinct values: no ties
    assert_same_value_and_gradients(
        lambda a: fused_op(a, kernel, stride, padding),
        lambda a: reference(a, kernel, stride, padding),
        x,
    )


def test_global_avg_pool():
    x = rng().standard_normal((2, 3, 5, 4))
    assert_same_value_and_gradients(conv.global_avg_pool2d, conv.global_avg_pool2d_reference, x)


# -------------------------------------------------------------- recurrent.py
def test_lstm_pointwise():
    r = rng()
    gates, c = r.standard_normal((5, 4 * 3)) * 2, r.standard_normal((5, 3))
    assert_same_value_and_gradients(recurrent.lstm_pointwise, recurrent.lstm_pointwise_reference, gates, c)


def test_lstm_pointwise_gradcheck():
    r = rng()
    assert_gradcheck(recurrent.lstm_pointwise, [r.standard_normal((3, 8)), r.standard_normal((3, 2))])


def test_lstm_pointwise_refuses_shapes_that_do_not_fit():
    with pytest.raises(ShapeError, match=r"\(N, 4H\) and \(N, H\)"):
        recurrent.lstm_pointwise(np.zeros((2, 8)), np.zeros((2, 3)))
