"""PyTorch's pooling options (issue 14) against real PyTorch (values, int64 indices and gradients) and by
central differences in float64: max pooling with dilation, ceil_mode and return_indices, max_unpool2d,
average pooling with ceil_mode, count_include_pad=False and divisor_override, adaptive max pooling."""

from __future__ import annotations

import numpy as np
import pytest

import ligero as lg
import ligero.nn as nn
import ligero.nn.functional as F
from conftest import assert_gradcheck
from ligero.errors import ConfigError, ShapeError

torch = pytest.importorskip("torch")
TF = torch.nn.functional

RNG = np.random.default_rng(14)


def compare(lig_fn, torch_fn, x: np.ndarray) -> None:
    """Same output (and indices, exactly, as int64) and the same gradient of a random weighting of it."""
    lx, tx = lg.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    out, expected = lig_fn(lx), torch_fn(tx)
    if isinstance(expected, tuple):
        assert isinstance(out, tuple) and len(out) == 2
        assert out[1].array.dtype == np.int64
        np.testing.assert_array_equal(out[1].array, expected[1].numpy())
        out, expected = out[0], expected[0]
    assert out.shape == tuple(expected.shape)
    np.testing.assert_allclose(out.array, expected.detach().numpy(), rtol=1e-5, atol=1e-6)
    w = np.random.default_rng(0).standard_normal(out.shape).astype(x.dtype)
    (out * lg.tensor(w)).sum().backward()
    (expected * torch.tensor(w)).sum().backward()
    np.testing.assert_allclose(lx.grad.array, tx.grad.numpy(), rtol=1e-5, atol=1e-6)


def first(result):
    """The pooled output of a result that may be an (output, indices) pair."""
    return result[0] if isinstance(result, tuple) else result


# (kernel, stride, padding, dilation, ceil_mode)
MAX_CASES = [
    (2, None, 0, 1, True),
    (3, 2, 1, 1, True),
    (3, 1, 1, 2, False),
    (2, 2, 1, 3, True),
    ((3, 2), (2, 3), (1, 1), (1, 2), True),
    (2, None, 0, 1, False),  # the exactly tiling fast path, with indices
    (3, 3, 0, 1, True),
]


@pytest.mark.parametrize("case", MAX_CASES, ids=[str(c) for c in MAX_CASES])
@pytest.mark.parametrize("size", [(6, 8), (7, 9)], ids=["even", "odd"])
def test_max_pool2d_options_match_torch(case, size):
    k, s, p, d, ceil = case
    x = RNG.standard_normal((2, 3, *size)).astype(np.float32)
    compare(lambda t: F.max_pool2d(t, k, s, p, d, ceil, True),
            lambda t: TF.max_pool2d(t, k, s, p, d, ceil, True), x)
    compare(lambda t: nn.MaxPool2d(k, s, p, d, ceil_mode=ceil)(t),
            lambda t: torch.nn.MaxPool2d(k, s, p, d, ceil_mode=ceil)(t), x)


@pytest.mark.parametrize("case", MAX_CASES, ids=[str(c) for c in MAX_CASES])
def test_max_pool2d_options_gradcheck(case):
    k, s, p, d, ceil = case
    x = np.random.default_rng(3).standard_normal((2, 2, 7, 9))
    assert_gradcheck(lambda t: first(F.max_pool2d(t, k, s, p, d, ceil, True)), [x])


def test_max_pool2d_ties_and_indices_follow_torch():
    """Integer-valued inputs tie often: the winner (and its index) is the first in row-major order."""
    x = RNG.integers(0, 3, (2, 2, 7, 7)).astype(np.float32)
    compare(lambda t: F.max_pool2d(t, 3, 2, 1, 2, True, True), lambda t: TF.max_pool2d(t, 3, 2, 1, 2, True, True), x)
    compare(lambda t: F.max_pool2d(t, 2, return_indices=True), lambda t: TF.max_pool2d(t, 2, return_indices=True),
            x[..., :6, :6])


