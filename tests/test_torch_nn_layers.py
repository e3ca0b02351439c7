"""ligero.nn layers against real PyTorch: the same weights (torch's state dict loaded into ligero), the
same outputs, the same parameter and input gradients; parameter names and shapes as torch's."""

from __future__ import annotations

import numpy as np
import pytest

import ligero as lg
import ligero.nn as nn

torch = pytest.importorskip("torch")
RNG = np.random.default_rng(5)


def arr(*shape):
    return RNG.uniform(-1.5, 1.5, shape).astype(np.float32)


def flat_outputs(out):
    if isinstance(out, (tuple, list)):
        return [o for part in out for o in flat_outputs(part)]
    return [] if out is None else [out]


def check_same(lig, ref, *inputs, train=True, rtol=1e-4, atol=2e-5):
    """Load ref's state into lig, run both on ``inputs`` and compare outputs and gradients."""
    assert [(k, tuple(v.shape)) for k, v in ref.named_parameters()] == \
        [(k, v.shape) for k, v in lig.named_parameters()]
    assert list(ref.state_dict()) == list(lig.state_dict())
    lig.load_state_dict({k: v.detach().numpy().copy() for k, v in ref.state_dict().items()})
    lig.train(train)
    ref.train(train)
    lin = [lg.tensor(x, requires_grad=True) if x.dtype.kind == "f" else x for x in inputs]
    tin = [torch.tensor(x, requires_grad=x.dtype.kind == "f") for x in inputs]
    outs, routs = flat_outputs(lig(*lin)), flat_outputs(ref(*tin))
    assert len(outs) == len(routs)
    total_l, total_t = 0, 0
    for i, (o, r) in enumerate(zip(outs, routs)):
        np.testing.assert_allclose(o.array, r.detach().numpy(), rtol=rtol, atol=atol)
        w = np.random.default_rng(i).standard_normal(o.shape).astype(np.float32)
        total_l = (o * w).sum() + total_l
        total_t = (r * torch.tensor(w)).sum() + total_t
    total_l.backward()
    total_t.backward()
    for (name, p), (_, rp) in zip(lig.named_parameters(), ref.named_parameters()):
        np.testing.assert_allclose(p.grad_array, rp.grad.numpy(), rtol=rtol, atol=atol * 5, err_msg=name)
    for a, b in zip(lin, tin):
        if b.requires_grad:
            np.testing.assert_allclose(a.grad_array, b.grad.numpy(), rtol=rtol, atol=atol * 5)
    for (name, b), (_, rb) in zip(lig.named_buffers(), ref.named_buffers()):
        np.testing.assert_allclose(np.asarray(b.array), rb.numpy(), rtol=1e-5, atol=1e-6, err_msg=name)


CASES = {
    "linear": (lambda m: m.Linear(4, 3), [(5, 4)]),
    "linear_nobias": (lambda m: m.Linear(4, 3, bias=False), [(2, 5, 4)]),
    "bilinear": (lambda m: m.Bilinear(3, 4, 2), [(5, 3), (5, 4)]),
    "conv2d": (lambda m: m.Conv2d(3, 4, 3, stride=2, padding=1), [(2, 3, 7, 7)]),
    "conv2d_reflect": (lambda m: m.Conv2d(2, 3, 3, padding=1, padding_mode="reflect"), [(2, 2, 5, 5)]),
    "conv2d_groups_dilation": (lambda m: m.Conv2d(4, 6, 3, groups=2, dilation=2, bias=False), [(1, 4, 8, 8)]),
    "conv1d": (lambda m: m.Conv1d(3, 5, 3, padding="same"), [(2, 3, 8)]),
    "conv_transpose2d": (lambda m: m.ConvTranspose2d(3, 2, 3, stride=2, padding=1), [(2, 3, 4, 4)]),
    "batchnorm1d": (lambda m: m.BatchNorm1d(3), [(6, 3)]),
    "batchnorm1d_seq": (lambda m: m.BatchNorm1d(3, momentum=0.3), [(4, 3, 5)]),
    "batchnorm2d": (lambda m: m.BatchNorm2d(3), [(4, 3, 2, 2)]),
    "batchnorm2d_noaffine": (lambda m: m.BatchNorm2d(3, affine=False), [(4, 3, 2, 2)]),
    "layernorm": (lambda m: m.LayerNorm((3, 4)), [(2, 3, 4)]),
    "groupnorm": (lambda m: m.GroupNorm(2, 4), [(3, 4, 5)]),
    "prelu": (lambda m: m.PReLU(3), [(2, 3, 4)]),
    "rnn": (lambda m: m.RNN(3, 4), [(5, 2, 3)]),
    "rnn_relu_2layers": (lambda m: m.RNN(3, 4, num_layers=2, nonlinearity="relu", batch_first=True), [(2, 5, 3)]),
    "lstm": (lambda m: m.LSTM(3, 4, batch_first=True), [(2, 5, 3)]),
    "lstm_bi_2layers": (lambda m: m.LSTM(3, 4, num_layers=2, bidirectional=True), [(5, 2, 3)]),
    "lstm_unbatched": (lambda m: m.LSTM(3, 2), [(4, 3)]),
    "gru": (lambda m: m.GRU(3, 4, batch_first=True), [(2, 5, 3)]),
    "gru_bi": (lambda m: m.GRU(3, 4, bidirectional=True, bias=False), [(5, 2, 3)]),
    "mha": (lambda m: m.MultiheadAttention(8, 2), [(4, 2, 8), (5, 2, 8), (5, 2, 8)]),
    "mha_batch_first": (lambda m: m.MultiheadAttention(6, 3, batch_first=True), [(2, 4, 6), (2, 4, 6), (2, 4, 6)]),
    "sequential": (lambda m: m.Sequential(m.Conv2d(2, 3, 3), m.ReLU(), m.MaxPool2d(2), m.Flatten(),
                                          m.Linear(12, 4), m.Tanh()), [(2, 2, 6, 6)]),
}


