"""Optimizers: update rules against torch.optim, in-place updates, dtypes, state round trips, config."""

from __future__ import annotations

import json

import numpy as np
import pytest

import ligero as lg
from ligero import optimizers
from ligero.errors import ConfigError, ShapeError
from ligero.nn.parameter import Parameter

SHAPES = [(3, 4), (4,), (2, 3, 2)]


def make_params(dtype=np.float64, seed: int = 0) -> list[Parameter]:
    rng = np.random.default_rng(seed)
    return [Parameter(rng.standard_normal(s), dtype=dtype) for s in SHAPES]


def grads_for(step: int, dtype=np.float64) -> list[np.ndarray]:
    """A different, fixed gradient for every step (some entries near zero on purpose)."""
    rng = np.random.default_rng(100 + step)
    return [rng.standard_normal(s).astype(dtype) for s in SHAPES]


def run_ligero(opt_factory, steps: int, dtype=np.float64) -> list[np.ndarray]:
    params = make_params(dtype)
    opt = opt_factory(params)
    for k in range(steps):
        for p, g in zip(params, grads_for(k, dtype)):
            p.grad = g
        opt.step()
    return [p.array for p in params]


def run_torch(opt_factory, steps: int) -> list[np.ndarray]:
    torch = pytest.importorskip("torch")
    params = [torch.tensor(p.array, requires_grad=True) for p in make_params(np.float64)]
    opt = opt_factory(params)
    for k in range(steps):
        for p, g in zip(params, grads_for(k)):
            p.grad = torch.tensor(g)
        opt.step()
    return [p.detach().numpy() for p in params]


def _torch_optim():
    torch = pytest.importorskip("torch")
    return torch.optim


CASES = [  # the PyTorch face (ligero.optim) against torch.optim, torch's argument names on both sides
    ("sgd", lambda ps: lg.optim.SGD(ps, lr=0.1),
     lambda ps: _torch_optim().SGD(ps, lr=0.1)),
    ("sgd-momentum", lambda ps: lg.optim.SGD(ps, lr=0.05, momentum=0.9),
     lambda ps: _torch_optim().SGD(ps, lr=0.05, momentum=0.9)),
    ("sgd-nesterov", lambda ps: lg.optim.SGD(ps, lr=0.05, momentum=0.8, nesterov=True),
     lambda ps: _torch_optim().SGD(ps, lr=0.05, momentum=0.8, nesterov=True)),
    ("sgd-wd", lambda ps: lg.optim.SGD(ps, lr=0.05, momentum=0.9, weight_decay=0.01),
     lambda ps: _torch_optim().SGD(ps, lr=0.05, momentum=0.9, weight_decay=0.01)),
    ("sgd-nesterov-wd", lambda ps: lg.optim.SGD(ps, lr=0.05, momentum=0.9, nesterov=True, weight_decay=0.1),
     lambda ps: _torch_optim().SGD(ps, lr=0.05, momentum=0.9, nesterov=True, weight_decay=0.1)),
    ("rmsprop", lambda ps: lg.optim.RMSprop(ps, lr=0.01, alpha=0.9, eps=1e-7),
     lambda ps: _torch_optim().RMSprop(ps, lr=0.01, alpha=0.9, eps=1e-7)),
    ("rmsprop-momentum", lambda ps: lg.optim.RMSprop(ps, lr=0.01, alpha=0.95, eps=1e-8, momentum=0.5),
     lambda ps: _torch_optim().RMSprop(ps, lr=0.01, alpha=0.95, eps=1e-8, momentum=0.5)),
    ("rmsprop-wd", lambda ps: lg.optim.RMSprop(ps, lr=0.01, alpha=0.9, eps=1e-7, weight_decay=0.1),
     lambda ps: _torch_optim().RMSprop(ps, lr=0.01, alpha=0.9, eps=1e-7, weight_decay=0.1)),
    ("adam", lambda ps: lg.optim.Adam(ps, lr=0.01, betas=(0.9, 0.999), eps=1e-8),
     lambda ps: _torch_optim().Adam(ps, lr=0.01, betas=(0.9, 0.999), eps=1e-8)),
    ("adam-betas", lambda ps: lg.optim.Adam(ps, lr=0.02, betas=(0.5, 0.9), eps=1e-7),
     lambda ps: _torch_optim().Adam(ps, lr=0.02, betas=(0.5, 0.9), eps=1e-7)),
    ("adam-amsgrad", lambda ps: lg.optim.Adam(ps, lr=0.01, eps=1e-8, amsgrad=True),
     lambda ps: _torch_optim().Adam(ps, lr=0.01, eps=1e-8, amsgrad=True)),
    ("adam-wd", lambda ps: lg.optim.Adam(ps, lr=0.01, eps=1e-8, weight_decay=0.1),
     lambda ps: _torch_optim().Adam(ps, lr=0.01, eps=1e-8, weight_decay=0.1)),
    ("adamw", lambda ps: lg.optim.AdamW(ps, lr=0.01, eps=1e-8, weight_decay=0.1),
     lambda ps: _torch_optim().AdamW(ps, lr=0.01, eps=1e-8, weight_decay=0.1)),
]


