"""Training for :class:`~ligero.models.model.Model`: compile, three overridable steps, and the loops.

As in Keras 3, ``Model`` inherits its training from :class:`Trainer`. One step
on a batch is a method a subclass may override:

- :meth:`Trainer.train_step` ``(x, y)``: forward → loss + penalties → backward →
  optimizer update (in place); returns the batch's logs (``loss``, metrics);
- :meth:`Trainer.test_step` ``(x, y)``: the same logs, in inference mode, no update;
- :meth:`Trainer.predict_step` ``x``: the outputs as arrays.

``fit``, ``evaluate`` and ``predict`` are short loops over an
:class:`~ligero.models.epoch_iterator.EpochIterator` (batching, shuffling), a
:class:`~ligero.models.running_mean.RunningMean` of the logs (the mean over the
epoch's samples, as Keras reports it) and a
:class:`~ligero.callbacks.CallbackList` (History, progress, the NaN policy).
"""

from __future__ import annotations

import contextlib
import math
import sys
import warnings
from collections.abc import Iterator
from typing import Any

import numpy as np

from ligero import losses as _losses
from ligero import metrics as _metrics
from ligero import optimizers as _optimizers
from ligero.blas import deferred_weight_gradients
from ligero.callbacks import CallbackList, History
from ligero.errors import ConfigError, DataError, TrainingError
from ligero.models.data import as_inputs, check_input_shape, ensure_built, prepare, sample_count, take_rows
from ligero.models.epoch_iterator import EpochIterator
from ligero.models.running_mean import RunningMean
from ligero.models.snapshot import LastGood, nonfinite_weights, warn_if_nonfinite
from ligero.random import get_rng
from ligero.regularizers import Penalties
from ligero.tensor import no_grad


