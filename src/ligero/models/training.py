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
from ligero.tensor import no_grad


# ----------------------------------------------------------------- one step
def train_step(model: Any, x: Any, y: np.ndarray) -> tuple[float, np.ndarray]:
    """One update on one batch: returns (loss including penalties, predictions).

    A NaN or infinite loss makes no update: its gradients are meaningless, and
    applying them would spoil the weights and the optimizer's state alike.
    """
    params = model.optimizer.params
    for p in params:
        p.grad = None
    pred = model(x)
    loss = model.loss(pred, y)
    # Penalties R(W) enter the reported loss by value and the gradients in place, after
    # backward (∂R/∂W added to W.grad, as an optimizer's weight decay): the same numbers
    # as backpropagating loss + ΣR(W), without a graph node and a weight-sized array each.
    regularized = [(p, p.regularizer) for p in params if p.regularizer is not None]
    value = float(loss.data) + sum(reg.value(p.data) for p, reg in regularized)
    if math.isfinite(value):
        loss.backward()
        for p, reg in regularized:
            if p.grad is None:
                p.grad = np.zeros_like(p.data)
            reg.add_gradient(p.data, p.grad)
        model.optimizer.step()
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
        shuffle: reshuffle the training samples every epoch.
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
    state_arrays = _state_arrays(model)  # found once: the walk over modules is not per epoch
    last_good = _snapshot(model, state_arrays)

    completed: tuple[int, dict[str, float]] | None = None
    cb_list.on_train_begin({})
    try:
        for epoch in range(initial_epoch, epochs):
            cb_list.on_epoch_begin(epoch, {})
            if not model.training:  # evaluate() and callbacks may have switched it
                model.train()
            order = rng.permutation(n) if shuffle else None
            sums: dict[str, float] = {}
            seen = counted = 0  # samples gone through; samples with a finite loss
            for step in range(steps):
                lo, hi = step * batch_size, min(n, (step + 1) * batch_size)
                idx = order[lo:hi] if order is not None else slice(lo, hi)
                xb, yb = take_rows(x, idx), y[idx]
                cb_list.on_batch_begin(step, {})
                loss, pred = train_step(model, xb, yb)
                size = hi - lo
                seen += size
                if not math.isfinite(loss):
                    if not cb_list.handles_nan:
                        raise TrainingError(
                            f"fit: the loss became {loss} at epoch {epoch + 1}, batch {step + 1}: training "
                            "diverged (try a smaller learning rate, scale the inputs to [0, 1], or check "
                            "the data); the model keeps the weights of the last completed epoch"
                        )
                    cb_list.on_batch_end(step, {"loss": loss})
                    if model.stop_training:
                        break
                    continue  # the callbacks chose to go on: this batch made no update
                counted += size
                sums["loss"] = sums.get("loss", 0.0) + loss * size
                for name, value in _batch_metrics(model, pred, yb).items():
                    sums[name] = sums.get(name, 0.0) + value * size
                cb_list.on_batch_end(step, {"loss": sums["loss"] / counted})
            if seen < n:  # stopped inside the epoch by a NaN-handling callback
                _restore(model, last_good, state_arrays)
                break
            logs = {name: total / counted for name, total in sums.items()} if counted else {"loss": math.nan}
            if x_val is not None:
                val = evaluate(model, x_val, y_val, batch_size=max(batch_size, 256), return_dict=True,
                               _prepared=True)
                logs.update({f"val_{k}": v for k, v in val.items()})
            last_good = _snapshot(model, state_arrays)  # the epoch is complete
            completed = (epoch, logs)
            cb_list.on_epoch_end(epoch, logs)
            if model.stop_training:
                break
    except KeyboardInterrupt:
        _restore(model, last_good, state_arrays)
        if completed is not None and history.epoch[-1:] != [completed[0]]:
            history.on_epoch_end(*completed)  # interrupted inside another callback's on_epoch_end
        warnings.warn(
            "fit: interrupted; the model keeps the weights of the last completed epoch "
            f"({len(history.epoch)} epoch(s)) and the History so far is returned",
            stacklevel=2,
        )
    except TrainingError:
        _restore(model, last_good, state_arrays)
        raise
    cb_list.on_train_end({})
    model.eval()
    return history


def _state_arrays(model: Any) -> list[np.ndarray]:
    """The arrays holding the model's state (parameters, then buffers), updated in place."""
    return [p.data for p in model.parameters()] + [b for _, b in model.named_buffers()]


def _snapshot(model: Any, arrays: list[np.ndarray]) -> tuple[list[np.ndarray], dict[str, Any]]:
    """Copies of the weights and buffers and of the optimizer's state (moments, step counts)."""
    return [a.copy() for a in arrays], model.optimizer.state_dict()


def _restore(model: Any, snapshot: tuple[list[np.ndarray], dict[str, Any]], arrays: list[np.ndarray]) -> None:
    """Put back a :func:`_snapshot` in place; the optimizer keeps its current
    hyper-parameters (a callback may have changed the learning rate since)."""
    weights, state = snapshot
    for target, saved in zip(arrays, weights):
        target[...] = saved
    model.optimizer.load_state_dict({**state, "config": model.optimizer.get_config()})


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
        extra = sum(p.regularizer.value(p.data) for p in model.parameters()
                    if getattr(p, "regularizer", None) is not None)
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
