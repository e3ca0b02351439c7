"""The Keras-face optimizer base: binding, the loop over parameters, clipping, decay, state, config.

Two ways to use an optimizer of :mod:`ligero.optimizers` (``keras.optimizers``)::

    opt = keras.optimizers.SGD(learning_rate=0.01, momentum=0.9)
    model.compile(optimizer=opt, ...)         # compile/fit bind it to the parameters
    opt.apply_gradients(zip(grads, variables))  # or hand it gradients, as in Keras

(``SGD(model.parameters(), lr=0.1)`` + ``step()`` also works: a ligero extension;
the PyTorch face proper is :mod:`ligero.optim`.)

The base class :class:`Optimizer` owns the loop over the parameters: it skips
frozen ones and ones without a gradient, counts the steps (``iterations``, as
Keras: a step's ``t`` is ``iterations + 1``), clips the gradients (``clipnorm``,
``clipvalue``, ``global_clipnorm``), applies Keras's decoupled ``weight_decay``
(``p ← p − lr·λ·p`` before the update) and each parameter's coupled L2
coefficient ``k`` that :meth:`bind` fixed (the step uses ``g + k·p``). Each
optimizer implements only :meth:`Optimizer.update_step`, which calls its one
rule in :mod:`ligero.optimizers.rules` (the rule the PyTorch face calls too).
``learning_rate`` is a number or a schedule (:mod:`ligero.optimizers.schedules`,
evaluated at ``iterations`` each step). Every update is in place on
``param.array`` with preallocated buffers in the parameter's own dtype.

``state_dict()`` captures everything needed to resume training (config, step
counts, the state arrays in parameter order); ``load_state_dict()`` restores
it, before or after ``bind``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ligero.constraints import apply_constraint
from ligero.errors import ConfigError, ShapeError
from ligero.optimizers import rules, schedules
from ligero.tensor import Tensor, settle_lazy_gradients

_CLIPPING = ("clipnorm", "clipvalue", "global_clipnorm")
# Keras's base settings, in its config's order (after name and learning_rate)
_BASE_KEYS = ("weight_decay", "clipnorm", "global_clipnorm", "clipvalue", "use_ema", "ema_momentum",
              "ema_overwrite_frequency", "loss_scale_factor", "gradient_accumulation_steps")
_UNSUPPORTED = {"use_ema": False, "ema_overwrite_frequency": None, "loss_scale_factor": None,
                "gradient_accumulation_steps": None}
_DEFAULTS = {**_UNSUPPORTED, "ema_momentum": 0.99}
_LAZY_HINT = "if the model has lazy (Keras-style) layers, call it once on an example batch first"


class Scalar(float):
    """What ``optimizer.learning_rate`` reads as: a float that also answers Keras's variable calls
    (``.numpy()``, ``.assign(value)``, ``.value``)."""

    __slots__ = ("_owner",)

    def __new__(cls, value: float, owner: Any = None) -> Scalar:
        obj = super().__new__(cls, value)
        obj._owner = owner
        return obj

    def numpy(self) -> np.ndarray:
        return np.asarray(float(self), dtype=np.float32)

    @property
    def value(self) -> float:
        return float(self)

    dtype = "float32"  # as Keras's learning-rate variable
    shape = ()

    def assign(self, value: Any) -> None:
        """Set the owner's learning rate (Keras's ``optimizer.learning_rate.assign(v)``)."""
        if self._owner is None:
            raise TypeError("this value belongs to no optimizer")
        self._owner.learning_rate = value


class Count(int):
    """What ``optimizer.iterations`` reads as: an int with Keras's ``.numpy()`` and ``.value`` (int32, as
    Keras's iteration variable)."""

    __slots__ = ()

    dtype = "int32"
    shape = ()

    def numpy(self) -> np.ndarray:
        return np.asarray(int(self), dtype=np.int32)

    @property
    def value(self) -> int:
        return int(self)


