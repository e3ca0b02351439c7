"""F.unfold / F.fold (nn.Unfold / nn.Fold): values and gradients against real torch, and central differences."""

from __future__ import annotations

import numpy as np
import pytest

import ligero
import ligero.nn as lnn
import ligero.nn.functional as F
from ligero.errors import ShapeError
from ligero.gradcheck import gradcheck

CASES = [  # kernel_size, dilation, padding, stride
    (2, 1, 0, 1), (3, 1, 1, 1), ((2, 3), 1, (1, 0), (2, 1)), (3, 2, 2, 2), (1, 1, 0, 3),
]


@pytest.mark.parametrize(("kernel", "dilation", "padding", "stride"), CASES)
def test_unfold_and_fold_match_torch(kernel, dilation, padding, stride) -> None:
    torch = pytest.importorskip("torch")
    x = np.random.default_rng(0).standard_normal((2, 3, 7, 6))
    tx = torch.from_numpy(x).requires_grad_()
    lx = ligero.tensor(x, requires_grad=True, dtype=ligero.float64)
    want = torch.nn.functional.unfold(tx, kernel, dilation, padding, stride)
    got = F.unfold(lx, kernel, dilation, padding, stride)
    np.testing.assert_allclose(got.detach().numpy(), want.detach().numpy(), rtol=1e-12)
    weights = np.random.default_rng(1).standard_normal(want.shape)
    (want * torch.from_numpy(weights)).sum().backward()
    (got * ligero.from_numpy(weights)).sum().backward()
    np.testing.assert_allclose(lx.grad.numpy(), tx.grad.numpy(), rtol=1e-12)
    cols = np.random.default_rng(2).standard_normal(want.shape)
    tc = torch.from_numpy(cols).requires_grad_()
    lc = ligero.tensor(cols, requires_grad=True, dtype=ligero.float64)
    folded_t = torch.nn.functional.fold(tc, (7, 6), kernel, dilation, padding, stride)
    folded_l = lnn.Fold((7, 6), kernel, dilation, padding, stride)(lc)
    np.testing.assert_allclose(folded_l.detach().numpy(), folded_t.detach().numpy(), rtol=1e-12)
    (folded_t * torch.from_numpy(x)).sum().backward()
    (folded_l * ligero.from_numpy(x)).sum().backward()
    np.testing.assert_allclose(lc.grad.numpy(), tc.grad.numpy(), rtol=1e-12)
    assert repr(lnn.Unfold(kernel, dilation, padding, stride)) == repr(
        torch.nn.Unfold(kernel, dilation, padding, stride))


@pytest.mark.parametrize(("kernel", "dilation", "padding", "stride"), CASES[:3])
def test_gradients_match_central_differences(kernel, dilation, padding, stride) -> None:
    x = ligero.tensor(np.random.default_rng(3).standard_normal((1, 2, 5, 5)), dtype=ligero.float64)
    assert gradcheck(lambda t: F.unfold(t, kernel, dilation, padding, stride), [x]) < 1e-7
    cols = F.unfold(x, kernel, dilation, padding, stride).detach()
    assert gradcheck(lambda t: F.fold(t, (5, 5), kernel, dilation, padding, stride), [cols]) < 1e-7


def test_unbatched_inputs_and_clear_errors() -> None:
    x = ligero.ones(3, 4, 4)
    cols = F.unfold(x, 2)
    assert tuple(cols.shape) == (12, 9)
    assert tuple(F.fold(cols, 4, 2).shape) == (3, 4, 4)
    np.testing.assert_array_equal(F.fold(F.unfold(ligero.ones(1, 1, 3, 3), 2), 3, 2).numpy()[0, 0],
                                  [[1, 2, 1], [2, 4, 2], [1, 2, 1]])  # each position counted once per block
    with pytest.raises(ShapeError, match="does not fit"):
        F.fold(ligero.ones(1, 5, 9), (4, 4), 2)
    with pytest.raises(ShapeError, match="3D or 4D"):
        F.unfold(ligero.ones(4, 4), 2)
