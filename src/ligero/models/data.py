"""Checking and converting the data given to ``fit``, ``evaluate`` and ``predict``.

One clear error for each problem (what, where, which shapes), before any
training starts: numeric arrays of the model's dtype, matching sample counts,
the model's input shape, finite values, class labels in range; a warning for
unscaled inputs.
"""

from __future__ import annotations

import math
import sys
import warnings
from typing import Any

import numpy as np

from ligero import targets
from ligero.errors import ConfigError, DataError, ShapeError
from ligero.layers.data_format import layout_hint
from ligero.layers.preprocessing import Normalization, Rescaling
from ligero.layers.shapes import compatible


def as_inputs(model: Any, x: Any, where: str) -> Any:
    """``x`` as float arrays of the model's dtype (a list for multi-input models; a dict is taken
    by input name, as Keras's ``fit({"numbers": ..., "flags": ...})``)."""
    if isinstance(x, dict):
        x = _by_input_name(model, x, where)
    if isinstance(x, (list, tuple)) and _several_inputs(model, x):
        return [_as_float_array(v, where, f"x[{i}]", model) for i, v in enumerate(x)]
    return _as_float_array(x, where, "x", model)


def input_names(model: Any) -> list[str]:
    """The names of a model's inputs (its InputLayers' names), one per input; [] if unknown."""
    graph = getattr(model, "_graph", None)
    if graph is None:
        return []
    return graph.input_keys or [node.layer.name for node in graph.inputs]


def _by_input_name(model: Any, x: dict, where: str) -> Any:
    """A dict of inputs as the list (or the one array) in the model's input order."""
    names = input_names(model)
    if not names:
        raise DataError(f"{where}: x is a dict {sorted(x)} but model '{model.name}' has no named inputs yet; "
                        "build it on keras.Input(..., name=...) or give x as an array or a list")
    missing = [name for name in names if name not in x]
    if missing:
        raise DataError(f"{where}: x has no arrays for the inputs {missing} of model '{model.name}'; "
                        f"it has {sorted(x)}")
    values = [x[name] for name in names]
    return values if len(values) > 1 else values[0]


def _several_inputs(model: Any, x: list | tuple) -> bool:
    """Whether the list ``x`` holds one array per model input, rather than the rows of one array.

    A model with known inputs decides; otherwise a list of arrays is several inputs and
    a nested list of numbers (``[[0, 1], [1, 0]]``) is one array.
    """
    expected = model.input_shape
    if expected is not None:
        return isinstance(expected, list)
    return bool(x) and all(isinstance(v, np.ndarray) or hasattr(v, "array") for v in x)


def _model_dtype(model: Any) -> np.dtype:
    params = model.parameters()
    return params[0].dtype if params else np.dtype(np.float32)


def _read_array(x: Any, where: str, what: str) -> np.ndarray:
    """``x`` (an array, a Tensor, nested lists) as an ndarray, or one DataError naming ``what``."""
    try:
        return np.asarray(x.array if hasattr(x, "array") and not isinstance(x, np.ndarray) else x)
    except (ValueError, TypeError) as exc:
        raise DataError(f"{where}: {what} cannot be read as a numeric array ({exc})") from None


def _as_float_array(x: Any, where: str, what: str, model: Any) -> np.ndarray:
    array = _read_array(x, where, what)
    if array.dtype.kind not in "biuf":
        kind = "complex numbers (keep their real part or magnitude)" if array.dtype.kind == "c" else (
            f"dtype {array.dtype}")
        raise DataError(f"{where}: {what} must be numeric (real numbers), got {kind}")
    if array.ndim == 0:
        raise ShapeError(f"{where}: {what} must have a batch dimension, got a scalar")
    given = array.dtype
    dtype = _model_dtype(model)
    if array.dtype != dtype:
        array = array.astype(dtype)
    bad = _first_nonfinite_sample(array)
    if bad is not None:
        raise DataError(f"{where}: {what} contains NaN or infinite values (first in sample {bad})")
    if not _rescales_first(model):
        _warn_if_unscaled(given, _largest_magnitude(array), where, what)
    return array


