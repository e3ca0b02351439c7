"""Weight penalties ``R(W)`` added to the training loss (Keras convention: no ½ factor; the
course's λ/2·ΣW² is :class:`CourseL2`, ``"course_l2"``).

A regularizer is a callable ``R(W) -> Tensor``: given a weight Tensor it
returns a scalar Tensor in ``W``'s dtype that is part of the computational
graph, so ``(loss + R(W)).backward()`` adds ``∂R/∂W`` to ``W.grad``. Set one on
a layer (``kernel_regularizer=L2(0.01)``) or on a Parameter's ``.regularizer``.

Each penalty is one fused graph node, the op :func:`ligero.ops.penalty`: the
value is a single BLAS dot product or reduction, and its backward rule
allocates one array, where composing ``sum(W * W)`` would allocate several
weight-sized temporaries on every batch.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ligero.errors import ConfigError, unknown_name
from ligero.ops.penalty import penalty
from ligero.tensor import Tensor, no_grad


class Regularizer:
    """Base class: ``__call__(W) -> scalar Tensor`` and ``get_config()``.

    The training loop uses the array forms below, which skip the graph:
    ``value(W)`` for the reported loss, ``split_decay()`` to hand the linear
    part ``k·W`` of ``∂R/∂W`` to the optimizer as a coupled L2 decay, and
    ``add_gradient(W, grad)`` to add the rest into a parameter's gradient after
    ``backward()``. The defaults go through ``__call__`` (no linear part);
    subclasses may override them with closed forms.
    """

    def __call__(self, weight: Any) -> Tensor:
        raise NotImplementedError

    def value(self, weight: np.ndarray) -> float:
        """``R(W)`` as a number."""
        with no_grad():
            return float(self(Tensor(weight)).array)

    def add_gradient(self, weight: np.ndarray, grad: np.ndarray) -> None:
        """``grad += ∂R/∂W``, in place."""
        w = Tensor(weight, requires_grad=True)
        self(w).backward()
        grad += w.grad_array

    def split_decay(self) -> tuple[float, Any]:
        """``∂R/∂W = k·W + rest(W)``: returns ``k`` and a regularizer for ``rest`` (None if 0).

        The training loop hands ``k`` to the optimizer, which adds ``k·W`` to the
        gradient as a coupled L2 weight decay (for plain SGD in one pass,
        ``W ← W·(1 - lr·k) - lr·∇L``), and adds the rest with ``add_gradient``.
        The default has no linear part: ``(0.0, self)``.
        """
        return 0.0, self

    def get_config(self) -> dict[str, Any]:
        raise NotImplementedError

    def __repr__(self) -> str:
        settings = ", ".join(f"{k}={v!r}" for k, v in self.get_config().items() if k != "name")
        return f"{type(self).__name__}({settings})"


class L1L2(Regularizer):
    """``R(W) = l1 · Σ|W| + l2 · Σ W²`` over every element of ``W``.

    Gradient: ``∂R/∂W = l1 · sign(W) + 2 · l2 · W`` (``sign(0) = 0``, the
    subgradient PyTorch uses for ``|x|``).
    """

    name = "l1_l2"

    def __init__(self, l1: float = 0.0, l2: float = 0.0) -> None:
        self.l1 = _factor("l1", l1)
        self.l2 = _factor("l2", l2)

    def __call__(self, weight: Any) -> Tensor:
        return penalty(weight, self.l1, self.l2)

    def value(self, weight: np.ndarray) -> float:
        flat = weight.reshape(-1)
        total = self.l2 * float(flat @ flat) if self.l2 else 0.0  # one BLAS dot
        return total + self.l1 * float(np.abs(weight).sum()) if self.l1 else total

    def add_gradient(self, weight: np.ndarray, grad: np.ndarray) -> None:
        if self.l2:
            grad += weight * np.asarray(2.0 * self.l2, dtype=grad.dtype)
        if self.l1:
            grad += np.sign(weight) * np.asarray(self.l1, dtype=grad.dtype)

    def split_decay(self) -> tuple[float, Any]:
        """``k = 2·l2`` (the L2 part is linear in W); the L1 part stays a regularizer."""
        return 2.0 * self.l2, (L1(self.l1) if self.l1 else None)

    def get_config(self) -> dict[str, Any]:
        return {"name": self.name, "l1": self.l1, "l2": self.l2}


class L1(L1L2):
    """``R(W) = l1 · Σ|W|``;  ``∂R/∂W = l1 · sign(W)`` (0 at 0)."""

    name = "l1"

    def __init__(self, l1: float = 0.01) -> None:
        super().__init__(l1=l1, l2=0.0)

    def get_config(self) -> dict[str, Any]:
        return {"name": self.name, "l1": self.l1}


class L2(L1L2):
    """``R(W) = l2 · Σ W²`` (no ½ factor, as in Keras);  ``∂R/∂W = 2 · l2 · W``.

    PyTorch's ``weight_decay=λ`` in SGD corresponds to ``L2(λ / 2)``.
    """

    name = "l2"

    def __init__(self, l2: float = 0.01) -> None:
        super().__init__(l1=0.0, l2=l2)

    def get_config(self) -> dict[str, Any]:
        return {"name": self.name, "l2": self.l2}


class CourseL2(L1L2):
    """The course's penalty ``R(W) = λ/2 · Σ W²`` (the UTP deck's ``Ẽ(w) = E(w) + λ/2·wᵀw``);
    ``∂R/∂W = λ·W``, so plain SGD steps ``W ← W − lr·(∇E + λ·W)``, the course's
    ``W -= lr * (dW + reg * W)``. The course puts the bias inside ``W`` (augmented inputs):
    give it as both ``kernel_regularizer`` and ``bias_regularizer`` for that.

    Keras's ``L2(λ)`` is ``λ·ΣW²``: at the same λ it is twice as strong (``CourseL2(λ) == L2(λ/2)``).
    """

    name = "course_l2"

    def __init__(self, lam: float = 0.01) -> None:
        self.lam = _factor("lam", lam)
        super().__init__(l1=0.0, l2=self.lam / 2)

    def get_config(self) -> dict[str, Any]:
        return {"name": self.name, "lam": self.lam}


class _Callable(Regularizer):
    """A plain callable ``R(W) -> Tensor`` given as a regularizer, with the array forms."""

    def __init__(self, fn: Any) -> None:
        self.fn = fn

    def __call__(self, weight: Any) -> Tensor:
        return self.fn(weight)

    def __repr__(self) -> str:
        return repr(self.fn)


class Penalties:
    """The weight penalties ``Σ R(W)`` of a list of parameters: the one place their value is computed.

    ``R(W)`` enters the reported loss by value (:meth:`value`); its gradient does
    not go through the graph. Its linear part ``k·W`` (L2) is handed to the
    optimizer as a coupled decay fixed when it binds the parameters
    (``optimizer.bind(params, decay=penalties.decay)``: plain SGD then updates
    ``W ← W·(1 - lr·k) - lr·∇L`` in one pass fewer, and no weight-sized
    temporary is made); the rest (L1's ``l1·sign(W)``) is added to ``W.grad``
    after backward (:meth:`add_gradients`). The numbers are those of
    backpropagating ``loss + ΣR(W)``.

    Attributes:
        valued: ``(parameter, regularizer)`` pairs whose ``value`` enters the loss.
        decay: per parameter, the L2 coefficient ``k`` (None if all are 0).
        rest: ``(parameter, regularizer)`` pairs with a gradient beyond ``k·W``.
    """

    def __init__(self, params: list[Any]) -> None:
        self.valued: list[tuple[Any, Regularizer]] = []
        self.rest: list[tuple[Any, Regularizer]] = []
        decay = [0.0] * len(params)
        for i, p in enumerate(params):
            spec = getattr(p, "regularizer", None)
            if spec is None:
                continue
            reg = as_regularizer(spec)
            self.valued.append((p, reg))
            decay[i], rest = reg.split_decay()
            if rest is not None:
                self.rest.append((p, rest))
        self.decay = decay if any(decay) else None

    def value(self) -> float:
        """``Σ R(W)`` at the current weights (0.0 when no parameter has a regularizer)."""
        total = 0.0
        for p, reg in self.valued:
            total += reg.value(p.array)
        return total

    def add_gradients(self) -> None:
        """Add the non-linear part of each ``∂R/∂W`` (what ``decay`` leaves out) into ``W.grad``."""
        for p, reg in self.rest:
            if p.grad_array is None:
                p.grad = np.zeros_like(p.array)
            reg.add_gradient(p.array, p.grad_array)


def as_regularizer(spec: Any) -> Regularizer:
    """``spec`` as a :class:`Regularizer`: a plain callable ``R(W) -> Tensor`` gets the
    array forms (``value``, ``add_gradient``, ``split_decay``) computed through its graph."""
    return spec if isinstance(spec, Regularizer) else _Callable(spec)


def _factor(name: str, value: Any) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ConfigError(f"regularization factor {name} must be a number, got {value!r}") from None
    if not np.isfinite(number) or number < 0:
        raise ConfigError(f"regularization factor {name} must be finite and >= 0, got {value!r}")
    return number


l1, l2, l1_l2 = L1, L2, L1L2  # Keras 3's lower-case names are the classes: keras.regularizers.l2(1e-4)

_BY_NAME: dict[str, type[L1L2]] = {"l1": L1, "l2": L2, "l1_l2": L1L2, "l1l2": L1L2, "course_l2": CourseL2}


def get(spec: Any) -> Any:
    """A regularizer from ``None`` (none), a name, a config dict or a callable.

    Names: ``"l1"`` and ``"l2"`` (factor 0.01), ``"l1_l2"`` (both 0.01, as Keras), ``"course_l2"``
    (the course's λ/2·ΣW², λ = 0.01).
    A config dict is what ``serialize`` writes: ``{"name": "l2", "l2": 0.01}``.
    Any callable ``R(W) -> Tensor`` is returned as it is.
    """
    if spec is None:
        return None
    if isinstance(spec, dict):
        config = dict(spec)
        cls = _lookup(config.pop("name", None))
        try:
            return cls(**config)
        except TypeError as exc:
            raise ConfigError(f"regularizer {spec!r}: bad settings: {exc}") from None
    if isinstance(spec, str):
        cls = _lookup(spec)
        return L1L2(l1=0.01, l2=0.01) if cls is L1L2 else cls()
    if callable(spec) and not isinstance(spec, type):
        return spec
    raise ConfigError(f"a regularizer must be None, a name, a config dict or a callable, got {spec!r}")


def serialize(regularizer: Any) -> Any:
    """A JSON-able description (``None`` stays ``None``); custom ones need ``get_config()``."""
    if regularizer is None:
        return None
    if hasattr(regularizer, "get_config"):
        return regularizer.get_config()
    raise ConfigError(f"cannot save custom regularizer {regularizer!r}; give it get_config()")


def _lookup(name: Any) -> type[L1L2]:
    cls = _BY_NAME.get(str(name).lower()) if name is not None else None
    if cls is None:
        raise unknown_name("regularizer", name, _BY_NAME)
    return cls


__all__ = [
    "CourseL2",
    "L1",
    "L1L2",
    "L2",
    "Penalties",
    "Regularizer",
    "as_regularizer",
    "get",
    "l1",
    "l1_l2",
    "l2",
    "serialize",
]
