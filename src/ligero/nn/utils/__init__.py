"""``nn.utils``: gradient clipping and parameters as one vector, as ``torch.nn.utils``.

Gradients are read and written through ``p.grad_array`` (the ndarray under ``p.grad``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from ligero.tensor import Tensor


def _params(parameters: Any) -> list[Tensor]:
    return [parameters] if isinstance(parameters, Tensor) else list(parameters)


def clip_grad_norm_(parameters: Any, max_norm: float, norm_type: float = 2.0, error_if_nonfinite: bool = False,
                    foreach: Any = None) -> Tensor:
    """Scale all gradients together so that their joint ``norm_type``-norm is at most ``max_norm``.

    ``total = (Σ_p ‖g_p‖^q)^(1/q)`` (``inf``: the largest ``|g|``); every gradient is
    multiplied by ``min(1, max_norm / (total + 1e-6))``. Returns ``total`` as a tensor.
    """
    grads = [p.grad_array for p in _params(parameters) if p.grad_array is not None]
    if not grads:
        return Tensor(np.array(0.0, dtype=np.float32))
    norm_type = float(norm_type)
    if norm_type == float("inf"):
        total = max(float(np.abs(g).max()) if g.size else 0.0 for g in grads)
    else:
        total = float(sum(float(np.sum(np.abs(g.astype(np.float64)) ** norm_type)) for g in grads) ** (1.0 / norm_type))
    if error_if_nonfinite and not np.isfinite(total):
        raise RuntimeError(f"The total norm of order {norm_type} for gradients from `parameters` is non-finite, "
                           "so it cannot be clipped. To disable this error and scale the gradients by the "
                           "non-finite norm anyway, set `error_if_nonfinite=False`")
    coef = max_norm / (total + 1e-6)
    if coef < 1:
        for g in grads:
            g *= np.asarray(coef, dtype=g.dtype)
    return Tensor(np.array(total, dtype=grads[0].dtype))


def clip_grad_value_(parameters: Any, clip_value: float, foreach: Any = None) -> None:
    """Clip every gradient element into ``[-clip_value, clip_value]`` in place."""
    for p in _params(parameters):
        g = p.grad_array
        if g is not None:
            np.clip(g, -clip_value, clip_value, out=g)


def parameters_to_vector(parameters: Iterable[Tensor]) -> Tensor:
    """All parameters flattened and joined into one 1-D tensor (a copy)."""
    return Tensor(np.concatenate([p.array.reshape(-1) for p in parameters]))


def vector_to_parameters(vec: Tensor, parameters: Iterable[Tensor]) -> None:
    """Copy consecutive slices of ``vec`` into the parameters, in place."""
    values = vec.array if isinstance(vec, Tensor) else np.asarray(vec)
    if values.ndim != 1:
        raise TypeError(f"expected a 1-D tensor, but got: {values.ndim}-D")
    start = 0
    for p in parameters:
        p.array[...] = values[start:start + p.array.size].reshape(p.shape)
        start += p.array.size

from ligero.nn.utils import rnn  # noqa: E402 - torch.nn.utils.rnn, reachable as an attribute as in torch
from ligero.nn.utils.weight_norm import remove_weight_norm, weight_norm  # noqa: E402, F401 - torch's names
