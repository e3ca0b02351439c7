"""The PyTorch-face optimizers (``torch.optim.SGD``...): torch 2.13's defaults, options and state.

Each class checks its options, names its state as torch does and calls its rule
in :mod:`ligero.optimizers.rules` (the rule the Keras face calls too) with
torch's choices: momentum buffers accumulate ``g`` (``lr`` applied after), ε
outside square roots, ``weight_decay`` coupled (``g + λ·p``) except AdamW's and
``decoupled_weight_decay=True`` (``p ← p − lr·λ·p``), ``maximize`` negates ``g``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ligero import blas
from ligero.optim.optimizer import Optimizer, state_tensor, step_tensor
from ligero.optimizers import rules
from ligero.tensor import Tensor


def _check(name: str, value: float, low: float = 0.0, high: float | None = None, closed: bool = False) -> None:
    """torch's ``ValueError("Invalid learning rate: -1")``-style checks: ``low ≤ value < high`` (``≤`` if closed)."""
    above = high is not None and (value > high if closed else value >= high)
    if not low <= value or above:
        raise ValueError(f"Invalid {name}: {value}")


def _check_betas(betas: tuple[float, float]) -> None:
    _check("beta parameter at index 0", betas[0], 0.0, 1.0)
    _check("beta parameter at index 1", betas[1], 0.0, 1.0)


SCRATCH_FROM = 4096
"""Arrays of fewer elements take a temporary rather than a view of the scratch buffer (cheaper below this)."""


class _Torch(Optimizer):
    """What the torch-face algorithms share: the gradient with ``maximize`` and coupled decay applied,
    a shared scratch buffer per dtype, and the step counter. Their rules are elementwise (small
    parameters are updated in packs)."""

    elementwise = True

    def __init__(self, params: Any, defaults: dict[str, Any]) -> None:
        self._scratch: dict[np.dtype, np.ndarray] = {}
        super().__init__(params, defaults)

    def scratch(self, p: Tensor) -> np.ndarray:
        """A work array of ``p``'s shape and dtype (a view into one buffer per dtype)."""
        a = p.array
        flat = self._scratch.get(a.dtype)
        if flat is None or flat.size < a.size:
            flat = self._scratch[a.dtype] = np.empty(a.size, dtype=a.dtype)
        return flat[: a.size].reshape(a.shape)

    def gradient(self, p: Tensor, group: dict[str, Any], coupled: bool = True) -> np.ndarray:
        """``±g (+ λ·p)``: ``maximize`` negates, coupled ``weight_decay`` adds ``λ·p`` (a new array then)."""
        g = p.grad_array
        if group.get("maximize"):
            g = -g
        wd = group.get("weight_decay", 0)
        if coupled and wd:
            g = g + wd * p.array
        return g

    def decay_decoupled(self, p: Tensor, group: dict[str, Any]) -> bool:
        """Apply ``p ← p − lr·λ·p`` when the group decays decoupled; say whether it did."""
        if group.get("decoupled_weight_decay"):
            rules.decay_weights(p.array, group["lr"], group["weight_decay"])
            return True
        return False

    @staticmethod
    def count(state: dict[str, Any]) -> int:
        """Add one to ``state["step"]`` (a float32 scalar tensor, as torch) and return it."""
        state["step"].array += 1
        return int(state["step"].array)


