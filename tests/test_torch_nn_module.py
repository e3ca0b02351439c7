"""ligero.nn.Module as torch.nn.Module: registration order, state dicts sharing memory, load_state_dict's
result and errors, repr trees, containers, apply/to/zero_grad/requires_grad_, Parameter's sharing rules,
init and utils, and the check for lazy layers an optimizer must not get unbuilt."""

from __future__ import annotations

from collections import OrderedDict

import numpy as np
import pytest

import ligero as lg
import ligero.nn as nn
from ligero import layers
from ligero.errors import ConfigError

torch = pytest.importorskip("torch")


def build(m):
    class Net(m.Module):
        def __init__(self):
            super().__init__()
            self.conv = m.Conv2d(1, 2, 3)
            self.register_buffer("scale", (torch if m is torch.nn else lg).tensor(np.ones(2, np.float32)))
            self.register_buffer("tmp", (torch if m is torch.nn else lg).tensor(np.zeros(1, np.float32)),
                                 persistent=False)
            self.head = m.Sequential(m.Linear(8, 4), m.ReLU(), m.BatchNorm1d(4))
            self.gain = m.Parameter((torch if m is torch.nn else lg).tensor(np.ones(1, np.float32)))

        def forward(self, x):
            return self.head(self.conv(x).reshape(x.shape[0], -1)) * self.gain

    return Net()


def test_names_and_order_match_torch():
    ours, theirs = build(nn), build(torch.nn)
    assert [n for n, _ in ours.named_parameters()] == [n for n, _ in theirs.named_parameters()]
    assert list(ours.state_dict()) == list(theirs.state_dict())
    assert [n for n, _ in ours.named_buffers()] == [n for n, _ in theirs.named_buffers()]
    assert [n for n, _ in ours.named_modules()] == [n for n, _ in theirs.named_modules()]
    assert [n for n, _ in ours.named_children()] == [n for n, _ in theirs.named_children()]
    assert len(list(ours.parameters(recurse=False))) == 1
    assert next(ours.parameters()) is ours.gain  # own parameters first, as torch


REPRS = [
    lambda m: m.Sequential(m.Linear(4, 3), m.ReLU()),
    lambda m: m.Sequential(OrderedDict([("conv", m.Conv2d(3, 8, 3, stride=2, padding=1)), ("bn", m.BatchNorm2d(8)),
                                        ("act", m.LeakyReLU(0.1)), ("pool", m.MaxPool2d(2)),
                                        ("drop", m.Dropout(0.25)), ("flat", m.Flatten())])),
    lambda m: m.ModuleList([m.Linear(2, 2, bias=False), m.Tanh(), m.Softmax(dim=1)]),
    lambda m: m.ModuleDict({"emb": m.Embedding(10, 3, padding_idx=0), "norm": m.LayerNorm(3)}),
    lambda m: m.Sequential(m.LSTM(4, 5, batch_first=True), m.GRU(3, 4, num_layers=2, bidirectional=True)),
    lambda m: m.Sequential(m.Conv1d(2, 3, 3), m.AvgPool2d(2), m.AdaptiveAvgPool2d(1), m.GELU("tanh"),
                           m.Softplus(), m.Hardtanh(), m.PReLU(), m.Unflatten(1, (2, 3)), m.Identity(),
                           m.GroupNorm(2, 4), m.ConvTranspose2d(3, 2, 2, stride=2), m.Conv2d(2, 2, 3, padding="same",
                                                                                             bias=False)),
    lambda m: m.MultiheadAttention(8, 2),
    lambda m: m.Sequential(m.Bilinear(3, 4, 2), m.Bilinear(2, 2, 1, bias=False)),
    lambda m: m.Sequential(m.Sequential(m.ReLU(inplace=True), m.ELU()), m.CrossEntropyLoss(), m.Threshold(0.1, 20)),
]


@pytest.mark.parametrize("i", range(len(REPRS)))
def test_repr_matches_torch(i):
    assert repr(REPRS[i](nn)) == repr(REPRS[i](torch.nn))


def test_state_dict_shares_memory_and_clone_copies():
    net = nn.Linear(3, 2)
    state = net.state_dict()
    assert not state["weight"].requires_grad
    state["weight"].array[0, 0] = 42.0
    assert net.weight.array[0, 0] == 42.0
    copy = {k: np.array(v.array) for k, v in state.items()}
    copy["weight"][0, 0] = 1.0
    assert net.weight.array[0, 0] == 42.0


