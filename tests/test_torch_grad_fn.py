"""``grad_fn`` as torch shows it: class names, ``next_functions``, ``AccumulateGrad``, against real torch."""

from __future__ import annotations

import numpy as np
import pytest

import ligero as lg
import ligero.nn.functional as LF

torch = pytest.importorskip("torch")
TF = torch.nn.functional

X = np.array([[1.0, -2.0, 0.5], [0.3, 0.2, -0.1]], dtype=np.float32)
W = np.array([[1.0, 2.0, 0.5], [0.1, 0.2, 0.3]], dtype=np.float32)
B = np.array([0.5, -0.5], dtype=np.float32)
LABELS = np.array([0, 2])

# each case: fn(framework, functional, x, w, b) -> a result of x (2, 3), w (2, 3), b (2,), all leaves
CASES = {
    "add": lambda t, F, x, w, b: x + w, "add_number": lambda t, F, x, w, b: x + 1,
    "rsub": lambda t, F, x, w, b: 1 - x, "mul": lambda t, F, x, w, b: x * 2,
    "div": lambda t, F, x, w, b: x / (w + 3), "pow_number": lambda t, F, x, w, b: x ** 2,
    "pow_base": lambda t, F, x, w, b: 2 ** x, "neg": lambda t, F, x, w, b: -x,
    "mm": lambda t, F, x, w, b: x @ w.t(), "mv": lambda t, F, x, w, b: x @ w[0],
    "dot": lambda t, F, x, w, b: x[0] @ w[0], "bmm": lambda t, F, x, w, b: x.unsqueeze(0) @ w.t().unsqueeze(0),
    "sum": lambda t, F, x, w, b: x.sum(), "sum_dim": lambda t, F, x, w, b: x.sum(1),
    "mean": lambda t, F, x, w, b: x.mean(), "mean_dim": lambda t, F, x, w, b: x.mean(0),
    "max": lambda t, F, x, w, b: x.max(), "max_dim": lambda t, F, x, w, b: x.max(dim=1).values,
    "amax": lambda t, F, x, w, b: x.amax(1), "t": lambda t, F, x, w, b: x.t(),
    "T": lambda t, F, x, w, b: x.T, "transpose": lambda t, F, x, w, b: x.transpose(0, 1),
    "permute": lambda t, F, x, w, b: x.permute(1, 0), "view": lambda t, F, x, w, b: x.view(-1),
    "flatten": lambda t, F, x, w, b: x.flatten(), "unsqueeze": lambda t, F, x, w, b: x.unsqueeze(0),
    "squeeze_dim": lambda t, F, x, w, b: x.unsqueeze(0).squeeze(0), "squeeze": lambda t, F, x, w, b: x[None].squeeze(),
    "select": lambda t, F, x, w, b: x[0], "slice": lambda t, F, x, w, b: x[:, 1:],
    "index": lambda t, F, x, w, b: x[[0, 1]], "cat": lambda t, F, x, w, b: t.cat([x, w]),
    "stack": lambda t, F, x, w, b: t.stack([x, w]), "split": lambda t, F, x, w, b: x.split(1)[0],
    "unbind": lambda t, F, x, w, b: x.unbind()[1], "narrow": lambda t, F, x, w, b: x.narrow(1, 0, 2),
    "clamp": lambda t, F, x, w, b: x.clamp(min=0), "to_double": lambda t, F, x, w, b: x.double(),
    "exp": lambda t, F, x, w, b: x.exp(), "log1p": lambda t, F, x, w, b: x.abs().log1p(),
    "unfold_windows": lambda t, F, x, w, b: x.unfold(1, 2, 1),
    "im2col": lambda t, F, x, w, b: F.unfold(x.reshape(1, 1, 2, 3), 2),
    "col2im": lambda t, F, x, w, b: F.fold(x.reshape(1, 1, 6), (2, 3), (1, 1)),
    "square": lambda t, F, x, w, b: x.square(), "relu": lambda t, F, x, w, b: F.relu(x),
    "softmax": lambda t, F, x, w, b: x.softmax(1), "log_softmax": lambda t, F, x, w, b: F.log_softmax(x, 1),
    "linear": lambda t, F, x, w, b: F.linear(x, w, b), "linear_no_bias": lambda t, F, x, w, b: F.linear(x, w),
    "linear_3d": lambda t, F, x, w, b: F.linear(x.unsqueeze(0), w, b),
    "addmm": lambda t, F, x, w, b: t.addmm(b, x, w.t()),
    "mse": lambda t, F, x, w, b: F.mse_loss(x, w), "mse_sum": lambda t, F, x, w, b: F.mse_loss(x, w, reduction="sum"),
    "cross_entropy": lambda t, F, x, w, b: F.cross_entropy(x, t.tensor(LABELS)),
    "nll": lambda t, F, x, w, b: F.nll_loss(x, t.tensor(LABELS)),
    "bce_logits": lambda t, F, x, w, b: F.binary_cross_entropy_with_logits(x, w.detach().abs().clamp(0, 1)),
    "bce": lambda t, F, x, w, b: F.binary_cross_entropy(x.sigmoid(), w.detach().abs().clamp(0, 1)),
    "smooth_l1": lambda t, F, x, w, b: F.smooth_l1_loss(x, w), "norm": lambda t, F, x, w, b: x.norm(),
    "var": lambda t, F, x, w, b: x.var(), "std": lambda t, F, x, w, b: x.std(0),
    "logsumexp": lambda t, F, x, w, b: x.logsumexp(1), "roll": lambda t, F, x, w, b: x.roll(1),
}

