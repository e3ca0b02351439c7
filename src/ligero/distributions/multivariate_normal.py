"""The multivariate normal distribution N(loc, Σ), parametrised by Σ, its inverse or its Cholesky factor."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ligero import linalg
from ligero.distributions.distribution import Distribution, as_float, standard_normal
from ligero.ops import einsum
from ligero.tensor import Tensor


def _diagonal(m: Tensor) -> Tensor:
    return einsum("...ii->...i", m)


class MultivariateNormal(Distribution):
    """``N(loc, Σ)`` over vectors of ``loc.shape[-1]``; give exactly one of ``covariance_matrix`` Σ,
    ``precision_matrix`` Σ⁻¹ or ``scale_tril`` L (lower triangular, positive diagonal, Σ = L Lᵀ).

    ``rsample`` is ``loc + L ε``; ``log_prob(x) = -½(k log 2π + ‖L⁻¹(x - loc)‖²) - Σ log L_ii``.
    """

    arg_constraints = {"loc": "IndependentConstraint(Real(), 1)", "covariance_matrix": "PositiveDefinite()",
                       "precision_matrix": "PositiveDefinite()", "scale_tril": "LowerCholesky()"}
    has_rsample = True

    def __init__(self, loc: Any, covariance_matrix: Any = None, precision_matrix: Any = None,
                 scale_tril: Any = None, validate_args: bool | None = None) -> None:
        given = [m for m in (covariance_matrix, precision_matrix, scale_tril) if m is not None]
        if len(given) != 1:
            raise ValueError("Exactly one of covariance_matrix or precision_matrix or scale_tril may be specified.")
        loc = as_float(loc)
        matrix = as_float(given[0], loc)
        if loc.ndim < 1:
            raise ValueError("loc must be at least one-dimensional.")
        if matrix.ndim < 2 or matrix.shape[-1] != matrix.shape[-2] or matrix.shape[-1] != loc.shape[-1]:
            raise ValueError(f"the matrix parameter must be (..., {loc.shape[-1]}, {loc.shape[-1]}) for loc of "
                             f"shape {tuple(loc.shape)}, got shape {tuple(matrix.shape)}")
        batch = np.broadcast_shapes(loc.shape[:-1], matrix.shape[:-2])
        event = loc.shape[-1:]
        super().__init__(batch, event, validate_args)
        self.loc = loc.expand(batch + event)
        name = "scale_tril" if scale_tril is not None else "covariance_matrix" if covariance_matrix is not None \
            else "precision_matrix"
        test = _lower_cholesky if name == "scale_tril" else _positive_definite
        self._check_param(name, matrix, test, self.arg_constraints[name])
        setattr(self, name, matrix.expand(batch + event * 2))  # the given one, as torch keeps it
        if name == "scale_tril":  # only the lower triangle is read (torch solves triangular systems)
            self._scale_tril = matrix.tril()
        else:
            self._scale_tril = linalg.cholesky(matrix if name == "covariance_matrix" else linalg.inv(matrix))

    def __getattr__(self, name: str) -> Any:  # the parametrisations not given, computed on demand
        full = self._batch_shape + self._event_shape * 2
        if name == "scale_tril":
            return self._scale_tril.expand(full)
        if name == "covariance_matrix":
            return (self._scale_tril @ self._scale_tril.mT).expand(full)
        if name == "precision_matrix":
            return linalg.inv(self.covariance_matrix)
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")

    @property
    def mean(self) -> Tensor:
        return self.loc

    @property
    def mode(self) -> Tensor:
        return self.loc

    @property
    def variance(self) -> Tensor:
        """``diag Σ = Σ_j L_ij²``."""
        return self._scale_tril.pow(2).sum(-1).expand(self._batch_shape + self._event_shape)

    def rsample(self, sample_shape: Any = ()) -> Tensor:
        """``loc + L ε``, ε ~ N(0, I) of shape ``sample_shape + batch_shape + event_shape``."""
        eps = standard_normal(self._extended_shape(sample_shape), self.loc)
        return self.loc + (self._scale_tril @ eps.unsqueeze(-1)).squeeze(-1)

    def _half_log_det(self) -> Tensor:
        return _diagonal(self._scale_tril).log().sum(-1)

    def log_prob(self, value: Any) -> Tensor:
        """``-½(k log 2π + ‖L⁻¹(x - loc)‖²) - Σ log L_ii``."""
        value = as_float(value, self.loc)
        self._check_value(value, lambda a: a == a, "IndependentConstraint(Real(), 1)")
        diff = value - self.loc
        shape = np.broadcast_shapes(diff.shape[:-1], self._scale_tril.shape[:-2])
        scale = self._scale_tril.expand(shape + self._scale_tril.shape[-2:])
        white = linalg.solve(scale, diff.expand(shape + diff.shape[-1:]))
        maha = white.pow(2).sum(-1)
        k = self._event_shape[0]
        return -0.5 * (k * math.log(2 * math.pi) + maha) - self._half_log_det()

    def entropy(self) -> Tensor:
        """``½ k (1 + log 2π) + Σ log L_ii``."""
        k = self._event_shape[0]
        h = 0.5 * k * (1.0 + math.log(2 * math.pi)) + self._half_log_det()
        return h.expand(self._batch_shape) if self._batch_shape else h


def _positive_definite(a: np.ndarray) -> bool:
    if not np.allclose(a, np.swapaxes(a, -1, -2)):
        return False
    try:
        np.linalg.cholesky(a)
    except np.linalg.LinAlgError:
        return False
    return True


def _lower_cholesky(a: np.ndarray) -> bool:
    return bool(np.all(np.triu(a, 1) == 0) and np.all(np.diagonal(a, 0, -2, -1) > 0))
