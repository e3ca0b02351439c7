"""The parametric ReLU of Keras's ``PReLU`` layer, one node with gradients for ``x`` and ``alpha``."""

from __future__ import annotations

from typing import Any

import numpy as np

from ligero.ops._common import broadcast_error, unbroadcast
from ligero.ops.unary import _floating
from ligero.tensor import Tensor, as_tensor, make_result


def prelu(x: Any, alpha: Any) -> Tensor:
    """``f(x) = max(0, x) + α·min(0, x)``, ``α`` broadcast against ``x`` (a per-position slope);

    df/dx = ``[x > 0] + α·[x < 0]`` (0 at x = 0, as Keras's ``relu(x) − α·relu(−x)``),
    df/dα = ``min(0, x)``, summed over the axes along which ``α`` was broadcast.
    """
    x, alpha = _floating(x), as_tensor(alpha)
    a, slope_values = x.array, alpha.array
    try:
        shape = np.broadcast_shapes(a.shape, slope_values.shape)
    except ValueError:
        raise broadcast_error("prelu", a.shape, slope_values.shape) from None
    if shape != a.shape:
        raise broadcast_error("prelu (alpha must broadcast to the input)", a.shape, slope_values.shape)
    negative = np.minimum(a, 0)
    out = (np.maximum(a, 0) + slope_values * negative).astype(a.dtype, copy=False)

    def backward(g: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        dx = g * ((a > 0) + slope_values * (a < 0))
        dalpha = unbroadcast(g * negative, slope_values.shape)
        return dx.astype(a.dtype, copy=False), dalpha.astype(slope_values.dtype, copy=False)

    return make_result(out, (x, alpha), backward, "prelu")