SHALLOW = {"bmm"}  # torch's batched matmul expands and re-views its operands: compare the top only


def _describe(node, depth=3):
    """The node's class name and, recursively, its next_functions' (None for a constant)."""
    if node is None:
        return None
    if depth == 0:
        return type(node).__name__
    return type(node).__name__, [(_describe(n, depth - 1), i) for n, i in node.next_functions]


def _leaves(framework):
    return [framework.tensor(a.copy(), requires_grad=True) for a in (X, W, B)]


@pytest.mark.parametrize("name", CASES)
def test_grad_fn_is_torchs_node_with_its_next_functions(name):
    ours = CASES[name](lg, LF, *_leaves(lg))
    theirs = CASES[name](torch, TF, *_leaves(torch))
    depth = 1 if name in SHALLOW else 3
    assert _describe(ours.grad_fn, depth) == _describe(theirs.grad_fn, depth)
    assert ours.grad_fn.name() == theirs.grad_fn.name()


def test_accumulate_grad_holds_the_leaf_and_nodes_print_as_torchs():
    x, w, _ = _leaves(lg)
    y = x * w
    (first, _), (second, _) = y.grad_fn.next_functions
    assert type(first).__name__ == "AccumulateGrad" and first.variable is x and second.variable is w
    assert first.name() == "torch::autograd::AccumulateGrad" and first.next_functions == ()
    assert repr(y.grad_fn).startswith("<MulBackward0 object at 0x")
    assert str(y).endswith("grad_fn=<MulBackward0>)")
    assert x.grad_fn is None and (x * 2).detach().grad_fn is None


def test_a_custom_function_is_named_after_its_class():
    class Twice(lg.autograd.Function):
        @staticmethod
        def forward(ctx, a):
            return a * 2

        @staticmethod
        def backward(ctx, g):
            return g * 2

    y = Twice.apply(lg.tensor([1.0], requires_grad=True))
    assert type(y.grad_fn).__name__ == "TwiceBackward"
    assert [type(n).__name__ for n, _ in y.grad_fn.next_functions] == ["AccumulateGrad"]


def test_labels_keep_backward_semantics():
    # a composite loss shown as one node still backpropagates through its inner ops, and, as in
    # torch, a second backward through it needs retain_graph
    x, w, _ = _leaves(lg)
    loss = LF.mse_loss(x, w)
    loss.backward(retain_graph=True)
    loss.backward()
    np.testing.assert_allclose(x.grad.numpy(), 2 * 2 * (X - W) / X.size, rtol=1e-6)
    with pytest.raises(RuntimeError, match="second time"):
        loss.backward()
