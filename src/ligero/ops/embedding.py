"""Embedding lookup: rows of a weight matrix picked by integer indices."""

from __future__ import annotations

from typing import Any

import numpy as np

from ligero.tensor import Tensor, as_tensor, make_result


def embedding(indices: Any, weight: Any, padding_idx: int | None = None) -> Tensor:
    """``y[..., :] = W[indices[...], :]`` for integer ``indices`` of any shape.

    Backward: ``dL/dW[r] = Σ`` of the gradients of every position that picked row ``r``
    (an unbuffered scatter-add); the ``padding_idx`` row gets none, as PyTorch's.
    """
    weight = as_tensor(weight)
    idx = indices.array if isinstance(indices, Tensor) else np.asarray(indices)
    if idx.dtype.kind not in "iu":
        raise RuntimeError(f"Expected tensor for argument #1 'indices' to have an integer dtype; got {idx.dtype} "
                           "(convert with .long())")
    rows = weight.shape[0]
    if idx.size and (idx.min() < -rows or idx.max() >= rows):
        raise IndexError(f"index out of range in self: embedding indices must be in [0, {rows}), "
                         f"got values from {idx.min()} to {idx.max()}")
    out = weight.array[idx]

    def backward(g: np.ndarray) -> tuple:
        grad = np.zeros_like(weight.array)
        np.add.at(grad, idx.reshape(-1), g.reshape(-1, weight.shape[1]))
        if padding_idx is not None:
            grad[padding_idx] = 0
        return (grad,)

    return make_result(out, (weight,), backward, "embedding")
