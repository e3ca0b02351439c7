"""Keras-style callbacks: hooks that ``Model.fit`` calls around epochs and batches.

``fit`` calls, in this order::

    set_model(model); set_params({"epochs": E, "steps": S, ...})
    on_train_begin(logs)
    for each epoch:   on_epoch_begin(epoch, logs)
        for each batch:   on_train_batch_begin(batch, logs); ...; on_train_batch_end(batch, {"loss": ...})
        on_epoch_end(epoch, {"loss": ..., "accuracy": ..., "val_loss": ..., ...})
    on_train_end(logs)

``on_train_batch_begin``/``on_train_batch_end`` call ``on_batch_begin``/``on_batch_end``
unless overridden (Keras's names, both ways). Epochs and batches count from 0.
What a callback may use of the model: ``model.stop_training`` (set it to True to
stop after the current epoch; a fit that also checks it after each batch stops
sooner), ``model.get_weights()``, ``model.set_weights(list)``, ``model.save(path)``
and ``model.optimizer.lr``.

A loss that becomes NaN or infinite makes ``fit`` raise ``TrainingError``
unless some callback has ``handles_nan = True`` (:class:`TerminateOnNaN`):
then fit passes the bad loss to ``on_batch_end`` and lets the callback decide
(:meth:`CallbackList.on_nonfinite_loss` carries that policy).
"""

from __future__ import annotations

import csv
import inspect
import math
import os
import sys
import time
import warnings
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import numpy as np

from ligero.errors import ConfigError, TrainingError

Logs = dict[str, Any]
Schedule = Callable[[int, float], float]


class Callback:
    """Base class: every hook does nothing. Subclasses override the ones they need.

    Attributes:
        model: the model being trained (set by ``set_model``).
        params: the training parameters fit passes (``epochs``, ``steps``, ...).
        handles_nan: True if this callback takes charge of a NaN/inf loss.
    """

    handles_nan = False

    def __init__(self) -> None:
        self.model: Any = None
        self.params: dict[str, Any] = {}

    def set_model(self, model: Any) -> None:
        self.model = model

    def set_params(self, params: dict[str, Any]) -> None:
        self.params = dict(params)

    def on_train_begin(self, logs: Logs | None = None) -> None:
        """Called once before the first epoch."""

    def on_train_end(self, logs: Logs | None = None) -> None:
        """Called once after the last epoch (also after an early stop)."""

    def on_epoch_begin(self, epoch: int, logs: Logs | None = None) -> None:
        """Called at the start of epoch ``epoch`` (0-based)."""

    def on_epoch_end(self, epoch: int, logs: Logs | None = None) -> None:
        """Called after each epoch with the epoch's logs (training and validation metrics)."""

    def on_batch_begin(self, batch: int, logs: Logs | None = None) -> None:
        """Called before each training batch (0-based within the epoch)."""

    def on_batch_end(self, batch: int, logs: Logs | None = None) -> None:
        """Called after each training batch with at least ``{"loss": ...}`` (the epoch's running means)."""

    def on_train_batch_begin(self, batch: int, logs: Logs | None = None) -> None:
        """Keras's name for :meth:`on_batch_begin` (which it calls)."""
        self.on_batch_begin(batch, logs)

    def on_train_batch_end(self, batch: int, logs: Logs | None = None) -> None:
        """Keras's name for :meth:`on_batch_end` (which it calls)."""
        self.on_batch_end(batch, logs)

    def on_test_begin(self, logs: Logs | None = None) -> None:
        """Called at the start of ``evaluate`` (and of each validation inside ``fit``)."""

    def on_test_end(self, logs: Logs | None = None) -> None:
        """Called at the end of ``evaluate`` with its logs."""

    def on_test_batch_begin(self, batch: int, logs: Logs | None = None) -> None:
        """Called before each batch of ``evaluate``."""

    def on_test_batch_end(self, batch: int, logs: Logs | None = None) -> None:
        """Called after each batch of ``evaluate`` with the evaluation's logs so far."""

    def on_predict_begin(self, logs: Logs | None = None) -> None:
        """Called at the start of ``predict``."""

    def on_predict_end(self, logs: Logs | None = None) -> None:
        """Called at the end of ``predict``."""

    def on_predict_batch_begin(self, batch: int, logs: Logs | None = None) -> None:
        """Called before each batch of ``predict``."""

    def on_predict_batch_end(self, batch: int, logs: Logs | None = None) -> None:
        """Called after each batch of ``predict`` with ``{"outputs": the batch's outputs}``."""


