"""The update rules: one function per algorithm, shared by the PyTorch and the Keras face.

Each function updates ``param`` (an ndarray) in place from ``grad`` (an ndarray)
and the state arrays it is given, with NumPy only and one work array
``scratch`` of the parameter's shape. The two faces call the same function and
differ only where PyTorch and Keras genuinely compute differently; each such
difference is one keyword of the rule, with both formulas in its docstring:

- ``lr_in_buffer``: the momentum buffer accumulates ``lr·g`` (Keras) or ``g``
  (PyTorch, ``lr`` applied after); the same while ``lr`` is constant.
- ``eps_inside_sqrt``: ``√(s + ε)`` (Keras RMSprop, Adagrad) or ``√s + ε`` (PyTorch).
- ``eps_hat``: Adam's ``ε`` added to ``√v`` before the bias correction (Keras:
  ``lr·√c₂/c₁ · m/(√v + ε)``) or to ``√v̂`` after it (PyTorch: ``lr/c₁ · m/(√v/√c₂ + ε)``).

Weight decay is the caller's: :func:`decay_gradient` (coupled L2, ``g + k·p``) and
:func:`decay_weights` (decoupled, ``p ← p − lr·λ·p``) are the two forms.
"""

from __future__ import annotations

import math

import numpy as np


def update_moments(grad: np.ndarray, m: np.ndarray, v: np.ndarray, beta_1: float, beta_2: float,
                   scratch: np.ndarray) -> None:
    """Adam's running moments, in place: ``m ← m + (1 − β₁)·(g − m)``, ``v ← v + (1 − β₂)·(g² − v)``."""
    scratch[...] = grad
    scratch -= m
    scratch *= 1.0 - beta_1
    m += scratch
    np.multiply(grad, grad, out=scratch)
    scratch -= v
    scratch *= 1.0 - beta_2
    v += scratch


def decay_gradient(grad: np.ndarray, param: np.ndarray, k: float, out: np.ndarray) -> np.ndarray:
    """Coupled L2: ``g + k·p`` written into ``out`` (``grad`` itself when ``k = 0``)."""
    if not k:
        return grad
    np.multiply(param, k, out=out)
    out += grad
    return out


def decay_weights(param: np.ndarray, lr: float, weight_decay: float) -> None:
    """Decoupled weight decay: ``p ← p − lr·λ·p`` (Keras for every optimizer, PyTorch's AdamW)."""
    if weight_decay:
        param *= 1.0 - lr * weight_decay


def sgd_momentum(param: np.ndarray, grad: np.ndarray, buf: np.ndarray, scratch: np.ndarray, *, lr: float,
                 momentum: float, dampening: float = 0.0, nesterov: bool = False, first: bool = False,
                 lr_in_buffer: bool = False) -> None:
    """SGD with momentum μ (plain SGD is :func:`ligero.blas.accumulate`, one call).

    With ``u = lr·g`` when ``lr_in_buffer`` (Keras) else ``u = g`` (PyTorch):

    - ``b ← u`` on the first step (PyTorch's ``clone``), else ``b ← μ·b + (1 − dampening)·u``
    - ``d = u + μ·b`` (nesterov) or ``d = b``
    - ``p ← p − d`` (Keras) or ``p ← p − lr·d`` (PyTorch)

    Keras writes it ``v ← μv − lr·g; p ← p + v`` (nesterov ``p ← p + μv − lr·g``): ``v = −b``.
    """
    if lr_in_buffer:
        np.multiply(grad, lr, out=scratch)
        u, scale = scratch, 1.0
    else:
        u, scale = grad, lr
    if first:
        buf[...] = u
    else:
        buf *= momentum
        if dampening:
            buf += (1.0 - dampening) * u
        else:
            buf += u
    if nesterov:
        if u is not scratch:
            scratch[...] = u
        scratch += momentum * buf
        d = scratch
    else:
        d = buf
    if scale == 1.0:
        param -= d
    else:
        np.multiply(d, scale, out=scratch)
        param -= scratch


def rmsprop(param: np.ndarray, grad: np.ndarray, square_avg: np.ndarray, scratch: np.ndarray, *, lr: float,
            rho: float, eps: float, momentum: float = 0.0, buf: np.ndarray | None = None,
            grad_avg: np.ndarray | None = None, eps_inside_sqrt: bool = False,
            lr_in_buffer: bool = False) -> None:
    """RMSprop, centered when ``grad_avg`` is given, with momentum when ``momentum > 0`` (``buf``).

    - ``s ← ρ·s + (1 − ρ)·g²``;  centered: ``a ← ρ·a + (1 − ρ)·g`` and ``s̃ = s − a²``, else ``s̃ = s``
    - ``r = g / √(s̃ + ε)`` (Keras) or ``r = g / (√s̃ + ε)`` (PyTorch)
    - no momentum: ``p ← p − lr·r``; momentum: ``b ← μ·b + lr·r; p ← p − b`` (Keras,
      ``lr_in_buffer``) or ``b ← μ·b + r; p ← p − lr·b`` (PyTorch)
    """
    square_avg *= rho
    np.multiply(grad, grad, out=scratch)
    scratch *= 1.0 - rho
    square_avg += scratch
    if grad_avg is not None:
        grad_avg *= rho
        grad_avg += (1.0 - rho) * grad
        np.multiply(grad_avg, grad_avg, out=scratch)
        np.subtract(square_avg, scratch, out=scratch)
    else:
        scratch[...] = square_avg
    if eps_inside_sqrt:
        scratch += eps
        np.sqrt(scratch, out=scratch)
    else:
        np.sqrt(scratch, out=scratch)
        scratch += eps
    np.divide(grad, scratch, out=scratch)
    if momentum and buf is not None:
        buf *= momentum
        if lr_in_buffer:
            scratch *= lr
            buf += scratch
            param -= buf
        else:
            buf += scratch
            np.multiply(buf, lr, out=scratch)
            param -= scratch
        return
    scratch *= lr
    param -= scratch


