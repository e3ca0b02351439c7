"""Optimizers: update parameters in place from their accumulated gradients.

Two ways to use one, as in PyTorch and Keras::

    opt = SGD(model.parameters(), lr=0.1, momentum=0.9)   # PyTorch style
    opt.zero_grad(); loss.backward(); opt.step()

    opt = SGD(lr=1e-3)          # Keras style: model.compile(optimizer=opt) ...
    opt.bind(params)            # ... and compile/fit hand it the parameters

The update rules follow PyTorch's conventions (stated in each class). ``lr`` is
a plain attribute that callbacks may change between steps. Every update is done
in place on ``param.data`` with preallocated buffers in the parameter's own
dtype: a float32 model stays float32 and a step allocates no new arrays.
Parameters whose ``grad`` is ``None`` or that do not require grad are skipped.

``state_dict()`` captures everything needed to resume training (the
hyper-parameters, the step counts and the state arrays in parameter order);
``load_state_dict()`` restores it, before or after ``bind``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from ligero.blas import gemm_update
from ligero.errors import ConfigError, ShapeError
from ligero.tensor import Tensor


class Optimizer:
    """Base class: parameter binding, ``zero_grad``, state save/restore, config.

    Subclasses define ``name`` (the registry name), ``_slot_names()`` (the
    per-parameter state arrays the current settings need), ``_hyper`` (the
    hyper-parameters saved in the config) and ``_update(lr, decay)``.
    """

    name = ""
    _hyper: tuple[str, ...] = ()

    def __init__(self, params: Any, lr: float, learning_rate: float | None) -> None:
        if learning_rate is not None:
            lr = learning_rate
        self.lr = _check_number("lr", lr, low=0.0)
        self.iterations = 0  # number of step() calls since binding
        self._params: list[Tensor] = []
        self._slots: list[tuple[np.ndarray, ...]] = []
        self._slot_layout: tuple[str, ...] = ()
        self._scratch: list[np.ndarray] = []
        self._no_decay: list[float] = []
        self._steps: list[int] = []  # updates received by each parameter
        self._pending: dict[str, Any] | None = None
        if params is not None:
            if isinstance(params, (int, float)) and not isinstance(params, bool):
                raise ConfigError(
                    f"{type(self).__name__} got the number {params!r} as params; "
                    f"write {type(self).__name__}(lr={params!r}) for a learning rate"
                )
            self.bind(params)

    # ------------------------------------------------------------ lr alias
    @property
    def learning_rate(self) -> float:
        """Alias of ``lr`` (Keras' name)."""
        return self.lr

    @learning_rate.setter
    def learning_rate(self, value: float) -> None:
        self.lr = value

    # ------------------------------------------------------------- binding
    @property
    def params(self) -> list[Tensor]:
        """The bound parameters, in order."""
        return list(self._params)

    def bind(self, params: Any) -> Optimizer:
        """Attach the parameters to update (a Module, or an iterable of Tensors).

        Binding the same parameters again (same objects, same order) keeps the
        state, so calling ``fit`` twice continues the momentum; other parameters
        get fresh zero state. A state loaded before binding is applied now.
        Returns the optimizer.
        """
        plist = _param_list(params, type(self).__name__)
        same = len(plist) == len(self._params) and all(a is b for a, b in zip(plist, self._params))
        if not same:
            self._params = plist
            self._slot_layout = ()
            self._slots = [() for _ in plist]
            self._steps = [0] * len(plist)
            self.iterations = 0
            self._scratch = _scratch_views(plist)
            self._no_decay = [0.0] * len(plist)
            self._ensure_slots()
        if self._pending is not None:
            pending, self._pending = self._pending, None
            self.load_state_dict(pending)
        return self

    def zero_grad(self) -> None:
        """Forget the gradients of every bound parameter (``grad = None``)."""
        for p in self._params:
            p.grad = None

    def step(self, decay: Sequence[float] | None = None) -> None:
        """Apply one update to every bound parameter that has a gradient.

        ``decay``: one coefficient ``k_i ≥ 0`` per bound parameter (or None for
        none), whose ``k_i · p_i`` is added to that parameter's gradient before
        the update: the gradient of the penalty ``(k_i / 2) · ‖p_i‖²``, applied
        without touching ``.grad`` (``fit`` passes its L2 regularizers this way,
        see :meth:`ligero.regularizers.Regularizer.split_decay`). It adds to a
        coupled ``weight_decay`` and, in :class:`AdamW`, is coupled too.
        """
        if not self._params:
            raise ConfigError(
                f"{type(self).__name__}.step(): no parameters; pass them to the constructor "
                "or call bind(params) (model.compile/fit do it)"
            )
        if decay is None:
            decay = self._no_decay
        elif len(decay) != len(self._params):
            raise ConfigError(
                f"{type(self).__name__}.step(): {len(decay)} decay coefficients for "
                f"{len(self._params)} parameters"
            )
        self._ensure_slots()
        self._update(float(self.lr), decay)
        self.iterations += 1

    def _update(self, lr: float, decay: Sequence[float]) -> None:
        """Update every parameter; ``decay[i]`` is added to parameter i's coupled L2 factor."""
        raise NotImplementedError

    # --------------------------------------------------------------- state
    def _slot_names(self) -> tuple[str, ...]:
        return ()

    def _ensure_slots(self) -> None:
        """(Re)allocate the state arrays if the settings now need other ones (kept by name)."""
        layout = self._slot_names()
        if layout == self._slot_layout:
            return
        old = self._slot_layout
        new_slots = []
        for p, slots in zip(self._params, self._slots):
            by_name = dict(zip(old, slots))
            new_slots.append(tuple(
                by_name[n] if n in by_name else np.zeros_like(p.data) for n in layout
            ))
        self._slots = new_slots
        self._slot_layout = layout

    def state_dict(self, config: bool = True) -> dict[str, Any]:
        """Everything needed to resume: JSON-able fields plus ``state`` (a list of arrays).

        Keys: ``name``, ``config`` (``get_config()``; left out with
        ``config=False``), ``iterations`` (step() calls), ``steps`` (updates
        each parameter received), ``slots`` (the names of the state arrays of
        one parameter) and ``state``: copies of the state arrays, parameter by
        parameter, each parameter's slots in order
        (``len(state) == len(params) * len(slots)``).
        """
        self._ensure_slots()
        state = {
            "name": self.name,
            "iterations": self.iterations,
            "steps": list(self._steps),
            "slots": list(self._slot_layout),
            "state": [a.copy() for slots in self._slots for a in slots],
        }
        if config:
            state["config"] = self.get_config()
        return state

    def load_state_dict(self, state: dict[str, Any]) -> None:
        """Restore a ``state_dict()``: hyper-parameters, step counts and state arrays.

        The arrays are copied into this optimizer's own buffers (each in its
        parameter's dtype). Called before ``bind``, the state is kept and
        applied when the parameters arrive.
        """
        if state.get("name") != self.name:
            raise ConfigError(
                f"load_state_dict: the state is for optimizer {state.get('name')!r}, "
                f"not {self.name!r}"
            )
        if not self._params:
            self._pending = {**state, "state": [np.array(a, copy=True) for a in state["state"]]}
            return
        config = dict(state.get("config", {}))
        config.pop("name", None)
        self._set_hyper(config)
        slots = tuple(state.get("slots", ()))
        if slots != self._slot_names():
            raise ConfigError(
                f"load_state_dict: state has slots {list(slots)} but the settings need "
                f"{list(self._slot_names())}"
            )
        arrays = list(state.get("state", []))
        n = len(self._params)
        steps = list(state.get("steps", [0] * n))
        if len(arrays) != n * len(slots) or len(steps) != n:
            raise ConfigError(
                f"load_state_dict: the state is for {len(steps)} parameters "
                f"({len(arrays)} arrays), this optimizer has {n} ({n * len(slots)} arrays)"
            )
        self._ensure_slots()
        for i, (p, own) in enumerate(zip(self._params, self._slots)):
            for j, buf in enumerate(own):
                src = np.asarray(arrays[i * len(slots) + j])
                if src.shape != buf.shape:
                    raise ShapeError(
                        f"load_state_dict: {slots[j]} of parameter {i} has shape {src.shape} "
                        f"in the state but the parameter has shape {p.shape}"
                    )
                buf[...] = src
        self._steps = [int(s) for s in steps]
        self.iterations = int(state.get("iterations", 0))

    # -------------------------------------------------------------- config
    def get_config(self) -> dict[str, Any]:
        """``{"name": ..., "lr": ..., <hyper-parameters>}``, JSON-able; ``get(config)`` rebuilds it."""
        config: dict[str, Any] = {"name": self.name, "lr": float(self.lr)}
        for key in self._hyper:
            value = getattr(self, key)
            config[key] = value if isinstance(value, bool) else float(value)
        return config

    def _set_hyper(self, config: dict[str, Any]) -> None:
        for key, value in config.items():
            if key in ("lr", "learning_rate"):
                self.lr = _check_number("lr", value, low=0.0)
            elif key in self._hyper:
                setattr(self, key, value if isinstance(value, bool) else float(value))
            else:
                raise ConfigError(
                    f"{type(self).__name__}: unknown setting {key!r}; known: "
                    f"{['lr', *self._hyper]}"
                )

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> Optimizer:
        """A new unbound optimizer from ``get_config()``'s output."""
        config = dict(config)
        config.pop("name", None)
        return cls(**config)

    def __repr__(self) -> str:
        settings = ", ".join(f"{k}={v!r}" for k, v in self.get_config().items() if k != "name")
        return f"{type(self).__name__}({settings})"


class SGD(Optimizer):
    """Stochastic gradient descent, with optional momentum (PyTorch's form).

    With ``g = ∇L + λ p`` (``λ = weight_decay``, an L2 term added to the gradient):

    - plain:     ``p ← p - lr · g``
    - momentum:  ``v ← μ v + g``;  ``p ← p - lr · v``        (``v`` starts at 0)
    - nesterov:  ``v ← μ v + g``;  ``p ← p - lr · (g + μ v)``

    When backward left ``∇L`` as an unevaluated product ``a @ b`` (a large
    layer's ``xᵀ·g``, see :class:`ligero.tensor.GradientProduct`), the plain
    update ``p ← (1 - lr·λ)·p - lr·a·b`` and the momentum update ``v ← μ v + a·b``
    are each one BLAS call (:func:`ligero.blas.gemm_update`) that never forms ``∇L``.
    """

    name = "sgd"
    _hyper = ("momentum", "nesterov", "weight_decay")

    def __init__(
        self,
        params: Any = None,
        lr: float = 0.01,
        momentum: float = 0.0,
        nesterov: bool = False,
        weight_decay: float = 0.0,
        *,
        learning_rate: float | None = None,
    ) -> None:
        self.momentum = _check_number("momentum", momentum, low=0.0)
        self.nesterov = bool(nesterov)
        self.weight_decay = _check_number("weight_decay", weight_decay, low=0.0)
        if self.nesterov and self.momentum == 0:
            raise ConfigError("SGD: nesterov=True needs momentum > 0")
        super().__init__(params, lr, learning_rate)

    def _slot_names(self) -> tuple[str, ...]:
        return ("momentum_buffer",) if self.momentum else ()

    def _update(self, lr: float, decay: Sequence[float]) -> None:
        mu, wd, nesterov = float(self.momentum), float(self.weight_decay), self.nesterov
        lr_mu = lr * mu
        steps = self._steps
        for i, (p, slots, tmp) in enumerate(zip(self._params, self._slots, self._scratch)):
            if not p.requires_grad:
                continue
            factors = p.grad_factors  # the gradient as an unevaluated product a @ b, or None
            g = None if factors is not None else p.grad
            if g is None and factors is None:
                continue
            w = p.data
            k = wd + decay[i]
            if not mu:
                if factors is not None:  # p ← (1 - lr·k)·p - lr·(a @ b): one BLAS call
                    gemm_update(*factors, w, -lr, 1.0 - lr * k)
                else:  # p - lr·(g + k·p) = p·(1 - lr·k) - lr·g: three passes, not four
                    if k:
                        w *= 1.0 - lr * k
                    np.multiply(g, lr, out=tmp)
                    w -= tmp
                steps[i] += 1
                continue
            v = slots[0]
            if factors is not None and not nesterov:  # v ← μ v + a @ b, one BLAS call
                gemm_update(*factors, v, 1.0, mu)
                if k:
                    np.multiply(w, k, out=tmp)
                    v += tmp
            else:
                if g is None:
                    g = p.grad
                if k:
                    np.multiply(w, k, out=tmp)
                    tmp += g
                    g = tmp
                v *= mu
                v += g
            if nesterov:  # p -= lr·g + lr·μ·v
                np.multiply(g, lr, out=tmp)
                w -= tmp
                np.multiply(v, lr_mu, out=tmp)
            else:
                np.multiply(v, lr, out=tmp)
            w -= tmp
            steps[i] += 1


class RMSprop(Optimizer):
    """RMSprop (PyTorch's form: ``ε`` added outside the square root).

    With ``g = ∇L + λ p`` (``λ = weight_decay``):

    - ``s ← ρ s + (1 - ρ) g²``                (``s`` starts at 0)
    - without momentum: ``p ← p - lr · g / (√s + ε)``
    - with momentum μ:  ``b ← μ b + g / (√s + ε)``;  ``p ← p - lr · b``

    Defaults are Keras' (``ρ = 0.9``, ``ε = 1e-7``); PyTorch's are ``alpha=0.99, eps=1e-8``.
    """

    name = "rmsprop"
    _hyper = ("rho", "eps", "momentum", "weight_decay")

    def __init__(
        self,
        params: Any = None,
        lr: float = 0.001,
        rho: float = 0.9,
        eps: float = 1e-7,
        momentum: float = 0.0,
        weight_decay: float = 0.0,
        *,
        learning_rate: float | None = None,
    ) -> None:
        self.rho = _check_number("rho", rho, low=0.0, high=1.0)
        self.eps = _check_number("eps", eps, low=0.0)
        self.momentum = _check_number("momentum", momentum, low=0.0)
        self.weight_decay = _check_number("weight_decay", weight_decay, low=0.0)
        super().__init__(params, lr, learning_rate)

    def _slot_names(self) -> tuple[str, ...]:
        return ("square_avg", "momentum_buffer") if self.momentum else ("square_avg",)

    def _update(self, lr: float, decay: Sequence[float]) -> None:
        rho, eps, mu, wd = float(self.rho), float(self.eps), float(self.momentum), float(self.weight_decay)
        one_minus_rho = 1.0 - rho
        steps = self._steps
        for i, (p, slots, tmp) in enumerate(zip(self._params, self._slots, self._scratch)):
            g = p.grad
            if g is None or not p.requires_grad:
                continue
            w = p.data
            k = wd + decay[i]
            if k:
                g = g + k * w  # one temporary: g must outlive tmp's uses below
            s = slots[0]
            s *= rho
            np.multiply(g, one_minus_rho, out=tmp)
            tmp *= g
            s += tmp
            np.sqrt(s, out=tmp)
            tmp += eps
            np.divide(g, tmp, out=tmp)
            if mu:
                b = slots[1]
                b *= mu
                b += tmp
                np.multiply(b, lr, out=tmp)
            else:
                tmp *= lr
            w -= tmp
            steps[i] += 1


class Adam(Optimizer):
    """Adam with bias correction (Kingma & Ba; PyTorch's form).

    With ``g = ∇L + λ p`` (``λ = weight_decay``, L2 in the gradient; see
    :class:`AdamW` for decoupled decay) and ``t`` the parameter's step count:

    - ``m ← β₁ m + (1 - β₁) g``;  ``v ← β₂ v + (1 - β₂) g²``   (both start at 0)
    - amsgrad: ``v̂ ← max(v̂, v)`` and ``v̂`` replaces ``v`` below
    - ``p ← p - (lr / (1 - β₁ᵗ)) · m / (√v / √(1 - β₂ᵗ) + ε)``
    """

    name = "adam"
    _hyper = ("beta_1", "beta_2", "eps", "amsgrad", "weight_decay")
    _decoupled = False

    def __init__(
        self,
        params: Any = None,
        lr: float = 0.001,
        beta_1: float = 0.9,
        beta_2: float = 0.999,
        eps: float = 1e-7,
        amsgrad: bool = False,
        weight_decay: float = 0.0,
        *,
        learning_rate: float | None = None,
    ) -> None:
        self.beta_1 = _check_number("beta_1", beta_1, low=0.0, high=1.0, open_high=True)
        self.beta_2 = _check_number("beta_2", beta_2, low=0.0, high=1.0, open_high=True)
        self.eps = _check_number("eps", eps, low=0.0)
        self.amsgrad = bool(amsgrad)
        self.weight_decay = _check_number("weight_decay", weight_decay, low=0.0)
        super().__init__(params, lr, learning_rate)

    def _slot_names(self) -> tuple[str, ...]:
        base = ("exp_avg", "exp_avg_sq")
        return (*base, "max_exp_avg_sq") if self.amsgrad else base

    def _update(self, lr: float, decay: Sequence[float]) -> None:
        b1, b2, eps = float(self.beta_1), float(self.beta_2), float(self.eps)
        wd, amsgrad, decoupled = float(self.weight_decay), self.amsgrad, self._decoupled
        one_minus_b1, one_minus_b2 = 1.0 - b1, 1.0 - b2
        steps = self._steps
        for i, (p, slots, tmp) in enumerate(zip(self._params, self._slots, self._scratch)):
            g = p.grad
            if g is None or not p.requires_grad:
                continue
            w = p.data
            k = decay[i] + (0.0 if decoupled else wd)
            if k:
                g = g + k * w  # coupled L2, on the weights the gradient was taken at: one temporary
            if wd and decoupled:
                w *= 1.0 - lr * wd
            t = steps[i] + 1
            steps[i] = t
            m, v = slots[0], slots[1]
            m *= b1
            np.multiply(g, one_minus_b1, out=tmp)
            m += tmp
            v *= b2
            np.multiply(g, one_minus_b2, out=tmp)
            tmp *= g
            v += tmp
            if amsgrad:
                np.maximum(slots[2], v, out=slots[2])
                v = slots[2]
            # m̂ / (√v̂ + ε) with the corrections folded into two scalars:
            # (lr/c₁) · m / (√v/√c₂ + ε) = (lr·√c₂/c₁) · m / (√v + ε·√c₂)
            root_c2 = math.sqrt(1.0 - b2**t)
            np.sqrt(v, out=tmp)
            tmp += eps * root_c2
            np.divide(m, tmp, out=tmp)
            tmp *= lr * root_c2 / (1.0 - b1**t)
            w -= tmp


class AdamW(Adam):
    """Adam with decoupled weight decay (Loshchilov & Hutter; PyTorch's ``AdamW``).

    First ``p ← p · (1 - lr · λ)``, then the :class:`Adam` step on the plain
    gradient (``λ`` is not added to ``g``).
    """

    name = "adamw"
    _decoupled = True

    def __init__(
        self,
        params: Any = None,
        lr: float = 0.001,
        beta_1: float = 0.9,
        beta_2: float = 0.999,
        eps: float = 1e-7,
        amsgrad: bool = False,
        weight_decay: float = 0.01,
        *,
        learning_rate: float | None = None,
    ) -> None:
        super().__init__(params, lr, beta_1, beta_2, eps, amsgrad, weight_decay, learning_rate=learning_rate)


# ------------------------------------------------------------------ registry
_BY_NAME: dict[str, type[Optimizer]] = {
    "sgd": SGD,
    "rmsprop": RMSprop,
    "adam": Adam,
    "adamw": AdamW,
}


def get(spec: Any) -> Optimizer:
    """An optimizer from a name (``"sgd"``, ``"adam"``...), a config dict, a class or an instance.

    A name gives the class with its default settings. A config dict is
    ``{"name": "sgd", "lr": 0.1, ...}`` (what ``serialize`` writes); Keras'
    ``{"class_name": "SGD", "config": {...}}`` is accepted too. An instance is
    returned as it is.
    """
    if isinstance(spec, Optimizer):
        return spec
    if isinstance(spec, type) and issubclass(spec, Optimizer):
        return spec()
    if isinstance(spec, dict):
        config = dict(spec)
        if "class_name" in config:
            name, kwargs = config["class_name"], dict(config.get("config", {}))
            kwargs.pop("name", None)
        else:
            name = config.pop("name", None)
            kwargs = config
        cls = _lookup(name)
        try:
            return cls(**kwargs)
        except TypeError as exc:
            raise ConfigError(f"optimizer {name!r}: bad settings {kwargs}: {exc}") from None
    if isinstance(spec, str):
        return _lookup(spec)()
    raise ConfigError(f"an optimizer must be a name, a config dict or an Optimizer, got {spec!r}")


def serialize(optimizer: Optimizer) -> dict[str, Any]:
    """The JSON-able config of an optimizer (``get`` rebuilds it, unbound)."""
    if not isinstance(optimizer, Optimizer):
        raise ConfigError(f"cannot serialize {optimizer!r}: not a ligero Optimizer")
    return optimizer.get_config()


def _lookup(name: Any) -> type[Optimizer]:
    cls = _BY_NAME.get(str(name).lower()) if name is not None else None
    if cls is None:
        raise ConfigError(f"unknown optimizer {name!r}; known: {sorted(_BY_NAME)}")
    return cls


# ------------------------------------------------------------------- helpers
def _check_number(
    name: str, value: Any, low: float | None = None, high: float | None = None, open_high: bool = False
) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ConfigError(f"{name} must be a number, got {value!r}") from None
    if not math.isfinite(number):
        raise ConfigError(f"{name} must be finite, got {value!r}")
    if low is not None and number < low:
        raise ConfigError(f"{name} must be >= {low}, got {value!r}")
    if high is not None and (number > high or (open_high and number == high)):
        raise ConfigError(f"{name} must be {'<' if open_high else '<='} {high}, got {value!r}")
    return number


def _param_list(params: Any, owner: str) -> list[Tensor]:
    """The parameters as a list of Tensors, each once, in order."""
    if hasattr(params, "parameters") and callable(params.parameters):
        params = params.parameters()
    if isinstance(params, Tensor):
        params = [params]
    if not isinstance(params, Iterable):
        raise ConfigError(f"{owner}: params must be an iterable of Tensors, got {params!r}")
    out: list[Tensor] = []
    seen: set[int] = set()
    for p in params:
        if not isinstance(p, Tensor):
            raise ConfigError(f"{owner}: params must be Tensors/Parameters, got {type(p).__name__}")
        if not np.issubdtype(p.data.dtype, np.floating):
            raise ConfigError(f"{owner}: cannot optimize a tensor of dtype {p.data.dtype}")
        if id(p) not in seen:
            seen.add(id(p))
            out.append(p)
    return out


def _scratch_views(params: list[Tensor]) -> list[np.ndarray]:
    """One work array per parameter: views into a single buffer per dtype (updates run one at a time)."""
    largest: dict[np.dtype, int] = {}
    for p in params:
        largest[p.data.dtype] = max(largest.get(p.data.dtype, 0), p.data.size)
    flat = {dtype: np.empty(size, dtype=dtype) for dtype, size in largest.items()}
    return [flat[p.data.dtype][: p.data.size].reshape(p.data.shape) for p in params]
