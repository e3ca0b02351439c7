"""The whole-sequence LSTM op: central differences, its composed reference, both faces' per-step paths, torch.

``lstm_sequence_packed`` is checked for every input in float64 (x, h0, c0, both weights,
each bias), in both layouts, both directions and both weight layouts; then against its
reference built of per-step basic ops; then ``nn.LSTM`` and Keras's ``LSTM`` with the
fused op against the same modules with it switched off (``fused = False``); then
against PyTorch's own LSTM.
"""

from __future__ import annotations

import numpy as np
import pytest

from conftest import assert_gradcheck
from ligero import nn
from ligero.errors import ShapeError
from ligero.keras import layers
from ligero.ops.recurrent_sequence import lstm_sequence, lstm_sequence_packed, lstm_sequence_reference
from ligero.tensor import Tensor

TOL = 1e-10
T, N, F, H = 4, 3, 5, 2


def _inputs(batch_first: bool, weights: str, n_biases: int, seed: int = 0) -> list[np.ndarray]:
    r = np.random.default_rng(seed)
    x = r.standard_normal((N, T, F) if batch_first else (T, N, F))
    w_shapes = [(4 * H, F), (4 * H, H)] if weights == "out_in" else [(F, 4 * H), (H, 4 * H)]
    return [x, r.standard_normal((N, H)), r.standard_normal((N, H)),
            *(r.standard_normal(s) * 0.7 for s in w_shapes), *(r.standard_normal(4 * H) for _ in range(n_biases))]


def _op(fn, batch_first: bool, reverse: bool, weights: str):
    return lambda x, h0, c0, wi, wh, *b: fn(x, h0, c0, wi, wh, b, batch_first=batch_first, reverse=reverse,
                                             weights=weights)


CASES = [(False, False, "out_in", 2), (True, False, "out_in", 2), (False, True, "out_in", 0),
         (True, True, "in_out", 1), (True, False, "in_out", 0)]
IDS = ["time-major", "batch-first", "reverse-no-bias", "keras-reverse", "keras-no-bias"]


@pytest.mark.parametrize(("batch_first", "reverse", "weights", "n_biases"), CASES, ids=IDS)
def test_gradcheck_every_input(batch_first, reverse, weights, n_biases):
    assert_gradcheck(_op(lstm_sequence_packed, batch_first, reverse, weights),
                     _inputs(batch_first, weights, n_biases))


@pytest.mark.parametrize(("batch_first", "reverse", "weights", "n_biases"), CASES, ids=IDS)
def test_equals_its_per_step_reference(batch_first, reverse, weights, n_biases):
    results = []
    for fn in (lstm_sequence_packed, lstm_sequence_reference):
        tensors = [Tensor(a.copy(), requires_grad=True) for a in _inputs(batch_first, weights, n_biases)]
        out = _op(fn, batch_first, reverse, weights)(*tensors)
        out.backward(np.random.default_rng(5).standard_normal(out.shape))
        results.append((out.array, [t.grad_array for t in tensors]))
    (value, grads), (want, want_grads) = results
    np.testing.assert_allclose(value, want, rtol=TOL, atol=TOL)
    for got, expected in zip(grads, want_grads, strict=True):
        np.testing.assert_allclose(got, expected, rtol=TOL, atol=TOL)


def test_views_are_outputs_and_last_state():
    x, h0, c0, wi, wh, b1, b2 = _inputs(True, "out_in", 2)
    packed = lstm_sequence_packed(x, h0, c0, wi, wh, (b1, b2), batch_first=True).array
    outputs, h, c = lstm_sequence(x, h0, c0, wi, wh, (b1, b2), batch_first=True)
    assert outputs.shape == (N, T, H) and h.shape == c.shape == (N, H)
    np.testing.assert_array_equal(outputs.array, packed[:, :T])
    np.testing.assert_array_equal(h.array, outputs.array[:, -1])  # forward: the last step's output
    _, h_back, _ = lstm_sequence(x, h0, c0, wi, wh, (b1, b2), batch_first=True, reverse=True)
    outputs_back = lstm_sequence(x, h0, c0, wi, wh, (b1, b2), batch_first=True, reverse=True)[0]
    np.testing.assert_array_equal(h_back.array, outputs_back.array[:, 0])  # reverse: the first step's


