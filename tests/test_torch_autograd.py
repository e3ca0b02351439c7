"""torch's autograd semantics on the PyTorch face: freed graphs, retain_graph, hooks,
autograd.grad, Function, grad modes, in-place rules and version checks."""

from __future__ import annotations

import numpy as np
import pytest

import ligero as torch


def test_a_second_backward_through_a_freed_graph_raises_and_retain_graph_allows_it():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = (x * x).sum()
    y.backward(retain_graph=True)
    y.backward()
    np.testing.assert_allclose(x.grad, [4.0, 8.0])
    with pytest.raises(RuntimeError, match="retain_graph=True"):
        y.backward()


def test_a_graph_of_ops_that_save_nothing_can_be_walked_twice_as_in_torch():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = (x + 1).sum()
    y.backward()
    y.backward()
    np.testing.assert_allclose(x.grad, [2.0, 2.0])


def test_grad_and_data_are_tensors_sharing_memory():
    p = torch.tensor([1.0, 2.0], requires_grad=True)
    (p * 3).sum().backward()
    assert isinstance(p.grad, torch.Tensor) and isinstance(p.data, torch.Tensor)
    p.grad.zero_()
    np.testing.assert_array_equal(p.grad_array, [0.0, 0.0])
    p.data.add_(1.0)
    np.testing.assert_array_equal(p.array, [2.0, 3.0])
    p.grad = torch.tensor([5.0, 5.0])
    with torch.no_grad():
        p -= 0.1 * p.grad
    np.testing.assert_allclose(p.array, [1.5, 2.5])
    p.grad = None
    assert p.grad is None and p.grad_array is None
    with pytest.raises(RuntimeError, match="different size"):
        p.grad = torch.zeros(3)


def test_hooks_see_and_replace_gradients_and_can_be_removed():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    seen = []
    handle = x.register_hook(lambda g: seen.append(g.tolist()))
    y = x * 2
    y.register_hook(lambda g: g * 10)
    y.sum().backward()
    assert seen == [[20.0, 20.0]]
    np.testing.assert_allclose(x.grad, [20.0, 20.0])
    handle.remove()
    x.grad = None
    (x * 2).sum().backward()
    assert seen == [[20.0, 20.0]]
    with pytest.raises(RuntimeError, match="doesn't require gradient"):
        torch.tensor([1.0]).register_hook(lambda g: g)


def test_autograd_grad_leaves_every_grad_alone_and_checks_unused_inputs():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    u = torch.tensor([3.0], requires_grad=True)
    h = x * 3
    h.retain_grad()
    (g,) = torch.autograd.grad((h * h).sum(), x, retain_graph=True)
    np.testing.assert_allclose(g, 18 * np.array([1.0, 2.0]))
    assert x.grad is None and h.grad is None
    with pytest.raises(RuntimeError, match="allow_unused"):
        torch.autograd.grad((x * x).sum(), [x, u])
    gx, gu = torch.autograd.grad((x * x).sum(), [x, u], allow_unused=True)
    assert gu is None and gx.tolist() == [2.0, 4.0]


def test_a_custom_function_records_one_node_with_its_backward():
    class Twice(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x, k):
            ctx.save_for_backward(x)
            ctx.k = k
            return x * k

        @staticmethod
        def backward(ctx, grad):
            (x,) = ctx.saved_tensors
            assert ctx.needs_input_grad == (True, False)
            return grad * ctx.k, None

    x = torch.tensor([1.0, -1.0], requires_grad=True)
    y = Twice.apply(x, 3.0)
    assert y.grad_fn.name() == "TwiceBackward" and not y.is_leaf
    y.sum().backward()
    np.testing.assert_allclose(x.grad, [3.0, 3.0])


def test_grad_modes_as_context_managers_and_decorators():
    x = torch.tensor([1.0], requires_grad=True)

    @torch.no_grad
    def bare(t):
        return t * 2

    @torch.no_grad()
    def called(t):
        return t * 2

    assert not bare(x).requires_grad and not called(x).requires_grad and torch.is_grad_enabled()
    with torch.set_grad_enabled(False):
        assert not (x * 2).requires_grad
        with torch.enable_grad():
            assert (x * 2).requires_grad
    with torch.inference_mode():
        assert not torch.is_grad_enabled()
    assert torch.is_grad_enabled()


def test_only_floating_tensors_require_grad():
    with pytest.raises(RuntimeError, match="floating point"):
        torch.tensor([1, 2], requires_grad=True)
    with pytest.raises(RuntimeError, match="floating point"):
        torch.tensor([True]).requires_grad_()


def test_in_place_on_a_leaf_that_requires_grad_raises_outside_no_grad():
    w = torch.tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(RuntimeError, match="leaf Variable"):
        w.add_(1)
    with pytest.raises(RuntimeError, match="leaf Variable"):
        w[0] = 3.0
    with torch.no_grad():
        w.mul_(2)
        w += 1
    np.testing.assert_array_equal(w.array, [3.0, 5.0])


def test_changing_a_saved_tensor_in_place_is_caught_at_backward():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = x.exp()
    z = y.sum()
    y.mul_(2)
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        z.backward()
    w = torch.tensor([1.0, 2.0], requires_grad=True)
    out = (w * w).sum()
    with torch.no_grad():
        w.add_(1)
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        out.backward()


def test_in_place_inside_a_graph_is_differentiable_and_keeps_earlier_edges():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    a = x * 2
    early = a + 1  # recorded before the change: its gradient goes to the old a
    a.mul_(3)
    (a.sum() + early.sum()).backward()
    np.testing.assert_allclose(x.grad, [8.0, 8.0])  # d(6x)/dx + d(2x + 1)/dx


def test_version_counters_and_hooks_cost_one_slot_each():
    t = torch.tensor([1.0])
    assert t._version == 0 and t._hooks is None
    assert not hasattr(t, "__dict__")
    t.add_(1)
    assert t._version > 0


def test_backward_of_a_non_scalar_needs_a_gradient():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(RuntimeError, match="scalar outputs"):
        (x * 2).backward()
    (x * 2).backward(torch.tensor([1.0, -1.0]))
    np.testing.assert_allclose(x.grad, [2.0, -2.0])


def test_a_kept_graph_backpropagated_again_accumulates_and_its_root_can_still_die():
    import gc
    import weakref

    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = (x * x * 3.0).sum()
    for _ in range(3):  # the walk's order is remembered for a kept graph: the same gradient each time
        y.backward(retain_graph=True)
    assert x.grad.tolist() == [18.0, 36.0]
    root = weakref.ref(y)
    del y
    gc.collect()
    assert root() is None  # nothing remembered keeps the root alive
