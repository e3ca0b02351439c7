"""conv2d, pooling, batch_norm and dropout: gradient checks, PyTorch agreement, dtypes, errors."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from conftest import same_pads
from ligero import gradcheck
from ligero.errors import ConfigError, DataError, ShapeError
from ligero.ops import conv as conv_module
from ligero.ops import conv_nhwc as conv_nhwc_module
from ligero.ops.conv import avg_pool2d, conv2d, global_avg_pool2d, max_pool2d
from ligero.ops.conv_nhwc import conv2d_nhwc
from ligero.ops.norm import batch_norm, dropout
from ligero.ops.pool import max_pool
from ligero.tensor import Tensor, no_grad

GRAD_TOL = 1e-6  # gradcheck's worst error (relative for large, absolute for small gradients)
TORCH_TOL = 1e-6  # float64 agreement with PyTorch


# (kernel (kh, kw), stride, padding); images are 7×9 (odd, non-square)
CONV_GRID = [
    ((1, 1), 1, 0),
    ((1, 1), 2, 0),
    ((2, 2), 1, 0),
    ((2, 2), 2, 1),
    ((2, 2), 1, "same"),
    ((3, 3), 1, 0),
    ((3, 3), 1, 1),
    ((3, 3), 2, 0),
    ((3, 3), 2, 1),
    ((3, 3), 1, "same"),
    ((3, 3), 2, "same"),
    ((3, 3), 1, "valid"),
    ((5, 5), 1, 2),
    ((5, 5), 2, "same"),
    ((5, 5), 1, "valid"),
    ((2, 3), 1, (1, 0)),
    ((3, 1), (2, 1), 1),
    ((1, 3), (1, 2), "same"),
]


def _conv_ids(case):
    (kh, kw), s, p = case
    return f"k{kh}x{kw}-s{s}-p{p}".replace(" ", "")


# ------------------------------------------------------------------ gradient checks
@pytest.mark.parametrize("case", CONV_GRID, ids=map(_conv_ids, CONV_GRID))
def test_conv2d_gradcheck(case):
    (kh, kw), stride, padding = case
    rng = np.random.default_rng(1)
    x = rng.standard_normal((2, 2, 7, 9))
    w = rng.standard_normal((3, 2, kh, kw))
    b = rng.standard_normal(3)
    err = gradcheck(lambda x, w, b: conv2d(x, w, b, stride, padding), [x, w, b])
    assert err < GRAD_TOL


@pytest.mark.parametrize("padding", [0, "same"])
def test_conv2d_gradcheck_without_bias(padding):
    rng = np.random.default_rng(2)
    x, w = rng.standard_normal((2, 3, 6, 5)), rng.standard_normal((4, 3, 3, 3))
    assert gradcheck(lambda x, w: conv2d(x, w, None, 1, padding), [x, w]) < GRAD_TOL


POOL_GRID = [
    (2, None, 0),  # non-overlapping 2×2 (exact tiling on even sizes)
    (3, None, 0),
    (3, 2, 1),  # overlapping, padded
    (3, 1, 1),
    (2, 1, 0),
    ((2, 3), (1, 2), (1, 1)),
]


@pytest.mark.parametrize("op", [max_pool2d, avg_pool2d], ids=["max", "avg"])
@pytest.mark.parametrize("case", POOL_GRID, ids=[str(c) for c in POOL_GRID])
@pytest.mark.parametrize("size", [(6, 8), (7, 9)], ids=["even", "odd"])
def test_pool_gradcheck(op, case, size):
    k, s, p = case
    x = np.random.default_rng(3).standard_normal((2, 2, *size))
    assert gradcheck(lambda x: op(x, k, s, p), [x]) < GRAD_TOL


def test_global_avg_pool_gradcheck_and_value():
    x = np.random.default_rng(4).standard_normal((2, 3, 5, 4))
    assert gradcheck(global_avg_pool2d, [x]) < GRAD_TOL
    np.testing.assert_allclose(global_avg_pool2d(Tensor(x)).data, x.mean(axis=(2, 3)))
    assert global_avg_pool2d(Tensor(x)).shape == (2, 3)


@pytest.mark.parametrize("shape", [(6, 3), (3, 2, 4, 5)], ids=["2d", "4d"])
@pytest.mark.parametrize("training", [True, False], ids=["train", "eval"])
def test_batch_norm_gradcheck(shape, training):
    rng = np.random.default_rng(5)
    c = shape[1]
    x = rng.standard_normal(shape) * 2 + 1
    gamma, beta = rng.standard_normal(c), rng.standard_normal(c)
    r_mean, r_var = rng.standard_normal(c), rng.uniform(0.5, 2.0, c)

    def f(x, gamma, beta):
        # fresh copies: training updates running statistics in place on every call
        return batch_norm(x, gamma, beta, r_mean.copy(), r_var.copy(), training)

    assert gradcheck(f, [x, gamma, beta]) < GRAD_TOL


def test_batch_norm_gradcheck_without_affine():
    x = np.random.default_rng(6).standard_normal((4, 3, 2, 3))
    assert gradcheck(lambda x: batch_norm(x, None, None, None, None, True), [x]) < GRAD_TOL


# ------------------------------------------------------------------------- PyTorch
@pytest.fixture(scope="module")
def torch():
    torch = pytest.importorskip("torch")
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # tiny problems: threads only add start-up cost (and noise on a busy machine)
    yield torch
    torch.set_num_threads(threads)


def _torch_conv(torch, x, w, b, stride, padding, kh, kw):
    """PyTorch's conv2d; "same" with stride > 1 (which torch refuses) via explicit TF padding."""
    fn = torch.nn.functional
    sh, sw = (stride, stride) if isinstance(stride, int) else stride
    if padding == "same" and (sh, sw) != (1, 1):
        top, bottom = same_pads(x.shape[2], kh, sh)
        left, right = same_pads(x.shape[3], kw, sw)
        return fn.conv2d(fn.pad(x, (left, right, top, bottom)), w, b, (sh, sw))
    return fn.conv2d(x, w, b, (sh, sw), padding)


