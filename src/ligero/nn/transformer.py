"""The Transformer of ``torch.nn``: encoder and decoder layers, their stacks and ``Transformer``.

Built from :class:`~ligero.nn.MultiheadAttention`, :class:`~ligero.nn.Linear`,
:class:`~ligero.nn.LayerNorm` and :class:`~ligero.nn.Dropout`, with torch's parameter
names (``self_attn.in_proj_weight``, ``linear1.weight``, ``norm1.weight``, ``layers.0. ...``),
so a torch ``state_dict`` loads unchanged. With ``SA(x) = MHA(x, x, x)``,
``CA(x, m) = MHA(x, m, m)`` and ``FF(x) = linear2(act(linear1(x)))`` (dropout after each
block), an encoder layer is

- post-norm (``norm_first=False``): ``x = norm1(x + SA(x))``, ``x = norm2(x + FF(x))``;
- pre-norm (``norm_first=True``): ``x = x + SA(norm1(x))``, ``x = x + FF(norm2(x))``;

and a decoder layer adds ``CA`` over the encoder's output (``memory``) between the two, with
``norm3`` on the feed-forward block. Masks as MultiheadAttention's: a boolean mask is True
where attention is not allowed, a float mask is added to the scores
(``Transformer.generate_square_subsequent_mask(sz)``: ``-inf`` above the diagonal, 0 elsewhere).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import numpy as np

from ligero import ops
from ligero.nn import functional as F
from ligero.nn import init
from ligero.nn.activation import GELU, ReLU
from ligero.nn.attention import MultiheadAttention
from ligero.nn.container import ModuleList
from ligero.nn.dropout import Dropout
from ligero.nn.linear import Linear, _float_dtype
from ligero.nn.module import Module
from ligero.nn.normalization import LayerNorm
from ligero.tensor import Tensor, as_tensor, is_grad_enabled
from ligero.torch_generator import seeded


def generate_square_subsequent_mask(sz: int, device: Any = None, dtype: Any = None) -> Tensor:
    """The causal mask ``M[i, j] = -inf`` for ``j > i``, else 0, of shape (sz, sz) (float32 by default)."""
    return Tensor(np.triu(np.full((sz, sz), -np.inf, _float_dtype(dtype)), 1))


def _get_activation_fn(activation: str) -> Callable[[Any], Tensor]:
    if activation == "relu":
        return F.relu
    if activation == "gelu":
        return F.gelu
    raise RuntimeError(f"activation should be relu/gelu, not {activation}")


def _relu_or_gelu(activation: Any) -> int:
    """torch's ``activation_relu_or_gelu``: 1 for ReLU, 2 for GELU, 0 for any other callable."""
    if activation is F.relu or isinstance(activation, ReLU):
        return 1
    if activation is F.gelu or isinstance(activation, GELU):
        return 2
    return 0


def _array(mask: Any) -> np.ndarray:
    return mask.array if isinstance(mask, Tensor) else np.asarray(mask)


def _detect_is_causal_mask(mask: Any, is_causal: bool | None, size: int | None) -> bool:
    """``is_causal`` as given, or (when None) whether ``mask`` equals the causal mask of ``size``."""
    if is_causal is not None or mask is None:
        return is_causal is True
    m = _array(mask)
    sz = size if size is not None else m.shape[-2]
    causal = generate_square_subsequent_mask(sz, dtype=m.dtype if m.dtype.kind == "f" else None).array
    return m.shape == causal.shape and bool(np.all(m == causal.astype(m.dtype)))


def _check_mask(where: str, name: str, mask: Any, shapes: list[tuple[int, ...]]) -> None:
    """A mask must be bool or float and have one of ``shapes``: one clear error otherwise."""
    if mask is None:
        return
    m = _array(mask)
    if m.dtype != np.bool_ and m.dtype.kind != "f":
        raise AssertionError(f"{where}: only bool and floating types of {name} are supported, got {m.dtype}")
    if tuple(m.shape) not in shapes:
        raise RuntimeError(f"{where}: {name} has shape {tuple(m.shape)}, expected "
                           + " or ".join(str(s) for s in shapes))


def _check_input(where: str, name: str, x: Tensor, d_model: int) -> None:
    if x.ndim not in (2, 3) or x.shape[-1] != d_model:
        raise RuntimeError(f"{where}: {name} of shape {tuple(x.shape)} does not fit d_model={d_model}: expected "
                           f"(S, {d_model}) unbatched, or (S, N, {d_model}) / (N, S, {d_model}) with batch_first")


