"""Linear, Identity, Flatten, Unflatten: the PyTorch-style layers that only reshape or map affinely."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ligero import dtypes
from ligero.nn import init
from ligero.nn.module import Module
from ligero.nn.parameter import Parameter
from ligero.ops.dense import linear_out_in
from ligero.ops.shape import reshape
from ligero.ops.unfold import fold, unfold
from ligero.tensor import Tensor, as_tensor
from ligero.torch_generator import seeded


def _float_dtype(dtype: Any) -> np.dtype:
    """``dtype`` as a floating NumPy dtype; None gives torch's default dtype (``set_default_dtype``)."""
    from ligero.nn.module import _as_float_dtype

    return _as_float_dtype(dtype) if dtype is not None else dtypes.DEFAULT_FLOAT.dtype


class Linear(Module):
    """``y = x @ Wᵀ + b`` with ``weight`` of shape (out_features, in_features), as ``torch.nn.Linear``.

    Starts as PyTorch's, with its values: ``kaiming_uniform_(W, a=√5)``, that is ``U(±1/√in)``, and
    ``b ~ U(±1/√in)``, drawn from torch's stream (``torch.manual_seed``; ligero's ``seed`` draws
    them from a stream of their own).
    """

    def __init__(self, in_features: int, out_features: int, bias: bool = True, device: Any = None,
                 dtype: Any = None, *, seed: int | None = None) -> None:
        super().__init__()
        self.in_features, self.out_features = int(in_features), int(out_features)
        dtype = _float_dtype(dtype)
        self.weight = Parameter(np.empty((self.out_features, self.in_features), dtype=dtype))
        if bias:
            self.bias = Parameter(np.empty(self.out_features, dtype=dtype))
        else:
            self.register_parameter("bias", None)
        with seeded(seed):
            self.reset_parameters()

    def reset_parameters(self, generator: Any = None) -> None:
        """PyTorch's start: ``kaiming_uniform_(W, a=√5)`` and ``b ~ U(±1/√fan_in)``."""
        reset_affine(self.weight, self.bias, generator)

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002 - PyTorch's name
        return linear_out_in(input, self.weight, self.bias)

    def extra_repr(self) -> str:
        return f"in_features={self.in_features}, out_features={self.out_features}, bias={self.bias is not None}"


class LazyLinear(Linear):
    """torch's ``nn.LazyLinear(out_features)``: a Linear whose ``in_features`` is read from the first input.

    Until then ``weight`` (and ``bias``) are empty placeholders (torch's UninitializedParameter); the
    first call fills them in place (the same Parameter objects, so an optimizer made after one dummy
    forward, as torch asks, trains them) with Linear's start, and the module becomes a ``Linear``.
    """

    def __init__(self, out_features: int, bias: bool = True, device: Any = None, dtype: Any = None, *,
                 seed: int | None = None) -> None:
        Module.__init__(self)
        self.in_features, self.out_features, self._seed = 0, int(out_features), seed
        self._dtype = _float_dtype(dtype)
        self.weight = Parameter(np.empty((0,), dtype=self._dtype))
        if bias:
            self.bias = Parameter(np.empty((0,), dtype=self._dtype))
        else:
            self.register_parameter("bias", None)

    def has_uninitialized_params(self) -> bool:
        return self.weight.array.size == 0 and self.out_features > 0

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002 - PyTorch's name
        if self.has_uninitialized_params():
            self.in_features = int(as_tensor(input).shape[-1])
            self.weight.array = np.empty((self.out_features, self.in_features), dtype=self._dtype)
            if self.bias is not None:
                self.bias.array = np.empty(self.out_features, dtype=self._dtype)
            with seeded(self._seed):
                self.reset_parameters()
            self.__class__ = Linear  # torch's cls_to_become
        return linear_out_in(input, self.weight, self.bias)


def reset_affine(weight: Parameter, bias: Parameter | None, generator: Any = None) -> None:
    """The start of Linear and Conv in PyTorch: ``kaiming_uniform_(W, a=√5)``, ``b ~ U(±1/√fan_in)``."""
    init.kaiming_uniform_(weight, a=math.sqrt(5), generator=generator)
    if bias is not None:
        fan_in, _ = init._calculate_fan_in_and_fan_out(weight)
        bound = 1 / math.sqrt(fan_in) if fan_in > 0 else 0
        init.uniform_(bias, -bound, bound, generator=generator)


def bilinear(input1: Any, input2: Any, weight: Any, bias: Any = None) -> Tensor:
    """``y[..., k] = Σ_ij x1[..., i]·W[k, i, j]·x2[..., j] + b[k]``, with W of shape (out, in1, in2).

    Composed of ops: ``x1 @ W`` (W viewed as (in1, out·in2)) times ``x2`` summed over ``j``.
    """
    from ligero import ops

    x1, x2, w = as_tensor(input1), as_tensor(input2), as_tensor(weight)
    out, in1, in2 = w.shape
    if x1.shape[-1] != in1 or x2.shape[-1] != in2 or x1.shape[:-1] != x2.shape[:-1]:
        raise RuntimeError(f"bilinear: inputs of shapes {tuple(x1.shape)} and {tuple(x2.shape)} do not fit "
                           f"weight of shape {tuple(w.shape)} (out_features, in1_features, in2_features)")
    lead = tuple(x1.shape[:-1])
    mixed = ops.matmul(ops.reshape(x1, (-1, in1)), ops.reshape(ops.transpose(w, (1, 0, 2)), (in1, out * in2)))
    y = ops.sum(ops.mul(ops.reshape(mixed, (-1, out, in2)), ops.reshape(x2, (-1, 1, in2))), 2)
    y = ops.reshape(y, (*lead, out))
    return y if bias is None else ops.add(y, bias)


