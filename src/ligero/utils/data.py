"""``ligero.utils.data``: datasets, samplers and the DataLoader, as ``torch.utils.data``.

A DataLoader draws indices from a sampler, groups them into batches (a
BatchSampler), fetches the samples and joins them with ``collate_fn``
(:func:`default_collate`: tensors, NumPy arrays and numbers are stacked into one
tensor along a new first axis; tuples, lists and dicts are collated field by
field; strings are kept as they are). Everything runs in the calling process
(``num_workers`` is accepted and ignored). Random choices draw from
``generator`` (a :class:`Generator`), or else from the default generator
(``torch.manual_seed``), by torch's procedure on torch's stream
(:mod:`ligero.torch_generator`): the same seed gives PyTorch's order (the
weighted sampler excepted: its draws are NumPy's).
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

import numpy as np

from ligero import torch_generator
from ligero.random import get_global_rng, get_rng, set_seed
from ligero.tensor import Tensor
from ligero.torch_generator import TorchGenerator, stream_of

__all__ = [
    "BatchSampler", "ConcatDataset", "DataLoader", "Dataset", "Generator", "IterableDataset", "RandomSampler",
    "Sampler", "SequentialSampler", "Subset", "SubsetRandomSampler", "TensorDataset", "WeightedRandomSampler",
    "default_collate",
    "default_convert", "random_split",
]


class Generator:
    """A seeded source of random numbers, as ``torch.Generator``: ``Generator().manual_seed(s)``.

    ``stream`` is its torch stream (:class:`ligero.torch_generator.TorchGenerator`: a new one starts
    from torch's default seed, as torch's); ``rng`` a NumPy generator seeded alike, for the draws
    ligero makes with NumPy. ``default_generator`` (what ``ligero.manual_seed`` returns) is the one
    on the default stream and ligero's global NumPy generator.
    """

    def __init__(self, device: Any = "cpu") -> None:
        self.stream = TorchGenerator()
        self._rng: np.random.Generator | None = np.random.default_rng(self.stream.initial_seed())

    @property
    def rng(self) -> np.random.Generator:
        return get_global_rng() if self._rng is None else self._rng

    def manual_seed(self, seed: int) -> Generator:
        if self._rng is None:  # the default generator: reset the global ones
            set_seed(int(seed))
            return self
        self.stream.manual_seed(int(seed))
        self._rng = np.random.default_rng(self.stream.initial_seed())
        return self

    def initial_seed(self) -> int:
        return self.stream.initial_seed()

    def seed(self) -> int:
        return self.manual_seed(int(np.random.default_rng().integers(0, 2**63 - 1))).initial_seed()

    def get_state(self) -> dict[str, Any]:
        """The state of its stream (ligero's own form, not torch's byte tensor)."""
        return self.stream.get_state()

    def set_state(self, state: dict[str, Any]) -> Generator:
        self.stream.set_state(state)
        return self


default_generator = Generator.__new__(Generator)
default_generator.stream = torch_generator.DEFAULT
default_generator._rng = None  # reads and resets ligero's global NumPy generator



def _draw_seed(generator: Any = None) -> int:
    """``torch.empty((), dtype=torch.int64).random_(generator=...).item()``: one 64-bit draw, as torch's
    DataLoader and RandomSampler take their seeds."""
    return int(stream_of(generator).full_range((), np.int64))


def _rng(generator: Any) -> np.random.Generator:
    if generator is None:
        return get_rng()
    if isinstance(generator, np.random.Generator):
        return generator
    return generator.rng


# ---------------------------------------------------------------- datasets
class Dataset:
    """A map-style dataset: ``dataset[i]`` is a sample, ``len(dataset)`` their number; ``a + b`` concatenates."""

    def __getitem__(self, index: int) -> Any:
        raise NotImplementedError("Subclasses of Dataset should implement __getitem__.")

    def __add__(self, other: Dataset) -> ConcatDataset:
        return ConcatDataset([self, other])


class IterableDataset(Dataset):
    """A dataset that is a stream: subclasses define ``__iter__`` (no indexing, no sampler)."""

    def __iter__(self) -> Iterator[Any]:
        raise NotImplementedError("Subclasses of IterableDataset should implement __iter__.")


def _row(t: Any, index: Any) -> Any:
    if isinstance(t, Tensor):
        value = t.array[index]
        return Tensor(value, dtype=value.dtype)
    return t[index]


class TensorDataset(Dataset):
    """Samples are the rows of equally long tensors: ``dataset[i] = (t1[i], t2[i], ...)``."""

    def __init__(self, *tensors: Any) -> None:
        if not tensors:
            raise ValueError("TensorDataset needs at least one tensor")
        sizes = [len(t) for t in tensors]
        if any(s != sizes[0] for s in sizes):
            raise AssertionError(f"Size mismatch between tensors: first dimensions {sizes}")
        self.tensors = tensors

    def __getitem__(self, index: Any) -> tuple:
        return tuple(_row(t, index) for t in self.tensors)

    def __len__(self) -> int:
        return len(self.tensors[0])


class Subset(Dataset):
    """The samples of ``dataset`` at ``indices``, in that order."""

    def __init__(self, dataset: Any, indices: Sequence[int]) -> None:
        self.dataset, self.indices = dataset, indices

    def __getitem__(self, idx: Any) -> Any:
        if isinstance(idx, list):
            return self.dataset[[self.indices[i] for i in idx]]
        return self.dataset[self.indices[idx]]

    def __len__(self) -> int:
        return len(self.indices)


class ConcatDataset(Dataset):
    """Several datasets one after the other."""

    def __init__(self, datasets: Iterable[Any]) -> None:
        self.datasets = list(datasets)
        if not self.datasets:
            raise AssertionError("datasets should not be an empty iterable")
        self.cumulative_sizes = list(np.cumsum([len(d) for d in self.datasets]).tolist())

    def __len__(self) -> int:
        return self.cumulative_sizes[-1]

    def __getitem__(self, idx: int) -> Any:
        if idx < 0:
            if -idx > len(self):
                raise ValueError("absolute value of index should not exceed dataset length")
            idx += len(self)
        which = bisect.bisect_right(self.cumulative_sizes, idx)
        if which >= len(self.datasets):
            raise IndexError(f"index {idx} is out of range for a ConcatDataset of length {len(self)}")
        start = self.cumulative_sizes[which - 1] if which else 0
        return self.datasets[which][idx - start]


def random_split(dataset: Any, lengths: Sequence[float], generator: Any = None) -> list[Subset]:
    """Split ``dataset`` into non-overlapping random Subsets of the given lengths, or fractions
    (floored, the remainder handed out one by one from the first), as PyTorch's."""
    n = len(dataset)
    if math.isclose(sum(lengths), 1) and sum(lengths) <= 1:
        counts = [int(math.floor(n * f)) for f in lengths]
        for i in range(n - sum(counts)):
            counts[i % len(counts)] += 1
        lengths = counts
    if sum(lengths) != n:
        raise ValueError("Sum of input lengths does not equal the length of the input dataset!")
    order = stream_of(generator).permutation(n).tolist()
    subsets, start = [], 0
    for length in lengths:
        subsets.append(Subset(dataset, order[start:start + int(length)]))
        start += int(length)
    return subsets