@pytest.mark.parametrize("ours, theirs", [pytest.param(a, b, id=i) for i, a, b in CASES])
def test_matches_torch_float64(ours, theirs):
    pytest.importorskip("torch")
    expected = run_torch(theirs, steps=7)
    got = run_ligero(ours, steps=7)
    for g, e in zip(got, expected):
        np.testing.assert_allclose(g, e, rtol=1e-9, atol=1e-9)


def test_sgd_by_hand():
    p = Parameter(np.array([1.0, -2.0]), dtype=np.float64)
    opt = optimizers.SGD([p], lr=0.5, momentum=0.9)
    p.grad = np.array([0.2, 0.4])
    opt.step()  # v = g; p -= 0.5 v
    np.testing.assert_allclose(p.array, [0.9, -2.2])
    p.grad = np.array([0.2, 0.4])
    opt.step()  # v = 0.9 g + g = 1.9 g; p -= 0.5 v
    np.testing.assert_allclose(p.array, [0.9 - 0.19, -2.2 - 0.38])


def test_adam_first_step_is_lr_times_sign():
    """With bias correction, Adam's first step is lr · g / (|g| + ε') ≈ lr · sign(g)."""
    p = Parameter(np.array([1.0, 1.0, 1.0]), dtype=np.float64)
    opt = lg.optim.Adam([p], lr=0.1, eps=1e-12)  # torch's form: ε added to √v̂
    p.grad = np.array([3.0, -0.001, 50.0])
    opt.step()
    np.testing.assert_allclose(p.array, [0.9, 1.1, 0.9], rtol=1e-9)


@pytest.mark.parametrize("factory", [
    lambda ps: optimizers.SGD(ps, lr=0.1),
    lambda ps: optimizers.SGD(ps, lr=0.1, momentum=0.9, nesterov=True, weight_decay=1e-3),
    lambda ps: optimizers.RMSprop(ps, momentum=0.9, weight_decay=1e-3),
    lambda ps: optimizers.Adam(ps, amsgrad=True),
    lambda ps: optimizers.AdamW(ps),
], ids=["sgd", "sgd-nesterov-wd", "rmsprop", "adam-amsgrad", "adamw"])
def test_in_place_and_float32_preserved(factory):
    params = make_params(np.float32)
    arrays = [p.array for p in params]
    before = [a.copy() for a in arrays]
    opt = factory(params)
    for k in range(3):
        for p, g in zip(params, grads_for(k, np.float32)):
            p.grad = g
        grads_before = [p.grad_array.copy() for p in params]
        opt.step()
        for p, g in zip(params, grads_before):
            np.testing.assert_array_equal(p.grad, g)  # gradients are not modified
    for p, a, b in zip(params, arrays, before):
        assert p.array is a
        assert p.array.dtype == np.float32
        assert not np.array_equal(p.array, b)
    state = opt.state_dict()["state"]
    assert all(s.dtype == np.float32 for s in state)


def test_float64_numpy_scalar_lr_does_not_upcast():
    p = Parameter(np.ones(3, dtype=np.float32))
    opt = optimizers.SGD([p], lr=np.float64(0.1), momentum=0.5)
    opt.lr = np.float64(0.2)  # what a schedule computed with NumPy might set
    p.grad = np.ones(3, dtype=np.float32)
    opt.step()
    assert p.array.dtype == np.float32
    np.testing.assert_allclose(p.array, 0.8, rtol=1e-6)


def test_float32_close_to_float64():
    got32 = run_ligero(lambda ps: optimizers.Adam(ps, lr=0.01), steps=5, dtype=np.float32)
    got64 = run_ligero(lambda ps: optimizers.Adam(ps, lr=0.01), steps=5, dtype=np.float64)
    for a, b in zip(got32, got64):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)


def test_skips_params_without_grad_or_frozen():
    a, b, c = make_params()
    b.requires_grad = False
    saved = [a.array.copy(), b.array.copy(), c.array.copy()]
    opt = optimizers.Adam([a, b, c], lr=0.1)
    b.grad = np.ones_like(b.array)
    c.grad = np.ones_like(c.array)
    opt.step()
    np.testing.assert_array_equal(a.array, saved[0])  # grad None
    np.testing.assert_array_equal(b.array, saved[1])  # frozen
    assert not np.array_equal(c.array, saved[2])
    assert opt.state_dict()["steps"] == [0, 0, 1]


