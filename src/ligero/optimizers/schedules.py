"""``keras.optimizers.schedules``: learning rates as functions of the step, Keras 3's formulas.

A schedule is a callable ``schedule(step) -> float``; an optimizer given one as
``learning_rate`` evaluates it at ``iterations`` before each step. Each has
``get_config()``/``from_config()``; :func:`serialize`/:func:`deserialize` write
and read Keras's ``{"module", "class_name", "config", "registered_name"}`` form.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ligero.errors import ConfigError, unknown_name


def _f32(x: float) -> float:
    """Keras computes schedules in float32 (the dtype of the initial rate): round as it does."""
    return float(np.float32(x))


def _positive_steps(name: str, value: Any) -> None:
    if value <= 0:
        raise ValueError(f"Argument `{name}` must be > 0. Received: {name}={value}")


class LearningRateSchedule:
    """Base class: ``__call__(step)`` and ``get_config()``; ``from_config(config)`` is ``cls(**config)``."""

    def __call__(self, step: Any) -> float:
        raise NotImplementedError(
            f"Learning rate schedule '{type(self).__name__}' must override `__call__(self, step)`."
        )

    def get_config(self) -> dict[str, Any]:
        raise NotImplementedError(f"Learning rate schedule '{type(self).__name__}' must override `get_config()` "
                                  "in order to be serializable.")

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> LearningRateSchedule:
        return cls(**config)


class _RateDecay(LearningRateSchedule):
    """The schedules of ``lr₀``, ``decay_rate`` and the progress ``p = step / decay_steps``
    (floored when ``staircase``): exponential and inverse-time decay."""

    def __init__(self, initial_learning_rate: float, decay_steps: int, decay_rate: float, staircase: bool = False,
                 name: str | None = None) -> None:
        self.initial_learning_rate, self.decay_steps, self.decay_rate = initial_learning_rate, decay_steps, decay_rate
        self.staircase, self.name = staircase, name or type(self).__name__
        _positive_steps("decay_steps", decay_steps)

    def progress(self, step: Any) -> float:
        p = float(step) / self.decay_steps
        return math.floor(p) if self.staircase else p

    def get_config(self) -> dict[str, Any]:
        return {"initial_learning_rate": self.initial_learning_rate, "decay_steps": self.decay_steps,
                "decay_rate": self.decay_rate, "staircase": self.staircase, "name": self.name}


class ExponentialDecay(_RateDecay):
    """``lr₀ · rate^p``, ``p = step / decay_steps`` (floored when ``staircase``)."""

    def __call__(self, step: Any) -> float:
        return _f32(self.initial_learning_rate * self.decay_rate ** self.progress(step))


class PiecewiseConstantDecay(LearningRateSchedule):
    """``values[0]`` for ``step ≤ boundaries[0]``, ``values[i]`` for ``boundaries[i-1] < step ≤ boundaries[i]``,
    ``values[-1]`` after the last boundary."""

    def __init__(self, boundaries: list[Any], values: list[float], name: str = "PiecewiseConstant") -> None:
        if len(boundaries) != len(values) - 1:
            raise ValueError(
                "The length of boundaries should be 1 less than the length of values. Received: "
                f"boundaries={boundaries} of length {len(boundaries)}, and values={values} of length {len(values)}."
            )
        self.boundaries, self.values, self.name = boundaries, values, name

    def __call__(self, step: Any) -> float:
        step = float(step)
        for boundary, value in zip(self.boundaries, self.values):
            if step <= boundary:
                return _f32(value)
        return _f32(self.values[-1])

    def get_config(self) -> dict[str, Any]:
        return {"boundaries": self.boundaries, "values": self.values, "name": self.name}


class PolynomialDecay(LearningRateSchedule):
    """``(lr₀ − end)·(1 − s/D)^power + end`` with ``s = min(step, D)``; ``cycle``: ``D`` grows by
    ``ceil(step / decay_steps)`` instead."""

    def __init__(self, initial_learning_rate: float, decay_steps: int, end_learning_rate: float = 0.0001,
                 power: float = 1.0, cycle: bool = False, name: str = "PolynomialDecay") -> None:
        self.initial_learning_rate, self.decay_steps = initial_learning_rate, decay_steps
        self.end_learning_rate, self.power, self.cycle, self.name = end_learning_rate, power, cycle, name
        _positive_steps("decay_steps", decay_steps)

    def __call__(self, step: Any) -> float:
        step, steps = float(step), float(self.decay_steps)
        if self.cycle:
            steps *= 1.0 if step == 0 else math.ceil(step / self.decay_steps)
        else:
            step = min(step, steps)
        p = step / steps
        return _f32((self.initial_learning_rate - self.end_learning_rate) * (1 - p) ** self.power
                    + self.end_learning_rate)

    def get_config(self) -> dict[str, Any]:
        return {"initial_learning_rate": self.initial_learning_rate, "decay_steps": self.decay_steps,
                "end_learning_rate": self.end_learning_rate, "power": self.power, "cycle": self.cycle,
                "name": self.name}


class InverseTimeDecay(_RateDecay):
    """``lr₀ / (1 + rate · p)``, ``p = step / decay_steps`` (floored when ``staircase``)."""

    def __call__(self, step: Any) -> float:
        return _f32(self.initial_learning_rate / (1.0 + self.decay_rate * self.progress(step)))


def _cosine(fraction: float, alpha: float) -> float:
    return (1 - alpha) * 0.5 * (1.0 + math.cos(math.pi * fraction)) + alpha


class CosineDecay(LearningRateSchedule):
    """Optional linear warmup from ``lr₀`` to ``warmup_target`` over ``warmup_steps``, then
    ``top · ((1 − α)·½(1 + cos(π·s/D)) + α)`` with ``s`` the steps after warmup, at most ``D``
    (``top`` is ``warmup_target``, or ``lr₀`` without warmup)."""

    def __init__(self, initial_learning_rate: float, decay_steps: int, alpha: float = 0.0, name: str = "CosineDecay",
                 warmup_target: float | None = None, warmup_steps: int = 0) -> None:
        self.initial_learning_rate, self.decay_steps, self.alpha, self.name = (initial_learning_rate, decay_steps,
                                                                              alpha, name)
        self.warmup_target, self.warmup_steps = warmup_target, warmup_steps
        _positive_steps("decay_steps", decay_steps)

    def __call__(self, step: Any) -> float:
        step = float(step)
        if self.warmup_target is None:
            return _f32(self.initial_learning_rate * _cosine(min(step, self.decay_steps) / self.decay_steps,
                                                             self.alpha))
        step = min(step, self.decay_steps + self.warmup_steps)
        if step < self.warmup_steps:
            delta = self.warmup_target - self.initial_learning_rate
            return _f32(delta * step / self.warmup_steps + self.initial_learning_rate)
        return _f32(self.warmup_target * _cosine((step - self.warmup_steps) / self.decay_steps, self.alpha))

    def get_config(self) -> dict[str, Any]:
        return {"initial_learning_rate": self.initial_learning_rate, "decay_steps": self.decay_steps,
                "alpha": self.alpha, "name": self.name, "warmup_target": self.warmup_target,
                "warmup_steps": self.warmup_steps}


class CosineDecayRestarts(LearningRateSchedule):
    """SGDR: cosine decay over periods of ``first_decay_steps·t_mulⁱ`` steps, the ``i``-th restart scaled by
    ``m_mulⁱ``: ``lr₀ · ((1 − α)·½·m_mulⁱ·(1 + cos(π·f)) + α)``, ``f`` the fraction of the current period."""

    def __init__(self, initial_learning_rate: float, first_decay_steps: int, t_mul: float = 2.0, m_mul: float = 1.0,
                 alpha: float = 0.0, name: str = "SGDRDecay") -> None:
        self.initial_learning_rate, self.first_decay_steps = initial_learning_rate, first_decay_steps
        self._t_mul, self._m_mul, self.alpha, self.name = t_mul, m_mul, alpha, name
        _positive_steps("first_decay_steps", first_decay_steps)

    def __call__(self, step: Any) -> float:
        fraction = float(step) / self.first_decay_steps
        t_mul = self._t_mul
        if t_mul == 1.0:
            i_restart = math.floor(fraction)
            fraction -= i_restart
        else:
            i_restart = math.floor(math.log(1.0 - fraction * (1.0 - t_mul)) / math.log(t_mul))
            sum_r = (1.0 - t_mul**i_restart) / (1.0 - t_mul)
            fraction = (fraction - sum_r) / t_mul**i_restart
        m_fac = self._m_mul**i_restart
        decayed = (1 - self.alpha) * 0.5 * m_fac * (1.0 + math.cos(math.pi * fraction)) + self.alpha
        return _f32(self.initial_learning_rate * decayed)

    def get_config(self) -> dict[str, Any]:
        return {"initial_learning_rate": self.initial_learning_rate, "first_decay_steps": self.first_decay_steps,
                "t_mul": self._t_mul, "m_mul": self._m_mul, "alpha": self.alpha, "name": self.name}


_BY_NAME: dict[str, type[LearningRateSchedule]] = {
    cls.__name__: cls for cls in (ExponentialDecay, PiecewiseConstantDecay, PolynomialDecay, InverseTimeDecay,
                                  CosineDecay, CosineDecayRestarts)
}


def serialize(learning_rate_schedule: LearningRateSchedule) -> dict[str, Any]:
    """Keras's serialized form: ``{"module", "class_name", "config", "registered_name"}``."""
    if not isinstance(learning_rate_schedule, LearningRateSchedule):
        raise ConfigError(f"cannot serialize {learning_rate_schedule!r}: not a LearningRateSchedule")
    name = type(learning_rate_schedule).__name__
    return {"module": "keras.optimizers.schedules", "class_name": name,
            "config": learning_rate_schedule.get_config(),
            "registered_name": None if name in _BY_NAME else name}


def deserialize(config: dict[str, Any], custom_objects: dict[str, Any] | None = None) -> LearningRateSchedule:
    """A schedule from :func:`serialize`'s output (``{"class_name": ..., "config": {...}}``)."""
    name = config.get("class_name")
    cls = (custom_objects or {}).get(name) or _BY_NAME.get(name)
    if cls is None:
        raise unknown_name("learning rate schedule", name, _BY_NAME)
    return cls.from_config(dict(config.get("config", {})))


__all__ = ["CosineDecay", "CosineDecayRestarts", "ExponentialDecay", "InverseTimeDecay", "LearningRateSchedule",
           "PiecewiseConstantDecay", "PolynomialDecay", "deserialize", "serialize"]
