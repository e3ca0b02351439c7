"""The training loop: mini-batch gradient descent with callbacks, and evaluation.

One step on a batch (x, y):  zero the gradients → forward → loss + penalties
→ backward → optimizer update (in place). ``fit`` repeats it over shuffled
batches for each epoch and reports the mean loss and metrics over the epoch's
batches (as Keras does), then the validation loss and metrics.
"""

from __future__ import annotations

import math
import warnings
from typing import Any

import numpy as np

from ligero import callbacks as _callbacks
from ligero import regularizers as _regularizers
from ligero.errors import ConfigError, DataError, TrainingError
from ligero.models.data import (
    as_inputs,
    check_input_shape,
    ensure_built,
    prepare,
    sample_count,
    take_rows,
    user_stacklevel,
)
from ligero.models.progress import ProgressLogger
from ligero.nn.parameter import Parameter
from ligero.random import get_rng
from ligero.tensor import deferred_weight_gradients, no_grad


# ----------------------------------------------------------------- one step
class Penalties:
    """The weight penalties of an optimizer's parameters, split for the training step.

    ``R(W)`` enters the reported loss by value; its gradient does not go through
    the graph. Its linear part ``k·W`` (L2) is handed to the optimizer as a
    coupled decay (``optimizer.step(decay)``: plain SGD then updates
    ``W ← W·(1 - lr·k) - lr·∇L`` in one pass fewer, and no weight-sized
    temporary is made); the rest (L1's ``l1·sign(W)``) is added to ``W.grad``
    after backward. The numbers are those of backpropagating ``loss + ΣR(W)``;
    ``W.grad`` holds the gradient of the data loss plus the non-linear part.

    Attributes:
        valued: ``(parameter, regularizer)`` pairs whose ``value`` enters the loss.
        decay: per bound parameter, the L2 coefficient ``k`` (None if all are 0).
        rest: ``(parameter, regularizer)`` pairs with a gradient beyond ``k·W``.
    """

    def __init__(self, params: list[Parameter]) -> None:
        self.valued: list[tuple[Parameter, Any]] = []
        self.rest: list[tuple[Parameter, Any]] = []
        decay = [0.0] * len(params)
        for i, p in enumerate(params):
            spec = getattr(p, "regularizer", None)
            if spec is None:
                continue
            reg = _regularizers.as_regularizer(spec)
            self.valued.append((p, reg))
            decay[i], rest = reg.split_decay()
            if rest is not None:
                self.rest.append((p, rest))
        self.decay = decay if any(decay) else None

    def value(self) -> float:
        """``Σ R(W)`` at the current weights."""
        total = 0.0
        for p, reg in self.valued:
            total += reg.value(p.data)
        return total


def train_step(model: Any, x: Any, y: np.ndarray, penalties: Penalties | None = None) -> tuple[float, np.ndarray]:
    """One update on one batch: returns (loss including penalties, predictions).

    ``penalties`` is :class:`Penalties` of the optimizer's parameters (``fit``
    makes it once; by default it is made here). A NaN or infinite loss makes no
    update: its gradients are meaningless, and applying them would spoil the
    weights and the optimizer's state alike.
    """
    optimizer = model.optimizer
    if penalties is None:
        penalties = Penalties(optimizer.params)
    optimizer.zero_grad()
    pred = model(x)
    loss = model.loss(pred, y)
    value = float(loss.data)
    if penalties.valued:
        value += penalties.value()
    if math.isfinite(value):
        with deferred_weight_gradients():  # plain SGD folds large xᵀ·g into its update
            loss.backward()
        for p, reg in penalties.rest:
            if p.grad is None:
                p.grad = np.zeros_like(p.data)
            reg.add_gradient(p.data, p.grad)
        optimizer.step(penalties.decay)
    return value, pred.data


def _batch_metrics(model: Any, pred: np.ndarray, y: np.ndarray) -> dict[str, float]:
    return {name: float(fn(pred, y)) for name, fn in model.metric_fns.items()}


