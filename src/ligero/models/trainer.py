"""Training for :class:`~ligero.models.model.Model`, as Keras 3's: compile, three overridable steps, the loops.

As in Keras 3, ``Model`` inherits its training from :class:`Trainer`. One step on a batch is a
method a subclass may override:

- :meth:`Trainer.train_step` ``(data)`` with ``data = (x, y)`` or ``(x, y, sample_weight)``:
  forward (``training=True``) → loss + penalties → backward → optimizer update (in place); returns
  the logs so far this epoch (``loss``, metrics: their running results, as Keras's);
- :meth:`Trainer.test_step`: the same logs, in inference mode, no update;
- :meth:`Trainer.predict_step` ``(x)``: the outputs as arrays.

``fit``, ``evaluate`` and ``predict`` are loops over batches (:mod:`ligero.models.adapters`)
that reset the metrics (``reset_metrics``), call the steps and the callbacks' hooks
(:class:`~ligero.callbacks.CallbackList`: every hook Keras calls, with Keras's logs).
"""

from __future__ import annotations

import contextlib
import math
import sys
import warnings
from collections.abc import Iterator
from typing import Any

import numpy as np

from ligero import metrics as _metrics
from ligero import optimizers as _optimizers
from ligero.callbacks import CallbackList, History
from ligero.errors import ConfigError, TrainingError
from ligero.layers.base import added_losses
from ligero.masks import get_mask, masks_in_use, set_mask
from ligero.models.adapters import batches_for, split_validation, unpack, validation_batches
from ligero.models.compiled import CompiledLoss, CompiledMetrics, CompileMetrics
from ligero.models.data import output_names, sample_count
from ligero.models.replay import ForwardReplay
from ligero.models.snapshot import LastGood, nonfinite_weights, warn_if_nonfinite
from ligero.random import get_rng
from ligero.regularizers import Penalties
from ligero.tensor import evaluate_lazy_gradients, no_grad