class SGD(_Torch):
    """``torch.optim.SGD``: :func:`ligero.optimizers.rules.sgd_momentum` (``b ← μb + (1 − τ)g``,
    ``p ← p − lr·b``, or ``p ← p − lr·(g + μb)`` with nesterov); without momentum one
    :func:`ligero.blas.accumulate`, ``p ← (1 − lr·λ)·p ∓ lr·g``, that folds a lazy ``xᵀ·g``."""

    def __init__(self, params: Any, lr: float = 1e-3, momentum: float = 0, dampening: float = 0,
                 weight_decay: float = 0, nesterov: bool = False, *, maximize: bool = False, foreach: Any = None,
                 differentiable: bool = False, fused: Any = None) -> None:
        _check("learning rate", lr)
        _check("momentum value", momentum)
        _check("weight_decay value", weight_decay)
        if nesterov and (momentum <= 0 or dampening != 0):
            raise ValueError("Nesterov momentum requires a momentum and zero dampening")
        super().__init__(params, dict(lr=lr, momentum=momentum, dampening=dampening, weight_decay=weight_decay,
                                      nesterov=nesterov, maximize=maximize, foreach=foreach,
                                      differentiable=differentiable, fused=fused))

    def _step_group(self, group: dict[str, Any]) -> None:
        """Without momentum, no state (as torch): one :func:`ligero.blas.accumulate` per parameter."""
        if group["momentum"]:
            super()._step_group(group)
            return
        lr = group["lr"]
        alpha, beta = (lr if group["maximize"] else -lr), 1.0 - lr * group["weight_decay"]
        for p in group["params"]:
            g = p.unevaluated_grad
            if g is not None:
                a = p.array  # a small array's temporary costs less than a scratch view
                blas.accumulate(a, g, alpha, beta, self.scratch(p) if a.size >= SCRATCH_FROM else None)

    def _update(self, p: Tensor, state: dict[str, Any], group: dict[str, Any]) -> None:
        lr, momentum = group["lr"], group["momentum"]
        g = self.gradient(p, group)
        buf = state.get("momentum_buffer")
        first = buf is None
        if first:
            buf = state["momentum_buffer"] = state_tensor(p)
        rules.sgd_momentum(p.array, g, buf.array, self.scratch(p), lr=lr, momentum=momentum,
                           dampening=group["dampening"], nesterov=group["nesterov"], first=first)


class Adam(_Torch):
    """``torch.optim.Adam``: :func:`ligero.optimizers.rules.adam` in torch's form
    (``p ← p − (lr/c₁)·m/(√v/√c₂ + ε)``), amsgrad, coupled or decoupled weight decay."""

    decoupled_default = False

    def __init__(self, params: Any, lr: float = 1e-3, betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8,
                 weight_decay: float = 0, amsgrad: bool = False, *, foreach: Any = None, maximize: bool = False,
                 capturable: bool = False, differentiable: bool = False, fused: Any = None,
                 decoupled_weight_decay: bool | None = None) -> None:
        _check("learning rate", lr)
        _check("epsilon value", eps)
        _check_betas(betas)
        _check("weight_decay value", weight_decay)
        decoupled = self.decoupled_default if decoupled_weight_decay is None else decoupled_weight_decay
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay, amsgrad=amsgrad,
                                      maximize=maximize, foreach=foreach, capturable=capturable,
                                      differentiable=differentiable, fused=fused, decoupled_weight_decay=decoupled))

    def _init_state(self, p: Tensor, state: dict[str, Any], group: dict[str, Any]) -> None:
        state["step"], state["exp_avg"], state["exp_avg_sq"] = step_tensor(), state_tensor(p), state_tensor(p)
        if group["amsgrad"]:
            state["max_exp_avg_sq"] = state_tensor(p)

    def _update(self, p: Tensor, state: dict[str, Any], group: dict[str, Any]) -> None:
        t = self.count(state)
        g = self.gradient(p, group, coupled=not group["decoupled_weight_decay"])
        self.decay_decoupled(p, group)
        v_max = state.get("max_exp_avg_sq") if group["amsgrad"] else None
        b1, b2 = group["betas"]
        rules.adam(p.array, g, state["exp_avg"].array, state["exp_avg_sq"].array, self.scratch(p), step=t,
                   lr=group["lr"], beta_1=b1, beta_2=b2, eps=group["eps"],
                   v_max=None if v_max is None else v_max.array)


class AdamW(Adam):
    """``torch.optim.AdamW``: Adam with decoupled weight decay, ``weight_decay=1e-2``."""

    decoupled_default = True

    def __init__(self, params: Any, lr: float = 1e-3, betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8,
                 weight_decay: float = 1e-2, amsgrad: bool = False, **kwargs: Any) -> None:
        super().__init__(params, lr, betas, eps, weight_decay, amsgrad, **kwargs)


