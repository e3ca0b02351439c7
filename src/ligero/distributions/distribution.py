"""The base of ``torch.distributions``: shapes, sampling, argument checks.

A distribution has a ``batch_shape`` (independent, differently parametrised
copies) and an ``event_shape`` (the shape of one draw); ``sample(sample_shape)``
gives ``sample_shape + batch_shape + event_shape``. ``rsample`` draws by
reparametrisation (parameters + noise through ligero's ops, so gradients reach the
parameters); ``sample`` is ``rsample`` without the graph. Noise comes from ligero's
global generator (``ligero.manual_seed``): the same seed gives the same draws, not
torch's numbers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ligero import dtypes
from ligero.ops import shape as _shape
from ligero.tensor import Size, Tensor, no_grad
from ligero.torch_generator import stream_of


class Distribution:
    """A family of probability distributions with torch's interface."""

    has_rsample = False
    _validate_default = True

    def __init__(self, batch_shape: Any = (), event_shape: Any = (), validate_args: bool | None = None) -> None:
        self._batch_shape = Size(batch_shape)
        self._event_shape = Size(event_shape)
        if validate_args is not None:
            self._validate_args = validate_args

    @staticmethod
    def set_default_validate_args(value: bool) -> None:
        """Turn argument and sample checks on or off for distributions made from now on."""
        Distribution._validate_default = bool(value)

    @property
    def _validate_args(self) -> bool:
        return self.__dict__.get("_validate", Distribution._validate_default)

    @_validate_args.setter
    def _validate_args(self, value: bool) -> None:
        self.__dict__["_validate"] = bool(value)

    @property
    def batch_shape(self) -> Size:
        return self._batch_shape

    @property
    def event_shape(self) -> Size:
        return self._event_shape

    @property
    def mean(self) -> Tensor:
        raise NotImplementedError(f"{type(self).__name__} does not implement mean")

    @property
    def mode(self) -> Tensor:
        raise NotImplementedError(f"{type(self).__name__} does not implement mode")

    @property
    def variance(self) -> Tensor:
        raise NotImplementedError(f"{type(self).__name__} does not implement variance")

    @property
    def stddev(self) -> Tensor:
        """``√variance``."""
        return self.variance.sqrt()

    def _extended_shape(self, sample_shape: Any = ()) -> Size:
        """``sample_shape + batch_shape + event_shape``."""
        return Size(tuple(_as_shape(sample_shape)) + self._batch_shape + self._event_shape)

    def sample(self, sample_shape: Any = ()) -> Tensor:
        """A draw of shape ``sample_shape + batch_shape + event_shape``, without gradients."""
        with no_grad():
            return self.rsample(sample_shape).detach()

    def rsample(self, sample_shape: Any = ()) -> Tensor:
        raise NotImplementedError(f"{type(self).__name__} has no reparametrised sampling (rsample)")

    def sample_n(self, n: int) -> Tensor:
        return self.sample((n,))

    def log_prob(self, value: Any) -> Tensor:
        raise NotImplementedError(f"{type(self).__name__} does not implement log_prob")

    def entropy(self) -> Tensor:
        raise NotImplementedError(f"{type(self).__name__} does not implement entropy")

    def perplexity(self) -> Tensor:
        """``exp(entropy)``."""
        return self.entropy().exp()

    def cdf(self, value: Any) -> Tensor:
        raise NotImplementedError(f"{type(self).__name__} does not implement cdf")

    def __repr__(self) -> str:
        names = [n for n in getattr(self, "arg_constraints", {}) if n in self.__dict__]
        args = ", ".join(f"{n}: {_short(self.__dict__[n])}" for n in names)
        return f"{type(self).__name__}({args})"

    # -- checks ---------------------------------------------------------------

    def _check_param(self, name: str, value: Tensor, test: Callable[[np.ndarray], np.ndarray], what: str) -> None:
        """One clear ValueError when a parameter breaks its constraint (torch's check and wording)."""
        if self._validate_args and not np.all(test(value.array)):
            raise ValueError(
                f"Expected parameter {name} (Tensor of shape {tuple(value.shape)}) of distribution "
                f"{type(self).__name__} to satisfy the constraint {what}, but found invalid values:\n{value}")

    def _check_value(self, value: Tensor, test: Callable[[np.ndarray], np.ndarray], what: str) -> None:
        """Values outside the support (or of a shape that does not broadcast) raise, as torch's do."""
        if not self._validate_args:
            return
        expected = self._batch_shape + self._event_shape
        try:
            np.broadcast_shapes(value.shape, expected)
        except ValueError:
            raise ValueError(f"{type(self).__name__}.log_prob: the value's shape {tuple(value.shape)} does not "
                             f"broadcast with batch_shape + event_shape {tuple(expected)}") from None
        if not np.all(test(value.array)):
            raise ValueError(f"Expected value argument (Tensor of shape {tuple(value.shape)}) to be within the "
                             f"support ({what}) of the distribution {self!r}, but found invalid values:\n{value}")


