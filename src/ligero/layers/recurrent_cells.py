"""Keras's recurrent cells: one time step of SimpleRNN, LSTM and GRU, with Keras's weight layouts.

Each cell owns ``kernel`` (input_dim, k·units), ``recurrent_kernel`` (units, k·units) and
``bias`` (k·units,) — for a GRU with ``reset_after=True`` ``bias`` is (2, 3·units): the input
bias, then the recurrent one. Gate order: LSTM ``i, f, c, o``; GRU ``z, r, h``. A step is
composed of existing differentiable ops (:func:`ligero.ops.linear`, the activations, add and
mul), so backpropagation through time needs no rule of its own; where a cell has a
whole-sequence op for its settings (LSTM with tanh and sigmoid), :meth:`RecurrentCell.sequence`
runs the layer's sequence as one node instead (:mod:`ligero.ops.recurrent_sequence`).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ligero import activations, initializers, ops
from ligero.errors import ConfigError, ShapeError
from ligero.layers.base import Layer
from ligero.layers.core import _regularizer, _serialize_regularizer
from ligero.ops.norm import dropout_mask
from ligero.ops.recurrent import lstm_pointwise
from ligero.ops.recurrent_sequence import lstm_sequence
from ligero.random import get_rng
from ligero.tensor import Tensor, as_tensor

__all__ = ["GRUCell", "LSTMCell", "SimpleRNNCell"]


def _chunks(t: Tensor, k: int, units: int) -> list[Tensor]:
    return [ops.getitem(t, (slice(None), slice(j * units, (j + 1) * units))) for j in range(k)]


def _affine(x: Tensor, kernel: Tensor, bias: Any, masks: list[np.ndarray] | None, units: int) -> Tensor:
    """``x·K + b`` with ``x`` dropped out: by one mask for every gate, or gate ``j``'s columns of
    ``K`` from ``x ⊙ mᵢ`` (Keras's ``implementation=1``, the one it runs with ``recurrent_dropout``)."""
    if masks is None:
        return ops.linear(x, kernel, bias)
    if len(masks) == 1:
        return ops.linear(ops.mul(x, masks[0]), kernel, bias)
    parts = [ops.linear(ops.mul(x, m), ops.getitem(kernel, (slice(None), slice(j * units, (j + 1) * units))))
             for j, m in enumerate(masks)]
    z = ops.concatenate(parts, 1)
    return z if bias is None else ops.add(z, bias)


class RecurrentCell(Layer):
    """What the three cells share: units, activations, the three weights and their config.

    ``gates`` is k (1, 4, 3); ``state_size`` the number of state tensors (LSTM: h and c).
    """

    gates = 1
    state_count = 1
    fused = True  # run a whole sequence as one node where the cell has such an op (see ``sequence``)

    def __init__(self, units: int, activation: Any = "tanh", recurrent_activation: Any = "sigmoid",
                 use_bias: bool = True, kernel_initializer: Any = "glorot_uniform",
                 recurrent_initializer: Any = "orthogonal", bias_initializer: Any = "zeros",
                 kernel_regularizer: Any = None, recurrent_regularizer: Any = None, bias_regularizer: Any = None,
                 kernel_constraint: Any = None, recurrent_constraint: Any = None, bias_constraint: Any = None,
                 dropout: float = 0.0, recurrent_dropout: float = 0.0, seed: int | None = None,
                 **kwargs: Any) -> None:
        kwargs.pop("implementation", None)
        super().__init__(seed=seed, **kwargs)
        kind = type(self).__name__
        if isinstance(units, bool) or not isinstance(units, (int, np.integer)) or units <= 0:
            raise ConfigError(f"{kind}: units must be a positive integer, got {units!r}")
        if any(c is not None for c in (kernel_constraint, recurrent_constraint, bias_constraint)):
            raise ConfigError(f"{kind}: constraints are not supported by ligero")
        for key, rate in (("dropout", dropout), ("recurrent_dropout", recurrent_dropout)):
            if isinstance(rate, bool) or not isinstance(rate, (int, float, np.number)):
                raise ConfigError(f"{kind}: {key} must be a number in [0, 1], got {rate!r}")
        self.units = int(units)
        self.activation = activations.get(activation)
        self.recurrent_activation = activations.get(recurrent_activation)
        self.use_bias = bool(use_bias)
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.recurrent_initializer = initializers.get(recurrent_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = _regularizer(kernel_regularizer)
        self.recurrent_regularizer = _regularizer(recurrent_regularizer)
        self.bias_regularizer = _regularizer(bias_regularizer)
        # Keras clips the rates into [0, 1]; a rate of 0 or 1 leaves that dropout off
        self.dropout, self.recurrent_dropout = (min(1.0, max(0.0, float(r))) for r in (dropout, recurrent_dropout))
        self._dropout_rng = get_rng(seed)
        self.kernel = self.recurrent_kernel = self.bias = None

    @property
    def state_size(self) -> Any:
        return [self.units] * self.state_count if self.state_count > 1 else self.units

    def bias_shape(self) -> tuple[int, ...]:
        return (self.gates * self.units,)

    def bias_init(self) -> Any:
        return self.bias_initializer

    def build(self, input_shape: tuple[int, ...]) -> None:
        if len(input_shape) != 1:
            raise ShapeError(f"layer '{self.name}' ({type(self).__name__}) expects one step of shape "
                             f"(None, features), got {(None, *input_shape)}")
        rng, width = get_rng(self.seed), self.gates * self.units
        self.kernel = self.add_weight((input_shape[-1], width), self.kernel_initializer,
                                      regularizer=self.kernel_regularizer, name="kernel", rng=rng)
        self.recurrent_kernel = self.add_weight((self.units, width), self.recurrent_initializer,
                                                regularizer=self.recurrent_regularizer, name="recurrent_kernel",
                                                rng=rng)
        if self.use_bias:
            self.bias = self.add_weight(self.bias_shape(), self.bias_init(), regularizer=self.bias_regularizer,
                                        name="bias", rng=rng)

    def compute_output_shape(self, input_shape: tuple[int, ...]) -> tuple[int, ...]:
        return (self.units,)

    def call(self, inputs: Tensor, states: Any, training: Any = None) -> tuple[Tensor, list[Tensor]]:
        """Keras's cell call: ``(output, new_states)`` for one step."""
        states = list(states) if isinstance(states, (list, tuple)) else [states]
        x = as_tensor(inputs)
        masks = self.dropout_masks(x.shape[0], x.shape[1], x.array.dtype) if self.training else None
        new = self.step(x, states, self.step_weights(), masks)
        return new[0], new

    def dropout_masks(self, batch: int, features: int, dtype: Any) -> tuple | None:
        """Keras's dropout masks for one sequence (the same at every time step): ``(input masks,
        recurrent masks)``, each None or a list of arrays (batch, features) / (batch, units),
        inverted dropout ``[u ≥ rate]/(1 − rate)``. One mask of each kind, or, with
        ``recurrent_dropout`` in a gated cell, one per gate (Keras's ``implementation=1``).
        None when neither rate is in (0, 1), as Keras."""
        use_input, use_recurrent = 0.0 < self.dropout < 1.0, 0.0 < self.recurrent_dropout < 1.0
        if not (use_input or use_recurrent):
            return None
        count = self.gates if self.recurrent_dropout != 0.0 else 1
        rng = self._dropout_rng

        def draw(width: int, rate: float) -> list[np.ndarray]:
            return [dropout_mask((batch, width), rate, dtype, rng) for _ in range(count)]

        return (draw(features, self.dropout) if use_input else None,
                draw(self.units, self.recurrent_dropout) if use_recurrent else None)

    def step_weights(self) -> tuple:
        """The weights a step uses (split once per sequence, not once per step)."""
        return self.kernel, self.recurrent_kernel, self.bias

    def step(self, x: Tensor, states: list[Tensor], weights: tuple, masks: tuple | None = None) -> list[Tensor]:
        """The new states after input ``x``; ``masks`` from :meth:`dropout_masks` (training only)."""
        raise NotImplementedError

    def sequence(self, x: Tensor, states: list[Tensor], reverse: bool,
                 masks: tuple | None = None) -> tuple[Tensor, list[Tensor]] | None:
        """``(outputs (N, T, units) at their time steps, final states)`` of the whole sequence ``x``
        (N, T, features) in one node, or None where this cell has no such op for its settings
        (the layer then runs :meth:`step` a time step at a time)."""
        return None

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "units": self.units,
                "activation": self.activation.get_config(),
                "recurrent_activation": self.recurrent_activation.get_config(),
                "use_bias": self.use_bias,
                "kernel_initializer": initializers.serialize(self.kernel_initializer),
                "recurrent_initializer": initializers.serialize(self.recurrent_initializer),
                "bias_initializer": initializers.serialize(self.bias_initializer),
                "kernel_regularizer": _serialize_regularizer(self.kernel_regularizer),
                "recurrent_regularizer": _serialize_regularizer(self.recurrent_regularizer),
                "bias_regularizer": _serialize_regularizer(self.bias_regularizer),
                "kernel_constraint": None, "recurrent_constraint": None, "bias_constraint": None,
                "dropout": self.dropout, "recurrent_dropout": self.recurrent_dropout, "seed": self.seed}


class SimpleRNNCell(RecurrentCell):
    """``h' = f(x·K + b + h·R)`` (``f`` = ``activation``, tanh by default)."""

    def __init__(self, units: int, activation: Any = "tanh", use_bias: bool = True, **kwargs: Any) -> None:
        super().__init__(units, activation=activation, use_bias=use_bias, **kwargs)

    def step(self, x: Tensor, states: list[Tensor], weights: tuple, masks: tuple | None = None) -> list[Tensor]:
        kernel, recurrent, bias = weights
        x_masks, h_masks = masks or (None, None)
        return [self.activation(ops.add(_affine(x, kernel, bias, x_masks, self.units),
                                        _affine(states[0], recurrent, None, h_masks, self.units)))]

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.pop("recurrent_activation")
        return config


class LSTMCell(RecurrentCell):
    """``[zᵢ, z_f, z_c, z_o] = x·K + h·R + b``; ``i, f, o = σ(zᵢ), σ(z_f), σ(z_o)``;
    ``c' = f⊙c + i⊙tanh(z_c)``; ``h' = o⊙tanh(c')`` (σ = ``recurrent_activation``,
    tanh = ``activation``). ``unit_forget_bias`` starts the forget bias at 1."""

    gates, state_count = 4, 2

    def __init__(self, units: int, *args: Any, unit_forget_bias: bool = True, **kwargs: Any) -> None:
        super().__init__(units, *args, **kwargs)
        self.unit_forget_bias = bool(unit_forget_bias)

    def bias_init(self) -> Any:
        if not self.unit_forget_bias:
            return self.bias_initializer
        base, units = self.bias_initializer, self.units

        def forget_ones(shape: tuple[int, ...], rng: np.random.Generator, dtype: Any = np.float32) -> np.ndarray:
            return np.concatenate([base((units,), rng, dtype), np.ones((units,), dtype),
                                   base((2 * units,), rng, dtype)]).astype(dtype)

        return forget_ones

    def step(self, x: Tensor, states: list[Tensor], weights: tuple, masks: tuple | None = None) -> list[Tensor]:
        kernel, recurrent, bias = weights
        h, c = states
        x_masks, h_masks = masks or (None, None)
        z = ops.add(_affine(x, kernel, bias, x_masks, self.units), _affine(h, recurrent, None, h_masks, self.units))
        if (self.activation.name, self.recurrent_activation.name) == ("tanh", "sigmoid"):  # Keras's defaults:
            hc = lstm_pointwise(z, c)  # [h' c'] in one node (ligero.ops.recurrent)
            return [ops.getitem(hc, (slice(None), slice(0, self.units))),
                    ops.getitem(hc, (slice(None), slice(self.units, None)))]
        zi, zf, zc, zo = _chunks(z, 4, self.units)
        gate = self.recurrent_activation
        c = ops.add(ops.mul(gate(zf), c), ops.mul(gate(zi), self.activation(zc)))
        return [ops.mul(gate(zo), self.activation(c)), c]

    def sequence(self, x: Tensor, states: list[Tensor], reverse: bool,
                 masks: tuple | None = None) -> tuple[Tensor, list[Tensor]] | None:
        if not self.fused or (self.activation.name, self.recurrent_activation.name) != ("tanh", "sigmoid"):
            return None
        if masks is not None:
            x_masks, h_masks = masks
            if h_masks is not None:  # recurrent dropout acts inside the recurrence: the per-step path
                return None
            x = ops.mul(x, x_masks[0][:, None, :])  # one input mask, the same at every time step
        biases = () if self.bias is None else (self.bias,)
        outputs, h, c = lstm_sequence(x, *states, self.kernel, self.recurrent_kernel, biases, batch_first=True,
                                      reverse=reverse, weights="in_out")
        return outputs, [h, c]

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "unit_forget_bias": self.unit_forget_bias}