_BATCH_HOOKS = {
    "on_batch_begin": ("on_batch_begin", "on_train_batch_begin"),
    "on_train_batch_begin": ("on_batch_begin", "on_train_batch_begin"),
    "on_batch_end": ("on_batch_end", "on_train_batch_end"),
    "on_train_batch_end": ("on_batch_end", "on_train_batch_end"),
}


def _overrides(callback: Callback, hook: str) -> bool:
    """Whether ``callback`` does something in ``hook`` (or in its other name): not the base's no-op."""
    for name in _BATCH_HOOKS.get(hook, (hook,)):
        if getattr(getattr(callback, name), "__func__", None) is not getattr(Callback, name):
            return True
    return False


class CallbackList:
    """Several callbacks called in order, as one; what ``fit`` talks to.

    With ``add_progress`` (fit's ``verbose`` 1 or 2) it adds a
    :class:`ProgressLogger`, and with ``add_history`` a :class:`History`
    (``.history``), last, as Keras does, so that it records what the other
    callbacks add to the logs (``learning_rate``). The per-batch hooks call only
    the callbacks that define them (as Keras does). ``handles_nan`` is True if
    any callback handles a NaN/inf loss.
    """

    def __init__(
        self,
        callbacks: Callback | Iterable[Callback] | None = None,
        model: Any = None,
        params: dict[str, Any] | None = None,
        *,
        add_history: bool = False,
        add_progress: int = 0,
    ) -> None:
        callbacks = [callbacks] if isinstance(callbacks, Callback) else list(callbacks or [])
        for cb in callbacks:
            if not isinstance(cb, Callback):
                raise ConfigError(f"callbacks must be Callback instances, got {cb!r}")
        self.callbacks: list[Callback] = callbacks
        if add_progress:
            self.callbacks.append(ProgressLogger(add_progress))
        self.history = History() if add_history else None
        if self.history is not None:
            self.callbacks.append(self.history)
        self._find_batch_hooks()
        if model is not None:
            self.set_model(model)
        if params is not None:
            self.set_params(params)

    def _find_batch_hooks(self) -> None:
        self._batch_begin = self.overriding("on_train_batch_begin")
        self._batch_end = self.overriding("on_train_batch_end")

    def append(self, callback: Callback) -> None:
        self.callbacks.append(callback)
        self._find_batch_hooks()

    def __iter__(self) -> Iterator[Callback]:
        return iter(self.callbacks)

    def __len__(self) -> int:
        return len(self.callbacks)

    def overriding(self, hook: str) -> list[Callback]:
        """The callbacks whose ``hook`` (e.g. ``"on_batch_end"``) is not the base class's no-op."""
        return [cb for cb in self.callbacks if _overrides(cb, hook)]

    @property
    def handles_nan(self) -> bool:
        return any(cb.handles_nan for cb in self.callbacks)

    @property
    def wants_batch_begin(self) -> bool:
        """Whether some callback has a batch-begin hook (fit skips the call otherwise)."""
        return bool(self._batch_begin)

    @property
    def wants_batch_logs(self) -> bool:
        """Whether some callback has a batch-end hook (fit builds the batch logs only then)."""
        return bool(self._batch_end)

    def on_nonfinite_loss(self, loss: float, epoch: int, batch: int) -> None:
        """The NaN policy: a NaN/inf batch loss raises TrainingError unless some callback
        handles it; then the batch-end hooks get ``{"loss": loss}`` and decide."""
        if not self.handles_nan:
            raise TrainingError(
                f"fit: the loss became {loss} at epoch {epoch + 1}, batch {batch + 1}: training "
                "diverged (try a smaller learning rate, scale the inputs to [0, 1], or check "
                "the data); the model keeps the weights of the last completed epoch"
            )
        self.on_train_batch_end(batch, {"loss": loss})

    def set_model(self, model: Any) -> None:
        for cb in self.callbacks:
            cb.set_model(model)

    def set_params(self, params: dict[str, Any]) -> None:
        for cb in self.callbacks:
            cb.set_params(params)

    def on_train_begin(self, logs: Logs | None = None) -> None:
        for cb in self.callbacks:
            cb.on_train_begin(logs)

    def on_train_end(self, logs: Logs | None = None) -> None:
        for cb in self.callbacks:
            cb.on_train_end(logs)

    def on_epoch_begin(self, epoch: int, logs: Logs | None = None) -> None:
        for cb in self.callbacks:
            cb.on_epoch_begin(epoch, logs)

    def on_epoch_end(self, epoch: int, logs: Logs | None = None) -> None:
        for cb in self.callbacks:
            cb.on_epoch_end(epoch, logs)

    def on_train_batch_begin(self, batch: int, logs: Logs | None = None) -> None:
        for cb in self._batch_begin:
            cb.on_train_batch_begin(batch, logs)

    def on_train_batch_end(self, batch: int, logs: Logs | None = None) -> None:
        for cb in self._batch_end:
            cb.on_train_batch_end(batch, logs)

    on_batch_begin = on_train_batch_begin
    on_batch_end = on_train_batch_end

    def _each(self, hook: str, *args: Any) -> None:
        for cb in self.callbacks:
            if _overrides(cb, hook):
                getattr(cb, hook)(*args)

    def on_test_begin(self, logs: Logs | None = None) -> None:
        self._each("on_test_begin", logs)

    def on_test_end(self, logs: Logs | None = None) -> None:
        self._each("on_test_end", logs)

    def on_test_batch_begin(self, batch: int, logs: Logs | None = None) -> None:
        self._each("on_test_batch_begin", batch, logs)

    def on_test_batch_end(self, batch: int, logs: Logs | None = None) -> None:
        self._each("on_test_batch_end", batch, logs)

    def on_predict_begin(self, logs: Logs | None = None) -> None:
        self._each("on_predict_begin", logs)

    def on_predict_end(self, logs: Logs | None = None) -> None:
        self._each("on_predict_end", logs)

    def on_predict_batch_begin(self, batch: int, logs: Logs | None = None) -> None:
        self._each("on_predict_batch_begin", batch, logs)

    def on_predict_batch_end(self, batch: int, logs: Logs | None = None) -> None:
        self._each("on_predict_batch_end", batch, logs)


