"""RNN, LSTM, GRU, as ``torch.nn``: PyTorch's gate order, weight names and (output, h_n) results.

A mode with a whole-sequence op (LSTM: :func:`ligero.ops.recurrent_sequence.lstm_sequence`)
runs each layer and direction as one node, whose rule does backpropagation through time.
The others (and any with ``fused = False``) compose each step of differentiable ops (two
``x @ Wᵀ + b`` products, the gate nonlinearities); their outputs are kept as one tensor
per step and fed to the next layer as such, so no step slices a whole-sequence tensor
(whose gradient would be a sequence-sized array per step).

Gates: LSTM ``i, f, g, o`` (``c' = f⊙c + i⊙g``, ``h' = o⊙tanh c'``); GRU ``r, z, n``
(``n = tanh(W_in x + b_in + r⊙(W_hn h + b_hn))``, ``h' = (1 - z)⊙n + z⊙h``);
RNN ``h' = tanh(W_ih x + b_ih + W_hh h + b_hh)`` (or relu).
"""

from __future__ import annotations

import functools
import math
from typing import Any

import numpy as np

from ligero import ops
from ligero.nn import functional as F
from ligero.nn import init
from ligero.nn.linear import _float_dtype
from ligero.nn.module import Module
from ligero.nn.parameter import Parameter
from ligero.nn.utils.rnn import PackedSequence, pad_packed_sequence
from ligero.ops.dense import linear_out_in
from ligero.ops.recurrent import lstm_pointwise
from ligero.ops.recurrent_sequence import lstm_sequence
from ligero.tensor import Tensor, as_tensor
from ligero.torch_generator import seeded

_GATES = {"RNN_TANH": 1, "RNN_RELU": 1, "LSTM": 4, "GRU": 3}