# ---------------------------------------------------------------------- fit
def fit(
    model: Any,
    x: Any,
    y: Any,
    batch_size: int = 32,
    epochs: int = 1,
    verbose: int = 1,
    callbacks: list[Any] | None = None,
    validation_split: float = 0.0,
    validation_data: tuple[Any, Any] | None = None,
    shuffle: bool = True,
    seed: int | None = None,
    initial_epoch: int = 0,
) -> Any:
    """Train ``model`` on ``(x, y)`` by mini-batch gradient descent.

    Args:
        x, y: samples in rows; ``y`` as class indices or one-hot rows for
            classification losses, or arrays of the output's shape.
        batch_size: samples per update (the last batch may be smaller).
        epochs: index of the last epoch (training runs ``initial_epoch..epochs-1``).
        verbose: 0 silent, 1 a progress bar per epoch, 2 one line per epoch.
        callbacks: Keras-style callbacks (EarlyStopping, ModelCheckpoint...), a list or just one.
        validation_split: fraction of the data, taken from the end before
            shuffling, held out for validation.
        validation_data: ``(x_val, y_val)`` evaluated after every epoch.
        shuffle: reshuffle the training samples every epoch (a single full batch is left
            as it is: reordering it changes only the order of the sums).
        seed: seed of the shuffling (and of nothing else).

    Returns:
        A :class:`~ligero.callbacks.History`; ``history.history`` has the
        per-epoch ``loss``, metrics, ``val_loss`` and ``val_<metric>``.

    A NaN or infinite loss makes no update and stops training with a
    TrainingError naming the epoch and batch. A callback with ``handles_nan``
    (TerminateOnNaN) makes fit pass the bad loss to ``on_batch_end`` instead and
    lets the callback decide: if it sets ``model.stop_training``, training stops
    quietly there; otherwise the bad batch is skipped. Ctrl-C stops training
    cleanly. In all three cases of stopping inside an epoch, the model keeps the
    weights of the last completed epoch, the optimizer its state (moments, step
    counts) of then with its current hyper-parameters, and the History so far is
    returned (or, for the error, stays in ``model.history``).

    Weights that already hold NaN or inf raise TrainingError before any update.
    Inputs that look unscaled (uint8, or beyond ±``UNSCALED_LIMIT``) give one
    UserWarning suggesting to scale them.
    """
    if model.optimizer is None:
        raise ConfigError("fit: call model.compile(optimizer=..., loss=...) first")
    if not isinstance(batch_size, (int, np.integer)) or batch_size <= 0:
        raise ConfigError(f"fit: batch_size must be a positive integer, got {batch_size!r}")
    if not isinstance(epochs, (int, np.integer)) or epochs < 0:
        raise ConfigError(f"fit: epochs must be a non-negative integer, got {epochs!r}")
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0):
        raise ConfigError(f"fit: seed must be None or a non-negative integer, got {seed!r}")
    x, y = prepare(model, x, y, "fit")
    n = sample_count(x)
    if validation_data is not None:
        if len(validation_data) != 2:
            raise ConfigError("fit: validation_data must be a pair (x_val, y_val)")
        x_val, y_val = prepare(model, validation_data[0], validation_data[1], "fit (validation_data)")
    elif validation_split:
        if not 0 < validation_split < 1:
            raise ConfigError(f"fit: validation_split must be in (0, 1), got {validation_split}")
        cut = n - int(round(n * validation_split))
        if cut <= 0 or cut >= n:
            raise DataError(f"fit: validation_split={validation_split} leaves no training or no validation data")
        x_val, y_val = take_rows(x, slice(cut, None)), y[cut:]
        x, y, n = take_rows(x, slice(0, cut)), y[:cut], cut
    else:
        x_val = y_val = None

    model.optimizer.bind(model.trainable_parameters())
    model._resolve_metrics(y)
    rng = get_rng(seed)
    history = _callbacks.History()
    user_callbacks = [callbacks] if isinstance(callbacks, _callbacks.Callback) else list(callbacks or [])
    steps = math.ceil(n / batch_size)
    # History last, as in Keras, so it records what other callbacks add to the logs (learning_rate).
    cb_list = _callbacks.CallbackList(
        [*user_callbacks] + ([ProgressLogger(verbose, steps)] if verbose else []) + [history],
        model=model,
    )
    cb_list.set_params({"epochs": epochs, "steps": steps, "batch_size": batch_size, "samples": n})
    model.history = history
    model.stop_training = False
    bad = _nonfinite_weights(model)
    if bad:
        raise TrainingError(
            f"fit: cannot train model '{model.name}' (epoch {initial_epoch + 1}, batch 1): its weights "
            f"{', '.join(bad[:5])} hold NaN or infinite values, so every loss would be NaN; build the "
            "model again or load finite weights (set_weights, load_weights)"
        )
    last_good = _LastGood(model)

    completed: tuple[int, dict[str, float]] | None = None
    penalties = Penalties(model.optimizer.params)
    metric_fns = list(model.metric_fns.items())
    # Only the callbacks that do something per batch are called per batch (as Keras does).
    batch_begin = cb_list.overriding("on_batch_begin")
    batch_end = cb_list.overriding("on_batch_end")
    cb_list.on_train_begin({})
    try:
        for epoch in range(initial_epoch, epochs):
            cb_list.on_epoch_begin(epoch, {})
            if not model.training:  # evaluate() and callbacks may have switched it
                model.train()
            # one full batch is not reordered: that would change only the order of its sums
            order = rng.permutation(n) if shuffle and steps > 1 else None
            loss_sum = 0.0
            metric_sums = [0.0] * len(metric_fns)
            seen = counted = 0  # samples gone through; samples with a finite loss
            for step in range(steps):
                lo = step * batch_size
                hi = min(n, lo + batch_size)
                idx = order[lo:hi] if order is not None else slice(lo, hi)
                xb, yb = take_rows(x, idx), y[idx]
                for cb in batch_begin:
                    cb.on_batch_begin(step, {})
                loss, pred = train_step(model, xb, yb, penalties)
                size = hi - lo
                seen += size
                if not math.isfinite(loss):
                    if not cb_list.handles_nan:
                        raise TrainingError(
                            f"fit: the loss became {loss} at epoch {epoch + 1}, batch {step + 1}: training "
                            "diverged (try a smaller learning rate, scale the inputs to [0, 1], or check "
                            "the data); the model keeps the weights of the last completed epoch"
                        )
                    for cb in batch_end:
                        cb.on_batch_end(step, {"loss": loss})
                    if model.stop_training:
                        break
                    continue  # the callbacks chose to go on: this batch made no update
                counted += size
                loss_sum += loss * size
                for i, (_, fn) in enumerate(metric_fns):
                    metric_sums[i] += float(fn(pred, yb)) * size
                if batch_end:
                    logs = {"loss": loss_sum / counted}
                    for cb in batch_end:
                        cb.on_batch_end(step, logs)
            if seen < n:  # stopped inside the epoch by a NaN-handling callback
                last_good.restore()
                break
            if counted:
                logs = {"loss": loss_sum / counted}
                for (name, _), total in zip(metric_fns, metric_sums):
                    logs[name] = total / counted
            else:
                logs = {"loss": math.nan}
            if x_val is not None:
                val = evaluate(model, x_val, y_val, batch_size=max(batch_size, 256), return_dict=True,
                               _prepared=True)
                logs.update({f"val_{k}": v for k, v in val.items()})
            last_good.save()  # the epoch is complete
            completed = (epoch, logs)
            cb_list.on_epoch_end(epoch, logs)
            if model.stop_training:
                break
    except KeyboardInterrupt:
        last_good.restore()
        if completed is not None and history.epoch[-1:] != [completed[0]]:
            history.on_epoch_end(*completed)  # interrupted inside another callback's on_epoch_end
        warnings.warn(
            "fit: interrupted; the model keeps the weights of the last completed epoch "
            f"({len(history.epoch)} epoch(s)) and the History so far is returned",
            stacklevel=2,
        )
    except TrainingError:
        last_good.restore()
        raise
    cb_list.on_train_end({})
    model.eval()
    return history


