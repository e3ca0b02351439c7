"""The ops under the Keras layer families: channels-last convolution (strides, dilation, groups,
depthwise), transposed convolution, Keras pooling in either layout, zero padding, cropping and
nearest upsampling: float64 gradient checks and agreement with PyTorch."""

from __future__ import annotations

import numpy as np
import pytest

from conftest import same_pads
from ligero import gradcheck
from ligero.errors import ConfigError, ShapeError
from ligero.ops.conv_nhwc import conv2d_nhwc, conv2d_transpose_nhwc, conv_pads
from ligero.ops.crop_pad import crop, zero_pad
from ligero.ops.pool import avg_pool, max_pool
from ligero.ops.upsample import repeat_axes
from ligero.tensor import Tensor

torch = pytest.importorskip("torch")
F = torch.nn.functional

GRAD_TOL = 1e-6
TORCH_TOL = 1e-6

# kernel, strides, padding, dilation, groups (input 7×6 with 4 channels, 6 filters)
CONV_CASES = [
    ((3, 3), 1, "same", 1, 1),
    ((3, 3), 2, "valid", 1, 1),
    ((3, 2), (2, 1), "same", 1, 2),
    ((3, 3), 1, "same", 2, 1),
    ((2, 3), 1, "valid", (2, 1), 2),
    ((1, 1), 1, "valid", 1, 1),
    ((3, 3), 2, "same", 1, 2),
    ((3, 3), 1, (1, 0, 2, 1), 1, 1),
]


def _ids(case):
    return "-".join(str(v).replace(" ", "") for v in case)


def _pair(v):
    return (v, v) if isinstance(v, int) else tuple(v)


def _torch_conv(x, kernel, bias, strides, padding, dilation, groups):
    """Keras's convolution through torch: NHWC -> NCHW, explicit padding, kernel (F, C/G, kh, kw)."""
    kh, kw = kernel.shape[:2]
    (sh, sw), (dh, dw) = _pair(strides), _pair(dilation)
    if isinstance(padding, str):
        pads = (*conv_pads(x.shape[2], kw, sw, dw, padding, "t"), *conv_pads(x.shape[1], kh, sh, dh, padding, "t"))
    else:
        pads = (padding[2], padding[3], padding[0], padding[1])
    xt = F.pad(x.permute(0, 3, 1, 2), pads)
    return F.conv2d(xt, kernel.permute(3, 2, 0, 1), bias, stride=(sh, sw), dilation=(dh, dw),
                    groups=groups).permute(0, 2, 3, 1)


