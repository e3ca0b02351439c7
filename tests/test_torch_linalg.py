"""``ligero.linalg`` (torch.linalg): float64 central-difference checks of every differentiable function,
the same code on real torch (values and input gradients), result fields, and bad input."""

from __future__ import annotations

import numpy as np
import pytest

import ligero as lg
from conftest import assert_gradcheck, randn

torch = pytest.importorskip("torch")

TOL = 1e-7


def _tensor(T, a):
    return T.tensor(np.asarray(a, dtype=np.float64), requires_grad=True)


def _spd(T, a):
    """A symmetric positive-definite matrix from any square ``a``: a aᵀ + n I."""
    return a @ a.mT + a.shape[-1] * T.eye(a.shape[-1], dtype=a.dtype)


def _eigh_invariants(T, a):
    """Eigenvalues, the squared eigenvectors and one eigenvector's projector: free of the vectors' signs."""
    w, v = T.linalg.eigh(a + a.mT)
    return T.cat([w.flatten(), (v * v).flatten(), (v[..., :, :1] * v[..., :, :1].mT).flatten()])


def _svd_invariants(T, a):
    u, s, vh = T.linalg.svd(a, full_matrices=False)
    return T.cat([s.flatten(), (u * u).flatten(), (vh * vh).flatten(), (u[..., :, :1] * vh[..., :1, :]).flatten()])


def _qr(T, a, mode="reduced"):
    q, r = T.linalg.qr(a, mode)
    return T.cat([q.flatten(), r.flatten()])


SQUARE, TALL, WIDE = randn(2, 3, 3), randn(2, 4, 3, seed=1), randn(3, 5, seed=2)

