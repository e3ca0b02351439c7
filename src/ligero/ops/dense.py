"""``linear_out_in``: the affine map of PyTorch's layout, ``y = x @ Wᵀ + b`` with W of shape (out, in).

One fused node, as :func:`ligero.ops.fused.linear` (whose W is Keras's (in, out)):
the forward is one GEMM against the transposed view of W (no copy; with few rows, ``(W @ xᵀ)ᵀ``:
:func:`ligero.blas.matmul_transposed`), and a large
weight gradient ``gᵀ·x`` is handed back unevaluated
(:func:`ligero.blas.weight_gradient`), so plain SGD folds it into its update.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ligero.blas import dot2, matmul_transposed, weight_gradient
from ligero.tensor import Tensor, as_tensor, make_result


def linear_out_in(x: Any, weight: Any, bias: Any = None) -> Tensor:
    """``y = x @ Wᵀ + b`` with ``W`` of shape (out, in) and ``b`` of shape (out,).

    ``x`` is (..., in); extra leading dimensions are more rows.
    Backward: dL/dx = g @ W, dL/dW = gᵀ @ x (rows flattened), dL/db = Σ_rows g;
    each only if its parent requires it.
    """
    x = x if isinstance(x, Tensor) else as_tensor(x)
    weight = weight if isinstance(weight, Tensor) else as_tensor(weight)
    xs, ws = x.array.shape, weight.array.shape
    if len(ws) != 2 or not xs or xs[-1] != ws[1]:
        rows = "x".join(str(d) for d in (int(np.prod(xs[:-1])) if len(xs) > 1 else 1, xs[-1] if xs else 0))
        raise RuntimeError(
            f"mat1 and mat2 shapes cannot be multiplied ({rows} and {ws[1] if len(ws) == 2 else '?'}x"
            f"{ws[0] if ws else '?'}): linear input of shape {xs} does not fit weight of shape {ws} "
            f"(out_features, in_features): the input's last dimension must be {ws[1] if len(ws) == 2 else '?'}"
        )
    out = matmul_transposed(x.array, weight.array)
    parents: tuple[Tensor, ...] = (x, weight)
    if bias is not None:
        bias = bias if isinstance(bias, Tensor) else as_tensor(bias)
        if bias.array.shape != ws[:1]:
            raise RuntimeError(f"linear: bias of shape {bias.shape} does not fit weight of shape {ws}")
        out += bias.array
        parents = (x, weight, bias)

    def backward(g: np.ndarray) -> tuple:
        rows_x, rows_g = x.array, g
        if rows_x.ndim != 2:
            rows_x, rows_g = rows_x.reshape(-1, rows_x.shape[-1]), g.reshape(-1, g.shape[-1])
        gx = dot2(g, weight.array) if x.requires_grad else None
        gw = weight_gradient(rows_g.T, rows_x) if weight.requires_grad else None
        if bias is None:
            return gx, gw
        return gx, gw, (np.add.reduce(rows_g, axis=0) if bias.requires_grad else None)  # Σ_rows g

    backward.out_in = True  # W is (out, in): read by create_graph's rule (autograd/higher_order.py)
    return make_result(out, parents, backward, "linear")


def linear_out_in_reference(x: Any, weight: Any, bias: Any = None) -> Tensor:
    """``x @ Wᵀ + b`` from matmul, transpose and add: the definition :func:`linear_out_in` is tested against."""
    from ligero.ops.shape import transpose

    y = as_tensor(x) @ transpose(weight, (1, 0))
    return y if bias is None else y + bias