# ---------------------------------------------------------------- samplers
class Sampler:
    """Yields dataset indices."""

    def __iter__(self) -> Iterator[int]:
        raise NotImplementedError


class SequentialSampler(Sampler):
    """0, 1, ..., len(data_source) - 1."""

    def __init__(self, data_source: Any) -> None:
        self.data_source = data_source

    def __iter__(self) -> Iterator[int]:
        return iter(range(len(self.data_source)))

    def __len__(self) -> int:
        return len(self.data_source)


class RandomSampler(Sampler):
    """A random permutation each pass (or ``num_samples`` draws with ``replacement``)."""

    def __init__(self, data_source: Any, replacement: bool = False, num_samples: int | None = None,
                 generator: Any = None) -> None:
        self.data_source, self.replacement, self.generator = data_source, replacement, generator
        self._num_samples = num_samples
        if num_samples is not None and (not isinstance(num_samples, int) or num_samples <= 0):
            raise ValueError(f"num_samples should be a positive integer value, but got num_samples={num_samples}")

    @property
    def num_samples(self) -> int:
        return len(self.data_source) if self._num_samples is None else self._num_samples

    def __iter__(self) -> Iterator[int]:
        """torch's: without a generator, a fresh one seeded by a draw from the default; then whole
        permutations (or draws 32 at a time with replacement), the last one cut to ``num_samples``."""
        n = len(self.data_source)  # (a generator function, as torch's: nothing is drawn before the first index)
        stream = stream_of(self.generator) if self.generator is not None else TorchGenerator(_draw_seed())
        if self.replacement:
            for _ in range(self.num_samples // 32):
                yield from stream.integers(0, n, (32,)).tolist()
            yield from stream.integers(0, n, (self.num_samples % 32,)).tolist()
            return
        for _ in range(self.num_samples // n):
            yield from stream.permutation(n).tolist()
        yield from stream.permutation(n).tolist()[: self.num_samples % n]

    def __len__(self) -> int:
        return self.num_samples


class SubsetRandomSampler(Sampler):
    """The given indices in a random order each pass."""

    def __init__(self, indices: Sequence[int], generator: Any = None) -> None:
        self.indices, self.generator = indices, generator

    def __iter__(self) -> Iterator[int]:
        return iter([self.indices[i] for i in stream_of(self.generator).permutation(len(self.indices)).tolist()])

    def __len__(self) -> int:
        return len(self.indices)


class WeightedRandomSampler(Sampler):
    """``num_samples`` indices drawn with probability ``weights[i] / Σ weights`` (with or without replacement)."""

    def __init__(self, weights: Sequence[float], num_samples: int, replacement: bool = True,
                 generator: Any = None) -> None:
        if isinstance(num_samples, bool) or not isinstance(num_samples, int) or num_samples <= 0:
            raise ValueError(f"num_samples should be a positive integer value, but got num_samples={num_samples}")
        w = np.asarray(weights.array if isinstance(weights, Tensor) else weights, dtype=np.float64).reshape(-1)
        if w.size == 0 or (w < 0).any() or not np.isfinite(w).all() or w.sum() <= 0:
            raise RuntimeError("WeightedRandomSampler: weights must be finite, non-negative and not all zero")
        if not replacement and num_samples > int((w > 0).sum()):
            raise RuntimeError(f"WeightedRandomSampler: cannot draw {num_samples} samples without replacement "
                               f"from {int((w > 0).sum())} nonzero weights")
        self.weights, self.num_samples, self.replacement, self.generator = w, num_samples, replacement, generator

    def __iter__(self) -> Iterator[int]:
        p = self.weights / self.weights.sum()
        drawn = _rng(self.generator).choice(p.size, self.num_samples, replace=self.replacement, p=p)
        return iter(drawn.tolist())

    def __len__(self) -> int:
        return self.num_samples


class BatchSampler(Sampler):
    """Groups the indices of ``sampler`` into lists of ``batch_size`` (the last one shorter unless ``drop_last``)."""

    def __init__(self, sampler: Iterable[int], batch_size: int, drop_last: bool) -> None:
        if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size <= 0:
            raise ValueError(f"batch_size should be a positive integer value, but got batch_size={batch_size}")
        self.sampler, self.batch_size, self.drop_last = sampler, batch_size, drop_last

    def __iter__(self) -> Iterator[list[int]]:
        batch: list[int] = []
        for index in self.sampler:
            batch.append(index)
            if len(batch) == self.batch_size:
                yield batch
                batch = []
        if batch and not self.drop_last:
            yield batch

    def __len__(self) -> int:
        n = len(self.sampler)
        return n // self.batch_size if self.drop_last else -(-n // self.batch_size)


# ---------------------------------------------------------------- collation
def _stacked(arrays: list[np.ndarray]) -> Tensor:
    try:
        out = np.stack(arrays)
    except ValueError:
        shapes = sorted({a.shape for a in arrays})
        raise RuntimeError(f"stack expects each tensor to be equal size, but got shapes {shapes} in one batch "
                           "(pass a collate_fn that pads them)") from None
    return Tensor(out, dtype=out.dtype)


def default_collate(batch: Sequence[Any]) -> Any:
    """Join a list of samples into a batch, as PyTorch's ``default_collate``.

    Tensors and NumPy arrays are stacked (their dtype kept); Python floats become
    a float64 tensor, ints int64, bools bool; strings stay a sequence; dicts,
    tuples and lists are collated field by field (a namedtuple stays one).
    """
    elem = batch[0]
    if isinstance(elem, Tensor):
        return _stacked([b.array for b in batch])
    if isinstance(elem, (np.ndarray, np.generic)) and elem.dtype.kind not in "OSU":
        return _stacked([np.asarray(b) for b in batch])
    if isinstance(elem, bool):
        return Tensor(np.array(batch, dtype=bool), dtype=bool)
    if isinstance(elem, int):
        return Tensor(np.array(batch, dtype=np.int64), dtype=np.int64)
    if isinstance(elem, float):
        return Tensor(np.array(batch, dtype=np.float64), dtype=np.float64)
    if isinstance(elem, (str, bytes)):
        return batch
    if isinstance(elem, Mapping):
        return {key: default_collate([d[key] for d in batch]) for key in elem}
    if isinstance(elem, tuple) and hasattr(elem, "_fields"):
        return type(elem)(*(default_collate(s) for s in zip(*batch)))
    if isinstance(elem, Sequence):
        if any(len(b) != len(elem) for b in batch):
            raise RuntimeError("each element in list of batch should be of equal size")
        return [default_collate(s) for s in zip(*batch)]
    raise TypeError(f"default_collate: batch must contain tensors, numpy arrays, numbers, dicts or lists; "
                    f"found {type(elem)}")


def default_convert(data: Any) -> Any:
    """One sample as tensors where it holds NumPy arrays (what ``batch_size=None`` yields)."""
    if isinstance(data, np.ndarray) and data.dtype.kind not in "OSU":
        return Tensor(data, dtype=data.dtype)
    if isinstance(data, Mapping):
        return {k: default_convert(v) for k, v in data.items()}
    if isinstance(data, tuple) and hasattr(data, "_fields"):
        return type(data)(*(default_convert(d) for d in data))
    if isinstance(data, (list, tuple)):
        return type(data)(default_convert(d) for d in data)
    return data


# ---------------------------------------------------------------- loader
class DataLoader:
    """Batches of a dataset: ``for x, y in DataLoader(ds, batch_size=32, shuffle=True): ...``."""

    def __init__(self, dataset: Any, batch_size: int | None = 1, shuffle: bool | None = None, sampler: Any = None,
                 batch_sampler: Any = None, num_workers: int = 0, collate_fn: Callable | None = None,
                 pin_memory: bool = False, drop_last: bool = False, timeout: float = 0, worker_init_fn: Any = None,
                 multiprocessing_context: Any = None, generator: Any = None, *, prefetch_factor: Any = None,
                 persistent_workers: bool = False, pin_memory_device: str = "", in_order: bool = True) -> None:
        self.dataset, self.num_workers, self.generator = dataset, num_workers, generator
        self._iterable = isinstance(dataset, IterableDataset)
        if self._iterable and (shuffle or sampler is not None or batch_sampler is not None):
            raise ValueError("DataLoader with IterableDataset: expected unspecified shuffle, sampler and "
                             "batch_sampler options")
        if batch_sampler is not None:
            if batch_size != 1 or shuffle or sampler is not None or drop_last:
                raise ValueError("batch_sampler option is mutually exclusive with batch_size, shuffle, sampler, "
                                 "and drop_last")
            batch_size, drop_last = None, False
        elif batch_size is None and drop_last:
            raise ValueError("batch_size=None option disables auto-batching and is mutually exclusive with drop_last")
        if sampler is not None and shuffle:
            raise ValueError("sampler option is mutually exclusive with shuffle")
        if sampler is None and not self._iterable:
            sampler = RandomSampler(dataset, generator=generator) if shuffle else SequentialSampler(dataset)
        if batch_size is not None and batch_sampler is None and not self._iterable:
            batch_sampler = BatchSampler(sampler, batch_size, drop_last)
        self.batch_size, self.drop_last = batch_size, drop_last
        self.sampler, self.batch_sampler = sampler, batch_sampler
        auto = batch_sampler is not None or (self._iterable and batch_size is not None)
        self.collate_fn = collate_fn if collate_fn is not None else (default_collate if auto else default_convert)

    def __iter__(self) -> Iterator[Any]:
        """A pass over the batches. As torch's iterator, it first draws a base seed for workers from
        ``generator`` (or the default generator): one 64-bit draw a pass, which later draws follow."""
        _draw_seed(self.generator)
        return self._batches()

    def _batches(self) -> Iterator[Any]:
        if self._iterable:
            yield from self._iteratestream_of()
        elif self.batch_sampler is not None:
            for indices in self.batch_sampler:
                yield self.collate_fn([self.dataset[i] for i in indices])
        else:
            for i in self.sampler:
                yield self.collate_fn(self.dataset[i])

    def _iteratestream_of(self) -> Iterator[Any]:
        if self.batch_size is None:
            for sample in self.dataset:
                yield self.collate_fn(sample)
            return
        batch: list[Any] = []
        for sample in self.dataset:
            batch.append(sample)
            if len(batch) == self.batch_size:
                yield self.collate_fn(batch)
                batch = []
        if batch and not self.drop_last:
            yield self.collate_fn(batch)

    def __len__(self) -> int:
        if self._iterable:
            n = len(self.dataset)
            if self.batch_size is None:
                return n
            return n // self.batch_size if self.drop_last else -(-n // self.batch_size)
        return len(self.batch_sampler) if self.batch_sampler is not None else len(self.sampler)