def _lengths(x: Tensor, batch_first: bool) -> tuple[int, int]:
    """(sequence length, batch size) of a (S, E), (S, N, E) or, with ``batch_first``, (N, S, E) input."""
    if x.ndim == 2:
        return x.shape[0], 1
    return (x.shape[1], x.shape[0]) if batch_first else (x.shape[0], x.shape[1])


def _attend(layer: Module, attn: MultiheadAttention, name: str, x: Tensor, mem: Tensor, attn_mask: Any,
            key_padding_mask: Any, is_causal: bool) -> Tensor:
    """``attn(x, mem, mem)`` after checking its masks: attn_mask (L, S) or (N·heads, L, S), padding (N, S)."""
    where = type(layer).__name__
    (length, n), (source, _) = _lengths(x, attn.batch_first), _lengths(mem, attn.batch_first)
    _check_mask(where, f"{name}_mask", attn_mask, [(length, source), (n * attn.num_heads, length, source)])
    _check_mask(where, f"{name}_key_padding_mask", key_padding_mask, [(n, source)] if x.ndim == 3 else [(source,)])
    return attn(x, mem, mem, attn_mask=attn_mask, key_padding_mask=key_padding_mask, need_weights=False,
                is_causal=is_causal)[0]


class _FeedForwardLayer(Module):
    """What both layers share: ``self_attn``, the feed-forward block and its activation."""

    def _build(self, d_model: int, nhead: int, dim_feedforward: int, dropout: float, batch_first: bool,
               bias: bool, dtype: Any, seed: int | None, cross: bool) -> None:
        """``self_attn`` (``multihead_attn`` too if ``cross``), ``linear1``, ``dropout``, ``linear2``: torch's order."""
        def attention() -> MultiheadAttention:
            return MultiheadAttention(d_model, nhead, dropout=dropout, bias=bias, batch_first=batch_first,
                                      dtype=dtype)

        with seeded(seed):
            self.self_attn = attention()
            if cross:
                self.multihead_attn = attention()
            self.linear1 = Linear(d_model, dim_feedforward, bias=bias, dtype=dtype)
            self.dropout = Dropout(dropout)
            self.linear2 = Linear(dim_feedforward, d_model, bias=bias, dtype=dtype)

    def _set_activation(self, activation: Any) -> None:
        """"relu", "gelu" or a callable (a Module one becomes a child, registered last as in torch)."""
        if isinstance(activation, str):
            activation = _get_activation_fn(activation)
        self.activation_relu_or_gelu = _relu_or_gelu(activation)
        self.activation = activation

    def _ff_block(self, x: Tensor, drop: Dropout) -> Tensor:
        return drop(self.linear2(self.dropout(self.activation(self.linear1(x)))))


class TransformerEncoderLayer(_FeedForwardLayer):
    """Self-attention then feed-forward, each with a residual and a LayerNorm (see the module's formulas).

    ``forward(src, src_mask=None, src_key_padding_mask=None, is_causal=False)``; ``src`` is
    (S, E), (S, N, E), or (N, S, E) with ``batch_first``. ``is_causal`` is a hint that ``src_mask``
    is causal; given alone it applies the causal mask (where torch asks for the mask).
    ``seed`` makes the start reproducible.
    """

    def __init__(self, d_model: int, nhead: int, dim_feedforward: int = 2048, dropout: float = 0.1,
                 activation: str | Callable[[Any], Tensor] = F.relu, layer_norm_eps: float = 1e-5,
                 batch_first: bool = False, norm_first: bool = False, bias: bool = True, device: Any = None,
                 dtype: Any = None, *, seed: int | None = None) -> None:
        super().__init__()
        self._build(d_model, nhead, dim_feedforward, dropout, batch_first, bias, dtype, seed, cross=False)
        self.norm_first = norm_first
        self.norm1 = LayerNorm(d_model, eps=layer_norm_eps, bias=bias, dtype=dtype)
        self.norm2 = LayerNorm(d_model, eps=layer_norm_eps, bias=bias, dtype=dtype)
        self.dropout1 = Dropout(dropout)
        self.dropout2 = Dropout(dropout)
        self._set_activation(activation)

    def forward(self, src: Any, src_mask: Any = None, src_key_padding_mask: Any = None,
                is_causal: bool = False) -> Tensor:
        x = as_tensor(src)
        _check_input(type(self).__name__, "src", x, self.self_attn.embed_dim)
        if self.norm_first:
            x = x + self._sa_block(self.norm1(x), src_mask, src_key_padding_mask, is_causal)
            return x + self._ff_block(self.norm2(x), self.dropout2)
        x = self.norm1(x + self._sa_block(x, src_mask, src_key_padding_mask, is_causal))
        return self.norm2(x + self._ff_block(x, self.dropout2))

    def _sa_block(self, x: Tensor, attn_mask: Any, key_padding_mask: Any, is_causal: bool) -> Tensor:
        return self.dropout1(_attend(self, self.self_attn, "src", x, x, attn_mask, key_padding_mask, is_causal))


