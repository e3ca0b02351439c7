"""Activation modules, as ``torch.nn``: each calls its function of :mod:`ligero.nn.functional`."""

from __future__ import annotations

from typing import Any

import numpy as np

from ligero.nn import functional as F
from ligero.nn.linear import _float_dtype
from ligero.nn.module import Module
from ligero.nn.parameter import Parameter
from ligero.tensor import Tensor


def _simple(name: str, fn: Any, doc: str) -> type:
    """A parameterless activation module whose forward is ``fn(input)``."""

    def forward(self: Module, input: Any) -> Tensor:  # noqa: A002 - PyTorch's name
        return fn(input)

    def init(self: Module, inplace: bool = False) -> None:
        Module.__init__(self)
        self.inplace = inplace

    def extra_repr(self: Module) -> str:
        return "inplace=True" if self.inplace else ""

    return type(name, (Module,), {"__init__": init, "forward": forward, "extra_repr": extra_repr, "__doc__": doc,
                                  "__module__": __name__})


ReLU = _simple("ReLU", F.relu, "``max(x, 0)``.")
ReLU6 = _simple("ReLU6", F.relu6, "``min(max(x, 0), 6)``.")
SELU = _simple("SELU", F.selu, "``scale·(x if x > 0 else α(eˣ - 1))``.")
SiLU = _simple("SiLU", F.silu, "``x·σ(x)``.")
Mish = _simple("Mish", F.mish, "``x·tanh(softplus(x))``.")
Tanh = _simple("Tanh", F.tanh, "``tanh x``.")
Sigmoid = _simple("Sigmoid", F.sigmoid, "``1/(1 + e⁻ˣ)``.")
Softsign = _simple("Softsign", F.softsign, "``x/(1 + |x|)``.")
Hardsigmoid = _simple("Hardsigmoid", F.hardsigmoid, "``clip(x/6 + 1/2, 0, 1)``.")
Hardswish = _simple("Hardswish", F.hardswish, "``x·clip(x + 3, 0, 6)/6``.")
LogSigmoid = _simple("LogSigmoid", F.logsigmoid, "``log σ(x)``.")


class LeakyReLU(Module):
    """``x`` where x > 0, else ``negative_slope·x``."""

    def __init__(self, negative_slope: float = 0.01, inplace: bool = False) -> None:
        super().__init__()
        self.negative_slope, self.inplace = negative_slope, inplace

    def forward(self, input: Any) -> Tensor:  # noqa: A002
        return F.leaky_relu(input, self.negative_slope)

    def extra_repr(self) -> str:
        return f"negative_slope={self.negative_slope}" + (", inplace=True" if self.inplace else "")


class ELU(Module):
    """``x`` where x > 0, else ``α(eˣ - 1)``."""

    def __init__(self, alpha: float = 1.0, inplace: bool = False) -> None:
        super().__init__()
        self.alpha, self.inplace = alpha, inplace

    def forward(self, input: Any) -> Tensor:  # noqa: A002
        return F.elu(input, self.alpha)

    def extra_repr(self) -> str:
        return f"alpha={self.alpha}" + (", inplace=True" if self.inplace else "")


class GELU(Module):
    """``x·Φ(x)`` (``approximate='none'``) or its tanh approximation (``'tanh'``)."""

    def __init__(self, approximate: str = "none") -> None:
        super().__init__()
        self.approximate = approximate

    def forward(self, input: Any) -> Tensor:  # noqa: A002
        return F.gelu(input, self.approximate)

    def extra_repr(self) -> str:
        return f"approximate={self.approximate!r}"


class Softplus(Module):
    """``(1/β)·log(1 + e^(βx))``, linear above ``threshold``."""

    def __init__(self, beta: float = 1.0, threshold: float = 20.0) -> None:
        super().__init__()
        self.beta, self.threshold = beta, threshold

    def forward(self, input: Any) -> Tensor:  # noqa: A002
        return F.softplus(input, self.beta, self.threshold)

    def extra_repr(self) -> str:
        return f"beta={float(self.beta)}, threshold={float(self.threshold)}"


class Hardtanh(Module):
    """``clip(x, min_val, max_val)``."""

    def __init__(self, min_val: float = -1.0, max_val: float = 1.0, inplace: bool = False) -> None:
        super().__init__()
        self.min_val, self.max_val, self.inplace = min_val, max_val, inplace

    def forward(self, input: Any) -> Tensor:  # noqa: A002
        return F.hardtanh(input, self.min_val, self.max_val)

    def extra_repr(self) -> str:
        flag = ", inplace=True" if self.inplace else ""
        return f"min_val={float(self.min_val)}, max_val={float(self.max_val)}{flag}"


class Threshold(Module):
    """``x`` where ``x > threshold``, else ``value``."""

    def __init__(self, threshold: float, value: float, inplace: bool = False) -> None:
        super().__init__()
        self.threshold, self.value, self.inplace = threshold, value, inplace

    def forward(self, input: Any) -> Tensor:  # noqa: A002
        return F.threshold(input, self.threshold, self.value)

    def extra_repr(self) -> str:
        return f"threshold={self.threshold}, value={self.value}" + (", inplace=True" if self.inplace else "")


class PReLU(Module):
    """``x`` where x > 0, else ``a·x`` with a learnt ``a`` (one, or one per channel), starting at ``init``."""

    def __init__(self, num_parameters: int = 1, init: float = 0.25, device: Any = None, dtype: Any = None) -> None:
        super().__init__()
        self.num_parameters = num_parameters
        self.weight = Parameter(np.full(num_parameters, init, dtype=_float_dtype(dtype)))

    def forward(self, input: Any) -> Tensor:  # noqa: A002
        return F.prelu(input, self.weight)

    def extra_repr(self) -> str:
        return f"num_parameters={self.num_parameters}"


class _DimModule(Module):
    _fn: Any = None

    def __init__(self, dim: int | None = None) -> None:
        super().__init__()
        self.dim = dim

    def forward(self, input: Any) -> Tensor:  # noqa: A002
        return type(self)._fn(input, self.dim, _stacklevel=5)

    def extra_repr(self) -> str:
        return f"dim={self.dim}"


class Softmax(_DimModule):
    """``e^x / Σ e^x`` along ``dim``."""

    _fn = staticmethod(F.softmax)


class LogSoftmax(_DimModule):
    """``x - log Σ e^x`` along ``dim``."""

    _fn = staticmethod(F.log_softmax)