class Trainer:
    """The training half of a Model: ``compile``, the steps, ``fit``/``evaluate``/``predict``.

    Attributes:
        optimizer, loss: what ``compile`` chose.
        metric_fns: the metric functions by report name (resolved once the targets are known).
        history: the :class:`~ligero.callbacks.History` of the last ``fit``.
        stop_training: set it (a callback does) to stop ``fit`` after the current epoch.

    How ``fit`` stops: a NaN or infinite loss makes no update and raises
    TrainingError naming the epoch and batch, unless a callback has ``handles_nan``
    (TerminateOnNaN): then fit passes the bad loss to ``on_batch_end`` and the
    callback decides: if it sets ``stop_training``, training stops quietly there;
    otherwise the bad batch is skipped. Ctrl-C stops training cleanly. In all
    three cases of stopping inside an epoch, the model keeps the weights of the
    last completed epoch, the optimizer its state (moments, step counts) of then
    with its current hyper-parameters, and the History so far is returned (or,
    for the error, stays in ``model.history``). Weights that already hold NaN or
    inf raise TrainingError before any update; inputs that look unscaled (uint8,
    or beyond ±``UNSCALED_LIMIT``) give one UserWarning suggesting to scale them.
    """

    def __init__(self) -> None:
        super().__init__()
        self.stop_training = False
        self.optimizer: Any = None
        self.loss: Any = None
        self.metric_names: list[Any] = []
        self.metric_fns: dict[str, Any] = {}
        self.history: History | None = None
        self._penalties = Penalties([])

    # ------------------------------------------------------------ compile
    def compile(self, optimizer: Any = "sgd", loss: Any = "mse", metrics: Any = None) -> None:
        """Choose the optimizer, the loss and the metrics reported by ``fit``/``evaluate``.

        ``metrics`` is a list of names or callables (a single name is taken as a
        list of one); an unknown name raises ConfigError here, not at ``fit``.
        """
        self.optimizer = _optimizers.get(optimizer)
        self.loss = _losses.get(loss)
        if isinstance(metrics, str) or callable(metrics):
            metrics = [metrics]
        self.metric_names = list(metrics or [])
        for name in self.metric_names:
            _metrics.get(name)  # fails early on an unknown name; resolved for good at fit
        self.metric_fns = {}

    def _resolve_metrics(self, y: np.ndarray) -> dict[str, Any]:
        """Metric functions by report name, resolved once the targets are known."""
        for name in self.metric_names:
            key = name if isinstance(name, str) else getattr(name, "__name__", "metric")
            if key not in self.metric_fns:
                self.metric_fns[key] = _metrics.get(
                    name, loss_name=getattr(self.loss, "name", None), output_shape=self.output_shape, y_true=y,
                )
        return self.metric_fns

    def _bind_for_training(self, y: np.ndarray) -> None:
        """Hand the trainable parameters to the optimizer, with their L2 penalties as coupled decay."""
        params = self.trainable_parameters()
        self._penalties = Penalties(params)
        self.optimizer.bind(params, decay=self._penalties.decay)
        self._resolve_metrics(y)

    # -------------------------------------------------------------- steps
    def train_step(self, data: tuple[Any, np.ndarray]) -> dict[str, float]:
        """One update on one batch ``(x, y)``; returns its logs: the loss (data loss + penalties,
        before the update) and the metrics.

        A NaN or infinite loss makes no update and its logs hold the loss alone:
        its gradients are meaningless, and applying them would spoil the weights
        and the optimizer's state alike.
        """
        x, y = data
        self.optimizer.zero_grad()
        pred = self(x)
        loss = self.loss(pred, y)
        value = float(loss.array) + self._penalties.value()
        if not math.isfinite(value):
            return {"loss": value}
        with deferred_weight_gradients():  # plain SGD folds large xᵀ·g into its update
            loss.backward()
        self._penalties.add_gradients()
        self.optimizer.step()
        return self._batch_logs(value, pred.array, y)

    def test_step(self, data: tuple[Any, np.ndarray]) -> dict[str, float]:
        """The logs of one batch ``(x, y)`` (loss + penalties, metrics); called in inference mode."""
        x, y = data
        pred = self(x)
        return self._batch_logs(float(self.loss(pred, y).array) + self._penalties.value(), pred.array, y)

    def predict_step(self, data: Any) -> Any:
        """The outputs for one batch of inputs, as arrays (a list for several outputs)."""
        out = self(data)
        return [o.array for o in out] if isinstance(out, list) else out.array

    def _batch_logs(self, loss: float, pred: np.ndarray, y: np.ndarray) -> dict[str, float]:
        logs = {"loss": loss}
        for name, fn in self.metric_fns.items():
            logs[name] = float(fn(pred, y))
        return logs

    # ---------------------------------------------------------------- fit
    def fit(
        self,
        x: Any,
        y: Any,
        batch_size: int = 32,
        epochs: int = 1,
        verbose: int = 1,
        callbacks: Any = None,
        validation_split: float = 0.0,
        validation_data: tuple[Any, Any] | None = None,
        shuffle: bool = True,
        seed: int | None = None,
        initial_epoch: int = 0,
    ) -> History:
        """Train by mini-batch gradient descent: :meth:`train_step` on each batch, epoch after epoch.

        ``x, y``: samples in rows (``y``: class indices or one-hot rows for classification losses,
        else the output's shape). ``batch_size``: samples per update (the last batch may be smaller).
        ``epochs``: index of the last epoch (training runs ``initial_epoch..epochs-1``). ``verbose``:
        0 silent, 1 a progress bar per epoch, 2 a line per epoch. ``callbacks``: one or a list.
        ``validation_split``: the fraction held out from the end, before shuffling; or
        ``validation_data=(x_val, y_val)``, evaluated after every epoch. ``shuffle``: reorder the
        samples every epoch (from ``seed``, which seeds nothing else). Returns the
        :class:`~ligero.callbacks.History` (``loss``, metrics, ``val_loss``, ``val_<metric>``).
        How a NaN loss, Ctrl-C and bad weights stop training: see :class:`Trainer`.
        """
        _check_fit_arguments(self, batch_size, epochs, seed)
        (x, y), validation = _split_validation(self, x, y, validation_split, validation_data)
        self._bind_for_training(y)
        batches = EpochIterator(x, y, batch_size, shuffle, get_rng(seed))
        params = {"epochs": epochs, "steps": batches.steps, "batch_size": batch_size, "samples": len(y)}
        cbs = CallbackList(callbacks, model=self, params=params, add_history=True, add_progress=verbose)
        self.history, self.stop_training = cbs.history, False
        _refuse_nonfinite_weights(self, initial_epoch)
        last_good = LastGood(self)
        completed: tuple[int, dict[str, float]] | None = None
        cbs.on_train_begin({})
        try:
            for epoch in range(initial_epoch, epochs):
                cbs.on_epoch_begin(epoch, {})
                logs = self._train_epoch(batches, cbs, epoch)
                if logs is None:  # stopped inside the epoch by a NaN-handling callback
                    last_good.restore()
                    break
                if validation is not None:
                    val = self._test_loop(*validation, batch_size=max(batch_size, 256))
                    logs.update({f"val_{k}": v for k, v in val.items()})
                last_good.save()  # the epoch is complete
                completed = (epoch, logs)
                cbs.on_epoch_end(epoch, logs)
                if self.stop_training:
                    break
        except KeyboardInterrupt:
            _keep_last_completed_epoch(last_good, cbs.history, completed)
        except TrainingError:
            last_good.restore()
            raise
        cbs.on_train_end({})
        self.eval()
        return cbs.history

    def _train_epoch(self, batches: EpochIterator, cbs: CallbackList, epoch: int) -> dict[str, float] | None:
        """One pass of :meth:`train_step` over the batches: the epoch's mean logs, or None when a
        NaN-handling callback stopped training inside it."""
        if not self.training:  # evaluate() and callbacks may have switched it
            self.train()
        totals = RunningMean()
        begin_hooks = cbs.wants_batch_begin
        for step, batch in batches:
            if begin_hooks:
                cbs.on_train_batch_begin(step, {})
            logs = self.train_step(batch)
            if not math.isfinite(logs["loss"]):
                cbs.on_nonfinite_loss(logs["loss"], epoch, step)  # raises unless a callback handles it
                if self.stop_training:
                    return None
                continue  # the callbacks chose to go on: this batch made no update
            totals.add(logs, len(batch[1]))
            if cbs.wants_batch_logs:
                cbs.on_train_batch_end(step, totals.result())
        return totals.result()

    def train_on_batch(self, x: Any, y: Any) -> float:
        """One optimization step on one batch; returns the loss before the step."""
        x, y = prepare(self, x, y, "train_on_batch")
        self._bind_for_training(y)
        self.train()
        return self.train_step((x, y))["loss"]

    # ----------------------------------------------------------- evaluate
    def evaluate(
        self, x: Any, y: Any, batch_size: int | None = None, verbose: int = 0, return_dict: bool = False
    ) -> Any:
        """Loss (data loss + penalties, as in training) and metrics on ``(x, y)`` in inference mode.

        Returns the loss alone when no metrics were compiled, else ``[loss, *metrics]``
        (or a dict when ``return_dict=True``), as Keras does. ``verbose=1`` shows a
        progress bar. A NaN or infinite loss gives a RuntimeWarning saying whether
        the weights hold NaN or inf.
        """
        x, y = prepare(self, x, y, "evaluate")
        self._resolve_metrics(y)
        self._penalties = Penalties(self.trainable_parameters())
        result = self._test_loop(x, y, batch_size=batch_size or 1024, verbose=verbose)
        if return_dict:
            return result
        return result["loss"] if len(result) == 1 else list(result.values())

    def _test_loop(self, x: Any, y: np.ndarray, batch_size: int, verbose: int = 0) -> dict[str, float]:
        totals = RunningMean()
        with _inference_mode(self):
            for _, batch in _with_progress(EpochIterator(x, y, batch_size), verbose, "evaluate"):
                totals.add(self.test_step(batch), len(batch[1]))
        result = totals.result()
        if not math.isfinite(result["loss"]):
            warn_if_nonfinite(self, "evaluate", "the loss and predictions")
        return result

    # ------------------------------------------------------------ predict
    def predict(self, x: Any, batch_size: int | None = None, verbose: int = 0) -> Any:
        """Outputs for ``x`` (inference mode, batches of ``batch_size``), as NumPy arrays.

        ``verbose=1`` shows a progress bar. Outputs holding NaN or inf are returned
        as computed, with a RuntimeWarning naming the weights that hold NaN or inf, if any.
        """
        x = as_inputs(self, x, "predict")
        ensure_built(self, x)
        check_input_shape(self, x, "predict")
        sample_count(x, "predict")
        with _inference_mode(self):
            batches = _with_progress(EpochIterator(x, None, batch_size or 1024), verbose, "predict")
            outs = [self.predict_step(xb) for _, xb in batches]
        many = isinstance(outs[0], list)
        result = [np.concatenate(parts) for parts in zip(*outs)] if many else np.concatenate(outs)
        if not all(np.isfinite(r).all() for r in (result if many else [result])):
            warn_if_nonfinite(self, "predict", "the outputs")
        return result


