"""Small torch-face pieces found by the probe programs, each against real torch: stride(), the in-place
shape methods (t_, transpose_, unsqueeze_, squeeze_), floor_/ceil_/trunc_/round_, nn.init.dirac_, the
scheduler's state-dict flag, f-string shapes, and integer true division under set_default_dtype."""

from __future__ import annotations

import numpy as np
import pytest

import ligero
import ligero.nn as lnn

torch = pytest.importorskip("torch")


def test_stride_matches_torch() -> None:
    found = []
    for mod in (ligero, torch):
        x = mod.arange(24).view(2, 3, 4)
        found.append((x.stride(), x.stride(1), x.stride(-1), x.transpose(0, 2).stride(), x.permute(1, 0, 2).stride()))
    assert found[0] == found[1]
    with pytest.raises(IndexError, match="Dimension out of range"):
        ligero.zeros(2, 3).stride(2)


def test_inplace_shape_methods_share_memory() -> None:
    results = []
    for mod in (ligero, torch):
        base = mod.arange(6.0).view(2, 3)
        h = base.clone()
        r = h.t_()
        shapes = [r is h, tuple(h.shape), h.tolist()]
        h.unsqueeze_(0)
        shapes.append(tuple(h.shape))
        h.squeeze_()
        h.transpose_(0, 1)
        h[0, 0] = 100.0
        shapes += [tuple(h.shape), h.tolist()]
        results.append(shapes)
    assert results[0] == results[1]
    v = ligero.zeros(2, 3)
    view = v[0]
    view.unsqueeze_(0)
    view.fill_(1.0)
    assert v.tolist() == [[1.0, 1.0, 1.0], [0.0, 0.0, 0.0]]


def test_inplace_shape_method_in_a_graph_and_on_a_leaf() -> None:
    w = ligero.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    with pytest.raises(RuntimeError, match="leaf Variable"):
        w.t_()
    y = w * 2
    y.t_()
    (y * ligero.tensor([[1.0, 0.0], [0.0, 0.0]])).sum().backward()
    wt = torch.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    yt = wt * 2
    yt.t_()
    (yt * torch.tensor([[1.0, 0.0], [0.0, 0.0]])).sum().backward()
    assert y.tolist() == yt.tolist() and w.grad.tolist() == wt.grad.tolist()


def test_rounding_in_place_methods() -> None:
    for name in ("floor_", "ceil_", "trunc_", "round_"):
        a, b = ligero.tensor([-1.5, -0.5, 0.5, 2.7]), torch.tensor([-1.5, -0.5, 0.5, 2.7])
        assert getattr(a, name)() is a
        getattr(b, name)()
        assert a.tolist() == b.tolist(), name
    assert ligero.tensor([1.234]).round_(decimals=2).tolist() == pytest.approx([1.23])


@pytest.mark.parametrize(("shape", "groups"), [((4, 2, 3), 1), ((6, 3, 3, 5), 2), ((2, 4, 3, 3, 3), 1)])
def test_dirac_matches_torch(shape: tuple, groups: int) -> None:
    ours, theirs = ligero.empty(*shape), torch.empty(*shape)
    lnn.init.dirac_(ours, groups)
    torch.nn.init.dirac_(theirs, groups)
    np.testing.assert_array_equal(ours.numpy(), theirs.numpy())
    with pytest.raises(ValueError, match="3, 4, or 5"):
        lnn.init.dirac_(ligero.empty(2, 2))


def test_scheduler_state_dict_keys_match_torch() -> None:
    def keys(mod):
        opt = mod.optim.SGD(mod.nn.Linear(1, 1).parameters(), lr=1.0)
        sched = mod.optim.lr_scheduler.StepLR(opt, 2)
        opt.step()
        sched.step()
        return list(sched.state_dict())

    assert keys(ligero) == keys(torch)


def test_shape_in_an_f_string_reads_as_torch() -> None:
    x, t = ligero.zeros(16, 1, 8), torch.zeros(16, 1, 8)
    assert f"{x.shape}" == f"{t.shape}" and f"{x.shape!s:>30}" == f"{t.shape!s:>30}"
    with pytest.raises(ligero.ShapeError, match=r"\(2, 3\)"):  # ligero's own messages keep tuples
        ligero.zeros(2, 3) @ ligero.zeros(4, 5)


def test_integer_true_division_gives_the_default_dtype() -> None:
    ligero.set_default_dtype(ligero.float64)
    try:
        assert (ligero.tensor([1, 2]) / 2).dtype == ligero.float64
        assert ligero.tensor([1, 2]).exp().dtype == ligero.float64
        assert ligero.tensor([1, 2]).clamp(0.5, 1.5).dtype == ligero.float64
    finally:
        ligero.set_default_dtype(ligero.float32)
    assert (ligero.tensor([1, 2]) / 2).dtype == ligero.float32