class TransformerDecoderLayer(_FeedForwardLayer):
    """Self-attention, attention over ``memory``, feed-forward; each with a residual and a LayerNorm.

    ``forward(tgt, memory, tgt_mask=None, memory_mask=None, tgt_key_padding_mask=None,
    memory_key_padding_mask=None, tgt_is_causal=False, memory_is_causal=False)``.
    """

    def __init__(self, d_model: int, nhead: int, dim_feedforward: int = 2048, dropout: float = 0.1,
                 activation: str | Callable[[Any], Tensor] = F.relu, layer_norm_eps: float = 1e-5,
                 batch_first: bool = False, norm_first: bool = False, bias: bool = True, device: Any = None,
                 dtype: Any = None, *, seed: int | None = None) -> None:
        super().__init__()
        self._build(d_model, nhead, dim_feedforward, dropout, batch_first, bias, dtype, seed, cross=True)
        self.norm_first = norm_first
        for i in (1, 2, 3):
            setattr(self, f"norm{i}", LayerNorm(d_model, eps=layer_norm_eps, bias=bias, dtype=dtype))
        for i in (1, 2, 3):
            setattr(self, f"dropout{i}", Dropout(dropout))
        self._set_activation(activation)

    def forward(self, tgt: Any, memory: Any, tgt_mask: Any = None, memory_mask: Any = None,
                tgt_key_padding_mask: Any = None, memory_key_padding_mask: Any = None,
                tgt_is_causal: bool = False, memory_is_causal: bool = False) -> Tensor:
        x, mem = as_tensor(tgt), as_tensor(memory)
        where, d_model = type(self).__name__, self.self_attn.embed_dim
        _check_input(where, "tgt", x, d_model)
        _check_input(where, "memory", mem, d_model)
        batch_first = self.self_attn.batch_first
        if x.ndim != mem.ndim or _lengths(x, batch_first)[1] != _lengths(mem, batch_first)[1]:
            raise RuntimeError(f"{where}: tgt of shape {tuple(x.shape)} and memory of shape {tuple(mem.shape)} "
                               f"must have the same batch size (batch_first={batch_first})")
        sa = (tgt_mask, tgt_key_padding_mask, tgt_is_causal)
        ca = (memory_mask, memory_key_padding_mask, memory_is_causal)
        if self.norm_first:
            x = x + self._sa_block(self.norm1(x), *sa)
            x = x + self._mha_block(self.norm2(x), mem, *ca)
            return x + self._ff_block(self.norm3(x), self.dropout3)
        x = self.norm1(x + self._sa_block(x, *sa))
        x = self.norm2(x + self._mha_block(x, mem, *ca))
        return self.norm3(x + self._ff_block(x, self.dropout3))

    def _sa_block(self, x: Tensor, attn_mask: Any, key_padding_mask: Any, is_causal: bool) -> Tensor:
        return self.dropout1(_attend(self, self.self_attn, "tgt", x, x, attn_mask, key_padding_mask, is_causal))

    def _mha_block(self, x: Tensor, mem: Tensor, attn_mask: Any, key_padding_mask: Any, is_causal: bool) -> Tensor:
        out = _attend(self, self.multihead_attn, "memory", x, mem, attn_mask, key_padding_mask, is_causal)
        return self.dropout2(out)


def _get_clones(module: Module, n: int) -> ModuleList:
    """``n`` deep copies of ``module`` (the same starting values in each, as torch)."""
    return ModuleList([copy.deepcopy(module) for _ in range(n)])


