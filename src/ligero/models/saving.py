"""Saving and loading models in a safe format: a NumPy ``.npz`` archive, no pickle.

The archive holds JSON texts (stored as uint8 arrays) for the format version,
the architecture and the optimizer's settings, and plain numeric arrays for the
weights and the optimizer's state. Loading uses ``allow_pickle=False`` and reads
every entry before using any: a file with a pickled (object) entry is refused
with :class:`~ligero.errors.UnsafeFileError`, so a model file can never execute
code, and a damaged entry anywhere gives one :class:`~ligero.errors.DataFileError`.
Saving writes a temporary file beside the target and renames it over the
target only when it is complete, so a crash or a full disk never leaves half a
model (the previous file survives).
"""

from __future__ import annotations

import json
import warnings
import zipfile
import zlib
from pathlib import Path
from typing import Any

import numpy as np

from ligero._atomic import atomic_write
from ligero.errors import ConfigError, DataFileError, UnsafeFileError

FORMAT_NAME = "ligero-model"
FORMAT_VERSION = 1


def _json_array(obj: Any) -> np.ndarray:
    return np.frombuffer(json.dumps(obj).encode("utf-8"), dtype=np.uint8)


def _read_json(archive: dict[str, np.ndarray], key: str, path: Path) -> Any:
    try:
        return json.loads(bytes(archive[key]).decode("utf-8"))
    except (KeyError, ValueError, UnicodeDecodeError, TypeError) as exc:
        raise DataFileError(f"{path}: entry '{key}' is missing or damaged ({exc})") from None


def _split_arrays(obj: Any, arrays: dict[str, np.ndarray], prefix: str) -> Any:
    """Replace every ndarray inside ``obj`` by a reference, collecting the arrays."""
    if isinstance(obj, np.ndarray):
        key = f"{prefix}/{len(arrays)}"
        arrays[key] = obj
        return {"__array__": key}
    if isinstance(obj, dict):
        return {k: _split_arrays(v, arrays, prefix) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_split_arrays(v, arrays, prefix) for v in obj]
    if isinstance(obj, np.generic):
        return obj.item()
    return obj


def _join_arrays(obj: Any, archive: dict[str, np.ndarray], path: Path) -> Any:
    if isinstance(obj, dict):
        if set(obj) == {"__array__"}:
            if obj["__array__"] not in archive:
                raise DataFileError(f"{path}: optimizer state entry {obj['__array__']!r} is missing")
            return np.array(archive[obj["__array__"]])
        return {k: _join_arrays(v, archive, path) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_join_arrays(v, archive, path) for v in obj]
    return obj


_DAMAGE = (
    zipfile.BadZipFile, ValueError, OSError, EOFError, zlib.error,
    NotImplementedError,  # a damaged header asking for an unknown compression method or zip feature
    RuntimeError,  # a damaged flag marking an entry as encrypted
)
"""What reading a damaged .npz archive can raise."""


def _read_entries(path: Path) -> dict[str, np.ndarray]:
    """Every entry of the archive at ``path``, read with ``allow_pickle=False``."""
    try:
        archive = np.load(path, allow_pickle=False)
    except _DAMAGE as exc:
        raise DataFileError(f"{path}: not a ligero model file, or truncated ({exc})") from None
    if not isinstance(archive, np.lib.npyio.NpzFile):
        raise DataFileError(f"{path}: not a ligero model file (a bare .npy array)")
    entries: dict[str, np.ndarray] = {}
    with archive:
        for key in archive.files:
            try:
                entries[key] = archive[key]
            except ValueError as exc:
                if "pickle" in str(exc):
                    raise UnsafeFileError(
                        f"{path}: entry '{key}' holds pickled Python objects; ligero never loads "
                        "those (they could run code), so the file is refused"
                    ) from None
                raise DataFileError(f"{path}: entry '{key}' is damaged ({exc})") from None
            except _DAMAGE as exc:
                raise DataFileError(f"{path}: entry '{key}' is damaged or truncated ({exc!r})") from None
            except MemoryError:
                raise DataFileError(
                    f"{path}: entry '{key}' announces an array too large for this machine's memory "
                    "(a damaged file, or a model too big to load here)"
                ) from None
    return entries