def test_float32_stays_float32():
    arrays = [a.astype(np.float32) for a in _inputs(False, "out_in", 2)]
    tensors = [Tensor(a, requires_grad=True) for a in arrays]
    out = lstm_sequence_packed(*tensors[:5], tensors[5:])
    out.backward(np.ones(out.shape, np.float32))
    assert out.array.dtype == np.float32
    assert all(t.grad_array.dtype == np.float32 for t in tensors)


@pytest.mark.parametrize(("what", "change", "pattern"), [
    ("h0", lambda a: a.__setitem__(1, np.zeros((N + 1, H))), r"h0 of shape \(4, 2\) \(expected \(3, 2\)\)"),
    ("W_hh", lambda a: a.__setitem__(4, np.zeros((4 * H, H + 1))), r"W_hh of shape \(8, 3\) \(expected \(8, 2\)\)"),
    ("bias", lambda a: a.__setitem__(5, np.zeros(3)), r"bias 0 of shape \(3,\)"),
    ("x", lambda a: a.__setitem__(0, np.zeros((T, F))), r"x must be 3-D"),
], ids=["h0", "w_hh", "bias", "x-2d"])
def test_refuses_shapes_that_do_not_fit(what, change, pattern):
    arrays = _inputs(False, "out_in", 1)
    change(arrays)
    with pytest.raises(ShapeError, match=pattern):
        lstm_sequence_packed(*arrays[:5], arrays[5:])


def test_refuses_an_unknown_weight_layout():
    with pytest.raises(ValueError, match="'out_in' .* or 'in_out'"):
        lstm_sequence_packed(*_inputs(False, "out_in", 0)[:5], weights="oi")


def _ops_in_graph(t: Tensor) -> set[str]:
    seen, stack, names = set(), [t], set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        names.add(node.op)
        stack.extend(node._parents)
    return names


def _run_torch_face(module, x: np.ndarray, hx, fused: bool):
    module.fused = fused
    xt = Tensor(x.copy(), requires_grad=True)
    states = None if hx is None else tuple(Tensor(s.copy(), requires_grad=True) for s in hx)
    out, (h, c) = module(xt, states)
    r = np.random.default_rng(3)
    total = (out * Tensor(r.standard_normal(out.shape))).sum() + (h * Tensor(r.standard_normal(h.shape))).sum() \
        + (c * Tensor(r.standard_normal(c.shape))).sum()
    module.zero_grad()
    total.backward()
    grads = [xt.grad_array] + [p.grad_array for p in module.parameters()]
    grads += [] if states is None else [s.grad_array for s in states]
    return [out.array, h.array, c.array], grads, _ops_in_graph(out)


@pytest.mark.parametrize(("kwargs", "shape", "with_state"), [
    ({"batch_first": True}, (3, 4, 2), False),
    ({"num_layers": 2, "bidirectional": True}, (4, 3, 2), True),
    ({"num_layers": 2, "batch_first": True, "bias": False}, (3, 4, 2), True),
    ({}, (4, 2), False),
], ids=["batch-first", "two-layers-bidirectional", "no-bias", "unbatched"])
def test_torch_face_fused_equals_per_step_path(kwargs, shape, with_state):
    module = nn.LSTM(2, 3, dtype=np.float64, seed=0, **kwargs)
    count = module.num_layers * (2 if module.bidirectional else 1)
    batch = shape[0] if kwargs.get("batch_first") else shape[1]
    r = np.random.default_rng(1)
    x = r.standard_normal(shape)
    hx = (r.standard_normal((count, batch, 3)), r.standard_normal((count, batch, 3))) if with_state else None
    values, grads, names = _run_torch_face(module, x, hx, fused=True)
    want_values, want_grads, step_names = _run_torch_face(module, x, hx, fused=False)
    assert "lstm_sequence" in names and "lstm_sequence" not in step_names
    for got, want in zip(values + grads, want_values + want_grads, strict=True):
        np.testing.assert_allclose(got, want, rtol=TOL, atol=TOL)


