"""nn.RNNCell, nn.LSTMCell, nn.GRUCell against torch after loading torch's state_dict: outputs and
gradients, batched and unbatched, with and without a given state, parameter names and repr."""

from __future__ import annotations

import numpy as np
import pytest

import ligero as lg

torch = pytest.importorskip("torch")

RNG = np.random.default_rng(0)
X = RNG.normal(size=(3, 5))


def _pair(name, **kwargs):
    theirs = getattr(torch.nn, name)(5, 4, **kwargs).double()
    ours = getattr(lg.nn, name)(5, 4, **kwargs).double()
    ours.load_state_dict({k: lg.tensor(v.detach().numpy()) for k, v in theirs.state_dict().items()})
    return ours, theirs


def _flat(out):
    return out if isinstance(out, tuple) else (out,)


@pytest.mark.parametrize("name,kwargs", [("RNNCell", {}), ("RNNCell", {"nonlinearity": "relu"}),
                                         ("LSTMCell", {}), ("GRUCell", {}), ("GRUCell", {"bias": False})])
@pytest.mark.parametrize("batched", [True, False])
@pytest.mark.parametrize("with_state", [True, False])
def test_cells_match_torch(name, kwargs, batched, with_state):
    ours, theirs = _pair(name, **kwargs)
    assert [n for n, _ in ours.named_parameters()] == [n for n, _ in theirs.named_parameters()]
    assert repr(ours) == repr(theirs)
    x = X if batched else X[0]
    h = RNG.normal(size=(3, 4) if batched else (4,))
    state = None
    if with_state:
        state = (h, h * 0.5) if name == "LSTMCell" else h
    results = []
    for framework, cell in ((lg, ours), (torch, theirs)):
        xin = framework.tensor(x.copy(), requires_grad=True)
        hx = None if state is None else tuple(framework.tensor(s.copy()) for s in state) \
            if isinstance(state, tuple) else framework.tensor(state.copy())
        out = cell(xin, hx)
        sum(o.sum() * (i + 1) for i, o in enumerate(_flat(out))).backward()
        results.append(([o.detach().numpy() for o in _flat(out)], xin.grad.numpy(),
                        [p.grad.numpy() for p in cell.parameters()]))
    (o1, gx1, gp1), (o2, gx2, gp2) = results
    for a, b in zip(o1 + [gx1] + gp1, o2 + [gx2] + gp2):
        np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-12)


def test_cell_errors():
    with pytest.raises(ValueError, match="1D or 2D"):
        lg.nn.GRUCell(5, 4)(lg.zeros(2, 3, 5))
    with pytest.raises(ValueError, match="nonlinearity"):
        lg.nn.RNNCell(5, 4, nonlinearity="gelu")