class Trainer:
    """The training half of a Model: ``compile``, the steps, ``fit``/``evaluate``/``predict``.

    Attributes:
        optimizer, loss: what ``compile`` chose (``loss``: the Loss object of a single output).
        compiled_loss, compiled_metrics: the losses and metrics per output (:mod:`ligero.models.compiled`).
        history: the :class:`~ligero.callbacks.History` of the last ``fit``.
        stop_training: set it (a callback does) to stop ``fit`` after the current batch.

    How ``fit`` stops: a NaN or infinite loss makes no update and raises TrainingError naming
    the epoch and batch, unless a callback has ``handles_nan`` (TerminateOnNaN): then fit passes
    the bad loss to ``on_train_batch_end`` and the callback decides (``stop_training`` stops
    there; otherwise the bad batch is skipped). Ctrl-C stops training cleanly. In these cases
    of stopping inside an epoch the model keeps the weights of the last completed epoch and the
    History so far is returned (for the error, it stays in ``model.history``). Weights that
    already hold NaN or inf raise TrainingError before any update.
    """

    def __init__(self) -> None:
        super().__init__()
        self.stop_training = False
        self.optimizer: Any = None
        self.loss: Any = None
        self.compiled_loss: CompiledLoss | None = None
        self.compiled_metrics: CompiledMetrics | None = None
        self._compile_metrics: CompileMetrics | None = None
        self._loss_tracker = _metrics.Mean(name="loss")
        self.history: History | None = None
        self._penalties = Penalties([])
        self._bound: list[Any] | None = None
        self.jit_compile: Any = "auto"
        self._forward_replay: ForwardReplay | None = None  # during fit

    # ------------------------------------------------------------ compile
    def compile(self, optimizer: Any = "rmsprop", loss: Any = None, loss_weights: Any = None, metrics: Any = None,
                weighted_metrics: Any = None, run_eagerly: bool = False, steps_per_execution: int = 1,
                jit_compile: Any = "auto", auto_scale_loss: bool = True) -> None:
        """Choose the optimizer, the loss(es) and the metrics, with Keras's arguments.

        ``loss``: a name, a Loss or a function ``f(y_true, y_pred)``; for several outputs one for all,
        a list by position or a dict by output name (``loss_weights`` likewise: the total is
        ``Σ w_k · loss_k``). ``metrics`` (unweighted) and ``weighted_metrics`` (given the sample
        weights): lists of names, Metric objects or functions (or per output, as a list of lists or a
        dict). An unknown name raises ConfigError here. The trainable weights are fixed here: changing
        ``trainable`` later takes effect at the next ``compile``, as in Keras. ``jit_compile``: ``"auto"``
        (default) or True lets ``fit`` record the forward pass of a batch shape once and replay it
        (:mod:`ligero.models.replay`: the same values, less Python); False runs every batch eagerly.
        """
        if jit_compile not in (True, False, "auto"):
            raise ConfigError(f"compile: jit_compile must be True, False or 'auto', got {jit_compile!r}")
        self.jit_compile = jit_compile
        names = output_names(self) if isinstance(self.output_shape, list) else []
        self.optimizer = _optimizers.get(optimizer)
        self.compiled_loss = CompiledLoss(loss, loss_weights, names)
        self.loss = self.compiled_loss.first if len(self.compiled_loss.losses) == 1 else loss
        self.compiled_metrics = CompiledMetrics(metrics, weighted_metrics, names)
        given = metrics is not None or weighted_metrics is not None
        self._compile_metrics = CompileMetrics(self.compiled_metrics) if given else None
        self._compile_specs = {"loss": loss, "loss_weights": loss_weights, "metrics": metrics,
                              "weighted_metrics": weighted_metrics}  # as given (what files store)
        self.metric_names = list(metrics) if isinstance(metrics, (list, tuple)) else [] if metrics is None \
            else [metrics]
        self._bound = None
        self._compiled_trainable = self._trainable_snapshot()

    @property
    def compile_arguments(self) -> dict[str, Any]:
        """``loss``, ``loss_weights``, ``metrics`` and ``weighted_metrics`` as ``compile`` was given them
        (what saved files store); empty before ``compile``."""
        return dict(self.__dict__.get("_compile_specs", {}))

    def _trainable_snapshot(self) -> dict[int, bool]:
        return {id(p): bool(p.requires_grad) for p in self.parameters()}

    def _assert_compiled(self, where: str) -> None:
        if self.optimizer is None or self.compiled_loss is None:
            raise ConfigError(f"{where}: call model.compile(optimizer=..., loss=...) first")

    @property
    def metrics(self) -> list[Any]:
        """Keras 3's ``model.metrics``: nothing before ``compile``; then the loss tracker (``loss``), the
        compiled metrics as one ``compile_metrics`` (when ``metrics`` or ``weighted_metrics`` were
        given), each output's loss tracker once fit or evaluate has run (several outputs), then the
        Metric objects set as the model's attributes (a custom ``train_step``'s trackers)."""
        if self.compiled_loss is None:
            return self._attribute_metrics()
        tracked: list[Any] = [self._loss_tracker]
        if self._compile_metrics is not None:
            tracked.append(self._compile_metrics)
        if self.compiled_loss.built:
            tracked += self.compiled_loss.trackers
        return tracked + self._attribute_metrics()

    def _attribute_metrics(self) -> list[Any]:
        """The Metric objects among the model's public attributes, in the order they were set (found again
        only when an attribute was added: ``fit`` asks after every batch)."""
        attributes = vars(self)
        cached = attributes.get("_found_metrics")
        if cached is not None and cached[0] == len(attributes):
            return cached[1]
        found = [v for k, v in attributes.items() if isinstance(v, _metrics.Metric) and not k.startswith("_")]
        attributes["_found_metrics"] = (len(attributes) + (0 if "_found_metrics" in attributes else 1), found)
        return found

    @property
    def metrics_names(self) -> list[str]:
        return [m.name for m in self.metrics]

    def reset_metrics(self) -> None:
        """Forget the running loss and metrics (``fit`` does it every epoch, ``evaluate`` every call)."""
        self._loss_tracker.reset_state()
        if self.compiled_loss is not None:
            self.compiled_loss.reset()
        if self.compiled_metrics is not None:
            self.compiled_metrics.reset()
        for metric in self._attribute_metrics():
            metric.reset_state()

    def _training_parameters(self) -> list[Any]:
        """The parameters trainable at ``compile`` (new ones built since then: as they are now)."""
        snapshot = getattr(self, "_compiled_trainable", {})
        return [p for p in self.parameters() if snapshot.get(id(p), p.requires_grad)]

    def _bind_for_training(self) -> None:
        """Hand the trainable parameters to the optimizer, with their L2 penalties as coupled decay."""
        params = self._training_parameters()
        if self._bound is not None and len(self._bound) == len(params) and all(
                a is b for a, b in zip(self._bound, params)):
            return
        self._penalties = Penalties(params)
        self.optimizer.bind(params, decay=self._penalties.decay)
        self._bound = params

    # -------------------------------------------------------------- steps
    def compute_loss(self, x: Any = None, y: Any = None, y_pred: Any = None, sample_weight: Any = None,
                     training: bool = True) -> Any:
        """The compiled loss of ``y_pred`` against ``y`` plus the layers' ``add_loss`` terms (a Tensor),
        without the weight penalties."""
        ys, preds = _as_list(y, self), _as_list(y_pred, self)
        loss = self.compiled_loss(ys, preds, sample_weight) if y is not None or not self._loss_free() else None
        for added in added_losses(self):  # the layers' add_loss terms of the call that gave y_pred
            loss = added if loss is None else loss + added
        if loss is None:
            raise ConfigError(f"model '{self.name}' has no loss: compile(loss=...) was not given one and no layer "
                              "called add_loss")
        return loss

    def _loss_replay_safe(self) -> bool:
        """Whether ``fit`` may record the loss with the forward pass (:mod:`ligero.models.replay`): this class's
        own ``compute_loss`` of one output whose loss is a built-in that declares ``replay_safe`` (any loss
        with ``jit_compile=True``)."""
        losses = self.compiled_loss.losses
        return (type(self).compute_loss is Trainer.compute_loss and len(losses) == 1 and losses[0] is not None
                and not self.compiled_loss.trackers and self.compiled_loss.loss_weights == [None]
                and (self.jit_compile is True or type(losses[0]).__dict__.get("replay_safe") is True))

    def _loss_free(self) -> bool:
        """Whether ``compile`` was given no loss (the layers' ``add_loss`` terms are the whole loss)."""
        return all(loss is None for loss in self.compiled_loss.losses)

    def train_step(self, data: Any) -> dict[str, float]:
        """One update on one batch; returns the epoch's logs so far (loss incl. penalties, metrics).

        A NaN or infinite loss makes no update and returns ``{"loss": value}`` alone.
        """
        x, y, sample_weight = unpack(data)
        self.optimizer.zero_grad()
        replay = self._forward_replay
        pred, loss, kept = replay(x, y, sample_weight) if replay is not None else (self(x, training=True), None,
                                                                                     False)
        if loss is None:
            loss = self.compute_loss(x, y, pred, sample_weight)
        value = float(loss.array) + self._penalties.value()
        if not math.isfinite(value):
            return {"loss": value}
        if loss.requires_grad:  # else nothing is trainable (a frozen model): no update, as Keras
            loss.backward(retain_graph=kept)  # a recorded forward pass is kept for the next batch
            self._penalties.add_gradients()
            self.optimizer.step()
        return self._update_logs(value, y, pred, sample_weight, copy_outputs=kept)

    def test_step(self, data: Any) -> dict[str, float]:
        """The logs so far of this evaluation after one batch (loss + penalties, metrics); inference mode."""
        x, y, sample_weight = unpack(data)
        pred = self(x, training=False)
        value = float(self.compute_loss(x, y, pred, sample_weight).array) + self._penalties.value()
        return self._update_logs(value, y, pred, sample_weight)

    def predict_step(self, data: Any) -> Any:
        """The outputs for one batch of inputs, as arrays (a list for several outputs)."""
        x, _, _ = unpack(data)
        out = self(x, training=False)
        if isinstance(out, dict):
            return {k: o.array for k, o in out.items()}
        return [o.array for o in out] if isinstance(out, list) else out.array

    def _update_logs(self, loss: float, y: Any, pred: Any, sample_weight: Any,
                     copy_outputs: bool = False) -> dict[str, float]:
        """Update the loss tracker and the compiled metrics with one batch; ``copy_outputs``: hand the metrics
        copies of the outputs (a replayed step rewrites its arrays next batch, and a metric may keep them)."""
        ys, preds = _as_list(y, self), _as_list(pred, self)
        count = len(ys[0]) if ys[0] is not None else len(preds[0])  # no targets: an add_loss-only model
        self._loss_tracker.update_scalar(loss, float(count))
        if self.compiled_metrics is not None and not self.compiled_metrics.empty:
            arrays = [p.array.copy() if copy_outputs else p.array for p in preds]
            if masks_in_use():  # the metrics read an output's mask from its array
                for p, a in zip(preds, arrays):
                    if (mask := get_mask(p)) is not None:
                        set_mask(a, mask)
            self.compiled_metrics.update(ys, arrays, sample_weight)
        return self.get_metrics_result()

    def compute_metrics(self, x: Any, y: Any, y_pred: Any, sample_weight: Any = None) -> dict[str, float]:
        """Keras 3's: update the compiled metrics with ``(y, y_pred, sample_weight)`` (not the loss tracker:
        a custom step updates that itself) and return :meth:`get_metrics_result`."""
        if self._compile_metrics is not None:
            self._compile_metrics.update_state(y, y_pred, sample_weight)
        return self.get_metrics_result()

    def get_compile_config(self) -> dict[str, Any] | None:
        """Keras's ``compile_config``: the arguments of ``compile`` as a file stores them (None before it)."""
        from ligero.keras._compile_config import compile_config  # Keras's formats sit above the models

        return compile_config(self)

    def get_metrics_result(self) -> dict[str, float]:
        """The running results of :attr:`metrics` by Keras's names: ``loss``, the compiled metrics, each
        output's loss, then the model's own Metric attributes."""
        logs = {"loss": self._loss_tracker.value()}
        if self.compiled_metrics is not None:
            logs.update(self.compiled_metrics.results())
        if self.compiled_loss is not None:
            logs.update(self.compiled_loss.results())
        for metric in self._attribute_metrics():
            logs[metric.name] = metric.result()
        return logs

    # ---------------------------------------------------------------- fit
    def fit(self, x: Any = None, y: Any = None, batch_size: int | None = None, epochs: int = 1,
            verbose: Any = "auto", callbacks: Any = None, validation_split: float = 0.0,
            validation_data: Any = None, shuffle: bool = True, class_weight: Any = None, sample_weight: Any = None,
            initial_epoch: int = 0, steps_per_epoch: int | None = None, validation_steps: int | None = None,
            validation_batch_size: int | None = None, validation_freq: Any = 1, seed: int | None = None) -> History:
        """Train by mini-batch gradient descent, with Keras 3's arguments and meaning.

        ``x, y``: arrays (lists or dicts for several inputs/outputs), or ``x`` a PyDataset, generator
        or iterable of ``(x, y)`` / ``(x, y, sample_weight)`` batches. ``batch_size`` (32 when None),
        ``epochs`` (the index of the last: training runs ``initial_epoch..epochs-1``), ``verbose``
        ("auto" = 1; 0 silent, 1 a progress bar, 2 a line per epoch), ``validation_split`` (the
        last fraction, taken before shuffling) or ``validation_data`` (``(x, y)`` or ``(x, y, w)``),
        evaluated every ``validation_freq`` epochs (or at the epochs of a list, counted from 1),
        ``class_weight``/``sample_weight``, ``steps_per_epoch``. ``shuffle`` reorders the samples every
        epoch from ``seed`` (ligero's addition; it seeds nothing else). Returns the History.
        """
        self._assert_compiled("fit")
        _check_fit_arguments(batch_size, epochs, seed)
        if validation_split and validation_data is None:
            (x, y, sample_weight), validation_data = split_validation(x, y, sample_weight, validation_split)
        train = batches_for(self, x, y, sample_weight, batch_size, "fit", shuffle, get_rng(seed), class_weight,
                            steps_per_epoch)
        val = None
        if validation_data is not None:
            vx, vy, vw = _validation_triple(validation_data)
            val = validation_batches(batches_for(self, vx, vy, vw, validation_batch_size or batch_size,
                                                 "fit (validation_data)", steps=validation_steps))
        self._bind_for_training()
        verbose = 1 if verbose == "auto" else int(verbose)
        cbs = CallbackList(callbacks, model=self, add_history=True, add_progress=verbose,
                           params={"verbose": verbose, "epochs": epochs, "steps": train.steps})
        self.history, self.stop_training = cbs.history, False
        self._forward_replay = ForwardReplay(self, self.jit_compile, self._loss_replay_safe())
        try:
            return self._fit_loop(train, val, cbs, epochs, initial_epoch, validation_freq)
        finally:
            self._forward_replay = None  # (it holds one batch's activations)
            evaluate_lazy_gradients(self.parameters())

    def _fit_loop(self, train: Any, val: Any, cbs: CallbackList, epochs: int, initial_epoch: int,
                  validation_freq: Any) -> History:
        _refuse_nonfinite_weights(self, initial_epoch)
        self._interrupted = False
        last_good = LastGood(self)
        completed: tuple[int, dict[str, float]] | None = None
        training_logs: dict[str, float] = {}
        cbs.on_train_begin({})
        initial_epoch = getattr(self, "_initial_epoch", None) or initial_epoch
        try:
            for epoch in range(initial_epoch, epochs):
                self.reset_metrics()
                cbs.on_epoch_begin(epoch, {})
                logs = self._train_epoch(train, cbs, epoch)
                if logs is None:  # stopped inside the epoch by a NaN-handling callback
                    last_good.restore()
                    break
                if val is not None and _should_validate(epoch, validation_freq):
                    val_logs = _sorted(self._test_loop(val, cbs))
                    logs.update({f"val_{k}": v for k, v in val_logs.items()})
                logs = _sorted(logs)  # after the validation logs joined, as Keras's
                last_good.save()
                completed = (epoch, logs)
                cbs.on_epoch_end(epoch, logs)
                training_logs = logs
                if self.stop_training:
                    break
        except KeyboardInterrupt:
            self._interrupted = True  # BackupAndRestore keeps its backup for the next fit
            _keep_last_completed_epoch(last_good, cbs.history, completed)
        except TrainingError:
            last_good.restore()
            raise
        self._initial_epoch = None
        cbs.on_train_end(training_logs)
        self.eval()
        return cbs.history

    def _train_epoch(self, batches: Any, cbs: CallbackList, epoch: int) -> dict[str, float] | None:
        """One pass of :meth:`train_step` over the batches: the epoch's logs, or None when a
        NaN-handling callback stopped training inside it."""
        if not self.training:  # (walking every module costs a step of a small network)
            self.train()
        logs: dict[str, float] = {}
        begin_hooks, end_hooks = cbs.wants_batch_begin, cbs.wants_batch_logs
        for step, batch in batches:
            if begin_hooks:
                cbs.on_train_batch_begin(step, {})
            step_logs = self.train_step(batch)
            if not math.isfinite(step_logs["loss"]):
                cbs.on_nonfinite_loss(step_logs["loss"], epoch, step)  # raises unless a callback handles it
                if self.stop_training:
                    return None
                continue  # the callbacks chose to go on: this batch made no update
            logs = step_logs
            if end_hooks:
                cbs.on_train_batch_end(step, _sorted(logs))
            if self.stop_training:
                break
        return dict(logs) if logs else self.get_metrics_result()

    def train_on_batch(self, x: Any, y: Any = None, sample_weight: Any = None, class_weight: Any = None,
                       return_dict: bool = False) -> Any:
        """One optimization step on one batch; returns its loss (and metrics), as Keras's."""
        self._assert_compiled("train_on_batch")
        ((_, batch),) = list(batches_for(self, x, y, sample_weight, sample_count_of(x), "train_on_batch",
                                         class_weight=class_weight))
        self._bind_for_training()
        self.reset_metrics()
        self.train()
        logs = self.train_step(batch)
        return _returned(logs, return_dict)

    def test_on_batch(self, x: Any, y: Any = None, sample_weight: Any = None, return_dict: bool = False) -> Any:
        """The loss (and metrics) of one batch in inference mode."""
        self._assert_compiled("test_on_batch")
        ((_, batch),) = list(batches_for(self, x, y, sample_weight, sample_count_of(x), "test_on_batch"))
        self._penalties = Penalties(self._training_parameters())
        self.reset_metrics()
        with _inference_mode(self):
            logs = self.test_step(batch)
        return _returned(logs, return_dict)

    def predict_on_batch(self, x: Any) -> Any:
        """The outputs for one batch, as NumPy arrays."""
        with _inference_mode(self):
            return self.predict_step(batches_for(self, x, None, None, sample_count_of(x), "predict_on_batch")
                                     .x)

    # ----------------------------------------------------------- evaluate
    def evaluate(self, x: Any = None, y: Any = None, batch_size: int | None = None, verbose: Any = "auto",
                 sample_weight: Any = None, steps: int | None = None, callbacks: Any = None,
                 return_dict: bool = False) -> Any:
        """Loss (data loss + penalties, as in training) and metrics on ``(x, y)`` in inference mode.

        Returns the loss alone when no metrics were compiled, else ``[loss, *metrics]`` (or a dict
        with ``return_dict=True``), as Keras does. A NaN or infinite loss gives a RuntimeWarning
        saying whether the weights hold NaN or inf.
        """
        self._assert_compiled("evaluate")
        batches = batches_for(self, x, y, sample_weight, batch_size, "evaluate", steps=steps)
        self._bind_for_training()  # as Keras builds its optimizer here (model.summary counts its variables)
        verbose = 1 if verbose == "auto" else int(verbose)
        cbs = CallbackList(callbacks, model=self, add_progress=verbose,
                           params={"verbose": verbose, "epochs": 1, "steps": batches.steps})
        logs = self._test_loop(batches, cbs)
        return _sorted(logs) if return_dict else _returned(logs, False)

    def _test_loop(self, batches: Any, cbs: CallbackList) -> dict[str, float]:
        cbs.on_test_begin({})
        self.reset_metrics()
        logs: dict[str, float] = {}
        with _inference_mode(self):
            for step, batch in batches:
                cbs.on_test_batch_begin(step, {})
                logs = self.test_step(batch)
                cbs.on_test_batch_end(step, _sorted(logs))
        logs = dict(logs) or self.get_metrics_result()
        if not math.isfinite(logs["loss"]):
            warn_if_nonfinite(self, "evaluate", "the loss and predictions")
        cbs.on_test_end(_sorted(logs))
        return logs

    # ------------------------------------------------------------ predict
    def predict(self, x: Any, batch_size: int | None = None, verbose: Any = "auto", steps: int | None = None,
                callbacks: Any = None) -> Any:
        """Outputs for ``x`` (inference mode, batches of ``batch_size``, 32 when None), as NumPy arrays.

        Outputs holding NaN or inf are returned as computed, with a RuntimeWarning naming the
        weights that hold NaN or inf, if any.
        """
        batches = batches_for(self, x, None, None, batch_size, "predict", steps=steps)
        verbose = 1 if verbose == "auto" else int(verbose)
        cbs = CallbackList(callbacks, model=self, add_progress=verbose,
                           params={"verbose": verbose, "epochs": 1, "steps": batches.steps})
        cbs.on_predict_begin({})
        outs = []
        with _inference_mode(self):
            for step, batch in batches:
                cbs.on_predict_batch_begin(step, {})
                out = self.predict_step(batch)
                outs.append(out)
                cbs.on_predict_batch_end(step, {"outputs": out})
        cbs.on_predict_end({})
        if isinstance(outs[0], dict):
            result: Any = {k: np.concatenate([o[k] for o in outs]) for k in outs[0]}
            flat = list(result.values())
        elif isinstance(outs[0], list):
            result = flat = [np.concatenate(parts) for parts in zip(*outs)]
        else:
            result = np.concatenate(outs)
            flat = [result]
        if not all(np.isfinite(r).all() for r in flat):
            warn_if_nonfinite(self, "predict", "the outputs")
        return result


