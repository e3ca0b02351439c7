"""Keras's masks: which time steps of a sequence are real, carried beside the tensors.

A mask is a boolean array of the leading shape of a tensor (batch, timesteps) that
says which steps hold data (``True``) and which are padding. As in Keras 3, a layer
that makes one (``Embedding(mask_zero=True)``, ``Masking``) attaches it to its output;
each later layer whose ``call`` takes ``mask`` receives it; a layer that
``supports_masking`` passes it on (:meth:`Layer.compute_mask`); the losses and metrics
of ``fit``/``evaluate`` weight the masked steps out (:func:`mask_weights`).

The masks live in a table keyed by the tensor's identity, removed when the tensor
is freed, so a tensor without a mask costs nothing (Keras keeps ``_keras_mask`` on
the tensor itself).
"""

from __future__ import annotations

import weakref
from typing import Any

import numpy as np

_MASKS: dict[int, tuple[np.ndarray, weakref.ref]] = {}


def masks_in_use() -> bool:
    """Whether any live tensor has a mask (a layer call checks this first, at the cost of a dict test)."""
    return bool(_MASKS)


def get_mask(tensor: Any) -> np.ndarray | None:
    """The mask attached to ``tensor`` (a boolean array), or None."""
    if not _MASKS:
        return None
    entry = _MASKS.get(id(tensor))
    return None if entry is None else entry[0]


def set_mask(tensor: Any, mask: Any) -> None:
    """Attach ``mask`` (boolean, the tensor's leading shape) to ``tensor`` until it is freed."""
    key = id(tensor)
    _MASKS[key] = (np.asarray(mask, dtype=bool), weakref.ref(tensor, lambda _ref: _MASKS.pop(key, None)))


def mask_weights(mask: np.ndarray, sample_weight: Any, per_sample_mean: bool) -> np.ndarray:
    """Keras's ``apply_mask``: the sample weights with the masked steps weighted out.

    With a loss's ``sum_over_batch_size`` (``per_sample_mean``) the unmasked steps are
    weighted ``total / valid`` so the mean over the batch is the mean over the real
    steps; otherwise (metrics) the mask itself (1 or 0) multiplies the weights.
    """
    mask = np.asarray(mask, dtype=bool)
    if per_sample_mean:
        valid = mask.sum()
        weights = np.where(mask, mask.size / valid if valid else 0.0, 0.0)
    else:
        weights = mask.astype(np.float64)
    if sample_weight is None:
        return weights
    sample_weight = np.asarray(sample_weight, dtype=np.float64)
    while sample_weight.ndim < weights.ndim:
        sample_weight = sample_weight[..., None]
    return weights * sample_weight
