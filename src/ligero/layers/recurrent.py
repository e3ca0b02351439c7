"""Keras's recurrent layers: RNN (any cell), SimpleRNN, LSTM, GRU.

Inputs are (batch, timesteps, features). The layer runs its cell over the time steps
(reversed with ``go_backwards``) from zero states or ``initial_state``, and returns the
last output (batch, units), or every output (batch, timesteps, units) with
``return_sequences`` (in the order processed, as Keras), followed by the final states
with ``return_state`` (``[output, h]``; LSTM ``[output, h, c]``). The weights live in
the cell (``layer.cell``); ``get_weights()`` gives kernel, recurrent_kernel, bias in
Keras's layouts, so weights exchange with real Keras.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ligero import ops
from ligero.errors import ConfigError, ShapeError
from ligero.layers.base import Layer, _is_symbolic
from ligero.layers.recurrent_cells import GRUCell, LSTMCell, RecurrentCell, SimpleRNNCell
from ligero.tensor import Tensor, as_tensor

__all__ = ["GRU", "GRUCell", "LSTM", "LSTMCell", "RNN", "SimpleRNN", "SimpleRNNCell"]

_RNN_FLAGS = ("return_sequences", "return_state", "go_backwards", "stateful", "unroll")


class RNN(Layer):
    """Runs ``cell`` over the time axis: ``states_t = cell(x_t, states_{t-1})``; output ``h_t``.

    With a mask (N, T) (``Embedding(mask_zero=True)``, ``Masking``, or ``mask=``), a masked step
    keeps the states and repeats the previous output (zeros before the first real step), as
    Keras; ``zero_output_for_mask`` gives zeros there instead. With ``return_sequences`` the
    output carries the mask on.
    """

    supports_masking = True
    keras_sublayers = ("cell",)  # where Keras's files keep the weights: layers/<rnn>/cell/vars

    def __init__(self, cell: RecurrentCell, return_sequences: bool = False, return_state: bool = False,
                 go_backwards: bool = False, stateful: bool = False, unroll: bool = False,
                 zero_output_for_mask: bool = False, **kwargs: Any) -> None:
        kwargs.pop("use_cudnn", None)
        super().__init__(**kwargs)
        if not isinstance(cell, RecurrentCell):
            raise ConfigError(f"{type(self).__name__}: cell must be a ligero recurrent cell (SimpleRNNCell, "
                              f"LSTMCell, GRUCell), got {type(cell).__name__}")
        if stateful:
            raise ConfigError(f"{type(self).__name__}: stateful=True is not supported by ligero")
        self.cell = cell
        self.return_sequences, self.return_state = bool(return_sequences), bool(return_state)
        self.go_backwards, self.stateful, self.unroll = bool(go_backwards), False, bool(unroll)
        self.zero_output_for_mask = bool(zero_output_for_mask)

    @property
    def units(self) -> int:
        return self.cell.units

    def __call__(self, x: Any, *args: Any, **kwargs: Any) -> Any:
        if self.return_state and type(x) is not Tensor and _is_symbolic(x):
            raise NotImplementedError(f"layer '{self.name}' ({type(self).__name__}): return_state=True gives "
                                      f"several outputs, which ligero's functional models do not take yet; "
                                      f"call the layer on arrays, or use return_state=False")
        return super().__call__(x, *args, **kwargs)

    def build(self, input_shape: tuple[int, ...]) -> None:
        if len(input_shape) != 2:
            raise ShapeError(f"layer '{self.name}' ({type(self).__name__}) expects inputs of shape "
                             f"(None, timesteps, features), got {(None, *input_shape)}")
        self.cell.build_for((input_shape[-1],))

    def forward(self, x: Any, *args: Any, **kwargs: Any) -> Any:
        """As :meth:`Layer.forward`, but any number of time steps is accepted once built."""
        if self.built:
            x = as_tensor(x)
            if x.ndim != 3 or x.shape[2] != self.input_shape[1]:
                self._raise_shape(tuple(x.shape[1:]), (None, self.input_shape[1]))
            return self._call(x, *args, **kwargs)
        return super().forward(x, *args, **kwargs)

    def compute_output_shape(self, input_shape: tuple[int, ...]) -> Any:
        units = self.cell.units
        output = (input_shape[0], units) if self.return_sequences else (units,)
        if self.return_state:
            return [output] + [(units,)] * self.cell.state_count
        return output

    def call(self, sequences: Tensor, initial_state: Any = None, mask: Any = None, training: Any = None) -> Any:
        x = as_tensor(sequences)
        states = self._initial_states(initial_state, x)
        training = self.training if training is None else bool(training)
        masks = self.cell.dropout_masks(x.shape[0], x.shape[2], x.array.dtype) if training else None
        if mask is not None:
            return self._masked_steps(x, states, masks, self._step_mask(mask, x))
        fused = self.cell.sequence(x, states, self.go_backwards, masks)
        if fused is not None:  # the whole sequence in one node (ligero.ops.recurrent_sequence)
            outputs, states = fused
            if self.return_sequences and self.go_backwards:  # Keras keeps the order processed
                outputs = ops.flip(outputs, (1,))
            output = outputs if self.return_sequences else states[0]
            return [output, *states] if self.return_state else output
        weights = self.cell.step_weights()
        order = range(x.shape[1] - 1, -1, -1) if self.go_backwards else range(x.shape[1])
        outputs = []
        for t in order:
            states = self.cell.step(ops.getitem(x, (slice(None), t)), states, weights, masks)
            outputs.append(states[0])
        output = ops.stack(outputs, 1) if self.return_sequences else outputs[-1]
        return [output, *states] if self.return_state else output

    def _step_mask(self, mask: Any, x: Tensor) -> np.ndarray:
        mask = np.asarray(getattr(mask, "array", mask), dtype=bool)
        if mask.shape != tuple(x.shape[:2]):
            raise ShapeError(f"layer '{self.name}' ({type(self).__name__}): the mask must have the shape "
                             f"(batch, timesteps) = {tuple(x.shape[:2])}, got {mask.shape}")
        return mask

    def _masked_steps(self, x: Tensor, states: list[Tensor], masks: Any, mask: np.ndarray) -> Any:
        """The per-step loop where ``mask[:, t]`` False keeps step t's states and previous output."""
        weights = self.cell.step_weights()
        order = range(x.shape[1] - 1, -1, -1) if self.go_backwards else range(x.shape[1])
        output = Tensor(np.zeros((x.shape[0], self.cell.units), x.array.dtype))
        outputs = []
        for t in order:
            keep = mask[:, t:t + 1]
            new = self.cell.step(ops.getitem(x, (slice(None), t)), states, weights, masks)
            states = [ops.where(keep, n, s) for n, s in zip(new, states)]
            output = ops.where(keep, new[0], output)
            outputs.append(ops.where(keep, new[0], 0.0) if self.zero_output_for_mask else output)
        last = outputs[-1] if self.zero_output_for_mask else output
        result = ops.stack(outputs, 1) if self.return_sequences else last
        return [result, *states] if self.return_state else result

    def compute_mask(self, inputs: Any, previous_mask: Any = None) -> Any:
        """Keras's: the input's mask on the sequence output (``return_sequences``), none otherwise."""
        output_mask = previous_mask if self.return_sequences else None
        return [output_mask] + [None] * self.cell.state_count if self.return_state else output_mask

    def _initial_states(self, initial_state: Any, x: Tensor) -> list[Tensor]:
        count, shape = self.cell.state_count, (x.shape[0], self.cell.units)
        if initial_state is None:
            return [Tensor(np.zeros(shape, x.array.dtype)) for _ in range(count)]
        states = [as_tensor(s) for s in (initial_state if isinstance(initial_state, (list, tuple))
                                         else [initial_state])]
        if len(states) != count or any(tuple(s.shape) != shape for s in states):
            got = [tuple(s.shape) for s in states]
            raise ShapeError(f"layer '{self.name}' ({type(self).__name__}): initial_state must be {count} "
                             f"tensor(s) of shape {shape}, got {got}")
        return states

    def get_config(self) -> dict[str, Any]:
        flags = {name: getattr(self, name) for name in _RNN_FLAGS}
        flags["zero_output_for_mask"] = self.zero_output_for_mask
        if type(self) is RNN:
            cell = self.cell
            return {**super().get_config(), **flags,
                    "cell": {"class": type(cell).__name__, "config": cell.get_config()}}
        cell_config = self.cell.get_config()
        for key in ("name", "dtype", "trainable"):
            cell_config.pop(key, None)
        return {**super().get_config(), **cell_config, **flags}

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> RNN:
        config = dict(config)
        if cls is RNN:
            spec = config.pop("cell")
            cell_class = {c.__name__: c for c in (SimpleRNNCell, LSTMCell, GRUCell)}[spec["class"]]
            return cls(cell_class.from_config(spec["config"]), **config)
        return cls(**config)