# ------------------------------------------------------------------ helpers
@contextlib.contextmanager
def _inference_mode(model: Any) -> Iterator[None]:
    """Inference mode (dropout off, batch norm on running statistics) and no graph; the mode is restored."""
    was_training = model.training
    model.eval()
    try:
        with no_grad():
            yield
    finally:
        model.train(was_training)


def _with_progress(batches: EpochIterator, verbose: int, what: str) -> Any:
    """The batches, behind a tqdm bar when ``verbose`` is 1."""
    if verbose != 1:
        return batches
    from tqdm.auto import tqdm

    return tqdm(batches, total=batches.steps, desc=what, unit="batch", file=sys.stdout, dynamic_ncols=True)


def _check_fit_arguments(model: Any, batch_size: Any, epochs: Any, seed: Any) -> None:
    if model.optimizer is None:
        raise ConfigError("fit: call model.compile(optimizer=..., loss=...) first")
    if not isinstance(batch_size, (int, np.integer)) or batch_size <= 0:
        raise ConfigError(f"fit: batch_size must be a positive integer, got {batch_size!r}")
    if not isinstance(epochs, (int, np.integer)) or epochs < 0:
        raise ConfigError(f"fit: epochs must be a non-negative integer, got {epochs!r}")
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0):
        raise ConfigError(f"fit: seed must be None or a non-negative integer, got {seed!r}")


