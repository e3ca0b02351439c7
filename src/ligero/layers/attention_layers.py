"""Keras's Attention (Luong, dot-product) and AdditiveAttention (Bahdanau) layers.

For a query ``Q`` (B, Tq, dim), a value ``V`` (B, Tv, dim_v) and a key ``K`` (B, Tv, dim) (the value
when not given), called on the list ``[Q, V]`` or ``[Q, V, K]``:

    Attention, score_mode="dot":     S[t, s] = s_c · Q[t]·K[s]                 (s_c = ``scale``, or 1)
    Attention, score_mode="concat":  S[t, s] = w_c · Σ_d tanh(s_c · (Q[t, d] + K[s, d]))
    AdditiveAttention:               S[t, s] = Σ_d w[d] · tanh(Q[t, d] + K[s, d])   (w = ``scale``, or 1)
    A = softmax(S − 10⁹·[masked])    over s        Y = A V,  then Y[t] = 0 where the query mask is False

``masked`` marks the keys the value mask hides and, with ``use_causal_mask``, the keys ``s > t``: their
scores are lowered by 10⁹ (Keras's bias, so a row where every key is hidden gets the softmax of the
lowered scores, as in Keras). ``dropout`` (in training) drops weights of ``A``; the returned attention
scores are ``A`` after that dropout, as Keras's. The weights are Keras's: ``scale`` (a scalar, ones;
AdditiveAttention's is (dim,), Glorot uniform) and ``concat_score_weight`` (a scalar, ones), so
``get_weights``/``set_weights`` exchange with Keras. The weights ``A`` come from
:mod:`ligero.ops.attention` (the kernel of MultiHeadAttention too).

Masks: ``mask=[query_mask, value_mask]`` (each (B, T) or None); without it the masks attached to the
inputs (``Embedding(mask_zero=True)``, ``Masking``) are taken, as Keras does. The output carries the
query's mask.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ligero import initializers, ops
from ligero.errors import ConfigError, ShapeError
from ligero.layers.attention_masks import causal_keep
from ligero.layers.base import Layer, SymbolicTensor
from ligero.masks import get_mask
from ligero.ops.attention import KERAS_FILL, attention_weights, masked_softmax
from ligero.random import get_rng
from ligero.tensor import Tensor, as_tensor

__all__ = ["AdditiveAttention", "Attention"]

_SCORE_MODES = ("dot", "concat")


def _bool_mask(mask: Any, batch: int, steps: int, what: str, where: str) -> np.ndarray | None:
    """``mask`` (B, steps) as booleans, or None; a wrong shape names the layer and both shapes."""
    if mask is None:
        return None
    keep = np.asarray(mask.array if isinstance(mask, Tensor) else mask) != 0
    if keep.shape != (batch, steps):
        raise ShapeError(f"{where}: {what} must have shape {(batch, steps)} (batch, steps), got {keep.shape}")
    return keep


class Attention(Layer):
    """``layer([query, value(, key)], mask=None, training=None, return_attention_scores=False,
    use_causal_mask=False)`` (see the module docstring for the formula)."""

    supports_masking = True  # the output carries the query's mask, as Keras's compute_mask

    def __init__(self, use_scale: bool = False, score_mode: str = "dot", dropout: float = 0.0,
                 seed: int | None = None, **kwargs: Any) -> None:
        super().__init__(seed=seed, **kwargs)
        kind = type(self).__name__
        if score_mode not in _SCORE_MODES:
            raise ConfigError(f"{kind}: invalid value for argument score_mode. Expected one of {{'dot', 'concat'}}. "
                              f"Received: score_mode={score_mode!r}")
        if isinstance(dropout, bool) or not isinstance(dropout, (int, float, np.number)) or not 0 <= dropout < 1:
            raise ConfigError(f"{kind}: dropout must be a number in [0, 1), got {dropout!r}")
        self.use_scale, self.score_mode, self.dropout = bool(use_scale), score_mode, float(dropout)
        self.scale: Any = None
        self.concat_score_weight: Any = None
        self._rng = get_rng(seed)
        self._graph_causal = False

    # ------------------------------------------------------------ weights
    def build(self, input_shape: list[tuple[int, ...]]) -> None:
        """Check ``[query_shape, value_shape(, key_shape)]`` (batch excluded) and create Keras's weights."""
        self._features = self._check_shapes(input_shape)
        if self.use_scale:
            self.scale = self.add_weight((), "ones", name="scale")
        if self.score_mode == "concat":
            self.concat_score_weight = self.add_weight((), "ones", name="concat_score_weight")

    def _check_shapes(self, shapes: Any) -> tuple[int, int, int]:
        """The (query, value, key) feature sizes of ``shapes``, checked."""
        if not isinstance(shapes, list) or len(shapes) not in (2, 3):
            raise ShapeError(f"{self._where()} must be called on a list of inputs, namely [query, value] or "
                             f"[query, value, key]; got {shapes!r}")
        query, value = shapes[0], shapes[1]
        key = shapes[2] if len(shapes) > 2 else value
        fits = len(query) == len(value) == len(key) == 2 and key[0] == value[0] and query[-1] == key[-1]
        if not fits:
            raise ShapeError(f"{self._where()} expects query (None, Tq, dim), value (None, Tv, dim_v) and key "
                             f"(None, Tv, dim), got query {(None, *query)}, value {(None, *value)}, key "
                             f"{(None, *key)}")
        return query[-1], value[-1], key[-1]

    def compute_output_shape(self, input_shape: list[tuple[int, ...]]) -> tuple[int, ...]:
        return (*input_shape[0][:-1], input_shape[1][-1])

    # ------------------------------------------------------------ calling
    def __call__(self, inputs: Any, mask: Any = None, training: Any = None, return_attention_scores: bool = False,
                 use_causal_mask: bool = False) -> Any:
        if not isinstance(inputs, (list, tuple)) or len(inputs) not in (2, 3):
            raise ShapeError(f"{self._where()} must be called on a list of inputs, namely [query, value] or "
                             f"[query, value, key]; got {type(inputs).__name__}")
        inputs = list(inputs)
        if any(isinstance(t, SymbolicTensor) for t in inputs):
            return self._symbolic_call(inputs, mask, return_attention_scores, use_causal_mask)
        use_causal_mask = use_causal_mask or self._graph_causal
        if mask is None:
            found = [get_mask(t) for t in inputs]
            mask = found if any(m is not None for m in found) else None
        elif not isinstance(mask, (list, tuple)) or len(mask) not in (2, 3):
            raise ConfigError(f"{self._where()}: mask must be a list, namely [query_mask, value_mask]; got "
                              f"{type(mask).__name__}")
        options: dict[str, Any] = {"return_attention_scores": return_attention_scores,
                                   "use_causal_mask": use_causal_mask}
        if mask is not None:
            options["mask"] = list(mask)
        return super().__call__(inputs, training=training, **options)

    def _symbolic_call(self, inputs: list[Any], mask: Any, scores: bool, causal: bool) -> Any:
        if not all(isinstance(t, SymbolicTensor) for t in inputs) or mask is not None or scores:
            raise ConfigError(f"{self._where()}: in a functional model ligero takes query, value and key as "
                              "keras.Input tensors (their masks come with them), with use_causal_mask but without "
                              "mask or return_attention_scores (call the layer eagerly for those)")
        self._graph_causal = bool(causal)
        return SymbolicTensor.from_layer_call(self, inputs)

    def forward(self, inputs: list[Any], **options: Any) -> Any:
        """Build (the first time) or check the feature sizes, then ``call``."""
        tensors = [as_tensor(t) for t in inputs]
        shapes = [tuple(t.shape[1:]) for t in tensors]
        if not self.built:
            self.build_for(shapes)
        elif self._check_shapes(shapes)[0] != self._features[0] and self.scale is not None and self.scale.ndim:
            raise ShapeError(f"{self._where()} was built for queries of {self._features[0]} features (its scale), "
                             f"got shapes {[(None, *s) for s in shapes]}")
        return self._call(tensors, **options)

    def call(self, inputs: list[Tensor], mask: Any = None, training: Any = None,
             return_attention_scores: bool = False, use_causal_mask: bool = False) -> Any:
        query, value = inputs[0], inputs[1]
        key = inputs[2] if len(inputs) > 2 else value
        batch, tq, tv = query.shape[0], query.shape[1], value.shape[1]
        masks = list(mask or [None, None])
        q_keep = _bool_mask(masks[0], batch, tq, "the query mask", self._where())
        v_keep = _bool_mask(masks[1] if len(masks) > 1 else None, batch, tv, "the value mask", self._where())
        keep = None if v_keep is None else v_keep[:, None, :]
        if use_causal_mask:
            causal = causal_keep((tq,), (tv,), self._where())
            keep = causal if keep is None else keep & causal
        bias = None if keep is None else np.where(keep, 0.0, KERAS_FILL).astype(query.array.dtype)
        weights = self._weights(query, key, bias)
        training = self.training if training is None else bool(training)
        if training and self.dropout:
            weights = ops.dropout(weights, self.dropout, True, self._rng)
        output = ops.matmul(weights, value)
        if q_keep is not None:
            output = ops.where(q_keep[:, :, None], output, np.zeros((), dtype=output.array.dtype))
        return (output, weights) if return_attention_scores else output

    def _weights(self, query: Tensor, key: Tensor, bias: np.ndarray | None) -> Tensor:
        """``softmax(S + bias)`` over the keys, ``S`` the scores of the module docstring."""
        if self.score_mode == "dot":
            return attention_weights(query, key, 1.0 if self.scale is None else self.scale, bias=bias)
        summed = ops.add(ops.unsqueeze(query, -2), ops.unsqueeze(key, -3))  # (B, Tq, Tv, dim)
        if self.scale is not None:
            summed = ops.mul(self.scale, summed)
        scores = ops.mul(self.concat_score_weight, ops.sum(ops.tanh(summed), -1))
        return masked_softmax(scores, bias)

    def compute_mask(self, inputs: Any, previous_mask: Any = None) -> Any:
        """The query's mask (Keras's): the output has the query's steps."""
        if not previous_mask or previous_mask[0] is None:
            return None
        first = previous_mask[0]
        return np.asarray(first.array if isinstance(first, Tensor) else first) != 0

    def _where(self) -> str:
        return f"layer '{self.name}' ({type(self).__name__})"

    # ------------------------------------------------------------- config
    node_kwarg_names = ("use_causal_mask",)

    def node_kwargs(self) -> dict[str, Any]:
        """The keyword arguments of this layer's functional call, as a saved config records them."""
        return {"use_causal_mask": True} if self._graph_causal else {}

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "use_scale": self.use_scale, "score_mode": self.score_mode,
                "dropout": self.dropout, "seed": self.seed}


class AdditiveAttention(Attention):
    """Bahdanau-style attention, ``S[t, s] = Σ_d w[d]·tanh(Q[t, d] + K[s, d])`` (module docstring);
    ``use_scale`` (default True) makes ``w`` a trainable (dim,) weight, Glorot uniform as Keras's."""

    def __init__(self, use_scale: bool = True, dropout: float = 0.0, **kwargs: Any) -> None:
        super().__init__(use_scale=use_scale, dropout=dropout, **kwargs)

    def build(self, input_shape: list[tuple[int, ...]]) -> None:
        """Check the shapes and create ``scale`` of shape (dim,)."""
        self._features = self._check_shapes(input_shape)
        if self.use_scale:
            self.scale = self.add_weight((input_shape[0][-1],), initializers.get("glorot_uniform"), name="scale")

    def _weights(self, query: Tensor, key: Tensor, bias: np.ndarray | None) -> Tensor:
        tanh = ops.tanh(ops.add(ops.unsqueeze(query, -2), ops.unsqueeze(key, -3)))  # (B, Tq, Tv, dim)
        scores = ops.sum(tanh if self.scale is None else ops.mul(self.scale, tanh), -1)
        return masked_softmax(scores, bias)

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        del config["score_mode"]
        return config
