"""ligero.nn.functional against real PyTorch (values and gradients, float32) and by central
differences in float64 (every new differentiable op)."""

from __future__ import annotations

import numpy as np
import pytest

import ligero as lg
import ligero.nn.functional as F
from conftest import assert_gradcheck
from ligero.ops import activation as act
from ligero.ops.dense import linear_out_in
from ligero.ops.embedding import embedding
from ligero.ops.layer_norm import group_norm, layer_norm
from ligero.ops.resize import axis_map, linear_matrix

torch = pytest.importorskip("torch")
TF = torch.nn.functional

RNG = np.random.default_rng(7)


def arr(*shape, low=-2.0, high=2.0):
    return RNG.uniform(low, high, shape).astype(np.float32)


def compare(lig_fn, torch_fn, inputs, *, rtol=1e-4, atol=1e-5, grad=True):
    """Same output and same gradients (of a random weighting of the output) for the float inputs."""
    lig_in = [lg.tensor(a, requires_grad=grad and a.dtype.kind == "f") if isinstance(a, np.ndarray) else a
              for a in inputs]
    tor_in = [torch.tensor(a, requires_grad=grad and a.dtype.kind == "f") if isinstance(a, np.ndarray) else a
              for a in inputs]
    out, expected = lig_fn(*lig_in), torch_fn(*tor_in)
    np.testing.assert_allclose(out.array, expected.detach().numpy(), rtol=rtol, atol=atol)
    assert out.shape == tuple(expected.shape)
    if not grad:
        return
    w = np.random.default_rng(0).standard_normal(out.shape).astype(np.float32)
    (out * w).sum().backward() if out.ndim else out.backward()
    (expected * torch.tensor(w)).sum().backward()
    for a, b in zip(lig_in, tor_in):
        if isinstance(b, torch.Tensor) and b.requires_grad:
            np.testing.assert_allclose(a.grad_array, b.grad.numpy(), rtol=rtol, atol=atol * 10)


ACTIVATIONS = [
    ("relu", F.relu, TF.relu), ("relu6", F.relu6, TF.relu6),
    ("leaky_relu", lambda x: F.leaky_relu(x, 0.2), lambda x: TF.leaky_relu(x, 0.2)),
    ("elu", lambda x: F.elu(x, 0.5), lambda x: TF.elu(x, 0.5)), ("selu", F.selu, TF.selu),
    ("gelu", F.gelu, TF.gelu), ("gelu_tanh", lambda x: F.gelu(x, "tanh"), lambda x: TF.gelu(x, approximate="tanh")),
    ("silu", F.silu, TF.silu), ("mish", F.mish, TF.mish), ("tanh", F.tanh, torch.tanh),
    ("sigmoid", F.sigmoid, torch.sigmoid),
    ("softplus", lambda x: F.softplus(x, 2.0, 3.0), lambda x: TF.softplus(x, 2.0, 3.0)),
    ("softsign", F.softsign, TF.softsign),
    ("hardtanh", lambda x: F.hardtanh(x, -0.5, 1.5), lambda x: TF.hardtanh(x, -0.5, 1.5)),
    ("hardsigmoid", F.hardsigmoid, TF.hardsigmoid), ("hardswish", F.hardswish, TF.hardswish),
    ("threshold", lambda x: F.threshold(x, 0.3, -2.0), lambda x: TF.threshold(x, 0.3, -2.0)),
    ("logsigmoid", F.logsigmoid, TF.logsigmoid),
    ("softmax1", lambda x: F.softmax(x, dim=1), lambda x: TF.softmax(x, dim=1)),
    ("log_softmax0", lambda x: F.log_softmax(x, dim=0), lambda x: TF.log_softmax(x, dim=0)),
]


@pytest.mark.parametrize("name,lig,ref", ACTIVATIONS, ids=[a[0] for a in ACTIVATIONS])
def test_activation_matches_torch(name, lig, ref):
    compare(lig, ref, [arr(5, 7, low=-5, high=5)])


def test_prelu_matches_torch_per_channel():
    compare(F.prelu, TF.prelu, [arr(3, 4, 5), arr(4, low=0, high=0.5)])