def adam(param: np.ndarray, grad: np.ndarray, m: np.ndarray, v: np.ndarray, scratch: np.ndarray, *, step: int,
         lr: float, beta_1: float, beta_2: float, eps: float, v_max: np.ndarray | None = None,
         eps_hat: bool = False) -> None:
    """Adam with bias correction (``t = step``, ``c₁ = 1 − β₁ᵗ``, ``c₂ = 1 − β₂ᵗ``).

    - ``m ← m + (1 − β₁)·(g − m)``;  ``v ← v + (1 − β₂)·(g² − v)``  (both start at 0)
    - amsgrad (``v_max`` given): ``v_max ← max(v_max, v)`` replaces ``v`` below
    - PyTorch: ``p ← p − (lr/c₁) · m / (√v/√c₂ + ε)``
    - Keras (``eps_hat``): ``p ← p − (lr·√c₂/c₁) · m / (√v + ε)``
    """
    update_moments(grad, m, v, beta_1, beta_2, scratch)
    if v_max is not None:
        np.maximum(v_max, v, out=v_max)
        v = v_max
    c1, root_c2 = 1.0 - beta_1**step, math.sqrt(1.0 - beta_2**step)
    np.sqrt(v, out=scratch)
    # PyTorch's form folded into Keras's: (lr/c₁)·m/(√v/√c₂ + ε) = (lr·√c₂/c₁)·m/(√v + ε·√c₂)
    scratch += eps if eps_hat else eps * root_c2
    np.divide(m, scratch, out=scratch)
    scratch *= lr * root_c2 / c1
    param -= scratch


def adagrad(param: np.ndarray, grad: np.ndarray, accumulator: np.ndarray, scratch: np.ndarray, *, lr: float,
            eps: float, eps_inside_sqrt: bool = False) -> None:
    """Adagrad: ``G ← G + g²``; ``p ← p − lr·g/√(G + ε)`` (Keras) or ``p ← p − lr·g/(√G + ε)`` (PyTorch).

    PyTorch's ``lr_decay`` is the caller's: ``lr = lr₀ / (1 + (t − 1)·lr_decay)``.
    """
    np.multiply(grad, grad, out=scratch)
    accumulator += scratch
    if eps_inside_sqrt:
        np.add(accumulator, eps, out=scratch)
        np.sqrt(scratch, out=scratch)
    else:
        np.sqrt(accumulator, out=scratch)
        scratch += eps
    np.divide(grad, scratch, out=scratch)
    scratch *= lr
    param -= scratch


def adadelta(param: np.ndarray, grad: np.ndarray, square_avg: np.ndarray, acc_delta: np.ndarray,
             scratch: np.ndarray, *, lr: float, rho: float, eps: float) -> None:
    """Adadelta (the same formula in PyTorch and Keras):

    - ``s ← ρ·s + (1 − ρ)·g²``
    - ``Δ = √(d + ε) / √(s + ε) · g``;  ``d ← ρ·d + (1 − ρ)·Δ²``
    - ``p ← p − lr·Δ``
    """
    square_avg *= rho
    square_avg += (1.0 - rho) * grad * grad
    np.add(acc_delta, eps, out=scratch)
    np.sqrt(scratch, out=scratch)
    scratch /= np.sqrt(square_avg + eps)
    scratch *= grad
    acc_delta *= rho
    acc_delta += (1.0 - rho) * scratch * scratch
    scratch *= lr
    param -= scratch


