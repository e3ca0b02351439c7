"""``torch.optim.Optimizer``: parameter groups, per-parameter state, ``step``, state dicts.

The base class owns what every PyTorch optimizer shares: ``param_groups`` (a
list of dicts, each with its ``params`` and its own options, the missing ones
taken from ``defaults``), ``state`` (a dict per parameter), ``zero_grad``,
``step(closure)`` and ``state_dict``/``load_state_dict`` in torch's structure::

    {"state": {0: {"step": tensor(3.), "exp_avg": tensor(...)}, ...},
     "param_groups": [{"lr": 0.001, ..., "params": [0, 1]}]}

A subclass defines only :meth:`Optimizer._update`, the update of one parameter,
and calls the one update rule of :mod:`ligero.optimizers.rules` that the Keras
face uses too. State values are Tensors whose arrays the rules update in place.
"""

from __future__ import annotations

import copy
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np

from ligero.optim import packing
from ligero.tensor import Tensor, enable_grad, settle_lazy_gradients

_LAZY_HINT = "if the model has lazy (Keras-style) layers, call it once on an example batch first"


class _Required:
    """The marker of a default that must be given (torch's ``required``)."""

    def __repr__(self) -> str:
        return "<required parameter>"


required = _Required()


class Optimizer:
    """Base class of the PyTorch-face optimizers (``torch.optim.Optimizer``)."""

    def __init__(self, params: Any, defaults: dict[str, Any]) -> None:
        self.defaults = defaults
        self.state: defaultdict[Tensor, dict[str, Any]] = defaultdict(dict)
        self._packs: dict[tuple[int, np.dtype], packing.Pack] = {}
        self.param_groups: list[dict[str, Any]] = []
        if isinstance(params, Tensor):
            raise TypeError(
                "params argument given to the optimizer should be an iterable of Tensors or dicts, "
                f"but got {type(params).__name__}"
            )
        _check_built(params)
        param_groups = list(params)
        if not param_groups:
            raise ValueError(f"optimizer got an empty parameter list ({_LAZY_HINT})")
        if not isinstance(param_groups[0], dict):
            param_groups = [{"params": param_groups}]
        for group in param_groups:
            self.add_param_group(group)

    # --------------------------------------------------------------- groups
    def add_param_group(self, param_group: dict[str, Any]) -> None:
        """Add a group: ``{"params": [...], <options>}``; missing options come from ``defaults``."""
        if not isinstance(param_group, dict):
            raise TypeError(f"param_group must be a dict, but got {type(param_group).__name__}")
        params = param_group["params"]
        if isinstance(params, Tensor):
            params = [params]
        elif isinstance(params, set):
            raise TypeError("optimizer parameters need to be organized in ordered collections, but "
                            "the ordering of tensors in sets will change between runs. Please use a list instead.")
        else:
            _check_built(params)
            params = list(params)
        for p in params:
            if not isinstance(p, Tensor):
                raise TypeError(f"optimizer can only optimize Tensors, but one of the params is {type(p).__name__}")
            if not p.is_leaf:
                raise ValueError("can't optimize a non-leaf Tensor")
            if not np.issubdtype(p.array.dtype, np.floating):
                raise ValueError(f"can't optimize a tensor of dtype {p.array.dtype}: only floating point")
        group = dict(param_group, params=params)
        for name, default in self.defaults.items():
            if default is required and name not in group:
                raise ValueError(f"parameter group didn't specify a value of required optimization parameter {name}")
            group.setdefault(name, default)
        seen = {id(p) for g in self.param_groups for p in g["params"]}
        if any(id(p) in seen for p in params):
            raise ValueError("some parameters appear in more than one parameter group")
        self.param_groups.append(group)

    def zero_grad(self, set_to_none: bool = True) -> None:
        """Forget the gradients: ``p.grad = None`` (default), or zero them in place (``set_to_none=False``)."""
        for group in self.param_groups:
            for p in group["params"]:
                if set_to_none or p.unevaluated_grad is None:
                    p.grad = None
                else:
                    p.grad_array[...] = 0

    # ----------------------------------------------------------------- step
    def step(self, closure: Callable[[], Any] | None = None) -> Any:
        """One update of every parameter that has a gradient; ``closure`` re-evaluates the loss first."""
        loss = None
        if closure is not None:
            with enable_grad():
                loss = closure()
        settle_lazy_gradients(p.array for group in self.param_groups for p in group["params"])
        for group in self.param_groups:
            self._step_group(group)
        return loss

    elementwise = False
    """Whether :meth:`_update` is elementwise (each element of p from the same element of g and of the
    state): then the group's small parameters are updated as one (:mod:`ligero.optim.packing`)."""

    def _step_group(self, group: dict[str, Any]) -> None:
        """Update the group's parameters that have a gradient, one :meth:`_update` each (state made
        on the first), the small ones of an elementwise rule in packs (unless ``foreach=False``)."""
        params = [p for p in group["params"] if p.unevaluated_grad is not None]
        if self.elementwise and group.get("foreach") is not False:
            params = self._step_packed(group, params)
        for p in params:
            state = self.state[p]
            if not state:
                self._init_state(p, state, group)
            self._update(p, state, group)

    def _step_packed(self, group: dict[str, Any], params: list[Tensor]) -> list[Tensor]:
        """Update the small parameters of ``params``, one :class:`~ligero.optim.packing.Pack` per dtype;
        return the others (larger, alone of their dtype, or with states that cannot be packed)."""
        by_dtype: dict[np.dtype, list[Tensor]] = {}
        rest = []
        for p in params:
            (by_dtype.setdefault(p.array.dtype, []) if packing.packable(p) else rest).append(p)
        for dtype, members in by_dtype.items():
            key = (id(group), dtype)
            states = [self.state[p] for p in members]
            pack = self._packs.get(key)
            if pack is None or not pack.current(members, states):
                try:
                    pack = self._packs[key] = packing.Pack(members, states) if len(members) > 1 else None
                except packing.Unpackable:
                    pack = None
                if pack is None:  # updated one by one: a pack's copy of their scalar states would go stale
                    self._packs.pop(key, None)
                    rest += members
                    continue
            pack.step(lambda p, state: self._update(p, state, group),
                      lambda p, state: self._init_state(p, state, group))
        return rest

    def _init_state(self, p: Tensor, state: dict[str, Any], group: dict[str, Any]) -> None:
        """Fill a parameter's empty state before its first update (subclasses)."""

    def _update(self, p: Tensor, state: dict[str, Any], group: dict[str, Any]) -> None:
        """Update one parameter in place from its gradient (subclasses)."""
        raise NotImplementedError

    # ----------------------------------------------------------- state dict
    def state_dict(self) -> dict[str, Any]:
        """``{"state": {index: {...}}, "param_groups": [{..., "params": [indices]}]}``, as torch's.

        Parameters are numbered in group order; the state values are this
        optimizer's own (as in torch: deep-copy the result to keep a snapshot)."""
        index: dict[int, int] = {}
        groups = []
        for group in self.param_groups:
            ids = []
            for p in group["params"]:
                index.setdefault(id(p), len(index))
                ids.append(index[id(p)])
            groups.append({**{k: v for k, v in group.items() if k != "params"}, "params": ids})
        state = {index[id(p)]: s for p, s in self.state.items() if id(p) in index}
        return {"state": state, "param_groups": groups}

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        """Restore ``state_dict()``'s output: the groups' options and each parameter's state (copied)."""
        state_dict = copy.deepcopy(state_dict)
        saved = state_dict["param_groups"]
        if len(saved) != len(self.param_groups):
            raise ValueError("loaded state dict has a different number of parameter groups")
        for ours, theirs in zip(self.param_groups, saved):
            if len(ours["params"]) != len(theirs["params"]):
                raise ValueError("loaded state dict contains a parameter group that doesn't match the size "
                                 "of optimizer's group")
        by_index = {i: p for theirs, ours in zip(saved, self.param_groups)
                    for i, p in zip(theirs["params"], ours["params"])}
        self.state = defaultdict(dict)
        self._packs.clear()
        for i, entry in state_dict["state"].items():
            p = by_index.get(int(i))
            if p is None:
                continue
            self.state[p] = {k: _cast_state(k, v, p) for k, v in entry.items()}
        self.param_groups = [{**theirs, "params": ours["params"]} for ours, theirs in zip(self.param_groups, saved)]

    def __repr__(self) -> str:
        lines = [f"{type(self).__name__} ("]
        for i, group in enumerate(self.param_groups):
            lines.append(f"Parameter Group {i}")
            lines += [f"    {key}: {group[key]}" for key in sorted(group) if key != "params"]
        lines.append(")")
        return "\n".join(lines)