@pytest.mark.parametrize("case", CONV_CASES, ids=_ids)
def test_conv2d_nhwc_gradcheck(case):
    kernel, strides, padding, dilation, groups = case
    rng = np.random.default_rng(0)
    x = rng.standard_normal((2, 7, 6, 4))
    w = rng.standard_normal((*kernel, 4 // groups, 6))
    b = rng.standard_normal(6)
    err = gradcheck(lambda x, w, b: conv2d_nhwc(x, w, b, strides, padding, dilation, groups), [x, w, b])
    assert err < GRAD_TOL


@pytest.mark.parametrize("case", CONV_CASES, ids=_ids)
def test_conv2d_nhwc_matches_torch(case):
    kernel, strides, padding, dilation, groups = case
    rng = np.random.default_rng(1)
    x, w, b = rng.standard_normal((3, 7, 6, 4)), rng.standard_normal((*kernel, 4 // groups, 6)), rng.standard_normal(6)
    xs, ws, bs = (Tensor(a, requires_grad=True) for a in (x, w, b))
    y = conv2d_nhwc(xs, ws, bs, strides, padding, dilation, groups)
    g = rng.standard_normal(y.shape)
    y.backward(g)
    xt, wt, bt = (torch.tensor(a, requires_grad=True) for a in (x, w, b))
    ref = _torch_conv(xt, wt, bt, strides, padding, dilation, groups)
    ref.backward(torch.tensor(g))
    np.testing.assert_allclose(y.array, ref.detach().numpy(), atol=TORCH_TOL)
    for ours, theirs in ((xs, xt), (ws, wt), (bs, bt)):
        np.testing.assert_allclose(ours.grad_array, theirs.grad.numpy(), atol=TORCH_TOL)


def test_conv2d_nhwc_keeps_float32_and_skips_unneeded_gradients():
    rng = np.random.default_rng(2)
    x = Tensor(rng.standard_normal((2, 5, 5, 3)).astype(np.float32))
    w = Tensor(rng.standard_normal((3, 3, 3, 4)).astype(np.float32), requires_grad=True)
    y = conv2d_nhwc(x, w, None, 1, "same")
    assert y.array.dtype == np.float32 and y.shape == (2, 5, 5, 4)
    y.backward(np.ones(y.shape, dtype=np.float32))
    assert w.grad_array.dtype == np.float32 and x.grad_array is None


def test_depthwise_is_a_grouped_convolution_with_a_reshaped_kernel():
    rng = np.random.default_rng(3)
    x, w = rng.standard_normal((2, 6, 5, 3)), rng.standard_normal((3, 3, 3, 2))  # (kh, kw, C, M)
    y = conv2d_nhwc(x, w.reshape(3, 3, 1, 6), None, 1, "same", 1, groups=3).array
    expected = np.zeros((2, 6, 5, 6))
    xp = np.pad(x, ((0, 0), (1, 1), (1, 1), (0, 0)))
    for c in range(3):
        for m in range(2):
            for i in range(3):
                for j in range(3):
                    expected[..., c * 2 + m] += w[i, j, c, m] * xp[:, i:i + 6, j:j + 5, c]
    np.testing.assert_allclose(y, expected, atol=1e-12)


TRANSPOSE_CASES = [((3, 3), 2, "valid"), ((3, 3), 2, "same"), ((2, 2), 3, "valid"), ((4, 4), 2, "same"),
                   ((3, 2), (1, 2), "same"), ((2, 3), 1, "valid")]


def _torch_transpose(x, w, strides, padding):
    """Keras's transposed convolution through torch: the full torch result, shifted and cut (or
    zero-extended) to Keras's output size."""
    (kh, kw), (sh, sw) = w.shape[:2], _pair(strides)
    full = F.conv_transpose2d(x.permute(0, 3, 1, 2), w.permute(3, 2, 0, 1), stride=(sh, sw))
    out = []
    for n, k, s in zip(x.shape[1:3], (kh, kw), (sh, sw), strict=True):
        size = n * s + (max(k - s, 0) if padding == "valid" else 0)
        top = same_pads(size, k, s)[0] if padding == "same" else 0
        out.append((size, top))
    (oh, top), (ow, left) = out
    full = F.pad(full, (0, max(0, ow + left - full.shape[3]), 0, max(0, oh + top - full.shape[2])))
    return full[:, :, top:top + oh, left:left + ow].permute(0, 2, 3, 1)


@pytest.mark.parametrize("case", TRANSPOSE_CASES, ids=_ids)
def test_conv2d_transpose_gradcheck_and_torch(case):
    kernel, strides, padding = case
    rng = np.random.default_rng(4)
    x, w = rng.standard_normal((2, 3, 4, 3)), rng.standard_normal((*kernel, 2, 3))  # (kh, kw, out, in)
    b = rng.standard_normal(2)
    assert gradcheck(lambda x, w, b: conv2d_transpose_nhwc(x, w, b, strides, padding), [x, w, b]) < GRAD_TOL
    y = conv2d_transpose_nhwc(x, w, None, strides, padding).array
    ref = _torch_transpose(torch.tensor(x), torch.tensor(w), strides, padding).numpy()
    assert y.shape == ref.shape
    np.testing.assert_allclose(y, ref, atol=TORCH_TOL)


def test_conv_errors_name_the_shapes():
    with pytest.raises(ShapeError, match=r"\(2, 5, 5, 3\).*3 channels.*\(3, 3, 4, 2\)"):
        conv2d_nhwc(np.zeros((2, 5, 5, 3)), np.zeros((3, 3, 4, 2)))
    with pytest.raises(ShapeError, match=r"bias must have shape \(2,\)"):
        conv2d_nhwc(np.zeros((2, 5, 5, 3)), np.zeros((3, 3, 3, 2)), np.zeros(3))
    with pytest.raises(ShapeError, match="larger than the padded input"):
        conv2d_nhwc(np.zeros((1, 2, 2, 1)), np.zeros((3, 3, 1, 1)))
    with pytest.raises(ConfigError, match="padding"):
        conv2d_nhwc(np.zeros((1, 4, 4, 1)), np.zeros((3, 3, 1, 1)), padding="full")


POOL_CASES = [(2, None, "valid"), (3, 2, "same"), (3, 1, "same"), ((2, 3), (1, 2), "same"), (2, 1, "valid"),
              (3, None, "same"), ((2, 2), (3, 3), "valid")]


@pytest.mark.parametrize("channels_last", [True, False], ids=["last", "first"])
@pytest.mark.parametrize("case", POOL_CASES, ids=_ids)
@pytest.mark.parametrize("op", [max_pool, avg_pool], ids=["max", "avg"])
def test_pool_gradcheck(op, case, channels_last):
    pool, strides, padding = case
    shape = (2, 7, 6, 3) if channels_last else (2, 3, 7, 6)
    x = np.random.default_rng(5).standard_normal(shape)
    assert gradcheck(lambda x: op(x, pool, strides, padding, channels_last), [x]) < GRAD_TOL


@pytest.mark.parametrize("op", [max_pool, avg_pool], ids=["max", "avg"])
def test_pool_1d_gradcheck_and_values(op):
    x = np.random.default_rng(6).standard_normal((2, 9, 3))
    assert gradcheck(lambda x: op(x, 3, 2, "same", True, 1), [x]) < GRAD_TOL
    y = op(x, 3, 2, "same", True, 1).array
    xp = np.pad(x, ((0, 0), (1, 1), (0, 0)), constant_values=np.nan)
    windows = np.stack([xp[:, 2 * p:2 * p + 3] for p in range(5)], axis=1)  # (2, 5, 3, 3)
    reduce = np.nanmax if op is max_pool else np.nanmean
    np.testing.assert_allclose(y, reduce(windows, axis=2), atol=1e-12)


def test_max_pool_ties_go_to_the_first_element_as_torch():
    x = np.zeros((1, 4, 4, 1))
    xs = Tensor(x, requires_grad=True)
    max_pool(xs, 2).backward(np.ones((1, 2, 2, 1)))
    xt = torch.tensor(x.transpose(0, 3, 1, 2), requires_grad=True)
    F.max_pool2d(xt, 2).backward(torch.ones(1, 1, 2, 2, dtype=torch.float64))
    np.testing.assert_array_equal(xs.grad_array, xt.grad.numpy().transpose(0, 2, 3, 1))


def test_avg_pool_same_averages_the_valid_values_only():
    x = np.arange(6.0).reshape(1, 2, 3, 1)
    y = avg_pool(x, 2, 2, "same").array[0, :, :, 0]  # windows [[0,1],[3,4]] and [[2],[5]]
    np.testing.assert_allclose(y, [[2.0, 3.5]])


def test_pad_crop_and_repeat_gradcheck_and_values():
    x = np.random.default_rng(7).standard_normal((2, 3, 4, 2))
    assert gradcheck(lambda x: zero_pad(x, (1, 2), ((1, 0), (2, 1))), [x]) < GRAD_TOL
    assert gradcheck(lambda x: crop(x, (1, 2), ((1, 1), (0, 2))), [x]) < GRAD_TOL
    assert gradcheck(lambda x: repeat_axes(x, (1, 2), (2, 3)), [x]) < GRAD_TOL
    np.testing.assert_array_equal(zero_pad(x, (1,), ((1, 2),)).array, np.pad(x, ((0, 0), (1, 2), (0, 0), (0, 0))))
    np.testing.assert_array_equal(crop(x, (2,), ((1, 2),)).array, x[:, :, 1:2])
    np.testing.assert_array_equal(repeat_axes(x, (1,), (2,)).array, np.repeat(x, 2, axis=1))
    with pytest.raises(ShapeError, match="cannot crop"):
        crop(x, (1,), ((2, 1),))