# ------------------------------------------------------------- progress
def format_logs(logs: dict[str, float]) -> str:
    return " - ".join(f"{k}: {v:.4f}" for k, v in logs.items())


class ProgressLogger(Callback):
    """Prints training progress: a tqdm bar per epoch (``verbose=1``) or one line per epoch (2).

    ``fit`` adds it for ``verbose`` 1 or 2; it reads ``epochs`` and ``steps`` from the params.
    """

    def __init__(self, verbose: int = 1) -> None:
        super().__init__()
        self.verbose = verbose
        self._bar: Any = None
        self._start = 0.0

    def on_epoch_begin(self, epoch: int, logs: Logs | None = None) -> None:
        self._start = time.perf_counter()
        if self.verbose == 1:
            from tqdm.auto import tqdm

            self._bar = tqdm(total=self.params.get("steps"), desc=f"Epoch {epoch + 1}/{self._epochs()}",
                             unit="batch", leave=True, file=sys.stdout, dynamic_ncols=True)

    def on_batch_end(self, batch: int, logs: Logs | None = None) -> None:
        if self._bar is not None:
            self._bar.update(1)
            if batch % 20 == 0 or batch + 1 == self.params.get("steps"):
                self._bar.set_postfix(loss=f"{(logs or {}).get('loss', float('nan')):.4f}", refresh=False)

    def on_epoch_end(self, epoch: int, logs: Logs | None = None) -> None:
        seconds = time.perf_counter() - self._start
        if self._bar is not None:
            self._bar.set_postfix_str(format_logs(logs or {}), refresh=True)
            self._bar.close()
            self._bar = None
        elif self.verbose == 2:
            print(f"Epoch {epoch + 1}/{self._epochs()} - {seconds:.2f}s - {format_logs(logs or {})}", flush=True)

    def on_train_end(self, logs: Logs | None = None) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None

    def _epochs(self) -> Any:
        return self.params.get("epochs", "?")


ProgbarLogger = ProgressLogger  # Keras's name