def _split_validation(
    model: Any, x: Any, y: Any, validation_split: float, validation_data: Any
) -> tuple[tuple[Any, np.ndarray], tuple[Any, np.ndarray] | None]:
    """The checked training data and the validation data (given, or the last ``validation_split``)."""
    x, y = prepare(model, x, y, "fit")
    if validation_data is not None:
        if len(validation_data) != 2:
            raise ConfigError("fit: validation_data must be a pair (x_val, y_val)")
        return (x, y), prepare(model, validation_data[0], validation_data[1], "fit (validation_data)")
    if not validation_split:
        return (x, y), None
    if not 0 < validation_split < 1:
        raise ConfigError(f"fit: validation_split must be in (0, 1), got {validation_split}")
    n = len(y)
    cut = n - int(round(n * validation_split))
    if cut <= 0 or cut >= n:
        raise DataError(f"fit: validation_split={validation_split} leaves no training or no validation data")
    return (take_rows(x, slice(0, cut)), y[:cut]), (take_rows(x, slice(cut, None)), y[cut:])


def _refuse_nonfinite_weights(model: Any, initial_epoch: int) -> None:
    bad = nonfinite_weights(model)
    if bad:
        raise TrainingError(
            f"fit: cannot train model '{model.name}' (epoch {initial_epoch + 1}, batch 1): its weights "
            f"{', '.join(bad[:5])} hold NaN or infinite values, so every loss would be NaN; build the "
            "model again or load finite weights (set_weights, load_weights)"
        )


def _keep_last_completed_epoch(
    last_good: LastGood, history: History, completed: tuple[int, dict[str, float]] | None
) -> None:
    """After Ctrl-C: the weights of the last completed epoch, and that epoch in the History."""
    last_good.restore()
    if completed is not None and history.epoch[-1:] != [completed[0]]:
        history.on_epoch_end(*completed)  # interrupted inside another callback's on_epoch_end
    warnings.warn(
        "fit: interrupted; the model keeps the weights of the last completed epoch "
        f"({len(history.epoch)} epoch(s)) and the History so far is returned",
        stacklevel=3,
    )
