"""The torch functions added for the second batch of reference programs: a float64 central-difference
check of each differentiable one and the same code run on real torch (values and input gradients)."""

from __future__ import annotations

import numpy as np
import pytest

import ligero as lg
from conftest import assert_gradcheck, randn

torch = pytest.importorskip("torch")
pytest.importorskip("torch.nn.utils.rnn")  # the cases reach it as T.nn.utils.rnn

TOL = 1e-7
IDX = [2, 0, 2]


def _tensor(T, a):
    return T.tensor(np.asarray(a, dtype=np.float64), requires_grad=True)


CASES = {
    "einsum ellipsis": (lambda T, a, b: T.einsum("...ij,...jk->...ik", a, b), [randn(2, 3, 4), randn(2, 4, 2, seed=1)]),
    "einsum broadcast vec": (lambda T, a, v: T.einsum("...j,j->...", a, v), [randn(2, 3, 4), randn(4, seed=1)]),
    "einsum trace": (lambda T, m: T.einsum("ii", m), [randn(3, 3)]),
    "einsum diagonal": (lambda T, m: T.einsum("...ii->...i", m), [randn(2, 3, 3)]),
    "einsum implicit": (lambda T, a, b: T.einsum("...ij,jk", a, b), [randn(2, 3, 4), randn(4, 2, seed=1)]),
    "kron": (lambda T, a, b: T.kron(a, b), [randn(2, 3), randn(3, 2, seed=1)]),
    "cdist p2": (lambda T, a, b: T.cdist(a, b), [randn(4, 3), randn(5, 3, seed=1)]),
    "cdist p1": (lambda T, a, b: T.cdist(a, b, p=1.0), [randn(4, 3), randn(5, 3, seed=1)]),
    "cdist p3": (lambda T, a, b: T.cdist(a, b, p=3.0), [randn(2, 4, 3), randn(2, 5, 3, seed=1)]),
    "cdist inf": (lambda T, a, b: T.cdist(a, b, p=float("inf")), [randn(4, 3), randn(5, 3, seed=1)]),
    "cross": (lambda T, a, b: T.cross(a, b, dim=1), [randn(4, 3), randn(4, 3, seed=1)]),
    "addmm": (lambda T, m, a, b: T.addmm(m, a, b, beta=0.5, alpha=2.0), [randn(2, 3), randn(2, 4, seed=1),
                                                                        randn(4, 3, seed=2)]),
    "baddbmm": (lambda T, m, a, b: T.baddbmm(m, a, b, alpha=0.3), [randn(2, 2, 3), randn(2, 2, 4, seed=1),
                                                                 randn(2, 4, 3, seed=2)]),
    "inner": (lambda T, a, b: T.inner(a, b), [randn(2, 4), randn(3, 4, seed=1)]),
    "diff n=2 prepend": (lambda T, x, p: T.diff(x, n=2, dim=1, prepend=p), [randn(2, 5), randn(2, 1, seed=1)]),
    "clamp tensor bounds": (lambda T, x, lo, hi: T.clamp(x, min=lo, max=hi + 1.0),
                            [randn(3, 4), randn(4, seed=1) - 0.5, randn(3, 1, seed=2)]),
    "index_add": (lambda T, a, s: a.index_add(0, T.tensor(IDX), s, alpha=0.5), [randn(4, 3), randn(3, 3, seed=1)]),
    "index_copy": (lambda T, a, s: a.index_copy(1, T.tensor([2, 0]), s), [randn(3, 4), randn(3, 2, seed=1)]),
    "masked_scatter": (lambda T, a, s: a.masked_scatter(T.tensor([[True, False, True], [False, True, False]]), s),
                       [randn(2, 3), randn(5, seed=1)]),
    "pixel_shuffle": (lambda T, x: T.nn.functional.pixel_shuffle(x, 2), [randn(1, 8, 2, 3)]),
    "pixel_unshuffle": (lambda T, x: T.nn.functional.pixel_unshuffle(x, 2), [randn(1, 2, 4, 6)]),
    "pad_sequence": (lambda T, a, b: T.nn.utils.rnn.pad_sequence([a, b], batch_first=True, padding_value=2.0),
                     [randn(3, 2), randn(1, 2, seed=1)]),
}


@pytest.mark.parametrize("name", list(CASES))
def test_gradcheck(name):
    f, arrays = CASES[name]
    assert_gradcheck(lambda *xs: f(lg, *xs), arrays)