def _short(t: Any) -> str:
    """torch's repr of a parameter: its value if it has one element, else its size."""
    if not isinstance(t, Tensor) or t.array.size != 1:
        return f"torch.Size({list(getattr(t, 'shape', ()))})"
    return str(t.array.item()) if t.ndim == 0 else str(t)


def _as_shape(sample_shape: Any) -> tuple[int, ...]:
    if isinstance(sample_shape, (int, np.integer)):
        return (int(sample_shape),)
    return tuple(int(n) for n in sample_shape)


def as_float(value: Any, like: Tensor | None = None) -> Tensor:
    """``value`` as a float Tensor (a number takes ``like``'s dtype, else float32)."""
    if isinstance(value, Tensor):
        return value if value.array.dtype.kind == "f" else value.float()
    dtype = like.array.dtype if like is not None else dtypes.DEFAULT_FLOAT.dtype
    arr = np.asarray(value)
    return Tensor(arr.astype(arr.dtype if isinstance(value, np.ndarray) and arr.dtype.kind == "f" else dtype))


def broadcast_all(*values: Any) -> tuple[Tensor, ...]:
    """The parameters as float Tensors of one broadcast shape (numbers take the tensors' dtype)."""
    like = next((v for v in values if isinstance(v, Tensor) and v.array.dtype.kind == "f"), None)
    tensors = [as_float(v, like) for v in values]
    try:
        shape = np.broadcast_shapes(*(t.shape for t in tensors))
    except ValueError:
        raise ValueError(f"the parameters' shapes {[tuple(t.shape) for t in tensors]} do not broadcast") from None
    return tuple(t if t.shape == shape else _shape.expand(t, shape) for t in tensors)



class LocationScale(Distribution):
    """What a ``(loc, scale)`` family shares (Normal, Laplace): the parameters broadcast together and
    checked (real ``loc``, positive ``scale``), ``mean`` and ``mode`` at ``loc``."""

    arg_constraints = {"loc": "Real()", "scale": "GreaterThan(lower_bound=0.0)"}
    has_rsample = True

    def __init__(self, loc: Any, scale: Any, validate_args: bool | None = None) -> None:
        self.loc, self.scale = broadcast_all(loc, scale)
        super().__init__(self.loc.shape, (), validate_args)
        self._check_param("loc", self.loc, lambda a: a == a, "Real()")
        self._check_param("scale", self.scale, lambda a: a > 0, "GreaterThan(lower_bound=0.0)")

    @property
    def mean(self) -> Tensor:
        return self.loc

    @property
    def mode(self) -> Tensor:
        return self.loc

def standard_normal(shape: tuple[int, ...], like: Tensor) -> Tensor:
    """N(0, 1) noise of ``shape`` in ``like``'s dtype: torch's ``empty(shape).normal_()``, its values."""
    return Tensor(stream_of().normal(tuple(shape), _noise_dtype(like)))


def standard_uniform(shape: tuple[int, ...], like: Tensor) -> Tensor:
    """U[0, 1) noise of ``shape`` in ``like``'s dtype: torch's ``rand(shape)``, its values."""
    return Tensor(stream_of().uniform(tuple(shape), _noise_dtype(like)))


def _noise_dtype(like: Tensor) -> np.dtype:
    dtype = like.array.dtype
    return dtype if dtype.kind == "f" else np.dtype(np.float32)


def sum_rightmost(value: Tensor, dims: int) -> Tensor:
    """``value`` summed over its last ``dims`` dimensions."""
    return value.sum(tuple(range(-dims, 0))) if dims > 0 else value
