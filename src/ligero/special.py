"""``torch.special``: the special functions under their torch.special names (``expit``, ``logit``,
``erf``, ``xlogy``, ``gammaln``, ``ndtr``...). The differentiable ops live in :mod:`ligero.ops.special`
and :mod:`ligero.ops.unary`; the names already on a Tensor are that method, called on the first argument.
"""

from __future__ import annotations

from typing import Any

from ligero.ops.special import (
    digamma,
    entr,
    erfc,
    erfinv,
    exp2,
    i0,
    log_ndtr,
    logit,
    ndtr,
    ndtri,
    sinc,
    xlog1py,
    xlogy,
)
from ligero.tensor import Tensor, as_tensor

__all__ = ["digamma", "entr", "erf", "erfc", "erfinv", "exp2", "expit", "expm1", "gammaln", "i0", "log1p",
           "log_ndtr", "log_softmax", "logit", "logsumexp", "ndtr", "ndtri", "psi", "round", "sinc", "softmax",
           "xlog1py", "xlogy"]

gammaln = Tensor.lgamma
psi = digamma


def expit(input: Any) -> Tensor:  # noqa: A002 - torch's name
    """``1/(1 + e^-x)``, the logistic sigmoid."""
    return as_tensor(input).sigmoid()


def erf(input: Any) -> Tensor:  # noqa: A002
    """The error function."""
    return as_tensor(input).erf()


def log1p(input: Any) -> Tensor:  # noqa: A002
    """``ln(1 + x)``."""
    return as_tensor(input).log1p()


def expm1(input: Any) -> Tensor:  # noqa: A002
    """``e^x - 1``."""
    return as_tensor(input).expm1()


def round(input: Any, decimals: int = 0) -> Tensor:  # noqa: A001, A002
    """Round half to even (to ``decimals`` places)."""
    return as_tensor(input).round(decimals=decimals)


def logsumexp(input: Any, dim: Any, keepdim: bool = False) -> Tensor:  # noqa: A002
    """``ln Σ e^x`` along ``dim``."""
    return as_tensor(input).logsumexp(dim, keepdim)


def softmax(input: Any, dim: int, dtype: Any = None) -> Tensor:  # noqa: A002
    """``e^x / Σ e^x`` along ``dim``."""
    return as_tensor(input).softmax(dim, dtype)


def log_softmax(input: Any, dim: int, dtype: Any = None) -> Tensor:  # noqa: A002
    """``x - ln Σ e^x`` along ``dim``."""
    return as_tensor(input).log_softmax(dim, dtype)