@pytest.mark.parametrize("name", list(CASES))
def test_against_torch(name):
    f, arrays = CASES[name]
    leaves, t_leaves = [_tensor(lg, a) for a in arrays], [_tensor(torch, a) for a in arrays]
    out, t_out = f(lg, *leaves), f(torch, *t_leaves)
    np.testing.assert_allclose(out.array, t_out.detach().numpy(), rtol=TOL, atol=TOL)
    weights = randn(*out.shape, seed=99)
    out.backward(lg.tensor(weights))
    t_out.backward(torch.tensor(weights))
    for i, (leaf, t_leaf) in enumerate(zip(leaves, t_leaves)):
        t_grad = np.zeros(t_leaf.shape) if t_leaf.grad is None else t_leaf.grad.numpy()
        grad = np.zeros(leaf.array.shape) if leaf.grad is None else np.asarray(leaf.grad)
        np.testing.assert_allclose(grad, t_grad, rtol=TOL, atol=TOL, err_msg=f"gradient of input {i}")


VALUE_CASES = {
    "bucketize": lambda T: T.bucketize(T.tensor([[0.5, 1.0, 3.5], [7.0, 9.0, 5.0]]), T.tensor([1.0, 3.0, 5.0, 7.0])),
    "bucketize right": lambda T: T.bucketize(T.tensor([1.0, 3.0, 8.0]), T.tensor([1.0, 3.0, 5.0]), right=True),
    "searchsorted rows": lambda T: T.searchsorted(T.tensor([[1.0, 2.0, 3.0], [0.0, 5.0, 10.0]]),
                                                  T.tensor([[2.5, 3.0], [5.0, 11.0]]), right=True),
    "histc": lambda T: T.histc(T.tensor([1.0, 2.0, 1.0, 2.5, 4.0, 0.0, -1.0, 9.0]), bins=4, min=0, max=4),
    "histc own range": lambda T: T.histc(T.tensor([1.0, 2.0, 1.0, 2.5, 4.0]), bins=3),
    "bincount weights": lambda T: T.bincount(T.tensor([0, 2, 2, 3]), weights=T.tensor([0.5, 1.0, 1.0, 2.0]),
                                             minlength=6),
    "tril_indices": lambda T: T.tril_indices(3, 4, -1),
    "triu_indices": lambda T: T.triu_indices(4, 3, 1),
    "meshgrid xy": lambda T: T.stack(T.meshgrid(T.arange(3.0), T.arange(2.0), indexing="xy")),
    "diff bool": lambda T: T.diff(T.tensor([True, True, False, False])),
    "clamp int float bound": lambda T: T.clamp(T.tensor([-5, 0, 7]), min=0.5),
    **{f"scatter_reduce {r} {s}": (lambda T, r=r, s=s: T.zeros(4).scatter_reduce(
        0, T.tensor([0, 1, 0, 1, 2]), T.tensor([1.0, 5.0, 2.0, 8.0, 3.0]), reduce=r, include_self=s) + 0)
       for r in ("sum", "prod", "mean", "amax", "amin") for s in (True, False)},
}


@pytest.mark.parametrize("name", list(VALUE_CASES))
def test_values_against_torch(name):
    out, expected = VALUE_CASES[name](lg), VALUE_CASES[name](torch)
    assert str(out.dtype) == str(expected.dtype)
    np.testing.assert_array_equal(np.asarray(out.array), expected.numpy())


def test_scatter_reduce_refuses_a_gradient():
    src = lg.tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(RuntimeError, match="scatter_reduce"):
        lg.zeros(2).scatter_reduce(0, lg.tensor([0, 0]), src, reduce="amax")


def test_bad_inputs_get_one_clear_error():
    with pytest.raises(RuntimeError, match="bincount"):
        lg.bincount(lg.tensor([1.0, 2.0]))
    with pytest.raises(RuntimeError, match="cdist"):
        lg.cdist(lg.ones(3, 2), lg.ones(3, 4))
    with pytest.raises(RuntimeError, match="index_add"):
        lg.zeros(3, 2).index_add_(0, lg.tensor([0, 1]), lg.ones(3, 2))
    with pytest.raises(RuntimeError, match="masked_scatter"):
        lg.zeros(3).masked_scatter(lg.tensor([True, True, True]), lg.ones(2))
    with pytest.raises(RuntimeError, match="pixel_shuffle"):
        lg.nn.PixelShuffle(2)(lg.ones(1, 3, 2, 2))


def test_einsum_ellipsis_in_place_ops_write_through():
    base = lg.zeros(4, 3)
    assert base.index_add_(0, lg.tensor([0, 2, 0]), lg.ones(3, 3)) is base
    np.testing.assert_array_equal(base.array[:, 0], [2, 0, 1, 0])
