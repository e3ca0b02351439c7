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
from ligero.errors import ConfigError, DataError, ShapeError, TrainingError
from ligero.models.progress import ProgressLogger
from ligero.random import get_rng
from ligero.tensor import no_grad


# ---------------------------------------------------------------- data checks
def _as_inputs(model: Any, x: Any, where: str) -> Any:
    """``x`` as float arrays of the model's dtype (a list for multi-input models)."""
    if isinstance(x, (list, tuple)) and _several_inputs(model, x):
        return [_as_float_array(v, where, f"x[{i}]", model) for i, v in enumerate(x)]
    return _as_float_array(x, where, "x", model)


def _several_inputs(model: Any, x: list | tuple) -> bool:
    """Whether the list ``x`` holds one array per model input, rather than the rows of one array.

    A model with known inputs decides; otherwise a list of arrays is several inputs and
    a nested list of numbers (``[[0, 1], [1, 0]]``) is one array.
    """
    expected = model.input_shape
    if expected is not None:
        return isinstance(expected, list)
    return bool(x) and all(isinstance(v, np.ndarray) or hasattr(v, "data") for v in x)


def _model_dtype(model: Any) -> np.dtype:
    params = model.parameters()
    return params[0].dtype if params else np.dtype(np.float32)


def _as_float_array(x: Any, where: str, what: str, model: Any) -> np.ndarray:
    try:
        array = np.asarray(x.data if hasattr(x, "data") and not isinstance(x, np.ndarray) else x)
    except (ValueError, TypeError) as exc:
        raise DataError(f"{where}: {what} cannot be read as a numeric array ({exc})") from None
    if array.dtype == object or not (
        np.issubdtype(array.dtype, np.number) or np.issubdtype(array.dtype, np.bool_)
    ):
        raise DataError(f"{where}: {what} must be numeric, got dtype {array.dtype}")
    if array.ndim == 0:
        raise ShapeError(f"{where}: {what} must have a batch dimension, got a scalar")
    dtype = _model_dtype(model)
    if array.dtype != dtype:
        array = array.astype(dtype)
    if not np.isfinite(array).all():
        bad = np.argwhere(~np.isfinite(array.reshape(len(array), -1)))[0][0]
        raise DataError(f"{where}: {what} contains NaN or infinite values (first in sample {bad})")
    return array


def _length(x: Any) -> int:
    return len(x[0]) if isinstance(x, list) else len(x)


def _check_input_shape(model: Any, x: Any, where: str) -> None:
    expected = model.input_shape
    if expected is None:
        return
    got = [v.shape for v in x] if isinstance(x, list) else x.shape
    exp_list = expected if isinstance(expected, list) else [expected]
    got_list = got if isinstance(got, list) else [got]
    if len(exp_list) != len(got_list) or any(
        tuple(g[1:]) != tuple(e[1:]) for g, e in zip(got_list, exp_list)
    ):
        raise ShapeError(
            f"{where}: x has shape {got if isinstance(got, list) else got} but model '{model.name}' "
            f"expects {expected} (None = any number of samples)"
        )