@pytest.mark.parametrize("f", [act.gelu, lambda x: act.gelu(x, "tanh"), act.selu, act.silu, act.mish,
                               lambda x: act.softplus(x, 1.5, 2.0), act.softsign, act.hardswish, act.logsigmoid,
                               act.hardsigmoid, lambda x: act.hardtanh(x, -0.7, 0.9)])
def test_activation_gradcheck(f):
    x = np.random.default_rng(1).uniform(-2.5, 2.5, (4, 5))
    x[np.abs(x) < 0.05] += 0.3  # away from kinks
    x[np.abs(np.abs(x) - 3) < 0.05] += 0.2
    assert_gradcheck(f, [x])


def test_linear_out_in_matches_torch_and_gradcheck():
    compare(F.linear, TF.linear, [arr(6, 4), arr(3, 4), arr(3)])
    compare(F.linear, TF.linear, [arr(2, 6, 4), arr(3, 4)])
    assert_gradcheck(linear_out_in, [RNG.standard_normal((5, 4)), RNG.standard_normal((3, 4)),
                                     RNG.standard_normal(3)])


def test_linear_shape_error_names_both_shapes():
    with pytest.raises(RuntimeError, match=r"\(5, 4\).*\(3, 2\)"):
        F.linear(lg.tensor(np.ones((5, 4))), lg.tensor(np.ones((3, 2))))


CONVS = [
    ("conv2d", lambda x, w, b: F.conv2d(x, w, b, stride=2, padding=1),
     lambda x, w, b: TF.conv2d(x, w, b, stride=2, padding=1), (2, 3, 7, 7), (4, 3, 3, 3)),
    ("conv2d_same", lambda x, w, b: F.conv2d(x, w, b, padding="same"),
     lambda x, w, b: TF.conv2d(x, w, b, padding="same"), (2, 3, 6, 6), (4, 3, 3, 3)),
    ("conv2d_dilated", lambda x, w, b: F.conv2d(x, w, b, dilation=2),
     lambda x, w, b: TF.conv2d(x, w, b, dilation=2), (2, 3, 8, 8), (4, 3, 3, 3)),
    ("conv2d_groups", lambda x, w, b: F.conv2d(x, w, b, groups=2, padding=1),
     lambda x, w, b: TF.conv2d(x, w, b, groups=2, padding=1), (2, 4, 5, 5), (6, 2, 3, 3)),
    ("conv1d", lambda x, w, b: F.conv1d(x, w, b, stride=2, padding=1),
     lambda x, w, b: TF.conv1d(x, w, b, stride=2, padding=1), (2, 3, 9), (4, 3, 3)),
    ("conv_transpose2d", lambda x, w, b: F.conv_transpose2d(x, w, b, stride=2, padding=1, output_padding=1),
     lambda x, w, b: TF.conv_transpose2d(x, w, b, stride=2, padding=1, output_padding=1), (2, 3, 4, 4), (3, 2, 3, 3)),
]


@pytest.mark.parametrize("name,lig,ref,xs,ws", CONVS, ids=[c[0] for c in CONVS])
def test_conv_matches_torch(name, lig, ref, xs, ws):
    out_channels = ws[1] if name == "conv_transpose2d" else ws[0]
    compare(lig, ref, [arr(*xs), arr(*ws, low=-0.5, high=0.5), arr(out_channels)], rtol=2e-4, atol=2e-5)