def test_load_state_dict_results_and_errors():
    net = nn.Sequential(nn.Linear(4, 3), nn.ReLU())
    result = net.load_state_dict(net.state_dict())
    assert result.missing_keys == [] and result.unexpected_keys == []
    assert repr(result) == "<All keys matched successfully>"
    weights = {"0.weight": np.zeros((3, 4), np.float32), "0.bias": np.ones(3, np.float32)}
    net.load_state_dict(weights)
    assert net[0].bias.array.tolist() == [1.0, 1.0, 1.0]
    partial = net.load_state_dict({"0.bias": np.zeros(3), "extra": np.zeros(1)}, strict=False)
    assert partial == (["0.weight"], ["extra"])
    with pytest.raises(RuntimeError, match=r'Missing key\(s\) in state_dict: "0.bias".*\n.*Unexpected key\(s\) '
                                           r'in state_dict: "x"'):
        net.load_state_dict({"0.weight": np.zeros((3, 4)), "x": np.zeros(1)})
    with pytest.raises(RuntimeError, match=r"size mismatch for 0.weight: .*\[4, 3\].*\[3, 4\].*transposed"):
        net.load_state_dict({"0.weight": np.zeros((4, 3)), "0.bias": np.zeros(3)})


def test_load_state_dict_from_torch_state():
    ref = torch.nn.Sequential(torch.nn.Linear(3, 2), torch.nn.BatchNorm1d(2))
    ref.train()
    ref(torch.randn(5, 3))
    ours = nn.Sequential(nn.Linear(3, 2), nn.BatchNorm1d(2))
    ours.load_state_dict(ref.state_dict())
    np.testing.assert_array_equal(ours[1].running_mean.array, ref[1].running_mean.numpy())
    assert int(ours[1].num_batches_tracked.array) == 1


def test_containers():
    seq = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1))
    assert len(seq) == 3 and isinstance(seq[-1], nn.Linear) and isinstance(seq[1:], nn.Sequential)
    assert list(seq[1:]._modules) == ["1", "2"]
    seq.append(nn.Sigmoid())
    assert len(seq) == 4 and [n for n, _ in seq.named_children()] == ["0", "1", "2", "3"]
    ml = nn.ModuleList([nn.Linear(2, 2) for _ in range(3)])
    ml.append(nn.Linear(2, 1))
    assert len(ml) == 4 and len(list(ml.parameters())) == 8
    md = nn.ModuleDict({"a": nn.Linear(1, 1)})
    md["b"] = nn.ReLU()
    assert list(md.keys()) == ["a", "b"] and "b" in md
    pl = nn.ParameterList([nn.Parameter(lg.tensor([1.0])), np.zeros((2, 3))])
    assert len(list(pl.parameters())) == 2 and isinstance(pl[1], nn.Parameter)
    ref = torch.nn.ParameterList([torch.nn.Parameter(torch.ones(1)), torch.nn.Parameter(torch.zeros(2, 3).double())])
    assert repr(pl) == repr(ref) and repr(nn.ParameterList()) == repr(torch.nn.ParameterList())


def test_apply_to_double_train_eval_zero_grad_requires_grad():
    net = nn.Sequential(nn.Linear(2, 3), nn.Dropout(), nn.Linear(3, 1))
    seen = []
    net.apply(lambda m: seen.append(type(m).__name__))
    assert seen == ["Linear", "Dropout", "Linear", "Sequential"]
    net.double()
    assert all(p.dtype == np.float64 for p in net.parameters())
    net.to(np.float32).to("cpu")
    assert all(p.dtype == np.float32 for p in net.parameters())
    assert net.eval() is net and not net[1].training
    net.train()
    assert net[1].training
    net(lg.tensor(np.ones((4, 2), np.float32))).sum().backward()
    net.zero_grad(set_to_none=False)
    assert all(np.all(p.grad_array == 0) for p in net.parameters())
    net.zero_grad()
    assert all(p.grad_array is None for p in net.parameters())
    net.requires_grad_(False)
    assert not any(p.requires_grad for p in net.parameters())


def test_assigning_a_plain_tensor_to_a_parameter_name_is_refused():
    lin = nn.Linear(2, 2)
    with pytest.raises(TypeError, match="weight"):
        lin.weight = lg.tensor(np.zeros((2, 2)))
    lin.bias = None
    assert [n for n, _ in lin.named_parameters()] == ["weight"] and "bias" not in lin.state_dict()