def _as_targets(model: Any, y: Any, n: int, where: str) -> np.ndarray:
    y = np.asarray(y.data if hasattr(y, "data") and not isinstance(y, np.ndarray) else y)
    if y.dtype == object or not (np.issubdtype(y.dtype, np.number) or np.issubdtype(y.dtype, np.bool_)):
        raise DataError(f"{where}: y must be numeric, got dtype {y.dtype}")
    if len(y) != n:
        raise DataError(f"{where}: x has {n} samples but y has {len(y)}; they must match")
    if np.issubdtype(y.dtype, np.floating) and not np.isfinite(y).all():
        raise DataError(f"{where}: y contains NaN or infinite values")
    loss_name = getattr(model.loss, "name", "")
    out = model.output_shape
    classes = out[-1] if isinstance(out, tuple) and len(out) == 2 else None
    if loss_name in ("categorical_crossentropy", "multiclass_hinge") and classes is not None:
        if y.ndim == 1:
            if not np.all(np.mod(y, 1) == 0):
                raise DataError(
                    f"{where}: class labels must be whole numbers 0..{classes - 1}, got values such as "
                    f"{y[np.mod(y, 1) != 0][:3].tolist()}"
                )
            if y.min() < 0 or y.max() >= classes:
                raise DataError(
                    f"{where}: labels must be in 0..{classes - 1} for a model with {classes} outputs; "
                    f"found {int(y.min())}..{int(y.max())}"
                )
            return y.astype(np.int64)
        if y.shape[1:] != (classes,):
            raise ShapeError(
                f"{where}: y has shape {y.shape} but the model has {classes} outputs: give labels of "
                f"shape ({n},) or one-hot rows of shape ({n}, {classes})"
            )
    elif isinstance(out, tuple) and y.shape[1:] != out[1:]:
        if not (y.ndim == 1 and out[1:] == (1,)):
            raise ShapeError(f"{where}: y has shape {y.shape} but the model outputs {out}")
        y = y.reshape(-1, 1)
    if np.issubdtype(y.dtype, np.floating) or y.ndim > 1:
        return y.astype(_model_dtype(model), copy=False)
    return y


def prepare(model: Any, x: Any, y: Any, where: str) -> tuple[Any, np.ndarray]:
    """Validate and convert ``(x, y)`` for ``model``; one clear error for each problem."""
    if model.loss is None:
        raise ConfigError(f"{where}: call model.compile(optimizer=..., loss=...) first")
    x = _as_inputs(model, x, where)
    n = _length(x)
    if n == 0:
        raise DataError(f"{where}: the dataset is empty (0 samples)")
    _ensure_built(model, x)
    _check_input_shape(model, x, where)
    return x, _as_targets(model, y, n, where)


def _ensure_built(model: Any, x: Any) -> None:
    """Call ``model.build`` once with the shape of ``x`` if the model's input shape is unknown."""
    if model.input_shape is not None or getattr(model, "_built_for", None) is not None:
        return
    shape = [v.shape[1:] for v in x] if isinstance(x, list) else x.shape[1:]
    model.build(shape)
    if model.input_shape is None:  # a subclassed model: remember it was built
        model._built_for = shape