def _split_kwargs(kwargs: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(the cell's arguments, the layer's) from a recurrent layer's keyword arguments."""
    layer_keys = {*_RNN_FLAGS, "zero_output_for_mask", "name", "input_shape", "input_dim", "batch_input_shape",
                  "dtype", "trainable", "use_cudnn", "activity_regularizer"}
    layer = {k: v for k, v in kwargs.items() if k in layer_keys}
    cell = {k: v for k, v in kwargs.items() if k not in layer_keys}
    if "dtype" in layer:
        cell["dtype"] = layer["dtype"]
    return cell, layer


class SimpleRNN(RNN):
    """Fully connected recurrence ``h_t = tanh(x_t·K + b + h_{t-1}·R)`` (see :class:`SimpleRNNCell`)."""

    forwards_arguments_to = SimpleRNNCell  # the keyword arguments it passes on to its cell (file loading reads it)

    def __init__(self, units: int, activation: Any = "tanh", use_bias: bool = True, **kwargs: Any) -> None:
        cell_kwargs, layer_kwargs = _split_kwargs(kwargs)
        super().__init__(SimpleRNNCell(units, activation=activation, use_bias=use_bias, name="simple_rnn_cell",
                                       **cell_kwargs), **layer_kwargs)


class LSTM(RNN):
    """Long short-term memory, Keras's gates ``i, f, c, o`` (see :class:`LSTMCell`)."""

    forwards_arguments_to = LSTMCell  # the keyword arguments it passes on to its cell (file loading reads it)

    def __init__(self, units: int, activation: Any = "tanh", recurrent_activation: Any = "sigmoid",
                 use_bias: bool = True, **kwargs: Any) -> None:
        cell_kwargs, layer_kwargs = _split_kwargs(kwargs)
        super().__init__(LSTMCell(units, activation=activation, recurrent_activation=recurrent_activation,
                                  use_bias=use_bias, name="lstm_cell", **cell_kwargs), **layer_kwargs)


class GRU(RNN):
    """Gated recurrent unit, Keras's gates ``z, r, h`` and ``reset_after=True`` (see :class:`GRUCell`)."""

    forwards_arguments_to = GRUCell  # the keyword arguments it passes on to its cell (file loading reads it)

    def __init__(self, units: int, activation: Any = "tanh", recurrent_activation: Any = "sigmoid",
                 use_bias: bool = True, **kwargs: Any) -> None:
        cell_kwargs, layer_kwargs = _split_kwargs(kwargs)
        super().__init__(GRUCell(units, activation=activation, recurrent_activation=recurrent_activation,
                                 use_bias=use_bias, name="gru_cell", **cell_kwargs), **layer_kwargs)
