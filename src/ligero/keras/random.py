"""``keras.random``: draws from ligero's generator with Keras's names and arguments.

A ``seed`` is an int (the same int gives the same draw), a :class:`SeedGenerator` (each draw advances
it, so repeated calls differ and one seed fixes the sequence) or None (ligero's global generator,
reset by ``keras.utils.set_random_seed``). Values come from NumPy's generator, not Keras's stream:
shapes, dtypes and distributions match Keras, individual numbers do not.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ligero import random as _random
from ligero.keras.ops.core import FLOATX, convert_to_tensor, wrap
from ligero.ops import index as _index
from ligero.ops import norm as _norm
from ligero.tensor import Tensor


class SeedGenerator:
    """A seeded source of draws: each use gives a new, reproducible stream (``SeedGenerator(seed)``)."""

    def __init__(self, seed: int | None = None, name: str | None = None, **kwargs: Any) -> None:
        if seed is not None and not isinstance(seed, (int, np.integer)):
            raise ValueError(f"SeedGenerator: seed must be an int or None, got {seed!r}")
        self.name = name or "seed_generator"
        self._initial = seed
        self._rng = _random.get_rng(None if seed is None else int(seed))

    def next(self) -> np.random.Generator:
        """A generator of its own for the next draw (advancing this one)."""
        return np.random.default_rng(self._rng.integers(0, 2**63 - 1))

    def get_config(self) -> dict[str, Any]:
        return {"seed": self._initial, "name": self.name}


def _rng(seed: Any) -> np.random.Generator:
    if isinstance(seed, SeedGenerator):
        return seed.next()
    if seed is not None and not isinstance(seed, (int, np.integer)):
        raise ValueError(f"keras.random: seed must be an int, a SeedGenerator or None, got {seed!r}")
    return _random.get_rng(None if seed is None else int(seed))


def _shape(shape: Any) -> tuple[int, ...]:
    return (int(shape),) if np.ndim(shape) == 0 else tuple(int(n) for n in shape)


def _float(dtype: Any) -> np.dtype:
    dt = np.dtype(FLOATX if dtype is None else dtype)
    if dt.kind != "f":
        raise ValueError(f"keras.random: dtype must be a floating dtype, got {dt}")
    return dt


def normal(shape: Any, mean: float = 0.0, stddev: float = 1.0, dtype: Any = None, seed: Any = None) -> Tensor:
    """Draws of ``N(mean, stddev²)``."""
    return wrap(_rng(seed).normal(mean, stddev, _shape(shape)).astype(_float(dtype)))


def uniform(shape: Any, minval: float = 0.0, maxval: float = 1.0, dtype: Any = None, seed: Any = None) -> Tensor:
    """Draws of ``U[minval, maxval)``."""
    return wrap(_rng(seed).uniform(minval, maxval, _shape(shape)).astype(_float(dtype)))


def randint(shape: Any, minval: int, maxval: int, dtype: Any = "int32", seed: Any = None) -> Tensor:
    """Integers drawn uniformly from ``[minval, maxval)``."""
    if int(maxval) <= int(minval):
        raise ValueError(f"randint: maxval ({maxval}) must be greater than minval ({minval})")
    return wrap(_rng(seed).integers(int(minval), int(maxval), _shape(shape)).astype(dtype))


def truncated_normal(shape: Any, mean: float = 0.0, stddev: float = 1.0, dtype: Any = None,
                     seed: Any = None) -> Tensor:
    """Draws of ``N(mean, stddev²)`` kept within two standard deviations (others drawn again)."""
    rng, size = _rng(seed), _shape(shape)
    z = rng.standard_normal(size)
    while (bad := np.abs(z) > 2.0).any():
        z[bad] = rng.standard_normal(int(bad.sum()))
    return wrap((mean + stddev * z).astype(_float(dtype)))


def dropout(inputs: Any, rate: float, noise_shape: Any = None, seed: Any = None) -> Tensor:
    """``inputs ⊙ mask`` with ``mask = [u ≥ rate] / (1 - rate)`` of ``noise_shape`` (broadcast; the input's
    shape by default); differentiable: ``d/dx = mask``."""
    x = convert_to_tensor(inputs)
    if not 0.0 <= float(rate) < 1.0:
        raise ValueError(f"dropout: rate must be in [0, 1), got {rate}")
    shape = tuple(x.shape) if noise_shape is None else tuple(
        x.shape[d] if n is None else int(n) for d, n in enumerate(noise_shape))
    return x * wrap(_norm.dropout_mask(shape, float(rate), x.array.dtype, _rng(seed)))


def shuffle(x: Any, axis: int = 0, seed: Any = None) -> Tensor:
    """``x`` with its entries along ``axis`` in a random order (the gradient follows each entry)."""
    x = convert_to_tensor(x)
    order = _rng(seed).permutation(x.shape[axis])
    return _index.index_select(x, axis, wrap(order.astype(np.int64)))


__all__ = ["SeedGenerator", "dropout", "normal", "randint", "shuffle", "truncated_normal", "uniform"]
