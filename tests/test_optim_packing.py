"""The packed step (ligero.optim.packing): the small parameters of a group updated as one give,
bit for bit, what updating them one by one gives (``foreach=False``), states and state dicts included."""

from __future__ import annotations

import copy

import numpy as np
import pytest

import ligero as lg
from ligero.optim import packing

CONFIGS = [
    ("SGD", dict(lr=0.1, momentum=0.9)),
    ("SGD", dict(lr=0.1, momentum=0.9, nesterov=True, weight_decay=0.01)),
    ("SGD", dict(lr=0.1, momentum=0.5, dampening=0.3, maximize=True)),
    ("Adam", dict(lr=0.01)),
    ("Adam", dict(lr=0.01, amsgrad=True, weight_decay=0.1)),
    ("AdamW", dict(lr=0.01)),
    ("RMSprop", dict(lr=0.01, centered=True, momentum=0.9)),
    ("RMSprop", dict(lr=0.01, weight_decay=0.1)),
    ("Adagrad", dict(lr=0.1, lr_decay=0.01, initial_accumulator_value=0.5)),
    ("Adadelta", dict(lr=1.0)),
    ("Adamax", dict(lr=0.01)),
    ("NAdam", dict(lr=0.01, decoupled_weight_decay=True, weight_decay=0.1)),
    ("RAdam", dict(lr=0.01)),
]

SHAPES = [(4, 3), (3,), (2, 2, 2), (1,), (packing.PACK_UP_TO + 1,)]  # the last one too large to pack


def _params(seed: int = 0) -> list[lg.Tensor]:
    rng = np.random.default_rng(seed)
    ps = [lg.nn.Parameter(lg.from_numpy(rng.standard_normal(s).astype(np.float32))) for s in SHAPES]
    ps.append(lg.nn.Parameter(lg.from_numpy(rng.standard_normal(5))))  # float64: alone in its dtype
    ps.append(lg.nn.Parameter(lg.from_numpy(rng.standard_normal(6))))
    return ps


def _run(name: str, options: dict, foreach: bool | None, steps: int = 6, missing: tuple[int, ...] = (),
         reload_at: int | None = None) -> tuple[list[np.ndarray], dict]:
    """``steps`` updates from fixed gradients; ``missing``: these parameters have no gradient on odd steps;
    ``reload_at``: the optimizer is rebuilt from its state dict before that step."""
    params = _params()
    make = getattr(lg.optim, name)
    opt = make(params, foreach=foreach, **options)
    rng = np.random.default_rng(1)
    for step in range(steps):
        if step == reload_at:
            saved = copy.deepcopy(opt.state_dict())
            opt = make(params, foreach=foreach, **options)
            opt.load_state_dict(saved)
        for k, p in enumerate(params):
            g = rng.standard_normal(p.shape).astype(p.array.dtype)
            p.grad = None if (k in missing and step % 2) else lg.from_numpy(g)
        opt.step()
    return [p.array.copy() for p in params], opt.state_dict()


def _same_state(a: dict, b: dict) -> None:
    def options(groups: list) -> list:
        return [{k: v for k, v in g.items() if k != "foreach"} for g in groups]

    assert options(a["param_groups"]) == options(b["param_groups"])
    assert a["state"].keys() == b["state"].keys()
    for i in a["state"]:
        assert a["state"][i].keys() == b["state"][i].keys(), i
        for key, value in a["state"][i].items():
            other = b["state"][i][key]
            if isinstance(value, lg.Tensor):
                assert value.shape == other.shape and value.dtype == other.dtype, (i, key)
                np.testing.assert_array_equal(value.numpy(), other.numpy(), err_msg=f"{i} {key}")
            else:
                assert value == other, (i, key)


@pytest.mark.parametrize("name,options", CONFIGS, ids=[f"{n}-{i}" for i, (n, _) in enumerate(CONFIGS)])
def test_packed_equals_one_by_one(name, options):
    packed, packed_state = _run(name, options, foreach=None)
    alone, alone_state = _run(name, options, foreach=False)
    for a, b in zip(packed, alone):
        np.testing.assert_array_equal(a, b)
    _same_state(packed_state, alone_state)


@pytest.mark.parametrize("name,options", [CONFIGS[0], CONFIGS[4], CONFIGS[6], CONFIGS[11]],
                         ids=["SGD", "Adam", "RMSprop", "NAdam"])
def test_a_parameter_without_gradient_on_some_steps(name, options):
    # on odd steps parameter 1 has no gradient: the others are packed without it (its step count falls
    # behind, so on even steps the states differ and the parameters are updated one by one)
    for missing in [(1,), (0, 1, 2)]:  # (0, 1, 2): on odd steps parameter 3 is alone of its dtype and size
        packed, packed_state = _run(name, options, foreach=None, missing=missing)
        alone, alone_state = _run(name, options, foreach=False, missing=missing)
        for a, b in zip(packed, alone):
            np.testing.assert_array_equal(a, b)
        _same_state(packed_state, alone_state)


@pytest.mark.parametrize("name,options", [CONFIGS[3], CONFIGS[6], CONFIGS[8]], ids=["Adam", "RMSprop", "Adagrad"])
def test_reloaded_state_dict(name, options):
    packed, packed_state = _run(name, options, foreach=None, reload_at=3)
    alone, alone_state = _run(name, options, foreach=False)
    for a, b in zip(packed, alone):
        np.testing.assert_array_equal(a, b)
    _same_state(packed_state, alone_state)


def test_state_tensors_are_live_and_replaceable():
    params = _params()[:3]
    for p in params:
        p.grad = lg.ones_like(p)
    opt = lg.optim.Adam(params, lr=0.1)
    opt.step()
    avg = opt.state[params[0]]["exp_avg"]
    np.testing.assert_allclose(avg.numpy(), 0.1)  # (1 - β₁)·g after one step
    opt.step()
    np.testing.assert_allclose(avg.numpy(), 0.19)  # the same tensor, updated in place by the packed step
    assert float(opt.state[params[2]]["step"]) == 2.0
    # a state replaced by hand is what the next step reads
    opt.state[params[1]]["exp_avg"] = lg.zeros_like(params[1])
    opt.step()
    np.testing.assert_allclose(opt.state[params[1]]["exp_avg"].numpy(), 0.1)
    np.testing.assert_allclose(avg.numpy(), 0.271, rtol=1e-6)


@pytest.mark.parametrize("foreach", [None, False])
def test_one_parameter_with_a_gradient(foreach):
    # two small parameters; on odd steps only the second has a gradient and is updated alone
    def run(foreach):
        params = _params()[:2]
        opt = lg.optim.Adam(params, lr=0.1, foreach=foreach)
        for step in range(5):
            params[0].grad = lg.ones_like(params[0]) if step % 2 == 0 else None
            params[1].grad = lg.full_like(params[1], 0.5)
            opt.step()
        return [p.array.copy() for p in params], opt.state_dict()

    (a, a_state), (b, b_state) = run(foreach), run(False)
    for x, y in zip(a, b):
        np.testing.assert_array_equal(x, y)
    _same_state(a_state, b_state)
    assert [float(a_state["state"][i]["step"]) for i in (0, 1)] == [3.0, 5.0]
