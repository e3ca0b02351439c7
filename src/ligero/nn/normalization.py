"""BatchNorm1d/2d, LayerNorm, GroupNorm, as ``torch.nn`` (momentum 0.1, eps 1e-5, the unbiased running variance)."""

from __future__ import annotations

from typing import Any

import numpy as np

from ligero.nn import functional as F
from ligero.nn.linear import _float_dtype
from ligero.nn.module import Module
from ligero.nn.parameter import Parameter
from ligero.tensor import Tensor, as_tensor


def _affine_parameters(module: Module, shape: Any, affine: bool, bias: bool, dtype: Any) -> None:
    """``weight`` (ones) and ``bias`` (zeros) of ``shape``, or None placeholders, as PyTorch registers them."""
    if affine:
        module.weight = Parameter(np.ones(shape, dtype=dtype))
    else:
        module.register_parameter("weight", None)
    if affine and bias:
        module.bias = Parameter(np.zeros(shape, dtype=dtype))
    else:
        module.register_parameter("bias", None)


def _running_stats(module: Module, num_features: int, track: bool, dtype: Any) -> None:
    """``running_mean`` (zeros), ``running_var`` (ones) and ``num_batches_tracked`` buffers, or None
    placeholders when the statistics are not tracked, as PyTorch registers them."""
    if track:
        module.register_buffer("running_mean", Tensor(np.zeros(num_features, dtype=dtype)))
        module.register_buffer("running_var", Tensor(np.ones(num_features, dtype=dtype)))
        module.register_buffer("num_batches_tracked", Tensor(np.array(0, dtype=np.int64), dtype=np.int64))
    else:
        for name in ("running_mean", "running_var", "num_batches_tracked"):
            module.register_buffer(name, None)


class _BatchNorm(Module):
    _ndims: tuple[int, ...] = (2, 3, 4)

    def __init__(self, num_features: int, eps: float = 1e-5, momentum: float | None = 0.1, affine: bool = True,
                 track_running_stats: bool = True, device: Any = None, dtype: Any = None, bias: bool = True) -> None:
        super().__init__()
        self.num_features, self.eps, self.momentum = num_features, eps, momentum
        self.affine, self.track_running_stats = affine, track_running_stats
        dtype = _float_dtype(dtype)
        _affine_parameters(self, num_features, affine, bias, dtype)
        _running_stats(self, num_features, track_running_stats, dtype)

    def reset_running_stats(self) -> None:
        if self.track_running_stats:
            self.running_mean.array[...] = 0
            self.running_var.array[...] = 1
            self.num_batches_tracked.array[...] = 0

    def forward(self, input: Any) -> Tensor:  # noqa: A002 - PyTorch's name
        x = as_tensor(input)
        if x.ndim not in self._ndims:
            raise ValueError(f"expected {' or '.join(f'{d}D' for d in self._ndims)} input (got {x.ndim}D input)")
        if x.shape[1] != self.num_features:
            raise RuntimeError(f"running_mean should contain {x.shape[1]} elements not {self.num_features}: "
                               f"{type(self).__name__}({self.num_features}) got input of shape {list(x.shape)}")
        momentum = 0.0 if self.momentum is None else self.momentum
        if self.training and self.track_running_stats:
            self.num_batches_tracked.array[...] += 1
            if self.momentum is None:  # a cumulative moving average
                momentum = 1.0 / float(self.num_batches_tracked.array)
        batch_stats = self.training or not self.track_running_stats
        return F.batch_norm(x, self.running_mean if not batch_stats or self.training else None,
                            self.running_var if not batch_stats or self.training else None,
                            self.weight, self.bias, batch_stats, momentum, self.eps)

    def extra_repr(self) -> str:
        return (f"{self.num_features}, eps={self.eps}, momentum={self.momentum}, affine={self.affine}, "
                f"bias={self.bias is not None}, track_running_stats={self.track_running_stats}")


class BatchNorm1d(_BatchNorm):
    """Batch normalization of (N, C) or (N, C, L) inputs over axis 1."""

    _ndims = (2, 3)


class BatchNorm2d(_BatchNorm):
    """Batch normalization of (N, C, H, W) images per channel."""

    _ndims = (4,)


class LayerNorm(Module):
    """Normalizes each sample over its trailing ``normalized_shape``; ``y = x̂ ⊙ weight + bias``."""

    def __init__(self, normalized_shape: Any, eps: float = 1e-5, elementwise_affine: bool = True,
                 bias: bool = True, device: Any = None, dtype: Any = None) -> None:
        super().__init__()
        shape = (normalized_shape,) if isinstance(normalized_shape, int) else tuple(normalized_shape)
        self.normalized_shape, self.eps, self.elementwise_affine = shape, eps, elementwise_affine
        _affine_parameters(self, shape, elementwise_affine, bias, _float_dtype(dtype))

    def forward(self, input: Any) -> Tensor:  # noqa: A002
        return F.layer_norm(input, self.normalized_shape, self.weight, self.bias, self.eps)

    def extra_repr(self) -> str:
        return (f"{self.normalized_shape}, eps={self.eps}, elementwise_affine={self.elementwise_affine}, "
                f"bias={self.bias is not None}")


