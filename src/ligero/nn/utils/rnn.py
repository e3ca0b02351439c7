"""``torch.nn.utils.rnn``: pad_sequence, and packed sequences (``PackedSequence``, pack_padded_sequence,
pad_packed_sequence, pack_sequence) as torch's.

A packed batch holds, time step after time step, the entries of the sequences still running
at that step, the sequences sorted by decreasing length: ``data`` (Σ lengths, *), ``batch_sizes``
(how many are running at each step), and the sort (``sorted_indices``) with its inverse
(``unsorted_indices``; both None when the input was already sorted). The recurrent modules of
:mod:`ligero.nn` take one and run each sequence over its own length only.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

import numpy as np

from ligero.ops import index as _index
from ligero.ops import stack
from ligero.ops.shape import getitem, transpose
from ligero.tensor import Tensor, as_tensor

__all__ = ["PackedSequence", "pack_padded_sequence", "pack_sequence", "pad_packed_sequence", "pad_sequence"]


def pad_sequence(sequences: Sequence[Any], batch_first: bool = False, padding_value: float = 0.0,
                 padding_side: str = "right") -> Tensor:
    """Stack tensors of shape (L_i, *) into (L_max, B, *) (``batch_first``: (B, L_max, *)),
    each filled with ``padding_value`` after (``padding_side='left'``: before) its own length."""
    if padding_side not in ("right", "left"):
        raise ValueError(f"pad_sequence: padding_side must be 'right' or 'left', got {padding_side!r}")
    items = [as_tensor(s) for s in sequences]
    if not items:
        raise RuntimeError("pad_sequence: received an empty list of sequences")
    trailing = {tuple(t.shape[1:]) for t in items}
    if len(trailing) > 1 or any(t.ndim == 0 for t in items):
        raise RuntimeError(f"pad_sequence: sequences must share their trailing dims, got {sorted(trailing)}")
    longest = max(t.shape[0] for t in items)
    padded = []
    for t in items:
        full = Tensor(np.full((longest, *t.shape[1:]), padding_value, dtype=t.array.dtype), dtype=t.array.dtype)
        start = 0 if padding_side == "right" else longest - t.shape[0]
        padded.append(_index.index_put(full, slice(start, start + t.shape[0]), t))
    return stack(padded, 0 if batch_first else 1)


class PackedSequence(NamedTuple):
    """torch's packed batch: ``data`` (Σ lengths, *), ``batch_sizes`` (int64, one per time step),
    ``sorted_indices`` and ``unsorted_indices`` (int64, or None when the batch came sorted)."""

    data: Tensor
    batch_sizes: Tensor
    sorted_indices: Tensor | None = None
    unsorted_indices: Tensor | None = None

    def positions(self) -> tuple[np.ndarray, np.ndarray]:
        """(time step, sorted batch slot) of each row of ``data``."""
        sizes = self.batch_sizes.array.astype(np.intp)
        steps = np.repeat(np.arange(len(sizes)), sizes)
        slots = np.concatenate([np.arange(s) for s in sizes]) if len(sizes) else np.zeros(0, np.intp)
        return steps, slots

    def lengths(self) -> np.ndarray:
        """Each sequence's length, in sorted order."""
        sizes = self.batch_sizes.array.astype(np.intp)
        return (sizes[None, :] > np.arange(sizes[0])[:, None]).sum(axis=1) if len(sizes) else np.zeros(0, np.intp)

    def to(self, *args: Any, **kwargs: Any) -> PackedSequence:
        return self._replace(data=self.data.to(*args, **kwargs))

    @property
    def is_cuda(self) -> bool:
        return False


def _lengths_array(lengths: Any) -> np.ndarray:
    values = np.asarray(getattr(lengths, "array", lengths))
    if values.ndim != 1 or values.dtype.kind not in "iu":
        raise RuntimeError(f"lengths must be a 1-D list or tensor of integers, got {values.dtype} of shape "
                           f"{values.shape}")
    return values.astype(np.int64)


