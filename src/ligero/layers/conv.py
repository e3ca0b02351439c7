"""Convolution layers with Keras 3's names, arguments and kernel layouts.

Kernels: Conv1D ``(k, in, out)``, Conv2D ``(kh, kw, in/groups, out)``, Conv2DTranspose
``(kh, kw, out, in)``, DepthwiseConv2D ``(kh, kw, in, depth_multiplier)``, SeparableConv2D a
depthwise kernel and a pointwise ``(1, 1, in·depth_multiplier, out)``; whatever the
``data_format``. Channels-last runs natively (:mod:`ligero.ops.conv_nhwc`); channels-first
Conv2D uses the NCHW op :func:`ligero.ops.conv.conv2d` with the kernel viewed in its layout.
"""

from __future__ import annotations

from typing import Any

from ligero import initializers, ops
from ligero.errors import ConfigError
from ligero.layers.core import KernelLayer, _regularizer, _serialize_regularizer
from ligero.layers.data_format import (
    check_image_input,
    int_tuple,
    standardize_data_format,
    standardize_padding,
)
from ligero.ops.conv import conv2d
from ligero.ops.conv_nhwc import conv2d_nhwc, conv2d_transpose_nhwc, conv_nd_nhwc
from ligero.random import get_rng
from ligero.tensor import Tensor

__all__ = ["Conv1D", "Conv1DTranspose", "Conv2D", "Conv2DTranspose", "Convolution1D", "Convolution1DTranspose",
           "Convolution2D", "Convolution2DTranspose", "DepthwiseConv1D", "DepthwiseConv2D", "SeparableConv1D",
           "SeparableConv2D", "SeparableConvolution1D", "SeparableConvolution2D", "pair"]


def pair(value: Any, what: str) -> tuple[int, int]:
    """``3`` -> ``(3, 3)``; ``(3, 5)`` stays; anything else is a ConfigError."""
    return int_tuple(value, 2, what)  # type: ignore[return-value]


def _no_extras(kind: str, **extras: Any) -> None:
    for name, value in extras.items():
        if value is not None:
            raise ConfigError(f"{kind}: {name} is not supported by ligero (got {value!r})")


def _not_causal(kind: str, padding: Any) -> None:
    """Keras's refusal of ``"causal"`` padding by the 1-D layers other than Conv1D."""
    if isinstance(padding, str) and padding.lower() == "causal":
        raise ConfigError(f"{kind}: The `padding` argument must be one of {{'valid', 'same'}}. Received: causal")


def _as_image_row(x: Tensor, channels_last: bool) -> Tensor:
    """Sequences (N, steps, C) (or (N, C, steps)) as channels-last images of height 1, (N, 1, steps, C)."""
    steps = x if channels_last else ops.transpose(x, (0, 2, 1))
    return ops.reshape(steps, (steps.shape[0], 1, *steps.shape[1:]))


def _from_image_row(y: Tensor, channels_last: bool) -> Tensor:
    """The inverse of :func:`_as_image_row` for the output (N, 1, steps', F)."""
    steps = ops.reshape(y, (y.shape[0], y.shape[2], y.shape[3]))
    return steps if channels_last else ops.transpose(steps, (0, 2, 1))


def _to_last(x: Tensor, rank: int) -> Tensor:
    return ops.transpose(x, (0, *range(2, rank + 2), 1))


def _to_first(x: Tensor, rank: int) -> Tensor:
    return ops.transpose(x, (0, rank + 1, *range(1, rank + 1)))


