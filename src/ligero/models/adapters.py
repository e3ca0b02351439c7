"""The data that ``fit``, ``evaluate`` and ``predict`` accept, as batches of ``(x, y, sample_weight)``.

- arrays (or lists of arrays for several inputs/outputs, or dicts by output name), checked once
  and cut into batches by :class:`~ligero.models.epoch_iterator.EpochIterator`;
- a :class:`ligero.utils.PyDataset` (``len`` batches, ``dataset[i]``), a generator, or any
  iterable of ``(x, y)`` or ``(x, y, sample_weight)`` batches, each batch checked as it comes.
  A generator is one stream across epochs (``steps_per_epoch`` batches an epoch; without it, an
  epoch ends when the stream does).

``class_weight`` (``{class: weight}``) becomes per-sample weights read from the labels (the
argmax of one-hot rows).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

import numpy as np

from ligero.errors import ConfigError, DataError
from ligero.models.data import prepare, sample_count, take_rows
from ligero.models.epoch_iterator import EpochIterator


def is_array_data(x: Any) -> bool:
    """Whether ``x`` is arrays (one, a list/tuple/dict of them, nested lists of numbers, a number)
    rather than a stream of batches (an iterator, a PyDataset, another iterable)."""
    if isinstance(x, (np.ndarray, list, tuple, dict, str, bytes, int, float, np.generic)) or hasattr(x, "array"):
        return True
    return not (hasattr(x, "__next__") or hasattr(x, "__iter__") or hasattr(x, "__getitem__"))


def unpack(batch: Any) -> tuple[Any, Any, Any]:
    """``(x, y, sample_weight)`` from a batch of one, two or three items (Keras's ``unpack_x_y_sample_weight``)."""
    if isinstance(batch, tuple):
        if len(batch) == 1:
            return batch[0], None, None
        if len(batch) == 2:
            return batch[0], batch[1], None
        if len(batch) == 3:
            return batch
        raise DataError(f"a batch must be x, (x,), (x, y) or (x, y, sample_weight); got a tuple of {len(batch)}")
    return batch, None, None


def packed(x: Any, y: Any, sample_weight: Any) -> tuple[Any, ...]:
    """A batch as Keras hands it to ``train_step``: ``(x,)``, ``(x, y)`` or ``(x, y, sample_weight)``, the
    trailing ``None`` left out (so that ``x, y = data`` works without sample weights)."""
    if sample_weight is not None:
        return (x, y, sample_weight)
    return (x,) if y is None else (x, y)


def class_weights(y: Any, class_weight: dict[Any, float] | None) -> np.ndarray | None:
    """Per-sample weights ``class_weight[label]`` (labels: integers, or the argmax of one-hot rows)."""
    if class_weight is None:
        return None
    if isinstance(y, list):
        raise ConfigError("fit: class_weight is only supported for models with a single output")
    y = np.asarray(y)
    labels = np.argmax(y, axis=-1) if y.ndim > 1 and y.shape[-1] > 1 else y.reshape(len(y), -1)[:, 0]
    labels = labels.astype(np.int64)
    table = {int(k): float(v) for k, v in class_weight.items()}
    missing = sorted(set(np.unique(labels).tolist()) - set(table))
    if missing:
        raise ConfigError(f"fit: class_weight has no weight for the classes {missing}")
    return np.array([table[int(label)] for label in labels], dtype=np.float32)


def combine_weights(sample_weight: Any, extra: np.ndarray | None) -> Any:
    if extra is None:
        return sample_weight
    if sample_weight is None:
        return extra
    return np.asarray(sample_weight, dtype=np.float32).reshape(len(extra), -1)[:, 0] * extra


class ArrayBatches:
    """Checked arrays in batches; each batch is ``(x,)``, ``(x, y)`` or ``(x, y, sample_weight)`` (:func:`packed`)."""

    def __init__(self, model: Any, x: Any, y: Any, sample_weight: Any, batch_size: int, where: str,
                 shuffle: bool = False, rng: Any = None, class_weight: Any = None, steps: int | None = None) -> None:
        if y is None:
            from ligero.models.data import as_inputs, check_input_shape, ensure_built

            x = as_inputs(model, x, where)
            sample_count(x, where)
            ensure_built(model, x)
            check_input_shape(model, x, where)
        else:
            x, y = prepare(model, x, y, where)
        n = sample_count(x, where)
        if sample_weight is not None:
            sample_weight = np.asarray(getattr(sample_weight, "array", sample_weight), dtype=np.float32)
            if len(sample_weight) != n:
                raise DataError(f"{where}: x has {n} samples but sample_weight has {len(sample_weight)}")
        self.x, self.y = x, y
        self.sample_weight = combine_weights(sample_weight, class_weights(y, class_weight))
        self.rows = EpochIterator(x, None, batch_size, shuffle, rng)
        self.steps = self.rows.steps if steps is None else min(int(steps), self.rows.steps)
        self.num_samples = n

    def __iter__(self) -> Iterator[tuple[int, tuple[Any, ...]]]:
        for step, idx in self.rows.indices():
            if step >= self.steps:
                return
            y = None if self.y is None else take_rows(self.y, idx)
            sw = None if self.sample_weight is None else self.sample_weight[idx]
            yield step, packed(take_rows(self.x, idx), y, sw)


class StreamBatches:
    """Batches from a PyDataset, a generator or another iterable, checked one by one."""

    def __init__(self, model: Any, source: Any, where: str, steps: int | None = None,
                 class_weight: Any = None, shuffle: bool = False, rng: Any = None) -> None:
        self.model, self.source, self.where = model, source, where
        self.shuffle, self.rng = shuffle, rng if rng is not None else np.random.default_rng()
        self.class_weight = class_weight
        self.dataset = source if hasattr(source, "__getitem__") and hasattr(source, "__len__") else None
        if steps is not None:
            self.steps: int | None = int(steps)
        elif self.dataset is not None:
            self.steps = len(self.dataset)
        else:
            self.steps = len(source) if hasattr(source, "__len__") else None
        self._stream: Iterator[Any] | None = None

    def _raw(self) -> Iterator[Any]:
        if self.dataset is not None:
            count = len(self.dataset)
            if self.steps and self.steps > count:
                return (self.dataset[i % count] for i in itertools.count())
            order = self.rng.permutation(count) if self.shuffle else range(count)  # Keras shuffles batches
            return (self.dataset[int(i)] for i in order)
        if self._stream is None or not hasattr(self.source, "__next__"):
            self._stream = iter(self.source)
        return self._stream

    def __iter__(self) -> Iterator[tuple[int, tuple[Any, ...]]]:
        if self.dataset is not None and hasattr(self.dataset, "on_epoch_begin"):
            self.dataset.on_epoch_begin()
        raw = self._raw()
        for step in itertools.count():
            if self.steps is not None and step >= self.steps:
                break
            try:
                batch = next(raw)
            except StopIteration:
                if step == 0 and self._stream is not None and hasattr(self.source, "__next__"):
                    raise DataError(f"{self.where}: the generator ran out of batches") from None
                break
            yield step, self._checked(batch)
        if self.dataset is not None and hasattr(self.dataset, "on_epoch_end"):
            self.dataset.on_epoch_end()

    def _checked(self, batch: Any) -> tuple[Any, ...]:
        x, y, sw = unpack(batch)
        if y is None:
            from ligero.models.data import as_inputs, ensure_built

            x = as_inputs(self.model, x, self.where)
            ensure_built(self.model, x)
            return (x,)
        x, y = prepare(self.model, x, y, self.where)
        return packed(x, y, combine_weights(sw, class_weights(y, self.class_weight)))


def batches_for(model: Any, x: Any, y: Any, sample_weight: Any, batch_size: int | None, where: str,
                shuffle: bool = False, rng: Any = None, class_weight: Any = None, steps: int | None = None) -> Any:
    """:class:`ArrayBatches` for arrays, :class:`StreamBatches` for a dataset or a stream of batches."""
    if is_array_data(x):
        return ArrayBatches(model, x, y, sample_weight, batch_size or 32, where, shuffle, rng, class_weight, steps)
    if y is not None:
        raise ConfigError(f"{where}: y must not be given when x is a dataset or a generator (it yields the targets)")
    return StreamBatches(model, x, where, steps, class_weight, shuffle, rng)


def split_validation(x: Any, y: Any, sample_weight: Any, fraction: float) -> tuple[tuple, tuple]:
    """The first ``1 − fraction`` of the samples for training and the last ``fraction`` for validation (unshuffled)."""
    if not 0 < fraction < 1:
        raise ConfigError(f"fit: validation_split must be in (0, 1), got {fraction}")
    if not is_array_data(x):
        raise ConfigError("fit: validation_split needs arrays; give validation_data for a dataset or generator")
    n = sample_count(_arrays(x))
    cut = int(n * (1.0 - fraction))
    if cut <= 0 or cut >= n:
        raise DataError(f"fit: validation_split={fraction} leaves no training or no validation data")

    def part(v: Any, rows: slice) -> Any:
        v = _arrays(v)
        if v is None:
            return None
        if isinstance(v, dict):
            return {k: a[rows] for k, a in v.items()}
        return [a[rows] for a in v] if isinstance(v, list) else v[rows]

    head, tail = slice(0, cut), slice(cut, None)
    return (part(x, head), part(y, head), part(sample_weight, head)), \
        (part(x, tail), part(y, tail), part(sample_weight, tail))


def _arrays(v: Any) -> Any:
    """``v`` as an array, a list of arrays (several inputs or outputs) or a dict of arrays."""
    if v is None:
        return None
    if isinstance(v, dict):
        return {k: np.asarray(getattr(a, "array", a)) for k, a in v.items()}
    if isinstance(v, (list, tuple)) and v and all(isinstance(a, np.ndarray) or hasattr(a, "array") for a in v):
        return [np.asarray(getattr(a, "array", a)) for a in v]
    return np.asarray(getattr(v, "array", v))


class ReplayedBatches:
    """The validation batches of ``fit`` from a generator (a one-shot stream): read in the first epoch,
    then the same batches again every epoch, as Keras does (it draws from the generator only once)."""

    def __init__(self, batches: StreamBatches) -> None:
        self.batches, self.steps = batches, batches.steps
        self._seen: list[tuple[int, Any]] | None = None

    def __iter__(self) -> Iterator[tuple[int, tuple[Any, ...]]]:
        if self._seen is not None:
            yield from self._seen
            return
        seen = []
        for item in self.batches:
            seen.append(item)
            yield item
        self._seen = seen


def validation_batches(batches: Any) -> Any:
    """``fit``'s validation batches: a one-shot stream replayed every epoch (:class:`ReplayedBatches`)."""
    if isinstance(batches, StreamBatches) and batches.dataset is None and hasattr(batches.source, "__next__"):
        return ReplayedBatches(batches)
    return batches
