"""MultiheadAttention, as ``torch.nn.MultiheadAttention``, composed of differentiable ops.

``Attention(Q, K, V) = softmax(Q Kᵀ / √d + mask) V`` per head (the weights from
:func:`ligero.ops.attention.attention_weights`), the heads'
outputs joined and projected by ``out_proj``. Masks: a boolean ``attn_mask``
(True = not allowed) or an additive float one, and a boolean ``key_padding_mask``
(N, S) (True = ignore that key).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ligero import ops
from ligero.nn import functional as F
from ligero.nn import init
from ligero.nn.linear import Linear, _float_dtype
from ligero.nn.module import Module
from ligero.nn.parameter import Parameter
from ligero.ops.attention import attention_weights
from ligero.ops.dense import linear_out_in
from ligero.tensor import Tensor, as_tensor
from ligero.torch_generator import seeded


class NonDynamicallyQuantizableLinear(Linear):
    """The output projection of MultiheadAttention (PyTorch's class name, a plain Linear)."""


class MultiheadAttention(Module):
    """Multi-head attention with ``in_proj_weight`` (3E, E), ``in_proj_bias`` and ``out_proj``.

    ``forward(query, key, value)`` returns ``(attn_output, attn_weights)``: the weights
    averaged over the heads (``average_attn_weights``), or None if not ``need_weights``.
    Layouts are (L, N, E), or (N, L, E) with ``batch_first``.
    """

    def __init__(self, embed_dim: int, num_heads: int, dropout: float = 0.0, bias: bool = True,
                 add_bias_kv: bool = False, add_zero_attn: bool = False, kdim: Any = None, vdim: Any = None,
                 batch_first: bool = False, device: Any = None, dtype: Any = None, *, seed: int | None = None) -> None:
        super().__init__()
        if embed_dim % num_heads:
            raise AssertionError("embed_dim must be divisible by num_heads")
        if add_bias_kv or add_zero_attn or (kdim not in (None, embed_dim)) or (vdim not in (None, embed_dim)):
            raise NotImplementedError("MultiheadAttention: add_bias_kv, add_zero_attn, kdim and vdim are not supported")
        self.embed_dim, self.num_heads, self.dropout, self.batch_first = embed_dim, num_heads, dropout, batch_first
        self.head_dim = embed_dim // num_heads
        dtype = _float_dtype(dtype)
        self.in_proj_weight = Parameter(np.empty((3 * embed_dim, embed_dim), dtype))
        if bias:
            self.in_proj_bias = Parameter(np.zeros(3 * embed_dim, dtype))
        else:
            self.register_parameter("in_proj_bias", None)
        with seeded(seed):  # torch's order: out_proj starts as a Linear, then in_proj_weight is drawn
            self.out_proj = NonDynamicallyQuantizableLinear(embed_dim, embed_dim, bias=bias, dtype=dtype)
            init.xavier_uniform_(self.in_proj_weight)
        if bias:
            init.zeros_(self.out_proj.bias)

    def forward(self, query: Any, key: Any, value: Any, key_padding_mask: Any = None, need_weights: bool = True,
                attn_mask: Any = None, average_attn_weights: bool = True, is_causal: bool = False) -> tuple:
        q, k, v = as_tensor(query), as_tensor(key), as_tensor(value)
        batched = q.ndim == 3
        if not batched:
            q, k, v = (ops.reshape(t, (t.shape[0], 1, t.shape[1])) for t in (q, k, v))
        elif self.batch_first:
            q, k, v = (ops.transpose(t, (1, 0, 2)) for t in (q, k, v))
        length, n, e = q.shape
        source = k.shape[0]
        w, b = self.in_proj_weight, self.in_proj_bias
        heads = [linear_out_in(t, ops.getitem(w, slice(i * e, (i + 1) * e)),
                               None if b is None else ops.getitem(b, slice(i * e, (i + 1) * e)))
                 for i, t in enumerate((q, k, v))]
        qh, kh, vh = (self._split_heads(t, n) for t in heads)  # (N·heads, L or S, head_dim)
        mask = _additive_mask(attn_mask, key_padding_mask, is_causal, n, self.num_heads, length, source, q.array.dtype)
        attn = attention_weights(qh, kh, 1.0 / math.sqrt(self.head_dim), bias=mask)
        if self.dropout and self.training:
            attn = F.dropout(attn, self.dropout, True)
        out = ops.matmul(attn, vh)  # (N·heads, L, head_dim)
        out = ops.reshape(ops.transpose(out, (1, 0, 2)), (length, n, e))
        out = self.out_proj(out)
        if not batched:
            out = ops.reshape(out, (length, e))
        elif self.batch_first:
            out = ops.transpose(out, (1, 0, 2))
        return out, self._weights(attn, n, length, source, batched, need_weights, average_attn_weights)

    def _split_heads(self, t: Tensor, n: int) -> Tensor:
        steps = t.shape[0]
        return ops.transpose(ops.reshape(t, (steps, n * self.num_heads, self.head_dim)), (1, 0, 2))

    def _weights(self, attn: Tensor, n: int, length: int, source: int, batched: bool, need: bool,
                 average: bool) -> Tensor | None:
        if not need:
            return None
        weights = ops.reshape(attn, (n, self.num_heads, length, source))
        if average:
            weights = ops.mean(weights, 1)
        if not batched:
            weights = ops.reshape(weights, weights.shape[1:])
        return weights

    def extra_repr(self) -> str:
        return ""


def _additive_mask(attn_mask: Any, key_padding_mask: Any, is_causal: bool, n: int, heads: int, length: int,
                   source: int, dtype: Any) -> np.ndarray | None:
    """The masks as one additive array broadcastable to (N·heads, L, S): 0 where allowed, -inf where not."""
    total = None
    if attn_mask is None and is_causal:
        attn_mask = np.triu(np.ones((length, source), dtype=bool), 1)
    if attn_mask is not None:
        m = attn_mask.array if isinstance(attn_mask, Tensor) else np.asarray(attn_mask)
        m = np.where(m, -np.inf, 0.0) if m.dtype == bool else m.astype(np.float64)
        total = m.reshape((1, length, source) if m.ndim == 2 else (n * heads, length, source))
    if key_padding_mask is not None:
        k = key_padding_mask.array if isinstance(key_padding_mask, Tensor) else np.asarray(key_padding_mask)
        k = np.where(k, -np.inf, 0.0) if k.dtype == bool else k.astype(np.float64)
        k = np.repeat(k.reshape(n, 1, 1, source), heads, axis=1).reshape(n * heads, 1, source)
        total = k if total is None else total + k
    return None if total is None else total.astype(dtype)