POOLS = [
    ("max_pool2d", lambda x: F.max_pool2d(x, 2), lambda x: TF.max_pool2d(x, 2), (2, 3, 6, 6)),
    ("max_pool2d_s1", lambda x: F.max_pool2d(x, 3, 1, 1), lambda x: TF.max_pool2d(x, 3, 1, 1), (2, 3, 5, 5)),
    ("avg_pool2d", lambda x: F.avg_pool2d(x, 2), lambda x: TF.avg_pool2d(x, 2), (2, 3, 6, 6)),
    ("avg_pool2d_exclude_pad", lambda x: F.avg_pool2d(x, 3, 2, 1, count_include_pad=False),
     lambda x: TF.avg_pool2d(x, 3, 2, 1, count_include_pad=False), (2, 3, 7, 6)),
    ("avg_pool2d_divisor", lambda x: F.avg_pool2d(x, 2, divisor_override=3),
     lambda x: TF.avg_pool2d(x, 2, divisor_override=3), (2, 3, 4, 4)),
    ("max_pool1d", lambda x: F.max_pool1d(x, 2), lambda x: TF.max_pool1d(x, 2), (2, 3, 8)),
    ("avg_pool1d", lambda x: F.avg_pool1d(x, 3, 2), lambda x: TF.avg_pool1d(x, 3, 2), (2, 3, 9)),
    ("avg_pool1d_exclude_pad", lambda x: F.avg_pool1d(x, 3, 2, 1, count_include_pad=False),
     lambda x: TF.avg_pool1d(x, 3, 2, 1, count_include_pad=False), (2, 3, 8)),
    ("adaptive1", lambda x: F.adaptive_avg_pool2d(x, 1), lambda x: TF.adaptive_avg_pool2d(x, 1), (2, 3, 5, 5)),
    ("adaptive_div", lambda x: F.adaptive_avg_pool2d(x, (2, 3)), lambda x: TF.adaptive_avg_pool2d(x, (2, 3)),
     (2, 3, 4, 6)),
    ("adaptive_uneven", lambda x: F.adaptive_avg_pool2d(x, 3), lambda x: TF.adaptive_avg_pool2d(x, 3), (1, 2, 5, 7)),
]


@pytest.mark.parametrize("name,lig,ref,xs", POOLS, ids=[p[0] for p in POOLS])
def test_pool_matches_torch(name, lig, ref, xs):
    compare(lig, ref, [arr(*xs)])


RESIZES = [
    ("pad_constant", lambda x: F.pad(x, (1, 2, 0, 1), value=0.5), lambda x: TF.pad(x, (1, 2, 0, 1), value=0.5)),
    ("pad_reflect", lambda x: F.pad(x, (2, 1, 1, 2), mode="reflect"),
     lambda x: TF.pad(x, (2, 1, 1, 2), mode="reflect")),
    ("pad_replicate", lambda x: F.pad(x, (2, 1, 1, 2), mode="replicate"),
     lambda x: TF.pad(x, (2, 1, 1, 2), mode="replicate")),
    ("pad_circular", lambda x: F.pad(x, (1, 1, 2, 0), mode="circular"),
     lambda x: TF.pad(x, (1, 1, 2, 0), mode="circular")),
    ("nearest_scale", lambda x: F.interpolate(x, scale_factor=2), lambda x: TF.interpolate(x, scale_factor=2)),
    ("nearest_size", lambda x: F.interpolate(x, size=(3, 7)), lambda x: TF.interpolate(x, size=(3, 7))),
    ("bilinear", lambda x: F.interpolate(x, size=(7, 9), mode="bilinear"),
     lambda x: TF.interpolate(x, size=(7, 9), mode="bilinear")),
    ("bilinear_corners", lambda x: F.interpolate(x, scale_factor=2, mode="bilinear", align_corners=True),
     lambda x: TF.interpolate(x, scale_factor=2, mode="bilinear", align_corners=True)),
    ("bilinear_down", lambda x: F.interpolate(x, size=(2, 3), mode="bilinear"),
     lambda x: TF.interpolate(x, size=(2, 3), mode="bilinear")),
]


@pytest.mark.parametrize("name,lig,ref", RESIZES, ids=[r[0] for r in RESIZES])
def test_resize_matches_torch(name, lig, ref):
    compare(lig, ref, [arr(2, 3, 4, 5)])


def test_axis_map_gradcheck():
    assert_gradcheck(lambda x: axis_map(x, linear_matrix(4, 7, False, None), 1), [RNG.standard_normal((2, 4, 3))])


def test_norms_match_torch():
    compare(lambda x, w, b: F.layer_norm(x, (4, 5), w, b), lambda x, w, b: TF.layer_norm(x, (4, 5), w, b),
            [arr(3, 4, 5), arr(4, 5), arr(4, 5)])
    compare(lambda x, w, b: F.group_norm(x, 2, w, b), lambda x, w, b: TF.group_norm(x, 2, w, b),
            [arr(3, 4, 2, 3), arr(4), arr(4)])