class GroupNorm(Module):
    """Normalizes groups of channels of (N, C, *) inputs; ``y = x̂ ⊙ weight + bias`` per channel."""

    def __init__(self, num_groups: int, num_channels: int, eps: float = 1e-5, affine: bool = True,
                 bias: bool = True, device: Any = None, dtype: Any = None) -> None:
        super().__init__()
        if num_channels % num_groups:
            raise ValueError("num_channels must be divisible by num_groups")
        self.num_groups, self.num_channels, self.eps, self.affine = num_groups, num_channels, eps, affine
        _affine_parameters(self, num_channels, affine, bias, _float_dtype(dtype))

    def forward(self, input: Any) -> Tensor:  # noqa: A002
        return F.group_norm(input, self.num_groups, self.weight, self.bias, self.eps)

    def extra_repr(self) -> str:
        return (f"{self.num_groups}, {self.num_channels}, eps={self.eps}, affine={self.affine}, "
                f"bias={self.bias is not None}")


class _InstanceNorm(Module):
    """Normalizes each channel of each sample over its positions: ``y = (x − μ_nc)/√(σ²_nc + eps)``,
    then ``⊙ weight + bias`` per channel with ``affine``. With ``track_running_stats`` the running
    mean and (unbiased) variance of the per-instance statistics are kept (momentum as torch) and used
    in eval mode."""

    spatial = 2

    def __init__(self, num_features: int, eps: float = 1e-5, momentum: float = 0.1, affine: bool = False,
                 track_running_stats: bool = False, device: Any = None, dtype: Any = None, bias: bool = True) -> None:
        super().__init__()
        self.num_features, self.eps, self.momentum = num_features, eps, momentum
        self.affine, self.track_running_stats = affine, track_running_stats
        dtype = _float_dtype(dtype)
        _affine_parameters(self, num_features, affine, bias, dtype)
        _running_stats(self, num_features, track_running_stats, dtype)

    def forward(self, input: Any) -> Tensor:  # noqa: A002
        x = as_tensor(input)
        batched = x.ndim == self.spatial + 2
        if x.ndim not in (self.spatial + 1, self.spatial + 2):
            raise ValueError(f"{type(self).__name__}: expected {self.spatial + 1}D or {self.spatial + 2}D input "
                             f"(got {x.ndim}D input)")
        if not batched:
            x = x.unsqueeze(0)
        if x.shape[1] != self.num_features and self.affine:
            raise ValueError(f"expected input's size at dim=1 to match num_features ({self.num_features}), but got: "
                             f"{x.shape[1]}.")
        if self.track_running_stats and not self.training:
            y = self._with_running_stats(x)
        else:
            if self.track_running_stats:
                self._update_running_stats(x.array)
            y = F.group_norm(x, x.shape[1], self.weight, self.bias, self.eps)
        return y if batched else y.squeeze(0)

    def _update_running_stats(self, x: np.ndarray) -> None:
        axes = tuple(range(2, x.ndim))
        count = int(np.prod(x.shape[2:]))
        mean = x.mean(axis=axes).mean(axis=0)
        var = (x.var(axis=axes) * (count / max(count - 1, 1))).mean(axis=0)
        m = self.momentum
        self.running_mean.array[...] = (1 - m) * self.running_mean.array + m * mean
        self.running_var.array[...] = (1 - m) * self.running_var.array + m * var  # num_batches_tracked stays 0

    def _with_running_stats(self, x: Tensor) -> Tensor:
        shape = (1, -1) + (1,) * self.spatial
        y = (x - self.running_mean.array.reshape(shape)) / np.sqrt(self.running_var.array.reshape(shape) + self.eps)
        if self.weight is not None:
            y = y * self.weight.reshape(shape)
        if self.bias is not None:
            y = y + self.bias.reshape(shape)
        return y

    def extra_repr(self) -> str:
        return (f"{self.num_features}, eps={self.eps}, momentum={self.momentum}, affine={self.affine}, "
                f"bias={self.bias is not None}, track_running_stats={self.track_running_stats}")


class InstanceNorm1d(_InstanceNorm):
    spatial = 1


class InstanceNorm2d(_InstanceNorm):
    pass


class InstanceNorm3d(_InstanceNorm):
    spatial = 3