def test_pytorch_style_training_loop_decreases_loss():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((64, 3)).astype(np.float32)
    y = x @ np.array([[1.0], [-2.0], [0.5]], dtype=np.float32) + 0.3
    net = lg.nn.Linear(3, 1, seed=0)
    opt = optimizers.SGD(net.parameters(), lr=0.1, momentum=0.9)
    losses = []
    for _ in range(60):
        opt.zero_grad()
        loss = lg.squared_error(net(x), y)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    assert losses[-1] < 1e-3 * losses[0]
    assert net.weight.grad is not None
    opt.zero_grad()
    assert net.weight.grad is None and net.bias.grad is None


def test_module_accepted_and_keras_style_bind():
    net = lg.nn.Linear(2, 2, seed=0)
    opt = optimizers.Adam(lr=1e-3)
    assert opt.params == []
    with pytest.raises(ConfigError, match="bind"):
        opt.step()
    assert opt.bind(net) is opt
    assert opt.params == net.parameters()


def test_duplicate_params_updated_once():
    p = Parameter(np.zeros(2), dtype=np.float64)
    opt = optimizers.SGD([p, p], lr=1.0)
    p.grad = np.ones(2)
    opt.step()
    np.testing.assert_array_equal(p.array, [-1.0, -1.0])


def test_rebinding_same_params_keeps_state_other_params_reset():
    params = make_params()
    opt = optimizers.SGD(params, lr=0.1, momentum=0.9)
    for p, g in zip(params, grads_for(0)):
        p.grad = g
    opt.step()
    opt.bind(list(params))
    assert opt.iterations == 1
    assert np.any(opt.state_dict()["state"][0] != 0)
    opt.bind(make_params(seed=1))
    assert opt.iterations == 0
    assert all(np.all(s == 0) for s in opt.state_dict()["state"])


def test_lr_is_a_plain_attribute_read_every_step():
    p = Parameter(np.zeros(1), dtype=np.float64)
    opt = optimizers.SGD([p], lr=1.0)
    p.grad = np.ones(1)
    opt.step()
    opt.lr = 0.5
    opt.step()
    np.testing.assert_allclose(p.array, [-1.5])
    opt.learning_rate = 0.25
    assert opt.lr == 0.25 and opt.learning_rate == 0.25


def test_learning_rate_alias():
    assert optimizers.SGD(learning_rate=0.3).lr == 0.3
    assert optimizers.Adam(learning_rate=0.02).get_config()["learning_rate"] == 0.02
    assert optimizers.Adam(0.02).learning_rate == 0.02  # positional, as in Keras


def test_a_number_first_is_the_learning_rate_as_in_keras():
    opt = optimizers.SGD(0.01)
    assert opt.learning_rate == 0.01 and opt.params == []


@pytest.mark.parametrize("kwargs", [
    {"lr": -1.0}, {"lr": float("nan")}, {"lr": "fast"}, {"momentum": -0.1}, {"nesterov": True},
])
def test_bad_sgd_settings(kwargs):
    with pytest.raises(ConfigError):
        optimizers.SGD(**kwargs)


@pytest.mark.parametrize("kwargs", [{"beta_1": 1.0}, {"beta_2": -0.5}, {"epsilon": -1.0}])
def test_bad_adam_settings(kwargs):
    with pytest.raises(ConfigError):
        optimizers.Adam(**kwargs)


def test_non_tensor_params_rejected():
    with pytest.raises(ConfigError, match="Tensors"):
        optimizers.SGD([np.zeros(3)])


# ------------------------------------------------------------- state dict
@pytest.mark.parametrize("factory", [
    lambda ps: optimizers.SGD(ps, lr=0.05, momentum=0.9, nesterov=True),
    lambda ps: optimizers.RMSprop(ps, lr=0.01, momentum=0.3),
    lambda ps: optimizers.Adam(ps, lr=0.01, amsgrad=True),
    lambda ps: optimizers.AdamW(ps, lr=0.01),
], ids=["sgd", "rmsprop", "adam", "adamw"])
def test_state_dict_round_trip_resumes_exactly(factory):
    # Uninterrupted: 6 steps.
    full = run_ligero(factory, steps=6)

    # Interrupted: 3 steps, save (through JSON for the scalars), new params + new optimizer, 3 more.
    params = make_params()
    opt = factory(params)
    for k in range(3):
        for p, g in zip(params, grads_for(k)):
            p.grad = g
        opt.step()
    state = opt.state_dict()
    arrays = state.pop("state")
    state = json.loads(json.dumps(state))
    state["state"] = [a.copy() for a in arrays]
    weights = [p.array.copy() for p in params]

    params2 = make_params(seed=5)
    for p, w in zip(params2, weights):
        p.array[...] = w
    opt2 = optimizers.get(state["config"])  # Keras style: rebuilt from config, unbound
    opt2.load_state_dict(state)  # before bind: applied at bind
    opt2.bind(params2)
    assert opt2.iterations == 3
    for k in range(3, 6):
        for p, g in zip(params2, grads_for(k)):
            p.grad = g
        opt2.step()
    for a, b in zip(params2, full):
        np.testing.assert_array_equal(a.array, b)


