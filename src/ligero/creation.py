"""Making tensors the way torch does: ``tensor``, ``zeros``, ``arange``, ``randn``...

dtype rules (torch's): Python ints give int64, floats the default float32, bools
bool; a NumPy array keeps its dtype. ``tensor()`` copies its data, ``as_tensor``
and ``from_numpy`` share it. Sizes go as varargs or one tuple. Random tensors
draw from ligero's global generator, which :func:`manual_seed` resets (values
differ from torch's, but the same seed gives the same values).
"""

from __future__ import annotations

import builtins
from typing import Any

import numpy as np

from ligero import dtypes, torch_generator
from ligero.errors import DataError
from ligero.random import set_seed
from ligero.tensor import Tensor
from ligero.torch_generator import stream_of


def _infer(data: Any) -> np.ndarray:
    """``data`` as an array with torch's dtype inference."""
    if isinstance(data, Tensor):
        return data.array
    if isinstance(data, (np.ndarray, np.generic)):
        return np.asarray(data)
    if isinstance(data, (list, tuple)) and any(isinstance(x, Tensor) for x in data):
        data = [x.array if isinstance(x, Tensor) else x for x in data]
    if data is None:
        raise DataError("cannot make a tensor from None")
    try:
        arr = np.asarray(data)
    except ValueError as exc:
        raise DataError(f"cannot make a tensor from a ragged or mixed sequence ({exc})") from None
    if arr.dtype.kind == "f":
        return arr.astype(dtypes.DEFAULT_FLOAT.dtype)
    if arr.dtype.kind in "iu":
        return arr.astype(np.int64)
    if arr.dtype.kind == "b":
        return arr
    if arr.dtype.kind == "c":  # Python complex numbers: the default complex dtype
        return arr.astype(np.result_type(dtypes.DEFAULT_FLOAT.dtype, np.complex64))
    raise DataError(f"cannot make a numeric tensor from a {type(data).__name__} of {arr.dtype} values")


def tensor(data: Any, dtype: Any = None, device: Any = None, requires_grad: bool = False,
           pin_memory: bool = False, name: str | None = None) -> Tensor:
    """A new leaf tensor holding a copy of ``data``."""
    arr = np.array(_infer(data), dtype=dtypes.to_numpy(dtype))
    return Tensor(arr, requires_grad=requires_grad, dtype=arr.dtype, name=name)


def as_tensor(data: Any, dtype: Any = None, device: Any = None) -> Tensor:
    """``data`` as a tensor, sharing its memory where it can (a Tensor of that dtype is returned as is)."""
    np_dtype = dtypes.to_numpy(dtype)
    if isinstance(data, Tensor) and (np_dtype is None or data.array.dtype == np_dtype):
        return data
    arr = _infer(data)
    if np_dtype is not None and arr.dtype != np_dtype:
        arr = arr.astype(np_dtype)
    return Tensor(arr, dtype=arr.dtype)


def from_numpy(array: np.ndarray) -> Tensor:
    """A tensor sharing ``array``'s memory and dtype."""
    if not isinstance(array, np.ndarray):
        raise TypeError(f"expected np.ndarray (got {type(array).__name__})")
    return Tensor(array, dtype=array.dtype)


def _size(size: tuple) -> tuple[int, ...]:
    if len(size) == 1 and isinstance(size[0], (tuple, list)):
        size = tuple(size[0])
    return tuple(builtins.int(n) for n in size)


def _dtype(dtype: Any, default: Any = None) -> np.dtype:
    found = dtypes.to_numpy(dtype)
    return found if found is not None else np.dtype(default or dtypes.DEFAULT_FLOAT.dtype)


def _make(arr: np.ndarray, requires_grad: bool) -> Tensor:
    return Tensor(arr, requires_grad=requires_grad, dtype=arr.dtype)


def zeros(*size: Any, dtype: Any = None, device: Any = None, requires_grad: bool = False) -> Tensor:
    return _make(np.zeros(_size(size), _dtype(dtype)), requires_grad)


def ones(*size: Any, dtype: Any = None, device: Any = None, requires_grad: bool = False) -> Tensor:
    return _make(np.ones(_size(size), _dtype(dtype)), requires_grad)


def empty(*size: Any, dtype: Any = None, device: Any = None, requires_grad: bool = False) -> Tensor:
    return _make(np.zeros(_size(size), _dtype(dtype)), requires_grad)  # zeros: deterministic


