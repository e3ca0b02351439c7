"""The PyTorch face's optimizers (ligero.optim) against torch.optim: every algorithm and option, param groups,
state dicts, zero_grad, closures, errors, and the one-call SGD path on a lazy gradient."""

from __future__ import annotations

import copy

import numpy as np
import pytest

import ligero as lg
from ligero import blas, layers
from ligero.nn.parameter import Parameter

SHAPES = [(3, 4), (4,), (2, 3)]
STEPS = 7


def _grads(step: int) -> list[np.ndarray]:
    rng = np.random.default_rng(100 + step)
    return [rng.standard_normal(s) for s in SHAPES]


def _start() -> list[np.ndarray]:
    rng = np.random.default_rng(0)
    return [rng.standard_normal(s) for s in SHAPES]


def _run_ligero(name: str, kwargs: dict, steps: int = STEPS) -> list[np.ndarray]:
    params = [Parameter(a.copy(), dtype=np.float64) for a in _start()]
    opt = getattr(lg.optim, name)(params, **kwargs)
    for k in range(steps):
        for p, g in zip(params, _grads(k)):
            p.grad = g
        opt.step()
    return [p.array for p in params]


def _run_torch(name: str, kwargs: dict, steps: int = STEPS) -> list[np.ndarray]:
    torch = pytest.importorskip("torch")
    params = [torch.tensor(a, requires_grad=True) for a in _start()]
    opt = getattr(torch.optim, name)(params, **kwargs)
    for k in range(steps):
        for p, g in zip(params, _grads(k)):
            p.grad = torch.tensor(g)
        opt.step()
    return [p.detach().numpy() for p in params]


CASES = [
    ("SGD", {"lr": 0.1}),
    ("SGD", {"lr": 0.1, "weight_decay": 0.2, "maximize": True}),
    ("SGD", {"lr": 0.05, "momentum": 0.9, "dampening": 0.3}),
    ("SGD", {"lr": 0.05, "momentum": 0.9, "nesterov": True, "weight_decay": 0.1}),
    ("SGD", {"lr": 0.05, "momentum": 0.5, "maximize": True}),
    ("Adam", {}),
    ("Adam", {"lr": 0.01, "betas": (0.5, 0.9), "eps": 1e-6, "amsgrad": True}),
    ("Adam", {"lr": 0.01, "weight_decay": 0.1, "maximize": True}),
    ("Adam", {"lr": 0.01, "weight_decay": 0.1, "decoupled_weight_decay": True}),
    ("AdamW", {"lr": 0.01}),
    ("AdamW", {"lr": 0.01, "weight_decay": 0.3, "amsgrad": True}),
    ("RMSprop", {}),
    ("RMSprop", {"lr": 0.01, "alpha": 0.9, "momentum": 0.5, "centered": True, "weight_decay": 0.1}),
    ("RMSprop", {"lr": 0.01, "centered": True}),
    ("Adagrad", {}),
    ("Adagrad", {"lr": 0.1, "lr_decay": 0.05, "initial_accumulator_value": 0.3, "weight_decay": 0.1}),
    ("Adadelta", {}),
    ("Adadelta", {"lr": 0.5, "rho": 0.8, "eps": 1e-4, "weight_decay": 0.1, "maximize": True}),
    ("Adamax", {}),
    ("Adamax", {"lr": 0.01, "betas": (0.8, 0.9), "weight_decay": 0.1}),
    ("NAdam", {}),
    ("NAdam", {"lr": 0.01, "momentum_decay": 0.01, "weight_decay": 0.1}),
    ("NAdam", {"lr": 0.01, "weight_decay": 0.1, "decoupled_weight_decay": True}),
    ("RAdam", {}),
    ("RAdam", {"lr": 0.01, "weight_decay": 0.1, "decoupled_weight_decay": True}),
]


@pytest.mark.parametrize("name, kwargs", CASES, ids=[f"{n}-{i}" for i, (n, _) in enumerate(CASES)])
def test_matches_torch_float64(name, kwargs):
    steps = 12 if name == "RAdam" else STEPS  # RAdam switches to its rectified step after ~6 steps
    expected = _run_torch(name, kwargs, steps)
    for got, want in zip(_run_ligero(name, kwargs, steps), expected):
        np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("name", ["SGD", "Adam", "AdamW", "RMSprop", "Adagrad", "Adadelta", "Adamax", "NAdam",
                                  "RAdam"])