# --------------------------------------------------------------- History
class History(Callback):
    """Records the epoch logs: ``history["loss"]`` is the list of epoch losses, etc.

    ``history`` uses the logs' (Keras) names, ``epoch`` the epoch numbers, and
    ``params`` what fit passed. Values are stored as Python floats (JSON-able).
    """

    def __init__(self) -> None:
        super().__init__()
        self.history: dict[str, list[Any]] = {}
        self.epoch: list[int] = []

    def on_train_begin(self, logs: Logs | None = None) -> None:
        self.epoch = []

    def on_epoch_end(self, epoch: int, logs: Logs | None = None) -> None:
        self.epoch.append(int(epoch))
        for key, value in (logs or {}).items():
            self.history.setdefault(key, []).append(_plain(value))


# --------------------------------------------------------- monitoring
def _mode_op(monitor: str, mode: str, owner: str) -> str:
    """``"min"`` or ``"max"``; ``"auto"`` is max for accuracy-like names, min otherwise."""
    if mode not in ("auto", "min", "max"):
        raise ConfigError(f"{owner}: mode must be 'auto', 'min' or 'max', got {mode!r}")
    if mode != "auto":
        return mode
    name = monitor.lower()
    return "max" if any(word in name for word in ("acc", "auc", "precision", "recall", "f1")) else "min"


class _Monitor:
    """Reads a monitored value from the logs; warns once when it is missing."""

    def __init__(self, owner: str, monitor: str, mode: str, min_delta: float = 0.0) -> None:
        self.owner, self.monitor = owner, monitor
        self.mode = _mode_op(monitor, mode, owner)
        self.min_delta = abs(float(min_delta))
        self._warned = False

    def worst(self) -> float:
        return math.inf if self.mode == "min" else -math.inf

    def improved(self, current: float, reference: float) -> bool:
        """``current`` beats ``reference`` by more than ``min_delta`` in the monitored direction."""
        if self.mode == "min":
            return current + self.min_delta < reference
        return current - self.min_delta > reference

    def value(self, logs: Logs | None) -> float | None:
        logs = logs or {}
        if self.monitor not in logs:
            if not self._warned:
                self._warned = True
                warnings.warn(
                    f"{self.owner}: the monitored quantity {self.monitor!r} is not in the logs "
                    f"(available: {sorted(logs)}); it is ignored",
                    RuntimeWarning,
                    stacklevel=3,
                )
            return None
        return float(logs[self.monitor])


# ------------------------------------------------------- EarlyStopping
class EarlyStopping(Callback):
    """Stop training when ``monitor`` has not improved for ``patience`` epochs.

    "Improved" means better than the best value so far by more than
    ``min_delta`` (lower for ``mode="min"``, higher for ``"max"``; ``"auto"``
    picks max for names containing "acc", min otherwise). After ``patience``
    epochs without improvement, ``model.stop_training`` is set and
    ``stopped_epoch`` records the epoch. With ``baseline``, only epochs that
    also beat the baseline reset the patience counter: training stops after
    ``patience`` epochs that fail to beat it, even if they improve. With
    ``restore_best_weights``, the weights of the best epoch are put back when
    training ends (whether it stopped early or not).
    """

    def __init__(
        self,
        monitor: str = "val_loss",
        min_delta: float = 0.0,
        patience: int = 0,
        verbose: int = 0,
        mode: str = "auto",
        baseline: float | None = None,
        restore_best_weights: bool = False,
        start_from_epoch: int = 0,
    ) -> None:
        super().__init__()
        if int(patience) < 0:
            raise ConfigError(f"EarlyStopping: patience must be >= 0, got {patience}")
        self._monitor = _Monitor("EarlyStopping", monitor, mode, min_delta)
        self.monitor = monitor
        self.patience = int(patience)
        self.restore_best_weights = bool(restore_best_weights)
        self.baseline = None if baseline is None else float(baseline)
        self.start_from_epoch = int(start_from_epoch)
        self.verbose = verbose
        self._reset()

    def _reset(self) -> None:
        self.wait = 0
        self.stopped_epoch = 0
        self.best: float | None = None
        self.best_epoch = 0
        self.best_weights: list[np.ndarray] | None = None

    def on_train_begin(self, logs: Logs | None = None) -> None:
        self._reset()

    def _better(self, current: float, reference: float | None) -> bool:
        return reference is None or self._monitor.improved(current, reference)

    def on_epoch_end(self, epoch: int, logs: Logs | None = None) -> None:
        current = self._monitor.value(logs)
        if current is None or epoch < self.start_from_epoch:
            return
        if self.restore_best_weights and self.best_weights is None:
            self.best_weights = self.model.get_weights()  # the first epoch's, at least
        self.wait += 1
        if self._better(current, self.best):
            self.best, self.best_epoch = current, epoch
            if self.restore_best_weights:
                self.best_weights = self.model.get_weights()
            if self.baseline is None or self._better(current, self.baseline):
                self.wait = 0
            return
        if self.wait >= self.patience and epoch > 0:
            self.stopped_epoch = epoch
            self.model.stop_training = True

    def on_train_end(self, logs: Logs | None = None) -> None:
        if self.stopped_epoch > 0 and self.verbose > 0:
            print(f"Epoch {self.stopped_epoch + 1}: early stopping")
        if self.restore_best_weights and self.best_weights is not None:
            if self.verbose > 0:
                print(f"Restoring model weights from the end of the best epoch: {self.best_epoch + 1}.")
            self.model.set_weights(self.best_weights)


