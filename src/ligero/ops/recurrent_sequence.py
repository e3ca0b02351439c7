"""A whole LSTM sequence as one node: the forward loop over time and its backpropagation through time.

Composed of per-step ops, a sequence of T steps records T·(2 products, a sum, the
pointwise step, two slices) nodes, and backward walks them one Python call at a time.
:func:`lstm_sequence` runs the loop in NumPy, with one GEMM for ``x·W_ih`` over all
steps, one GEMM a step for ``h·W_hh``, and a backward rule that loops once back over
time and finishes with one GEMM each for ``dW_ih``, ``dW_hh`` and ``dx``. Both faces
use it: PyTorch's gate order ``i, f, g, o`` is Keras's ``i, f, c, o``; ``weights="out_in"``
takes torch's ``(4H, F)`` matrices, ``"in_out"`` Keras's ``(F, 4H)`` kernels.

The op's one output packs, along the time axis, the T outputs, then the last ``h``,
then the last ``c`` (T + 2 slots); :func:`lstm_sequence` returns the three as views
(cheap ``getitem`` nodes), so the engine needs no notion of an op with several outputs.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

import numpy as np

from ligero import ops
from ligero.errors import ShapeError
from ligero.ops.recurrent import lstm_pointwise_reference
from ligero.tensor import Tensor, as_tensor, make_result

__all__ = ["lstm_sequence", "lstm_sequence_packed", "lstm_sequence_reference", "unpack_sequence"]


def lstm_sequence(x: Any, h0: Any, c0: Any, w_ih: Any, w_hh: Any, biases: Sequence[Any] = (), *,
                  batch_first: bool = False, reverse: bool = False,
                  weights: str = "out_in") -> tuple[Tensor, Tensor, Tensor]:
    """``(outputs, h_T, c_T)`` of an LSTM over the sequence ``x`` from the state ``(h0, c0)``.

    ``x`` is (T, N, F), or (N, T, F) with ``batch_first``; ``outputs`` has x's layout with H
    features; ``h_T, c_T`` are (N, H), the state after the last step processed (the first
    time step when ``reverse``, which runs t = T-1 … 0 and stores each output at its t).
    Each step: ``z = x_t·W_ih + h·W_hh + Σ biases`` (N, 4H), ``[i f g o] = [σ σ tanh σ](z)``,
    ``c' = f⊙c + i⊙g``, ``h' = o⊙tanh c'`` (see :func:`lstm_sequence_packed` for the backward rule).
    """
    packed = lstm_sequence_packed(x, h0, c0, w_ih, w_hh, biases, batch_first=batch_first, reverse=reverse,
                                  weights=weights)
    return unpack_sequence(packed, batch_first, cells=True)


def unpack_sequence(packed: Tensor, batch_first: bool, cells: bool) -> tuple[Tensor, ...]:
    """The views ``(outputs, h_T[, c_T])`` of a packed result (T outputs, h_T, then c_T along time)."""
    steps = packed.shape[1 if batch_first else 0] - (2 if cells else 1)
    lead = (slice(None),) if batch_first else ()
    parts = [ops.getitem(packed, (*lead, slice(0, steps))), ops.getitem(packed, (*lead, steps))]
    if cells:
        parts.append(ops.getitem(packed, (*lead, steps + 1)))
    return tuple(parts)


def lstm_sequence_packed(x: Any, h0: Any, c0: Any, w_ih: Any, w_hh: Any, biases: Sequence[Any] = (), *,
                         batch_first: bool = False, reverse: bool = False, weights: str = "out_in") -> Tensor:
    """The LSTM over the whole sequence as one node: ``[h_1 … h_T, h_T', c_T']`` along time (T + 2 slots).

    Backward, going back over the steps with ``g_h`` the gradient reaching ``h'`` (its slot
    plus the next step's ``δz·W_hhᵀ``) and ``g_c`` the next step's ``δc·f``:
    ``δc = g_c + g_h⊙o⊙(1 − tanh²c')``; ``δz = [δc⊙g⊙i(1−i), δc⊙c⊙f(1−f), δc⊙i⊙(1−g²),
    g_h⊙tanh c'⊙o(1−o)]``. Then over all steps at once: ``dW_ih = Xᵀ·δZ``, ``dW_hh = H_prevᵀ·δZ``,
    ``dx = δZ·W_ihᵀ``, ``d bias = Σ δZ`` (in torch's layout for ``weights="out_in"``).
    """
    inputs = [as_tensor(t) for t in (x, h0, c0, w_ih, w_hh, *biases)]
    arrays = _checked_arrays(inputs, batch_first, weights)
    xt, h_0, c_0, wi, wh = arrays[:5]
    bias = sum(arrays[5:]) if len(arrays) > 5 else None
    saved = _forward(xt, h_0, c_0, wi, wh, bias, reverse)
    out = _packed_output(saved[1], saved[2], reverse, batch_first)

    def backward(grad: np.ndarray) -> tuple:
        g = np.ascontiguousarray(grad.transpose((1, 2, 0) if batch_first else (0, 2, 1)))  # (T+2, H, N)
        d_z, dh0, dc0 = _backward_loop(g, saved, reverse)
        grads = _weight_gradients(d_z, xt, saved[1], wi if inputs[0].requires_grad else None, len(arrays) - 5,
                                  batch_first, reverse, weights)
        return (grads[0], dh0.T, dc0.T, *grads[1:])

    return make_result(out, tuple(inputs), backward, "lstm_sequence")


def _packed_output(hs: np.ndarray, cs: np.ndarray, reverse: bool, batch_first: bool) -> np.ndarray:
    """``[h_1 … h_T, h_last, c_last]`` in x's layout, from the transposed states (T + 1, H, N)."""
    steps = hs.shape[0] - 1
    last = 0 if reverse else steps  # the slot of the state after the last step processed
    out = np.empty((steps + 2, hs.shape[2], hs.shape[1]), hs.dtype)  # (T+2, N, H)
    out[:steps] = (hs[:steps] if reverse else hs[1:]).transpose(0, 2, 1)
    out[steps], out[steps + 1] = hs[last].T, cs[last].T
    return np.ascontiguousarray(out.swapaxes(0, 1)) if batch_first else out


def _checked_arrays(inputs: list[Tensor], batch_first: bool, weights: str) -> list[np.ndarray]:
    """The inputs' arrays, time-major and with (in, out) weights, after checking that their shapes fit."""
    if weights not in ("out_in", "in_out"):
        raise ValueError(f"lstm_sequence: weights must be 'out_in' (torch) or 'in_out' (Keras), got {weights!r}")
    x, h0, c0, w_ih, w_hh, *biases = (t.array for t in inputs)
    if x.ndim != 3 or h0.ndim != 2:
        raise ShapeError(f"lstm_sequence: x must be 3-D and h0 2-D, got shapes {x.shape} and {h0.shape}")
    n, features, hidden = x.shape[0 if batch_first else 1], x.shape[2], h0.shape[1]
    gates = 4 * hidden
    want = {"h0": (n, hidden), "c0": (n, hidden), "W_ih": (gates, features), "W_hh": (gates, hidden),
            **{f"bias {k}": (gates,) for k in range(len(biases))}}
    if weights == "in_out":
        want["W_ih"], want["W_hh"] = (features, gates), (hidden, gates)
    got = dict(zip(want, (a.shape for a in (h0, c0, w_ih, w_hh, *biases))))
    bad = [f"{k} of shape {got[k]} (expected {v})" for k, v in want.items() if got[k] != v]
    if bad:
        raise ShapeError(f"lstm_sequence: {', '.join(bad)} for x of shape {x.shape} (batch_first={batch_first}, "
                         f"{'torch (4H, F)' if weights == 'out_in' else 'Keras (F, 4H)'} weights, hidden size "
                         f"{hidden} from h0)")
    if weights == "out_in":
        w_ih, w_hh = w_ih.T, w_hh.T
    if batch_first:
        x = x.swapaxes(0, 1)
    dtype = np.result_type(x, w_ih)
    return [np.asarray(a, dtype) for a in (x, h0, c0, w_ih, w_hh, *biases)]


@functools.lru_cache(maxsize=32)
def _gate_rows(hidden: int) -> np.ndarray:
    """The rows of torch's/Keras's ``[i f g o]`` in the order the loop uses, ``[o i f g]``.

    The three σ gates are then contiguous (one affine step after one tanh) and so are the
    three whose gradient scales with δc (one product in the backward loop).
    """
    rows = np.roll(np.arange(4 * hidden), hidden)
    rows.flags.writeable = False
    return rows


@functools.lru_cache(maxsize=32)
def _original_rows(hidden: int) -> np.ndarray:
    """The inverse of :func:`_gate_rows`: the loop's ``[o i f g]`` back to ``[i f g o]``."""
    rows = np.roll(np.arange(4 * hidden), -hidden)
    rows.flags.writeable = False
    return rows


def _forward(x: np.ndarray, h0: np.ndarray, c0: np.ndarray, wi: np.ndarray, wh: np.ndarray,
             bias: np.ndarray | None, reverse: bool) -> tuple:
    """The time loop, states held transposed (H, N) so that each gate is one contiguous block.

    Returns the activated gates (T, 4, H, N) in the order ``o, i, f, g``, h and c (T + 1, H, N;
    h0 and c0 in the slot before the first step processed), tanh c (T, H, N) and ``W_hhᵀ``
    with its rows in that order (for the backward loop).
    """
    steps, n, features = x.shape
    hidden = h0.shape[1]
    rows, three = _gate_rows(hidden), 3 * hidden
    # σ(z) = (1 + tanh(z/2))/2: halve the o, i, f rows once, then one tanh a step covers all four gates
    scale = np.ones((4 * hidden, 1), x.dtype)
    scale[:three] = 0.5
    wi_rows, wh_rows = wi.T[rows], wh.T[rows]  # (4H, F), (4H, H)
    pre = np.matmul(wi_rows * scale, x.transpose(0, 2, 1))  # (T, 4H, N): each step's block contiguous
    if bias is not None:
        pre += bias[rows, None] * scale
    wh_scaled = wh_rows * scale
    gates = np.empty((steps, 4 * hidden, n), x.dtype)
    hs = np.empty((steps + 1, hidden, n), x.dtype)
    cs = np.empty_like(hs)
    tanh_c, ig = np.empty((steps, hidden, n), x.dtype), np.empty((hidden, n), x.dtype)
    first = steps if reverse else 0
    hs[first], cs[first] = h0.T, c0.T
    for t in (range(steps - 1, -1, -1) if reverse else range(steps)):
        prev, new = (t + 1, t) if reverse else (t, t + 1)
        z = gates[t]
        np.matmul(wh_scaled, hs[prev], out=z)
        z += pre[t]
        np.tanh(z, out=z)
        sig = z[:three]  # o, i, f: σ from tanh(z/2)
        sig *= 0.5
        sig += 0.5
        c = cs[new]
        np.multiply(z[2 * hidden:three], cs[prev], out=c)
        np.multiply(z[hidden:2 * hidden], z[three:], out=ig)
        c += ig
        np.tanh(c, out=tanh_c[t])
        np.multiply(z[:hidden], tanh_c[t], out=hs[new])
    return gates.reshape(steps, 4, hidden, n), hs, cs, tanh_c, np.ascontiguousarray(wh_rows.T)


def _backward_loop(grad: np.ndarray, saved: tuple, reverse: bool) -> tuple:
    """One loop back over time, transposed as the forward: δz (T, 4H, N) in the order o, i, f, g,
    and the gradients of h0 and c0 (H, N)."""
    gates, hs, cs, tanh_c, wh_t = saved
    steps, _, hidden, n = gates.shape
    o, i, f, g = (gates[:, k] for k in range(4))
    c_prev = cs[1:] if reverse else cs[:steps]
    # what does not depend on the incoming gradient, for all steps at once
    through_h = 1 - tanh_c * tanh_c
    through_h *= o  # ∂h'/∂c'
    through_o = tanh_c * o
    through_o *= 1 - o  # δz_o / g_h
    through_c = np.empty((steps, 3, hidden, n), gates.dtype)  # δz_[i f g] / δc
    np.multiply(g, i * (1 - i), out=through_c[:, 0])
    np.multiply(c_prev, f * (1 - f), out=through_c[:, 1])
    np.multiply(i, 1 - g * g, out=through_c[:, 2])
    d_z = np.empty((steps, 4 * hidden, n), gates.dtype)
    dh, dc = grad[steps].copy(), grad[steps + 1].copy()
    outputs_used = bool(grad[:steps].any())  # often only the last state carries a gradient
    for t in (range(steps) if reverse else range(steps - 1, -1, -1)):
        if outputs_used:
            dh += grad[t]
        dc += dh * through_h[t]
        dz = d_z[t]
        np.multiply(dh, through_o[t], out=dz[:hidden])
        np.multiply(through_c[t], dc, out=dz[hidden:].reshape(3, hidden, n))
        dc *= f[t]
        dh = wh_t @ dz
    return d_z, dh, dc


def _weight_gradients(d_z: np.ndarray, x: np.ndarray, hs: np.ndarray, wi: np.ndarray | None, n_biases: int,
                      batch_first: bool, reverse: bool, weights: str) -> tuple:
    """``(dx, dW_ih, dW_hh, d biases…)`` from δZ (T, 4H, N; rows o, i, f, g), one GEMM each
    (dx None when ``wi`` is: x needs no gradient)."""
    steps, n, features = x.shape
    hidden = hs.shape[1]
    rows = _original_rows(hidden)
    d_rows = d_z.transpose(1, 0, 2)[rows].reshape(4 * hidden, steps * n)  # (4H, T·N), one copy
    h_prev = np.ascontiguousarray((hs[1:] if reverse else hs[:steps]).transpose(1, 0, 2)).reshape(hidden, -1)
    d_wi = d_rows @ x.reshape(steps * n, features)  # (4H, F)
    d_wh = d_rows @ h_prev.T  # (4H, H)
    if weights == "in_out":
        d_wi, d_wh = d_wi.T, d_wh.T
    dx = None
    if wi is not None:
        dx = (d_rows.T @ wi.T).reshape(steps, n, features)
        dx = dx.swapaxes(0, 1) if batch_first else dx
    d_bias = d_rows.sum(axis=1) if n_biases else None
    return (dx, d_wi, d_wh, *([d_bias] * n_biases))


def lstm_sequence_reference(x: Any, h0: Any, c0: Any, w_ih: Any, w_hh: Any, biases: Sequence[Any] = (), *,
                            batch_first: bool = False, reverse: bool = False, weights: str = "out_in") -> Tensor:
    """:func:`lstm_sequence_packed` composed of per-step basic ops (matmul, add, the pointwise reference)."""
    x, h, c = as_tensor(x), as_tensor(h0), as_tensor(c0)
    w_ih, w_hh = as_tensor(w_ih), as_tensor(w_hh)
    if weights == "out_in":
        w_ih, w_hh = ops.transpose(w_ih, (1, 0)), ops.transpose(w_hh, (1, 0))
    if batch_first:
        x = ops.transpose(x, (1, 0, 2))
    steps, hidden = x.shape[0], h.shape[1]
    outputs: list = [None] * steps
    for t in (range(steps - 1, -1, -1) if reverse else range(steps)):
        z = ops.add(ops.matmul(ops.getitem(x, t), w_ih), ops.matmul(h, w_hh))
        for b in biases:
            z = ops.add(z, b)
        hc = lstm_pointwise_reference(z, c)
        h, c = ops.getitem(hc, (slice(None), slice(0, hidden))), ops.getitem(hc, (slice(None), slice(hidden, None)))
        outputs[t] = h
    packed = ops.stack([*outputs, h, c], 0)
    return ops.transpose(packed, (1, 0, 2)) if batch_first else packed