def _open(path: Any) -> tuple[Path, dict[str, np.ndarray]]:
    """Check that ``path`` is a readable ligero file of this format version; return its entries."""
    path = Path(path)
    if not path.exists():
        raise DataFileError(f"{path}: no such model file")
    if path.is_dir():
        raise DataFileError(f"{path}: is a directory, not a model file")
    archive = _read_entries(path)
    if "__format__" not in archive:
        raise DataFileError(f"{path}: not a ligero model file (no '__format__' entry)")
    header = _read_json(archive, "__format__", path)
    if not isinstance(header, dict):
        raise DataFileError(f"{path}: not a ligero model file (bad '__format__' entry)")
    if header.get("format") != FORMAT_NAME:
        raise DataFileError(f"{path}: format {header.get('format')!r} is not {FORMAT_NAME!r}")
    version = header.get("version")
    if version != FORMAT_VERSION:
        newer = isinstance(version, int) and version > FORMAT_VERSION
        hint = ("upgrade ligero to read it" if newer else
                "load it with the ligero that wrote it and save it again, or retrain the model")
        raise DataFileError(
            f"{path}: saved in {FORMAT_NAME} format version {version}, but this ligero "
            f"reads version {FORMAT_VERSION}; {hint}"
        )
    return path, archive


def _weights_entries(model: Any) -> dict[str, np.ndarray]:
    return {f"weights/{name}": value for name, value in model.state_dict().items()}


def save_model(model: Any, path: Any, include_optimizer: bool = True) -> None:
    """Save architecture + weights (+ optimizer state) to ``path`` (see the module docstring).

    A model whose architecture is Python code (subclassed, custom activation)
    raises ConfigError before anything is written. A custom loss is not saved
    (a warning says so); ``load_model`` then returns the model uncompiled.
    A path ending in ``.keras`` is written in Keras 3's format instead
    (:mod:`ligero.keras._keras_zip`).
    """
    if str(path).endswith(".keras"):
        from ligero.keras._keras_zip import save_keras_file

        return save_keras_file(model, path)
    arrays: dict[str, np.ndarray] = {
        "__format__": _json_array({"format": FORMAT_NAME, "version": FORMAT_VERSION, "kind": "model"}),
        "__config__": _json_array(model.get_config()),
    }
    arrays.update(_weights_entries(model))
    compiled: dict[str, Any] = {}
    if model.loss is not None:
        try:
            from ligero import losses

            compiled = _compiled_settings(model, losses.serialize)
        except ConfigError as exc:
            warnings.warn(
                f"save: {exc}; it is not saved, so load_model({str(path)!r}) returns a model to "
                "compile again",
                stacklevel=3,
            )
    if include_optimizer and model.optimizer is not None:
        from ligero import optimizers

        compiled["optimizer"] = optimizers.serialize(model.optimizer)
        if model.optimizer.params:  # no state before the optimizer has met its parameters
            compiled["optimizer_state"] = _split_arrays(model.optimizer.state_dict(), arrays, "optimizer")
    arrays["__compile__"] = _json_array(compiled)
    _write_archive(path, arrays)


def save_weights(model: Any, path: Any) -> None:
    """Save only the weights and buffers (by name) to ``path`` (Keras 3's layout for ``.weights.h5``)."""
    if str(path).endswith(".weights.h5"):
        from ligero.keras._keras_zip import save_weights_file

        return save_weights_file(model, path)
    arrays = {"__format__": _json_array({"format": FORMAT_NAME, "version": FORMAT_VERSION, "kind": "weights"})}
    arrays.update(_weights_entries(model))
    _write_archive(path, arrays)


def _write_archive(path: Any, arrays: dict[str, np.ndarray]) -> None:
    """Write ``arrays`` to ``path`` as .npz, atomically (:func:`ligero._atomic.atomic_write`)."""
    with atomic_write(path, verb="save") as handle:
        np.savez(handle, **arrays)


def _load_state(model: Any, archive: dict[str, np.ndarray], path: Path) -> None:
    state = {key[len("weights/"):]: value for key, value in archive.items() if key.startswith("weights/")}
    expected = model.state_dict()
    missing = sorted(set(expected) - set(state))
    unexpected = sorted(set(state) - set(expected))
    if missing or unexpected:
        raise DataFileError(
            f"{path}: the saved weights are for another architecture (missing {missing[:5]}, "
            f"unexpected {unexpected[:5]})"
        )
    for name, value in state.items():
        if not np.issubdtype(value.dtype, np.number):
            raise DataFileError(f"{path}: weight '{name}' has dtype {value.dtype}, not numbers")
        if value.shape != expected[name].shape:
            raise DataFileError(
                f"{path}: weight '{name}' has shape {value.shape} in the file but {expected[name].shape} "
                "in the model (another architecture)"
            )
    model.load_state_dict(state)


