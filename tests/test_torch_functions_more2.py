"""tensordot, rot90, nan_to_num, F.scaled_dot_product_attention: central differences in float64 and torch."""

from __future__ import annotations

import numpy as np
import pytest

import ligero
import ligero.nn.functional as F
from ligero.gradcheck import gradcheck


def _t(*shape: int, seed: int = 0) -> ligero.Tensor:
    return ligero.tensor(np.random.default_rng(seed).standard_normal(shape), dtype=ligero.float64)


def test_gradients_match_central_differences() -> None:
    a, b = _t(2, 3, 4), _t(4, 3, 5, seed=1)
    assert gradcheck(lambda x, y: ligero.tensordot(x, y, dims=([1, 2], [1, 0])), [a, b]) < 1e-7
    assert gradcheck(lambda x: ligero.rot90(x, 1, (1, 2)), [a]) < 1e-7
    q, k, v = _t(2, 4, 3), _t(2, 5, 3, seed=2), _t(2, 5, 2, seed=3)
    mask = np.random.default_rng(4).random((4, 5)) > 0.3
    mask[:, 0] = True  # every query may attend somewhere
    assert gradcheck(lambda x, y, z: F.scaled_dot_product_attention(x, y, z, attn_mask=mask), [q, k, v]) < 1e-7
    assert gradcheck(lambda x, y, z: F.scaled_dot_product_attention(x, y, z, is_causal=True, scale=0.3),
                     [_t(2, 5, 3, seed=5), k, v]) < 1e-7
    x = ligero.tensor(np.array([1.0, np.nan, 2.0, np.inf]), requires_grad=True, dtype=ligero.float64)
    (ligero.nan_to_num(x) * ligero.tensor([1.0, 2.0, 3.0, 4.0], dtype=ligero.float64)).sum().backward()
    assert x.grad.tolist() == [1.0, 0.0, 3.0, 0.0]  # no gradient where a value was replaced


def test_grouped_query_attention_and_errors_match_torch() -> None:
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(6)
    q, k, v = rng.standard_normal((1, 4, 3, 8)), rng.standard_normal((1, 2, 5, 8)), rng.standard_normal((1, 2, 5, 6))
    want = torch.nn.functional.scaled_dot_product_attention(*map(torch.from_numpy, (q, k, v)), enable_gqa=True)
    got = F.scaled_dot_product_attention(*map(ligero.from_numpy, (q, k, v)), enable_gqa=True)
    np.testing.assert_allclose(got.numpy(), want.numpy(), rtol=1e-12)
    with pytest.raises(RuntimeError, match="attn_mask should not be set when is_causal"):
        F.scaled_dot_product_attention(*map(ligero.from_numpy, (q, q, q)), attn_mask=np.ones((3, 3), bool),
                                       is_causal=True)
    with pytest.raises(RuntimeError, match="contracted dimensions need to match"):
        ligero.tensordot(ligero.ones(2, 3), ligero.ones(4, 2), dims=1)
    with pytest.raises(RuntimeError, match="Invalid precision"):
        ligero.set_float32_matmul_precision("low")


def test_new_losses_match_central_differences() -> None:
    x, y = _t(4, 3, seed=7), _t(4, 3, seed=8)
    var = ligero.tensor(np.random.default_rng(9).random((4, 3)) + 0.1, dtype=ligero.float64)
    counts = ligero.tensor(np.random.default_rng(10).integers(0, 5, (4, 3)).astype(np.float64), dtype=ligero.float64)
    labels = ligero.tensor((np.random.default_rng(11).random((4, 3)) > 0.5).astype(np.float64), dtype=ligero.float64)
    assert gradcheck(lambda a, v: F.gaussian_nll_loss(a, y, v, full=True), [x, var]) < 1e-7
    assert gradcheck(lambda a: F.poisson_nll_loss(a, counts, full=True), [x]) < 1e-7
    assert gradcheck(lambda a, p, n: F.triplet_margin_loss(a, p, n, swap=True), [x, y, _t(4, 3, seed=12)]) < 1e-7
    assert gradcheck(lambda a: F.multilabel_soft_margin_loss(a, labels), [x]) < 1e-7
    with pytest.raises(ValueError, match="negative"):
        F.gaussian_nll_loss(x, y, ligero.tensor(-np.ones((4, 3))))


def test_instance_norm_gradients_and_layouts() -> None:
    norm = ligero.nn.InstanceNorm2d(2, affine=True).double()
    x = _t(2, 2, 3, 4, seed=13)
    assert gradcheck(lambda a: norm(a), [x]) < 1e-7
    with pytest.raises(ValueError, match="expected 3D or 4D input"):
        norm(ligero.ones(2, 3))
