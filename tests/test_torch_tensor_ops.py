"""Every new differentiable op of the PyTorch face: a float64 central-difference check and the
same code run on real torch (forward values and input gradients to 1e-7).

Each case is a function ``f(T, *xs)`` written once against a torch-like module ``T`` and run
with ``T = ligero`` and ``T = torch``.
"""

from __future__ import annotations

import numpy as np
import pytest

import ligero as lg
from conftest import assert_gradcheck, away_from_zero, positive, randn

torch = pytest.importorskip("torch")

TOL = 1e-7


def _tensor(T, a):
    return T.tensor(np.asarray(a, dtype=np.float64), requires_grad=True)


CASES = {
    "log1p": (lambda T, x: x.log1p(), [positive(3, 4)]),
    "expm1": (lambda T, x: x.expm1(), [randn(3, 4)]),
    "rsqrt": (lambda T, x: x.rsqrt(), [positive(3, 4)]),
    "sin": (lambda T, x: T.sin(x), [randn(3, 4)]),
    "cos": (lambda T, x: T.cos(x), [randn(3, 4)]),
    "tan": (lambda T, x: x.tan(), [randn(3, 4) * 0.5]),
    "asin": (lambda T, x: T.asin(x), [randn(3, 4) * 0.3]),
    "arccos": (lambda T, x: x.arccos(), [randn(3, 4) * 0.3]),
    "atan": (lambda T, x: x.atan(), [randn(3, 4)]),
    "sinh": (lambda T, x: T.sinh(x), [randn(3, 4)]),
    "cosh": (lambda T, x: x.cosh(), [randn(3, 4)]),
    "asinh": (lambda T, x: T.arcsinh(x), [randn(3, 4)]),
    "acosh": (lambda T, x: x.acosh(), [positive(3, 4) + 1.1]),
    "atanh": (lambda T, x: T.atanh(x), [randn(3, 4) * 0.3]),
    "log2": (lambda T, x: x.log2(), [positive(3, 4)]),
    "log10": (lambda T, x: T.log10(x), [positive(3, 4)]),
    "exp2": (lambda T, x: T.exp2(x), [randn(3, 4)]),
    "erfc": (lambda T, x: x.erfc(), [randn(3, 4)]),
    "atan2": (lambda T, y, x: T.atan2(y, x), [randn(3, 4), away_from_zero(3, 4, seed=1)]),
    "atan2 broadcast": (lambda T, y, x: y.arctan2(x), [randn(3, 4), away_from_zero(4, seed=1)]),
    "reciprocal": (lambda T, x: x.reciprocal(), [away_from_zero(3, 4)]),
    "square": (lambda T, x: T.square(x), [randn(3, 4)]),
    "erf": (lambda T, x: T.erf(x), [randn(3, 4)]),
    "frac": (lambda T, x: x.frac(), [randn(3, 4) * 3 + 0.01]),
    "clamp both": (lambda T, x: x.clamp(-0.5, 0.5), [away_from_zero(3, 4)]),
    "clamp min": (lambda T, x: T.clamp(x, min=0.3), [away_from_zero(3, 4)]),
    "lerp": (lambda T, a, b: T.lerp(a, b, 0.3), [randn(3, 4), randn(3, 4, seed=1)]),
    "lerp tensor weight": (lambda T, a, b, w: a.lerp(b, w), [randn(3, 4), randn(3, 4, seed=1), randn(4, seed=2)]),
    "addcmul": (lambda T, a, b, c: T.addcmul(a, b, c, value=0.5), [randn(3, 4), randn(3, 4, seed=1), randn(4, seed=2)]),
    "addcdiv": (lambda T, a, b, c: a.addcdiv(b, c, value=2), [randn(3, 4), randn(3, 4, seed=1), positive(3, 4)]),
    "remainder": (lambda T, a: a % 0.7, [positive(3, 4) + 0.013]),
    "remainder of two": (lambda T, a, b: T.remainder(a, b), [randn(3, 4) * 3 + 0.013, away_from_zero(4, seed=1)]),
    "fmod": (lambda T, a, b: T.fmod(a, b), [randn(3, 4) * 3 + 0.013, away_from_zero(4, seed=1)]),
    "fmod number": (lambda T, a: a.fmod(-0.7), [randn(3, 4) * 3 + 0.013]),
    "hypot": (lambda T, a, b: T.hypot(a, b), [randn(3, 4), away_from_zero(3, 4, seed=1)]),
    "logaddexp": (lambda T, a, b: T.logaddexp(a, b), [randn(3, 4), randn(4, seed=1)]),
    "logcumsumexp": (lambda T, x: T.logcumsumexp(x, 1), [randn(3, 4)]),
    "copysign": (lambda T, a, b: T.copysign(a, b), [away_from_zero(3, 4), randn(3, 4, seed=1)]),
    "diagonal": (lambda T, x: x.reshape(3, 2, 2).diagonal(1, 0, 2), [randn(3, 4)]),
    "cov": (lambda T, x: T.cov(x), [randn(3, 4)]),
    "corrcoef": (lambda T, x: T.corrcoef(x), [randn(3, 4)]),
    "logdet": (lambda T, x: T.logdet(x @ x.T + T.eye(3, dtype=x.dtype)), [randn(3, 4)]),
    "take_along_dim": (lambda T, x: T.take_along_dim(x, T.tensor([[0, 3], [1, 1], [2, 0]]), 1), [randn(3, 4)]),
    "prod": (lambda T, x: x.prod(), [randn(2, 3)]),
    "prod dim": (lambda T, x: x.prod(1, keepdim=True), [randn(3, 4)]),
    "prod with a zero": (lambda T, x: x.prod(0), [np.array([[0.0, 2.0], [3.0, 0.5], [1.5, -1.0]])]),
    "cumsum": (lambda T, x: x.cumsum(1), [randn(3, 4)]),
    "cumsum dim 0": (lambda T, x: T.cumsum(x, dim=0), [randn(3, 4)]),
    "cumprod": (lambda T, x: x.cumprod(1), [away_from_zero(3, 4)]),
    "max dim": (lambda T, x: x.max(dim=1).values, [randn(3, 4)]),
    "min dim keepdim": (lambda T, x: T.min(x, 0, keepdim=True)[0], [randn(3, 4)]),
    "var": (lambda T, x: x.var(), [randn(3, 4)]),
    "var dim biased": (lambda T, x: x.var(1, unbiased=False), [randn(3, 4)]),
    "std correction": (lambda T, x: T.std(x, dim=0, correction=0), [randn(3, 4)]),
    "logsumexp": (lambda T, x: x.logsumexp(1), [randn(3, 4) * 10]),
    "norm": (lambda T, x: x.norm(), [randn(3, 4)]),
    "norm dim": (lambda T, x: T.norm(x, dim=1), [randn(3, 4)]),
    "norm 1": (lambda T, x: x.norm(1), [away_from_zero(3, 4)]),
    "permute": (lambda T, x: x.permute(2, 0, 1), [randn(2, 3, 4)]),
    "transpose swap": (lambda T, x: x.transpose(0, 2), [randn(2, 3, 4)]),
    "mT": (lambda T, x: x.mT, [randn(2, 3, 4)]),
    "unsqueeze squeeze": (lambda T, x: x.unsqueeze(1).squeeze(), [randn(3, 4)]),
    "flatten": (lambda T, x: x.flatten(1), [randn(2, 3, 4)]),
    "expand": (lambda T, x: x.expand(2, 3, 4), [randn(3, 1)]),
    "repeat": (lambda T, x: x.repeat(2, 1, 3), [randn(3, 2)]),
    "chunk": (lambda T, x: x.chunk(2, dim=1)[1], [randn(3, 5)]),
    "split sizes": (lambda T, x: T.split(x, [1, 3], dim=1)[1], [randn(3, 4)]),
    "unbind": (lambda T, x: x.unbind(1)[2], [randn(3, 4)]),
    "flip": (lambda T, x: x.flip(0, 1), [randn(3, 4)]),
    "roll": (lambda T, x: x.roll(1, 0), [randn(3, 4)]),
    "roll flat": (lambda T, x: T.roll(x, 5), [randn(3, 4)]),
    "narrow": (lambda T, x: x.narrow(1, 1, 2), [randn(3, 4)]),
    "clone": (lambda T, x: x.clone() * 2, [randn(3, 4)]),
    "cat": (lambda T, a, b: T.cat([a, b], dim=1), [randn(2, 3), randn(2, 2, seed=1)]),
    "stack": (lambda T, a, b: T.stack([a, b], dim=1), [randn(2, 3), randn(2, 3, seed=1)]),
    "gather": (lambda T, x: x.gather(1, T.tensor([[2, 0, 2], [1, 1, 0], [3, 3, 3]])), [randn(3, 4)]),
    "scatter": (lambda T, x, s: x.scatter(1, T.tensor([[0, 2], [1, 3], [3, 0]]), s),
                [randn(3, 4), randn(3, 2, seed=1)]),
    "scatter_add": (lambda T, x, s: x.scatter_add(0, T.tensor([[0, 2, 0, 1], [0, 0, 1, 1]]), s),
                    [randn(3, 4), randn(2, 4, seed=1)]),
    "index_select": (lambda T, x: x.index_select(1, T.tensor([3, 0, 3])), [randn(3, 4)]),
    "masked_fill": (lambda T, x: x.masked_fill(T.tensor([True, False, True, False]), 0.5), [randn(3, 4)]),
    "masked_select": (lambda T, x: x.masked_select(T.tensor([[True], [False], [True]])), [randn(3, 4)]),
    "where scalar": (lambda T, x: T.where(x > 0, x, 0.25), [away_from_zero(3, 4)]),
    "sort": (lambda T, x: x.sort(dim=1, descending=True).values, [randn(3, 4)]),
    "topk": (lambda T, x: x.topk(2, dim=0).values, [randn(3, 4)]),
    "index list": (lambda T, x: x[[0, 2, 2], [1, 1, 3]], [randn(3, 4)]),
    "index ints and array": (lambda T, x: x[1, :, [0, 2]], [randn(2, 3, 4)]),
    "index mask": (lambda T, x: x[x > 0], [away_from_zero(3, 4)]),
    "index None Ellipsis": (lambda T, x: x[None, ..., 1:], [randn(3, 4)]),
    "mm": (lambda T, a, b: T.mm(a, b), [randn(3, 4), randn(4, 2, seed=1)]),
    "bmm": (lambda T, a, b: a.bmm(b), [randn(2, 3, 4), randn(2, 4, 2, seed=1)]),
    "outer": (lambda T, a, b: T.outer(a, b), [randn(3), randn(4, seed=1)]),
    "dot": (lambda T, a, b: a.dot(b), [randn(4), randn(4, seed=1)]),
    "einsum matmul": (lambda T, a, b: T.einsum("ij,jk->ik", a, b), [randn(3, 4), randn(4, 2, seed=1)]),
    "einsum batch": (lambda T, a, b: T.einsum("bij,bkj->bik", a, b), [randn(2, 3, 4), randn(2, 5, 4, seed=1)]),
    "einsum reduce": (lambda T, a: T.einsum("ijk->j", a), [randn(2, 3, 4)]),
    "einsum three": (lambda T, a, b, c: T.einsum("i,ij,j->", a, b, c),
                     [randn(3), randn(3, 4, seed=1), randn(4, seed=2)]),
    "einsum implicit": (lambda T, a, b: T.einsum("ij,jk", a, b), [randn(3, 4), randn(4, 2, seed=1)]),
    "tril": (lambda T, x: x.tril(-1), [randn(4, 4)]),
    "triu": (lambda T, x: T.triu(x, 1), [randn(3, 4)]),
    "diag of a matrix": (lambda T, x: x.diag(1), [randn(4, 4)]),
    "diag of a vector": (lambda T, x: T.diag(x, -1), [randn(3)]),
    "trace": (lambda T, x: x.trace(), [randn(4, 4)]),
    "setitem slice": (lambda T, x, v: _assigned(x, v), [randn(3, 4), randn(2, seed=1)]),
    "softmax dim": (lambda T, x: x.softmax(dim=0), [randn(3, 4)]),
    "to float32 and back": (lambda T, x: x.float().double() * x, [randn(3, 4)]),
}