# ----------------------------------------------------- ModelCheckpoint
class ModelCheckpoint(Callback):
    """Save the model (``model.save(path)``) after each epoch, or only on improvement.

    ``filepath`` may hold format fields filled from the epoch (1-based, as
    Keras) and the logs: ``"ckpt-{epoch:02d}-{val_loss:.3f}.ligero"``. With
    ``save_best_only``, a model is saved only when ``monitor`` beats the best
    value so far (``mode`` as in :class:`EarlyStopping`). ``saved`` lists
    the paths written.
    """

    def __init__(
        self,
        filepath: str | os.PathLike[str],
        monitor: str = "val_loss",
        verbose: int = 0,
        save_best_only: bool = False,
        save_weights_only: bool = False,
        mode: str = "auto",
        save_freq: Any = "epoch",
        initial_value_threshold: float | None = None,
    ) -> None:
        super().__init__()
        self.filepath = os.fspath(filepath)
        self.monitor = monitor
        self.save_best_only = bool(save_best_only)
        self.save_weights_only = bool(save_weights_only)
        if save_freq != "epoch" and (isinstance(save_freq, bool) or not isinstance(save_freq, int) or save_freq < 1):
            raise ConfigError(f"ModelCheckpoint: save_freq must be 'epoch' or a positive integer, got {save_freq!r}")
        self.save_freq = save_freq
        self.verbose = verbose
        self._monitor = _Monitor("ModelCheckpoint", monitor, mode)
        self.initial_value_threshold = initial_value_threshold
        self.best = self._initial_best()
        self.saved: list[str] = []
        self._batches = 0
        self._epoch = 0

    def _initial_best(self) -> float:
        return self._monitor.worst() if self.initial_value_threshold is None else float(self.initial_value_threshold)

    def on_train_begin(self, logs: Logs | None = None) -> None:
        self.best = self._initial_best()
        self._batches = 0

    def on_epoch_begin(self, epoch: int, logs: Logs | None = None) -> None:
        self._epoch = epoch

    def on_train_batch_end(self, batch: int, logs: Logs | None = None) -> None:
        if self.save_freq == "epoch":
            return
        self._batches += 1
        if self._batches % self.save_freq == 0:
            self._save(self._epoch, logs or {}, batch)

    def on_epoch_end(self, epoch: int, logs: Logs | None = None) -> None:
        if self.save_freq == "epoch":
            self._save(epoch, logs or {})

    def _save(self, epoch: int, logs: Logs, batch: int | None = None) -> None:
        if self.save_best_only:
            current = self._monitor.value(logs)
            if current is None or not self._monitor.improved(current, self.best):
                if current is not None and self.verbose:
                    print(f"\nEpoch {epoch + 1}: {self.monitor} did not improve from {self.best:.5f}")
                return
            previous, self.best = self.best, current
            path = self._format(epoch, logs, batch)
            if self.verbose:
                print(f"\nEpoch {epoch + 1}: {self.monitor} improved from {previous:.5f} to {current:.5f}, "
                      f"saving model to {path}")
        else:
            path = self._format(epoch, logs, batch)
            if self.verbose:
                print(f"\nEpoch {epoch + 1}: saving model to {path}")
        directory = os.path.dirname(path)
        if directory:
            os.makedirs(directory, exist_ok=True)
        if self.save_weights_only:
            self.model.save_weights(path)
        else:
            self.model.save(path)
        self.saved.append(path)

    def _format(self, epoch: int, logs: Logs, batch: int | None = None) -> str:
        try:
            fields = {"epoch": epoch + 1, **logs}
            if batch is not None:
                fields["batch"] = batch + 1
            return self.filepath.format(**fields)
        except (KeyError, IndexError, ValueError) as exc:
            raise ConfigError(
                f"ModelCheckpoint: cannot fill filepath {self.filepath!r} from epoch and logs "
                f"{sorted(logs)}: {exc!r}"
            ) from None