def test_parameter_sharing_rules():
    t = lg.tensor([1.0, 2.0])
    p = nn.Parameter(t)
    p.array[0] = 5.0
    assert t.array[0] == 5.0  # made from a tensor: shares its memory
    a = np.array([1.0, 2.0], np.float32)
    q = nn.Parameter(a)
    q.array[0] = 7.0
    assert a[0] == 1.0  # made from an array: its own copy
    assert q.requires_grad and not nn.Parameter(a, requires_grad=False).requires_grad
    assert repr(nn.Parameter(lg.tensor([1.0]))).startswith("Parameter containing:")


def test_init_functions_write_in_place_and_return_the_tensor():
    w = nn.Parameter(np.zeros((300, 200), np.float32))
    assert nn.init.xavier_uniform_(w) is w
    assert np.abs(w.array).max() <= np.sqrt(6 / 500) and w.array.std() > 0.5 * np.sqrt(2 / 500)
    nn.init.kaiming_normal_(w, mode="fan_out", nonlinearity="relu")
    assert abs(w.array.std() - np.sqrt(2 / 300)) < 0.01
    nn.init.kaiming_uniform_(w, a=0.1)
    assert np.abs(w.array).max() <= nn.init.calculate_gain("leaky_relu", 0.1) * np.sqrt(3 / 200)
    nn.init.trunc_normal_(w, std=1.0, a=-0.5, b=0.5)
    assert np.abs(w.array).max() <= 0.5
    nn.init.constant_(w, 0.3)
    assert np.all(w.array == np.float32(0.3))
    sq = nn.Parameter(np.zeros((4, 6), np.float32))
    nn.init.orthogonal_(sq)
    np.testing.assert_allclose(sq.array @ sq.array.T, np.eye(4), atol=1e-5)
    nn.init.eye_(sq)
    assert sq.array.trace() == 4
    for name in ("linear", "tanh", "relu", "selu", "sigmoid"):
        assert nn.init.calculate_gain(name) == pytest.approx(torch.nn.init.calculate_gain(name))


def test_clip_grad_and_vectors_match_torch():
    grads = [np.array([3.0, -4.0], np.float32), np.array([[12.0]], np.float32)]
    ours = [nn.Parameter(np.zeros_like(g)) for g in grads]
    theirs = [torch.nn.Parameter(torch.zeros(g.shape)) for g in grads]
    for p, tp, g in zip(ours, theirs, grads):
        p.grad = g.copy()
        tp.grad = torch.tensor(g)
    total = nn.utils.clip_grad_norm_(ours, 1.0)
    ref_total = torch.nn.utils.clip_grad_norm_(theirs, 1.0)
    assert total.item() == pytest.approx(ref_total.item())
    for p, tp in zip(ours, theirs):
        np.testing.assert_allclose(p.grad_array, tp.grad.numpy(), rtol=1e-6)
    nn.utils.clip_grad_value_(ours, 0.1)
    assert max(np.abs(p.grad_array).max() for p in ours) <= 0.1
    vec = nn.utils.parameters_to_vector(ours)
    assert vec.shape == (3,)
    nn.utils.vector_to_parameters(lg.tensor([1.0, 2.0, 3.0]), ours)
    assert ours[1].array.tolist() == [[3.0]]


def test_check_built_names_lazy_layers():
    model = lg.Sequential([layers.Dense(4), layers.Flatten(), layers.Dense(2)])
    assert [type(m).__name__ for _, m in nn.unbuilt_layers(model)] == ["Dense", "Dense"]  # Flatten has no weights
    with pytest.raises(ConfigError, match=r"2 layer\(s\).*Dense.*Dense.*first call"):
        nn.check_built(model)
    model(np.zeros((1, 3), np.float32))
    nn.check_built(model)
    nn.check_built(nn.Linear(2, 2))


def test_parameters_are_named_parameters_without_the_names_shared_ones_once():
    shared = nn.Linear(3, 3)

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.first = nn.Sequential(nn.Linear(2, 3), nn.Tanh(), shared)
            self.again = shared  # the same module twice: its parameters count once
            self.head = nn.Linear(3, 1, bias=False)

    net = Net()
    assert [id(p) for p in net.parameters()] == [id(p) for _, p in net.named_parameters()]
    assert len(list(net.parameters())) == 5
    assert [id(p) for p in net.parameters(recurse=False)] == []
    assert [id(p) for p in net.head.parameters(recurse=False)] == [id(net.head.weight)]
    assert [type(m).__name__ for m in net.modules()] == ["Net", "Sequential", "Linear", "Tanh", "Linear", "Linear"]