def test_state_dict_contents():
    params = make_params()
    opt = optimizers.Adam(params, lr=0.01)
    sd = opt.state_dict()
    assert sd["name"] == "adam"
    assert sd["slots"] == ["momentum", "velocity"]  # Keras's names
    assert len(sd["state"]) == 2 * len(params)
    assert [s.shape for s in sd["state"][::2]] == [p.shape for p in params]
    json.dumps({k: v for k, v in sd.items() if k != "state"})
    sd["state"][0][...] = 123.0  # copies: the optimizer is not affected
    assert not np.any(opt.state_dict()["state"][0] == 123.0)


def test_load_state_dict_restores_lr_and_checks_shapes():
    opt = optimizers.SGD(make_params(), lr=0.1, momentum=0.9)
    opt.lr = 0.01
    sd = opt.state_dict()
    other = optimizers.SGD(make_params(), lr=0.5, momentum=0.9)
    other.load_state_dict(sd)
    assert other.lr == 0.01

    bad = dict(sd, state=[np.zeros((7,))] + sd["state"][1:])
    with pytest.raises(ShapeError, match="shape"):
        other.load_state_dict(bad)
    with pytest.raises(ConfigError, match="adam"):
        optimizers.Adam(make_params()).load_state_dict(sd)
    with pytest.raises(ConfigError, match="parameters"):
        optimizers.SGD(make_params()[:2], momentum=0.9).load_state_dict(sd)


def test_changing_momentum_after_bind_allocates_the_buffer():
    p = Parameter(np.zeros(2), dtype=np.float64)
    opt = optimizers.SGD([p], lr=1.0)
    p.grad = np.ones(2)
    opt.step()
    opt.momentum = 0.5
    opt.step()
    opt.step()  # v = 1, then 1.5
    np.testing.assert_allclose(p.array, [-3.5, -3.5])


# ----------------------------------------------------------- get/serialize
@pytest.mark.parametrize("name, cls", [
    ("sgd", optimizers.SGD), ("SGD", optimizers.SGD), ("adam", optimizers.Adam),
    ("rmsprop", optimizers.RMSprop), ("adamw", optimizers.AdamW),
])
def test_get_by_name(name, cls):
    opt = optimizers.get(name)
    assert type(opt) is cls


def test_get_config_round_trip():
    opt = optimizers.SGD(learning_rate=0.2, momentum=0.9, nesterov=True)
    config = optimizers.serialize(opt)  # Keras's form
    assert config["class_name"] == "SGD" and config["module"] == "keras.optimizers"
    assert config["config"] == {
        "name": "sgd", "learning_rate": 0.2, "weight_decay": None, "clipnorm": None, "global_clipnorm": None,
        "clipvalue": None, "use_ema": False, "ema_momentum": 0.99, "ema_overwrite_frequency": None,
        "loss_scale_factor": None, "gradient_accumulation_steps": None, "momentum": 0.9, "nesterov": True,
    }
    again = optimizers.get(json.loads(json.dumps(config)))
    assert type(again) is optimizers.SGD and again.get_config() == config["config"]
    assert optimizers.get(opt) is opt
    assert isinstance(optimizers.get(optimizers.Adam), optimizers.Adam)
    keras = optimizers.get({"class_name": "Adam", "config": {"learning_rate": 0.01}})
    assert isinstance(keras, optimizers.Adam) and keras.lr == 0.01
    older = optimizers.get({"name": "sgd", "lr": 0.3, "momentum": 0.5})  # ligero's older saved form
    assert isinstance(older, optimizers.SGD) and older.learning_rate == 0.3 and older.momentum == 0.5
    assert "SGD(learning_rate=0.2" in repr(opt)


def test_get_errors_list_known_names():
    with pytest.raises(ConfigError, match="adam"):
        optimizers.get("adabelief")
    with pytest.raises(ConfigError, match="bad settings"):
        optimizers.get({"name": "sgd", "betas": 3})
    with pytest.raises(ConfigError):
        optimizers.get(3.5)
    with pytest.raises(ConfigError):
        optimizers.serialize("sgd")


def test_step_allocates_nothing_large():
    """The update reuses its buffers: no new weight-sized arrays per step."""
    import tracemalloc

    p = Parameter(np.zeros((500, 500), dtype=np.float32))
    opt = optimizers.Adam([p], amsgrad=True)
    p.grad = np.ones_like(p.array)
    opt.step()
    tracemalloc.start()
    opt.step()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < p.array.nbytes / 10