def _take(x: Any, idx: Any) -> Any:
    return [v[idx] for v in x] if isinstance(x, list) else x[idx]


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
    total = model.loss(pred, y)
    penalty = model.penalty()
    if penalty is not None:
        total = total + penalty
    value = float(total.data)
    if math.isfinite(value):
        total.backward()
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
        callbacks: Keras-style callbacks (EarlyStopping, ModelCheckpoint...).
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
    weights of the last completed epoch and the History so far is returned (or,
    for the error, stays in ``model.history``).
    """
    if model.optimizer is None:
        raise ConfigError("fit: call model.compile(optimizer=..., loss=...) first")
    if not isinstance(batch_size, (int, np.integer)) or batch_size <= 0:
        raise ConfigError(f"fit: batch_size must be a positive integer, got {batch_size!r}")
    if not isinstance(epochs, (int, np.integer)) or epochs < 0:
        raise ConfigError(f"fit: epochs must be a non-negative integer, got {epochs!r}")
    x, y = prepare(model, x, y, "fit")
    n = _length(x)
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
        x_val, y_val = _take(x, slice(cut, None)), y[cut:]
        x, y, n = _take(x, slice(0, cut)), y[:cut], cut
    else:
        x_val = y_val = None

    model.optimizer.bind(model.trainable_parameters())
    model._resolve_metrics(y)
    rng = get_rng(seed)
    history = _callbacks.History()
    user_callbacks = list(callbacks or [])
    steps = math.ceil(n / batch_size)
    cb_list = _callbacks.CallbackList(
        [history, *user_callbacks] + ([ProgressLogger(verbose, steps)] if verbose else []),
        model=model,
    )
    cb_list.set_params({"epochs": epochs, "steps": steps, "batch_size": batch_size, "samples": n})
    model.history = history
    model.stop_training = False
    last_good = model.get_weights()

    cb_list.on_train_begin({})
    try:
        for epoch in range(initial_epoch, epochs):
            cb_list.on_epoch_begin(epoch, {})
            model.train()
            order = rng.permutation(n) if shuffle else None
            sums: dict[str, float] = {}
            seen = counted = 0  # samples gone through; samples with a finite loss
            for step in range(steps):
                lo, hi = step * batch_size, min(n, (step + 1) * batch_size)
                idx = order[lo:hi] if order is not None else slice(lo, hi)
                xb, yb = _take(x, idx), y[idx]
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
                model.set_weights(last_good)
                break
            logs = {name: total / counted for name, total in sums.items()} if counted else {"loss": math.nan}
            if x_val is not None:
                val = evaluate(model, x_val, y_val, batch_size=max(batch_size, 256), return_dict=True,
                               _prepared=True)
                logs.update({f"val_{k}": v for k, v in val.items()})
            cb_list.on_epoch_end(epoch, logs)
            last_good = model.get_weights()
            if model.stop_training:
                break
    except KeyboardInterrupt:
        model.set_weights(last_good)
        warnings.warn(
            "fit: interrupted; the model keeps the weights of the last completed epoch "
            f"({len(history.epoch)} epoch(s)) and the History so far is returned",
            stacklevel=2,
        )
    except TrainingError:
        model.set_weights(last_good)
        raise
    cb_list.on_train_end({})
    model.eval()
    return history


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
    (or a dict when ``return_dict=True``), as Keras does.
    """
    if not _prepared:
        x, y = prepare(model, x, y, "evaluate")
        model._resolve_metrics(y)
    n = _length(x)
    batch_size = batch_size or 1024
    was_training = model.training
    model.eval()
    sums: dict[str, float] = {}
    try:
        # The graph is recorded (never backpropagated) so that a loss can see how the
        # predictions were made: a softmax output's cross-entropy is then computed from
        # its input by the same fused, stable path as in training.
        with no_grad():
            penalty = model.penalty()
        extra = float(penalty.data) if penalty is not None else 0.0
        for lo in range(0, n, batch_size):
            idx = slice(lo, lo + batch_size)
            xb, yb = _take(x, idx), y[idx]
            pred = model(xb)
            size = len(yb)
            sums["loss"] = sums.get("loss", 0.0) + (float(model.loss(pred, yb).data) + extra) * size
            for name, value in _batch_metrics(model, pred.data, yb).items():
                sums[name] = sums.get(name, 0.0) + value * size
    finally:
        model.train(was_training)
    result = {name: total / n for name, total in sums.items()}
    if return_dict:
        return result
    if len(result) == 1:
        return result["loss"]
    return list(result.values())


def predict(model: Any, x: Any, batch_size: int | None = None) -> Any:
    """Outputs of ``model`` for ``x`` (inference mode, batches of ``batch_size``), as NumPy."""
    x = _as_inputs(model, x, "predict")
    _ensure_built(model, x)
    _check_input_shape(model, x, "predict")
    n = _length(x)
    batch_size = batch_size or 1024
    was_training = model.training
    model.eval()
    outs = []
    try:
        with no_grad():
            for lo in range(0, n, batch_size) if n else [0]:  # an empty x gives empty outputs
                out = model(_take(x, slice(lo, lo + batch_size)))
                outs.append([o.data for o in out] if isinstance(out, list) else out.data)
    finally:
        model.train(was_training)
    if isinstance(outs[0], list):
        return [np.concatenate(parts) for parts in zip(*outs)]
    return np.concatenate(outs)