def test_defaults_and_state_keys_are_torchs(name):
    torch = pytest.importorskip("torch")
    kwargs = {"momentum": 0.9} if name in ("SGD", "RMSprop") else {}
    ours = getattr(lg.optim, name)([Parameter(np.ones(2, dtype=np.float32))], **kwargs)
    theirs = getattr(torch.optim, name)([torch.ones(2, requires_grad=True)], **kwargs)
    assert ours.defaults == theirs.defaults
    ours.param_groups[0]["params"][0].grad = np.ones(2, dtype=np.float32)
    theirs.param_groups[0]["params"][0].grad = torch.ones(2)
    ours.step()
    theirs.step()
    mine, real = ours.state_dict(), theirs.state_dict()
    assert list(mine["state"][0]) == list(real["state"][0])
    assert list(mine["param_groups"][0]) == list(real["param_groups"][0])
    for key, value in real["state"][0].items():
        np.testing.assert_allclose(mine["state"][0][key].array, value.numpy(), rtol=1e-6)
        assert mine["state"][0][key].array.dtype == np.float32


def test_param_groups_take_missing_options_from_defaults():
    a, b = Parameter(np.ones(2)), Parameter(np.ones(3))
    opt = lg.optim.SGD([{"params": [a]}, {"params": b, "lr": 0.5}], lr=0.1, momentum=0.9)
    assert [g["lr"] for g in opt.param_groups] == [0.1, 0.5]
    assert all(g["momentum"] == 0.9 for g in opt.param_groups)
    a.grad, b.grad = np.ones(2), np.ones(3)
    opt.step()
    np.testing.assert_allclose(a.array, 0.9)
    np.testing.assert_allclose(b.array, 0.5)
    c = Parameter(np.ones(1))
    opt.add_param_group({"params": [c], "momentum": 0.0})
    assert opt.param_groups[2]["lr"] == 0.1 and opt.param_groups[2]["momentum"] == 0.0
    with pytest.raises(ValueError, match="more than one parameter group"):
        opt.add_param_group({"params": [a]})


def test_state_dict_structure_and_round_trip_resume_exactly():
    full = _run_ligero("Adam", {"lr": 0.01, "amsgrad": True}, steps=6)
    params = [Parameter(a.copy(), dtype=np.float64) for a in _start()]
    opt = lg.optim.Adam(params, lr=0.01, amsgrad=True)
    for k in range(3):
        for p, g in zip(params, _grads(k)):
            p.grad = g
        opt.step()
    sd = copy.deepcopy(opt.state_dict())
    assert sorted(sd) == ["param_groups", "state"]
    assert sd["param_groups"][0]["params"] == [0, 1, 2]
    assert list(sd["state"][0]) == ["step", "exp_avg", "exp_avg_sq", "max_exp_avg_sq"]
    assert float(sd["state"][1]["step"].array) == 3.0
    again = [Parameter(p.array.copy(), dtype=np.float64) for p in params]
    opt2 = lg.optim.Adam(again, lr=0.5)
    opt2.load_state_dict(sd)
    assert opt2.param_groups[0]["lr"] == 0.01 and opt2.param_groups[0]["params"][0] is again[0]
    sd["state"][0]["exp_avg"].array[...] = 99.0  # loading copied the state
    for k in range(3, 6):
        for p, g in zip(again, _grads(k)):
            p.grad = g
        opt2.step()
    for got, want in zip(again, full):
        np.testing.assert_array_equal(got.array, want)


def test_load_state_dict_checks_groups():
    a, b = Parameter(np.ones(2)), Parameter(np.ones(2))
    sd = lg.optim.SGD([a, b], lr=0.1).state_dict()
    with pytest.raises(ValueError, match="different number of parameter groups"):
        lg.optim.SGD([{"params": [a]}, {"params": [b]}], lr=0.1).load_state_dict(sd)
    with pytest.raises(ValueError, match="doesn't match the size"):
        lg.optim.SGD([a], lr=0.1).load_state_dict(sd)


def test_zero_grad_to_none_or_in_place_and_gradient_less_params_skipped():
    p, q = Parameter(np.ones(3)), Parameter(np.ones(2))
    opt = lg.optim.SGD([p, q], lr=0.1)
    p.grad = np.full(3, 2.0)
    held = p.grad_array
    opt.zero_grad(set_to_none=False)
    assert p.grad_array is held and not held.any() and q.grad is None  # zeroed in place, not replaced
    p.grad = np.ones(3)
    opt.step()  # q has no gradient: untouched
    np.testing.assert_allclose(p.array, 0.9)
    np.testing.assert_allclose(q.array, 1.0)
    opt.zero_grad()
    assert p.grad is None


def test_step_with_closure_returns_its_loss():
    w = Parameter(np.array([1.0, -2.0]))
    opt = lg.optim.SGD([w], lr=0.25)

    def closure():
        opt.zero_grad()
        loss = lg.sum(w * w)
        loss.backward()
        return loss

    loss = opt.step(closure)
    assert loss.item() == pytest.approx(5.0)
    np.testing.assert_allclose(w.array, [0.5, -1.0])  # w - 0.25·2w


