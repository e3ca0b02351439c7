"""``keras.ops``: the few backend-neutral tensor functions ligero's Keras face has so far."""

from __future__ import annotations

from typing import Any

import numpy as np

from ligero.tensor import Tensor


def convert_to_tensor(x: Any, dtype: Any = None, sparse: Any = None) -> Tensor:
    """``x`` as a Tensor (floating values float32 unless ``dtype`` says otherwise, as Keras's floatx)."""
    value = np.asarray(x.array if isinstance(x, Tensor) else x)
    if dtype is None and value.dtype == np.float64 and not isinstance(x, np.ndarray):
        dtype = "float32"  # Python floats become floatx; a float64 ndarray keeps its dtype, as in Keras
    return Tensor(value if dtype is None else value.astype(dtype))


def convert_to_numpy(x: Any) -> np.ndarray:
    """``x`` as a NumPy array."""
    return np.asarray(x.array if isinstance(x, Tensor) else x)