def full(size: Any, fill_value: Any, dtype: Any = None, device: Any = None, requires_grad: bool = False) -> Tensor:
    default = _infer(fill_value).dtype if dtype is None else None
    return _make(np.full(_size((size,)), fill_value, _dtype(dtype, default)), requires_grad)


def _like(t: Any, dtype: Any) -> tuple[tuple, np.dtype]:
    arr = t.array if isinstance(t, Tensor) else np.asarray(t)
    return arr.shape, _dtype(dtype, arr.dtype)


def zeros_like(t: Any, dtype: Any = None, requires_grad: bool = False, **_: Any) -> Tensor:
    shape, dt = _like(t, dtype)
    return _make(np.zeros(shape, dt), requires_grad)


def ones_like(t: Any, dtype: Any = None, requires_grad: bool = False, **_: Any) -> Tensor:
    shape, dt = _like(t, dtype)
    return _make(np.ones(shape, dt), requires_grad)


def empty_like(t: Any, dtype: Any = None, requires_grad: bool = False, **_: Any) -> Tensor:
    return zeros_like(t, dtype, requires_grad)


def full_like(t: Any, fill_value: Any, dtype: Any = None, requires_grad: bool = False, **_: Any) -> Tensor:
    shape, dt = _like(t, dtype)
    return _make(np.full(shape, fill_value, dt), requires_grad)


def arange(start: Any, end: Any = None, step: Any = 1, dtype: Any = None, device: Any = None,
           requires_grad: bool = False) -> Tensor:
    """``start, start + step, ...`` below ``end``: int64 when all three are integers, else float32."""
    if end is None:
        start, end = 0, start
    plain = [x.item() if isinstance(x, Tensor) else x for x in (start, end, step)]
    integral = all(isinstance(x, (builtins.int, np.integer)) for x in plain)
    default = np.int64 if integral else dtypes.DEFAULT_FLOAT.dtype
    values = np.arange(*plain, dtype=np.int64 if integral else np.float64)
    return _make(values.astype(_dtype(dtype, default)), requires_grad)


def linspace(start: float, end: float, steps: int, dtype: Any = None, device: Any = None,
             requires_grad: bool = False) -> Tensor:
    return _make(np.linspace(start, end, steps).astype(_dtype(dtype)), requires_grad)


def logspace(start: float, end: float, steps: int, base: float = 10.0, dtype: Any = None, device: Any = None,
             requires_grad: bool = False) -> Tensor:
    """``base ** linspace(start, end, steps)``."""
    return _make(np.logspace(start, end, steps, base=base).astype(_dtype(dtype)), requires_grad)


def eye(n: int, m: int | None = None, dtype: Any = None, device: Any = None, requires_grad: bool = False) -> Tensor:
    return _make(np.eye(n, m, dtype=_dtype(dtype)), requires_grad)


def manual_seed(seed: int) -> Any:
    """Reset ligero's generators: torch's stream (random tensors, the torch face's initializations;
    :mod:`ligero.torch_generator`) and the NumPy one (dropout, the Keras face); returns torch's
    ``default_generator``."""
    from ligero.utils.data import default_generator  # the data utilities sit above this module

    set_seed(builtins.int(seed))
    return default_generator


def initial_seed() -> int:
    """The seed the default generator was last reset with (torch's 67280421310721 before any)."""
    return torch_generator.DEFAULT.initial_seed()


def seed() -> int:
    """Seed the generators from the operating system; the seed it used."""
    s = builtins.int(np.random.SeedSequence().entropy % (2**63))
    set_seed(s)
    return s



def rand(*size: Any, dtype: Any = None, requires_grad: bool = False, generator: Any = None, **_: Any) -> Tensor:
    """Uniform on [0, 1): torch's values for its seed."""
    return _make(stream_of(generator).uniform(_size(size), _dtype(dtype)), requires_grad)


def randn(*size: Any, dtype: Any = None, requires_grad: bool = False, generator: Any = None, **_: Any) -> Tensor:
    """Standard normal: torch's values for its seed."""
    return _make(stream_of(generator).normal(_size(size), _dtype(dtype)), requires_grad)


