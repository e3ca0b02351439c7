"""Optimizers: update parameters in place from their accumulated gradients.

Two ways to use one, as in PyTorch and Keras::

    opt = SGD(model.parameters(), lr=0.1, momentum=0.9)   # PyTorch style
    opt.zero_grad(); loss.backward(); opt.step()

    opt = SGD(lr=1e-3)          # Keras style: model.compile(optimizer=opt) ...
    opt.bind(params)            # ... and compile/fit hand it the parameters

The base class :class:`Optimizer` owns the loop over the parameters: it skips
frozen ones and ones without a gradient, counts each parameter's steps, clips
the gradients (``clipnorm``, ``clipvalue``, ``global_clipnorm``, as in Keras)
and works out each parameter's coupled L2 coefficient ``k`` (``weight_decay``
plus the decay :meth:`bind` fixed for it). Each optimizer implements only
:meth:`Optimizer.update_step`: the update of one parameter, a few lines of maths
whose formula is in its docstring. The update rules follow PyTorch's
conventions. ``lr`` is a plain attribute that callbacks may change between
steps. Every update is done in place on ``param.array`` with preallocated buffers
in the parameter's own dtype: a float32 model stays float32 and a step
allocates no new arrays.

``state_dict()`` captures everything needed to resume training (the
hyper-parameters, the step counts and the state arrays in parameter order);
``load_state_dict()`` restores it, before or after ``bind``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ligero import blas
from ligero.errors import ConfigError, ShapeError
from ligero.tensor import Tensor

_CLIPPING = ("clipnorm", "clipvalue", "global_clipnorm")


@dataclass(slots=True)
class ParamState:
    """What an optimizer keeps for one parameter.

    Attributes:
        slots: the state arrays the settings need (momentum buffer, moments...), by ``slot_names()``.
        scratch: a work array of the parameter's shape (a view into one shared buffer).
        decay: the coupled L2 coefficient fixed by :meth:`Optimizer.bind` (a regularizer's ``k``).
        steps: the updates this parameter has received.
    """

    slots: tuple[np.ndarray, ...]
    scratch: np.ndarray
    decay: float = 0.0
    steps: int = 0


class Optimizer:
    """Base class: binding, the loop over parameters, clipping, state save/restore, config.

    Subclasses define ``name`` (the registry name), ``_hyper`` (the
    hyper-parameters saved in the config), :meth:`slot_names` and
    :meth:`update_step`. ``folds_lazy_gradients`` says whether ``update_step``
    takes a gradient left unevaluated by backward (:class:`ligero.blas.GradientProduct`)
    and folds it in without forming it; otherwise the base evaluates it first.
    ``decoupled_weight_decay`` (AdamW) keeps ``weight_decay`` out of ``k``.

    Gradient clipping, as in Keras (at most one of the three): ``clipnorm`` scales
    each gradient to norm at most ``clipnorm``; ``global_clipnorm`` scales all of
    them together to a global norm at most ``global_clipnorm``; ``clipvalue``
    clips each element to ``[-clipvalue, clipvalue]``. ``.grad`` itself is left as it is.
    """

    name = ""
    _hyper: tuple[str, ...] = ()
    decoupled_weight_decay = False
    weight_decay = 0.0

    def __init__(self, params: Any, lr: float, learning_rate: float | None, **clipping: Any) -> None:
        if learning_rate is not None:
            lr = learning_rate
        self.lr = _check_number("lr", lr, low=0.0)
        unknown = sorted(set(clipping) - set(_CLIPPING))
        if unknown:  # what Python says of an unknown keyword argument
            raise TypeError(f"{type(self).__name__}() got an unexpected keyword argument {unknown[0]!r}")
        for key in _CLIPPING:
            value = clipping.get(key)
            setattr(self, key, None if value is None else _check_number(key, value, low=0.0))
        if sum(getattr(self, key) is not None for key in _CLIPPING) > 1:
            raise ConfigError(f"{type(self).__name__}: set at most one of clipnorm, clipvalue and global_clipnorm")
        self.iterations = 0  # number of step() calls since binding
        self._params: list[Tensor] = []
        self._states: list[ParamState] = []
        self._slot_layout: tuple[str, ...] = ()
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

    @property
    def folds_lazy_gradients(self) -> bool:
        return False

    # ------------------------------------------------------------- binding
    @property
    def params(self) -> list[Tensor]:
        """The bound parameters, in order."""
        return list(self._params)

    def bind(self, params: Any, decay: Sequence[float] | None = None) -> Optimizer:
        """Attach the parameters to update (a Module, or an iterable of Tensors).

        ``decay``: one coupled L2 coefficient ``k_i ≥ 0`` per parameter (None: all
        0), fixed until the next ``bind``: each step adds ``k_i · p_i`` to that
        parameter's gradient (the gradient of the penalty ``(k_i / 2)·‖p_i‖²``)
        without touching ``.grad``. ``fit`` passes its L2 regularizers this way
        (:class:`ligero.regularizers.Penalties`); it adds to a coupled ``weight_decay``.

        Binding the same parameters again (same objects, same order) keeps the
        state, so calling ``fit`` twice continues the momentum; other parameters
        get fresh zero state. A state loaded before binding is applied now.
        Returns the optimizer.
        """
        plist = _param_list(params, type(self).__name__)
        coefficients = [0.0] * len(plist) if decay is None else [float(k) for k in decay]
        if len(coefficients) != len(plist):
            raise ConfigError(
                f"{type(self).__name__}.bind: {len(coefficients)} decay coefficients for {len(plist)} parameters"
            )
        same = len(plist) == len(self._params) and all(a is b for a, b in zip(plist, self._params))
        if not same:
            self._params = plist
            self._slot_layout = ()
            self._states = [ParamState((), scratch) for scratch in _scratch_views(plist)]
            self.iterations = 0
            self._ensure_slots()
        for state, k in zip(self._states, coefficients):
            state.decay = k
        if self._pending is not None:
            pending, self._pending = self._pending, None
            self.load_state_dict(pending)
        return self

    def zero_grad(self) -> None:
        """Forget the gradients of every bound parameter (``grad = None``)."""
        for p in self._params:
            p.grad = None

    # ---------------------------------------------------------------- step
    def step(self) -> None:
        """Apply one update to every bound parameter that requires grad and has a gradient."""
        if not self._params:
            raise ConfigError(
                f"{type(self).__name__}.step(): no parameters; pass them to the constructor "
                "or call bind(params) (model.compile/fit do it)"
            )
        self._ensure_slots()
        lr = float(self.lr)
        coupled = 0.0 if self.decoupled_weight_decay else float(self.weight_decay)
        work = self._gradients()
        for p, state, grad in work:
            state.steps += 1
            self.update_step(p.array, grad, state, lr, coupled + state.decay)
        self.iterations += 1

    def update_step(self, param: np.ndarray, grad: Any, state: ParamState, lr: float, decay: float) -> None:
        """Update one parameter in place: ``param`` its array, ``grad`` its gradient (an array,
        or a lazy one when :attr:`folds_lazy_gradients`), ``decay`` its coupled L2 coefficient
        ``k`` (the step uses ``grad + k·param``); ``state.steps`` already counts this step."""
        raise NotImplementedError

    def _gradients(self) -> list[tuple[Tensor, ParamState, Any]]:
        """(parameter, state, gradient) of each parameter to update, clipped if asked."""
        clipping = self.clipnorm is not None or self.clipvalue is not None or self.global_clipnorm is not None
        lazy = self.folds_lazy_gradients and not clipping
        work = []
        for p, state in zip(self._params, self._states):
            if p.requires_grad:
                grad = p.unevaluated_grad if lazy else p.grad_array
                if grad is not None:
                    work.append((p, state, grad))
        if clipping:
            clipped = _clip([g for _, _, g in work], self.clipnorm, self.clipvalue, self.global_clipnorm)
            work = [(p, state, g) for (p, state, _), g in zip(work, clipped)]
        return work

    # --------------------------------------------------------------- state
    def slot_names(self) -> tuple[str, ...]:
        """The names of the state arrays each parameter needs with the current settings."""
        return ()

    def _ensure_slots(self) -> None:
        """(Re)allocate the state arrays if the settings now need other ones (kept by name)."""
        layout = self.slot_names()
        if layout == self._slot_layout:
            return
        old = self._slot_layout
        for p, state in zip(self._params, self._states):
            by_name = dict(zip(old, state.slots))
            state.slots = tuple(by_name[n] if n in by_name else np.zeros_like(p.array) for n in layout)
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
            "steps": [s.steps for s in self._states],
            "slots": list(self._slot_layout),
            "state": [a.copy() for s in self._states for a in s.slots],
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
        if slots != self.slot_names():
            raise ConfigError(
                f"load_state_dict: state has slots {list(slots)} but the settings need "
                f"{list(self.slot_names())}"
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
        for i, (p, own) in enumerate(zip(self._params, self._states)):
            for j, buf in enumerate(own.slots):
                src = np.asarray(arrays[i * len(slots) + j])
                if src.shape != buf.shape:
                    raise ShapeError(
                        f"load_state_dict: {slots[j]} of parameter {i} has shape {src.shape} "
                        f"in the state but the parameter has shape {p.shape}"
                    )
                buf[...] = src
            own.steps = int(steps[i])
        self.iterations = int(state.get("iterations", 0))

    # -------------------------------------------------------------- config
    def get_config(self) -> dict[str, Any]:
        """``{"name": ..., "lr": ..., <hyper-parameters>}``, JSON-able; ``get(config)`` rebuilds it.

        The clipping settings appear only when set."""
        config: dict[str, Any] = {"name": self.name, "lr": float(self.lr)}
        for key in self._hyper:
            value = getattr(self, key)
            config[key] = value if isinstance(value, bool) else float(value)
        for key in _CLIPPING:
            if getattr(self, key) is not None:
                config[key] = float(getattr(self, key))
        return config

    def _set_hyper(self, config: dict[str, Any]) -> None:
        for key, value in config.items():
            if key in ("lr", "learning_rate"):
                self.lr = _check_number("lr", value, low=0.0)
            elif key in self._hyper:
                setattr(self, key, value if isinstance(value, bool) else float(value))
            elif key in _CLIPPING:
                setattr(self, key, None if value is None else _check_number(key, value, low=0.0))
            else:
                raise ConfigError(
                    f"{type(self).__name__}: unknown setting {key!r}; known: "
                    f"{['lr', *self._hyper, *_CLIPPING]}"
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


def _with_decay(grad: np.ndarray, param: np.ndarray, decay: float, out: np.ndarray) -> np.ndarray:
    """``grad + k·param`` written into ``out`` (``grad`` itself when ``k = 0``)."""
    if not decay:
        return grad
    np.multiply(param, decay, out=out)
    out += grad
    return out


class SGD(Optimizer):
    """Stochastic gradient descent, with optional momentum (PyTorch's form).

    With ``g = ∇L + k p`` (``k = weight_decay`` plus a bound L2 coefficient):

    - plain:     ``p ← p - lr · g  =  (1 - lr·k)·p - lr·∇L``
    - momentum:  ``v ← μ v + g``;  ``p ← p - lr · v``        (``v`` starts at 0)
    - nesterov:  ``v ← μ v + g``;  ``p ← p - lr · (g + μ v)``

    The plain update is one :func:`ligero.blas.accumulate`: when backward left
    ``∇L`` unevaluated (a large layer's ``xᵀ·g``), one BLAS call that never forms it.
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
        **clipping: Any,
    ) -> None:
        self.momentum = _check_number("momentum", momentum, low=0.0)
        self.nesterov = bool(nesterov)
        self.weight_decay = _check_number("weight_decay", weight_decay, low=0.0)
        if self.nesterov and self.momentum == 0:
            raise ConfigError("SGD: nesterov=True needs momentum > 0")
        super().__init__(params, lr, learning_rate, **clipping)

    @property
    def folds_lazy_gradients(self) -> bool:
        return not self.momentum

    def slot_names(self) -> tuple[str, ...]:
        return ("momentum_buffer",) if self.momentum else ()

    def update_step(self, param: np.ndarray, grad: Any, state: ParamState, lr: float, decay: float) -> None:
        tmp = state.scratch
        if not self.momentum:
            blas.accumulate(param, grad, -lr, 1.0 - lr * decay, tmp)
            return
        mu = float(self.momentum)
        g = _with_decay(grad, param, decay, tmp)
        v = state.slots[0]
        v *= mu
        v += g
        if self.nesterov:  # p -= lr·g + lr·μ·v
            np.multiply(g, lr, out=tmp)
            param -= tmp
            np.multiply(v, lr * mu, out=tmp)
        else:
            np.multiply(v, lr, out=tmp)
        param -= tmp


class RMSprop(Optimizer):
    """RMSprop (PyTorch's form: ``ε`` added outside the square root).

    With ``g = ∇L + k p`` (``k = weight_decay`` plus a bound L2 coefficient):

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
        **clipping: Any,
    ) -> None:
        self.rho = _check_number("rho", rho, low=0.0, high=1.0)
        self.eps = _check_number("eps", eps, low=0.0)
        self.momentum = _check_number("momentum", momentum, low=0.0)
        self.weight_decay = _check_number("weight_decay", weight_decay, low=0.0)
        super().__init__(params, lr, learning_rate, **clipping)

    def slot_names(self) -> tuple[str, ...]:
        return ("square_avg", "momentum_buffer") if self.momentum else ("square_avg",)

    def update_step(self, param: np.ndarray, grad: Any, state: ParamState, lr: float, decay: float) -> None:
        rho, tmp = float(self.rho), state.scratch
        g = grad + decay * param if decay else grad  # one temporary: g must outlive tmp's uses below
        s = state.slots[0]
        s *= rho
        np.multiply(g, 1.0 - rho, out=tmp)
        tmp *= g
        s += tmp
        np.sqrt(s, out=tmp)
        tmp += float(self.eps)
        np.divide(g, tmp, out=tmp)
        if self.momentum:
            b = state.slots[1]
            b *= float(self.momentum)
            b += tmp
            np.multiply(b, lr, out=tmp)
        else:
            tmp *= lr
        param -= tmp


class Adam(Optimizer):
    """Adam with bias correction (Kingma & Ba; PyTorch's form).

    With ``g = ∇L + k p`` (``k = weight_decay`` plus a bound L2 coefficient; see
    :class:`AdamW` for decoupled decay) and ``t`` the parameter's step count:

    - ``m ← β₁ m + (1 - β₁) g``;  ``v ← β₂ v + (1 - β₂) g²``   (both start at 0)
    - amsgrad: ``v̂ ← max(v̂, v)`` and ``v̂`` replaces ``v`` below
    - ``p ← p - (lr / (1 - β₁ᵗ)) · m / (√v / √(1 - β₂ᵗ) + ε)``
    """

    name = "adam"
    _hyper = ("beta_1", "beta_2", "eps", "amsgrad", "weight_decay")

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
        **clipping: Any,
    ) -> None:
        self.beta_1 = _check_number("beta_1", beta_1, low=0.0, high=1.0, open_high=True)
        self.beta_2 = _check_number("beta_2", beta_2, low=0.0, high=1.0, open_high=True)
        self.eps = _check_number("eps", eps, low=0.0)
        self.amsgrad = bool(amsgrad)
        self.weight_decay = _check_number("weight_decay", weight_decay, low=0.0)
        super().__init__(params, lr, learning_rate, **clipping)

    def slot_names(self) -> tuple[str, ...]:
        base = ("exp_avg", "exp_avg_sq")
        return (*base, "max_exp_avg_sq") if self.amsgrad else base

    def update_step(self, param: np.ndarray, grad: Any, state: ParamState, lr: float, decay: float) -> None:
        b1, b2, t, tmp = float(self.beta_1), float(self.beta_2), state.steps, state.scratch
        g = grad + decay * param if decay else grad  # coupled L2, at the weights the gradient was taken at
        if self.decoupled_weight_decay and self.weight_decay:
            param *= 1.0 - lr * float(self.weight_decay)
        m, v = state.slots[0], state.slots[1]
        m *= b1
        np.multiply(g, 1.0 - b1, out=tmp)
        m += tmp
        v *= b2
        np.multiply(g, 1.0 - b2, out=tmp)
        tmp *= g
        v += tmp
        if self.amsgrad:
            np.maximum(state.slots[2], v, out=state.slots[2])
            v = state.slots[2]
        # m̂ / (√v̂ + ε) with the corrections folded into two scalars:
        # (lr/c₁) · m / (√v/√c₂ + ε) = (lr·√c₂/c₁) · m / (√v + ε·√c₂)
        root_c2 = math.sqrt(1.0 - b2**t)
        np.sqrt(v, out=tmp)
        tmp += float(self.eps) * root_c2
        np.divide(m, tmp, out=tmp)
        tmp *= lr * root_c2 / (1.0 - b1**t)
        param -= tmp


class AdamW(Adam):
    """Adam with decoupled weight decay (Loshchilov & Hutter; PyTorch's ``AdamW``).

    First ``p ← p · (1 - lr · λ)``, then the :class:`Adam` step on the plain
    gradient (``λ`` is not added to ``g``).
    """

    name = "adamw"
    decoupled_weight_decay = True

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
        **clipping: Any,
    ) -> None:
        super().__init__(params, lr, beta_1, beta_2, eps, amsgrad, weight_decay, learning_rate=learning_rate,
                         **clipping)


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
        if not np.issubdtype(p.array.dtype, np.floating):
            raise ConfigError(f"{owner}: cannot optimize a tensor of dtype {p.array.dtype}")
        if id(p) not in seen:
            seen.add(id(p))
            out.append(p)
    return out


def _clip(grads: list[np.ndarray], clipnorm: float | None, clipvalue: float | None,
          global_clipnorm: float | None) -> list[np.ndarray]:
    """The gradients clipped as Keras clips them (new arrays; ``.grad`` is left alone).

    ``clipnorm``: ``g · c / max(‖g‖, c)`` each; ``global_clipnorm``: every ``g · c / max(‖G‖, c)``
    with ``‖G‖² = Σ‖g‖²``; ``clipvalue``: ``clip(g, -c, c)``.
    """
    if clipvalue is not None:
        return [np.clip(g, -clipvalue, clipvalue) for g in grads]
    norms = [math.sqrt(float(np.vdot(g, g))) for g in grads]
    if global_clipnorm is not None:
        total = math.sqrt(sum(n * n for n in norms))
        return [g * (global_clipnorm / max(total, global_clipnorm)) for g in grads]
    return [g * (clipnorm / max(norm, clipnorm)) for g, norm in zip(grads, norms)]


def _scratch_views(params: list[Tensor]) -> list[np.ndarray]:
    """One work array per parameter: views into a single buffer per dtype (updates run one at a time)."""
    largest: dict[np.dtype, int] = {}
    for p in params:
        largest[p.array.dtype] = max(largest.get(p.array.dtype, 0), p.array.size)
    flat = {dtype: np.empty(size, dtype=dtype) for dtype, size in largest.items()}
    return [flat[p.array.dtype][: p.array.size].reshape(p.array.shape) for p in params]


__all__ = [
    "Adam",
    "AdamW",
    "Optimizer",
    "ParamState",
    "RMSprop",
    "SGD",
    "get",
    "serialize",
]
