"""Shared test helpers: seeded random arrays and a gradient-check assertion."""

from __future__ import annotations

import numpy as np
import pytest

import ligero as lg

GRADCHECK_TOL = 1e-6


def randn(*shape: int, seed: int = 0) -> np.ndarray:
    """Standard-normal float64 values, the same for the same shape and seed."""
    return np.random.default_rng(seed).standard_normal(shape)


def positive(*shape: int, seed: int = 0) -> np.ndarray:
    """Values in [0.5, 2): safe for log, sqrt, division and non-integer powers."""
    return np.random.default_rng(seed).uniform(0.5, 2.0, shape)


def away_from_zero(*shape: int, seed: int = 0) -> np.ndarray:
    """Values with |v| in [0.2, 2) and random signs: away from the kinks of relu, abs, elu."""
    rng = np.random.default_rng(seed)
    return rng.uniform(0.2, 2.0, shape) * rng.choice([-1.0, 1.0], shape)


def same_pads(size: int, k: int, s: int) -> tuple[int, int]:
    """TensorFlow's "same" padding (before, after), written out independently of the implementation."""
    out = (size + s - 1) // s
    total = max((out - 1) * s + k - size, 0)
    return total // 2, total - total // 2


def assert_gradcheck(f, inputs, tol: float = GRADCHECK_TOL) -> None:
    err = lg.gradcheck(f, inputs)
    assert err < tol, f"gradient check failed: worst error {err:.3g} >= {tol:g}"


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(1234)


def assert_hessian_vector_product(f, x: np.ndarray, v: np.ndarray, numeric_atol: float) -> None:
    """``create_graph=True`` on ``f(t, F, x)`` (``t`` ligero or torch, ``F`` its functional): ligero's first
    gradient equals its ordinary engine's, its Hessian-vector product ``H·v`` equals central differences of
    that gradient along ``v`` and torch's ``H·v``."""
    import torch

    import ligero.nn.functional as lf

    def plain_gradient(at):
        leaf = lg.tensor(at, requires_grad=True)
        f(lg, lf, leaf).backward()
        return leaf.grad.numpy().copy()

    t = lg.tensor(x.copy(), requires_grad=True)
    (g,) = lg.autograd.grad(f(lg, lf, t), t, create_graph=True)
    assert g.requires_grad and g.grad_fn is not None
    np.testing.assert_allclose(g.detach().numpy(), plain_gradient(x), rtol=1e-10, atol=1e-12)
    (hv,) = lg.autograd.grad(g, t, grad_outputs=lg.tensor(v))
    eps = 1e-6
    numeric = (plain_gradient(x + eps * v) - plain_gradient(x - eps * v)) / (2 * eps)
    np.testing.assert_allclose(hv.numpy(), numeric, rtol=1e-5, atol=numeric_atol)
    tx = torch.tensor(x.copy(), requires_grad=True)
    (tg,) = torch.autograd.grad(f(torch, torch.nn.functional, tx), tx, create_graph=True)
    (thv,) = torch.autograd.grad(tg, tx, grad_outputs=torch.tensor(v))
    np.testing.assert_allclose(hv.numpy(), thv.numpy(), rtol=1e-9, atol=1e-10)