@pytest.mark.parametrize("name", list(CASES))
def test_layer_matches_torch(name):
    make, shapes = CASES[name]
    inputs = [arr(*s) for s in shapes]
    check_same(make(nn), make(torch.nn), *inputs)


@pytest.mark.parametrize("name", ["batchnorm1d", "batchnorm2d", "lstm", "mha"])
def test_layer_matches_torch_in_eval_mode(name):
    make, shapes = CASES[name]
    lig, ref = make(nn), make(torch.nn)
    inputs = [arr(*s) for s in shapes]
    check_same(lig, ref, *inputs)  # one training step moves the running statistics
    check_same(lig, ref, *inputs, train=False)


def test_lstm_initial_state_and_final_states():
    lig, ref = nn.LSTM(2, 3, batch_first=True), torch.nn.LSTM(2, 3, batch_first=True)
    lig.load_state_dict({k: v.detach().numpy() for k, v in ref.state_dict().items()})
    x, h0, c0 = arr(2, 4, 2), arr(1, 2, 3), arr(1, 2, 3)
    out, (h, c) = lig(lg.tensor(x), (lg.tensor(h0), lg.tensor(c0)))
    rout, (rh, rc) = ref(torch.tensor(x), (torch.tensor(h0), torch.tensor(c0)))
    for a, b in ((out, rout), (h, rh), (c, rc)):
        np.testing.assert_allclose(a.array, b.detach().numpy(), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(out.array[:, -1], h.array[0], rtol=0, atol=0)


def test_mha_masks_and_weights():
    lig, ref = nn.MultiheadAttention(4, 2, batch_first=True), torch.nn.MultiheadAttention(4, 2, batch_first=True)
    lig.load_state_dict({k: v.detach().numpy() for k, v in ref.state_dict().items()})
    q = arr(2, 3, 4)
    pad = np.array([[False, False, True], [False, False, False]])
    causal = np.triu(np.ones((3, 3), bool), 1)
    for kw in ({"key_padding_mask": pad}, {"attn_mask": causal}, {"need_weights": False},
               {"average_attn_weights": False}):
        out, w = lig(q, q, q, **kw)
        rout, rw = ref(*(torch.tensor(q),) * 3, **{k: torch.tensor(v) if isinstance(v, np.ndarray) else v
                                                   for k, v in kw.items()})
        np.testing.assert_allclose(out.array, rout.detach().numpy(), rtol=1e-4, atol=1e-5)
        assert (w is None) == (rw is None)
        if w is not None:
            np.testing.assert_allclose(w.array, rw.detach().numpy(), rtol=1e-4, atol=1e-5)


def test_embedding_padding_row():
    emb = nn.Embedding(5, 3, padding_idx=1)
    assert np.all(emb.weight.array[1] == 0)
    out = emb(np.array([[1, 2], [1, 4]]))
    (out * out).sum().backward()
    assert np.all(emb.weight.grad_array[1] == 0) and np.any(emb.weight.grad_array[2] != 0)
    assert out.shape == (2, 2, 3)


def test_default_initialisation_is_torchs():
    lg.set_seed(0)
    lin = nn.Linear(100, 50)
    bound = 1 / np.sqrt(100)
    assert np.abs(lin.weight.array).max() <= bound and np.abs(lin.weight.array).max() > 0.9 * bound
    assert np.abs(lin.bias.array).max() <= bound and lin.bias.array.std() > 0.3 * bound
    conv = nn.Conv2d(4, 8, 3)
    assert np.abs(conv.weight.array).max() <= 1 / np.sqrt(36)
    lstm = nn.LSTM(3, 16)
    assert all(np.abs(p.array).max() <= 0.25 for p in lstm.parameters())
    assert lin.weight.dtype == np.float32 and nn.Linear(2, 2, dtype=np.float64).weight.dtype == np.float64


def test_batchnorm_counts_batches_and_momentum_none():
    bn = nn.BatchNorm1d(2, momentum=None)
    ref = torch.nn.BatchNorm1d(2, momentum=None)
    for _ in range(3):
        x = arr(5, 2)
        bn(lg.tensor(x))
        ref(torch.tensor(x))
    assert int(bn.num_batches_tracked.array) == 3
    np.testing.assert_allclose(bn.running_var.array, ref.running_var.numpy(), rtol=1e-5)


def test_linear_weight_gradient_is_deferred_and_folded_by_sgd(monkeypatch):
    from ligero import blas, optimizers
    from ligero.blas import GradientProduct

    monkeypatch.setattr(blas, "DEFER_PRODUCTS_FROM", 0)
    x = arr(6, 4)
    lin = nn.Linear(4, 3, seed=0)
    before = lin.weight.array.copy()
    with lg.deferred_weight_gradients():
        lin(lg.tensor(x)).sum().backward()
    assert isinstance(lin.weight.unevaluated_grad, GradientProduct)
    optimizers.SGD(lin.parameters(), lr=0.5).step()
    expected = np.ones((6, 3), np.float32).T @ x  # dL/dW = gᵀ·x in the (out, in) layout
    np.testing.assert_allclose(lin.weight.array, before - 0.5 * expected, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(lin.weight.grad_array, expected, rtol=1e-6)


def test_unbatched_inputs_as_torch():
    conv, ref = nn.Conv2d(2, 3, 3, padding=1), torch.nn.Conv2d(2, 3, 3, padding=1)
    conv.load_state_dict({k: v.detach().numpy() for k, v in ref.state_dict().items()})
    img = arr(2, 5, 5)
    np.testing.assert_allclose(conv(lg.tensor(img)).array, ref(torch.tensor(img)).detach().numpy(), rtol=1e-5,
                               atol=1e-6)
    assert nn.MaxPool2d(2)(lg.tensor(img)).shape == (2, 2, 2)
    assert nn.Conv1d(2, 4, 3)(lg.tensor(arr(2, 7))).shape == (4, 5)
    assert nn.AvgPool1d(2)(lg.tensor(arr(2, 6))).shape == (2, 3)


@pytest.mark.parametrize("make,shape,error,pattern", [
    (lambda: nn.Linear(4, 3), (2, 5), RuntimeError, r"\(2, 5\).*\(3, 4\)"),
    (lambda: nn.Conv2d(3, 4, 3), (1, 2, 5, 5), RuntimeError, r"3 channels, but got 2"),
    (lambda: nn.LSTM(3, 4), (5, 2, 2), RuntimeError, r"Expected 3, got 2"),
    (lambda: nn.BatchNorm1d(3), (4, 5), RuntimeError, r"BatchNorm1d\(3\).*\[4, 5\]"),
    (lambda: nn.BatchNorm2d(3), (4, 3), ValueError, r"expected 4D input"),
    (lambda: nn.LayerNorm(4), (2, 3), RuntimeError, r"normalized_shape=\[4\]"),
    (lambda: nn.GroupNorm(2, 4), (2, 3, 5), RuntimeError, r"divisible by num_groups"),
])
def test_bad_shapes_raise_torchs_exception_naming_the_shapes(make, shape, error, pattern):
    with pytest.raises(error, match=pattern):
        make()(lg.tensor(np.zeros(shape, np.float32)))