class RNNBase(Module):
    """The parameters of a (multi-layer, optionally bidirectional) recurrent network, named as PyTorch's."""

    mode = "RNN_TANH"
    fused = True  # run each layer and direction as one whole-sequence node where the mode has one

    def __init__(self, input_size: int, hidden_size: int, num_layers: int = 1, bias: bool = True,
                 batch_first: bool = False, dropout: float = 0.0, bidirectional: bool = False,
                 device: Any = None, dtype: Any = None, *, seed: int | None = None) -> None:
        super().__init__()
        self.input_size, self.hidden_size, self.num_layers = input_size, hidden_size, num_layers
        self.bias, self.batch_first, self.dropout = bias, batch_first, float(dropout)
        self.bidirectional = bidirectional
        gates = _GATES[self.mode] * hidden_size
        dtype = _float_dtype(dtype)
        directions = 2 if bidirectional else 1
        for layer in range(num_layers):
            width = input_size if layer == 0 else hidden_size * directions
            for suffix in ("", "_reverse")[:directions]:
                self.register_parameter(f"weight_ih_l{layer}{suffix}", Parameter(np.empty((gates, width), dtype)))
                self.register_parameter(f"weight_hh_l{layer}{suffix}", Parameter(np.empty((gates, hidden_size), dtype)))
                if bias:
                    self.register_parameter(f"bias_ih_l{layer}{suffix}", Parameter(np.empty(gates, dtype)))
                    self.register_parameter(f"bias_hh_l{layer}{suffix}", Parameter(np.empty(gates, dtype)))
        with seeded(seed):
            self.reset_parameters()

    def reset_parameters(self, generator: Any = None) -> None:
        """Every weight and bias ``U(±1/√hidden_size)``, as PyTorch's."""
        bound = 1.0 / math.sqrt(self.hidden_size) if self.hidden_size > 0 else 0
        for p in self.parameters():
            init.uniform_(p, -bound, bound, generator=generator)

    def _weights(self, layer: int, suffix: str) -> tuple[Any, Any, Any, Any]:
        get = self._parameters.get
        return (get(f"weight_ih_l{layer}{suffix}"), get(f"weight_hh_l{layer}{suffix}"),
                get(f"bias_ih_l{layer}{suffix}"), get(f"bias_hh_l{layer}{suffix}"))

    def _cell(self, x: Tensor, state: Any, weights: tuple) -> Any:
        w_ih, w_hh, b_ih, b_hh = weights
        pre = ops.add(linear_out_in(x, w_ih, b_ih), linear_out_in(state, w_hh, b_hh))
        return ops.relu(pre) if self.mode == "RNN_RELU" else ops.tanh(pre)

    def forward(self, input: Any, hx: Any = None) -> tuple[Any, Any]:  # noqa: A002 - PyTorch's name
        if isinstance(input, PackedSequence):
            return self._forward_packed(input, hx)
        x = as_tensor(input)
        batched = x.ndim == 3
        if x.ndim not in (2, 3):
            raise ValueError(f"{type(self).__name__}: Expected input to be 2D or 3D, got {x.ndim}D instead")
        if not batched:
            x = ops.reshape(x, (x.shape[0], 1, x.shape[1]))
        if x.shape[2] != self.input_size:
            raise RuntimeError(f"input.size(-1) must be equal to input_size. Expected {self.input_size}, "
                               f"got {x.shape[2]}")
        batch_first = self.batch_first and batched
        states = self._initial_states(hx, x.shape[0 if batch_first else 1], x.array.dtype, batched)
        fused = self.fused and type(self)._sequence is not RNNBase._sequence
        out, finals = self._run_layers(x, states, batch_first, self._sequence if fused else self._step_sequence)
        if not batched:
            out = ops.reshape(out, (out.shape[0], out.shape[2]))
        return out, self._final(finals, batched)

    def _forward_packed(self, packed: PackedSequence, hx: Any) -> tuple[PackedSequence, Any]:
        """A packed batch: each sequence runs over its own length (its state held after its end, so the
        final state is the one at its last step; the reverse direction starts at that step), on the
        per-step path. The output is packed as the input; h_n in the caller's batch order."""
        padded, _ = pad_packed_sequence(packed._replace(unsorted_indices=None))  # (T, B, F), sorted order
        if padded.shape[2] != self.input_size:
            raise RuntimeError(f"input.size(-1) must be equal to input_size. Expected {self.input_size}, "
                               f"got {padded.shape[2]}")
        running = np.arange(padded.shape[0])[:, None] < packed.lengths()[None, :]  # (T, B)
        sort, unsort = (None, None) if packed.sorted_indices is None else (
            packed.sorted_indices.array, packed.unsorted_indices.array)
        if hx is not None and sort is not None:  # the caller's order -> the packed (sorted) order
            hx = tuple(ops.getitem(as_tensor(h), (slice(None), sort)) for h in hx) if isinstance(hx, (tuple, list)) \
                else ops.getitem(as_tensor(hx), (slice(None), sort))
        states = self._initial_states(hx, padded.shape[1], padded.array.dtype, True)
        out, finals = self._run_layers(padded, states, False, functools.partial(self._step_sequence, running=running))
        steps, slots = packed.positions()
        output = packed._replace(data=ops.getitem(out, (steps, slots)))
        final = self._final(finals, True)
        if unsort is not None:
            final = tuple(ops.getitem(f, (slice(None), unsort)) for f in final) if isinstance(final, tuple) \
                else ops.getitem(final, (slice(None), unsort))
        return output, final

    def _run_layers(self, x: Tensor, states: list, batch_first: bool, run_direction: Any) -> tuple[Tensor, list]:
        """Every layer and direction in turn: ``run_direction(x, state, weights, batch_first, reverse)`` gives
        one direction's ``(outputs, final state)``; the directions are concatenated on the feature axis and,
        in training, dropped out between layers (``dropout``)."""
        finals = []
        directions = 2 if self.bidirectional else 1
        for layer in range(self.num_layers):
            outs = []
            for d, suffix in enumerate(("", "_reverse")[:directions]):
                seq, final = run_direction(x, states[layer * directions + d], self._weights(layer, suffix),
                                           batch_first, reverse=d == 1)
                outs.append(seq)
                finals.append(final)
            x = outs[0] if directions == 1 else ops.concatenate(outs, 2)
            if self.dropout and self.training and layer < self.num_layers - 1:
                x = F.dropout(x, self.dropout, True)
        return x, finals

    def _sequence(self, x: Tensor, state: Any, weights: tuple, batch_first: bool, reverse: bool) -> tuple:
        """``(outputs, final state)`` of one layer and direction in one node (modes that have a fused op)."""
        raise NotImplementedError

    def _initial_states(self, hx: Any, n: int, dtype: Any, batched: bool) -> list:
        """One initial state per (layer, direction): h, or (h, c) for an LSTM."""
        count = self.num_layers * (2 if self.bidirectional else 1)
        shape = (count, n, self.hidden_size)
        parts = list(hx) if isinstance(hx, (tuple, list)) else [hx]
        if hx is None:
            parts = [Tensor(np.zeros(shape, dtype))] * (2 if self.mode == "LSTM" else 1)
        elif not batched:
            parts = [ops.reshape(as_tensor(p), (count, 1, self.hidden_size)) for p in parts]
        for p in parts:
            if tuple(as_tensor(p).shape) != shape:
                raise RuntimeError(f"Expected hidden size {shape}, got {tuple(as_tensor(p).shape)}")
        per = [[ops.getitem(as_tensor(p), k) for p in parts] for k in range(count)]
        return [tuple(s) if self.mode == "LSTM" else s[0] for s in per]

    def _step_sequence(self, x: Tensor, state: Any, weights: tuple, batch_first: bool, reverse: bool,
                       running: np.ndarray | None = None) -> tuple:
        """The per-step path of one layer and direction: one ``_cell`` call (several nodes) per time step.
        ``running`` (T, B): where False (after a sequence's end) the state is held and the output is 0."""
        time_axis = 1 if batch_first else 0
        index = (lambda t: (slice(None), t)) if batch_first else (lambda t: t)
        steps = [ops.getitem(x, index(t)) for t in range(x.shape[time_axis])]
        outputs, final = self._direction(steps, state, weights, reverse, running)
        return ops.stack(outputs, time_axis), final

    def _direction(self, steps: list, state: Any, weights: tuple, reverse: bool,
                   running: np.ndarray | None = None) -> tuple[list, Any]:
        order = range(len(steps) - 1, -1, -1) if reverse else range(len(steps))
        outputs: list = [None] * len(steps)
        for t in order:
            new = self._cell(steps[t], state, weights)
            if running is not None:
                keep = running[t][:, None]
                new = tuple(ops.where(keep, a, b) for a, b in zip(new, state)) if isinstance(new, tuple) \
                    else ops.where(keep, new, state)
            state = new
            h = state[0] if isinstance(state, tuple) else state
            outputs[t] = h if running is None else ops.where(running[t][:, None], h, 0.0)
        return outputs, state

    def _final(self, finals: list, batched: bool) -> Any:
        def stacked(parts: list) -> Tensor:
            s = ops.stack(parts, 0)
            return s if batched else ops.reshape(s, (s.shape[0], s.shape[2]))

        if self.mode == "LSTM":
            return stacked([h for h, _ in finals]), stacked([c for _, c in finals])
        return stacked(finals)

    def extra_repr(self) -> str:
        s = f"{self.input_size}, {self.hidden_size}"
        if self.num_layers != 1:
            s += f", num_layers={self.num_layers}"
        if self.mode == "RNN_RELU":
            s += ", nonlinearity='relu'"
        if not self.bias:
            s += ", bias=False"
        if self.batch_first:
            s += ", batch_first=True"
        if self.dropout:
            s += f", dropout={self.dropout}"
        if self.bidirectional:
            s += ", bidirectional=True"
        return s


