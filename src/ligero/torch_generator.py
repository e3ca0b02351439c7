"""torch's CPU random stream, value for value: the mt19937 engine and ATen's transformations.

``torch.manual_seed(s)`` then ``torch.rand``/``randn``/``randint``/``randperm``, ``Tensor.uniform_``/
``normal_``/``random_``, ``nn.init`` and the default initialisation of ``nn.Linear``, ``nn.Conv2d``...
give torch's numbers: the engine is NumPy's ``MT19937`` bit generator put in the state
``std::mt19937`` seeds itself into (only the low 32 bits of the seed count, as in torch), and each
draw is turned into a value as ATen does (``TransformationHelper.h``, ``DistributionTemplates.h``):

- uniform on [a, b): ``u`` from 24 bits of one 32-bit draw (float32) or 53 bits of a 64-bit draw
  made of two (float64), then ``a + (b - a)·u`` (a and b in the tensor's dtype) in double with
  one rounding (torch's fused multiply-add; here long double arithmetic rounded to double), cast;
- normal: a tensor of 16 elements or more is filled with uniforms, then transformed 16 at a time by
  Box-Muller, ``r = √(-2 log(1 - u_i))``, ``θ = 2π u_(i+8)``, ``z_i = r cos θ``, ``z_(i+8) = r sin θ``
  (when the size is not a multiple of 16 the last 16 are redrawn and transformed again); a smaller
  one draws pairs of doubles, ``z = √(-2 log1p(-u₂))·cos(2π u₁)``, keeping ``r sin θ`` for the next
  value (the cache a seed clears);
- integers on [low, high): ``low + draw % (high - low)``, a 64-bit draw when the range needs one;
- a permutation of n: Fisher-Yates, position i swapped with ``i + draw % (n - i)``.

- Bernoulli: ``u < p`` (dropout's mask: ``[u < 1 - p] / (1 - p)``); exponential: ``-log1p(-u)/λ``;
  categories (``multinomial``): with replacement a uniform per draw against the normalised cumulative
  sums, without it the largest ``p/q``, ``q ~ Exp(1)``.

Torch computes the 16-at-a-time normals in float32 with vectorized log/sin/cos: values agree to an
ulp or two there, exactly elsewhere. On Intel CPUs torch draws dropout masks (``bernoulli_`` with a
number) from MKL's generator, seeded by one draw of this stream: there ligero's masks are not torch's.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

DEFAULT_SEED = 67280421310721
"""The seed torch's default CPU generator, and every new ``torch.Generator()``, starts from."""

_MT_N = 624


def _mt19937_key(seed: int) -> np.ndarray:
    """The state ``std::mt19937(seed)`` starts in (Knuth's initialisation of the 624 words)."""
    key = [seed & 0xFFFFFFFF]
    for j in range(1, _MT_N):
        prev = key[-1]
        key.append((1812433253 * (prev ^ (prev >> 30)) + j) & 0xFFFFFFFF)
    return np.array(key, dtype=np.uint32)


_FLOAT_BITS = {np.dtype(np.float32): 24, np.dtype(np.float64): 53, np.dtype(np.float16): 11}


