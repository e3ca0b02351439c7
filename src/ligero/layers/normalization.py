"""Keras's BatchNormalization."""

from __future__ import annotations

from typing import Any

from ligero import initializers
from ligero.errors import ConfigError, ShapeError
from ligero.layers.base import Layer
from ligero.layers.core import _regularizer, _serialize_regularizer
from ligero.ops.norm import batch_norm_inference, batch_norm_training
from ligero.tensor import Tensor

__all__ = ["BatchNormalization"]


class BatchNormalization(Layer):
    """``y = γ · (x − μ) / √(σ² + ε) + β`` per feature of ``axis`` (-1: the last, channels-last
    images or Dense units; 1 for channels-first images).

    In training, ``μ`` and ``σ²`` are the batch's mean and biased variance over all the
    other axes, and the moving statistics (non-trainable weights) follow Keras:
    ``moving = moving·momentum + batch·(1 − momentum)`` (``momentum=0.99``; the biased
    variance too). In inference the moving statistics are used. ``get_weights`` order:
    gamma, beta (if ``scale``/``center``), moving_mean, moving_variance.
    """

    supports_masking = True  # passes a mask on unchanged, as in Keras

    def __init__(self, axis: int = -1, momentum: float = 0.99, epsilon: float = 1e-3, center: bool = True,
                 scale: bool = True, beta_initializer: Any = "zeros", gamma_initializer: Any = "ones",
                 moving_mean_initializer: Any = "zeros", moving_variance_initializer: Any = "ones",
                 beta_regularizer: Any = None, gamma_regularizer: Any = None, beta_constraint: Any = None,
                 gamma_constraint: Any = None, renorm: bool = False, renorm_clipping: Any = None,
                 renorm_momentum: float = 0.99, synchronized: bool = False, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if isinstance(axis, bool) or not isinstance(axis, int):
            raise ConfigError(f"BatchNormalization: axis must be an integer, got {axis!r}")
        if renorm or synchronized or beta_constraint is not None or gamma_constraint is not None:
            raise ConfigError("BatchNormalization: renorm, synchronized and constraints are not supported by ligero")
        if not 0.0 <= float(momentum) <= 1.0:
            raise ConfigError(f"BatchNormalization: momentum must be in [0, 1], got {momentum!r}")
        self.axis, self.momentum, self.epsilon = axis, float(momentum), float(epsilon)
        self.center, self.scale = bool(center), bool(scale)
        self.beta_initializer = initializers.get(beta_initializer)
        self.gamma_initializer = initializers.get(gamma_initializer)
        self.moving_mean_initializer = initializers.get(moving_mean_initializer)
        self.moving_variance_initializer = initializers.get(moving_variance_initializer)
        self.beta_regularizer = _regularizer(beta_regularizer)
        self.gamma_regularizer = _regularizer(gamma_regularizer)
        self.renorm_momentum = float(renorm_momentum)
        self.gamma = self.beta = self.moving_mean = self.moving_variance = None


    def checked_axes(self) -> tuple[int, ...]:
        """The feature axis (``axis``, which counts the batch)."""
        return (self.axis - 1 if self.axis > 0 else self.axis,)

    def build(self, input_shape: tuple[int, ...]) -> None:
        rank = len(input_shape) + 1  # with the batch axis
        if not -rank <= self.axis < rank or self.axis % rank == 0:
            raise ShapeError(f"layer '{self.name}' (BatchNormalization): axis {self.axis} is not a feature axis "
                             f"of inputs of shape {(None, *input_shape)}")
        features = (None, *input_shape)[self.axis]
        shape = (features,)
        if self.scale:
            self.gamma = self.add_weight(shape, self.gamma_initializer, self.gamma_regularizer, name="gamma")
        if self.center:
            self.beta = self.add_weight(shape, self.beta_initializer, self.beta_regularizer, name="beta")
        self.moving_mean = self.add_weight(shape, self.moving_mean_initializer, trainable=False, name="moving_mean")
        self.moving_variance = self.add_weight(shape, self.moving_variance_initializer, trainable=False,
                                               name="moving_variance")

    def call(self, x: Tensor) -> Tensor:
        if self.training:
            return batch_norm_training(x, self.gamma, self.beta, self.moving_mean, self.moving_variance,
                                       momentum=1.0 - self.momentum, eps=self.epsilon, axis=self.axis,
                                       unbiased=False)
        return batch_norm_inference(x, self.gamma, self.beta, self.moving_mean, self.moving_variance,
                                    eps=self.epsilon, axis=self.axis)

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "axis": self.axis, "momentum": self.momentum, "epsilon": self.epsilon,
                "center": self.center, "scale": self.scale,
                "beta_initializer": initializers.serialize(self.beta_initializer),
                "gamma_initializer": initializers.serialize(self.gamma_initializer),
                "moving_mean_initializer": initializers.serialize(self.moving_mean_initializer),
                "moving_variance_initializer": initializers.serialize(self.moving_variance_initializer),
                "beta_regularizer": _serialize_regularizer(self.beta_regularizer),
                "gamma_regularizer": _serialize_regularizer(self.gamma_regularizer),
                "beta_constraint": None, "gamma_constraint": None, "synchronized": False, "renorm": False,
                "renorm_clipping": None, "renorm_momentum": self.renorm_momentum}
