"""Embedding, as ``torch.nn.Embedding``: a table of ``num_embeddings`` vectors looked up by index."""

from __future__ import annotations

from typing import Any

import numpy as np

from ligero.nn import functional as F
from ligero.nn import init
from ligero.nn.linear import _float_dtype
from ligero.nn.module import Module
from ligero.nn.parameter import Parameter
from ligero.tensor import Tensor
from ligero.torch_generator import seeded


class Embedding(Module):
    """``weight`` (num_embeddings, embedding_dim) starting ``N(0, 1)``; the ``padding_idx`` row starts
    at zero and gets no gradient."""

    def __init__(self, num_embeddings: int, embedding_dim: int, padding_idx: int | None = None,
                 max_norm: Any = None, norm_type: float = 2.0, scale_grad_by_freq: bool = False,
                 sparse: bool = False, _weight: Any = None, _freeze: bool = False, device: Any = None,
                 dtype: Any = None, *, seed: int | None = None) -> None:
        super().__init__()
        self.num_embeddings, self.embedding_dim = num_embeddings, embedding_dim
        if padding_idx is not None:
            if not -num_embeddings <= padding_idx < num_embeddings:
                raise AssertionError("Padding_idx must be within num_embeddings")
            padding_idx %= num_embeddings
        self.padding_idx, self.max_norm, self.norm_type = padding_idx, max_norm, norm_type
        self.scale_grad_by_freq, self.sparse = scale_grad_by_freq, sparse
        if _weight is None:
            self.weight = Parameter(np.empty((num_embeddings, embedding_dim), dtype=_float_dtype(dtype)),
                                    requires_grad=not _freeze)
            with seeded(seed):
                init.normal_(self.weight)
            if padding_idx is not None:
                self.weight.array[padding_idx] = 0
        else:
            self.weight = Parameter(_weight, requires_grad=not _freeze)

    @classmethod
    def from_pretrained(cls, embeddings: Any, freeze: bool = True, padding_idx: int | None = None,
                        **kwargs: Any) -> Embedding:
        rows, dim = embeddings.shape
        return cls(rows, dim, padding_idx, _weight=embeddings, _freeze=freeze, **kwargs)

    def forward(self, input: Any) -> Tensor:  # noqa: A002
        return F.embedding(input, self.weight, self.padding_idx, self.max_norm, self.norm_type,
                           self.scale_grad_by_freq, self.sparse)

    def extra_repr(self) -> str:
        s = f"{self.num_embeddings}, {self.embedding_dim}"
        if self.padding_idx is not None:
            s += f", padding_idx={self.padding_idx}"
        if self.max_norm is not None:
            s += f", max_norm={self.max_norm}"
        return s