def adamax(param: np.ndarray, grad: np.ndarray, m: np.ndarray, u: np.ndarray, scratch: np.ndarray, *, step: int,
           lr: float, beta_1: float, beta_2: float, eps: float, eps_in_max: bool = False) -> None:
    """Adamax (Adam with the infinity norm), ``c₁ = 1 − β₁ᵗ``:

    - ``m ← m + (1 − β₁)·(g − m)``
    - PyTorch (``eps_in_max``): ``u ← max(β₂·u, |g| + ε)``; ``p ← p − (lr/c₁)·m/u``
    - Keras: ``u ← max(β₂·u, |g|)``; ``p ← p − (lr/c₁)·m/(u + ε)``
    """
    scratch[...] = grad
    scratch -= m
    scratch *= 1.0 - beta_1
    m += scratch
    u *= beta_2
    np.abs(grad, out=scratch)
    if eps_in_max:
        scratch += eps
    np.maximum(u, scratch, out=u)
    if eps_in_max:
        scratch[...] = u
    else:
        np.add(u, eps, out=scratch)
    np.divide(m, scratch, out=scratch)
    scratch *= lr / (1.0 - beta_1**step)
    param -= scratch


def nadam_momentum(beta_1: float, step: int, momentum_decay: float) -> float:
    """NAdam's momentum coefficient ``μₜ = β₁·(1 − ½·0.96^(t·ψ))`` (``ψ`` = momentum_decay)."""
    return beta_1 * (1.0 - 0.5 * 0.96 ** (step * momentum_decay))


def nadam(param: np.ndarray, grad: np.ndarray, m: np.ndarray, v: np.ndarray, scratch: np.ndarray, *, step: int,
          lr: float, beta_1: float, beta_2: float, eps: float, mu_product: float,
          momentum_decay: float) -> float:
    """NAdam (Dozat): Adam with Nesterov momentum; returns the new ``Πμ`` (the caller keeps it).

    ``μₜ`` by :func:`nadam_momentum` (PyTorch ψ = momentum_decay = 0.004; Keras ψ = 1), ``Πₜ = Πₜ₋₁·μₜ``
    (rounded to float32, as both keep it):

    - ``m ← m + (1 − β₁)·(g − m)``;  ``v ← v + (1 − β₂)·(g² − v)``;  ``v̂ = v / (1 − β₂ᵗ)``
    - ``p ← p − lr·[(1 − μₜ)/(1 − Πₜ) · g + μₜ₊₁/(1 − Πₜ·μₜ₊₁) · m] / (√v̂ + ε)``
    """
    mu = nadam_momentum(beta_1, step, momentum_decay)
    mu_next = nadam_momentum(beta_1, step + 1, momentum_decay)
    mu_product = float(np.float32(mu_product) * np.float32(mu))  # both frameworks keep Πμ in float32
    update_moments(grad, m, v, beta_1, beta_2, scratch)
    np.divide(v, 1.0 - beta_2**step, out=scratch)
    np.sqrt(scratch, out=scratch)
    scratch += eps
    denom = scratch
    numer = grad * ((1.0 - mu) / (1.0 - mu_product)) + m * (mu_next / (1.0 - mu_product * mu_next))
    np.divide(numer, denom, out=scratch)
    scratch *= lr
    param -= scratch
    return mu_product


def radam(param: np.ndarray, grad: np.ndarray, m: np.ndarray, v: np.ndarray, scratch: np.ndarray, *, step: int,
          lr: float, beta_1: float, beta_2: float, eps: float) -> None:
    """RAdam (Liu et al.; PyTorch's form), ``c₁ = 1 − β₁ᵗ``, ``c₂ = 1 − β₂ᵗ``:

    - ``m ← m + (1 − β₁)·(g − m)``;  ``v ← v + (1 − β₂)·(g² − v)``
    - ``ρ∞ = 2/(1 − β₂) − 1``;  ``ρₜ = ρ∞ − 2t·β₂ᵗ/c₂``
    - ``ρₜ > 5``: ``r = √((ρₜ−4)(ρₜ−2)ρ∞ / ((ρ∞−4)(ρ∞−2)ρₜ))`` and
      ``p ← p − lr·(m/c₁)·r·√c₂/(√v + ε)``; otherwise ``p ← p − lr·m/c₁``
    """
    update_moments(grad, m, v, beta_1, beta_2, scratch)
    c1, c2 = 1.0 - beta_1**step, 1.0 - beta_2**step
    rho_inf = 2.0 / (1.0 - beta_2) - 1.0
    rho_t = rho_inf - 2.0 * step * beta_2**step / c2
    if rho_t > 5.0:
        rect = math.sqrt((rho_t - 4) * (rho_t - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho_t))
        np.sqrt(v, out=scratch)
        scratch += eps
        np.divide(m, scratch, out=scratch)
        scratch *= lr / c1 * rect * math.sqrt(c2)
    else:
        np.multiply(m, lr / c1, out=scratch)
    param -= scratch


def lion(param: np.ndarray, grad: np.ndarray, m: np.ndarray, scratch: np.ndarray, *, lr: float, beta_1: float,
         beta_2: float) -> None:
    """Lion (Chen et al.; Keras's form): ``p ← p − lr·sign(β₁·m + (1 − β₁)·g)``; ``m ← β₂·m + (1 − β₂)·g``."""
    np.multiply(m, beta_1, out=scratch)
    scratch += (1.0 - beta_1) * grad
    np.sign(scratch, out=scratch)
    scratch *= lr
    param -= scratch
    m *= beta_2
    m += (1.0 - beta_2) * grad
