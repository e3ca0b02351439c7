"""Running maxima over window views and their adjoint, shared by every max pooling.

* :func:`running_max`: the elementwise max over same-shape views (one per window
  offset) and the offset of the first maximum;
* :func:`route`: its adjoint, ``g`` written to the winning offset, 0 elsewhere;
* :func:`tiled_max`: max pooling of exactly tiling windows (stride = pool, no
  padding), in separable stages, one window axis at a time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np

__all__ = ["route", "running_max", "tiled_max"]


def running_max(views: Iterable[np.ndarray], need_index: bool,
                out: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray | None]:
    """Elementwise max over same-shape views, and (if asked) the position of the first maximum.

    The index is a bool array (True = the second) when there are exactly two
    views, else uint8. ``>`` is strict, so an earlier equal value keeps the
    win; NaN propagates into the maximum as with ``np.maximum``. ``out``: where
    to write the maximum (a fresh array if None).
    """
    first, *rest = views
    if len(rest) == 1:
        index = np.greater(rest[0], first) if need_index else None
        return np.maximum(first, rest[0], out=out), index
    if out is None:
        best = first.copy()
    else:
        best = out
        np.copyto(best, first)
    index = np.zeros(best.shape, dtype=np.uint8) if need_index else None
    better = np.empty(best.shape, dtype=bool) if need_index else None
    for t, view in enumerate(rest, start=1):
        if need_index:
            np.greater(view, best, out=better)
            np.copyto(index, t, where=better)
        np.maximum(best, view, out=best)
    return best, index


def route(g: np.ndarray, index: np.ndarray, targets: list[np.ndarray]) -> None:
    """Write ``g`` into ``targets[index]`` and 0 into the others (adjoint of :func:`running_max`)."""
    if index.dtype == bool:
        np.multiply(g, index, out=targets[1])
        np.multiply(g, ~index, out=targets[0])
        return
    for t, target in enumerate(targets):
        np.multiply(g, index == t, out=target)


def _taps(a: np.ndarray, axis: int) -> list[np.ndarray]:
    """The views ``a[..., t, ...]`` (index ``t`` on ``axis``) for every ``t``."""
    return [a[(slice(None),) * axis + (t,)] for t in range(a.shape[axis])]


def tiled_max(split: np.ndarray, k_axes: list[int], need_grad: bool
              ) -> tuple[np.ndarray, Callable[[np.ndarray], np.ndarray] | None]:
    """Max over the window axes ``k_axes`` of ``split`` (each spatial axis of size ``o·k`` viewed as
    ``(o, k)``), one axis per stage, the last first; returns the maximum (the window axes removed)
    and, if ``need_grad``, ``backward(g) -> dL/dsplit``.

    The first maximum in row-major window order is the first of the stage maxima,
    so ties go to the first element (as PyTorch). The backward routes ``g`` back
    through the stages by writing (not adding) into views of uninitialized
    buffers. (Scratch buffers for the intermediate stages were tried: no
    measurable gain on the course CNN's pooling.)
    """
    stages, winners, current = [], [], split
    order = sorted(k_axes, reverse=True)
    for axis in order:
        stages.append((current.shape, axis))
        current, index = running_max(_taps(current, axis), need_grad)
        winners.append(index)
    if not need_grad:
        return current, None
    final_shape = current.shape

    def backward(g: np.ndarray) -> np.ndarray:
        grad = g.reshape(final_shape)
        for (shape, axis), index in zip(reversed(stages), reversed(winners), strict=True):
            full = np.empty(shape, dtype=split.dtype)
            route(grad, index, _taps(full, axis))
            grad = full
        return grad

    return current, backward
