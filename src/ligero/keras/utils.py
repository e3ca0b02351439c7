"""``keras.utils``: ``to_categorical``, ``normalize``, ``set_random_seed``, ``PyDataset`` (and ``Sequence``),
``image_dataset_from_directory``, ``pad_sequences``; ``plot_model`` raises ImportError (ligero draws no
model graphs), as Keras's does without pydot."""

from __future__ import annotations

from typing import Any

import numpy as np

from ligero.datasets.image_dataset import image_dataset_from_directory
from ligero.errors import ConfigError
from ligero.keras.images import array_to_img, img_to_array, load_img, save_img
from ligero.keras.plot_model import model_to_dot, plot_model
from ligero.keras.saving import (  # keras.utils re-exports keras.saving's registry helpers, as Keras does
    CustomObjectScope,
    custom_object_scope,
    deserialize_keras_object,
    get_custom_objects,
    get_registered_name,
    get_registered_object,
    register_keras_serializable,
    serialize_keras_object,
)
from ligero.layers.base import clear_session
from ligero.random import set_seed as set_random_seed


def to_categorical(x: Any, num_classes: int | None = None) -> np.ndarray:
    """Integer labels to one-hot rows (float64), as Keras's: a trailing axis of 1 is dropped first;
    ``num_classes`` defaults to the largest label + 1."""
    x = np.array(x, dtype="int64")
    shape = x.shape
    if shape and shape[-1] == 1 and len(shape) > 1:
        shape = shape[:-1]
    x = x.reshape(-1)
    if num_classes is None:
        num_classes = int(np.max(x)) + 1 if x.size else 0
    if x.size and (x.min() < 0 or x.max() >= num_classes):
        raise ConfigError(f"to_categorical: labels must lie in [0, {num_classes}), got {x.min()}..{x.max()}")
    out = np.zeros((x.shape[0], num_classes))
    out[np.arange(x.shape[0]), x] = 1
    return out.reshape((*shape, num_classes))


def normalize(x: Any, axis: int = -1, order: int = 2) -> np.ndarray:
    """``x`` divided by its ``order``-norm along ``axis`` (a zero norm leaves zeros), as Keras's."""
    x = np.asarray(getattr(x, "array", x))
    norm = np.atleast_1d(np.linalg.norm(x, order, axis))
    norm[norm == 0] = 1
    return x / np.expand_dims(norm, axis)


def pad_sequences(sequences: Any, maxlen: int | None = None, dtype: Any = "int32", padding: str = "pre",
                  truncating: str = "pre", value: Any = 0.0) -> np.ndarray:
    """Sequences of different lengths as one ``(len(sequences), maxlen, ...)`` array, as Keras's.

    ``maxlen`` defaults to the longest; a longer sequence loses its first (``truncating="pre"``) or
    last (``"post"``) elements, a shorter one is filled with ``value`` before (``padding="pre"``) or
    after (``"post"``) it. Each element may itself be an array (all of the first one's shape).
    """
    if not hasattr(sequences, "__len__"):
        raise ConfigError("pad_sequences: sequences must be a list of sequences")
    for what, mode in (("padding", padding), ("truncating", truncating)):
        if mode not in ("pre", "post"):
            raise ConfigError(f"pad_sequences: {what} must be 'pre' or 'post', got {mode!r}")
    lengths = []
    for i, seq in enumerate(sequences):
        if not hasattr(seq, "__len__"):
            raise ConfigError(f"pad_sequences: sequence {i} is not a sequence: {seq!r}")
        lengths.append(len(seq))
    sample_shape = next((np.asarray(s).shape[1:] for s in sequences if len(s)), ())
    if maxlen is None:
        maxlen = max(lengths, default=0)
    text_dtype = np.issubdtype(np.dtype(dtype), np.str_) or np.issubdtype(np.dtype(dtype), np.object_)
    if isinstance(value, str) and not text_dtype:
        raise ConfigError(f"pad_sequences: dtype {dtype!r} cannot hold the padding value {value!r}")
    out = np.full((len(sequences), maxlen, *sample_shape), value, dtype=dtype)
    for i, seq in enumerate(sequences):
        if not len(seq) or not maxlen:
            continue
        kept = np.asarray(seq[-maxlen:] if truncating == "pre" else seq[:maxlen], dtype=dtype)
        if kept.shape[1:] != sample_shape:
            raise ConfigError(f"pad_sequences: sequence {i} has elements of shape {kept.shape[1:]}, but the first "
                              f"non-empty sequence's are {sample_shape}")
        if padding == "post":
            out[i, :len(kept)] = kept
        else:
            out[i, -len(kept):] = kept
    return out


class PyDataset:
    """Batches by index, as Keras's: subclass it with ``__len__`` (batches per epoch) and
    ``__getitem__(i)`` returning ``(x, y)`` or ``(x, y, sample_weight)``; ``on_epoch_end`` is called
    after every epoch. ``workers``, ``use_multiprocessing`` and ``max_queue_size`` are accepted
    (batches are made in the training thread)."""

    def __init__(self, workers: int = 1, use_multiprocessing: bool = False, max_queue_size: int = 10) -> None:
        self.workers, self.use_multiprocessing, self.max_queue_size = workers, use_multiprocessing, max_queue_size

    def __getitem__(self, index: int) -> Any:
        raise NotImplementedError(f"{type(self).__name__} must define __getitem__(index)")

    def __len__(self) -> int:
        raise NotImplementedError(f"{type(self).__name__} must define __len__()")

    @property
    def num_batches(self) -> int:
        return len(self)

    def on_epoch_begin(self) -> None:
        """Called before every epoch."""

    def on_epoch_end(self) -> None:
        """Called after every epoch (e.g. to reshuffle)."""


Sequence = PyDataset

def pack_x_y_sample_weight(x: Any, y: Any = None, sample_weight: Any = None) -> Any:
    """``x``, ``(x, y)`` or ``(x, y, sample_weight)`` as Keras packs a batch (a tuple ``x`` alone is wrapped)."""
    if y is None:
        return x if not isinstance(x, tuple) else (x,)
    return (x, y) if sample_weight is None else (x, y, sample_weight)


def unpack_x_y_sample_weight(data: Any) -> tuple[Any, Any, Any]:
    """``(x, y, sample_weight)`` from a batch (missing parts None), as Keras unpacks it."""
    if isinstance(data, list):
        data = tuple(data)
    if not isinstance(data, tuple):
        return data, None, None
    if len(data) == 1:
        return data[0], None, None
    if len(data) == 2:
        return data[0], data[1], None
    if len(data) == 3:
        return data[0], data[1], data[2]
    raise ValueError(f"Data is expected to be in format `x`, `(x,)`, `(x, y)`, or `(x, y, sample_weight)`, "
                     f"found: {data}")


__all__ = ["CustomObjectScope", "PyDataset", "Sequence", "array_to_img", "image_dataset_from_directory",
           "img_to_array", "load_img",
           "model_to_dot", "normalize", "pad_sequences", "plot_model", "save_img", "set_random_seed",
           "to_categorical", "clear_session", "custom_object_scope", "deserialize_keras_object", "get_custom_objects",
           "get_registered_name", "get_registered_object", "pack_x_y_sample_weight", "register_keras_serializable",
           "serialize_keras_object", "unpack_x_y_sample_weight"]