class GRUCell(RecurrentCell):
    """``[x_z, x_r, x_h] = x·K + b_in``; ``z = σ(x_z + h·R_z + b_z)``, ``r = σ(x_r + h·R_r + b_r)``;
    ``ĥ = tanh(x_h + r⊙(h·R_h + b_h))`` with ``reset_after`` (Keras's default; ``b`` is
    (2, 3·units): input then recurrent bias), else ``ĥ = tanh(x_h + (r⊙h)·R_h)``;
    ``h' = z⊙h + (1 - z)⊙ĥ``."""

    gates = 3

    def __init__(self, units: int, *args: Any, reset_after: bool = True, **kwargs: Any) -> None:
        super().__init__(units, *args, **kwargs)
        self.reset_after = bool(reset_after)

    def bias_shape(self) -> tuple[int, ...]:
        return (2, 3 * self.units) if self.reset_after else (3 * self.units,)

    def step_weights(self) -> tuple:
        kernel, recurrent, bias = self.kernel, self.recurrent_kernel, self.bias
        if self.reset_after:
            pair = (None, None) if bias is None else (ops.getitem(bias, 0), ops.getitem(bias, 1))
            return kernel, recurrent, pair
        cut = 2 * self.units
        return kernel, (ops.getitem(recurrent, (slice(None), slice(0, cut))),
                        ops.getitem(recurrent, (slice(None), slice(cut, None)))), bias

    def step(self, x: Tensor, states: list[Tensor], weights: tuple, masks: tuple | None = None) -> list[Tensor]:
        h, units, gate = states[0], self.units, self.recurrent_activation
        x_masks, h_masks = masks or (None, None)
        if self.reset_after:
            kernel, recurrent, (b_in, b_rec) = weights
            x_z, x_r, x_h = _chunks(_affine(x, kernel, b_in, x_masks, units), 3, units)
            h_z, h_r, h_h = _chunks(_affine(h, recurrent, b_rec, h_masks, units), 3, units)
            z, r = gate(ops.add(x_z, h_z)), gate(ops.add(x_r, h_r))
            candidate = self.activation(ops.add(x_h, ops.mul(r, h_h)))
        else:
            kernel, (rec_zr, rec_h), bias = weights
            x_z, x_r, x_h = _chunks(_affine(x, kernel, bias, x_masks, units), 3, units)
            h_z, h_r = _chunks(_affine(h, rec_zr, None, None if h_masks is None else h_masks[:2], units), 2, units)
            z, r = gate(ops.add(x_z, h_z)), gate(ops.add(x_r, h_r))
            h_candidate = h if h_masks is None else ops.mul(h, h_masks[2])
            candidate = self.activation(ops.add(x_h, ops.linear(ops.mul(r, h_candidate), rec_h)))
        return [ops.add(ops.mul(z, h), ops.mul(ops.sub(1.0, z), candidate))]

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "reset_after": self.reset_after}