def pack_padded_sequence(input: Any, lengths: Any, batch_first: bool = False,  # noqa: A002 - torch's name
                         enforce_sorted: bool = True) -> PackedSequence:
    """Pack a padded batch (T, B, *) (``batch_first``: (B, T, *)) whose sequence b is ``lengths[b]``
    long. With ``enforce_sorted`` the lengths must be decreasing; otherwise the batch is sorted
    here and the order kept in ``sorted_indices``."""
    x = as_tensor(input)
    if batch_first:
        x = transpose(x, (1, 0, *range(2, x.ndim)))
    n = _lengths_array(lengths)
    if len(n) != x.shape[1]:
        raise ValueError(f"Expected `len(lengths)` to be equal to batch_size, but got {len(n)} (batch_size="
                         f"{x.shape[1]})")
    if len(n) and n.min() <= 0:
        raise RuntimeError("Length of all samples has to be greater than 0, but found an element in 'lengths' "
                           "that is <= 0")
    if n.max(initial=0) > x.shape[0]:
        raise RuntimeError(f"pack_padded_sequence: a length of {n.max()} is longer than the {x.shape[0]} steps "
                           "of the input")
    if enforce_sorted:
        if np.any(np.diff(n) > 0):
            raise RuntimeError("`lengths` array must be sorted in decreasing order when `enforce_sorted` is "
                               "True. You can pass `enforce_sorted=False` to pack_padded_sequence and/or "
                               "pack_sequence to sidestep this requirement if you do not need ONNX exportability.")
        order, sorted_indices, unsorted_indices = np.arange(len(n)), None, None
    else:
        order = np.argsort(-n, kind="stable")
        sorted_indices = Tensor(order.astype(np.int64), dtype=np.int64)
        unsorted_indices = Tensor(np.argsort(order).astype(np.int64), dtype=np.int64)
    sorted_lengths = n[order]
    batch_sizes = (sorted_lengths[None, :] > np.arange(sorted_lengths[0] if len(n) else 0)[:, None]).sum(axis=1)
    packed = PackedSequence(Tensor(np.zeros(0)), Tensor(batch_sizes.astype(np.int64), dtype=np.int64))
    steps, slots = packed.positions()
    data = getitem(x, (steps, order[slots]))
    return packed._replace(data=data, sorted_indices=sorted_indices, unsorted_indices=unsorted_indices)


def pad_packed_sequence(sequence: PackedSequence, batch_first: bool = False, padding_value: float = 0.0,
                        total_length: int | None = None) -> tuple[Tensor, Tensor]:
    """The inverse of :func:`pack_padded_sequence`: ``(padded (T, B, *) or (B, T, *), lengths)``, the
    sequences back in their original order, ``padding_value`` after each one's end."""
    data = as_tensor(sequence.data)
    lengths = sequence.lengths()
    steps_needed = len(sequence.batch_sizes.array)
    if total_length is not None and total_length < steps_needed:
        raise ValueError(f"Expected total_length to be at least the length of the longest sequence in input, "
                         f"but got total_length={total_length} and max sequence length being {steps_needed}")
    steps = steps_needed if total_length is None else int(total_length)
    full = Tensor(np.full((steps, len(lengths), *data.shape[1:]), padding_value, dtype=data.array.dtype),
                  dtype=data.array.dtype)
    padded = _index.index_put(full, sequence.positions(), data)
    if sequence.unsorted_indices is not None:
        padded = getitem(padded, (slice(None), sequence.unsorted_indices.array))
        lengths = lengths[sequence.unsorted_indices.array]
    if batch_first:
        padded = transpose(padded, (1, 0, *range(2, padded.ndim)))
    return padded, Tensor(lengths.astype(np.int64), dtype=np.int64)


def pack_sequence(sequences: Sequence[Any], enforce_sorted: bool = True) -> PackedSequence:
    """Pack a list of tensors (L_i, *) (decreasing lengths, unless ``enforce_sorted=False``)."""
    lengths = [as_tensor(s).shape[0] for s in sequences]
    return pack_padded_sequence(pad_sequence(sequences), lengths, enforce_sorted=enforce_sorted)