def _rescales_first(model: Any) -> bool:
    """Whether ``model`` scales its inputs itself: a ``Rescaling`` or ``Normalization`` layer
    before any layer with weights (after augmentation layers), as Keras tutorials build it."""
    for layer in getattr(model, "layers", None) or []:
        if isinstance(layer, (Rescaling, Normalization)):
            return True
        if layer.parameters():
            return False
    return False


_LARGE_BYTES = 1 << 24  # 16 MiB: arrays this big get the one-pass checks below
_SCALE_SAMPLE_ROWS = 256


def _first_nonfinite_sample(array: np.ndarray) -> int | None:
    """Index of the first sample holding NaN or ±inf, or None.

    Small arrays: ``min`` and ``max`` (NaN or ±inf exactly when some value is).
    Large ones (all of CIFAR-10: 600 MB) in one pass, on every BLAS thread: each
    sample's sum ``rows @ 1`` is NaN or ±inf when one of its values is; a sum
    that overflowed from finite values is told apart by checking that row.
    """
    if not array.size:
        return None
    if array.nbytes < _LARGE_BYTES or not array.flags.c_contiguous:  # (reshaping those would copy)
        if math.isfinite(float(array.min())) and math.isfinite(float(array.max())):
            return None
        candidates = range(len(array))
    else:
        rows = array.reshape(len(array), -1)  # a view
        with np.errstate(over="ignore", invalid="ignore"):
            sums = rows @ np.ones(rows.shape[1], dtype=rows.dtype)
        candidates = np.flatnonzero(~np.isfinite(sums))
    for i in candidates:
        if not np.isfinite(array[i]).all():
            return int(i)
    return None


