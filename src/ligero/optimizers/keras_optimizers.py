"""The Keras-face optimizers (``keras.optimizers.SGD``...): Keras 3's defaults and formulas.

Each class only names its settings and calls its rule in :mod:`ligero.optimizers.rules`
(the rule :mod:`ligero.optim` calls too) with Keras's choices: the momentum buffers
accumulate ``lr·g``, ε sits where Keras puts it, and ``t = iterations + 1``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ligero import blas
from ligero.errors import ConfigError
from ligero.optimizers import rules
from ligero.optimizers.base import Optimizer, ParamState, _check_number


def _beta(name: str, value: Any) -> float:
    return _check_number(name, value, low=0.0, high=1.0, open_high=True)


def _set_moment_options(optimizer: Optimizer, beta_1: float, beta_2: float, epsilon: float) -> None:
    """The options of the Adam family, checked: ``beta_1``, ``beta_2`` in [0, 1), ``epsilon`` ≥ 0."""
    optimizer.beta_1, optimizer.beta_2 = _beta("beta_1", beta_1), _beta("beta_2", beta_2)
    optimizer.epsilon = _check_number("epsilon", epsilon, low=0.0)


class SGD(Optimizer):
    """Gradient descent with optional (Nesterov) momentum, as Keras writes it:

    - plain:     ``p ← p − lr·g``  (one :func:`ligero.blas.accumulate`: a lazy ``xᵀ·g`` is never formed)
    - momentum:  ``v ← μ·v − lr·g;  p ← p + v``;  nesterov: ``p ← p + μ·v − lr·g``

    (:func:`ligero.optimizers.rules.sgd_momentum` with ``lr_in_buffer``.)
    """

    name = "sgd"
    _hyper = ("momentum", "nesterov")
    default_learning_rate = 0.01

    def __init__(self, learning_rate: Any = None, momentum: float = 0.0, nesterov: bool = False,
                 **kwargs: Any) -> None:
        self.momentum = _check_number("momentum", momentum, low=0.0, high=1.0)
        self.nesterov = bool(nesterov)
        if self.nesterov and self.momentum == 0:
            raise ConfigError("SGD: nesterov=True needs momentum > 0")
        super().__init__(learning_rate, **kwargs)

    @property
    def folds_lazy_gradients(self) -> bool:
        return not self.momentum

    def slot_names(self) -> tuple[str, ...]:
        return ("momentum",) if self.momentum else ()

    @property
    def folds_weight_decay(self) -> bool:
        return not self.momentum

    def update_step(self, param: np.ndarray, grad: Any, state: ParamState, lr: float, decay: float) -> None:
        if not self.momentum:  # (1 − lr·λ)·p − lr·(g + k·p): one call
            blas.accumulate(param, grad, -lr, 1.0 - lr * (state.weight_decay + decay), state.scratch)
            return
        super().update_step(param, grad, state, lr, decay)

    def rule(self, param: np.ndarray, grad: np.ndarray, state: ParamState, lr: float, t: int) -> None:
        rules.sgd_momentum(param, grad, state.slots[0], state.scratch, lr=lr, momentum=self.momentum,
                           nesterov=self.nesterov, lr_in_buffer=True)


class RMSprop(Optimizer):
    """RMSprop as Keras: ``s ← ρs + (1−ρ)g²``; ``Δ = lr·g/√(s + ε)`` (centered: ``√(s − a² + ε)``);
    ``p ← p − Δ``, or with momentum ``b ← μb + Δ; p ← p − b`` (:func:`ligero.optimizers.rules.rmsprop`)."""

    name = "rmsprop"
    _hyper = ("rho", "momentum", "epsilon", "centered")

    def __init__(self, learning_rate: Any = None, rho: float = 0.9, momentum: float = 0.0, epsilon: float = 1e-7,
                 centered: bool = False, **kwargs: Any) -> None:
        self.rho = _check_number("rho", rho, low=0.0, high=1.0)
        self.momentum = _check_number("momentum", momentum, low=0.0)
        self.epsilon = _check_number("epsilon", epsilon, low=0.0)
        self.centered = bool(centered)
        super().__init__(learning_rate, **kwargs)

    def slot_names(self) -> tuple[str, ...]:
        return ("velocity",) + (("momentum",) if self.momentum else ()) + (("average_gradient",) if self.centered
                                                                              else ())

    def rule(self, param: np.ndarray, grad: np.ndarray, state: ParamState, lr: float, t: int) -> None:
        slots = dict(zip(self._slot_layout, state.slots))
        rules.rmsprop(param, grad, slots["velocity"], state.scratch, lr=lr, rho=self.rho, eps=self.epsilon,
                      momentum=self.momentum, buf=slots.get("momentum"), grad_avg=slots.get("average_gradient"),
                      eps_inside_sqrt=True, lr_in_buffer=True)


class Adam(Optimizer):
    """Adam as Keras: ``p ← p − (lr·√(1−β₂ᵗ)/(1−β₁ᵗ)) · m/(√v + ε)`` (:func:`ligero.optimizers.rules.adam`,
    ``eps_hat``); amsgrad keeps the running maximum of ``v``."""

    name = "adam"
    _hyper = ("beta_1", "beta_2", "epsilon", "amsgrad")

    def __init__(self, learning_rate: Any = None, beta_1: float = 0.9, beta_2: float = 0.999, epsilon: float = 1e-7,
                 amsgrad: bool = False, **kwargs: Any) -> None:
        _set_moment_options(self, beta_1, beta_2, epsilon)
        self.amsgrad = bool(amsgrad)
        super().__init__(learning_rate, **kwargs)

    def slot_names(self) -> tuple[str, ...]:
        return ("momentum", "velocity", "velocity_hat") if self.amsgrad else ("momentum", "velocity")

    def rule(self, param: np.ndarray, grad: np.ndarray, state: ParamState, lr: float, t: int) -> None:
        rules.adam(param, grad, state.slots[0], state.slots[1], state.scratch, step=t, lr=lr, beta_1=self.beta_1,
                   beta_2=self.beta_2, eps=self.epsilon, v_max=state.slots[2] if self.amsgrad else None, eps_hat=True)


class AdamW(Adam):
    """Adam with Keras's decoupled weight decay on by default (``weight_decay=0.004``)."""

    name = "adamw"
    default_weight_decay = 0.004


