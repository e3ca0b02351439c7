"""Sample shapes with unknown dimensions, as Keras writes them: ``None`` for "any size".

``keras.Input(shape=(None,))`` takes sequences of any length and ``Input(shape=(None, None, 3))``
images of any height and width. A layer built for such a shape accepts every concrete shape
that agrees with it where it is known (:func:`compatible`), and its output shape is found by
running a sample of one at two different sizes for the unknown dimensions: a dimension of the
output that changes between the two runs is unknown too (:func:`probe_shapes`, :func:`merge_probed`).
"""

from __future__ import annotations

from typing import Any

import numpy as np

#: the sizes an unknown dimension takes in the two probe runs of ``compute_output_shape``: large
#: enough for a valid 3x3 convolution followed by pooling, different enough to tell a dimension that
#: follows the input (``None``) from one that does not
PROBE_SIZES = (12, 17)


def is_dim(d: Any, unknown_ok: bool = True) -> bool:
    """Whether ``d`` is a positive int (or ``None`` where ``unknown_ok``), a sample dimension."""
    if d is None:
        return unknown_ok
    return isinstance(d, (int, np.integer)) and not isinstance(d, bool) and d > 0


def has_unknown(shape: Any) -> bool:
    """Whether ``shape`` (a tuple, or a list of tuples for several inputs) has a ``None`` dimension."""
    if isinstance(shape, list):
        return any(has_unknown(s) for s in shape)
    return shape is not None and any(d is None for d in shape)


def compatible(got: Any, expected: Any) -> bool:
    """Whether the concrete shape ``got`` fits ``expected``: same rank, same size where it is known.

    ``compatible((7, 4), (None, 4))`` is True, ``compatible((7, 3), (None, 4))`` is False. Lists of
    shapes (several inputs) are compared pairwise.
    """
    if isinstance(expected, list) or isinstance(got, list):
        if not (isinstance(expected, list) and isinstance(got, list)) or len(got) != len(expected):
            return False
        return all(compatible(g, e) for g, e in zip(got, expected))
    got, expected = tuple(got), tuple(expected)
    return len(got) == len(expected) and all(e is None or g == e for g, e in zip(got, expected))


def probe_shapes(shape: Any, run: int) -> Any:
    """``shape`` with its unknown dimensions set to ``PROBE_SIZES[run]`` (lists of shapes element-wise)."""
    if isinstance(shape, list):
        return [probe_shapes(s, run) for s in shape]
    return tuple(PROBE_SIZES[run] if d is None else int(d) for d in shape)


def merge_probed(first: Any, second: Any) -> Any:
    """The output shape from two probe runs: the dimensions that differ between them become ``None``."""
    if isinstance(first, list):
        return [merge_probed(a, b) for a, b in zip(first, second)]
    return tuple(a if a == b else None for a, b in zip(first, second))