@dataclass(slots=True)
class ParamState:
    """What an optimizer keeps for one parameter.

    Attributes:
        slots: the state arrays the settings need (momentum buffer, moments...), by ``slot_names()``.
        scratch: a work array of the parameter's shape (a view into one shared buffer).
        decay: the coupled L2 coefficient fixed by :meth:`Optimizer.bind` (a regularizer's ``k``).
        steps: the updates this parameter has received.
        scalar: a per-parameter scalar the rule carries (Nadam's ``Πμ``).
        weight_decay: this step's decoupled ``λ`` (0 for a parameter excluded from weight decay).
    """

    slots: tuple[np.ndarray, ...]
    scratch: np.ndarray
    decay: float = 0.0
    steps: int = 0
    scalar: float = 1.0
    weight_decay: float = 0.0


class Optimizer:
    """Base class: binding, the loop over parameters, clipping, weight decay, state, config.

    Subclasses define ``name`` (the config/registry name), ``_hyper`` (the
    hyper-parameters in the config, in Keras's order), :meth:`slot_names`
    (and :meth:`slot_initial_value`) and :meth:`update_step`.
    ``folds_lazy_gradients`` says whether ``update_step`` takes a gradient left
    unevaluated by backward (:class:`ligero.blas.GradientProduct`) and folds it
    in without forming it; otherwise the base evaluates it first.

    Gradient clipping, as in Keras (at most one of the three): ``clipnorm`` scales
    each gradient to norm at most ``clipnorm``; ``global_clipnorm`` scales all of
    them together to a global norm at most ``global_clipnorm``; ``clipvalue``
    clips each element to ``[-clipvalue, clipvalue]``. ``.grad`` itself is left as it is.
    """

    name = ""
    _hyper: tuple[str, ...] = ()
    default_learning_rate = 0.001
    default_weight_decay: float | None = None

    def __init__(self, learning_rate: Any = None, lr: Any = None, legacy_learning_rate: Any = None, *,
                 weight_decay: float | None = None, clipnorm: float | None = None, clipvalue: float | None = None,
                 global_clipnorm: float | None = None, name: str | None = None, ema_momentum: float = 0.99,
                 params: Any = None, **unsupported: Any) -> None:
        # Keras's call is Optimizer(learning_rate, ...); ligero's older one, still accepted, is
        # Optimizer(params, lr, learning_rate) (``SGD(model.parameters(), lr=0.1)``)
        older = learning_rate is None and (lr is not None or legacy_learning_rate is not None)
        if _is_params(learning_rate) or older:
            params, learning_rate = learning_rate, legacy_learning_rate
        if learning_rate is None:
            learning_rate = self.default_learning_rate if lr is None else lr
        self._schedule: schedules.LearningRateSchedule | None = None
        self.learning_rate = learning_rate
        self._set_base(weight_decay, clipnorm, clipvalue, global_clipnorm, unsupported)
        self.config_name = name or _snake(type(self).__name__)
        self.ema_momentum = float(ema_momentum)
        self.iterations = 0  # number of steps since binding
        self._params: list[Tensor] = []
        self._states: list[ParamState] = []
        self._slot_layout: tuple[str, ...] = ()
        self._pending: dict[str, Any] | None = None
        if params is not None:
            if isinstance(params, (int, float)) and not isinstance(params, bool):
                raise ConfigError(f"{type(self).__name__} got the number {params!r} as params")
            self.bind(params)

    def _set_base(self, weight_decay: Any, clipnorm: Any, clipvalue: Any, global_clipnorm: Any,
                  unsupported: dict[str, Any]) -> None:
        for key, value in unsupported.items():
            if key not in _UNSUPPORTED:  # what Python says of an unknown keyword argument
                raise TypeError(f"{type(self).__name__}() got an unexpected keyword argument {key!r}")
            if value != _UNSUPPORTED[key]:
                raise ConfigError(f"{type(self).__name__}: {key}={value!r} is not supported by ligero")
        if weight_decay is None:
            weight_decay = self.default_weight_decay
        self.weight_decay = None if weight_decay is None else _check_number("weight_decay", weight_decay, low=0.0)
        for key, value in (("clipnorm", clipnorm), ("clipvalue", clipvalue), ("global_clipnorm", global_clipnorm)):
            setattr(self, key, None if value is None else _check_number(key, value, low=0.0))
        if sum(getattr(self, key) is not None for key in _CLIPPING) > 1:
            raise ConfigError(f"{type(self).__name__}: set at most one of clipnorm, clipvalue and global_clipnorm")

    # ------------------------------------------------------- learning rate
    @property
    def iterations(self) -> Count:
        """The steps taken since binding (Keras's ``optimizer.iterations``)."""
        return Count(self._iterations)

    @iterations.setter
    def iterations(self, value: int) -> None:
        self._iterations = int(value)

    @property
    def learning_rate(self) -> Scalar:
        """The learning rate of the next step: the number, or the schedule at ``iterations``."""
        if self._schedule is not None:
            return Scalar(self._schedule(self._iterations), self)
        return Scalar(self._lr, self)

    @learning_rate.setter
    def learning_rate(self, value: Any) -> None:
        if isinstance(value, dict):
            value = schedules.deserialize(value)
        if isinstance(value, Scalar):
            value = float(value)
        if isinstance(value, schedules.LearningRateSchedule):
            self._schedule = value
            return
        if self._schedule is not None:
            raise TypeError(
                "This optimizer was created with a `LearningRateSchedule` object as its `learning_rate` "
                "constructor argument, hence its learning rate is not settable. If you need the learning "
                "rate to be settable, you should instantiate the optimizer with a float `learning_rate` argument."
            )
        self._lr = _check_number("learning_rate", value, low=0.0)

    @property
    def lr(self) -> Scalar:
        """Alias of ``learning_rate`` (what ligero's callbacks read and set)."""
        return self.learning_rate

    @lr.setter
    def lr(self, value: Any) -> None:
        self.learning_rate = value

    @property
    def folds_lazy_gradients(self) -> bool:
        return False

    folds_weight_decay = False  # True: update_step applies weight_decay itself (plain SGD, in its one call)

    # ------------------------------------------------------------- binding
    @property
    def params(self) -> list[Tensor]:
        """The bound parameters, in order."""
        return list(self._params)

    def bind(self, params: Any, decay: Sequence[float] | None = None) -> Optimizer:
        """Attach the parameters to update (a Module, or an iterable of Tensors).

        ``decay``: one coupled L2 coefficient ``k_i ≥ 0`` per parameter (None: all
        0), fixed until the next ``bind``: each step uses ``g_i + k_i · p_i`` (the
        gradient of the penalty ``(k_i / 2)·‖p_i‖²`` added) without touching
        ``.grad``. ``fit`` passes its L2 regularizers this way
        (:class:`ligero.regularizers.Penalties`).

        Binding the same parameters again (same objects, same order) keeps the
        state, so calling ``fit`` twice continues the momentum; other parameters
        get fresh state. A state loaded before binding is applied now.
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

    build = bind

    @property
    def built(self) -> bool:
        """Keras's: whether the optimizer holds its variables (it is bound: ``fit`` or ``evaluate`` ran)."""
        return bool(self._params)

    def variable_size(self) -> tuple[int, int]:
        """(values, bytes) of the optimizer's variables as Keras counts them: ``iterations`` (int32) and
        ``learning_rate`` (float32), one value each, then every slot array (``model.summary``'s
        "Optimizer params")."""
        self._ensure_slots()
        slots = [a for s in self._states for a in s.slots]
        return 2 + sum(a.size for a in slots), 8 + sum(a.nbytes for a in slots)

    def zero_grad(self) -> None:
        """Forget the gradients of every bound parameter (``grad = None``)."""
        for p in self._params:
            p.grad = None

    # ---------------------------------------------------------------- step
    def step(self) -> None:
        """Apply one update to every bound parameter that requires grad and has a gradient (its ``.grad``)."""
        if not self._params:
            raise ConfigError(
                f"{type(self).__name__}.step(): no parameters; pass them to the constructor "
                "or call bind(params) (model.compile/fit do it)"
            )
        lazy = self.folds_lazy_gradients and not self._clipping()
        settle_lazy_gradients(p.array for p in self._params)  # a weight read by another's lazy gradient
        work = []
        for p, state in zip(self._params, self._states):
            if p.requires_grad:
                grad = p.unevaluated_grad if lazy else p.grad_array
                if grad is not None:
                    work.append((p, state, grad))
        self._apply(work)

    def apply_gradients(self, grads_and_vars: Iterable[tuple[Any, Tensor]]) -> int:
        """Keras's ``apply_gradients(zip(grads, variables))``: one step from the given gradients.

        The first call binds the variables; later calls must name bound variables.
        A ``None`` gradient skips its variable. Returns ``iterations``."""
        pairs = list(grads_and_vars)
        self.apply([g for g, _ in pairs], [v for _, v in pairs])
        return self.iterations

    def apply(self, grads: Sequence[Any], trainable_variables: Sequence[Tensor] | None = None) -> None:
        """Keras's ``apply(grads, trainable_variables)``: one step from the given gradients."""
        variables = [_as_param(v) for v in (self._params if trainable_variables is None else trainable_variables)]
        if len(grads) != len(variables):
            raise ValueError(f"{type(self).__name__}.apply: {len(grads)} gradients for {len(variables)} variables")
        if not self._params:
            self.bind(variables)
        index = {id(p): i for i, p in enumerate(self._params)}
        work = []
        for g, v in zip(grads, variables):
            if id(v) not in index:
                raise ValueError(f"Unknown variable: {getattr(v, 'name', None) or v.shape}. This optimizer can only "
                                 "be called for the variables it was originally built with.")
            if g is not None:
                g = g.array if isinstance(g, Tensor) else np.asarray(g)
                work.append((v, self._states[index[id(v)]], g.astype(v.array.dtype, copy=False)))
        self._apply(work)

    def _apply(self, work: list[tuple[Tensor, ParamState, Any]]) -> None:
        """Clip, decay and update the (parameter, state, gradient) triples; count the step."""
        self._ensure_slots()
        lr = float(self._schedule(self._iterations)) if self._schedule is not None else self._lr
        if self._clipping():
            clipped = _clip([g for _, _, g in work], self.clipnorm, self.clipvalue, self.global_clipnorm)
            work = [(p, state, g) for (p, state, _), g in zip(work, clipped)]
        weight_decay = float(self.weight_decay or 0.0)
        folds_weight_decay = self.folds_weight_decay
        for p, state, grad in work:
            state.steps += 1
            state.weight_decay = weight_decay if weight_decay and self._use_weight_decay(p) else 0.0
            if folds_weight_decay:  # the class's update_step does both decays itself
                self.update_step(p.array, grad, state, lr, state.decay)
            else:  # the coupled term at the weights the gradient was taken at, then Keras's decoupled decay
                g = grad + state.decay * p.array if state.decay else grad
                rules.decay_weights(p.array, lr, state.weight_decay)
                self.update_step(p.array, g, state, lr, 0.0)
            if getattr(p, "constraint", None) is not None:
                apply_constraint(p)
        self._iterations += 1

    def exclude_from_weight_decay(self, var_list: Iterable[Tensor] | None = None,
                                  var_names: Iterable[str] | None = None) -> None:
        """Keep ``weight_decay`` off these variables (as Keras): those in ``var_list``, and those whose
        name contains one of ``var_names`` (a regular expression searched in the name)."""
        self._exclude_ids = {id(v) for v in var_list or ()}
        self._exclude_names = list(var_names or ())

    def _use_weight_decay(self, p: Tensor) -> bool:
        if id(p) in getattr(self, "_exclude_ids", ()):
            return False
        name = p.name or ""
        return not any(re.search(pattern, name) for pattern in getattr(self, "_exclude_names", ()))

    def _clipping(self) -> bool:
        return self.clipnorm is not None or self.clipvalue is not None or self.global_clipnorm is not None

    def update_step(self, param: np.ndarray, grad: Any, state: ParamState, lr: float, decay: float) -> None:
        """Update one parameter in place: ``param`` its array, ``grad`` its gradient (an array, or a lazy
        one when :attr:`folds_lazy_gradients`), ``decay`` a coupled L2 coefficient ``k`` (the step
        uses ``g + k·p``). The base has already added the bound ``k·p`` to ``grad`` and applied Keras's
        decoupled ``weight_decay`` (passing ``decay = 0``), unless the class :attr:`folds_weight_decay`:
        then it passes the bound ``k`` and the raw gradient, and the update does both decays.

        The default: ``g + k·p``, then :meth:`rule`."""
        g = rules.decay_gradient(grad, param, decay, state.scratch)
        if g is state.scratch:
            g = g.copy()  # the rule needs the scratch array for itself
        self.rule(param, g, state, lr, self._iterations + 1)

    def rule(self, param: np.ndarray, grad: np.ndarray, state: ParamState, lr: float, t: int) -> None:
        """The algorithm's own update (subclasses): ``t`` is the step number, ``iterations + 1``."""
        raise NotImplementedError

    # --------------------------------------------------------------- state
    def slot_names(self) -> tuple[str, ...]:
        """The names of the state arrays each parameter needs with the current settings."""
        return ()

    def slot_initial_value(self, name: str) -> float:
        """The value a state array starts at (0; Adagrad's accumulator starts at its setting)."""
        return 0.0

    def _ensure_slots(self) -> None:
        """(Re)allocate the state arrays if the settings now need other ones (kept by name)."""
        layout = self.slot_names()
        if layout == self._slot_layout:
            return
        old = self._slot_layout
        for p, state in zip(self._params, self._states):
            by_name = dict(zip(old, state.slots))
            state.slots = tuple(by_name[n] if n in by_name else np.full_like(p.array, self.slot_initial_value(n))
                                for n in layout)
        self._slot_layout = layout

    def state_dict(self, config: bool = True) -> dict[str, Any]:
        """Everything needed to resume: JSON-able fields plus ``state`` (a list of arrays).

        Keys: ``name``, ``config`` (:func:`ligero.optimizers.serialize`; left out with
        ``config=False``), ``iterations`` (steps), ``steps`` (updates each
        parameter received), ``scalars`` (each parameter's carried scalar),
        ``slots`` (the names of the state arrays of one parameter) and
        ``state``: copies of the state arrays, parameter by parameter, each
        parameter's slots in order (``len(state) == len(params) * len(slots)``).
        """
        self._ensure_slots()
        state = {
            "name": self.name,
            "iterations": self._iterations,
            "steps": [s.steps for s in self._states],
            "scalars": [s.scalar for s in self._states],
            "slots": list(self._slot_layout),
            "state": [a.copy() for s in self._states for a in s.slots],
        }
        if config:
            from ligero.optimizers import serialize  # the registry sits above this module

            state["config"] = serialize(self)
        return state

    def load_state_dict(self, state: dict[str, Any]) -> None:
        """Restore a ``state_dict()``: settings, step counts and state arrays.

        The arrays are copied into this optimizer's own buffers (each in its
        parameter's dtype). Called before ``bind``, the state is kept and
        applied when the parameters arrive.
        """
        if state.get("name") != self.name:
            raise ConfigError(f"load_state_dict: the state is for optimizer {state.get('name')!r}, not {self.name!r}")
        if not self._params:
            self._pending = {**state, "state": [np.array(a, copy=True) for a in state["state"]]}
            return
        config = state.get("config", {})
        self._set_config(dict(config.get("config", config) if "class_name" in config else config))
        slots = tuple(state.get("slots", ()))
        if slots != self.slot_names():
            raise ConfigError(
                f"load_state_dict: state has slots {list(slots)} but the settings need {list(self.slot_names())}"
            )
        arrays = list(state.get("state", []))
        n = len(self._params)
        steps = list(state.get("steps", [0] * n))
        scalars = list(state.get("scalars", [1.0] * n))
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
            own.steps, own.scalar = int(steps[i]), float(scalars[i])
        self.iterations = int(state.get("iterations", 0))

    # -------------------------------------------------------------- config
    def get_config(self) -> dict[str, Any]:
        """Keras's config: ``name``, ``learning_rate`` (a number or a serialized schedule), the base
        settings (``weight_decay``, clipping...) and the algorithm's own, JSON-able."""
        lr = schedules.serialize(self._schedule) if self._schedule is not None else float(self._lr)
        config: dict[str, Any] = {"name": self.config_name, "learning_rate": lr}
        for key in _BASE_KEYS:
            config[key] = getattr(self, key, _UNSUPPORTED.get(key))
        for key in self._hyper:
            value = getattr(self, key)
            config[key] = value if isinstance(value, bool) else float(value)
        return config

    def _set_config(self, config: dict[str, Any]) -> None:
        """Apply a ``get_config()`` (or ligero's older ``{"lr": ...}`` form) to this optimizer."""
        config.pop("name", None)
        for key, value in config.items():
            if key in ("lr", "learning_rate"):
                if self._schedule is None or isinstance(value, (dict, schedules.LearningRateSchedule)):
                    self._schedule = None
                    self.learning_rate = value
            elif key in self._hyper:
                setattr(self, key, value if isinstance(value, bool) else float(value))
            elif key == "weight_decay":
                self.weight_decay = None if value is None else _check_number(key, value, low=0.0)
            elif key in _CLIPPING:
                setattr(self, key, None if value is None else _check_number(key, value, low=0.0))
            elif key not in _BASE_KEYS:
                raise ConfigError(f"{type(self).__name__}: unknown setting {key!r}; known: "
                                  f"{['learning_rate', *_BASE_KEYS, *self._hyper]}")

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> Optimizer:
        """A new unbound optimizer from ``get_config()``'s output."""
        config = dict(config)
        if isinstance(config.get("learning_rate"), dict):
            config["learning_rate"] = schedules.deserialize(config["learning_rate"])
        return cls(**config)

    def __repr__(self) -> str:
        settings = ", ".join(f"{k}={v!r}" for k, v in self.get_config().items()
                             if k != "name" and (k not in _BASE_KEYS or v != _DEFAULTS.get(k)))
        return f"{type(self).__name__}({settings})"


