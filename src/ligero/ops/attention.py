"""Scaled dot-product attention weights, the one softmax-attention kernel of both faces.

``A = softmax(s·Q Kᵀ + bias)`` over the keys (the last axis), composed of differentiable ops
(``mul``, ``matmul``, ``add``, ``where``, ``softmax``), so the gradient is theirs. Two ways to
mask, one per framework:

- ``bias``: an additive array (torch's float ``attn_mask``, ``-inf`` where not allowed);
- ``keep``: a boolean array, False where a query may not look (Keras's ``attention_mask``):
  those scores become ``fill`` (Keras's -1e9) before the softmax and the weights 0 after it,
  so a query that may look nowhere gets all-zero weights, as Keras's masked softmax.

The caller applies dropout to ``A`` and takes ``A V`` (what it returns as the weights differs:
torch gives them after dropout, Keras before).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ligero.ops.arithmetic import add, matmul, mul, where
from ligero.ops.shape import transpose
from ligero.ops.unary import softmax
from ligero.tensor import Tensor

KERAS_FILL = -1e9
"""What Keras's masked softmax puts in place of a masked score."""


def masked_softmax(scores: Tensor, bias: Any = None, keep: Any = None, fill: float = KERAS_FILL) -> Tensor:
    """``softmax(scores + bias)`` over the last axis, the scores where ``keep`` is False replaced by
    ``fill`` before and their weights set to 0 after (see the module docstring)."""
    if bias is not None:
        scores = add(scores, bias)
    if keep is None:
        return softmax(scores, -1)
    keep = np.asarray(keep, dtype=bool)
    masked = where(keep, scores, np.asarray(fill, dtype=scores.array.dtype))
    return mul(softmax(masked, -1), keep.astype(scores.array.dtype))


def attention_weights(query: Tensor, key: Tensor, scale: Any, bias: Any = None, keep: Any = None,
                      fill: float = KERAS_FILL) -> Tensor:
    """``softmax((s·Q) Kᵀ + bias)`` with Q of shape (..., T, d) and K (..., S, d): weights (..., T, S).

    ``scale`` is a number or a 0-d Tensor (a trainable scale); ``bias`` broadcasts to (..., T, S)
    and is added; ``keep`` (boolean, broadcastable to the same) replaces the scores it marks False
    by ``fill`` and zeroes their weights after the softmax (:func:`masked_softmax`).
    """
    rank = key.ndim
    scores = matmul(mul(query, scale), transpose(key, (*range(rank - 2), rank - 1, rank - 2)))
    return masked_softmax(scores, bias, keep, fill)
