"""Module forward hooks and nn.utils.weight_norm, against real torch."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import ligero
import ligero.nn as lnn

torch = pytest.importorskip("torch")


def _pair(make_t, make_l):
    torch.manual_seed(0)
    ref, mine = make_t(), make_l()
    mine.load_state_dict({k: v.detach().numpy().copy() for k, v in ref.state_dict().items()})
    return ref, mine


def test_forward_hooks_see_and_replace_inputs_and_outputs() -> None:
    seen = []
    model = lnn.Sequential(lnn.Linear(3, 4), lnn.ReLU(), lnn.Linear(4, 2))
    handle = model[1].register_forward_hook(lambda m, args, out: seen.append((type(m).__name__, out.shape)))
    model(ligero.ones(5, 3))
    assert seen == [("ReLU", ligero.Size([5, 4]))]
    handle.remove()
    model(ligero.ones(5, 3))
    assert len(seen) == 1  # removed: not called again
    model[0].register_forward_pre_hook(lambda m, args: (args[0] * 0,))  # replaces the input
    model[2].register_forward_hook(lambda m, args, out: out + 1)  # replaces the output (on both sides below)
    np.testing.assert_allclose(model(ligero.ones(2, 3)).detach().numpy(),
                               model[2](model[1](model[0].bias.expand(2, 4))).detach().numpy(), rtol=1e-6)
    order = []
    layer = lnn.Linear(2, 2)
    layer.register_forward_hook(lambda *a: order.append("second"))
    layer.register_forward_hook(lambda *a: order.append("first"), prepend=True)
    layer.register_forward_pre_hook(lambda m, args, kwargs: (args, kwargs), with_kwargs=True)
    layer(ligero.ones(1, 2))
    assert order == ["first", "second"]
    with pytest.raises(RuntimeError, match="forward pre-hook must return None or a tuple"):
        layer.register_forward_pre_hook(lambda m, a, k: 3, with_kwargs=True)
        layer(ligero.ones(1, 2))


def test_feature_extraction_hook_matches_torch() -> None:
    ref, mine = _pair(lambda: torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.Tanh(), torch.nn.Linear(4, 2)),
                      lambda: lnn.Sequential(lnn.Linear(3, 4), lnn.Tanh(), lnn.Linear(4, 2)))
    x = np.random.default_rng(0).standard_normal((5, 3)).astype(np.float32)
    grabbed = {}
    ref[1].register_forward_hook(lambda m, a, o: grabbed.__setitem__("torch", o.detach().numpy()))
    mine[1].register_forward_hook(lambda m, a, o: grabbed.__setitem__("ligero", o.detach().numpy()))
    ref(torch.from_numpy(x))
    mine(ligero.from_numpy(x))
    np.testing.assert_allclose(grabbed["ligero"], grabbed["torch"], rtol=1e-6)


@pytest.mark.parametrize("dim", [0, 1, None])
def test_weight_norm_matches_torch(dim) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # torch deprecates the function in favour of parametrizations
        ref = torch.nn.utils.weight_norm(torch.nn.Linear(4, 3).double(), dim=dim)
    mine = lnn.utils.weight_norm(lnn.Linear(4, 3).double(), dim=dim)
    assert list(mine.state_dict()) == list(ref.state_dict())
    for k in ref.state_dict():
        assert tuple(mine.state_dict()[k].shape) == tuple(ref.state_dict()[k].shape), k
    mine.load_state_dict({k: v.detach().numpy().copy() for k, v in ref.state_dict().items()})
    with torch.no_grad():
        ref.weight_g.mul_(1.5)  # g and v now disagree with the original weight's norm
    mine.weight_g.data.mul_(1.5)
    x = np.random.default_rng(1).standard_normal((6, 4))
    out_t, out_l = ref(torch.from_numpy(x)), mine(ligero.from_numpy(x))
    np.testing.assert_allclose(out_l.detach().numpy(), out_t.detach().numpy(), rtol=1e-12)
    (out_t ** 2).sum().backward()
    (out_l ** 2).sum().backward()
    for name in ("weight_g", "weight_v", "bias"):
        np.testing.assert_allclose(getattr(mine, name).grad.numpy(), getattr(ref, name).grad.numpy(), rtol=1e-10,
                                   err_msg=name)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.nn.utils.remove_weight_norm(ref)
    lnn.utils.remove_weight_norm(mine)
    assert list(mine.state_dict()) == list(ref.state_dict())
    np.testing.assert_allclose(mine.weight.detach().numpy(), ref.weight.detach().numpy(), rtol=1e-12)


def test_weight_norm_trains_a_conv_and_refuses_twice() -> None:
    conv = lnn.utils.weight_norm(lnn.Conv2d(2, 3, 3))
    assert tuple(conv.weight_g.shape) == (3, 1, 1, 1)
    opt = ligero.optim.SGD(conv.parameters(), lr=0.1)
    x = ligero.randn(2, 2, 5, 5)
    before = conv(x).detach().numpy().copy()
    opt.zero_grad()
    conv(x).pow(2).sum().backward()
    opt.step()
    assert not np.allclose(conv(x).detach().numpy(), before)  # the hook recomputed the weight from g, v
    with pytest.raises(RuntimeError, match="two weight_norm hooks"):
        lnn.utils.weight_norm(conv)