class _Conv(KernelLayer):
    """Shared by the convolutions: Keras's arguments, the layout check, the config."""

    rank = 2

    def __init__(self, filters: int, kernel_size: Any, strides: Any = 1, padding: str = "valid",
                 data_format: str | None = None, dilation_rate: Any = 1, groups: int = 1,
                 activation: Any = None, use_bias: bool = True, kernel_initializer: Any = "glorot_uniform",
                 bias_initializer: Any = "zeros", kernel_regularizer: Any = None, bias_regularizer: Any = None,
                 activity_regularizer: Any = None, kernel_constraint: Any = None, bias_constraint: Any = None,
                 **kwargs: Any) -> None:
        super().__init__(activation=activation, use_bias=use_bias, kernel_initializer=kernel_initializer,
                         bias_initializer=bias_initializer, kernel_regularizer=kernel_regularizer,
                         bias_regularizer=bias_regularizer, kernel_constraint=kernel_constraint,
                         bias_constraint=bias_constraint, activity_regularizer=activity_regularizer, **kwargs)
        kind = type(self).__name__
        if isinstance(filters, bool) or not isinstance(filters, int) or filters <= 0:
            raise ConfigError(f"{kind}: filters must be a positive integer, got {filters!r}")
        if isinstance(groups, bool) or not isinstance(groups, int) or groups <= 0 or filters % groups:
            raise ConfigError(f"{kind}: groups must be a positive integer dividing filters={filters}, "
                              f"got {groups!r}")
        self.filters, self.groups = filters, groups
        self.kernel_size = int_tuple(kernel_size, self.rank, f"{kind} kernel_size")
        self.strides = int_tuple(strides, self.rank, f"{kind} strides")
        self.dilation_rate = int_tuple(dilation_rate, self.rank, f"{kind} dilation_rate")
        self.padding = standardize_padding(padding, kind, allow_causal=self.rank == 1)
        self.data_format = standardize_data_format(data_format)
        if max(self.strides) > 1 and max(self.dilation_rate) > 1:
            raise ConfigError(f"{kind}: strides > 1 together with dilation_rate > 1 is not supported "
                              f"(got strides={self.strides}, dilation_rate={self.dilation_rate})")

    def channels(self, input_shape: tuple[int, ...]) -> int:
        check_image_input(self, input_shape, self.rank, self.data_format)
        c = input_shape[-1] if self.data_format == "channels_last" else input_shape[0]
        if c % self.groups:
            raise ConfigError(f"layer '{self.name}' ({type(self).__name__}): the {c} input channels are not "
                              f"divisible by groups={self.groups}")
        return c

    def build(self, input_shape: tuple[int, ...]) -> None:
        c = self.channels(input_shape)
        self.build_weights((*self.kernel_size, c // self.groups, self.filters), self.filters)

    def convolve(self, x: Tensor) -> Tensor:
        args = (self.rank, self.strides, self.padding, self.dilation_rate, self.groups)
        if self.data_format == "channels_last":
            return conv_nd_nhwc(x, self.kernel, self.bias, *args)
        if self.rank == 2 and self.groups == 1 and max(self.dilation_rate) == 1:
            # The NCHW op takes the kernel as (out, in, kh, kw): a transposed view of Keras's.
            return conv2d(x, ops.transpose(self.kernel, (3, 2, 0, 1)), self.bias, self.strides, self.padding)
        return _to_first(conv_nd_nhwc(_to_last(x, self.rank), self.kernel, self.bias, *args), self.rank)

    def call(self, x: Tensor) -> Tensor:
        return self.activation(self.convolve(x))

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "filters": self.filters, "kernel_size": self.kernel_size,
                "strides": self.strides, "padding": self.padding, "data_format": self.data_format,
                "dilation_rate": self.dilation_rate, "groups": self.groups}


class Conv2D(_Conv):
    """2-D convolution ``y = f(b + Σ_{i,j,c} W[i, j, c, :] · xpad[p·s + i·d, q·s + j·d, c])``.

    Output size per spatial axis: ``floor((in − k_eff)/s) + 1`` for ``"valid"``,
    ``ceil(in/s)`` for ``"same"`` (``k_eff = (k − 1)·d + 1``). Kernel ``(kh, kw, in/groups, filters)``.
    """

    rank = 2

    def __init__(self, filters: int, kernel_size: Any, strides: Any = (1, 1), padding: str = "valid",
                 data_format: str | None = None, dilation_rate: Any = (1, 1), groups: int = 1,
                 **kwargs: Any) -> None:
        super().__init__(filters, kernel_size, strides, padding, data_format, dilation_rate, groups, **kwargs)


class Conv1D(_Conv):
    """1-D convolution of sequences (N, steps, channels) (or (N, channels, steps)); kernel
    ``(k, in/groups, filters)``; ``padding`` also ``"causal"`` (``k_eff − 1`` zeros before)."""

    rank = 1

    def __init__(self, filters: int, kernel_size: Any, strides: Any = 1, padding: str = "valid",
                 data_format: str | None = None, dilation_rate: Any = 1, groups: int = 1,
                 **kwargs: Any) -> None:
        super().__init__(filters, kernel_size, strides, padding, data_format, dilation_rate, groups, **kwargs)


class Conv2DTranspose(_Conv):
    """Transposed 2-D convolution (the adjoint of Conv2D): kernel ``(kh, kw, filters, in)``;
    output ``in·s + max(k_eff − s, 0)`` per axis for ``"valid"``, ``in·s`` for ``"same"``."""

    def __init__(self, filters: int, kernel_size: Any, strides: Any = (1, 1), padding: str = "valid",
                 output_padding: Any = None, data_format: str | None = None, dilation_rate: Any = (1, 1),
                 **kwargs: Any) -> None:
        _no_extras("Conv2DTranspose", output_padding=output_padding)
        super().__init__(filters, kernel_size, strides, padding, data_format, dilation_rate, 1, **kwargs)

    def build(self, input_shape: tuple[int, ...]) -> None:
        c = self.channels(input_shape)
        self.build_weights((*self.kernel_size, self.filters, c), self.filters)

    def convolve(self, x: Tensor) -> Tensor:
        last = self.data_format == "channels_last"
        y = conv2d_transpose_nhwc(x if last else _to_last(x, 2), self.kernel, self.bias, self.strides,
                                  self.padding, self.dilation_rate)
        return y if last else _to_first(y, 2)

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        del config["groups"]
        return {**config, "output_padding": None}


class Conv1DTranspose(Conv2DTranspose):
    """Transposed 1-D convolution (the adjoint of Conv1D) of sequences (N, steps, channels) (or (N, channels,
    steps)): kernel ``(k, filters, in)``; output ``in·s + max(k_eff − s, 0)`` steps for ``"valid"``, ``in·s``
    for ``"same"``. Computed as the 2-D one over a height of 1."""

    rank = 1

    def __init__(self, filters: int, kernel_size: Any, strides: Any = 1, padding: str = "valid",
                 output_padding: Any = None, data_format: str | None = None, dilation_rate: Any = 1,
                 **kwargs: Any) -> None:
        _not_causal("Conv1DTranspose", padding)
        super().__init__(filters, kernel_size, strides, padding, output_padding, data_format, dilation_rate,
                         **kwargs)

    def convolve(self, x: Tensor) -> Tensor:
        last = self.data_format == "channels_last"
        kernel = ops.reshape(self.kernel, (1, *self.kernel.shape))
        y = conv2d_transpose_nhwc(_as_image_row(x, last), kernel, self.bias, (1, *self.strides), self.padding,
                                  (1, *self.dilation_rate))
        return _from_image_row(y, last)


class DepthwiseConv2D(_Conv):
    """Each input channel convolved with ``depth_multiplier`` kernels of its own:
    ``y[..., c·M + m] = b + Σ_{i,j} W[i, j, c, m] · xpad[p·s + i·d, q·s + j·d, c]``.

    ``depthwise_kernel`` is ``(kh, kw, in, depth_multiplier)``; it runs as the grouped
    convolution (groups = in) whose kernel ``(kh, kw, 1, in·M)`` is a reshape of it.
    """

    def __init__(self, kernel_size: Any, strides: Any = (1, 1), padding: str = "valid", depth_multiplier: int = 1,
                 data_format: str | None = None, dilation_rate: Any = (1, 1), activation: Any = None,
                 use_bias: bool = True, depthwise_initializer: Any = "glorot_uniform",
                 bias_initializer: Any = "zeros", depthwise_regularizer: Any = None, bias_regularizer: Any = None,
                 activity_regularizer: Any = None, depthwise_constraint: Any = None, bias_constraint: Any = None,
                 **kwargs: Any) -> None:
        _no_extras("DepthwiseConv2D", depthwise_constraint=depthwise_constraint)
        super().__init__(1, kernel_size, strides, padding, data_format, dilation_rate, 1, activation=activation,
                         use_bias=use_bias, kernel_initializer=depthwise_initializer,
                         bias_initializer=bias_initializer, kernel_regularizer=depthwise_regularizer,
                         bias_regularizer=bias_regularizer, activity_regularizer=activity_regularizer,
                         bias_constraint=bias_constraint, **kwargs)
        if isinstance(depth_multiplier, bool) or not isinstance(depth_multiplier, int) or depth_multiplier < 1:
            raise ConfigError(f"DepthwiseConv2D: depth_multiplier must be a positive integer, "
                              f"got {depth_multiplier!r}")
        self.depth_multiplier = depth_multiplier
        del self.kernel, self.bias  # Keras's weight order: depthwise_kernel, bias
        self.depthwise_kernel = self.bias = None

    def build(self, input_shape: tuple[int, ...]) -> None:
        c = self.channels(input_shape)
        rng = get_rng(self.seed)
        self.depthwise_kernel = self.add_weight((*self.kernel_size, c, self.depth_multiplier),
                                                self.kernel_initializer, self.kernel_regularizer, rng=rng)
        if self.use_bias:
            self.bias = self.add_weight((c * self.depth_multiplier,), self.bias_initializer,
                                        self.bias_regularizer, rng=rng)

    def convolve(self, x: Tensor) -> Tensor:
        return _depthwise(x, self.depthwise_kernel, self.bias, self)

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        for key in ("filters", "groups", "kernel_initializer", "kernel_regularizer", "kernel_constraint"):
            config.pop(key)
        return {**config, "depth_multiplier": self.depth_multiplier,
                "depthwise_initializer": initializers.serialize(self.kernel_initializer),
                "depthwise_regularizer": _serialize_regularizer(self.kernel_regularizer),
                "depthwise_constraint": None}


def _depthwise(x: Tensor, kernel: Tensor, bias: Any, layer: _Conv) -> Tensor:
    """The depthwise convolution of ``layer``'s geometry, in its data format (a 1-D layer's sequences as
    images of height 1)."""
    last = layer.data_format == "channels_last"
    if layer.rank == 1:
        kernel = ops.reshape(kernel, (1, *kernel.shape))
        images, strides, dilation = _as_image_row(x, last), (1, *layer.strides), (1, *layer.dilation_rate)
    else:
        images, strides, dilation = (x if last else _to_last(x, 2)), layer.strides, layer.dilation_rate
    kh, kw, c, m = kernel.shape
    y = conv2d_nhwc(images, ops.reshape(kernel, (kh, kw, 1, c * m)), bias, strides, layer.padding, dilation,
                    groups=c)
    if layer.rank == 1:
        return _from_image_row(y, last)
    return y if last else _to_first(y, 2)


class SeparableConv2D(_Conv):
    """A depthwise convolution (``depthwise_kernel`` (kh, kw, in, M), no bias) followed by a 1×1
    convolution (``pointwise_kernel`` (1, 1, in·M, filters)) and the bias."""

    def __init__(self, filters: int, kernel_size: Any, strides: Any = (1, 1), padding: str = "valid",
                 data_format: str | None = None, dilation_rate: Any = (1, 1), depth_multiplier: int = 1,
                 activation: Any = None, use_bias: bool = True, depthwise_initializer: Any = "glorot_uniform",
                 pointwise_initializer: Any = "glorot_uniform", bias_initializer: Any = "zeros",
                 depthwise_regularizer: Any = None, pointwise_regularizer: Any = None, bias_regularizer: Any = None,
                 activity_regularizer: Any = None, depthwise_constraint: Any = None,
                 pointwise_constraint: Any = None, bias_constraint: Any = None, **kwargs: Any) -> None:
        _no_extras("SeparableConv2D", depthwise_constraint=depthwise_constraint,
                   pointwise_constraint=pointwise_constraint)
        super().__init__(filters, kernel_size, strides, padding, data_format, dilation_rate, 1,
                         activation=activation, use_bias=use_bias, kernel_initializer=depthwise_initializer,
                         bias_initializer=bias_initializer, kernel_regularizer=depthwise_regularizer,
                         bias_regularizer=bias_regularizer, activity_regularizer=activity_regularizer,
                         bias_constraint=bias_constraint, **kwargs)
        self.depth_multiplier = int(depth_multiplier)
        self.pointwise_initializer = initializers.get(pointwise_initializer)
        self.pointwise_regularizer = _regularizer(pointwise_regularizer)
        del self.kernel, self.bias  # Keras's weight order: depthwise_kernel, pointwise_kernel, bias
        self.depthwise_kernel = self.pointwise_kernel = self.bias = None

    def build(self, input_shape: tuple[int, ...]) -> None:
        c = self.channels(input_shape)
        rng = get_rng(self.seed)
        m = self.depth_multiplier
        self.depthwise_kernel = self.add_weight((*self.kernel_size, c, m), self.kernel_initializer,
                                                self.kernel_regularizer, rng=rng)
        self.pointwise_kernel = self.add_weight((1,) * self.rank + (c * m, self.filters), self.pointwise_initializer,
                                                self.pointwise_regularizer, rng=rng)
        if self.use_bias:
            self.bias = self.add_weight((self.filters,), self.bias_initializer, self.bias_regularizer, rng=rng)

    def convolve(self, x: Tensor) -> Tensor:
        deep = _depthwise(x, self.depthwise_kernel, None, self)
        last = self.data_format == "channels_last"
        if self.rank == 1:
            pointwise = ops.reshape(self.pointwise_kernel, (1, *self.pointwise_kernel.shape))
            return _from_image_row(conv2d_nhwc(_as_image_row(deep, last), pointwise, self.bias), last)
        y = conv2d_nhwc(deep if last else _to_last(deep, 2), self.pointwise_kernel, self.bias)
        return y if last else _to_first(y, 2)

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        for key in ("groups", "kernel_initializer", "kernel_regularizer", "kernel_constraint"):
            config.pop(key)
        return {**config, "depth_multiplier": self.depth_multiplier,
                "depthwise_initializer": initializers.serialize(self.kernel_initializer),
                "pointwise_initializer": initializers.serialize(self.pointwise_initializer),
                "depthwise_regularizer": _serialize_regularizer(self.kernel_regularizer),
                "pointwise_regularizer": _serialize_regularizer(self.pointwise_regularizer),
                "depthwise_constraint": None, "pointwise_constraint": None}


Convolution1D = Conv1D
Convolution2D = Conv2D
class DepthwiseConv1D(DepthwiseConv2D):
    """DepthwiseConv2D's 1-D form for sequences: ``depthwise_kernel`` (k, in, depth_multiplier); ``"valid"``
    or ``"same"`` padding (Keras's; not ``"causal"``)."""

    rank = 1

    def __init__(self, kernel_size: Any, strides: Any = 1, padding: str = "valid", depth_multiplier: int = 1,
                 data_format: str | None = None, dilation_rate: Any = 1, **kwargs: Any) -> None:
        _not_causal("DepthwiseConv1D", padding)
        super().__init__(kernel_size, strides, padding, depth_multiplier, data_format, dilation_rate, **kwargs)


class SeparableConv1D(SeparableConv2D):
    """SeparableConv2D's 1-D form: ``depthwise_kernel`` (k, in, M), ``pointwise_kernel`` (1, in·M, filters);
    ``"valid"`` or ``"same"`` padding."""

    rank = 1

    def __init__(self, filters: int, kernel_size: Any, strides: Any = 1, padding: str = "valid",
                 data_format: str | None = None, dilation_rate: Any = 1, depth_multiplier: int = 1,
                 **kwargs: Any) -> None:
        _not_causal("SeparableConv1D", padding)
        super().__init__(filters, kernel_size, strides, padding, data_format, dilation_rate, depth_multiplier,
                         **kwargs)


Convolution1DTranspose = Conv1DTranspose
SeparableConvolution1D, SeparableConvolution2D = SeparableConv1D, SeparableConv2D
Convolution2DTranspose = Conv2DTranspose