def _largest_magnitude(array: np.ndarray) -> float:
    """``max |x|`` for the scale warning: exact on small arrays, on a strided sample of
    ``_SCALE_SAMPLE_ROWS`` samples on large ones (unscaled data are unscaled throughout)."""
    if not array.size:
        return 0.0
    if array.nbytes >= _LARGE_BYTES and len(array) > _SCALE_SAMPLE_ROWS:
        array = array[:: -(-len(array) // _SCALE_SAMPLE_ROWS)]  # a view of at most that many rows
    return max(float(array.max()), -float(array.min()))


UNSCALED_LIMIT = 100.0
"""Inputs with a value beyond ±UNSCALED_LIMIT (or of dtype uint8) get a warning to scale them."""


def _warn_if_unscaled(given: np.dtype, top: float, where: str, what: str) -> None:
    """Warn (once per call of fit/evaluate/predict) about raw pixels or other unscaled inputs.

    ``given`` is the dtype the user passed and ``top`` the largest magnitude. uint8
    inputs are raw pixels 0..255; any input beyond ±UNSCALED_LIMIT saturates tanh
    and sigmoid units and makes gradient descent slow or unstable.
    """
    if given == np.uint8:
        found = f"has dtype uint8 (raw pixel values 0..255, here up to {int(top)})"
    else:
        if top <= UNSCALED_LIMIT:
            return
        found = f"has values as large as {top:g} in magnitude"
    warnings.warn(
        f"{where}: {what} {found}; scale the inputs first, e.g. x / 255 for pixels "
        "(ligero.datasets.scale) or ligero.datasets.standardize: unscaled inputs saturate "
        "tanh/sigmoid units and make training slow or unstable",
        UserWarning,
        stacklevel=user_stacklevel(),
    )


def user_stacklevel() -> int:
    """The ``stacklevel`` that makes a warning point at the user's code, the first caller outside ligero."""
    frame, level = sys._getframe(1), 1
    while frame is not None and frame.f_globals.get("__name__", "").startswith("ligero."):
        frame, level = frame.f_back, level + 1
    return level


def sample_count(x: Any, where: str | None = None) -> int:
    """The number of samples; with ``where``, first check that every input has as many."""
    if not isinstance(x, list):
        return len(x)
    if where is not None and len({len(v) for v in x}) > 1:
        raise DataError(f"{where}: the inputs have different numbers of samples {[len(v) for v in x]}; "
                        "they must match")
    return len(x[0])


def check_input_shape(model: Any, x: Any, where: str) -> None:
    expected = model.input_shape
    if expected is None:
        return
    got = [v.shape for v in x] if isinstance(x, list) else x.shape
    exp_list = expected if isinstance(expected, list) else [expected]
    got_list = got if isinstance(got, list) else [got]
    if len(exp_list) != len(got_list) or any(
        not compatible(tuple(g[1:]), tuple(e[1:])) for g, e in zip(got_list, exp_list)
    ):
        hint = "".join(layout_hint(g, e) for g, e in zip(got_list, exp_list)) if len(exp_list) == len(got_list) else ""
        raise ShapeError(
            f"{where}: x has shape {got if isinstance(got, list) else got} but model '{model.name}' "
            f"expects {expected} (None = any size){hint}"
        )


def output_names(model: Any) -> list[str]:
    """The names by which ``compile`` and the targets address a model's outputs, one per output: the
    keys of a dict of outputs, else the output layers' names; [] if unknown."""
    graph = getattr(model, "_graph", None)
    if graph is None:
        return []
    return graph.output_keys or [node.layer.name for node in graph.outputs]


def _as_targets(model: Any, y: Any, n: int, where: str) -> Any:
    """The targets checked against the model's outputs and losses: an array, or a list of them per output."""
    out = model.output_shape
    compiled = getattr(model, "compiled_loss", None)
    losses = compiled.losses if compiled is not None else [model.loss]
    if not isinstance(out, list):
        if isinstance(y, dict) and len(y) == 1:
            y = next(iter(y.values()))
        return _as_target(model, y, n, where, out, losses[0])
    names = output_names(model)
    if isinstance(y, dict):
        missing = [name for name in names if name not in y]
        if missing:
            raise DataError(f"{where}: y has no targets for the outputs {missing}; it has {sorted(y)}")
        y = [y[name] for name in names]
    if not isinstance(y, (list, tuple)) or len(y) != len(out):
        raise DataError(f"{where}: model '{model.name}' has {len(out)} outputs {names}: give y as a list of "
                        f"{len(out)} arrays or a dict by output name")
    return [_as_target(model, t, n, f"{where} (output '{name}')", shape, loss)
            for t, name, shape, loss in zip(y, names, out, losses if len(losses) == len(out) else losses * len(out))]


def _as_target(model: Any, y: Any, n: int, where: str, out: Any, loss: Any) -> np.ndarray:
    y = _read_array(y, where, "y")
    if y.dtype.kind not in "biuf":
        raise DataError(f"{where}: y must be numeric, got dtype {y.dtype}")
    if y.ndim == 0:
        raise ShapeError(f"{where}: y must hold one target per sample, got a scalar")
    if len(y) != n:
        raise DataError(f"{where}: x has {n} samples but y has {len(y)}; they must match")
    if np.issubdtype(y.dtype, np.floating) and not np.isfinite(y).all():
        raise DataError(f"{where}: y contains NaN or infinite values")
    kind = type(loss).__name__
    if isinstance(out, tuple) and len(out) >= 2:
        y = _fit_to_output(y, out, kind, n, where)
    if np.issubdtype(y.dtype, np.floating) or y.ndim > 1:
        return y.astype(_model_dtype(model), copy=False)
    return y


def _fit_to_output(y: np.ndarray, out: tuple, kind: str, n: int, where: str) -> np.ndarray:
    """Targets reshaped or validated for an output of shape ``out`` under the loss class ``kind``."""
    classes = out[-1]
    if kind == "SparseCategoricalCrossentropy":
        if classes == 1:
            raise ShapeError(
                f"{where}: sparse_categorical_crossentropy on a 1-unit output {out}: use binary_crossentropy with "
                "a sigmoid output for two classes, or Dense(num_classes) with a softmax for more"
            )
        labels = y.reshape(y.shape[:-1]) if y.ndim == len(out) and y.shape[-1] == 1 else y
        if labels.shape[1:] != tuple(out[1:-1]):
            onehot = " (these look one-hot: for one-hot rows use categorical_crossentropy)" \
                if y.shape[1:] == tuple(out[1:]) else ""
            raise ShapeError(f"{where}: integer labels of shape {y.shape} do not fit the model's output {out}; "
                             f"give labels of shape ({n},) or ({n}, 1){onehot}")
        targets.class_labels(labels.reshape(-1), classes, where)
        return y
    if kind in ("CategoricalCrossentropy", "MulticlassHinge") and len(out) == 2 and y.ndim == 2 \
            and y.shape[1] != classes:
        hint = "; for integer labels of shape (N, 1) use sparse_categorical_crossentropy" if y.shape[1] == 1 else ""
        raise ShapeError(f"{where}: y has shape {y.shape} but the model has {classes} outputs: give labels of "
                         f"shape ({n},) or one-hot rows of shape ({n}, {classes}){hint}")
    if kind in ("CategoricalCrossentropy", "MulticlassHinge") and y.ndim == 1 and len(out) == 2:
        if classes == 1:
            raise ShapeError(f"{where}: {kind} needs one output per class, but the model has one output {out}: use "
                             "binary_crossentropy with a sigmoid output, or Dense(num_classes)")
        return targets.class_labels(y, classes, where)
    if not compatible(y.shape[1:], tuple(out[1:])):
        if y.ndim == 1 and tuple(out[1:]) == (1,):
            return y.reshape(-1, 1)
        hint = ""
        if kind == "CategoricalCrossentropy" and y.ndim == len(out) and y.shape[-1] == 1:
            hint = "; for integer labels use sparse_categorical_crossentropy"
        elif y.ndim == len(out) - 1 and out[-1] > 1 and _whole_numbers(y):
            hint = ("; for integer class labels use loss='sparse_categorical_crossentropy' (the output: "
                    f"{out[-1]} units with a softmax), or one-hot rows (keras.utils.to_categorical)")
        raise ShapeError(f"{where}: y has shape {y.shape} but the model outputs {out}{hint}")
    return y


def _whole_numbers(y: np.ndarray) -> bool:
    """Whether ``y`` holds whole numbers only (integer class labels, whatever their dtype)."""
    return y.dtype.kind in "biu" or bool(np.all(np.mod(y, 1) == 0))


def prepare(model: Any, x: Any, y: Any, where: str) -> tuple[Any, np.ndarray]:
    """Validate and convert ``(x, y)`` for ``model``; one clear error for each problem."""
    if getattr(model, "compiled_loss", None) is None:
        raise ConfigError(f"{where}: call model.compile(optimizer=..., loss=...) first")
    x = as_inputs(model, x, where)
    n = sample_count(x, where)
    if n == 0:
        raise DataError(f"{where}: the dataset is empty (0 samples)")
    ensure_built(model, x)
    check_input_shape(model, x, where)
    return x, _as_targets(model, y, n, where)


def ensure_built(model: Any, x: Any) -> None:
    """Call ``model.build`` once with the shape of ``x`` if the model's input shape is unknown."""
    if model.input_shape is not None or getattr(model, "_built_for", None) is not None:
        return
    shape = [v.shape[1:] for v in x] if isinstance(x, list) else x.shape[1:]
    model.build(shape)
    if model.input_shape is None:  # a subclassed model: remember it was built
        model._built_for = shape


def take_rows(x: Any, idx: Any) -> Any:
    return [v[idx] for v in x] if isinstance(x, list) else x[idx]