class RMSprop(_Torch):
    """``torch.optim.RMSprop``: :func:`ligero.optimizers.rules.rmsprop` in torch's form
    (``g/(√s̃ + ε)``, the momentum buffer without ``lr``), centered and momentum options."""

    def __init__(self, params: Any, lr: float = 1e-2, alpha: float = 0.99, eps: float = 1e-8, weight_decay: float = 0,
                 momentum: float = 0, centered: bool = False, capturable: bool = False, foreach: Any = None,
                 maximize: bool = False, differentiable: bool = False) -> None:
        _check("learning rate", lr)
        _check("epsilon value", eps)
        _check("momentum value", momentum)
        _check("weight_decay value", weight_decay)
        _check("alpha value", alpha)
        super().__init__(params, dict(lr=lr, momentum=momentum, alpha=alpha, eps=eps, centered=centered,
                                      weight_decay=weight_decay, capturable=capturable, foreach=foreach,
                                      maximize=maximize, differentiable=differentiable))

    def _init_state(self, p: Tensor, state: dict[str, Any], group: dict[str, Any]) -> None:
        state["step"], state["square_avg"] = step_tensor(), state_tensor(p)
        if group["momentum"] > 0:
            state["momentum_buffer"] = state_tensor(p)
        if group["centered"]:
            state["grad_avg"] = state_tensor(p)

    def _update(self, p: Tensor, state: dict[str, Any], group: dict[str, Any]) -> None:
        self.count(state)
        buf, avg = state.get("momentum_buffer"), state.get("grad_avg") if group["centered"] else None
        rules.rmsprop(p.array, self.gradient(p, group), state["square_avg"].array, self.scratch(p), lr=group["lr"],
                      rho=group["alpha"], eps=group["eps"], momentum=group["momentum"],
                      buf=None if buf is None else buf.array, grad_avg=None if avg is None else avg.array)


class Adagrad(_Torch):
    """``torch.optim.Adagrad``: :func:`ligero.optimizers.rules.adagrad` in torch's form
    (``g/(√G + ε)``) at ``lr/(1 + (t − 1)·lr_decay)``."""

    def __init__(self, params: Any, lr: float = 1e-2, lr_decay: float = 0, weight_decay: float = 0,
                 initial_accumulator_value: float = 0, eps: float = 1e-10, foreach: Any = None, *,
                 maximize: bool = False, differentiable: bool = False, fused: Any = None) -> None:
        _check("learning rate", lr)
        _check("lr_decay value", lr_decay)
        _check("weight_decay value", weight_decay)
        _check("initial_accumulator_value value", initial_accumulator_value)
        _check("epsilon value", eps)
        super().__init__(params, dict(lr=lr, lr_decay=lr_decay, eps=eps, weight_decay=weight_decay,
                                      initial_accumulator_value=initial_accumulator_value, foreach=foreach,
                                      maximize=maximize, differentiable=differentiable, fused=fused))
        for group in self.param_groups:  # torch fills the state at construction
            for p in group["params"]:
                self.state[p] = {"step": step_tensor(), "sum": state_tensor(p, group["initial_accumulator_value"])}

    def _update(self, p: Tensor, state: dict[str, Any], group: dict[str, Any]) -> None:
        t = self.count(state)
        lr = group["lr"] / (1 + (t - 1) * group["lr_decay"])
        rules.adagrad(p.array, self.gradient(p, group), state["sum"].array, self.scratch(p), lr=lr, eps=group["eps"])


class Adadelta(_Torch):
    """``torch.optim.Adadelta``: :func:`ligero.optimizers.rules.adadelta` (the same formula as Keras)."""

    def __init__(self, params: Any, lr: float = 1.0, rho: float = 0.9, eps: float = 1e-6, weight_decay: float = 0,
                 foreach: Any = None, *, capturable: bool = False, maximize: bool = False,
                 differentiable: bool = False) -> None:
        _check("learning rate", lr)
        _check("rho value", rho, 0.0, 1.0, closed=True)
        _check("epsilon value", eps)
        _check("weight_decay value", weight_decay)
        super().__init__(params, dict(lr=lr, rho=rho, eps=eps, weight_decay=weight_decay, maximize=maximize,
                                      capturable=capturable, foreach=foreach, differentiable=differentiable))

    def _init_state(self, p: Tensor, state: dict[str, Any], group: dict[str, Any]) -> None:
        state["step"], state["square_avg"], state["acc_delta"] = step_tensor(), state_tensor(p), state_tensor(p)

    def _update(self, p: Tensor, state: dict[str, Any], group: dict[str, Any]) -> None:
        self.count(state)
        rules.adadelta(p.array, self.gradient(p, group), state["square_avg"].array, state["acc_delta"].array,
                       self.scratch(p), lr=group["lr"], rho=group["rho"], eps=group["eps"])