# ----------------------------------------------------------- CSVLogger
class CSVLogger(Callback):
    """Write one CSV row per epoch: ``epoch`` then the log keys (sorted), with a header.

    The columns are fixed by the first epoch's logs; a value missing later is
    written as ``NA``. With ``append=True`` rows go after an existing file's
    (its header is not repeated). The file is flushed after every row.
    """

    def __init__(self, filename: str | os.PathLike[str], separator: str = ",", append: bool = False) -> None:
        super().__init__()
        self.filename = os.fspath(filename)
        self.separator = separator
        self.append = bool(append)
        self.keys: list[str] | None = None
        self._file: Any = None
        self._writer: Any = None
        self._write_header = True

    def on_train_begin(self, logs: Logs | None = None) -> None:
        exists = os.path.exists(self.filename) and os.path.getsize(self.filename) > 0
        self._write_header = not (self.append and exists)
        self._file = open(self.filename, "a" if self.append else "w", newline="", encoding="utf-8")
        self._writer = None
        self.keys = None

    def on_epoch_end(self, epoch: int, logs: Logs | None = None) -> None:
        logs = logs or {}
        if self._file is None:
            self.on_train_begin()
        if self.keys is None:
            self.keys = sorted(logs)
            if not any(k.startswith("val_") for k in self.keys):  # as Keras: room for validation columns
                self.keys += [f"val_{k}" for k in self.keys]
        if self._writer is None:
            self._writer = csv.writer(self._file, delimiter=self.separator)
            if self._write_header:
                self._writer.writerow(["epoch", *self.keys])
        row = [epoch] + [_plain(logs[k]) if k in logs else "NA" for k in self.keys]
        self._writer.writerow(row)
        self._file.flush()

    def on_train_end(self, logs: Logs | None = None) -> None:
        if self._file is not None:
            self._file.close()
        self._file = None
        self._writer = None


# ------------------------------------------------------- TerminateOnNaN
class TerminateOnNaN(Callback):
    """Stop training when the loss becomes NaN or infinite, instead of raising.

    Sets ``model.stop_training``; records ``stopped_epoch`` and ``stopped_batch``
    (0-based; the batch is ``None`` when seen in the epoch logs) and ``reason``
    (a sentence, counting from 1 like fit's messages). The bad batch makes no
    update, and ``fit`` then puts back the weights (and optimizer state) of the
    last completed epoch. Its ``handles_nan = True`` tells fit not to raise
    ``TrainingError``.
    """

    handles_nan = True

    def __init__(self) -> None:
        super().__init__()
        self._reset()

    def _reset(self) -> None:
        self.epoch = 0
        self.stopped_epoch: int | None = None
        self.stopped_batch: int | None = None
        self.reason: str | None = None

    @property
    def terminated(self) -> bool:
        return self.reason is not None

    def on_train_begin(self, logs: Logs | None = None) -> None:
        self._reset()

    def on_epoch_begin(self, epoch: int, logs: Logs | None = None) -> None:
        self.epoch = epoch

    def on_batch_end(self, batch: int, logs: Logs | None = None) -> None:
        self._check(logs, batch)

    def on_epoch_end(self, epoch: int, logs: Logs | None = None) -> None:
        self.epoch = epoch
        if not self.terminated:
            self._check(logs, None)

    def _check(self, logs: Logs | None, batch: int | None) -> None:
        loss = (logs or {}).get("loss")
        if loss is None or self.terminated:
            return
        loss = float(loss)
        if math.isfinite(loss):
            return
        where = f"epoch {self.epoch + 1}" + (f", batch {batch + 1}" if batch is not None else "")
        self.stopped_epoch, self.stopped_batch = self.epoch, batch
        self.reason = f"the loss became {loss} at {where}; training terminated"
        self.model.stop_training = True
        if batch is not None:
            print(f"Batch {batch}: Invalid loss, terminating training")  # Keras's message
        warnings.warn(f"TerminateOnNaN: {self.reason}", RuntimeWarning, stacklevel=2)