# ------------------------------------------------------------------- helpers
def _snake(name: str) -> str:
    """Keras's default optimizer name: ``RMSprop`` → ``rm_sprop``, ``AdamW`` → ``adam_w``."""
    out = []
    for i, ch in enumerate(name):
        if ch.isupper() and i and (name[i - 1].islower() or (i + 1 < len(name) and name[i + 1].islower())):
            out.append("_")
        out.append(ch.lower())
    return "".join(out)


def _is_params(value: Any) -> bool:
    """Whether a first positional argument is parameters (a Module, a Tensor, an iterable of them)."""
    if value is None or isinstance(value, (int, float, str, dict, schedules.LearningRateSchedule, np.number)):
        return False
    return isinstance(value, (Tensor, Iterable)) or hasattr(value, "parameters")


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
    """The parameters as a list of Tensors, each once, in order (a lazy, unbuilt model is explained)."""
    if getattr(params, "built", True) is False:
        raise ConfigError(f"{owner}: {type(params).__name__} is not built yet, so it has no parameters; {_LAZY_HINT}")
    if hasattr(params, "parameters") and callable(params.parameters):
        params = params.parameters()
    if isinstance(params, Tensor):
        params = [params]
    if not isinstance(params, Iterable):
        raise ConfigError(f"{owner}: params must be an iterable of Tensors, got {params!r}")
    out: list[Tensor] = []
    seen: set[int] = set()
    for p in map(_as_param, params):  # a Keras variable (model.trainable_variables) stands for its parameter
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


def _as_param(variable: Any) -> Any:
    """The parameter behind a variable as ``model.trainable_weights`` lists it (its ``param``), or itself."""
    param = getattr(variable, "param", None)
    return param if isinstance(param, Tensor) else variable
