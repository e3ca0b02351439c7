"""Keras's MultiHeadAttention: ``h`` heads of scaled dot-product attention, joined and projected.

For a query ``X_q`` (B, T, dim_q) and a value ``X_v`` (B, S, dim_v) (the key ``X_k`` defaults to it):

    Q_h = X_q W_q[:, h] + b_q[h]    K_h = X_k W_k[:, h] + b_k[h]    V_h = X_v W_v[:, h] + b_v[h]
    A_h = softmax(Q_h K_hᵀ / √key_dim)   (masked where ``attention_mask`` is False)
    Y   = Σ_h (A_h V_h) W_o[h] + b_o

with Keras's weights and shapes, in Keras's order: query kernel (dim_q, heads, key_dim) and bias
(heads, key_dim), key kernel and bias, value kernel (dim_v, heads, value_dim) and bias, output kernel
(heads, value_dim, *output_shape) and bias (*output_shape), so ``set_weights`` takes what real
Keras's ``get_weights`` gives. The weights ``A_h`` come from :func:`ligero.ops.attention.attention_weights`
(the kernel the torch face's MultiheadAttention uses too). ``attention_axes=None`` only: inputs of
rank > 3 attend over all their middle axes at once (they are flattened into one).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ligero import initializers, ops
from ligero.errors import ConfigError, ShapeError
from ligero.layers.attention_masks import causal_keep, keep_mask
from ligero.layers.base import Layer, SymbolicTensor
from ligero.layers.core import _regularizer, _serialize_regularizer
from ligero.ops.attention import attention_weights
from ligero.random import get_rng
from ligero.tensor import Tensor, as_tensor

__all__ = ["MultiHeadAttention"]

_PROJECTIONS = ("query", "key", "value")


def _positive_int(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value <= 0:
        raise ConfigError(f"MultiHeadAttention: {what} must be a positive integer, got {value!r}")
    return int(value)


def _output_dims(output_shape: Any) -> tuple[int, ...] | None:
    if output_shape is None or output_shape == () or output_shape == []:
        return None
    dims = (output_shape,) if isinstance(output_shape, (int, np.integer)) else output_shape
    try:
        return tuple(_positive_int(d, "output_shape") for d in dims)
    except TypeError:
        raise ConfigError(f"MultiHeadAttention: output_shape must be an int or a tuple of ints, got "
                          f"{output_shape!r}") from None


class MultiHeadAttention(Layer):
    """``layer(query, value, key=None, attention_mask=None, return_attention_scores=False, training=None,
    use_causal_mask=False)`` (see the module docstring for the formula).

    ``attention_mask`` (B, T, S) of booleans (or 0/1): False where a query position may not attend;
    ``use_causal_mask`` adds the lower-triangular mask. With ``return_attention_scores`` the call
    returns ``(output, scores)``, the scores (B, heads, T, S) before dropout, as Keras's.
    """

    def __init__(self, num_heads: int, key_dim: int, value_dim: int | None = None, dropout: float = 0.0,
                 use_bias: bool = True, output_shape: Any = None, attention_axes: Any = None,
                 kernel_initializer: Any = "glorot_uniform", bias_initializer: Any = "zeros",
                 kernel_regularizer: Any = None, bias_regularizer: Any = None, activity_regularizer: Any = None,
                 kernel_constraint: Any = None, bias_constraint: Any = None, seed: int | None = None,
                 use_gate: bool = False, sliding_window: Any = None, flash_attention: Any = None,
                 **kwargs: Any) -> None:
        super().__init__(seed=seed, **kwargs)
        self.num_heads = _positive_int(num_heads, "num_heads")
        self.key_dim = _positive_int(key_dim, "key_dim")
        self.value_dim = self.key_dim if value_dim is None else _positive_int(value_dim, "value_dim")
        if isinstance(dropout, bool) or not isinstance(dropout, (int, float, np.number)) or not 0 <= dropout < 1:
            raise ConfigError(f"MultiHeadAttention: dropout must be a number in [0, 1), got {dropout!r}")
        unsupported = {"activity_regularizer": activity_regularizer,
                       "kernel_constraint": kernel_constraint, "bias_constraint": bias_constraint,
                       "use_gate": use_gate or None, "sliding_window": sliding_window}
        given = sorted(k for k, v in unsupported.items() if v is not None)
        if given:
            raise ConfigError(f"MultiHeadAttention: {', '.join(given)} not supported by ligero "
                              "(attention_axes=None, no gate, no sliding window, no constraints)")
        self.dropout, self.use_bias = float(dropout), bool(use_bias)
        self._output_dims = _output_dims(output_shape)
        if isinstance(attention_axes, (int, np.integer)):
            attention_axes = (int(attention_axes),)
        self.attention_axes: tuple[int, ...] | None = None if attention_axes is None else tuple(attention_axes)
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = _regularizer(kernel_regularizer)
        self.bias_regularizer = _regularizer(bias_regularizer)
        self._rng = get_rng(seed)
        self._graph_causal = False

    # ------------------------------------------------------------ weights
    def build(self, input_shape: list[tuple[int, ...]]) -> None:
        """Create the four projections for ``[query_shape, value_shape(, key_shape)]`` (batch excluded)."""
        query, value = input_shape[0], input_shape[1]
        key = input_shape[2] if len(input_shape) > 2 else value
        if len(query) < 2 or len(value) < 2 or len(key) != len(value) or tuple(key[:-1]) != tuple(value[:-1]):
            raise ShapeError(f"layer '{self.name}' (MultiHeadAttention) expects query (None, T, dim) and value and "
                             f"key (None, S, dim) with the same S, got query {(None, *query)}, value "
                             f"{(None, *value)}, key {(None, *key)}")
        self.attention_axes = self._all_middle_axes(len(query) + 1)
        self._features = (query[-1], value[-1], key[-1])
        rng = get_rng(self.seed)
        self._weights = {}
        for name, dim, depth in (("query", query[-1], self.key_dim), ("key", key[-1], self.key_dim),
                                 ("value", value[-1], self.value_dim)):
            self._add_projection(name, (dim, self.num_heads, depth), (self.num_heads, depth), rng)
        out = self._output_dims or (query[-1],)
        self._add_projection("attention_output", (self.num_heads, self.value_dim, *out), out, rng)

    def _all_middle_axes(self, rank: int) -> tuple[int, ...]:
        """Keras's default attention axes for a query of ``rank`` (batch included); others are refused."""
        axes = tuple(range(1, rank - 1))
        if self.attention_axes is not None and tuple(a if a >= 0 else rank + a for a in self.attention_axes) != axes:
            raise ConfigError(f"{self._where()}: attention_axes={self.attention_axes} is not supported by ligero; "
                              f"only the default (None: all the middle axes, {axes} here)")
        return axes

    def _add_projection(self, name: str, kernel_shape: tuple[int, ...], bias_shape: tuple[int, ...],
                        rng: np.random.Generator) -> None:
        kernel = self.add_weight(kernel_shape, self.kernel_initializer, regularizer=self.kernel_regularizer,
                                 name=f"{name}/kernel", rng=rng)
        bias = self.add_weight(bias_shape, self.bias_initializer, regularizer=self.bias_regularizer,
                               name=f"{name}/bias", rng=rng) if self.use_bias else None
        setattr(self, f"{name}_kernel", kernel)  # registered as the Module's parameters (what fit trains)
        setattr(self, f"{name}_bias", bias)
        self._weights[name] = (kernel, bias)

    def compute_output_shape(self, input_shape: list[tuple[int, ...]]) -> tuple[int, ...]:
        query = input_shape[0]
        return (*query[:-1], *(self._output_dims or (query[-1],)))

    # ------------------------------------------------------------ calling
    def __call__(self, query: Any, value: Any = None, key: Any = None, query_mask: Any = None,
                 value_mask: Any = None, key_mask: Any = None, attention_mask: Any = None,
                 return_attention_scores: bool = False, training: Any = None, use_causal_mask: bool = False) -> Any:
        if value is None and isinstance(query, (list, tuple)) and len(query) in (2, 3):
            query, value, key = (*query, None)[:3]  # a functional graph's call: [query, value(, key)]
            use_causal_mask = use_causal_mask or self._graph_causal
        if value is None:
            raise TypeError(f"layer '{self.name}' (MultiHeadAttention): call(query, value, key=None, ...) needs a "
                            "value")
        if any(m is not None for m in (query_mask, value_mask, key_mask)):
            raise ConfigError(f"layer '{self.name}' (MultiHeadAttention): query_mask, value_mask and key_mask are "
                              "not supported by ligero: pass attention_mask")
        tensors = [query, value] + ([] if key is None else [key])
        if any(isinstance(t, SymbolicTensor) for t in tensors):
            return self._symbolic_call(tensors, attention_mask, return_attention_scores, use_causal_mask)
        options = {"attention_mask": attention_mask, "return_attention_scores": return_attention_scores,
                   "use_causal_mask": use_causal_mask}
        if training is not None:
            options["training"] = training
        return self.forward(*tensors, **options)

    def _symbolic_call(self, tensors: list[Any], attention_mask: Any, scores: bool, causal: bool) -> Any:
        if not all(isinstance(t, SymbolicTensor) for t in tensors) or attention_mask is not None or scores:
            raise ConfigError(f"layer '{self.name}' (MultiHeadAttention): in a functional model ligero takes "
                              "query, value and key as keras.Input tensors, with use_causal_mask but without "
                              "attention_mask or return_attention_scores (call the layer eagerly for those)")
        self._graph_causal = bool(causal)
        return SymbolicTensor.from_layer_call(self, tensors)

    def forward(self, query: Any, value: Any, key: Any = None, **options: Any) -> Any:
        """Build (the first time) or check the feature sizes, then ``call``."""
        q, v = as_tensor(query), as_tensor(value)
        k = v if key is None else as_tensor(key)
        shapes = [tuple(t.shape[1:]) for t in (q, v, k)]
        if not self.built:
            self.build_for(shapes)
        elif tuple(s[-1] if s else None for s in shapes) != self._features or q.ndim != len(self.input_shape[0]) + 1:
            raise ShapeError(f"layer '{self.name}' (MultiHeadAttention) was built for query, value, key features "
                             f"{self._features} (query rank {len(self.input_shape[0]) + 1}), got shapes "
                             f"{[(None, *s) for s in shapes]}")
        return self._call(q, v, k, **options)

    def call(self, query: Tensor, value: Tensor, key: Tensor | None = None, attention_mask: Any = None,
             return_attention_scores: bool = False, training: Any = None, use_causal_mask: bool = False) -> Any:
        key = value if key is None else key
        batch, q_axes, k_axes = query.shape[0], tuple(query.shape[1:-1]), tuple(value.shape[1:-1])
        qh, kh, vh = (self._heads(t, name) for t, name in zip((query, key, value), _PROJECTIONS))
        keep = keep_mask(attention_mask, batch, q_axes, k_axes, self._where())
        if use_causal_mask:
            causal = causal_keep(q_axes, k_axes, self._where())
            keep = causal if keep is None else keep & causal
        scores = attention_weights(qh, kh, 1.0 / math.sqrt(self.key_dim), keep=None if keep is None else keep[:, None])
        training = self.training if training is None else bool(training)
        used = ops.dropout(scores, self.dropout, training, self._rng) if self.dropout else scores
        joined = ops.reshape(ops.permute(ops.matmul(used, vh), (0, 2, 1, 3)), (batch, -1, self.num_heads *
                                                                                self.value_dim))
        kernel, bias = self._weights["attention_output"]
        out_dims = tuple(kernel.shape[2:])
        flat_out = ops.linear(joined, ops.reshape(kernel, (-1, int(np.prod(out_dims)))),
                              None if bias is None else ops.reshape(bias, (-1,)))
        output = ops.reshape(flat_out, (batch, *q_axes, *out_dims))
        if return_attention_scores:
            return output, ops.reshape(scores, (batch, self.num_heads, *q_axes, *k_axes))
        return output

    def _heads(self, x: Tensor, name: str) -> Tensor:
        """``x`` (B, *axes, dim) projected to (B, heads, prod(axes), depth)."""
        kernel, bias = self._weights[name]
        flat = ops.reshape(x, (x.shape[0], -1, x.shape[-1]))
        y = ops.linear(flat, ops.reshape(kernel, (kernel.shape[0], -1)), None if bias is None else
                       ops.reshape(bias, (-1,)))
        return ops.permute(ops.reshape(y, (x.shape[0], flat.shape[1], self.num_heads, -1)), (0, 2, 1, 3))

    def _where(self) -> str:
        return f"layer '{self.name}' (MultiHeadAttention)"

    # ------------------------------------------------------------- config
    #: in a functional model's saved config, query, value and key are positional arguments (Keras's form)
    positional_inputs = True
    node_kwarg_names = ("use_causal_mask",)

    def node_kwargs(self) -> dict[str, Any]:
        """The keyword arguments of this layer's functional call, as a saved config records them."""
        return {"use_causal_mask": True} if self._graph_causal else {}

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "num_heads": self.num_heads, "key_dim": self.key_dim,
                "value_dim": self.value_dim, "dropout": self.dropout, "use_bias": self.use_bias,
                "use_gate": False, "output_shape": self._output_dims, "attention_axes": self.attention_axes,
                "sliding_window": None,
                "kernel_initializer": initializers.serialize(self.kernel_initializer),
                "bias_initializer": initializers.serialize(self.bias_initializer),
                "kernel_regularizer": _serialize_regularizer(self.kernel_regularizer),
                "bias_regularizer": _serialize_regularizer(self.bias_regularizer),
                "activity_regularizer": None, "kernel_constraint": None, "bias_constraint": None,
                "seed": self.seed}