@pytest.mark.filterwarnings("ignore:Using padding='same'")
@pytest.mark.parametrize("with_bias", [True, False], ids=["bias", "nobias"])
@pytest.mark.parametrize("case", CONV_GRID, ids=map(_conv_ids, CONV_GRID))
def test_conv2d_matches_torch(torch, case, with_bias):
    (kh, kw), stride, padding = case
    rng = np.random.default_rng(7)
    x, w, b = rng.standard_normal((3, 4, 7, 9)), rng.standard_normal((5, 4, kh, kw)), rng.standard_normal(5)
    tx, tw, tb = (torch.tensor(a, requires_grad=True) for a in (x, w, b))
    ty = _torch_conv(torch, tx, tw, tb if with_bias else None, stride, padding, kh, kw)
    g = rng.standard_normal(tuple(ty.shape))
    ty.backward(torch.tensor(g))

    lx, lw, lb = (Tensor(a, requires_grad=True) for a in (x, w, b))
    ly = conv2d(lx, lw, lb if with_bias else None, stride, padding)
    ly.backward(g)
    assert ly.shape == tuple(ty.shape) and ly.dtype == np.float64
    np.testing.assert_allclose(ly.data, ty.detach().numpy(), rtol=0, atol=TORCH_TOL)
    np.testing.assert_allclose(lx.grad, tx.grad.numpy(), rtol=0, atol=TORCH_TOL)
    np.testing.assert_allclose(lw.grad, tw.grad.numpy(), rtol=0, atol=TORCH_TOL)
    if with_bias:
        np.testing.assert_allclose(lb.grad, tb.grad.numpy(), rtol=0, atol=TORCH_TOL)
    else:
        assert lb.grad is None


