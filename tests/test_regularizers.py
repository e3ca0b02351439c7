"""Regularizers: penalty values by hand, gradient checks, graph integration, config."""

from __future__ import annotations

import json

import numpy as np
import pytest

import ligero as lg
from conftest import assert_gradcheck, away_from_zero
from ligero import regularizers
from ligero.errors import ConfigError
from ligero.nn.parameter import Parameter

W = np.array([[1.0, -2.0], [0.5, 0.0]])


@pytest.mark.parametrize("reg, expected", [
    (regularizers.L2(0.01), 0.01 * (1 + 4 + 0.25)),
    (regularizers.L1(0.1), 0.1 * (1 + 2 + 0.5)),
    (regularizers.L1L2(l1=0.1, l2=0.01), 0.1 * 3.5 + 0.01 * 5.25),
    (regularizers.L1L2(), 0.0),
    (regularizers.CourseL2(0.01), 0.01 / 2 * (1 + 4 + 0.25)),
])
def test_values_by_hand(reg, expected):
    out = reg(lg.tensor(W, dtype=np.float64))
    assert out.shape == ()
    assert out.item() == pytest.approx(expected, rel=1e-12, abs=1e-15)


def test_gradients_by_hand():
    w = lg.tensor(W, requires_grad=True, dtype=np.float64)
    regularizers.L1L2(l1=0.1, l2=0.01)(w).backward()
    np.testing.assert_allclose(w.grad, 0.1 * np.sign(W) + 2 * 0.01 * W)


@pytest.mark.parametrize("reg", [
    regularizers.L2(0.3), regularizers.L1(0.2), regularizers.L1L2(l1=0.05, l2=0.4), regularizers.CourseL2(0.3),
], ids=["l2", "l1", "l1l2", "course_l2"])
def test_gradcheck(reg):
    assert_gradcheck(reg, [away_from_zero(4, 3)])


def test_penalty_flows_through_a_loss_and_keeps_dtype():
    p = Parameter(np.ones((3, 2), dtype=np.float32))
    x = lg.tensor(np.ones((1, 3), dtype=np.float32))
    penalty = regularizers.L2(0.5)(p)
    assert penalty.dtype == np.float32
    loss = lg.sum(x @ p) + penalty
    loss.backward()
    assert p.grad.dtype == np.float32
    np.testing.assert_allclose(p.grad, 1.0 + 2 * 0.5 * 1.0)


def test_constant_weight_gives_a_constant():
    out = regularizers.L2(0.1)(np.array([1.0, 2.0]))
    assert not out.requires_grad
    assert out.item() == pytest.approx(0.5)


def test_pytorch_weight_decay_equivalence():
    """SGD weight_decay=λ equals an L2(λ/2) penalty in the loss (the gradients agree)."""
    w = lg.tensor(W, requires_grad=True, dtype=np.float64)
    regularizers.L2(0.05)(w).backward()
    np.testing.assert_allclose(w.grad, 0.1 * W)


@pytest.mark.parametrize("spec, cls, config", [
    ("l2", regularizers.L2, {"name": "l2", "l2": 0.01}),
    ("L1", regularizers.L1, {"name": "l1", "l1": 0.01}),
    ("l1_l2", regularizers.L1L2, {"name": "l1_l2", "l1": 0.01, "l2": 0.01}),
    ({"name": "l2", "l2": 0.5}, regularizers.L2, {"name": "l2", "l2": 0.5}),
    ({"name": "l1_l2", "l1": 0.2}, regularizers.L1L2, {"name": "l1_l2", "l1": 0.2, "l2": 0.0}),
    ("course_l2", regularizers.CourseL2, {"name": "course_l2", "lam": 0.01}),
    ({"name": "course_l2", "lam": 0.3}, regularizers.CourseL2, {"name": "course_l2", "lam": 0.3}),
])
def test_get_and_serialize(spec, cls, config):
    reg = regularizers.get(spec)
    assert type(reg) is cls
    assert regularizers.serialize(reg) == config
    again = regularizers.get(json.loads(json.dumps(regularizers.serialize(reg))))
    assert again.get_config() == config


def test_get_passthrough_and_none():
    assert regularizers.get(None) is None
    assert regularizers.serialize(None) is None
    reg = regularizers.L2(0.1)
    assert regularizers.get(reg) is reg
    custom = lambda w: lg.sum(w)  # noqa: E731
    assert regularizers.get(custom) is custom
    with pytest.raises(ConfigError, match="get_config"):
        regularizers.serialize(custom)
    assert repr(reg) == "L2(l2=0.1)"


@pytest.mark.parametrize("bad", ["l3", {"name": "dropout"}, 0.01, {"name": "l2", "l1": 0.1}])
def test_get_errors(bad):
    with pytest.raises(ConfigError):
        regularizers.get(bad)


def test_unknown_name_lists_known():
    with pytest.raises(ConfigError, match="l1_l2"):
        regularizers.get("l3")


@pytest.mark.parametrize("value", [-0.1, float("nan"), "much"])
def test_bad_factors(value):
    with pytest.raises(ConfigError):
        regularizers.L2(value)


def test_course_l2_gradient_is_lambda_w():
    """The course's λ/2·ΣW²: ∂R/∂W = λ·W, half the gradient of Keras's L2(λ) (the same as L2(λ/2))."""
    w = lg.tensor(W, requires_grad=True, dtype=np.float64)
    regularizers.CourseL2(0.01)(w).backward()
    np.testing.assert_allclose(w.grad, 0.01 * W)
    assert regularizers.CourseL2(0.01).value(W) == pytest.approx(regularizers.L2(0.005).value(W), rel=1e-15)


def test_course_l2_in_fit_is_the_course_update():
    """One full-batch SGD step with CourseL2 on kernel and bias is the course's
    ``W -= lr * (dW + reg * W)`` for W and b alike, and the logged loss includes λ/2·(ΣW² + Σb²)."""
    rng = np.random.default_rng(0)
    x, t = rng.normal(size=(8, 3)), rng.normal(size=(8, 2))
    kernel, bias = rng.normal(size=(3, 2)), rng.normal(size=2)
    lam, lr = 0.1, 0.05
    from ligero import keras

    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(
        2, kernel_regularizer=regularizers.CourseL2(lam), bias_regularizer=regularizers.CourseL2(lam),
        dtype="float64")])
    model.set_weights([kernel, bias])
    model.compile(optimizer=keras.optimizers.SGD(lr), loss="course_mse")
    history = model.fit(x, t, batch_size=8, epochs=1, shuffle=False, verbose=0)
    y = x @ kernel + bias
    d_y = 2 * (y - t) / len(x)
    expected_kernel = kernel - lr * (x.T @ d_y + lam * kernel)
    expected_bias = bias - lr * (d_y.sum(axis=0) + lam * bias)
    new_kernel, new_bias = model.get_weights()
    np.testing.assert_allclose(new_kernel, expected_kernel, rtol=1e-12)
    np.testing.assert_allclose(new_bias, expected_bias, rtol=1e-12)
    loss = np.sum((y - t) ** 2) / len(x) + lam / 2 * (np.sum(kernel ** 2) + np.sum(bias ** 2))
    assert history.history["loss"][0] == pytest.approx(loss, rel=1e-12)