def test_max_pool2d_unbatched_with_indices():
    x = RNG.standard_normal((3, 5, 7)).astype(np.float32)
    compare(lambda t: F.max_pool2d(t, 2, ceil_mode=True, return_indices=True),
            lambda t: TF.max_pool2d(t, 2, ceil_mode=True, return_indices=True), x)


@pytest.mark.parametrize("size", range(4, 12))
@pytest.mark.parametrize("k, s, p, d", [(2, 2, 0, 1), (3, 2, 1, 1), (3, 3, 1, 1), (2, 3, 1, 2), (4, 3, 2, 1)])
def test_ceil_mode_output_size_is_torchs_rule(size, k, s, p, d):
    """out = ceil((L + 2p - d(k-1) - 1)/s) + 1, less one when the last window starts in the right padding."""
    span = size + 2 * p - d * (k - 1) - 1
    out = -(-span // s) + 1
    if (out - 1) * s >= size + p:
        out -= 1
    y = F.max_pool2d(lg.zeros((1, 1, size, size)), k, s, p, d, ceil_mode=True)
    assert y.shape == (1, 1, out, out)
    assert y.shape == tuple(TF.max_pool2d(torch.zeros(1, 1, size, size), k, s, p, d, ceil_mode=True).shape)


@pytest.mark.parametrize("k, s, p, d, ceil", [(3, 2, 1, 2, True), (2, None, 0, 1, True), (3, 1, 1, 1, False)])
def test_max_pool1d_options_match_torch_and_gradcheck(k, s, p, d, ceil):
    x = RNG.standard_normal((2, 3, 11)).astype(np.float32)
    compare(lambda t: F.max_pool1d(t, k, s, p, d, ceil, True),
            lambda t: TF.max_pool1d(t, k, s, p, d, ceil, True), x)
    compare(lambda t: nn.MaxPool1d(k, s, p, d, ceil_mode=ceil)(t),
            lambda t: torch.nn.MaxPool1d(k, s, p, d, ceil_mode=ceil)(t), x)
    assert_gradcheck(lambda t: F.max_pool1d(t, k, s, p, d, ceil), [x.astype(np.float64)])
    compare(lambda t: F.max_pool1d(t, 2, ceil_mode=True, return_indices=True),
            lambda t: TF.max_pool1d(t, 2, ceil_mode=True, return_indices=True), x[0])


def test_max_unpool2d_matches_torch_and_gradcheck():
    x = RNG.standard_normal((2, 3, 7, 9)).astype(np.float32)

    def roundtrip(f, unpool):
        def run(t):
            y, i = f.max_pool2d(t, 3, 2, 1, return_indices=True)
            return unpool(y * 2.0, i)
        return run

    compare(roundtrip(F, lambda y, i: nn.MaxUnpool2d(3, 2, 1)(y, i, output_size=(7, 9))),
            roundtrip(TF, lambda y, i: torch.nn.MaxUnpool2d(3, 2, 1)(y, i, output_size=(7, 9))), x)
    compare(roundtrip(F, lambda y, i: F.max_unpool2d(y, i, 3, 2, 1)),
            roundtrip(TF, lambda y, i: TF.max_unpool2d(y, i, 3, 2, 1)), x)
    _, index = F.max_pool2d(lg.tensor(x[..., :6, :8]), 2, return_indices=True)
    y = np.random.default_rng(5).standard_normal(index.shape)
    assert_gradcheck(lambda t: F.max_unpool2d(t, index, 2), [y])


def test_max_unpool2d_errors():
    y, index = F.max_pool2d(lg.zeros((1, 1, 4, 4)), 2, return_indices=True)
    with pytest.raises(ValueError, match="invalid output_size"):
        F.max_unpool2d(y, index, 2, output_size=(9, 9))
    with pytest.raises(ShapeError, match="outside the output plane"):
        F.max_unpool2d(y, index * 10, 2)
    with pytest.raises(ShapeError, match="indices must be integers"):
        F.max_unpool2d(y, index.array[..., :1], 2)


# (kernel, stride, padding, ceil_mode, count_include_pad, divisor_override)
AVG_CASES = [
    (2, None, 0, True, True, None),
    (3, 2, 1, True, True, None),
    (3, 2, 1, True, False, None),
    (3, 2, 1, False, False, None),
    ((3, 2), (2, 1), (1, 1), False, False, None),
    (3, 2, 1, False, True, 5),
    (2, None, 0, True, False, 3),
    (2, None, 0, False, True, None),  # the default path
]


@pytest.mark.parametrize("case", AVG_CASES, ids=[str(c) for c in AVG_CASES])
@pytest.mark.parametrize("size", [(6, 8), (7, 9)], ids=["even", "odd"])
def test_avg_pool2d_options_match_torch(case, size):
    k, s, p, ceil, include, div = case
    x = RNG.standard_normal((2, 3, *size)).astype(np.float32)
    compare(lambda t: F.avg_pool2d(t, k, s, p, ceil, include, div),
            lambda t: TF.avg_pool2d(t, k, s, p, ceil, include, div), x)
    compare(lambda t: nn.AvgPool2d(k, s, p, ceil, include, div)(t),
            lambda t: torch.nn.AvgPool2d(k, s, p, ceil, include, div)(t), x)


@pytest.mark.parametrize("case", AVG_CASES, ids=[str(c) for c in AVG_CASES])
def test_avg_pool2d_options_gradcheck(case):
    k, s, p, ceil, include, div = case
    x = np.random.default_rng(4).standard_normal((2, 2, 7, 9))
    assert_gradcheck(lambda t: F.avg_pool2d(t, k, s, p, ceil, include, div), [x])


def test_avg_pool2d_counts_only_input_elements():
    """A window of ones averages to one when only the input elements it covers are counted."""
    y = F.avg_pool2d(lg.ones((1, 1, 5, 5)), 3, 2, 1, ceil_mode=True, count_include_pad=False)
    np.testing.assert_allclose(y.array, np.ones((1, 1, 3, 3)))
    with pytest.raises(ConfigError, match="divisor_override"):
        F.avg_pool2d(lg.ones((1, 1, 4, 4)), 2, divisor_override=0)


@pytest.mark.parametrize("include", [True, False])
def test_avg_pool1d_ceil_mode_matches_torch(include):
    x = RNG.standard_normal((2, 3, 10)).astype(np.float32)
    compare(lambda t: F.avg_pool1d(t, 3, 2, 1, True, include),
            lambda t: TF.avg_pool1d(t, 3, 2, 1, True, include), x)


@pytest.mark.parametrize("out", [(3, 4), (1, 1), (7, 9), (2, None), 5])
def test_adaptive_max_pool2d_matches_torch_and_gradcheck(out):
    x = RNG.standard_normal((2, 3, 7, 9)).astype(np.float32)
    compare(lambda t: F.adaptive_max_pool2d(t, out, True), lambda t: TF.adaptive_max_pool2d(t, out, True), x)
    compare(lambda t: nn.AdaptiveMaxPool2d(out)(t), lambda t: torch.nn.AdaptiveMaxPool2d(out)(t), x)
    assert_gradcheck(lambda t: F.adaptive_max_pool2d(t, out), [x[:1].astype(np.float64)])


def test_adaptive_max_pool_ties_unbatched_and_1d():
    ties = RNG.integers(0, 2, (2, 2, 6, 7)).astype(np.float32)
    compare(lambda t: F.adaptive_max_pool2d(t, (4, 3), True), lambda t: TF.adaptive_max_pool2d(t, (4, 3), True), ties)
    compare(lambda t: F.adaptive_max_pool2d(t, 3, True), lambda t: TF.adaptive_max_pool2d(t, 3, True), ties[0])
    seq = RNG.standard_normal((2, 3, 10)).astype(np.float32)
    compare(lambda t: nn.AdaptiveMaxPool1d(4, return_indices=True)(t),
            lambda t: torch.nn.AdaptiveMaxPool1d(4, return_indices=True)(t), seq)
    compare(lambda t: F.adaptive_max_pool1d(t, 3, True), lambda t: TF.adaptive_max_pool1d(t, 3, True), seq[0])
    assert_gradcheck(lambda t: F.adaptive_max_pool1d(t, 4), [seq.astype(np.float64)])


def test_pooling_errors_are_clear():
    x = lg.zeros((1, 1, 5, 5))
    with pytest.raises(ConfigError, match="half the kernel"):
        F.max_pool2d(x, 3, padding=2)
    F.max_pool2d(x, 2, padding=1, dilation=3)  # the dilated kernel spans 4: padding 1 is allowed
    with pytest.raises(ShapeError, match="larger than the padded input"):
        F.max_pool2d(x, 3, dilation=3)
    with pytest.raises(ShapeError, match="output size"):
        F.adaptive_max_pool2d(x, (0, 2))


def test_module_reprs_are_torchs():
    for lig, ref in [(nn.MaxUnpool2d(2), torch.nn.MaxUnpool2d(2)),
                     (nn.AdaptiveMaxPool2d((2, 3)), torch.nn.AdaptiveMaxPool2d((2, 3))),
                     (nn.AdaptiveMaxPool1d(3, True), torch.nn.AdaptiveMaxPool1d(3, True)),
                     (nn.MaxPool2d(2, return_indices=True), torch.nn.MaxPool2d(2, return_indices=True))]:
        assert repr(lig) == repr(ref)


def test_max_unpool2d_unbatched_matches_torch():
    x = RNG.standard_normal((3, 5, 7)).astype(np.float32)
    compare(lambda t: F.max_unpool2d(*F.max_pool2d(t, 2, return_indices=True), 2, output_size=(5, 7)),
            lambda t: TF.max_unpool2d(*TF.max_pool2d(t, 2, return_indices=True), 2, output_size=(5, 7)), x)


def test_indices_path_gives_the_fast_paths_values_and_gradient():
    """Asking for indices leaves the exactly tiling fast path: both must agree."""
    x = RNG.standard_normal((2, 3, 8, 6)).astype(np.float32)
    a, b = lg.tensor(x, requires_grad=True), lg.tensor(x, requires_grad=True)
    fast, (slow, _) = F.max_pool2d(a, 2), F.max_pool2d(b, 2, return_indices=True)
    np.testing.assert_array_equal(fast.array, slow.array)
    w = lg.tensor(RNG.standard_normal(fast.shape).astype(np.float32))
    (fast * w).sum().backward()
    (slow * w).sum().backward()
    np.testing.assert_array_equal(a.grad.array, b.grad.array)


def test_nan_wins_its_window_with_torchs_index():
    x = RNG.standard_normal((1, 2, 6, 6)).astype(np.float32)
    x[0, 0, 1, 1] = x[0, 1, 4, 3] = x[0, 1, 4, 4] = np.nan
    for args in [(2,), (3, 2, 1), (2, 1, 0, 2, True)]:
        out, index = F.max_pool2d(lg.tensor(x), *args, return_indices=True)
        expected, expected_index = TF.max_pool2d(torch.tensor(x), *args, return_indices=True)
        np.testing.assert_array_equal(out.array, expected.numpy())  # NaN where torch has NaN
        np.testing.assert_array_equal(index.array, expected_index.numpy())


def test_adaptive_max_pool_nan_wins_with_torchs_index():
    x = RNG.standard_normal((1, 2, 6, 7)).astype(np.float32)
    x[0, 0, 1, 1] = x[0, 0, 1, 2] = x[0, 0, 2, 0] = x[0, 1, 5, 6] = np.nan
    for out in [2, (4, 3), 1]:
        y, index = F.adaptive_max_pool2d(lg.tensor(x), out, True)
        expected, expected_index = TF.adaptive_max_pool2d(torch.tensor(x), out, True)
        np.testing.assert_array_equal(y.array, expected.numpy())
        np.testing.assert_array_equal(index.array, expected_index.numpy())
