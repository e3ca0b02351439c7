"""Fused operations that training spends its time in.

Each does in one node what would otherwise take several, with a backward rule
written out by hand: fewer temporaries, no gradient nobody needs. Beside each
stands its ``<op>_reference``: the same function composed of basic
differentiable ops, the definition the fused op is tested against
(``tests/test_fused_reference.py``).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ligero import targets
from ligero.blas import dot2, weight_gradient
from ligero.errors import ConfigError, ShapeError
from ligero.ops.unary import log_softmax
from ligero.tensor import StepRecording, Tensor, as_tensor, make_result


def linear(x: Any, weight: Any, bias: Any = None) -> Tensor:
    """Affine map ``y = x @ W + b`` with ``W`` of shape (in, out) and ``b`` of shape (out,).

    Backward: dL/dx = g @ Wᵀ (only if x needs it), dL/dW = xᵀ @ g, dL/db = Σ_rows g.
    ``x`` may have extra leading dimensions; they are treated as more rows.
    A large dL/dW is handed back unevaluated (:func:`ligero.blas.weight_gradient`),
    for plain SGD to fold into its update.
    """
    x = x if isinstance(x, Tensor) else as_tensor(x)  # (checked inline: this runs once a layer a batch)
    weight = weight if isinstance(weight, Tensor) else as_tensor(weight)
    xs, ws = x.array.shape, weight.array.shape
    if len(ws) != 2 or not xs or xs[-1] != ws[0]:
        raise ShapeError(
            f"linear: input of shape {xs} does not fit weight of shape {ws} "
            f"(expected the input's last dimension to be {ws[0] if ws else '?'})"
        )
    out = np.dot(x.array, weight.array) if len(xs) == 2 else x.array @ weight.array  # dot: see blas.dot2
    parents: tuple[Tensor, ...] = (x, weight)
    if bias is not None:
        bias = bias if isinstance(bias, Tensor) else as_tensor(bias)
        if bias.array.shape != ws[1:]:
            raise ShapeError(f"linear: bias of shape {bias.shape} does not fit weight of shape {ws}")
        out += bias.array
        parents = (x, weight, bias)

    def backward(g: np.ndarray) -> tuple:
        rows_x, rows_g = x.array, g
        if rows_x.ndim != 2:  # extra leading dimensions are more rows
            rows_x, rows_g = rows_x.reshape(-1, rows_x.shape[-1]), g.reshape(-1, g.shape[-1])
        gx = dot2(g, weight.array.T) if x.requires_grad else None
        gw = weight_gradient(rows_x.T, rows_g) if weight.requires_grad else None
        if bias is None:
            return gx, gw
        gb = np.add.reduce(rows_g, axis=0) if bias.requires_grad else None  # Σ_rows g (no sum() wrapper)
        return gx, gw, gb

    result = make_result(out, parents, backward, "linear")
    if StepRecording.active is not None:  # the same two steps into the same array (backward reads x, W)
        def recompute() -> None:
            np.matmul(x.array, weight.array, out=out)
            if bias is not None:
                np.add(out, bias.array, out=out)

        StepRecording.active.note(result, out, recompute, x, weight, bias)
    return result


def linear_reference(x: Any, weight: Any, bias: Any = None) -> Tensor:
    """``x @ W + b`` from matmul and add: the definition :func:`linear` is tested against."""
    y = as_tensor(x) @ weight
    return y if bias is None else y + bias


def cross_entropy(logits: Any, target: Any, reduction: str = "mean") -> Tensor:
    """Softmax + categorical cross-entropy in one stable step.

    ``L_n = -Σ_c t_nc · log softmax(z_n)_c``, averaged over the N rows
    (``reduction="mean"``), summed (``"sum"``), or per row (``"none"``).
    ``target`` holds class indices of shape (N,) or probability rows (N, C).
    Backward: dL/dz = (softmax(z) · Σ_c t_nc - t) · g / N, which is the familiar
    (softmax(z) - t) · g / N when each target row sums to 1. Targets get no gradient.
    """
    logits = as_tensor(logits)
    if logits.ndim != 2:
        raise ShapeError(f"cross_entropy: logits must be (N, C), got shape {logits.shape}")
    labels, given = targets.labels_or_rows(target, logits.shape, "cross_entropy")
    rows = np.arange(logits.shape[0])
    z = logits.array
    shifted = z - z.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    total = exp.sum(axis=1, keepdims=True)
    log_total = np.log(total)
    if labels is not None:  # class indices: pick one log-probability per row, no one-hot array
        per_row = log_total[:, 0] - shifted[rows, labels]
        t = row_mass = None
    else:  # probability rows; soft rows need not sum to 1 (the forward does not normalise them)
        t = given.astype(logits.dtype, copy=False)
        row_mass = t.sum(axis=1, keepdims=True)
        per_row = -(t * (shifted - log_total)).sum(axis=1)
    n = logits.shape[0]
    out = _reduce(per_row, reduction, "cross_entropy")

    def backward(g: np.ndarray) -> tuple:
        grad = exp / total
        if labels is not None:
            grad[rows, labels] -= 1
        else:
            grad *= row_mass
            grad -= t
        if reduction == "none":
            grad *= g[:, None]
        else:
            grad *= float(g) / n if reduction == "mean" else float(g)
        return (grad,)

    return make_result(out, (logits,), backward, "cross_entropy")


def cross_entropy_reference(logits: Any, target: Any, reduction: str = "mean") -> Tensor:
    """``L_n = -Σ_c t_nc · log_softmax(z_n)_c`` from log_softmax, mul and sum, then reduced over the rows.

    The definition :func:`cross_entropy` is tested against (index targets become one-hot rows).
    """
    logits = as_tensor(logits)
    t = targets.dense_class_targets(target, logits.shape, logits.dtype, "cross_entropy")
    per_row = -(log_softmax(logits, axis=1) * t).sum(axis=1)
    if reduction == "none":
        return per_row
    return per_row.sum() / logits.shape[0] if reduction == "mean" else per_row.sum()


def squared_error(pred: Any, target: Any, average: str = "samples") -> Tensor:
    """Mean squared error, with the average stated explicitly.

    ``average="samples"`` (the course's MSE): ``(1/N) Σ_n ||y_n - t_n||²``.
    ``average="elements"`` (Keras/PyTorch): ``(1/(N·C)) Σ_n Σ_c (y_nc - t_nc)²``.
    Backward: dL/dy = 2 (y - t) · g / N  (or / (N·C)). Targets get no gradient.
    """
    pred = as_tensor(pred)
    t = targets.shaped_like(target, pred.array.shape, "squared_error", column_only=True)
    if average not in ("samples", "elements"):
        raise ConfigError(f"squared_error: average must be 'samples' or 'elements', got {average!r}")
    dtype = pred.array.dtype
    diff = pred.array - t.astype(dtype, copy=False)
    count = _squared_error_count(pred, average)
    flat = diff.reshape(-1)
    out = np.asarray(np.dot(flat, flat) / count, dtype=dtype)  # 1-D np.dot: flat @ flat to the bit, faster

    def backward(g: np.ndarray) -> tuple:
        return (diff * (2 * g / count),)

    result = make_result(out, (pred,), backward, "squared_error")
    if StepRecording.active is not None:  # the same steps into ``diff`` and ``out``, from the targets' array
        target_values = t.astype(dtype, copy=False)

        def recompute() -> None:
            np.subtract(pred.array, target_values, out=diff)
            out[...] = np.dot(flat, flat) / count

        StepRecording.active.note(result, out, recompute, pred, target_values)
    return result


def squared_error_reference(pred: Any, target: Any, average: str = "samples") -> Tensor:
    """``Σ (y - t)² / count`` from sub, mul and sum: the definition :func:`squared_error` is tested against."""
    pred = as_tensor(pred)
    t = targets.shaped_like(target, pred.shape, "squared_error", column_only=True)
    diff = pred - t.astype(pred.dtype, copy=False)
    return (diff * diff).sum() / _squared_error_count(pred, average)


def mse_loss(input: Any, target: Any, reduction: str = "mean") -> Tensor:  # noqa: A002
    """torch's MSE of two non-empty tensors of one shape and float dtype: ``Σ (x - y)² / n`` (``"mean"``, n the
    number of elements) or the sum (``"sum"``), in one node.

    Backward: dL/dx = 2 (x - y) · g / n (n = 1 for the sum), dL/dy = -dL/dx; both get gradients.
    """
    x, t = as_tensor(input), as_tensor(target)
    if (x.array.shape != t.array.shape or x.array.dtype != t.array.dtype or x.array.dtype.kind != "f"
            or not x.array.size):
        raise ShapeError(f"mse_loss (fused): input {x.array.shape} {x.array.dtype} and target "
                         f"{t.array.shape} {t.array.dtype} must have one shape, one float dtype, elements")
    if reduction not in ("mean", "sum"):
        raise ConfigError(f"mse_loss (fused): reduction must be 'mean' or 'sum', got {reduction!r}")
    diff = x.array - t.array
    count = diff.size if reduction == "mean" else 1
    flat = diff.reshape(-1)
    out = np.asarray(np.dot(flat, flat) / count, dtype=diff.dtype)  # 1-D np.dot: flat @ flat to the bit

    def backward(g: np.ndarray) -> tuple:
        gx = diff * (float(g) * 2.0 / count)
        return gx, (-gx if t.requires_grad else None)

    backward.count = count  # create_graph's rule reads it
    return make_result(out, (x, t), backward, "mse_loss")


def mse_loss_reference(input: Any, target: Any, reduction: str = "mean") -> Tensor:  # noqa: A002
    """``(x - y)²`` from sub and mul, then its mean or sum: the definition :func:`mse_loss` is tested against."""
    d = as_tensor(input) - as_tensor(target)
    return (d * d).mean() if reduction == "mean" else (d * d).sum()


def _squared_error_count(pred: Tensor, average: str) -> int:
    """N (``"samples"``) or N·C (``"elements"``); a 1-D prediction is one sample (a vector of
    outputs), as in the course's cost ``||f - t||²``."""
    shape = pred.array.shape
    return pred.array.size if average == "elements" else (shape[0] if len(shape) >= 2 else 1)


def _reduce(values: np.ndarray, reduction: str, op: str) -> np.ndarray:
    if reduction == "mean":
        if values.size:  # np.add.reduce: the same sum as mean() without its Python wrapper
            return np.asarray(np.add.reduce(values) / values.size, dtype=values.dtype)
        return np.asarray(values.mean(), dtype=values.dtype)
    if reduction == "sum":
        return np.asarray(values.sum(), dtype=values.dtype)
    if reduction == "none":
        return values
    raise ConfigError(f"{op}: reduction must be 'mean', 'sum' or 'none', got {reduction!r}")
