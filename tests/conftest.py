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