def load_weights(model: Any, path: Any) -> None:
    """Load weights saved by ``save``/``save_weights`` into ``model`` (same architecture)."""
    if str(path).endswith(".weights.h5"):
        from ligero.keras._keras_zip import load_weights_file

        return load_weights_file(model, path)
    if not model.built:
        raise ConfigError(
            "load_weights: build the model first: call model.build(input_shape), run it on a batch, "
            "or give the first layer input_dim"
        )
    path, archive = _open(path)
    _load_state(model, archive, path)


def load_model(path: Any, custom_objects: Any = None, compile: bool = True,  # noqa: A002 - Keras's name
               safe_mode: bool = True) -> Any:
    """Rebuild a model saved by :meth:`Model.save`: architecture, weights, and (if ``compile``)
    loss, metrics and optimizer with its state, so training can resume. A ``.keras`` file
    (Keras 3's format) is read by :func:`ligero.keras._keras_zip.load_keras_file`."""
    if str(path).endswith(".keras"):
        from ligero.keras._keras_zip import load_keras_file

        return load_keras_file(path, custom_objects=custom_objects, compile=compile, safe_mode=safe_mode)
    from ligero import losses, optimizers
    from ligero.models.model import model_from_config

    path, archive = _open(path)
    if "__config__" not in archive:
        raise DataFileError(f"{path}: holds weights only; build the model and call load_weights()")
    config = _read_json(archive, "__config__", path)
    try:
        model = model_from_config(config)
    except (KeyError, TypeError, IndexError, AttributeError, ConfigError, ValueError) as exc:
        raise DataFileError(f"{path}: architecture description is damaged ({exc!r})") from None
    _load_state(model, archive, path)
    compiled = _read_json(archive, "__compile__", path) if "__compile__" in archive else {}
    if compile and compiled.get("loss"):
        try:
            optimizer = optimizers.get(compiled["optimizer"]) if "optimizer" in compiled else "sgd"
            loss = compiled["loss"]
            loss = {k: None if v is None else losses.resolve(v) for k, v in loss["per_output"].items()} \
                if "per_output" in loss else losses.resolve(loss)
            model.compile(optimizer=optimizer, loss=loss, loss_weights=compiled.get("loss_weights"),
                          metrics=compiled.get("metrics"))
            if "optimizer_state" in compiled:
                model.optimizer.bind(model.trainable_parameters())
                model.optimizer.load_state_dict(_join_arrays(compiled["optimizer_state"], archive, path))
        except (ConfigError, KeyError, TypeError, ValueError) as exc:
            raise DataFileError(
                f"{path}: training settings are damaged ({exc}); load_model(..., compile=False) "
                "loads the model without them"
            ) from None
    model.eval()
    return model


def _compiled_settings(model: Any, serialize: Any) -> dict[str, Any]:
    """The loss (one, or ``{"per_output": {name: loss}}`` for several outputs), the loss weights and the
    metrics given by name (in their list or dict per output) that ``save`` keeps for ``load_model``."""
    compiled_loss = model.compiled_loss
    if len(compiled_loss.losses) > 1:
        loss: Any = {"per_output": {name: None if one is None else serialize(one)
                                    for name, one in zip(compiled_loss.output_names, compiled_loss.losses)}}
    else:
        loss = serialize(model.loss)
    weights = compiled_loss.weights_spec
    return {"loss": loss, "loss_weights": weights if isinstance(weights, (int, float, dict, list)) else None,
            "metrics": _named_metrics(getattr(model, "compile_arguments", {}).get("metrics", model.metric_names))}


def _named_metrics(spec: Any) -> Any:
    """The metrics of ``spec`` given by name, in the same list or dict per output (others are code)."""
    if isinstance(spec, dict):
        return {key: _named_metrics(value) for key, value in spec.items()}
    if isinstance(spec, (list, tuple)):
        return [m for m in (_named_metrics(v) for v in spec) if m is not None]
    return spec if isinstance(spec, str) else None
