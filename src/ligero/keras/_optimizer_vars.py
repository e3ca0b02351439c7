"""An optimizer's state as Keras 3 stores it: ``iterations``, ``learning_rate``, then the slot variables.

Keras creates each optimizer's slots in groups: slots created together are
interleaved per trainable variable (Adam's ``momentum, velocity`` of the first
variable, then of the second...), groups created one after another follow each
other (RMSprop: every ``velocity``, then every ``momentum``). :data:`SLOT_GROUPS`
gives each optimizer's groups in Keras's order; ligero's Keras optimizers name
their slots as Keras does (``slot_names()``), so a slot is matched by name.
"""

from __future__ import annotations

from typing import Any

import numpy as np

SLOT_GROUPS: dict[str, tuple[tuple[str, ...], ...]] = {
    "sgd": (("momentum",),),
    "adam": (("momentum", "velocity"), ("velocity_hat",)),
    "adamw": (("momentum", "velocity"), ("velocity_hat",)),
    "rmsprop": (("velocity",), ("momentum",), ("average_gradient",)),
    "adagrad": (("accumulator",),),
}
"""Keras's slot groups per optimizer (lower-cased class name)."""

SLOT_SIGNS: dict[tuple[str, str], float] = {("sgd", "momentum"): -1.0}
"""Slots ligero keeps with the opposite sign of Keras's variable: its SGD keeps ``b`` with ``p ← p − b``
where Keras keeps ``v = −b`` with ``p ← p + v`` (see ``ligero.optimizers.rules.sgd_momentum``). An
optimizer may override this with a ``keras_slot_signs`` mapping of its own."""


def _sign(optimizer: Any, slot: str) -> float:
    own = getattr(optimizer, "keras_slot_signs", None)
    if isinstance(own, dict) and slot in own:
        return float(own[slot])
    return SLOT_SIGNS.get((kind_of(optimizer), slot), 1.0)


ALIASES = {"exp_avg": "momentum", "exp_avg_sq": "velocity", "max_exp_avg_sq": "velocity_hat",
           "square_avg": "velocity"}
"""PyTorch-named slots that hold what a Keras slot holds (PyTorch's SGD ``momentum_buffer`` does not:
Keras's ``momentum`` is ``-lr`` times it, so it is not matched)."""


def _order(kind: str, slots: list[str], count: int) -> list[tuple[int, str]] | None:
    """(variable index, slot name) in the order Keras stores them; None if a slot has no Keras counterpart."""
    keras_slots = [ALIASES.get(s, s) for s in slots]
    groups = SLOT_GROUPS.get(kind, tuple((s,) for s in keras_slots))
    if any(all(s not in group for group in groups) for s in keras_slots):
        return None
    order: list[tuple[int, str]] = []
    for group in groups:
        present = [s for s in group if s in keras_slots]
        order += [(i, s) for i in range(count) for s in present]
    return order


def _learning_rate(optimizer: Any) -> float:
    value = getattr(optimizer, "learning_rate", None)
    if value is None:
        value = getattr(optimizer, "lr", 0.0)
    value = getattr(value, "array", value)
    return float(value() if callable(value) else value)


def export_vars(optimizer: Any, params: list[Any]) -> list[np.ndarray] | None:
    """Keras's optimizer variables for ``optimizer`` over ``params`` (Keras's trainable order), or None if unbuilt."""
    if not getattr(optimizer, "params", None):
        return None
    state = optimizer.state_dict()
    slots = list(state.get("slots", []))
    index = {id(p): i for i, p in enumerate(optimizer.params)}
    arrays = state["state"]
    out = [np.asarray(state.get("iterations", 0), dtype=np.int64), np.asarray(_learning_rate(optimizer), np.float32)]
    keras_slots = [ALIASES.get(s, s) for s in slots]
    order = _order(kind_of(optimizer), slots, len(params))
    if order is None:
        return out  # ligero's state has no Keras form: Keras reads the file and starts the slots afresh
    for i, slot in order:
        position = index.get(id(params[i]))
        if position is None:
            out.append(np.zeros(params[i].shape, params[i].array.dtype))
            continue
        out.append(_sign(optimizer, slot) * np.asarray(arrays[position * len(slots) + keras_slots.index(slot)]))
    return out


def import_vars(optimizer: Any, params: list[Any], values: list[np.ndarray], bind_params: list[Any]) -> bool:
    """Load Keras's optimizer variables (``params`` in Keras's order) into ``optimizer``; False if they do not fit.

    An unbound optimizer is bound to ``bind_params``, in the order training binds it (so ``fit`` keeps the state).
    """
    if not values or not callable(getattr(optimizer, "bind", None)):
        return False
    if not getattr(optimizer, "params", None):
        optimizer.bind(bind_params)
    state = optimizer.state_dict()
    slots = list(state.get("slots", []))
    order = _order(kind_of(optimizer), slots, len(params))
    if order is None or len(values) != 2 + len(order):
        return False
    index = {id(p): i for i, p in enumerate(optimizer.params)}
    arrays = [np.array(a, copy=True) for a in state["state"]]
    keras_slots = [ALIASES.get(s, s) for s in slots]
    for (i, slot), value in zip(order, values[2:]):
        position = index.get(id(params[i]))
        if position is None:
            continue
        target = arrays[position * len(slots) + keras_slots.index(slot)]
        if target.shape != value.shape:
            return False
        arrays[position * len(slots) + keras_slots.index(slot)] = (_sign(optimizer, slot) * value).astype(target.dtype)
    iterations = int(np.asarray(values[0]))
    state.update(state=arrays, iterations=iterations)
    if "steps" in state:
        state["steps"] = [iterations] * len(state["steps"])
    optimizer.load_state_dict(state)
    return True


def kind_of(optimizer: Any) -> str:
    return type(optimizer).__name__.lower()
