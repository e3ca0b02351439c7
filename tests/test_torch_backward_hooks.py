"""Module.register_full_backward_hook against torch: grad_input/grad_output, a hook replacing
grad_input, inputs that need no gradient, remove(), and a Grad-CAM-style capture."""

from __future__ import annotations

import numpy as np
import pytest

import ligero as lg

torch = pytest.importorskip("torch")


def _program(t):
    nn, seen, out = t.nn, [], []
    m = nn.Linear(2, 1)
    with t.no_grad():
        m.weight.copy_(t.tensor([[0.5, -1.0]]))
        m.bias.fill_(0.1)

    def record(mod, gi, go):
        seen.append((type(mod).__name__, [None if g is None else g.tolist() for g in gi], [g.tolist() for g in go]))

    handle = m.register_full_backward_hook(record)
    x = t.ones(3, 2, requires_grad=True)
    y = m(x)
    out.append(y.grad_fn.name())
    (y * t.tensor([[1.0], [2.0], [3.0]])).sum().backward()
    out += [x.grad.tolist(), m.weight.grad.tolist()]
    m(t.ones(3, 2)).sum().backward()  # no input needs a gradient: grad_input is (None,)
    seq = nn.Sequential(nn.Linear(2, 2), nn.ReLU())
    with t.no_grad():
        seq[0].weight.copy_(t.tensor([[0.5, -1.0], [1.0, 1.0]]))
        seq[0].bias.fill_(0.1)
    seq[1].register_full_backward_hook(lambda mod, gi, go: (gi[0] * 0,))
    x2 = t.ones(1, 2, requires_grad=True)
    seq(x2).sum().backward()
    out += [x2.grad.tolist(), seq[0].weight.grad.tolist()]
    handle.remove()
    m(x2).sum().backward()
    return seen, out


def test_full_backward_hooks_match_torch():
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = _program(torch)
    assert _program(lg) == theirs


def test_backward_hooks_leave_second_derivatives_working():
    m = lg.nn.Linear(3, 1)
    m.register_full_backward_hook(lambda mod, gi, go: None)
    x = lg.tensor(np.ones((2, 3)), requires_grad=True)
    (g,) = lg.autograd.grad(m(x).tanh().sum(), x, create_graph=True)
    assert g.requires_grad and lg.autograd.grad(g.sum(), x)[0].shape == (2, 3)