def _run_keras(layer, x: np.ndarray, fused: bool):
    layer.cell.fused = fused
    xt = Tensor(x.copy(), requires_grad=True)
    result = layer(xt)
    outs = result if isinstance(result, list) else [result]
    r = np.random.default_rng(4)
    params = [v.param for v in layer.weights]
    for p in params:
        p.grad = None
    total = sum((o * Tensor(r.standard_normal(o.shape))).sum() for o in outs)
    total.backward()
    return [o.array for o in outs] + [xt.grad_array] + [p.grad_array for p in params], _ops_in_graph(outs[0])


@pytest.mark.parametrize("kwargs", [
    {"return_sequences": True, "return_state": True},
    {"return_sequences": True, "go_backwards": True},
    {"go_backwards": True, "return_state": True, "use_bias": False},
], ids=["sequences-state", "backwards", "backwards-no-bias"])
def test_keras_face_fused_equals_per_step_path(kwargs):
    x = np.random.default_rng(2).standard_normal((3, 5, 2))
    layer = layers.LSTM(4, dtype="float64", **kwargs)
    layer(x)
    layer.set_weights([np.random.default_rng(i).standard_normal(w.shape) * 0.5
                       for i, w in enumerate(layer.get_weights())])
    got, names = _run_keras(layer, x, fused=True)
    want, step_names = _run_keras(layer, x, fused=False)
    assert "lstm_sequence" in names and "lstm_sequence" not in step_names
    for a, b in zip(got, want, strict=True):
        np.testing.assert_allclose(a, b, rtol=TOL, atol=TOL)


def test_keras_other_activations_take_the_per_step_path():
    layer = layers.LSTM(3, activation="relu", dtype="float64")
    out = layer(Tensor(np.ones((2, 4, 2)), requires_grad=True))
    assert "lstm_sequence" not in _ops_in_graph(out)


def test_against_torch_lstm():
    torch = pytest.importorskip("torch")
    x, h0, c0, wi, wh, b1, b2 = _inputs(True, "out_in", 2)
    ref = torch.nn.LSTM(F, H, batch_first=True, dtype=torch.float64)
    with torch.no_grad():
        for name, value in (("weight_ih_l0", wi), ("weight_hh_l0", wh), ("bias_ih_l0", b1), ("bias_hh_l0", b2)):
            getattr(ref, name).copy_(torch.tensor(value))
    tx, th0, tc0 = (torch.tensor(a, requires_grad=True) for a in (x, h0, c0))
    t_out, (t_h, t_c) = ref(tx, (th0[None], tc0[None]))
    w = np.random.default_rng(8).standard_normal((N, T + 2, H))
    t_packed = torch.cat([t_out, t_h.transpose(0, 1), t_c.transpose(0, 1)], 1)
    (t_packed * torch.tensor(w)).sum().backward()
    tensors = [Tensor(a, requires_grad=True) for a in (x, h0, c0, wi, wh, b1, b2)]
    out = lstm_sequence_packed(*tensors[:5], tensors[5:], batch_first=True)
    out.backward(w)
    np.testing.assert_allclose(out.array, t_packed.detach().numpy(), rtol=1e-12, atol=1e-12)
    want = [tx.grad, th0.grad, tc0.grad, ref.weight_ih_l0.grad, ref.weight_hh_l0.grad, ref.bias_ih_l0.grad,
            ref.bias_hh_l0.grad]
    for t, expected in zip(tensors, want, strict=True):
        np.testing.assert_allclose(t.grad_array, expected.numpy(), rtol=1e-10, atol=1e-10)


def test_constant_input_gets_no_gradient_and_weights_the_same():
    arrays = _inputs(True, "out_in", 2)
    grads = []
    for x_needs_grad in (True, False):
        x = Tensor(arrays[0].copy(), requires_grad=x_needs_grad)
        rest = [Tensor(a.copy(), requires_grad=True) for a in arrays[1:]]
        out = lstm_sequence_packed(x, *rest[:4], rest[4:], batch_first=True)
        out.backward(np.random.default_rng(6).standard_normal(out.shape))
        assert (x.grad_array is not None) == x_needs_grad
        grads.append([t.grad_array for t in rest])
    for a, b in zip(*grads, strict=True):
        np.testing.assert_array_equal(a, b)