class Adagrad(Optimizer):
    """Adagrad as Keras: ``G ← G + g²`` (``G`` starts at ``initial_accumulator_value``);
    ``p ← p − lr·g/√(G + ε)`` (:func:`ligero.optimizers.rules.adagrad`)."""

    name = "adagrad"
    _hyper = ("initial_accumulator_value", "epsilon")

    def __init__(self, learning_rate: Any = None, initial_accumulator_value: float = 0.1, epsilon: float = 1e-7,
                 **kwargs: Any) -> None:
        self.initial_accumulator_value = _check_number("initial_accumulator_value", initial_accumulator_value, low=0.0)
        self.epsilon = _check_number("epsilon", epsilon, low=0.0)
        super().__init__(learning_rate, **kwargs)

    def slot_names(self) -> tuple[str, ...]:
        return ("accumulator",)

    def slot_initial_value(self, name: str) -> float:
        return self.initial_accumulator_value

    def rule(self, param: np.ndarray, grad: np.ndarray, state: ParamState, lr: float, t: int) -> None:
        rules.adagrad(param, grad, state.slots[0], state.scratch, lr=lr, eps=self.epsilon, eps_inside_sqrt=True)


class Adadelta(Optimizer):
    """Adadelta (:func:`ligero.optimizers.rules.adadelta`; Keras defaults ``lr = 0.001, ρ = 0.95``)."""

    name = "adadelta"
    _hyper = ("rho", "epsilon")

    def __init__(self, learning_rate: Any = None, rho: float = 0.95, epsilon: float = 1e-7, **kwargs: Any) -> None:
        self.rho = _check_number("rho", rho, low=0.0, high=1.0)
        self.epsilon = _check_number("epsilon", epsilon, low=0.0)
        super().__init__(learning_rate, **kwargs)

    def slot_names(self) -> tuple[str, ...]:
        return ("accumulated_grad", "accumulated_delta_var")

    def rule(self, param: np.ndarray, grad: np.ndarray, state: ParamState, lr: float, t: int) -> None:
        rules.adadelta(param, grad, state.slots[0], state.slots[1], state.scratch, lr=lr, rho=self.rho,
                       eps=self.epsilon)