@pytest.mark.parametrize("k1, k2", [(1, 1), (3, 3), (1, 3), (3, 1)])
def test_stacked_convs_match_torch(torch, k1, k2):
    """Two layers of the same geometry in one graph: no buffer of one may be reused by the other."""
    rng = np.random.default_rng(16)
    x = rng.standard_normal((4, 16, 6, 5))
    w1, w2 = rng.standard_normal((16, 16, k1, k1)), rng.standard_normal((16, 16, k2, k2))
    b1, b2 = rng.standard_normal(16), rng.standard_normal(16)
    arrays = (x, w1, b1, w2, b2)
    tx, tw1, tb1, tw2, tb2 = (torch.tensor(a, requires_grad=True) for a in arrays)
    fn = torch.nn.functional
    ty = fn.conv2d(torch.relu(fn.conv2d(tx, tw1, tb1, padding="same")), tw2, tb2, padding="same")
    g = rng.standard_normal(tuple(ty.shape))
    ty.backward(torch.tensor(g))
    lx, lw1, lb1, lw2, lb2 = (Tensor(a, requires_grad=True) for a in arrays)
    ly = conv2d(conv2d(lx, lw1, lb1, padding="same").relu(), lw2, lb2, padding="same")
    ly.backward(g)
    np.testing.assert_allclose(ly.data, ty.detach().numpy(), rtol=0, atol=TORCH_TOL)
    for mine, theirs in zip((lx, lw1, lb1, lw2, lb2), (tx, tw1, tb1, tw2, tb2)):
        np.testing.assert_allclose(mine.grad, theirs.grad.numpy(), rtol=0, atol=TORCH_TOL)