class TorchGenerator:
    """torch's CPU generator: ``manual_seed``, ``initial_seed``, the state, and its draws."""

    def __init__(self, seed: int = DEFAULT_SEED) -> None:
        self._engine = np.random.MT19937()
        self.manual_seed(seed)

    def manual_seed(self, seed: int) -> TorchGenerator:
        """Restart the stream from ``seed`` (the normal cache is cleared, as torch's)."""
        self._seed = int(seed) % (1 << 64)
        self._engine.state = {"bit_generator": "MT19937",
                              "state": {"key": _mt19937_key(self._seed), "pos": _MT_N}}
        self._next_normal: float | None = None
        return self

    def initial_seed(self) -> int:
        return self._seed

    def get_state(self) -> dict[str, Any]:
        """Everything needed to resume the stream (a copy)."""
        engine = self._engine.state
        return {"seed": self._seed, "key": engine["state"]["key"].copy(), "pos": int(engine["state"]["pos"]),
                "next_normal": self._next_normal}

    def set_state(self, state: dict[str, Any]) -> None:
        self._seed = int(state["seed"])
        self._engine.state = {"bit_generator": "MT19937",
                              "state": {"key": np.asarray(state["key"], dtype=np.uint32), "pos": int(state["pos"])}}
        self._next_normal = state["next_normal"]

    # ------------------------------------------------------------ raw draws
    def draws32(self, n: int) -> np.ndarray:
        """``n`` 32-bit draws (uint64 array)."""
        return self._engine.random_raw(n).astype(np.uint64)

    def draws64(self, n: int) -> np.ndarray:
        """``n`` 64-bit draws, each ``first << 32 | second`` of two 32-bit ones (uint64 array)."""
        raw = self.draws32(2 * n)
        return (raw[0::2] << np.uint64(32)) | raw[1::2]

    def _unit(self, n: int, dtype: np.dtype) -> np.ndarray:
        """``n`` uniforms on [0, 1) as torch draws them for ``dtype`` (float64 values)."""
        bits = _FLOAT_BITS.get(dtype, 24)
        raw = self.draws64(n) if bits > 32 else self.draws32(n)
        return (raw & np.uint64((1 << bits) - 1)).astype(np.float64) * (2.0 ** -bits)

    # --------------------------------------------------------------- values
    def uniform(self, shape: tuple[int, ...], dtype: Any = np.float32, low: float = 0.0,
                high: float = 1.0) -> np.ndarray:
        """``low + (high - low)·u`` of ``shape`` in ``dtype`` (``rand``, ``uniform_``)."""
        dtype = np.dtype(dtype)
        n = math.prod(shape)
        # as torch: a and b cast to the dtype, b - a in its arithmetic, then (b - a)·u + a in double as one
        # fused multiply-add (one rounding; here long double arithmetic rounded to double), cast to the dtype
        low_t, high_t = dtype.type(low), dtype.type(high)
        span = np.longdouble(high_t - low_t)
        wide = self._unit(n, dtype).astype(np.longdouble) * span + np.longdouble(low_t)
        return wide.astype(np.float64).astype(dtype).reshape(shape)

    def normal(self, shape: tuple[int, ...], dtype: Any = np.float32, mean: float = 0.0,
               std: float = 1.0) -> np.ndarray:
        """Normal values of ``shape`` in ``dtype`` (``randn``, ``normal_``), by torch's two paths."""
        dtype = np.dtype(dtype)
        n = math.prod(shape)
        if n >= 16:
            return self._normal_fill(n, dtype, mean, std).reshape(shape)
        return np.array([self._normal_one(mean, std) for _ in range(n)], dtype=np.float64).astype(dtype).reshape(shape)

    def _normal_one(self, mean: float, std: float) -> float:
        if self._next_normal is not None:
            z, self._next_normal = self._next_normal, None
            return z * std + mean
        u1, u2 = self._unit(2, np.dtype(np.float64))
        r = math.sqrt(-2.0 * math.log1p(-u2))
        theta = 2.0 * math.pi * u1
        self._next_normal = r * math.sin(theta)
        return r * math.cos(theta) * std + mean

    def _normal_fill(self, n: int, dtype: np.dtype, mean: float, std: float) -> np.ndarray:
        data = self._unit(n, dtype).astype(dtype)
        whole = n - n % 16
        out = np.empty(n, dtype=dtype)
        out[:whole] = _box_muller_16(data[:whole], dtype, mean, std)
        if whole != n:  # torch redraws the last 16 and transforms them again
            tail = self._unit(16, dtype).astype(dtype)
            out[n - 16:] = _box_muller_16(tail, dtype, mean, std)
        return out

    def bernoulli(self, shape: tuple[int, ...], p: Any) -> np.ndarray:
        """``u < p`` of ``shape`` (bool): a number ``p`` against double uniforms (torch's ``bernoulli_(p)``
        and dropout on CPUs where it does not use MKL: it does on Intel's), a float array ``p`` against
        uniforms of its dtype (``torch.bernoulli(probs)``)."""
        n = math.prod(shape)
        if isinstance(p, np.ndarray):
            return (self._unit(n, p.dtype).reshape(shape) < p).reshape(shape)
        return (self._unit(n, np.dtype(np.float64)) < float(p)).reshape(shape)

    def exponential(self, shape: tuple[int, ...], dtype: Any = np.float32, rate: float = 1.0) -> np.ndarray:
        """``-log1p(-u)/λ`` of ``shape`` in ``dtype`` (``exponential_``), ``u`` a double uniform."""
        u = self._unit(math.prod(shape), np.dtype(np.float64))
        return (-1.0 / rate * np.log1p(-u)).astype(dtype).reshape(shape)

    def categories(self, probs: np.ndarray, count: int, replacement: bool) -> np.ndarray:
        """``count`` category indices for each row of ``probs`` (rows, categories), int64, as
        ``torch.multinomial``: with replacement (and more than one), a double uniform per draw looked
        up in the row's normalised cumulative sums; else the ``count`` largest of ``p / q``,
        ``q ~ Exp(1)`` (the Gumbel trick, without replacement)."""
        if not replacement or count == 1:
            ratio = probs / self.exponential(probs.shape, probs.dtype)
            if count == 1:
                return np.argmax(ratio, axis=-1)[:, None].astype(np.int64)
            return np.argsort(-ratio, axis=-1, kind="stable")[:, :count].astype(np.int64)
        out = np.empty((probs.shape[0], count), dtype=np.int64)
        for row, p in enumerate(probs):
            cumulative = np.add.accumulate(p)  # in the probabilities' dtype, one by one, as torch
            cumulative /= cumulative[-1]
            cumulative[-1] = 1
            out[row] = np.searchsorted(cumulative.astype(np.float64), self._unit(count, np.dtype(np.float64)))
        return out

    def integers(self, low: int, high: int, shape: tuple[int, ...]) -> np.ndarray:
        """Integers on [low, high) of ``shape`` as int64 (``randint``, ``random_(from, to)``)."""
        span = int(high) - int(low)
        if span <= 0:
            raise RuntimeError(f"random_ expects 'from' to be less than 'to', but got from={low} >= to={high}")
        n = math.prod(shape)
        raw = self.draws64(n) if span >= 1 << 32 else self.draws32(n)
        return ((raw % np.uint64(span)).astype(np.int64) + int(low)).reshape(shape)

    def full_range(self, shape: tuple[int, ...], dtype: Any) -> np.ndarray:
        """``random_()`` without bounds: ``[0, 2^mantissa]`` for floats, ``[0, max]`` for integers."""
        dtype = np.dtype(dtype)
        n = math.prod(shape)
        if dtype.kind == "f":
            bits = _FLOAT_BITS.get(dtype, 24)
            raw, modulus = (self.draws64(n) if bits > 32 else self.draws32(n)), (1 << bits) + 1
        elif dtype == np.bool_:
            return (self.draws32(n) & np.uint64(1)).astype(np.bool_).reshape(shape)
        else:
            top = int(np.iinfo(dtype).max)
            raw, modulus = (self.draws64(n) if top >= 1 << 32 else self.draws32(n)), top + 1
        return (raw % np.uint64(modulus)).astype(dtype).reshape(shape)

    def permutation(self, n: int) -> np.ndarray:
        """A permutation of ``range(n)`` as int64 (``randperm``)."""
        order = list(range(n))
        steps = np.arange(max(n - 1, 0), dtype=np.uint64)
        targets = (steps + self.draws32(len(steps)) % (np.uint64(n) - steps)).tolist()  # the swaps, drawn at once
        for i, j in enumerate(targets):  # made in order: each depends on the ones before
            order[i], order[j] = order[j], order[i]
        return np.array(order, dtype=np.int64)


