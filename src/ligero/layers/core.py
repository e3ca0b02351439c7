"""The core Keras-style layers: Dense, Activation, Flatten, Reshape, Dropout, Concatenate."""

from __future__ import annotations

from typing import Any

import numpy as np

from ligero import activations, constraints, initializers, ops
from ligero import regularizers as _regularizers
from ligero.errors import ConfigError, ShapeError
from ligero.layers.base import Layer
from ligero.layers.data_format import standardize_data_format
from ligero.random import get_rng
from ligero.tensor import Tensor


def _regularizer(spec: Any) -> Any:
    return None if spec is None else _regularizers.get(spec)


def _serialize_regularizer(reg: Any) -> Any:
    return None if reg is None else _regularizers.serialize(reg)


class KernelLayer(Layer):
    """Base of the layers with a kernel, an optional bias and an activation (Dense, Conv2D).

    Holds what they share: the activation, the initializers and regularizers of
    kernel and bias, creating the two weights, and their part of the config.
    """

    def __init__(
        self,
        activation: Any = None,
        use_bias: bool = True,
        kernel_initializer: Any = "glorot_uniform",
        bias_initializer: Any = "zeros",
        kernel_regularizer: Any = None,
        bias_regularizer: Any = None,
        kernel_constraint: Any = None,
        bias_constraint: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.activation = activations.get(activation)
        self.use_bias = bool(use_bias)
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = _regularizer(kernel_regularizer)
        self.bias_regularizer = _regularizer(bias_regularizer)
        self.kernel = self.bias = None

    def build_weights(self, kernel_shape: tuple[int, ...], outputs: int) -> None:
        """Create the kernel of ``kernel_shape`` and (if used) a bias of ``outputs`` values."""
        rng = get_rng(self.seed)
        self.kernel = self.add_weight(kernel_shape, self.kernel_initializer, regularizer=self.kernel_regularizer,
                                      constraint=self.kernel_constraint, name="kernel", rng=rng)
        if self.use_bias:
            self.bias = self.add_weight((outputs,), self.bias_initializer, regularizer=self.bias_regularizer,
                                        constraint=self.bias_constraint, name="bias", rng=rng)

    def get_config(self) -> dict[str, Any]:
        return {
            **super().get_config(),
            "activation": activations.serialize(self.activation),
            "use_bias": self.use_bias,
            "kernel_initializer": initializers.serialize(self.kernel_initializer),
            "bias_initializer": initializers.serialize(self.bias_initializer),
            "kernel_regularizer": _serialize_regularizer(self.kernel_regularizer),
            "bias_regularizer": _serialize_regularizer(self.bias_regularizer),
            "kernel_constraint": constraints.serialize(self.kernel_constraint),
            "bias_constraint": constraints.serialize(self.bias_constraint),
        }


class Dense(KernelLayer):
    """Fully connected layer ``y = f(x @ W + b)`` with kernel ``W`` of shape (in, units),
    applied to the last axis of the inputs (extra leading axes are kept, as Keras's).

    ``activation`` is a name (``"tanh"``, ``"relu"``, ``"softmax"``...) or callable;
    ``kernel_regularizer`` adds its penalty (e.g. ``L2(0.01)``: ``0.01·ΣW²``) to the loss.
    Other arguments: ``use_bias``, ``kernel_initializer``, ``bias_initializer``,
    ``bias_regularizer`` (see :class:`KernelLayer`), and the Layer ones (``input_dim``...).
    """

    supports_masking = True  # passes a mask on unchanged, as in Keras
    replay_safe_call = True

    def __init__(self, units: int, activation: Any = None, **kwargs: Any) -> None:
        super().__init__(activation=activation, **kwargs)
        if isinstance(units, bool) or not isinstance(units, (int, np.integer)) or units <= 0:
            raise ConfigError(f"Dense: units must be a positive integer, got {units!r}")
        self.units = int(units)

    def build(self, input_shape: tuple[int, ...]) -> None:
        if len(input_shape) < 1:
            raise ShapeError(f"layer '{self.name}' (Dense) expects inputs of shape (None, ..., features), "
                             f"got {(None, *input_shape)}")
        self.build_weights((input_shape[-1], self.units), self.units)

    def call(self, x: Tensor) -> Tensor:
        return self.activation(ops.linear(x, self.kernel, self.bias))

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "units": self.units}


class Identity(Layer):
    """Passes its input through unchanged."""

    replay_safe_call = True

    supports_masking = True  # passes a mask on unchanged, as in Keras

    def call(self, x: Tensor) -> Tensor:
        return x


class Masking(Layer):
    """Marks the time steps whose features all equal ``mask_value`` as padding (Keras's):
    ``m[n, t] = any_f(x[n, t, f] ≠ mask_value)``; ``y = x ⊙ m`` (masked steps zeroed), carrying
    the mask ``m`` to the next layers (:mod:`ligero.masks`)."""

    supports_masking = True

    def __init__(self, mask_value: float = 0.0, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.mask_value = mask_value

    def _keep(self, x: Any) -> np.ndarray:
        return np.any(np.asarray(getattr(x, "array", x)) != self.mask_value, axis=-1)

    def call(self, x: Tensor) -> Tensor:
        return ops.mul(x, self._keep(x)[..., None].astype(x.array.dtype))

    def compute_mask(self, inputs: Any, previous_mask: Any = None) -> np.ndarray:
        return self._keep(inputs)

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "mask_value": self.mask_value}