class _LastGood:
    """The weights, buffers and optimizer state at the end of the last completed epoch.

    Saved after every epoch into copies made once (the arrays are found once, not
    per epoch); ``restore`` puts them back in place. The optimizer keeps its
    current hyper-parameters (a callback may have changed the learning rate since).
    """

    def __init__(self, model: Any) -> None:
        self.model = model
        self.arrays = [p.data for p in model.parameters()] + [b for _, b in model.named_buffers()]
        self.copies = [a.copy() for a in self.arrays]
        self.optimizer_state = model.optimizer.state_dict(config=False)  # restore() uses the current one

    def save(self) -> None:
        for copy, array in zip(self.copies, self.arrays):
            np.copyto(copy, array)
        self.optimizer_state = self.model.optimizer.state_dict(config=False)

    def restore(self) -> None:
        for array, copy in zip(self.arrays, self.copies):
            array[...] = copy
        optimizer = self.model.optimizer
        optimizer.load_state_dict({**self.optimizer_state, "config": optimizer.get_config()})


def _nonfinite_weights(model: Any) -> list[str]:
    """Names (``layer.attribute``) of the parameters of ``model`` holding NaN or infinite values."""
    bad: list[str] = []
    seen: set[int] = set()
    for module_name, module in model.named_modules():
        label = getattr(module, "name", None) or module_name or type(module).__name__
        for attr, value in vars(module).items():
            if isinstance(value, Parameter) and id(value) not in seen:
                seen.add(id(value))
                if not np.isfinite(value.data).all():
                    bad.append(f"{label}.{attr}")
    return bad