def randint(low: int, high: Any = None, size: Any = None, dtype: Any = None, generator: Any = None,
            requires_grad: bool = False, **_: Any) -> Tensor:
    """Integers uniform on [low, high) (``randint(high, size)`` starts at 0): torch's values."""
    if size is None:
        low, high, size = 0, low, high
    draws = stream_of(generator).integers(builtins.int(low), builtins.int(high), _size((size,)))
    return _make(draws.astype(_dtype(dtype, np.int64)), requires_grad)


def randperm(n: int, dtype: Any = None, generator: Any = None, requires_grad: bool = False, **_: Any) -> Tensor:
    """A random permutation of 0 .. n-1: torch's for its seed."""
    return _make(stream_of(generator).permutation(builtins.int(n)).astype(_dtype(dtype, np.int64)), requires_grad)


def rand_like(t: Tensor, dtype: Any = None, requires_grad: bool = False, generator: Any = None, **_: Any) -> Tensor:
    shape, dt = _like(t, dtype)
    return _make(stream_of(generator).uniform(shape, dt), requires_grad)


def randn_like(t: Tensor, dtype: Any = None, requires_grad: bool = False, generator: Any = None,
               **_: Any) -> Tensor:
    shape, dt = _like(t, dtype)
    return _make(stream_of(generator).normal(shape, dt), requires_grad)


def normal(mean: Any, std: Any = 1.0, size: Any = None, generator: Any = None, **_: Any) -> Tensor:
    """Normal draws of the given mean and std: numbers with ``size`` (``normal_(mean, std)``), or
    tensors (standard normals of the broadcast shape, times ``std`` plus ``mean``, as torch)."""
    stream = stream_of(generator)
    if size is not None:
        return _make(stream.normal(_size((size,)), dtypes.DEFAULT_FLOAT.dtype, float(mean), float(std)), False)
    m = mean.array if isinstance(mean, Tensor) else np.asarray(mean)
    s = std.array if isinstance(std, Tensor) else np.asarray(std)
    dt = m.dtype if m.dtype.kind == "f" else s.dtype if s.dtype.kind == "f" else dtypes.DEFAULT_FLOAT.dtype
    shape = np.broadcast_shapes(m.shape, s.shape)
    return _make((stream.normal(shape, dt) * s + m).astype(dt, copy=False), False)


def bernoulli(input: Any, p: Any = None, generator: Any = None) -> Tensor:  # noqa: A002
    """1 with probability ``input`` (elementwise; or with the number ``p`` where given), else 0: torch's
    draws (``u < p``, ``u`` in the probabilities' dtype, or a double against a number)."""
    probs = input.array if isinstance(input, Tensor) else np.asarray(input)
    if probs.dtype.kind != "f":
        raise RuntimeError(f"bernoulli expects floating point probabilities, got dtype {probs.dtype}")
    draws = stream_of(generator).bernoulli(probs.shape, probs if p is None else float(p))
    return _make(draws.astype(probs.dtype), False)


def multinomial(probs: Any, num_samples: int, replacement: bool = False, generator: Any = None) -> Tensor:
    """Category indices drawn with the (unnormalised) weights of each row (a vector is one row), torch's
    draws (:meth:`ligero.torch_generator.TorchGenerator.categories`)."""
    p = probs.array if isinstance(probs, Tensor) else np.asarray(probs)
    if p.ndim not in (1, 2) or p.dtype.kind != "f":
        raise RuntimeError(f"prob_dist must be 1 or 2 dim floating point, got {p.ndim}-D {p.dtype}")
    rows = p.reshape(-1, p.shape[-1])
    if (rows < 0).any() or not np.isfinite(rows).all():
        raise RuntimeError("invalid multinomial distribution (encountering probability entry < 0, infinity or NaN)")
    if (rows.sum(-1) <= 0).any():
        raise RuntimeError("invalid multinomial distribution (sum of probabilities <= 0)")
    if not replacement and num_samples > p.shape[-1]:
        raise RuntimeError("cannot sample n_sample > prob_dist.size(-1) samples without replacement")
    if not replacement and ((rows > 0).sum(-1) < num_samples).any():
        raise RuntimeError("invalid multinomial distribution (with replacement=False, not enough non-negative "
                           "category to sample)")
    out = stream_of(generator).categories(rows, builtins.int(num_samples), bool(replacement))
    return _make(out if p.ndim == 2 else out[0], False)