# -------------------------------------------------- learning-rate control
def _get_lr(model: Any) -> float:
    return float(model.optimizer.lr)


def _set_lr(model: Any, value: Any, owner: str) -> float:
    lr = float(value)
    if not math.isfinite(lr) or lr < 0:
        raise ConfigError(f"{owner}: the learning rate must be a finite number >= 0, got {value!r}")
    model.optimizer.lr = lr
    return lr


class LearningRateScheduler(Callback):
    """Set ``optimizer.lr = schedule(epoch, lr)`` at the start of every epoch.

    ``epoch`` counts from 0 and ``lr`` is the current rate; a one-argument
    ``schedule(epoch)`` works too. The rate in use is added to the epoch logs
    as ``"learning_rate"`` (so History records it).
    """

    def __init__(self, schedule: Callable[..., float], verbose: int = 0) -> None:
        super().__init__()
        if not callable(schedule):
            raise ConfigError(f"LearningRateScheduler: schedule must be callable, got {schedule!r}")
        self.schedule = schedule
        self.verbose = verbose
        self._two_args = _takes_two_args(schedule)

    def on_epoch_begin(self, epoch: int, logs: Logs | None = None) -> None:
        current = _get_lr(self.model)
        new = self.schedule(epoch, current) if self._two_args else self.schedule(epoch)
        lr = _set_lr(self.model, new, "LearningRateScheduler")
        if self.verbose:
            print(f"Epoch {epoch + 1}: learning rate {lr:.6g}")

    def on_epoch_end(self, epoch: int, logs: Logs | None = None) -> None:
        if logs is not None:
            logs["learning_rate"] = _get_lr(self.model)


def _takes_two_args(fn: Callable[..., Any]) -> bool:
    try:
        signature = inspect.signature(fn)
    except (TypeError, ValueError):
        return True
    positional = 0
    for p in signature.parameters.values():
        if p.kind == p.VAR_POSITIONAL:
            return True
        if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD):
            positional += 1
    return positional >= 2


class ReduceLROnPlateau(Callback):
    """Multiply the learning rate by ``factor`` when ``monitor`` stops improving.

    After ``patience`` epochs without an improvement larger than ``min_delta``
    (``mode`` as in :class:`EarlyStopping`): ``lr ← max(lr · factor, min_lr)``,
    then ``cooldown`` epochs pass before counting again. The rate in use is
    added to the epoch logs as ``"learning_rate"``.
    """

    def __init__(
        self,
        monitor: str = "val_loss",
        factor: float = 0.1,
        patience: int = 10,
        verbose: int = 0,
        mode: str = "auto",
        min_delta: float = 1e-4,
        cooldown: int = 0,
        min_lr: float = 0.0,
        **kwargs: Any,
    ) -> None:
        super().__init__()
        if float(factor) >= 1.0:
            raise ConfigError(f"ReduceLROnPlateau: factor must be < 1, got {factor}")
        if int(patience) < 0 or int(cooldown) < 0 or float(min_lr) < 0:
            raise ConfigError("ReduceLROnPlateau: patience, cooldown and min_lr must be >= 0")
        self.monitor = monitor
        self.factor = float(factor)
        self.patience = int(patience)
        self.min_lr = float(min_lr)
        self.cooldown = int(cooldown)
        self.verbose = verbose
        self._monitor = _Monitor("ReduceLROnPlateau", monitor, mode, min_delta)
        self._reset()

    def _reset(self) -> None:
        self.best = self._monitor.worst()
        self.wait = 0
        self.cooldown_counter = 0

    def on_train_begin(self, logs: Logs | None = None) -> None:
        self._reset()

    def on_epoch_end(self, epoch: int, logs: Logs | None = None) -> None:
        """Keras's rule: the epoch's ``learning_rate`` (before any change) goes into the logs; then
        an improvement resets the wait, and ``patience`` epochs without one (outside the cooldown)
        multiply the rate by ``factor`` (not below ``min_lr``) and start the cooldown."""
        if logs is not None:
            logs["learning_rate"] = _get_lr(self.model)
        current = self._monitor.value(logs)
        if current is None:
            return
        if self.cooldown_counter > 0:
            self.cooldown_counter -= 1
            self.wait = 0
        if self._monitor.improved(current, self.best):
            self.best, self.wait = current, 0
        elif self.cooldown_counter <= 0:
            self.wait += 1
            if self.wait >= self.patience:
                old = _get_lr(self.model)
                if old > np.float32(self.min_lr):
                    new = _set_lr(self.model, max(old * self.factor, self.min_lr), "ReduceLROnPlateau")
                    if self.verbose:
                        print(f"\nEpoch {epoch + 1}: ReduceLROnPlateau reducing learning rate to {new}.")
                    self.cooldown_counter, self.wait = self.cooldown, 0