@pytest.mark.parametrize("size", [7, 8, 9, 32])
@pytest.mark.parametrize("k", [1, 2, 3, 4, 5])
@pytest.mark.parametrize("s", [1, 2, 3])
def test_same_padding_output_size(size, k, s):
    x = np.zeros((1, 1, size, size + 1))
    y = conv2d(x, np.zeros((1, 1, k, k)), stride=s, padding="same")
    assert y.shape == (1, 1, -(-size // s), -(-(size + 1) // s))


@pytest.mark.parametrize("op_name", ["max_pool2d", "avg_pool2d"])
@pytest.mark.parametrize("case", POOL_GRID, ids=[str(c) for c in POOL_GRID])
@pytest.mark.parametrize("size", [(6, 8), (7, 9), (5, 5), (6, 9)], ids=["even", "odd", "square", "by3"])
def test_pool_matches_torch(torch, op_name, case, size):
    k, s, p = case
    rng = np.random.default_rng(8)
    x = rng.standard_normal((2, 3, *size))
    tx = torch.tensor(x, requires_grad=True)
    ty = getattr(torch.nn.functional, op_name)(tx, k, s, p)
    g = rng.standard_normal(tuple(ty.shape))
    ty.backward(torch.tensor(g))
    lx = Tensor(x, requires_grad=True)
    ly = {"max_pool2d": max_pool2d, "avg_pool2d": avg_pool2d}[op_name](lx, k, s, p)
    ly.backward(g)
    np.testing.assert_allclose(ly.data, ty.detach().numpy(), rtol=0, atol=TORCH_TOL)
    np.testing.assert_allclose(lx.grad, tx.grad.numpy(), rtol=0, atol=TORCH_TOL)


@pytest.mark.parametrize("case", [(2, None, 0), (3, 2, 1), (3, 1, 0)], ids=str)
def test_max_pool_ties_route_to_first_element_like_torch(torch, case):
    k, s, p = case
    rng = np.random.default_rng(9)
    x = np.round(rng.standard_normal((2, 2, 6, 7)))  # many ties
    x[0, 0] = 1.0  # whole planes of ties
    tx = torch.tensor(x, requires_grad=True)
    ty = torch.nn.functional.max_pool2d(tx, k, s, p)
    g = rng.standard_normal(tuple(ty.shape))
    ty.backward(torch.tensor(g))
    lx = Tensor(x, requires_grad=True)
    max_pool2d(lx, k, s, p).backward(g)
    # same winners; overlapping windows may sum their gradients in another order
    np.testing.assert_allclose(lx.grad, tx.grad.numpy(), rtol=0, atol=1e-12)


def test_max_pool_tie_goes_to_exactly_one_element():
    x = Tensor(np.ones((1, 1, 4, 4)), requires_grad=True)
    max_pool2d(x).backward(np.ones((1, 1, 2, 2)))
    expected = np.zeros((4, 4))
    expected[::2, ::2] = 1  # the first (top-left) element of each window
    np.testing.assert_array_equal(x.grad[0, 0], expected)


@pytest.mark.parametrize("shape", [(8, 3), (4, 3, 5, 6)], ids=["2d", "4d"])
def test_batch_norm_matches_torch_over_steps(torch, shape):
    rng = np.random.default_rng(10)
    c = shape[1]
    gamma, beta = rng.standard_normal(c), rng.standard_normal(c)
    r_mean, r_var = np.zeros(c), np.ones(c)
    t_mean, t_var = torch.zeros(c, dtype=torch.float64), torch.ones(c, dtype=torch.float64)
    for step in range(4):
        x = rng.standard_normal(shape) * (step + 1) + step
        g = rng.standard_normal(shape)
        tx, tg, tb = (torch.tensor(a, requires_grad=True) for a in (x, gamma, beta))
        ty = torch.nn.functional.batch_norm(tx, t_mean, t_var, tg, tb, training=True, momentum=0.2, eps=1e-4)
        ty.backward(torch.tensor(g))
        lx, lg, lb = (Tensor(a, requires_grad=True) for a in (x, gamma, beta))
        ly = batch_norm(lx, lg, lb, r_mean, r_var, training=True, momentum=0.2, eps=1e-4)
        ly.backward(g)
        np.testing.assert_allclose(ly.data, ty.detach().numpy(), rtol=0, atol=TORCH_TOL)
        for mine, theirs in ((lx, tx), (lg, tg), (lb, tb)):
            np.testing.assert_allclose(mine.grad, theirs.grad.numpy(), rtol=0, atol=TORCH_TOL)
        np.testing.assert_allclose(r_mean, t_mean.numpy(), rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(r_var, t_var.numpy(), rtol=1e-12, atol=1e-12)

    # inference with the accumulated statistics
    before = r_mean.copy(), r_var.copy()
    x, g = rng.standard_normal(shape), rng.standard_normal(shape)
    tx, tg, tb = (torch.tensor(a, requires_grad=True) for a in (x, gamma, beta))
    ty = torch.nn.functional.batch_norm(tx, t_mean, t_var, tg, tb, training=False, eps=1e-4)
    ty.backward(torch.tensor(g))
    lx, lg, lb = (Tensor(a, requires_grad=True) for a in (x, gamma, beta))
    ly = batch_norm(lx, lg, lb, r_mean, r_var, training=False, eps=1e-4)
    ly.backward(g)
    np.testing.assert_allclose(ly.data, ty.detach().numpy(), rtol=0, atol=TORCH_TOL)
    for mine, theirs in ((lx, tx), (lg, tg), (lb, tb)):
        np.testing.assert_allclose(mine.grad, theirs.grad.numpy(), rtol=0, atol=TORCH_TOL)
    np.testing.assert_array_equal(r_mean, before[0])  # inference leaves them alone
    np.testing.assert_array_equal(r_var, before[1])


# --------------------------------------------------------------------------- dtypes
def test_float32_is_kept_through_forward_and_backward():
    rng = np.random.default_rng(11)
    x = Tensor(rng.standard_normal((2, 3, 8, 8), dtype=np.float32), requires_grad=True)
    w = Tensor(rng.standard_normal((4, 3, 3, 3), dtype=np.float32), requires_grad=True)
    b = Tensor(np.zeros(4, np.float32), requires_grad=True)
    gamma = Tensor(np.ones(4, np.float32), requires_grad=True)
    beta = Tensor(np.zeros(4, np.float32), requires_grad=True)
    r_mean, r_var = np.zeros(4, np.float32), np.ones(4, np.float32)
    h = conv2d(x, w, b, padding="same")
    assert h.dtype == np.float32
    h = batch_norm(h, gamma, beta, r_mean, r_var, training=True)
    assert h.dtype == np.float32 and r_mean.dtype == np.float32
    h = dropout(h, 0.3, training=True, rng=0)
    assert h.dtype == np.float32
    p1 = max_pool2d(h)
    p2 = avg_pool2d(h, 3, 1, 1)
    p3 = global_avg_pool2d(h)
    assert p1.dtype == p2.dtype == p3.dtype == np.float32
    (p1.sum() + p2.sum() + p3.sum()).backward()
    for t in (x, w, b, gamma, beta):
        assert t.grad is not None and t.grad.dtype == np.float32


def test_float32_conv_agrees_with_float64():
    rng = np.random.default_rng(12)
    x, w, b = rng.standard_normal((2, 3, 9, 7)), rng.standard_normal((4, 3, 3, 3)), rng.standard_normal(4)
    y64 = conv2d(x, w, b, 2, "same").data
    y32 = conv2d(x.astype(np.float32), w.astype(np.float32), b.astype(np.float32), 2, "same").data
    np.testing.assert_allclose(y32, y64, rtol=1e-4, atol=1e-4)


def test_input_gradient_is_skipped_when_not_needed(monkeypatch):
    """The first layer's input needs no gradient: col2im (and its GEMM) must not run."""

    def boom(*args, **kwargs):
        raise AssertionError("the input gradient was computed for an input that needs none")

    monkeypatch.setattr(conv_module, "_input_grad", boom)
    rng = np.random.default_rng(13)
    x = Tensor(rng.standard_normal((2, 3, 6, 6)))
    w = Tensor(rng.standard_normal((4, 3, 3, 3)), requires_grad=True)
    conv2d(x, w).sum().backward()
    assert w.grad is not None and x.grad is None


@pytest.mark.parametrize("gemm_columns", [(1, 1), (10**9, 10**9)], ids=["per-image", "one-gemm"])
@pytest.mark.parametrize("chunk", [1, 4000, 10**9], ids=["chunk-1", "chunk-2", "no-chunk"])
@pytest.mark.parametrize("case", [((3, 3), 1, "same"), ((2, 3), 2, 1), ((1, 1), 1, 0)], ids=str)
def test_batch_grouping_and_chunking_do_not_change_results(monkeypatch, gemm_columns, chunk, case):
    """Every way of cutting the batch into GEMMs and col2im chunks computes the same thing."""
    (kh, kw), stride, padding = case
    rng = np.random.default_rng(17)
    x, w, b = rng.standard_normal((6, 3, 7, 6)), rng.standard_normal((4, 3, kh, kw)), rng.standard_normal(4)
    g = rng.standard_normal(conv2d(x, w, b, stride, padding).shape)

    def run():
        tensors = [Tensor(a, requires_grad=True) for a in (x, w, b)]
        conv2d(*tensors, stride, padding).backward(g)
        return [t.grad for t in tensors]

    expected = run()
    monkeypatch.setattr(conv_module, "GEMM_COLUMNS", gemm_columns)
    monkeypatch.setattr(conv_module, "COL2IM_CHUNK", chunk)
    for mine, ref in zip(run(), expected):
        np.testing.assert_allclose(mine, ref, rtol=0, atol=1e-12)


def _nhwc_run(x, w, b, strides, padding, g, x_grad=True):
    """Output and gradients (x, kernel, bias) of conv2d_nhwc in float64."""
    xs, ws = Tensor(x, requires_grad=x_grad), Tensor(w, requires_grad=True)
    bs = None if b is None else Tensor(b, requires_grad=True)
    y = conv2d_nhwc(xs, ws, bs, strides, padding)
    y.backward(g)
    return [y.array, xs.grad_array, ws.grad_array] + ([] if bs is None else [bs.grad_array])


@pytest.mark.parametrize("gemm_columns", [(1, 1), (10**9, 10**9)], ids=["per-image", "one-gemm"])
@pytest.mark.parametrize("case", [((3, 3), 1, "same"), ((3, 3), 1, "valid"), ((2, 3), (2, 1), (0, 1, 1, 0)),
                                  ((3, 3), 2, "same"), ((1, 1), 1, "valid"), ((5, 5), 1, (2, 1, 0, 2))], ids=str)
@pytest.mark.parametrize("with_bias", [True, False], ids=["bias", "no-bias"])
def test_nhwc_channel_major_columns_match_window_columns(monkeypatch, gemm_columns, case, with_bias):
    """conv2d_nhwc with few channels (channel-major columns, the NCHW op's machinery writing NHWC)
    computes what its channels-last window columns compute, output and all three gradients."""
    kernel, strides, padding = case
    rng = np.random.default_rng(23)
    x, w = rng.standard_normal((5, 7, 6, 3)), rng.standard_normal((*kernel, 3, 4))
    b = rng.standard_normal(4) if with_bias else None
    monkeypatch.setattr(conv_module, "GEMM_COLUMNS", gemm_columns)
    probe = conv2d_nhwc(x, w, b, strides, padding)
    g = rng.standard_normal(probe.shape)
    calls = []
    monkeypatch.setattr(conv_nhwc_module, "column_conv",
                        lambda *a, **k: calls.append(1) or conv_module.column_conv(*a, **k))
    channel_major = _nhwc_run(x, w, b, strides, padding, g)
    assert calls, "3 input channels must take the channel-major path"
    monkeypatch.setattr(conv_nhwc_module, "CHANNEL_MAJOR_MAX_CHANNELS", 0)
    window = _nhwc_run(x, w, b, strides, padding, g)
    assert len(calls) == 1, "with the threshold at 0 the window columns must be used"
    for mine, ref in zip(channel_major, window, strict=True):
        assert mine.shape == ref.shape and mine.flags.c_contiguous
        np.testing.assert_allclose(mine, ref, rtol=0, atol=1e-12)


@pytest.mark.parametrize("gemm_columns", [(1, 1), (10**9, 10**9)], ids=["per-image", "one-gemm"])
def test_nhwc_channel_major_gradcheck_and_float32(monkeypatch, gemm_columns):
    """The channel-major NHWC path passes gradcheck in float64 and stays float32 with no input gradient."""
    monkeypatch.setattr(conv_module, "GEMM_COLUMNS", gemm_columns)
    rng = np.random.default_rng(29)
    x, w, b = rng.standard_normal((3, 6, 5, 2)), rng.standard_normal((3, 3, 2, 3)), rng.standard_normal(3)
    assert gradcheck(lambda x, w, b: conv2d_nhwc(x, w, b, 1, "same"), [x, w, b]) < GRAD_TOL
    xs = Tensor(x.astype(np.float32))
    ws, bs = Tensor(w.astype(np.float32), requires_grad=True), Tensor(b.astype(np.float32), requires_grad=True)
    y = conv2d_nhwc(xs, ws, bs, 1, "same")
    y.backward(np.ones(y.shape, dtype=np.float32))
    assert y.array.dtype == ws.grad_array.dtype == bs.grad_array.dtype == np.float32
    assert xs.grad_array is None


def _tiled_max_reference(x, g, pool):
    """Max over exactly tiling windows of (N, *spatial, C) and its gradient (unique values: the
    gradient goes to each window's maximum), by reshape, max and a mask."""
    split, axes = [x.shape[0]], []
    for size, k in zip(x.shape[1:-1], pool, strict=True):
        split += [size // k, k]
        axes.append(len(split) - 1)
    xs = x.reshape(*split, x.shape[-1])
    out = xs.max(axis=tuple(axes), keepdims=True)
    dx = (xs == out) * g.reshape(out.shape)
    return out.reshape(g.shape), dx.reshape(x.shape)


@pytest.mark.parametrize("pool", [(2,), (2, 2), (3, 2), (2, 2, 2)], ids=str)
def test_tiled_max_pool_stacked_matches_reference(pool):
    """Two tiling max poolings in a row (their stages share scratch buffers), forward both, then
    backward: values and input gradients match reshape-max-mask, in both layouts."""
    rng = np.random.default_rng(31)
    rank, sizes = len(pool), [k * k * 2 for k in pool]
    x = rng.standard_normal((2, *sizes, 3))
    mid, _ = _tiled_max_reference(x, np.zeros((2, *(s // k for s, k in zip(sizes, pool)), 3)), pool)
    g = rng.standard_normal((2, *(s // (k * k) for s, k in zip(sizes, pool)), 3))
    out, dmid = _tiled_max_reference(mid, g, pool)
    _, dx = _tiled_max_reference(x, dmid, pool)
    for last in (True, False):
        move = (lambda a: a) if last else (lambda a: np.moveaxis(a, -1, 1))
        xs = Tensor(move(x), requires_grad=True)
        first = max_pool(xs, pool, None, "valid", last, rank)
        y = max_pool(first, pool, None, "valid", last, rank)
        y.backward(move(g))
        np.testing.assert_array_equal(first.array, move(mid))
        np.testing.assert_array_equal(y.array, move(out))
        np.testing.assert_array_equal(xs.grad_array, move(dx))
    if rank == 2:
        xs = Tensor(np.moveaxis(x, -1, 1), requires_grad=True)
        y = max_pool2d(max_pool2d(xs, pool), pool)
        y.backward(np.moveaxis(g, -1, 1))
        np.testing.assert_array_equal(xs.grad_array, np.moveaxis(dx, -1, 1))


def test_empty_batch():
    x = Tensor(np.zeros((0, 3, 8, 8), np.float32), requires_grad=True)
    w = Tensor(np.ones((4, 3, 3, 3), np.float32), requires_grad=True)
    y = conv2d(x, w, padding="same")
    assert y.shape == (0, 4, 8, 8)
    y.sum().backward()
    assert x.grad.shape == x.shape and not w.grad.any()
    assert max_pool2d(x).shape == avg_pool2d(x).shape == (0, 3, 4, 4)


def test_no_graph_without_grad():
    rng = np.random.default_rng(14)
    x = Tensor(rng.standard_normal((1, 2, 5, 5)), requires_grad=True)
    w = Tensor(rng.standard_normal((3, 2, 3, 3)), requires_grad=True)
    with no_grad():
        assert not conv2d(x, w).requires_grad
        assert not max_pool2d(x).requires_grad
    assert conv2d(x, w).requires_grad


# --------------------------------------------------------------------------- errors
def test_channels_last_input_is_a_clear_shape_error():
    x = np.zeros((2, 32, 32, 3), np.float32)  # NHWC
    w = np.zeros((12, 3, 3, 3), np.float32)
    with pytest.raises(ShapeError) as info:
        conv2d(x, w)
    msg = str(info.value)
    assert "(2, 32, 32, 3)" in msg and "(12, 3, 3, 3)" in msg and "(N, 3, H, W)" in msg
    assert "NHWC" in msg and "transpose(0, 3, 1, 2)" in msg


def test_wrong_channel_count_names_both_shapes():
    with pytest.raises(ShapeError, match=r"\(2, 4, 8, 8\).*\(5, 3, 3, 3\)"):
        conv2d(np.zeros((2, 4, 8, 8)), np.zeros((5, 3, 3, 3)))


@pytest.mark.parametrize(
    "x_shape, w_shape, bias_shape",
    [((3, 8, 8), (2, 3, 3, 3), None), ((1, 3, 8, 8), (2, 3, 3), None), ((1, 3, 8, 8), (2, 3, 3, 3), (3,))],
)
def test_bad_layouts_raise_shape_error(x_shape, w_shape, bias_shape):
    b = None if bias_shape is None else np.zeros(bias_shape)
    with pytest.raises(ShapeError, match=r"shape"):
        conv2d(np.zeros(x_shape), np.zeros(w_shape), b)


def test_kernel_bigger_than_padded_input():
    with pytest.raises(ShapeError, match=r"larger than the padded input.*\(1, 1, 4, 4\)"):
        conv2d(np.zeros((1, 1, 4, 4)), np.zeros((1, 1, 7, 7)), padding=1)
    conv2d(np.zeros((1, 1, 4, 4)), np.zeros((1, 1, 6, 6)), padding=1)  # just fits
    with pytest.raises(ShapeError, match="larger than the padded input"):
        max_pool2d(np.zeros((1, 1, 2, 5)), 3)


@pytest.mark.parametrize(
    "kwargs",
    [{"stride": 0}, {"padding": -1}, {"padding": "full"}, {"stride": (1, 2, 3)}, {"stride": 1.5}],
)
def test_bad_settings_raise_config_error(kwargs):
    with pytest.raises(ConfigError):
        conv2d(np.zeros((1, 1, 5, 5)), np.zeros((1, 1, 3, 3)), **kwargs)


def test_pool_errors():
    with pytest.raises(ConfigError, match="half the kernel"):
        max_pool2d(np.zeros((1, 1, 8, 8)), 2, 2, 2)
    with pytest.raises(ShapeError, match=r"\(N, C, H, W\).*\(8, 8\)"):
        avg_pool2d(np.zeros((8, 8)))
    with pytest.raises(ShapeError):
        global_avg_pool2d(np.zeros((2, 3, 4)))


def test_batch_norm_errors():
    with pytest.raises(ShapeError, match=r"gamma must have shape \(3,\).*\(4, 3\).*\(4,\)"):
        batch_norm(np.zeros((4, 3)), np.ones(4), None, None, None, True)
    with pytest.raises(ShapeError, match="running_var"):
        batch_norm(np.zeros((4, 3)), None, None, np.zeros(3), np.ones(2), True)
    with pytest.raises(ShapeError, match=r"at least 2 axes.*\(4,\)"):
        batch_norm(np.zeros(4), None, None, None, None, True)
    with pytest.raises(DataError, match="more than one value"):
        batch_norm(np.zeros((1, 3)), None, None, None, None, True)
    with pytest.raises(ConfigError, match="running_mean"):
        batch_norm(np.zeros((4, 3)), None, None, None, None, False)


# ---------------------------------------------------------------------- direct checks
def test_conv2d_by_hand():
    """A hand-computed 3×3 image, 2×2 kernel, stride 1, no padding."""
    x = np.arange(9.0).reshape(1, 1, 3, 3)
    w = np.array([[[[1.0, 0.0], [0.0, -1.0]]]])
    y = conv2d(x, w, np.array([0.5])).data
    np.testing.assert_array_equal(y, [[[[0 - 4 + 0.5, 1 - 5 + 0.5], [3 - 7 + 0.5, 4 - 8 + 0.5]]]])


def test_same_padding_puts_the_odd_one_bottom_right():
    x = np.zeros((1, 1, 4, 4))
    x[0, 0, 0, 0] = 1.0  # top-left pixel
    w = np.zeros((1, 1, 2, 2))
    w[0, 0, 0, 0] = 1.0  # picks the window's top-left: out[p, q] = xpad[p, q]
    y = conv2d(x, w, padding="same").data[0, 0]
    # total padding 1 per axis goes entirely to bottom/right, so nothing shifts
    assert y.shape == (4, 4) and y[0, 0] == 1.0 and y.sum() == 1.0


def test_conv_matches_direct_sum_random_geometries():
    """A seeded sweep of geometries against a direct (slow, obviously right) sum."""
    rng = np.random.default_rng(15)
    for _ in range(12):
        n, c, f = rng.integers(1, 3), rng.integers(1, 4), rng.integers(1, 4)
        kh, kw = rng.integers(1, 5, size=2)
        sh, sw = rng.integers(1, 4, size=2)
        ph, pw = rng.integers(0, 3, size=2)
        h, w = rng.integers(max(kh - 2 * ph, 1), 10), rng.integers(max(kw - 2 * pw, 1), 10)
        x = rng.standard_normal((n, c, h, w))
        k = rng.standard_normal((f, c, kh, kw))
        y = conv2d(x, k, None, (int(sh), int(sw)), (int(ph), int(pw))).data
        xp = np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)))
        oh, ow = (h + 2 * ph - kh) // sh + 1, (w + 2 * pw - kw) // sw + 1
        ref = np.zeros((n, f, oh, ow))
        for p, q in itertools.product(range(oh), range(ow)):
            patch = xp[:, :, p * sh : p * sh + kh, q * sw : q * sw + kw]
            ref[:, :, p, q] = np.einsum("ncij,fcij->nf", patch, k)
        np.testing.assert_allclose(y, ref, atol=1e-12)


# -------------------------------------------------------------------------- dropout
def test_dropout_training_scales_and_masks():
    x = Tensor(np.ones((200, 50), np.float32), requires_grad=True)
    y = dropout(x, 0.25, training=True, rng=np.random.default_rng(0))
    kept = y.array != 0
    assert y.dtype == np.float32
    np.testing.assert_allclose(y.array[kept], 1 / 0.75, rtol=1e-6)
    assert abs(kept.mean() - 0.75) < 0.02
    g = np.random.default_rng(1).standard_normal(x.shape).astype(np.float32)
    y.backward(g)
    np.testing.assert_allclose(x.grad, g * y.data, rtol=1e-6)  # mask-multiply backward


def test_dropout_seed_reproducible_and_inference_identity():
    x = np.random.default_rng(2).standard_normal((10, 10))
    a = dropout(x, 0.5, training=True, rng=7).data
    b = dropout(x, 0.5, training=True, rng=7).data
    np.testing.assert_array_equal(a, b)
    t = Tensor(x)
    assert dropout(t, 0.5, training=False) is t
    assert dropout(t, 0.0, training=True) is t
    np.testing.assert_array_equal(dropout(x, 1.0, training=True, rng=0).data, 0)
    with pytest.raises(ConfigError):
        dropout(x, 1.5, training=True)


def test_dropout_gradcheck():
    x = np.random.default_rng(3).standard_normal((4, 5))
    # a fixed seed gives the same mask on every call, so central differences see one function
    assert gradcheck(lambda x: dropout(x, 0.4, training=True, rng=5), [x]) < GRAD_TOL