class Lambda(Layer):
    """Wraps a function of Tensors as a layer: ``Lambda(lambda x: x * 2)`` (it cannot be saved: it is code)."""

    supports_masking = True  # passes a mask on unchanged, as in Keras

    def __init__(self, function: Any, output_shape: Any = None, mask: Any = None, arguments: Any = None,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.function, self.arguments = function, dict(arguments or {})
        self._declared_output = output_shape

    def call(self, x: Any) -> Any:
        return self.function(x, **self.arguments)

    def get_config(self) -> dict[str, Any]:
        raise ConfigError(f"layer '{self.name}' (Lambda) wraps Python code and cannot be saved; rebuild it in code")


class Activation(Layer):
    """Applies an activation function: ``Activation("relu")``."""

    replay_safe_call = True

    supports_masking = True  # passes a mask on unchanged, as in Keras

    def __init__(self, activation: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.activation = activations.get(activation)

    def call(self, x: Tensor) -> Tensor:
        return self.activation(x)

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "activation": activations.serialize(self.activation)}


class Flatten(Layer):
    """Reshapes each sample to a vector: (N, d1, d2, ...) -> (N, d1·d2·...).

    As Keras 3's: with ``data_format="channels_first"`` (or that global default, see
    ``keras.config.set_image_data_format``) the channel axis is first moved last,
    (N, C, d1, ...) -> (N, d1, ..., C), so the vector is in the channels-last order either way.
    """

    replay_safe_call = True

    def __init__(self, data_format: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.data_format = standardize_data_format(data_format)

    def call(self, x: Tensor) -> Tensor:
        if self.data_format == "channels_first" and x.ndim > 2:
            x = ops.permute(x, (0, *range(2, x.ndim), 1))
        return ops.reshape(x, (x.shape[0], -1))

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "data_format": self.data_format}


class Reshape(Layer):
    """Reshapes each sample to ``target_shape`` (batch dimension kept)."""

    replay_safe_call = True

    def __init__(self, target_shape: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        dims = (target_shape,) if isinstance(target_shape, (int, np.integer)) else target_shape
        try:
            dims = tuple(dims)
        except TypeError:
            dims = None
        if dims is None or dims.count(-1) > 1 or not all(
            isinstance(s, (int, np.integer)) and not isinstance(s, bool) and (s > 0 or s == -1) for s in dims
        ):
            raise ConfigError(
                f"Reshape: target_shape must hold positive integers and at most one -1, got {target_shape!r}"
            )
        self.target_shape = tuple(int(s) for s in dims)

    def build(self, input_shape: tuple[int, ...]) -> None:
        if None in input_shape:  # a size unknown until called: checked by the reshape itself
            return
        size = int(np.prod(input_shape))
        known = int(np.prod([s for s in self.target_shape if s != -1]))
        fits = size % known == 0 if -1 in self.target_shape else size == known
        if not fits:
            raise ShapeError(
                f"layer '{self.name}' (Reshape) cannot reshape inputs of shape {(None, *input_shape)} "
                f"({size} values per sample) to {(None, *self.target_shape)}"
            )

    def call(self, x: Tensor) -> Tensor:
        return ops.reshape(x, (x.shape[0], *self.target_shape))

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "target_shape": list(self.target_shape)}


class Dropout(Layer):
    """Inverted dropout: in training, zero each value with probability ``rate`` and scale
    the rest by ``1/(1-rate)``; in inference (``predict``, ``evaluate``), pass through."""

    supports_masking = True  # passes a mask on unchanged, as in Keras

    def __init__(self, rate: float, seed: int | None = None, **kwargs: Any) -> None:
        super().__init__(seed=seed, **kwargs)
        if isinstance(rate, bool) or not isinstance(rate, (int, float, np.number)) or not 0 <= rate < 1:
            raise ConfigError(f"Dropout: rate must be a number in [0, 1), got {rate!r}")
        self.rate = float(rate)
        self._rng = get_rng(seed)

    def call(self, x: Tensor) -> Tensor:
        return ops.dropout(x, self.rate, self.training, self._rng)

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "rate": self.rate, "seed": self.seed}


class Concatenate(Layer):
    """Joins a list of inputs along ``axis`` (default the last): the non-sequential
    networks' layer (e.g. XNOR's input re-injected beside the hidden neuron)."""

    def __init__(self, axis: int = -1, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if isinstance(axis, bool) or not isinstance(axis, (int, np.integer)):
            raise ConfigError(f"Concatenate: axis must be an integer, got {axis!r}")
        self.axis = int(axis)

    def build(self, input_shape: Any) -> None:
        if not isinstance(input_shape, list) or len(input_shape) < 2:
            raise ShapeError(f"layer '{self.name}' (Concatenate) needs a list of at least two inputs")
        axis = self.axis if self.axis < 0 else self.axis - 1  # config axis counts the batch
        ranks = {len(s) for s in input_shape}
        if len(ranks) != 1 or any(
            [d for i, d in enumerate(s) if i != axis % len(s)] != [d for i, d in enumerate(input_shape[0])
                                                                  if i != axis % len(s)]
            for s in input_shape
        ):
            shapes = ", ".join(str((None, *s)) for s in input_shape)
            raise ShapeError(
                f"layer '{self.name}' (Concatenate): shapes {shapes} must match except on axis {self.axis}"
            )

    def call(self, x: list[Tensor]) -> Tensor:
        return ops.concatenate(x, axis=self.axis)

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "axis": self.axis}