class LambdaCallback(Callback):
    """A callback from functions, as Keras's: ``LambdaCallback(on_epoch_end=lambda epoch, logs: ...)``.

    ``on_epoch_begin/end(epoch, logs)``, ``on_train_begin/end(logs)``, ``on_train_batch_begin/end(batch,
    logs)``; any other hook by its name as a keyword argument.
    """

    def __init__(self, on_epoch_begin: Any = None, on_epoch_end: Any = None, on_train_begin: Any = None,
                 on_train_end: Any = None, on_train_batch_begin: Any = None, on_train_batch_end: Any = None,
                 **kwargs: Any) -> None:
        super().__init__()
        hooks = {"on_epoch_begin": on_epoch_begin, "on_epoch_end": on_epoch_end, "on_train_begin": on_train_begin,
                 "on_train_end": on_train_end, "on_train_batch_begin": on_train_batch_begin,
                 "on_train_batch_end": on_train_batch_end, **kwargs}
        for name, fn in hooks.items():
            if fn is None:
                continue
            if not (name.startswith("on_") and callable(getattr(Callback, name, None))):
                raise ConfigError(f"LambdaCallback: unknown hook {name!r}")
            setattr(self, name, fn)


def step_decay(initial: float, drop: float, every: int) -> Schedule:
    """``lr(epoch) = initial · drop ^ floor(epoch / every)`` (epoch from 0)."""
    if int(every) < 1:
        raise ConfigError(f"step_decay: every must be >= 1, got {every}")
    initial, drop, every = float(initial), float(drop), int(every)

    def schedule(epoch: int, lr: float | None = None) -> float:
        return initial * drop ** (int(epoch) // every)

    return schedule


def cosine_decay(initial: float, epochs: int, min_lr: float = 0.0) -> Schedule:
    """``lr(epoch) = min_lr + (initial - min_lr) · (1 + cos(π · min(epoch, epochs) / epochs)) / 2``."""
    if int(epochs) < 1:
        raise ConfigError(f"cosine_decay: epochs must be >= 1, got {epochs}")
    initial, epochs, min_lr = float(initial), int(epochs), float(min_lr)

    def schedule(epoch: int, lr: float | None = None) -> float:
        progress = min(int(epoch), epochs) / epochs
        return min_lr + (initial - min_lr) * 0.5 * (1.0 + math.cos(math.pi * progress))

    return schedule


def _plain(value: Any) -> Any:
    """A NumPy scalar or 0-d array as a Python number; anything else unchanged."""
    if type(value) is float:
        return value
    if isinstance(value, np.ndarray) and value.ndim == 0:
        return value.item()
    if isinstance(value, np.generic):
        return value.item()
    return value


__all__ = [
    "CSVLogger",
    "Callback",
    "CallbackList",
    "EarlyStopping",
    "History",
    "LambdaCallback",
    "LearningRateScheduler",
    "ModelCheckpoint",
    "ProgbarLogger",
    "ProgressLogger",
    "ReduceLROnPlateau",
    "TerminateOnNaN",
    "cosine_decay",
    "format_logs",
    "step_decay",
]
