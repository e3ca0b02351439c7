"""Keras 3's ``.keras`` file: a zip of ``metadata.json``, ``config.json`` and ``model.weights.h5``.

``config.json`` is the model's Keras config plus its ``compile_config``
(:mod:`ligero.keras._keras_config`, :mod:`ligero.keras._compile_config`);
``model.weights.h5`` holds the layers' weights and the optimizer's variables
(:mod:`ligero.keras._h5`). Saving is atomic; loading reads the config as data
only (no code from the file ever runs).
"""

from __future__ import annotations

import datetime
import io
import json
import zipfile
import zlib
from pathlib import Path
from typing import Any

from ligero._atomic import atomic_write
from ligero.errors import ConfigError, DataFileError
from ligero.keras import _compile_config, _h5, _keras_config, _optimizer_vars

KERAS_VERSION = "3.15.1"
"""The Keras version ligero's files say they were written for (the format of that version)."""

_DAMAGE = (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError, RuntimeError)


def _optimizer_state(model: Any) -> tuple[list[Any] | None, str]:
    optimizer = getattr(model, "optimizer", None)
    if optimizer is None:
        return None, ""
    params = _h5.trainable_in_keras_order(model)
    name = _compile_config.optimizer_config(optimizer)["config"]["name"]
    return _optimizer_vars.export_vars(optimizer, params), name


def save_weights_file(model: Any, path: Any) -> None:
    """``model.save_weights("w.weights.h5")`` in Keras 3's layout (optimizer variables included, as Keras)."""
    _h5.require_h5py()
    values, name = _optimizer_state(model)
    with atomic_write(path, verb="save") as handle:
        _h5.write_weights(handle, model, values, name)


def load_weights_file(model: Any, path: Any) -> None:
    """``model.load_weights("w.weights.h5")``: the layers' weights (and the optimizer's, when it fits)."""
    path = _existing(path)
    with open(path, "rb") as handle:
        values = _h5.read_weights(handle, model, str(path))
    _restore_optimizer(model, values, str(path))


def _restore_optimizer(model: Any, values: Any, where: str) -> None:
    optimizer = getattr(model, "optimizer", None)
    if values is None or optimizer is None or isinstance(optimizer, str):
        return
    _optimizer_vars.import_vars(optimizer, _h5.trainable_in_keras_order(model), values, _trainer_params(model))


def _trainer_params(model: Any) -> list[Any]:
    """The parameters in the order ``compile``/``fit`` bind the optimizer to them."""
    return list(model.trainable_parameters())


def save_keras_file(model: Any, path: Any) -> None:
    """``model.save("m.keras")`` in Keras 3's format."""
    _h5.require_h5py()
    config = _keras_config.model_config(model)
    compiled = _compile_config.compile_config(model)
    if compiled is not None:
        config["compile_config"] = compiled
    values, name = _optimizer_state(model)
    weights = io.BytesIO()
    _h5.write_weights(weights, model, values, name)
    metadata = {"keras_version": KERAS_VERSION,
                "date_saved": datetime.datetime.now().strftime("%Y-%m-%d@%H:%M:%S")}
    with atomic_write(path, verb="save") as handle, zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("metadata.json", json.dumps(metadata))
        archive.writestr("config.json", json.dumps(config))
        archive.writestr("model.weights.h5", weights.getvalue(), compress_type=zipfile.ZIP_STORED)


def _existing(path: Any) -> Path:
    path = Path(path)
    if not path.exists():
        raise DataFileError(f"{path}: no such model file")
    if path.is_dir():
        raise DataFileError(f"{path}: is a directory, not a model file")
    return path


def _read_archive(path: Path) -> tuple[dict[str, Any], bytes]:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            missing = {"config.json", "model.weights.h5"} - names
            if missing:
                raise DataFileError(f"{path}: not a Keras 3 .keras file (no {', '.join(sorted(missing))})")
            config = json.loads(archive.read("config.json").decode("utf-8"))
            weights = archive.read("model.weights.h5")
    except DataFileError:
        raise
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise DataFileError(f"{path}: config.json is not valid JSON ({exc})") from None
    except _DAMAGE as exc:
        raise DataFileError(f"{path}: not a .keras zip file, or truncated ({exc})") from None
    if not isinstance(config, dict):
        raise DataFileError(f"{path}: config.json does not describe a model")
    return config, weights


def load_keras_file(path: Any, custom_objects: dict[str, Any] | None = None, compile: bool = True,  # noqa: A002
                    safe_mode: bool = True) -> Any:
    """``keras.models.load_model("m.keras")``: architecture, weights and (with ``compile``) training state."""
    _h5.require_h5py()
    path = _existing(path)
    config, weights = _read_archive(path)
    try:
        model = _keras_config.model_from_config(config, custom_objects, safe_mode)
    except ConfigError as exc:
        raise type(exc)(f"{path}: {exc}") from None  # (an unknown class stays a TypeError too, as Keras's)
    except (KeyError, TypeError, IndexError, AttributeError, ValueError) as exc:
        raise DataFileError(f"{path}: the architecture in config.json is damaged ({exc!r})") from None
    compiled = config.get("compile_config") if compile else None
    if compiled:
        model.compile(optimizer=_compile_config.optimizer_from_config(compiled.get("optimizer") or "rmsprop"),
                      loss=_compile_config.loss_from_config(compiled.get("loss"), custom_objects),
                      loss_weights=compiled.get("loss_weights"),
                      metrics=_compile_config.metrics_from_config(compiled.get("metrics"), custom_objects),
                      weighted_metrics=_compile_config.metrics_from_config(compiled.get("weighted_metrics"),
                                                                           custom_objects))
    values = _h5.read_weights(io.BytesIO(weights), model, str(path))
    if compiled:
        _restore_optimizer(model, values, str(path))
    return model