def test_errors_are_torchs():
    w = Parameter(np.ones(2))
    with pytest.raises(ValueError, match="empty parameter list.*lazy"):
        lg.optim.Adam([])
    with pytest.raises(ValueError, match="not built yet"):
        lg.optim.SGD(layers.Dense(3), lr=0.1)
    with pytest.raises(ValueError, match="empty parameter list.*call it once"):
        lg.optim.SGD(layers.Dense(3).parameters(), lr=0.1)
    with pytest.raises(TypeError, match="iterable of Tensors"):
        lg.optim.SGD(w, lr=0.1)
    with pytest.raises(ValueError, match="Invalid learning rate"):
        lg.optim.SGD([w], lr=-1.0)
    with pytest.raises(ValueError, match="Nesterov"):
        lg.optim.SGD([w], lr=0.1, nesterov=True)
    with pytest.raises(ValueError, match="beta parameter at index 0"):
        lg.optim.Adam([w], betas=(1.0, 0.9))
    with pytest.raises(ValueError, match="non-leaf"):
        lg.optim.SGD([w * 2], lr=0.1)
    with pytest.raises(TypeError, match="Tensors"):
        lg.optim.SGD([np.ones(2)], lr=0.1)


def test_plain_sgd_folds_a_lazy_gradient_in_one_call(monkeypatch):
    rng = np.random.default_rng(0)
    x, g = rng.standard_normal((16, 5)).astype(np.float32), rng.standard_normal((16, 3)).astype(np.float32)
    w0 = rng.standard_normal((5, 3)).astype(np.float32)
    lazy, plain = Parameter(w0.copy()), Parameter(w0.copy())
    lazy.grad = blas.GradientProduct(x.T, g)
    plain.grad = x.T @ g
    calls = []
    real = blas.gemm_update
    monkeypatch.setattr(blas, "gemm_update", lambda *a: (calls.append(1), real(*a)))
    lg.optim.SGD([lazy], lr=0.1, weight_decay=0.01).step()
    lg.optim.SGD([plain], lr=0.1, weight_decay=0.01).step()
    assert calls == [1]
    assert isinstance(lazy.unevaluated_grad, blas.GradientProduct)  # never formed
    np.testing.assert_allclose(lazy.array, plain.array, rtol=1e-6, atol=1e-6)
    np.testing.assert_allclose(plain.array, w0 - 0.1 * (x.T @ g + 0.01 * w0), rtol=1e-6, atol=1e-6)


def test_float32_stays_float32_in_place():
    p = Parameter(np.ones((4, 3), dtype=np.float32))
    held = p.array
    opt = lg.optim.NAdam([p], lr=0.1, weight_decay=0.1)
    for _ in range(3):
        p.grad = np.full((4, 3), 0.5, dtype=np.float32)
        opt.step()
    assert p.array is held and p.array.dtype == np.float32
    assert all(v.array.dtype == np.float32 for v in opt.state[p].values())


def test_same_rule_as_the_keras_face():
    """One implementation per rule: Keras-face Adadelta (same formula in both) equals torch-face Adadelta."""
    a, b = Parameter(np.ones(3)), Parameter(np.ones(3))
    torch_face = lg.optim.Adadelta([a], lr=0.5, rho=0.9, eps=1e-6)
    keras_face = lg.optimizers.Adadelta(learning_rate=0.5, rho=0.9, epsilon=1e-6)
    for k in range(4):
        g = np.array([0.1, -0.2, 0.3]) * (k + 1)
        a.grad = g
        torch_face.step()
        keras_face.apply_gradients([(g, b)])
    np.testing.assert_allclose(a.array, b.array, rtol=1e-12)


def test_sgd_keeps_state_only_with_momentum_as_torch():
    torch = pytest.importorskip("torch")
    found = {}
    for face, make in (("torch", lambda a: torch.nn.Parameter(torch.from_numpy(a.copy()))),
                       ("ligero", lambda a: Parameter(a.copy(), dtype=np.float64))):
        mod = torch.optim if face == "torch" else lg.optim
        for momentum in (0.0, 0.9):
            params = [make(a) for a in _start()]
            opt = mod.SGD(params, lr=0.1, momentum=momentum, weight_decay=0.01)
            for p, g in zip(params, _grads(0)):
                p.grad = torch.from_numpy(g) if face == "torch" else g
            opt.step()
            state = opt.state_dict()["state"]
            found[face, momentum] = (len(opt.state), {k: sorted(v) for k, v in state.items()})
    assert found["ligero", 0.0] == found["torch", 0.0] == (0, {})
    assert found["ligero", 0.9] == found["torch", 0.9]
    assert found["ligero", 0.9][1] == {0: ["momentum_buffer"], 1: ["momentum_buffer"], 2: ["momentum_buffer"]}