def test_norms_gradcheck():
    r = np.random.default_rng(3)
    assert_gradcheck(lambda x, w, b: layer_norm(x, (5,), w, b), [r.standard_normal((3, 5)),
                                                                 r.standard_normal(5), r.standard_normal(5)])
    assert_gradcheck(lambda x, w, b: group_norm(x, 2, w, b), [r.standard_normal((2, 4, 3)),
                                                              r.standard_normal(4), r.standard_normal(4)])


def test_batch_norm_functional_matches_torch_and_updates_running_stats():
    x = arr(6, 3, 4)
    rm, rv = np.zeros(3, np.float32), np.ones(3, np.float32)
    trm, trv = torch.zeros(3), torch.ones(3)
    compare(lambda x, w, b: F.batch_norm(x, rm, rv, w, b, training=True),
            lambda x, w, b: TF.batch_norm(x, trm, trv, w, b, training=True), [x, arr(3), arr(3)])
    np.testing.assert_allclose(rm, trm.numpy(), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(rv, trv.numpy(), rtol=1e-5, atol=1e-6)


def test_embedding_matches_torch_and_gradcheck():
    idx = np.array([[0, 2, 2], [3, 1, 0]])
    compare(lambda w: F.embedding(idx, w, padding_idx=0), lambda w: TF.embedding(torch.tensor(idx), w, padding_idx=0),
            [arr(4, 3)])
    assert_gradcheck(lambda w: embedding(idx, w), [RNG.standard_normal((4, 3))])


def test_embedding_rejects_float_and_out_of_range_indices():
    w = lg.tensor(np.ones((4, 2)))
    with pytest.raises(RuntimeError, match="integer"):
        F.embedding(np.array([0.0, 1.0]), w)
    with pytest.raises(IndexError, match=r"\[0, 4\)"):
        F.embedding(np.array([4]), w)


def test_one_hot_normalize_cosine():
    labels = np.array([2, 0, 1])
    oh = F.one_hot(labels, 4)
    assert oh.array.dtype == np.int64
    np.testing.assert_array_equal(oh.array, TF.one_hot(torch.tensor(labels), 4).numpy())
    compare(lambda x: F.normalize(x, dim=1), lambda x: TF.normalize(x, dim=1), [arr(3, 4)])
    compare(lambda a, b: F.cosine_similarity(a, b), lambda a, b: TF.cosine_similarity(a, b), [arr(3, 4), arr(3, 4)])


def test_dropout_modes():
    x = lg.tensor(np.ones((200, 50), np.float32))
    assert F.dropout(x, 0.3, training=False) is x
    y = F.dropout(x, 0.3, training=True).array
    assert set(np.unique(y)) <= {0.0, np.float32(1 / 0.7)}
    assert 0.25 < (y == 0).mean() < 0.35
    z = F.dropout2d(lg.tensor(np.ones((20, 30, 2, 2), np.float32)), 0.5, training=True).array
    per_channel = z.reshape(20, 30, 4)
    assert np.all(per_channel.min(axis=2) == per_channel.max(axis=2))  # whole channels dropped


def test_fused_ops_equal_their_composed_references():
    from ligero.ops.dense import linear_out_in_reference
    from ligero.ops.layer_norm import normalize_trailing, normalize_trailing_reference

    r = np.random.default_rng(4)
    cases = [
        (linear_out_in, linear_out_in_reference, [r.standard_normal((5, 4)), r.standard_normal((3, 4)),
                                                  r.standard_normal(3)]),
        (lambda x: normalize_trailing(x, 2), lambda x: normalize_trailing_reference(x, 2),
         [r.standard_normal((3, 2, 4))]),
    ]
    for fused, reference, inputs in cases:
        a = [lg.tensor(v, requires_grad=True) for v in inputs]
        b = [lg.tensor(v, requires_grad=True) for v in inputs]
        w = r.standard_normal(fused(*a).shape)
        out_a, out_b = fused(*a), reference(*b)
        np.testing.assert_allclose(out_a.array, out_b.array, rtol=1e-10, atol=1e-12)
        (out_a * w).sum().backward()
        (out_b * w).sum().backward()
        for p, q in zip(a, b):
            np.testing.assert_allclose(p.grad_array, q.grad_array, rtol=1e-9, atol=1e-11)