# ------------------------------------------------------------------ helpers
def sample_count_of(x: Any) -> int:
    if isinstance(x, dict):
        x = list(x.values())
    if isinstance(x, (list, tuple)) and x and all(isinstance(v, np.ndarray) or hasattr(v, "array") for v in x):
        return max(1, sample_count([np.asarray(getattr(v, "array", v)) for v in x]))
    return max(1, len(np.asarray(getattr(x, "array", x))))


def _as_list(value: Any, model: Any) -> list[Any]:
    """Targets or outputs as a list, one per output (a dict of them in the order of the output names)."""
    if isinstance(value, dict) and isinstance(model.output_shape, list):
        names = output_names(model)
        if all(name in value for name in names):
            return [value[name] for name in names]
        return list(value.values())
    return list(value) if isinstance(value, (list, tuple)) and isinstance(model.output_shape, list) else [value]


def _flat_logs(logs: dict[str, Any]) -> dict[str, Any]:
    """A step's logs with a dict value (``compile_metrics``'s result, which a custom ``train_step`` returns
    as ``{m.name: m.result() for m in self.metrics}``) spread into them in its place."""
    if not any(isinstance(v, dict) for v in logs.values()):
        return logs
    flat: dict[str, Any] = {}
    for key, value in logs.items():
        if isinstance(value, dict):
            flat.update(_flat_logs(value))
        else:
            flat[key] = value
    return flat


