"""``nn.init``: fill a tensor in place with initial values, as ``torch.nn.init``.

Every function writes into ``tensor`` (a Parameter or any Tensor), records no
graph, and returns ``tensor``. The random ones draw torch's values from torch's
stream (:mod:`ligero.torch_generator`): the default one (``torch.manual_seed``)
unless ``generator`` is given (a ``ligero.Generator``; a ``numpy.random.Generator``
is also taken, ligero's addition, and draws NumPy's values). Fans, as PyTorch's,
read a weight as (out, in, *kernel): ``fan_in = in·k``, ``fan_out = out·k``.
"""

from __future__ import annotations

import math
import warnings
from typing import Any

import numpy as np

from ligero.tensor import Tensor, settle_lazy_gradients
from ligero.torch_generator import stream_of

__all__ = [
    "calculate_gain", "constant_", "dirac_", "eye_", "kaiming_normal_", "kaiming_uniform_", "normal_", "ones_",
    "orthogonal_", "trunc_normal_", "uniform_", "xavier_normal_", "xavier_uniform_", "zeros_",
]


def _uniform(tensor: Tensor, a: float, b: float, generator: Any) -> np.ndarray:
    """``U(a, b)`` values of the tensor's shape: torch's, or a NumPy generator's."""
    if isinstance(generator, np.random.Generator):
        return generator.uniform(a, b, tensor.shape)
    return stream_of(generator).uniform(tensor.shape, _floating(tensor), float(a), float(b))


def _normal(tensor: Tensor, mean: float, std: float, generator: Any, shape: Any = None) -> np.ndarray:
    """``N(mean, std²)`` values of ``shape`` (the tensor's): torch's, or a NumPy generator's."""
    shape = tensor.shape if shape is None else shape
    if isinstance(generator, np.random.Generator):
        return generator.normal(mean, std, shape)
    return stream_of(generator).normal(shape, _floating(tensor), float(mean), float(std))


def _floating(tensor: Tensor) -> np.dtype:
    dtype = tensor.array.dtype
    return dtype if dtype.kind == "f" else np.dtype(np.float32)


def _fill(tensor: Tensor, values: Any) -> Tensor:
    settle_lazy_gradients((tensor.array,))
    tensor.array[...] = values
    return tensor


def calculate_gain(nonlinearity: str, param: float | None = None) -> float:
    """The recommended gain: 1 (linear, conv, sigmoid), 5/3 (tanh), √2 (relu),
    √(2/(1+slope²)) (leaky_relu, slope ``param`` or 0.01), 3/4 (selu)."""
    linear_like = ["linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d",
                   "conv_transpose3d", "sigmoid"]
    if nonlinearity in linear_like:
        return 1.0
    if nonlinearity == "tanh":
        return 5.0 / 3
    if nonlinearity == "relu":
        return math.sqrt(2.0)
    if nonlinearity == "leaky_relu":
        if param is None:
            slope = 0.01
        elif not isinstance(param, bool) and isinstance(param, (int, float)):
            slope = param
        else:
            raise ValueError(f"negative_slope {param} not a valid number")
        return math.sqrt(2.0 / (1 + slope**2))
    if nonlinearity == "selu":
        return 3.0 / 4
    raise ValueError(f"Unsupported nonlinearity {nonlinearity}")


def _calculate_fan_in_and_fan_out(tensor: Tensor) -> tuple[int, int]:
    if tensor.ndim < 2:
        raise ValueError("Fan in and fan out can not be computed for tensor with fewer than 2 dimensions")
    receptive = int(np.prod(tensor.shape[2:])) if tensor.ndim > 2 else 1
    return tensor.shape[1] * receptive, tensor.shape[0] * receptive


def _fan(tensor: Tensor, mode: str) -> int:
    if mode not in ("fan_in", "fan_out"):
        raise ValueError(f"Mode {mode} not supported, please use one of fan_in, fan_out")
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    return fan_in if mode == "fan_in" else fan_out


def uniform_(tensor: Tensor, a: float = 0.0, b: float = 1.0, generator: Any = None) -> Tensor:
    """Values from ``U(a, b)``."""
    return _fill(tensor, _uniform(tensor, a, b, generator))


def normal_(tensor: Tensor, mean: float = 0.0, std: float = 1.0, generator: Any = None) -> Tensor:
    """Values from ``N(mean, std²)``."""
    return _fill(tensor, _normal(tensor, mean, std, generator))