def _why_not_nested(layer: Any) -> str:
    """torch's reasons for not using nested tensors in an encoder of copies of ``layer`` ("" if none)."""
    if not isinstance(layer, TransformerEncoderLayer):
        return "encoder_layer was not TransformerEncoderLayer"
    reasons = [(layer.norm_first, "encoder_layer.norm_first was True"),
               (not layer.self_attn.batch_first, "encoder_layer.self_attn.batch_first was not True"),
               (layer.self_attn.in_proj_bias is None, "encoder_layer.self_attn was passed bias=False"),
               (not layer.activation_relu_or_gelu, "encoder_layer.activation_relu_or_gelu was not True"),
               (layer.norm1.eps != layer.norm2.eps, "encoder_layer.norm1.eps was not equal to norm2.eps"),
               (layer.self_attn.num_heads % 2 == 1, "encoder_layer.self_attn.num_heads is odd")]
    return next((why for failed, why in reasons if failed), "")


class TransformerEncoder(Module):
    """``num_layers`` copies of ``encoder_layer`` applied in turn, then ``norm`` (if given).

    ``forward(src, mask=None, src_key_padding_mask=None, is_causal=None)``: ``is_causal=None``
    means "is ``mask`` the causal mask?". As torch's nested-tensor path (``enable_nested_tensor``,
    a layer torch accepts for it, eval mode, no gradient needed, a left-aligned padding mask and
    no ``mask``), the padded positions of the output are 0 before ``norm``.
    """

    def __init__(self, encoder_layer: Module, num_layers: int, norm: Module | None = None,
                 enable_nested_tensor: bool = True, mask_check: bool = True) -> None:
        super().__init__()
        self.layers = _get_clones(encoder_layer, num_layers)
        self.num_layers = num_layers
        self.norm = norm
        self.enable_nested_tensor = enable_nested_tensor
        self.use_nested_tensor = enable_nested_tensor and not _why_not_nested(encoder_layer)
        self.mask_check = mask_check

    def forward(self, src: Any, mask: Any = None, src_key_padding_mask: Any = None,
                is_causal: bool | None = None) -> Tensor:
        output = as_tensor(src)
        first = self.layers[0]
        seq_len = _lengths(output, first.self_attn.batch_first)[0] if output.ndim in (2, 3) else None
        is_causal = _detect_is_causal_mask(mask, is_causal, seq_len)
        padded = self._padded_positions(output, mask, src_key_padding_mask)
        for layer in self.layers:
            output = layer(output, src_mask=mask, src_key_padding_mask=src_key_padding_mask, is_causal=is_causal)
        if padded is not None:
            output = ops.masked_fill(output, padded[..., None], 0.0)
        if self.norm is not None:
            output = self.norm(output)
        return output

    def _padded_positions(self, src: Tensor, mask: Any, key_padding_mask: Any) -> np.ndarray | None:
        """The (N, S) padded positions where torch's nested-tensor path gives zeros; None where it is not taken."""
        first = self.layers[0]
        if (not self.use_nested_tensor or first.training or src.ndim != 3 or key_padding_mask is None
                or mask is not None):
            return None
        tensors = [src, *first.parameters()]
        if is_grad_enabled() and any(t.requires_grad for t in tensors):
            return None
        pad = _array(key_padding_mask).astype(bool)
        left_aligned = bool(np.all(pad[:, 1:] >= pad[:, :-1])) if pad.ndim == 2 else False
        if pad.shape != src.shape[:2] or (self.mask_check and not left_aligned):
            return None
        return pad


class TransformerDecoder(Module):
    """``num_layers`` copies of ``decoder_layer`` applied in turn over the same ``memory``, then ``norm``.

    ``forward(tgt, memory, tgt_mask=None, memory_mask=None, tgt_key_padding_mask=None,
    memory_key_padding_mask=None, tgt_is_causal=None, memory_is_causal=False)``.
    """

    def __init__(self, decoder_layer: Module, num_layers: int, norm: Module | None = None) -> None:
        super().__init__()
        self.layers = _get_clones(decoder_layer, num_layers)
        self.num_layers = num_layers
        self.norm = norm

    def forward(self, tgt: Any, memory: Any, tgt_mask: Any = None, memory_mask: Any = None,
                tgt_key_padding_mask: Any = None, memory_key_padding_mask: Any = None,
                tgt_is_causal: bool | None = None, memory_is_causal: bool = False) -> Tensor:
        output = as_tensor(tgt)
        seq_len = _lengths(output, self.layers[0].self_attn.batch_first)[0] if output.ndim in (2, 3) else None
        tgt_is_causal = _detect_is_causal_mask(tgt_mask, tgt_is_causal, seq_len)
        for layer in self.layers:
            output = layer(output, memory, tgt_mask=tgt_mask, memory_mask=memory_mask,
                           tgt_key_padding_mask=tgt_key_padding_mask,
                           memory_key_padding_mask=memory_key_padding_mask,
                           tgt_is_causal=tgt_is_causal, memory_is_causal=memory_is_causal)
        if self.norm is not None:
            output = self.norm(output)
        return output