class RNN(RNNBase):
    """Elman RNN: ``h' = tanh(W_ih x + b_ih + W_hh h + b_hh)`` (``nonlinearity='relu'``: relu)."""

    def __init__(self, *args: Any, nonlinearity: str = "tanh", **kwargs: Any) -> None:
        if nonlinearity not in ("tanh", "relu"):
            raise ValueError(f"Unknown nonlinearity '{nonlinearity}'. Select from 'tanh' or 'relu'.")
        self.mode = "RNN_TANH" if nonlinearity == "tanh" else "RNN_RELU"
        super().__init__(*args, **kwargs)
        self.nonlinearity = nonlinearity


class LSTM(RNNBase):
    """Long short-term memory; returns ``(output, (h_n, c_n))``."""

    mode = "LSTM"

    def _sequence(self, x: Tensor, state: Any, weights: tuple, batch_first: bool, reverse: bool) -> tuple:
        w_ih, w_hh, b_ih, b_hh = weights
        biases = () if b_ih is None else (b_ih, b_hh)
        seq, h, c = lstm_sequence(x, *state, w_ih, w_hh, biases, batch_first=batch_first, reverse=reverse)
        return seq, (h, c)

    def _cell(self, x: Tensor, state: Any, weights: tuple) -> Any:
        h, c = state
        w_ih, w_hh, b_ih, b_hh = weights
        gates = ops.add(linear_out_in(x, w_ih, b_ih), linear_out_in(h, w_hh, b_hh))
        hc = lstm_pointwise(gates, c)  # [h' c'] in one node (ligero.ops.recurrent)
        size = self.hidden_size
        return ops.getitem(hc, (slice(None), slice(0, size))), ops.getitem(hc, (slice(None), slice(size, None)))


class GRU(RNNBase):
    """Gated recurrent unit; returns ``(output, h_n)``."""

    mode = "GRU"

    def _cell(self, x: Tensor, state: Any, weights: tuple) -> Any:
        w_ih, w_hh, b_ih, b_hh = weights
        xr, xz, xn = _chunks(linear_out_in(x, w_ih, b_ih), 3, self.hidden_size)
        hr, hz, hn = _chunks(linear_out_in(state, w_hh, b_hh), 3, self.hidden_size)
        r = ops.sigmoid(ops.add(xr, hr))
        z = ops.sigmoid(ops.add(xz, hz))
        n = ops.tanh(ops.add(xn, ops.mul(r, hn)))
        return ops.add(ops.mul(ops.sub(1.0, z), n), ops.mul(z, state))


def _chunks(t: Tensor, k: int, size: int) -> list[Tensor]:
    return [ops.getitem(t, (slice(None), slice(j * size, (j + 1) * size))) for j in range(k)]
