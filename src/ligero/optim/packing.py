"""Small parameters updated as one: the flat multi-tensor step (what torch's ``foreach`` is for).

An update rule such as Adam's is a dozen NumPy calls per parameter; on the small
tensors of an LSTM, a bias or a head, the calls' overhead is the whole cost. When a
rule is *elementwise* (each element of the new ``p`` depends only on the same element
of ``p``, ``g`` and the state, plus scalars shared by the group), updating the
concatenation of several parameters is, element by element, the same arithmetic as
updating each: the result is identical to the bit.

A :class:`Pack` holds the small parameters of one group and one dtype. Each step it
copies their values and gradients into two flat arrays, runs the optimizer's
one-parameter ``_update`` once on a Tensor over them, and copies the values back
(3 copies a parameter instead of ~13 calls). The per-element states (``exp_avg``...) live
in one flat buffer whose views are each parameter's state tensors, so ``optimizer.state``
and ``state_dict()`` read as before; the scalar states (``step``, ``mu_product``), equal
for parameters updated together, are kept once and copied to each after the update.
A state replaced or reloaded, or a different set of parameters with a gradient, makes
the optimizer build a new pack (or update one by one, dropping the pack, when the states
differ); ``foreach=False`` updates one by one always. (An in-place edit of a scalar state
between steps, such as ``state["step"].zero_()``, is not seen: replace the tensor instead.)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from ligero.tensor import Tensor, _leaf

PACK_UP_TO = 16384
"""Parameters of at most this many elements are packed; larger ones are updated one by one (for
them a copy costs more than the calls it saves)."""


class Unpackable(Exception):
    """The parameters' states differ in kind or in their scalars: they cannot share one update."""


def packable(p: Tensor) -> bool:
    """Whether ``p`` is small enough to pack (and not 0-d: its states would look like scalars)."""
    return 0 < p.array.ndim and p.array.size <= PACK_UP_TO


class Pack:
    """Parameters of one dtype whose elementwise update runs once over flat copies of them."""

    def __init__(self, params: Sequence[Tensor], states: Sequence[dict[str, Any]]) -> None:
        self.params = tuple(params)
        self.states = tuple(states)
        dtype = self.params[0].array.dtype
        sizes = [p.array.size for p in self.params]
        offsets = np.cumsum([0, *sizes])
        total = int(offsets[-1])
        spans = [(int(o), int(o) + n) for o, n in zip(offsets, sizes)]

        def views(flat: np.ndarray) -> list[np.ndarray]:
            return [flat[a:b].reshape(p.array.shape) for (a, b), p in zip(spans, self.params)]

        self._views = views
        self.values, self.grads = np.empty(total, dtype), np.empty(total, dtype)
        self.value_views, self.grad_views = views(self.values), views(self.grads)
        self.flat = _leaf(self.values)
        self.flat._grad = self.grads
        self.state: dict[str, Any] = {}
        self._owned: list[tuple[dict[str, Any], str, Any, Any]] = []  # (state, key, value, its array or None)
        self._scalars: list[str] = []
        self._adopt(self._gathered_state())

    # ------------------------------------------------------------- building
    def _gathered_state(self) -> dict[str, Any]:
        """The flat state from the parameters' own: per-element tensors concatenated, scalars checked equal."""
        keys = [tuple(s) for s in self.states]
        if any(k != keys[0] for k in keys):
            raise Unpackable("the parameters' states have different keys")
        flat: dict[str, Any] = {}
        for key in keys[0]:
            values = [s[key] for s in self.states]
            if all(isinstance(v, Tensor) and v.array.shape == p.array.shape for v, p in zip(values, self.params)):
                flat[key] = _leaf(np.concatenate([v.array.ravel() for v in values]))
            elif all(isinstance(v, Tensor) and v.array.shape == () for v in values):
                if any(not np.array_equal(v.array, values[0].array) for v in values):
                    raise Unpackable(f"the parameters' {key!r} differ")
                flat[key] = _leaf(np.array(values[0].array))
            elif all(not isinstance(v, Tensor) and v == values[0] for v in values):
                flat[key] = values[0]
            else:
                raise Unpackable(f"the parameters' {key!r} are of different kinds")
        return flat

    def _adopt(self, flat: dict[str, Any]) -> None:
        """Take ``flat`` as the pack's state and give each parameter its share: views of the per-element
        buffers, its own copy of each scalar (tensor or plain value)."""
        self.state, self._owned, self._scalars = flat, [], []
        for key, value in flat.items():
            per_element = isinstance(value, Tensor) and value.array.shape == self.values.shape
            if isinstance(value, Tensor) and not per_element:
                self._scalars.append(key)
            shares = self._views(value.array) if per_element else [None] * len(self.params)
            for state, view in zip(self.states, shares):
                if per_element:
                    own = state.get(key)
                    if not isinstance(own, Tensor):
                        own = state[key] = _leaf(view)
                    own.array = view
                    self._owned.append((state, key, own, view))
                elif isinstance(value, Tensor):
                    own = state.get(key)
                    if not isinstance(own, Tensor) or own.array.shape != ():
                        own = state[key] = _leaf(np.array(value.array))
                    self._owned.append((state, key, own, own.array))
                else:
                    state[key] = value
                    self._owned.append((state, key, value, None))

    # ---------------------------------------------------------------- using
    def current(self, params: Sequence[Tensor], states: Sequence[dict[str, Any]]) -> bool:
        """Whether the pack still stands for ``params`` with these ``states`` (nothing replaced since)."""
        if len(params) != len(self.params) or any(a is not b for a, b in zip(params, self.params)):
            return False
        if any(a is not b for a, b in zip(states, self.states)):
            return False
        for state, key, value, array in self._owned:
            own = state.get(key)
            if own is not value or (array is not None and own.array is not array):
                return False
        return all(len(s) == len(self.state) for s in self.states)

    def step(self, update: Callable[[Tensor, dict[str, Any]], None], init: Callable[[Tensor, dict[str, Any]], None]
             ) -> None:
        """Gather, ``update(flat, state)`` once (``init`` first if there is no state yet), scatter back."""
        for p, values, grads in zip(self.params, self.value_views, self.grad_views):
            np.copyto(values, p.array)
            np.copyto(grads, p.grad_array)
        first = not self.state
        if first:
            init(self.flat, self.state)
        keys = len(self.state)
        update(self.flat, self.state)
        if first or len(self.state) != keys:  # the update made new state (a momentum buffer on its first step)
            self._adopt(self.state)
        for p, values in zip(self.params, self.value_views):
            np.copyto(p.array, values)
        for key in self._scalars:
            value = self.state[key].array
            for state in self.states:
                state[key].array[...] = value
