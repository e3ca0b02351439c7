"""The pointwise step of an LSTM cell as one node, beside its composed reference.

An LSTM step composed of basic ops records 12 nodes after the gate pre-activations
(four slices, three sigmoids, two tanh, three products and a sum), each with its own
temporaries and backward call; a 20-step sequence then spends most of its time in
Python. :func:`lstm_pointwise` does the same in one node with the derivative
written out, for both faces (PyTorch's gate order i, f, g, o is Keras's i, f, c, o).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ligero import ops
from ligero.errors import ShapeError
from ligero.ops.unary import sigmoid_array
from ligero.tensor import Tensor, as_tensor, make_result


def lstm_pointwise(gates: Any, c: Any) -> Tensor:
    """``[h' c']`` (N, 2H) from the pre-activations ``gates = [z_i z_f z_g z_o]`` (N, 4H) and the cell ``c`` (N, H).

    ``i, f, o = σ(z_i), σ(z_f), σ(z_o)``, ``g = tanh(z_g)``; ``c' = f·c + i·g``; ``h' = o·tanh(c')``.
    Backward, with ``g_h, g_c`` the incoming gradients of ``h'`` and ``c'``:
    ``δc = g_c + g_h·o·(1 − tanh²c')``; ``∂/∂z_i = δc·g·i(1−i)``, ``∂/∂z_f = δc·c·f(1−f)``,
    ``∂/∂z_g = δc·i·(1 − g²)``, ``∂/∂z_o = g_h·tanh c'·o(1−o)``; ``∂/∂c = δc·f``.
    """
    gates, c = as_tensor(gates), as_tensor(c)
    n, four_h = gates.array.shape
    h = four_h // 4
    if four_h != 4 * h or c.array.shape != (n, h):
        raise ShapeError(f"lstm_pointwise: gates of shape {gates.array.shape} and cell of shape "
                         f"{c.array.shape} do not fit (expected (N, 4H) and (N, H))")
    z = gates.array
    i, f, o = sigmoid_array(z[:, :h]), sigmoid_array(z[:, h:2 * h]), sigmoid_array(z[:, 3 * h:])
    g = np.tanh(z[:, 2 * h:3 * h])
    c_new = f * c.array
    c_new += i * g
    tanh_c = np.tanh(c_new)
    out = np.concatenate([o * tanh_c, c_new], axis=1)

    def backward(grad: np.ndarray) -> tuple:
        g_h, g_c = grad[:, :h], grad[:, h:]
        delta_c = g_h * o * (1 - tanh_c * tanh_c) + g_c
        d_gates = np.empty_like(z)
        d_gates[:, :h] = delta_c * g * i * (1 - i)
        d_gates[:, h:2 * h] = delta_c * c.array * f * (1 - f)
        d_gates[:, 2 * h:3 * h] = delta_c * i * (1 - g * g)
        d_gates[:, 3 * h:] = g_h * tanh_c * o * (1 - o)
        return d_gates, delta_c * f

    return make_result(out, (gates, c), backward, "lstm_pointwise")


def lstm_pointwise_reference(gates: Any, c: Any) -> Tensor:
    """:func:`lstm_pointwise` composed of slices, sigmoid, tanh, products and sums: its definition."""
    gates, c = as_tensor(gates), as_tensor(c)
    h = gates.shape[1] // 4
    z_i, z_f, z_g, z_o = (ops.getitem(gates, (slice(None), slice(k * h, (k + 1) * h))) for k in range(4))
    c_new = ops.add(ops.mul(ops.sigmoid(z_f), c), ops.mul(ops.sigmoid(z_i), ops.tanh(z_g)))
    return ops.concatenate([ops.mul(ops.sigmoid(z_o), ops.tanh(c_new)), c_new], 1)