def trunc_normal_(tensor: Tensor, mean: float = 0.0, std: float = 1.0, a: float = -2.0, b: float = 2.0,
                  generator: Any = None) -> Tensor:
    """``N(mean, std²)`` truncated to ``[a, b]``, by torch's rejection sampling: where the interval holds
    more than 30 % of the mass, normal draws with those outside redrawn; else uniform candidates on
    ``[a, b]`` kept with probability ``exp(-½((x - mean)/std)² - log_peak)`` (``log_peak`` at the mode)."""
    def cdf(z: float) -> float:
        return (1.0 + math.erf(z / math.sqrt(2.0))) / 2.0

    if mean < a - 2 * std or mean > b + 2 * std:
        warnings.warn("mean is more than 2 std from [a, b] in nn.init.trunc_normal_. The distribution of values "
                      "may be incorrect.", stacklevel=2)
    if cdf((b - mean) / std) - cdf((a - mean) / std) > 0.3:
        dtype = _floating(tensor)
        low, high = dtype.type(a), dtype.type(b)
        result = _normal(tensor, mean, std, generator)
        while (outside := (result < low) | (result > high)).any():
            result = np.where(outside, _normal(tensor, mean, std, generator), result)
        return _fill(tensor, result)
    log_peak = -0.5 * ((max(a, min(mean, b)) - mean) / std) ** 2

    def rejected(x: np.ndarray) -> np.ndarray:  # log u > log pdf(x), in the tensor's arithmetic as torch
        log_pdf = ((x - x.dtype.type(mean)) / x.dtype.type(std)) ** 2 * x.dtype.type(-0.5) - x.dtype.type(log_peak)
        return np.log(_uniform(tensor, 0.0, 1.0, generator)) > log_pdf

    result = _uniform(tensor, a, b, generator)
    pending = rejected(result)
    while pending.any():
        candidates = _uniform(tensor, a, b, generator)
        result = np.where(pending, candidates, result)
        pending = np.where(pending, rejected(candidates), pending)
    return _fill(tensor, result)


def constant_(tensor: Tensor, val: float) -> Tensor:
    return _fill(tensor, val)


def ones_(tensor: Tensor) -> Tensor:
    return _fill(tensor, 1)


def zeros_(tensor: Tensor) -> Tensor:
    return _fill(tensor, 0)


def eye_(tensor: Tensor) -> Tensor:
    """The identity matrix (a 2-D tensor only)."""
    if tensor.ndim != 2:
        raise ValueError("Only tensors with 2 dimensions are supported")
    return _fill(tensor, np.eye(*tensor.shape))


def dirac_(tensor: Tensor, groups: int = 1) -> Tensor:
    """The identity of a convolution (3-, 4- or 5-D weight): in each of the ``groups``, output channel ``d``
    gets a 1 at input channel ``d`` in the kernel's centre, zeros elsewhere."""
    if tensor.ndim not in (3, 4, 5):
        raise ValueError("Only tensors with 3, 4, or 5 dimensions are supported")
    out_per_group = tensor.shape[0] // groups
    if tensor.shape[0] % groups != 0:
        raise ValueError("dim 0 must be divisible by groups")
    values = np.zeros(tensor.shape, dtype=tensor.array.dtype)
    centre = tuple(k // 2 for k in tensor.shape[2:])
    for g in range(groups):
        for d in range(min(out_per_group, tensor.shape[1])):
            values[(g * out_per_group + d, d, *centre)] = 1
    return _fill(tensor, values)


def xavier_uniform_(tensor: Tensor, gain: float = 1.0, generator: Any = None) -> Tensor:
    """``U(-a, a)`` with ``a = gain·√(6 / (fan_in + fan_out))`` (Glorot)."""
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    bound = math.sqrt(3.0) * gain * math.sqrt(2.0 / float(fan_in + fan_out))
    return uniform_(tensor, -bound, bound, generator)


def xavier_normal_(tensor: Tensor, gain: float = 1.0, generator: Any = None) -> Tensor:
    """``N(0, σ²)`` with ``σ = gain·√(2 / (fan_in + fan_out))`` (Glorot)."""
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    return normal_(tensor, 0.0, gain * math.sqrt(2.0 / float(fan_in + fan_out)), generator)


def kaiming_uniform_(tensor: Tensor, a: float = 0, mode: str = "fan_in", nonlinearity: str = "leaky_relu",
                     generator: Any = None) -> Tensor:
    """``U(-bound, bound)`` with ``bound = gain·√(3 / fan)``, ``gain = calculate_gain(nonlinearity, a)`` (He)."""
    std = calculate_gain(nonlinearity, a) / math.sqrt(_fan(tensor, mode))
    bound = math.sqrt(3.0) * std
    return uniform_(tensor, -bound, bound, generator)


def kaiming_normal_(tensor: Tensor, a: float = 0, mode: str = "fan_in", nonlinearity: str = "leaky_relu",
                    generator: Any = None) -> Tensor:
    """``N(0, σ²)`` with ``σ = gain / √fan`` (He)."""
    std = calculate_gain(nonlinearity, a) / math.sqrt(_fan(tensor, mode))
    return normal_(tensor, 0.0, std, generator)


def orthogonal_(tensor: Tensor, gain: float = 1.0, generator: Any = None) -> Tensor:
    """A (semi-)orthogonal matrix (trailing dimensions flattened), scaled by ``gain``: the Q of a
    normal matrix's QR decomposition, with signs fixed by R's diagonal (as PyTorch)."""
    if tensor.ndim < 2:
        raise ValueError("Only tensors with 2 or more dimensions are supported")
    rows = tensor.shape[0]
    cols = tensor.array.size // rows
    flat = _normal(tensor, 0.0, 1.0, generator, (rows, cols))
    if rows < cols:
        flat = flat.T
    q, r = np.linalg.qr(flat)
    q *= np.sign(np.diag(r))
    if rows < cols:
        q = q.T
    return _fill(tensor, (gain * q).reshape(tensor.shape))