class Adamax(Optimizer):
    """Adamax as Keras: ``u ← max(β₂u, |g|)``; ``p ← p − lr/(1−β₁ᵗ) · m/(u + ε)``
    (:func:`ligero.optimizers.rules.adamax`)."""

    name = "adamax"
    _hyper = ("beta_1", "beta_2", "epsilon")

    def __init__(self, learning_rate: Any = None, beta_1: float = 0.9, beta_2: float = 0.999, epsilon: float = 1e-7,
                 **kwargs: Any) -> None:
        _set_moment_options(self, beta_1, beta_2, epsilon)
        super().__init__(learning_rate, **kwargs)

    def slot_names(self) -> tuple[str, ...]:
        return ("m", "u")

    def rule(self, param: np.ndarray, grad: np.ndarray, state: ParamState, lr: float, t: int) -> None:
        rules.adamax(param, grad, state.slots[0], state.slots[1], state.scratch, step=t, lr=lr, beta_1=self.beta_1,
                     beta_2=self.beta_2, eps=self.epsilon)


class Nadam(Optimizer):
    """Nadam as Keras: :func:`ligero.optimizers.rules.nadam` with ``μₜ = β₁(1 − ½·0.96ᵗ)`` (ψ = 1)."""

    name = "nadam"
    _hyper = ("beta_1", "beta_2", "epsilon")

    def __init__(self, learning_rate: Any = None, beta_1: float = 0.9, beta_2: float = 0.999, epsilon: float = 1e-7,
                 **kwargs: Any) -> None:
        _set_moment_options(self, beta_1, beta_2, epsilon)
        super().__init__(learning_rate, **kwargs)

    def slot_names(self) -> tuple[str, ...]:
        return ("momentum", "velocity")

    def rule(self, param: np.ndarray, grad: np.ndarray, state: ParamState, lr: float, t: int) -> None:
        state.scalar = rules.nadam(param, grad, state.slots[0], state.slots[1], state.scratch, step=t, lr=lr,
                                   beta_1=self.beta_1, beta_2=self.beta_2, eps=self.epsilon,
                                   mu_product=state.scalar, momentum_decay=1.0)


class Lion(Optimizer):
    """Lion as Keras: ``p ← p − lr·sign(β₁m + (1−β₁)g)``; ``m ← β₂m + (1−β₂)g``
    (:func:`ligero.optimizers.rules.lion`)."""

    name = "lion"
    _hyper = ("beta_1", "beta_2")

    def __init__(self, learning_rate: Any = None, beta_1: float = 0.9, beta_2: float = 0.99, **kwargs: Any) -> None:
        self.beta_1, self.beta_2 = _beta("beta_1", beta_1), _beta("beta_2", beta_2)
        super().__init__(learning_rate, **kwargs)

    def slot_names(self) -> tuple[str, ...]:
        return ("momentum",)

    def rule(self, param: np.ndarray, grad: np.ndarray, state: ParamState, lr: float, t: int) -> None:
        rules.lion(param, grad, state.slots[0], state.scratch, lr=lr, beta_1=self.beta_1, beta_2=self.beta_2)