class Transformer(Module):
    """Encoder (``num_encoder_layers`` layers + LayerNorm) and decoder (``num_decoder_layers`` + LayerNorm).

    ``forward(src, tgt, ...)`` = ``decoder(tgt, encoder(src, src_mask, src_key_padding_mask), ...)``.
    Every parameter of two or more dimensions starts Glorot-uniform, as torch's ``_reset_parameters``.
    """

    def __init__(self, d_model: int = 512, nhead: int = 8, num_encoder_layers: int = 6,
                 num_decoder_layers: int = 6, dim_feedforward: int = 2048, dropout: float = 0.1,
                 activation: str | Callable[[Any], Tensor] = F.relu, custom_encoder: Any = None,
                 custom_decoder: Any = None, layer_norm_eps: float = 1e-5, batch_first: bool = False,
                 norm_first: bool = False, bias: bool = True, device: Any = None, dtype: Any = None, *,
                 seed: int | None = None) -> None:
        super().__init__()
        args = (d_model, nhead, dim_feedforward, dropout, activation, layer_norm_eps, batch_first, norm_first, bias)
        def stack(custom: Any, layer: type, stacked: type, count: int) -> Module:
            if custom is not None:
                return custom
            return stacked(layer(*args, dtype=dtype), count, LayerNorm(d_model, eps=layer_norm_eps, bias=bias,
                                                                       dtype=dtype))

        with seeded(seed):  # torch's order: the encoder, the decoder, then xavier_uniform_ over all
            self.encoder = stack(custom_encoder, TransformerEncoderLayer, TransformerEncoder, num_encoder_layers)
            self.decoder = stack(custom_decoder, TransformerDecoderLayer, TransformerDecoder, num_decoder_layers)
            self._reset_parameters()
        self.d_model, self.nhead, self.batch_first = d_model, nhead, batch_first

    def forward(self, src: Any, tgt: Any, src_mask: Any = None, tgt_mask: Any = None, memory_mask: Any = None,
                src_key_padding_mask: Any = None, tgt_key_padding_mask: Any = None,
                memory_key_padding_mask: Any = None, src_is_causal: bool | None = None,
                tgt_is_causal: bool | None = None, memory_is_causal: bool = False) -> Tensor:
        src, tgt = as_tensor(src), as_tensor(tgt)
        batch = 0 if self.batch_first else 1
        if src.ndim == 3 and (tgt.ndim != 3 or src.shape[batch] != tgt.shape[batch]):
            raise RuntimeError(f"the batch number of src and tgt must be equal: src {tuple(src.shape)}, "
                               f"tgt {tuple(tgt.shape)} (batch_first={self.batch_first})")
        if src.shape[-1] != self.d_model or tgt.shape[-1] != self.d_model:
            raise RuntimeError(f"the feature number of src and tgt must be equal to d_model={self.d_model}: "
                               f"src {tuple(src.shape)}, tgt {tuple(tgt.shape)}")
        memory = self.encoder(src, mask=src_mask, src_key_padding_mask=src_key_padding_mask,
                              is_causal=src_is_causal)
        return self.decoder(tgt, memory, tgt_mask=tgt_mask, memory_mask=memory_mask,
                            tgt_key_padding_mask=tgt_key_padding_mask,
                            memory_key_padding_mask=memory_key_padding_mask,
                            tgt_is_causal=tgt_is_causal, memory_is_causal=memory_is_causal)

    generate_square_subsequent_mask = staticmethod(generate_square_subsequent_mask)

    def _reset_parameters(self) -> None:
        """``xavier_uniform_`` on every parameter with two or more dimensions."""
        for p in self.parameters():
            if p.ndim > 1:
                init.xavier_uniform_(p)