def _check_built(params: Any) -> None:
    """A Module whose lazy (Keras-style) layers are not built yet has no parameters to give: say so."""
    built = getattr(params, "built", True)
    if built is False:
        raise ValueError(
            f"{type(params).__name__} is not built yet, so it has no parameters to optimize; {_LAZY_HINT}"
        )


def _cast_state(key: str, value: Any, p: Tensor) -> Any:
    """A loaded state value as torch casts it: tensors to the parameter's dtype, ``step`` kept as it is."""
    if isinstance(value, Tensor):
        if key == "step":
            return Tensor(np.array(value.array, dtype=np.float32))
        return Tensor(np.array(value.array, dtype=p.array.dtype))
    if isinstance(value, np.ndarray):
        return Tensor(value.astype(p.array.dtype if key != "step" else np.float32))
    return value


def state_tensor(p: Tensor, fill: float = 0.0) -> Tensor:
    """A state Tensor of ``p``'s shape and dtype filled with ``fill``."""
    return Tensor(np.full_like(p.array, fill))


def step_tensor() -> Tensor:
    """torch's step counter: a float32 scalar tensor at 0."""
    return Tensor(np.array(0.0, dtype=np.float32))


def params_of(groups: Iterable[dict[str, Any]]) -> list[Tensor]:
    """Every parameter of the groups, in order."""
    return [p for g in groups for p in g["params"]]