class Bilinear(Module):
    """``y = x1ᵀ W x2 + b`` per output, ``weight`` (out_features, in1_features, in2_features); starts
    ``U(±1/√in1_features)`` as PyTorch's."""

    def __init__(self, in1_features: int, in2_features: int, out_features: int, bias: bool = True,
                 device: Any = None, dtype: Any = None, *, seed: int | None = None) -> None:
        super().__init__()
        self.in1_features, self.in2_features, self.out_features = in1_features, in2_features, out_features
        dtype = _float_dtype(dtype)
        bound = 1 / math.sqrt(in1_features)
        self.weight = Parameter(np.empty((out_features, in1_features, in2_features), dtype=dtype))
        if bias:
            self.bias = Parameter(np.empty(out_features, dtype=dtype))
        else:
            self.register_parameter("bias", None)
        with seeded(seed):
            init.uniform_(self.weight, -bound, bound)
            if bias:
                init.uniform_(self.bias, -bound, bound)

    def forward(self, input1: Any, input2: Any) -> Tensor:
        return bilinear(input1, input2, self.weight, self.bias)

    def extra_repr(self) -> str:
        return (f"in1_features={self.in1_features}, in2_features={self.in2_features}, "
                f"out_features={self.out_features}, bias={self.bias is not None}")


class Identity(Module):
    """Returns its input unchanged (any constructor arguments are ignored, as PyTorch's)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__()

    def forward(self, input: Any) -> Any:  # noqa: A002
        return input


class Flatten(Module):
    """Flattens dimensions ``start_dim``..``end_dim`` into one (default: all but the batch)."""

    def __init__(self, start_dim: int = 1, end_dim: int = -1) -> None:
        super().__init__()
        self.start_dim, self.end_dim = start_dim, end_dim

    def forward(self, input: Any) -> Tensor:  # noqa: A002
        return flatten(input, self.start_dim, self.end_dim)

    def extra_repr(self) -> str:
        return f"start_dim={self.start_dim}, end_dim={self.end_dim}"


def flatten(input: Any, start_dim: int = 0, end_dim: int = -1) -> Tensor:  # noqa: A002
    """``input`` with dimensions ``start_dim``..``end_dim`` merged into one (``torch.flatten``)."""
    x = as_tensor(input)
    nd = max(x.ndim, 1)
    start, end = start_dim % nd, end_dim % nd
    if start > end:
        raise RuntimeError("flatten() has invalid args: start_dim cannot come after end_dim")
    shape = x.shape or (1,)
    return reshape(x, (*shape[:start], int(np.prod(shape[start:end + 1])), *shape[end + 1:]))


class Unflatten(Module):
    """Expands dimension ``dim`` into ``unflattened_size``."""

    def __init__(self, dim: int, unflattened_size: Any) -> None:
        super().__init__()
        self.dim, self.unflattened_size = dim, tuple(unflattened_size)

    def forward(self, input: Any) -> Tensor:  # noqa: A002
        x = as_tensor(input)
        d = self.dim % x.ndim
        return reshape(x, (*x.shape[:d], *self.unflattened_size, *x.shape[d + 1:]))

    def extra_repr(self) -> str:
        return f"dim={self.dim}, unflattened_size={self.unflattened_size}"


class Unfold(Module):
    """torch's ``nn.Unfold``: the sliding blocks of (N, C, H, W) images as columns (N, C·kh·kw, L)
    (:func:`ligero.ops.unfold.unfold`)."""

    def __init__(self, kernel_size: Any, dilation: Any = 1, padding: Any = 0, stride: Any = 1) -> None:
        super().__init__()
        self.kernel_size, self.dilation, self.padding, self.stride = kernel_size, dilation, padding, stride

    def forward(self, input: Any) -> Tensor:  # noqa: A002
        return unfold(input, self.kernel_size, self.dilation, self.padding, self.stride)

    def extra_repr(self) -> str:
        return (f"kernel_size={self.kernel_size}, dilation={self.dilation}, padding={self.padding}, "
                f"stride={self.stride}")


class Fold(Unfold):
    """torch's ``nn.Fold``: columns (N, C·kh·kw, L) summed back into (N, C, H, W) images of
    ``output_size`` (:func:`ligero.ops.unfold.fold`)."""

    def __init__(self, output_size: Any, kernel_size: Any, dilation: Any = 1, padding: Any = 0,
                 stride: Any = 1) -> None:
        super().__init__(kernel_size, dilation, padding, stride)
        self.output_size = output_size

    def forward(self, input: Any) -> Tensor:  # noqa: A002
        return fold(input, self.output_size, self.kernel_size, self.dilation, self.padding, self.stride)

    def extra_repr(self) -> str:
        return f"output_size={self.output_size}, " + super().extra_repr()