def _assigned(x, v):
    y = x * 1.0
    y[1, 1:3] = v * 2
    return y


# a float32 round trip is too coarse for central differences: compared with torch only
NOT_FLOAT64 = {"to float32 and back"}


@pytest.mark.parametrize("name", [n for n in CASES if n not in NOT_FLOAT64])
def test_gradcheck(name):
    f, arrays = CASES[name]
    assert_gradcheck(lambda *xs: f(lg, *xs), arrays)


@pytest.mark.parametrize("name", list(CASES))
def test_against_torch(name):
    f, arrays = CASES[name]
    leaves = [_tensor(lg, a) for a in arrays]
    t_leaves = [_tensor(torch, a) for a in arrays]
    out, t_out = f(lg, *leaves), f(torch, *t_leaves)
    expected = t_out.detach().numpy()
    assert tuple(out.shape) == expected.shape and str(out.dtype) == str(t_out.dtype)
    np.testing.assert_allclose(out.array, expected, rtol=TOL, atol=TOL)
    weights = randn(*out.shape, seed=99)
    out.backward(lg.tensor(weights))
    t_out.backward(torch.tensor(weights))
    for i, (leaf, t_leaf) in enumerate(zip(leaves, t_leaves)):
        t_grad = np.zeros(t_leaf.shape) if t_leaf.grad is None else t_leaf.grad.numpy()
        grad = np.zeros(leaf.array.shape) if leaf.grad is None else np.asarray(leaf.grad)
        np.testing.assert_allclose(grad, t_grad, rtol=TOL, atol=TOL, err_msg=f"gradient of input {i}")


