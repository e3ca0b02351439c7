"""torch's storage classes and dtype names beside the NumPy dtypes ligero keeps its values in."""

from __future__ import annotations

import numpy as np

STORAGE_DTYPES: dict[str, np.dtype] = {
    "FloatStorage": np.dtype("float32"),
    "DoubleStorage": np.dtype("float64"),
    "HalfStorage": np.dtype("float16"),
    "LongStorage": np.dtype("int64"),
    "IntStorage": np.dtype("int32"),
    "ShortStorage": np.dtype("int16"),
    "CharStorage": np.dtype("int8"),
    "ByteStorage": np.dtype("uint8"),
    "BoolStorage": np.dtype("bool"),
    "ComplexFloatStorage": np.dtype("complex64"),
    "ComplexDoubleStorage": np.dtype("complex128"),
}
"""Each storage class torch writes (``torch.FloatStorage``...) and the dtype of its elements."""

BFLOAT16_STORAGE = "BFloat16Storage"
"""Read as float32 (NumPy has no bfloat16): each value's 16 bits are the top half of a float32."""

STORAGE_OF_DTYPE: dict[np.dtype, str] = {dtype: name for name, dtype in STORAGE_DTYPES.items()}

DTYPE_NAMES: dict[str, np.dtype] = {
    "float32": np.dtype("float32"), "float": np.dtype("float32"),
    "float64": np.dtype("float64"), "double": np.dtype("float64"),
    "float16": np.dtype("float16"), "half": np.dtype("float16"),
    "int64": np.dtype("int64"), "long": np.dtype("int64"),
    "int32": np.dtype("int32"), "int": np.dtype("int32"),
    "int16": np.dtype("int16"), "short": np.dtype("int16"),
    "int8": np.dtype("int8"), "uint8": np.dtype("uint8"), "bool": np.dtype("bool"),
    "complex64": np.dtype("complex64"), "complex128": np.dtype("complex128"),
}
"""The names ``torch.<name>`` of the dtypes a torch file may name as globals (``torch.float64``)."""

TORCH_NAME_OF_DTYPE: dict[np.dtype, str] = {
    np.dtype("float32"): "float32", np.dtype("float64"): "float64", np.dtype("float16"): "float16",
    np.dtype("int64"): "int64", np.dtype("int32"): "int32", np.dtype("int16"): "int16",
    np.dtype("int8"): "int8", np.dtype("uint8"): "uint8", np.dtype("bool"): "bool",
    np.dtype("complex64"): "complex64", np.dtype("complex128"): "complex128",
}


def face_dtype(name: str) -> object:
    """The object ``torch.<name>`` is on ligero's PyTorch face (``ligero.float64``), else the NumPy dtype."""
    import ligero

    return getattr(ligero, name, None) or DTYPE_NAMES[name]


def numpy_dtype(dtype: object) -> np.dtype | None:
    """The NumPy dtype of a dtype object (NumPy's, or one printing as ``torch.<name>``); None if it is not one."""
    if isinstance(dtype, np.dtype):
        return dtype
    text = str(dtype)
    if text.startswith("torch.") and text[len("torch."):] in DTYPE_NAMES:
        return DTYPE_NAMES[text[len("torch."):]]
    return None