class Adamax(_Torch):
    """``torch.optim.Adamax``: :func:`ligero.optimizers.rules.adamax` in torch's form (``u ← max(β₂u, |g| + ε)``)."""

    def __init__(self, params: Any, lr: float = 2e-3, betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8,
                 weight_decay: float = 0, foreach: Any = None, *, maximize: bool = False,
                 differentiable: bool = False, capturable: bool = False) -> None:
        _check("learning rate", lr)
        _check("epsilon value", eps)
        _check_betas(betas)
        _check("weight_decay value", weight_decay)
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay, foreach=foreach,
                                      maximize=maximize, differentiable=differentiable, capturable=capturable))

    def _init_state(self, p: Tensor, state: dict[str, Any], group: dict[str, Any]) -> None:
        state["step"], state["exp_avg"], state["exp_inf"] = step_tensor(), state_tensor(p), state_tensor(p)

    def _update(self, p: Tensor, state: dict[str, Any], group: dict[str, Any]) -> None:
        t = self.count(state)
        b1, b2 = group["betas"]
        rules.adamax(p.array, self.gradient(p, group), state["exp_avg"].array, state["exp_inf"].array,
                     self.scratch(p), step=t, lr=group["lr"], beta_1=b1, beta_2=b2, eps=group["eps"], eps_in_max=True)


class NAdam(_Torch):
    """``torch.optim.NAdam``: :func:`ligero.optimizers.rules.nadam` with ``ψ = momentum_decay`` (0.004)."""

    def __init__(self, params: Any, lr: float = 2e-3, betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8,
                 weight_decay: float = 0, momentum_decay: float = 4e-3, decoupled_weight_decay: bool = False, *,
                 foreach: Any = None, maximize: bool = False, capturable: bool = False,
                 differentiable: bool = False) -> None:
        _check("learning rate", lr)
        _check("epsilon value", eps)
        _check_betas(betas)
        _check("weight_decay value", weight_decay)
        _check("momentum_decay value", momentum_decay)
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay,
                                      momentum_decay=momentum_decay, decoupled_weight_decay=decoupled_weight_decay,
                                      maximize=maximize, foreach=foreach, capturable=capturable,
                                      differentiable=differentiable))

    def _init_state(self, p: Tensor, state: dict[str, Any], group: dict[str, Any]) -> None:
        state["step"] = step_tensor()
        state["mu_product"] = Tensor(np.array(1.0, dtype=np.float32))
        state["exp_avg"], state["exp_avg_sq"] = state_tensor(p), state_tensor(p)

    def _update(self, p: Tensor, state: dict[str, Any], group: dict[str, Any]) -> None:
        t = self.count(state)
        g = self.gradient(p, group, coupled=not group["decoupled_weight_decay"])
        self.decay_decoupled(p, group)
        b1, b2 = group["betas"]
        mu_product = rules.nadam(p.array, g, state["exp_avg"].array, state["exp_avg_sq"].array, self.scratch(p),
                                 step=t, lr=group["lr"], beta_1=b1, beta_2=b2, eps=group["eps"],
                                 mu_product=float(state["mu_product"].array), momentum_decay=group["momentum_decay"])
        state["mu_product"].array[...] = mu_product


class RAdam(_Torch):
    """``torch.optim.RAdam``: :func:`ligero.optimizers.rules.radam` (the rectified adaptive step once ``ρₜ > 5``)."""

    def __init__(self, params: Any, lr: float = 1e-3, betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8,
                 weight_decay: float = 0, decoupled_weight_decay: bool = False, *, foreach: Any = None,
                 maximize: bool = False, capturable: bool = False, differentiable: bool = False) -> None:
        _check("learning rate", lr)
        _check("epsilon value", eps)
        _check_betas(betas)
        _check("weight_decay value", weight_decay)
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay, maximize=maximize,
                                      foreach=foreach, capturable=capturable,
                                      decoupled_weight_decay=decoupled_weight_decay, differentiable=differentiable))

    def _init_state(self, p: Tensor, state: dict[str, Any], group: dict[str, Any]) -> None:
        state["step"], state["exp_avg"], state["exp_avg_sq"] = step_tensor(), state_tensor(p), state_tensor(p)

    def _update(self, p: Tensor, state: dict[str, Any], group: dict[str, Any]) -> None:
        t = self.count(state)
        g = self.gradient(p, group, coupled=not group["decoupled_weight_decay"])
        self.decay_decoupled(p, group)
        b1, b2 = group["betas"]
        rules.radam(p.array, g, state["exp_avg"].array, state["exp_avg_sq"].array, self.scratch(p), step=t,
                    lr=group["lr"], beta_1=b1, beta_2=b2, eps=group["eps"])