def _warn_if_nonfinite(model: Any, where: str, what: str) -> None:
    """Say why ``what`` (the outputs, the loss) came out NaN or infinite."""
    bad = _nonfinite_weights(model)
    if bad:
        why = (f"the weights {', '.join(bad[:5])} hold NaN or infinite values (build the model again "
               "or load finite weights)")
    else:
        why = "the weights are finite, so the inputs are too large or a computation overflowed"
    warnings.warn(f"{where}: {what} contain NaN or infinite values: {why}", RuntimeWarning,
                  stacklevel=user_stacklevel())


# ----------------------------------------------------------------- evaluate
def evaluate(
    model: Any,
    x: Any,
    y: Any,
    batch_size: int | None = None,
    verbose: int = 0,
    return_dict: bool = False,
    _prepared: bool = False,
) -> Any:
    """Loss (data loss + penalties, as in training) and metrics on ``(x, y)`` in inference mode.

    Returns the loss alone when no metrics were compiled, else ``[loss, *metrics]``
    (or a dict when ``return_dict=True``), as Keras does. A NaN or infinite loss
    gives a RuntimeWarning saying whether the weights hold NaN or inf.
    """
    if not _prepared:
        x, y = prepare(model, x, y, "evaluate")
        model._resolve_metrics(y)
    n = sample_count(x)
    batch_size = batch_size or 1024
    was_training = model.training
    model.eval()
    sums: dict[str, float] = {}
    try:
        # The graph is recorded (never backpropagated) so that a loss can see how the
        # predictions were made: a softmax output's cross-entropy is then computed from
        # its input by the same fused, stable path as in training.
        extra = Penalties(list(model.parameters())).value()
        for lo in range(0, n, batch_size):
            idx = slice(lo, lo + batch_size)
            xb, yb = take_rows(x, idx), y[idx]
            pred = model(xb)
            size = len(yb)
            sums["loss"] = sums.get("loss", 0.0) + (float(model.loss(pred, yb).data) + extra) * size
            for name, value in _batch_metrics(model, pred.data, yb).items():
                sums[name] = sums.get(name, 0.0) + value * size
    finally:
        model.train(was_training)
    result = {name: total / n for name, total in sums.items()}
    if not math.isfinite(result["loss"]):
        _warn_if_nonfinite(model, "evaluate", "the loss and predictions")
    if return_dict:
        return result
    if len(result) == 1:
        return result["loss"]
    return list(result.values())


def predict(model: Any, x: Any, batch_size: int | None = None) -> Any:
    """Outputs of ``model`` for ``x`` (inference mode, batches of ``batch_size``), as NumPy.

    Outputs holding NaN or inf are returned as computed, with a RuntimeWarning
    naming the weights that hold NaN or inf, if any.
    """
    x = as_inputs(model, x, "predict")
    ensure_built(model, x)
    check_input_shape(model, x, "predict")
    n = sample_count(x, "predict")
    batch_size = batch_size or 1024
    was_training = model.training
    model.eval()
    outs = []
    try:
        with no_grad():
            for lo in range(0, n, batch_size) if n else [0]:  # an empty x gives empty outputs
                out = model(take_rows(x, slice(lo, lo + batch_size)))
                outs.append([o.data for o in out] if isinstance(out, list) else out.data)
    finally:
        model.train(was_training)
    result = [np.concatenate(parts) for parts in zip(*outs)] if isinstance(outs[0], list) else np.concatenate(outs)
    if not all(np.isfinite(r).all() for r in (result if isinstance(result, list) else [result])):
        _warn_if_nonfinite(model, "predict", "the outputs")
    return result