def _sorted(logs: dict[str, Any]) -> dict[str, Any]:
    """The logs as Keras hands them to callbacks and History (its ``pythonify_logs``): by sorted key,
    a dict value spread in its place, a one-value tensor (a Metric's ``result()``) as a float."""
    return {k: _plain(v) for k, v in _flat_logs(dict(sorted(logs.items()))).items()}


def _plain(value: Any) -> Any:
    if type(value) is float:  # the common case: a running mean's value
        return value
    array = getattr(value, "array", None)
    if isinstance(array, np.ndarray) and array.size == 1:
        return float(array.reshape(()))
    return value


def _returned(logs: dict[str, float], return_dict: bool) -> Any:
    """The logs as Keras returns them: a dict, the loss alone, or a list in Keras's order (the loss,
    each output's loss, then the metrics: in compile order for one output, by name for several)."""
    if return_dict:
        return _sorted(logs)
    logs = _flat_logs(logs)
    losses = [k for k in logs if k == "loss" or k.endswith("_loss")]
    several = len(losses) > 1
    rest = [k for k in logs if k not in losses]
    values = [logs[k] for k in losses] + [logs[k] for k in (sorted(rest) if several else rest)]
    return values[0] if len(values) == 1 else values


def _validation_triple(data: Any) -> tuple[Any, Any, Any]:
    if isinstance(data, (tuple, list)) and len(data) in (2, 3):
        return (data[0], data[1], data[2] if len(data) == 3 else None)
    if isinstance(data, (tuple, list)):
        raise ConfigError(f"fit: validation_data must be (x_val, y_val) or (x_val, y_val, sample_weight), "
                          f"got {len(data)} items")
    return data, None, None  # a dataset or generator


def _should_validate(epoch: int, freq: Any) -> bool:
    if isinstance(freq, int):
        return (epoch + 1) % freq == 0
    return (epoch + 1) in set(freq)


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


def _with_progress(batches: Any, verbose: int, what: str) -> Any:
    """The batches, behind a tqdm bar when ``verbose`` is 1."""
    if verbose != 1:
        return batches
    from tqdm.auto import tqdm

    return tqdm(batches, total=batches.steps, desc=what, unit="batch", file=sys.stdout, dynamic_ncols=True)


def _check_fit_arguments(batch_size: Any, epochs: Any, seed: Any) -> None:
    if batch_size is not None and (isinstance(batch_size, bool) or not isinstance(batch_size, (int, np.integer))
                                   or batch_size <= 0):
        raise ConfigError(f"fit: batch_size must be a positive integer, got {batch_size!r}")
    if isinstance(epochs, bool) or not isinstance(epochs, (int, np.integer)) or epochs < 0:
        raise ConfigError(f"fit: epochs must be a non-negative integer, got {epochs!r}")
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0):
        raise ConfigError(f"fit: seed must be None or a non-negative integer, got {seed!r}")


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
