"""RNNCell, LSTMCell, GRUCell, as ``torch.nn``: one time step, PyTorch's weight names
(``weight_ih`` (gates·H, I), ``weight_hh``, ``bias_ih``, ``bias_hh``), gate order and
``U(±1/√H)`` initialisation; the step itself is the matching layer's (:mod:`ligero.nn.rnn`)."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ligero import ops
from ligero.nn import init
from ligero.nn.linear import _float_dtype
from ligero.nn.module import Module
from ligero.nn.parameter import Parameter
from ligero.nn.rnn import _GATES, GRU, LSTM, RNNBase
from ligero.tensor import Tensor, as_tensor
from ligero.torch_generator import seeded


class RNNCellBase(Module):
    """The parameters of one recurrent step; ``forward(input, hx=None)`` with input (N, I) or (I,)."""

    mode = "RNN_TANH"
    _step = RNNBase._cell

    def __init__(self, input_size: int, hidden_size: int, bias: bool = True, device: Any = None,
                 dtype: Any = None, *, seed: int | None = None) -> None:
        super().__init__()
        self.input_size, self.hidden_size, self.bias = input_size, hidden_size, bias
        gates, dtype = _GATES[self.mode] * hidden_size, _float_dtype(dtype)
        self.weight_ih = Parameter(np.empty((gates, input_size), dtype))
        self.weight_hh = Parameter(np.empty((gates, hidden_size), dtype))
        for name in ("bias_ih", "bias_hh"):
            self.register_parameter(name, Parameter(np.empty(gates, dtype)) if bias else None)
        with seeded(seed):
            self.reset_parameters()

    def reset_parameters(self, generator: Any = None) -> None:
        """Every weight and bias ``U(±1/√hidden_size)``, as PyTorch's."""
        bound = 1.0 / math.sqrt(self.hidden_size) if self.hidden_size > 0 else 0
        for p in self.parameters():
            init.uniform_(p, -bound, bound, generator=generator)

    def _state(self, x: Tensor, hx: Any) -> Any:
        zeros = Tensor(np.zeros((x.shape[0], self.hidden_size), x.array.dtype), dtype=x.array.dtype)
        return zeros if hx is None else as_tensor(hx)

    def _batched(self, input: Any, hx: Any) -> tuple[Tensor, Any, bool]:  # noqa: A002
        x = as_tensor(input)
        if x.ndim not in (1, 2):
            raise ValueError(f"{type(self).__name__}: Expected input to be 1D or 2D, got {x.ndim}D instead")
        if x.ndim == 2:
            return x, hx, False
        if hx is not None:
            hx = tuple(ops.unsqueeze(as_tensor(h), 0) for h in hx) if isinstance(hx, tuple) \
                else ops.unsqueeze(as_tensor(hx), 0)
        return ops.unsqueeze(x, 0), hx, True

    def forward(self, input: Any, hx: Any = None) -> Any:  # noqa: A002 - PyTorch's name
        x, hx, single = self._batched(input, hx)
        state = self._state(x, hx[0] if isinstance(hx, tuple) else hx)
        if isinstance(hx, tuple) or self.mode == "LSTM":
            state = (state, self._state(x, None if hx is None else hx[1]))
        out = self._step(x, state, (self.weight_ih, self.weight_hh, self.bias_ih, self.bias_hh))
        if single:
            return tuple(ops.squeeze(o, 0) for o in out) if isinstance(out, tuple) else ops.squeeze(out, 0)
        return out

    def extra_repr(self) -> str:
        s = f"{self.input_size}, {self.hidden_size}"
        if not self.bias:
            s += ", bias=False"
        if self.mode == "RNN_RELU":
            s += ", nonlinearity=relu"
        return s


class RNNCell(RNNCellBase):
    """``h' = tanh(W_ih x + b_ih + W_hh h + b_hh)`` (``nonlinearity='relu'``: relu)."""

    def __init__(self, input_size: int, hidden_size: int, bias: bool = True, nonlinearity: str = "tanh",
                 device: Any = None, dtype: Any = None, *, seed: int | None = None) -> None:
        if nonlinearity not in ("tanh", "relu"):
            raise ValueError(f"Unknown nonlinearity: {nonlinearity}")
        self.mode = "RNN_TANH" if nonlinearity == "tanh" else "RNN_RELU"
        super().__init__(input_size, hidden_size, bias, device, dtype, seed=seed)
        self.nonlinearity = nonlinearity


class LSTMCell(RNNCellBase):
    """One LSTM step: ``(h', c')`` from ``input`` and ``(h, c)`` (zeros when not given)."""

    mode = "LSTM"
    _step = LSTM._cell


class GRUCell(RNNCellBase):
    """One GRU step: ``h'`` from ``input`` and ``h`` (zeros when not given)."""

    mode = "GRU"
    _step = GRU._cell