def _box_muller_16(u: np.ndarray, dtype: np.dtype, mean: float, std: float) -> np.ndarray:
    """Torch's ``normal_fill_16`` on each block of 16 uniforms, in ``dtype``'s arithmetic."""
    blocks = u.reshape(-1, 2, 8)
    radius = np.sqrt(dtype.type(-2) * np.log(dtype.type(1) - blocks[:, 0]))
    theta = dtype.type(2.0 * math.pi) * blocks[:, 1]
    out = np.empty_like(blocks)
    out[:, 0] = radius * np.cos(theta) * dtype.type(std) + dtype.type(mean)
    out[:, 1] = radius * np.sin(theta) * dtype.type(std) + dtype.type(mean)
    return out.reshape(-1)


DEFAULT = TorchGenerator()
"""The default generator (what ``torch.manual_seed`` seeds and draws without ``generator=`` use)."""

_ACTIVE: list[TorchGenerator] = [DEFAULT]  # the stream draws without ``generator=`` take (see seeded)


def stream_of(generator: Any = None) -> TorchGenerator:
    """The torch stream to draw from: the given ``torch.Generator``'s, or the active one (the default,
    unless inside :class:`seeded`)."""
    if generator is None:
        return _ACTIVE[-1]
    if isinstance(generator, TorchGenerator):
        return generator
    stream = getattr(generator, "stream", None)
    if stream is None:
        raise TypeError(f"generator must be a ligero.Generator, got {type(generator).__name__}")
    return stream


class seeded:  # noqa: N801  (used as a function: ``with seeded(seed): ...``)
    """A block whose draws without ``generator=`` come from a fresh stream seeded with ``seed``
    (ligero's ``seed=`` on modules: the module and its children drawn in torch's order, from that
    seed instead of the default generator); ``seed=None`` changes nothing."""

    __slots__ = ("seed",)

    def __init__(self, seed: int | None) -> None:
        self.seed = seed

    def __enter__(self) -> None:
        if self.seed is not None:
            _ACTIVE.append(TorchGenerator(self.seed))

    def __exit__(self, *exc: Any) -> None:
        if self.seed is not None:
            _ACTIVE.pop()