@pytest.mark.parametrize("name", ["asin", "acos", "atan", "sinh", "cosh", "asinh", "atanh", "log2", "log10", "exp2",
                                  "erfc"])
def test_inverse_trig_and_hyperbolic_take_torch_dtypes(name):
    """Integer input gives float32 and float32 stays float32, as in torch; values as torch's."""
    ints = np.array([0, 1, 2], dtype=np.int64)
    floats = np.array([0.1, 0.5, 0.9], dtype=np.float32)
    for values in (ints, floats):
        ours = getattr(lg, name)(lg.tensor(values))
        theirs = getattr(torch, name)(torch.tensor(values))
        assert str(ours.dtype) == str(theirs.dtype)
        np.testing.assert_allclose(ours.numpy(), theirs.numpy(), rtol=1e-6, equal_nan=True)


@pytest.mark.parametrize("sizes", [(3,), (0,), (2, 3), (4, 1, 5), (0, 2)])
def test_tensor_of_sizes_is_torchs_legacy_constructor_not_a_scalar_with_requires_grad(sizes):
    ours, theirs = lg.Tensor(*sizes), torch.Tensor(*sizes)
    assert tuple(ours.shape) == tuple(theirs.shape) and str(ours.dtype) == str(theirs.dtype)
    assert ours.requires_grad is theirs.requires_grad is False
    np.testing.assert_array_equal(lg.Tensor([1, 2]).numpy(), torch.Tensor([1, 2]).numpy())
    with pytest.raises(RuntimeError, match="negative dimension -3"):
        lg.Tensor(2, -3)
    with pytest.raises(RuntimeError, match="negative dimension -3"):
        torch.Tensor(2, -3)
    for number in (3, 0, -2):  # the functions keep a number a number
        for make in ("tensor", "as_tensor"):
            ours, theirs = getattr(lg, make)(number), getattr(torch, make)(number)
            assert ours.shape == theirs.shape == () and str(ours.dtype) == str(theirs.dtype) == "torch.int64"
    assert (lg.tensor([1.0, 2.0]) * 3 + 1).tolist() == [4.0, 7.0] and lg.Tensor().shape == torch.Tensor().shape