CASES = {
    "vector_norm 2": (lambda T, x: T.linalg.vector_norm(x), [randn(3, 4)]),
    "vector_norm 3 dim keepdim": (lambda T, x: T.linalg.vector_norm(x, 3, dim=(0, 2), keepdim=True), [randn(2, 3, 4)]),
    "vector_norm 1": (lambda T, x: T.linalg.vector_norm(x, 1, dim=-1), [randn(3, 4)]),
    "vector_norm 0.5": (lambda T, x: T.linalg.vector_norm(x, 0.5, dim=1), [randn(3, 4)]),
    "vector_norm inf": (lambda T, x: T.linalg.vector_norm(x, float("inf"), dim=1), [randn(3, 4)]),
    "vector_norm -inf": (lambda T, x: T.linalg.vector_norm(x, float("-inf")), [randn(3, 4)]),
    "norm default": (lambda T, x: T.linalg.norm(x), [randn(2, 3, 4)]),
    "norm vector ord": (lambda T, x: T.linalg.norm(x, 3), [randn(5)]),
    "norm matrix ord": (lambda T, x: T.linalg.norm(x, "nuc"), [WIDE]),
    "norm dim pair": (lambda T, x: T.linalg.norm(x, 1, dim=(2, 0), keepdim=True), [TALL]),
    **{f"matrix_norm {o}": (lambda T, x, o=o: T.linalg.matrix_norm(x, o), [TALL])
       for o in ("fro", "nuc", 2, -2, 1, -1, float("inf"), float("-inf"))},
    "matrix_norm nuc dims keepdim": (lambda T, x: T.linalg.matrix_norm(x, "nuc", dim=(0, 2), keepdim=True), [TALL]),
    "inv": (lambda T, a: T.linalg.inv(a), [SQUARE]),
    "det": (lambda T, a: T.linalg.det(a), [SQUARE]),
    "slogdet": (lambda T, a: T.linalg.slogdet(a).logabsdet * T.linalg.slogdet(a).sign, [SQUARE]),
    "solve": (lambda T, a, b: T.linalg.solve(a, b), [SQUARE, randn(2, 3, 2, seed=3)]),
    "solve vectors": (lambda T, a, b: T.linalg.solve(a, b), [SQUARE, randn(2, 3, seed=3)]),
    "solve broadcast": (lambda T, a, b: T.linalg.solve(a, b), [SQUARE[0], randn(4, 3, 2, seed=3)]),
    "solve left=False": (lambda T, a, b: T.linalg.solve(a, b, left=False), [SQUARE, randn(2, 2, 3, seed=3)]),
    "cholesky": (lambda T, a: T.linalg.cholesky(_spd(T, a)), [SQUARE]),
    "cholesky upper": (lambda T, a: T.linalg.cholesky(_spd(T, a), upper=True), [SQUARE]),
    "qr square": (lambda T, a: _qr(T, a), [SQUARE]),
    "qr tall": (lambda T, a: _qr(T, a), [TALL]),
    "qr wide": (lambda T, a: _qr(T, a), [WIDE]),
    "qr complete square": (lambda T, a: _qr(T, a, "complete"), [SQUARE]),
    "eigh": (_eigh_invariants, [SQUARE]),
    "eigvalsh U": (lambda T, a: T.linalg.eigvalsh(a + a.mT, "U"), [SQUARE]),
    "svd tall": (_svd_invariants, [TALL]),
    "svd wide": (_svd_invariants, [WIDE]),
    "svdvals": (lambda T, a: T.linalg.svdvals(a), [TALL]),
    "pinv tall": (lambda T, a: T.linalg.pinv(a), [TALL]),
    "pinv wide": (lambda T, a: T.linalg.pinv(a), [WIDE]),
    "lstsq solution": (lambda T, a, b: T.linalg.lstsq(a, b).solution, [TALL, randn(2, 4, 2, seed=3)]),
    "lstsq gelsd residuals": (lambda T, a, b: T.linalg.lstsq(a, b, driver="gelsd").residuals,
                              [TALL, randn(2, 4, 2, seed=3)]),
    "cross": (lambda T, a, b: T.linalg.cross(a, b), [randn(4, 3), randn(1, 3, seed=1)]),
    "multi_dot": (lambda T, a, b, c: T.linalg.multi_dot([a, b, c]),
                  [randn(3), randn(3, 4, seed=1), randn(4, 2, seed=2)]),
    "matrix_power -2": (lambda T, a: T.linalg.matrix_power(a, -2), [SQUARE]),
    "matrix_power 5": (lambda T, a: T.linalg.matrix_power(a, 5), [SQUARE]),
    "vecdot": (lambda T, a, b: T.linalg.vecdot(a, b), [randn(2, 3), randn(3, seed=1)]),
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
    assert tuple(out.shape) == tuple(t_out.shape)
    np.testing.assert_allclose(out.array, t_out.detach().numpy(), rtol=TOL, atol=TOL)
    weights = randn(*out.shape, seed=99)
    out.backward(lg.tensor(weights))
    t_out.backward(torch.tensor(weights))
    for i, (leaf, t_leaf) in enumerate(zip(leaves, t_leaves)):
        t_grad = np.zeros(t_leaf.shape) if t_leaf.grad is None else t_leaf.grad.numpy()
        grad = np.zeros(leaf.array.shape) if leaf.grad is None else np.asarray(leaf.grad)
        np.testing.assert_allclose(grad, t_grad, rtol=1e-6, atol=1e-6, err_msg=f"gradient of input {i}")


def test_det_gradient_of_a_singular_matrix_is_its_cofactor_matrix():
    a = np.array([[1.0, 2.0], [2.0, 4.0]])
    assert_gradcheck(lambda x: lg.linalg.det(x), [a])
    x = lg.tensor(a, requires_grad=True)
    lg.linalg.det(x).backward()
    np.testing.assert_allclose(x.grad.numpy(), [[4.0, -2.0], [-2.0, 1.0]], atol=1e-12)


def test_results_have_torchs_fields_shapes_and_dtypes():
    a32 = randn(2, 4, 3).astype(np.float32)
    for T in (lg, torch):
        x = T.tensor(a32)
        res = T.linalg.lstsq(x, T.ones(2, 4, 1))
        assert (res.solution.shape, res.residuals.shape, res.rank.tolist(), res.singular_values.shape) == (
            (2, 3, 1), (0,), [3, 3], (0,))
        assert str(res.rank.dtype) == "torch.int64" and str(res.solution.dtype) == "torch.float32"
        assert T.linalg.qr(x, "r").Q.shape == (0,) and T.linalg.qr(x, "complete").Q.shape == (2, 4, 4)
        assert [tuple(t.shape) for t in T.linalg.svd(x)] == [(2, 4, 4), (2, 3), (2, 3, 3)]
        assert T.linalg.eigh(T.eye(3)).eigenvalues.tolist() == [1.0, 1.0, 1.0]
        assert T.linalg.matrix_rank(T.ones(3, 3)).item() == 1
        assert T.linalg.matrix_rank(x, atol=10.0).tolist() == [0, 0]


def test_pinv_of_a_rank_deficient_matrix_matches_torch():
    a = np.array([[1.0, 2.0, 3.0], [2.0, 4.0, 6.0], [1.0, 0.0, 1.0]])
    np.testing.assert_allclose(lg.linalg.pinv(lg.tensor(a)).numpy(), torch.linalg.pinv(torch.tensor(a)).numpy(),
                               atol=1e-10)


def test_backward_where_torch_refuses_it():
    x = lg.tensor(TALL, requires_grad=True)
    with pytest.raises(RuntimeError, match="mode='r'"):
        lg.linalg.qr(x, "r").R.sum().backward()
    with pytest.raises(RuntimeError, match="complete"):
        lg.linalg.qr(x, "complete").R.sum().backward()


def test_bad_inputs_get_one_clear_error():
    with pytest.raises(lg.linalg.LinAlgError, match="(?i)singular"):
        lg.linalg.inv(lg.zeros(2, 2))
    with pytest.raises(RuntimeError, match=r"\(2, 2\).*positive-definite"):
        lg.linalg.cholesky(-lg.eye(2))
    with pytest.raises(RuntimeError, match=r"square.*\(2, 3\)"):
        lg.linalg.det(lg.ones(2, 3))
    with pytest.raises(RuntimeError, match="at least 2 dimensions"):
        lg.linalg.inv(lg.ones(3))
    with pytest.raises(RuntimeError, match="floating point"):
        lg.linalg.inv(lg.tensor([[1, 2], [3, 4]]))
    with pytest.raises(RuntimeError, match=r"incompatible shapes.*\(3, 3\).*\(2,\)"):
        lg.linalg.solve(lg.eye(3), lg.ones(2))
    with pytest.raises(RuntimeError, match="Order 3 not supported"):
        lg.linalg.matrix_norm(lg.ones(2, 2), 3)
    with pytest.raises(RuntimeError, match="dim must be a 2-tuple"):
        lg.linalg.matrix_norm(lg.ones(2, 2), dim=0)
    with pytest.raises(RuntimeError, match="tensor 1 must be 2D"):
        lg.linalg.multi_dot([lg.ones(2, 2), lg.ones(2), lg.ones(2, 2)])
    with pytest.raises(RuntimeError, match="driver"):
        lg.linalg.lstsq(lg.ones(3, 2), lg.ones(3, 1), driver="fast")
