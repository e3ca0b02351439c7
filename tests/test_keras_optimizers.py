"""The Keras face's optimizers and schedules (ligero.keras.optimizers) against real Keras 3 on the torch backend:
updates after several steps for every optimizer and option, schedules' values, configs, errors."""

from __future__ import annotations

import json
import os

import numpy as np
import pytest

import ligero.keras as lk
from ligero.errors import ConfigError

SHAPES = [(3, 4), (4,)]
STEPS = 6


@pytest.fixture(scope="module")
def keras():
    os.environ.setdefault("KERAS_BACKEND", "torch")
    module = pytest.importorskip("keras")
    if module.backend.backend() != "torch":
        pytest.skip("real Keras runs here on the torch backend only")
    return module


def _start() -> list[np.ndarray]:
    rng = np.random.default_rng(0)
    return [rng.standard_normal(s).astype(np.float32) for s in SHAPES]


def _grad(step: int, i: int) -> np.ndarray:
    return np.random.default_rng(100 + 10 * step + i).standard_normal(SHAPES[i]).astype(np.float32)


def _run(module, name: str, kwargs: dict, steps: int = STEPS) -> tuple[list[np.ndarray], list[float]]:
    variables = [module.Variable(a.copy()) for a in _start()]
    opt = getattr(module.optimizers, name)(**kwargs)
    rates = []
    for k in range(steps):
        rates.append(float(opt.learning_rate))
        grads = [module.ops.convert_to_tensor(_grad(k, i)) for i in range(len(SHAPES))]
        opt.apply_gradients(zip(grads, variables))
    assert int(opt.iterations) == steps
    return [np.array(v.numpy()) for v in variables], rates


CASES = [
    ("SGD", {"learning_rate": 0.1}),
    ("SGD", {"learning_rate": 0.1, "weight_decay": 0.2}),
    ("SGD", {"learning_rate": 0.05, "momentum": 0.9}),
    ("SGD", {"learning_rate": 0.05, "momentum": 0.8, "nesterov": True, "weight_decay": 0.1}),
    ("RMSprop", {}),
    ("RMSprop", {"learning_rate": 0.01, "rho": 0.8, "momentum": 0.5, "centered": True, "epsilon": 1e-3}),
    ("Adam", {"learning_rate": 0.01}),
    ("Adam", {"learning_rate": 0.01, "beta_1": 0.5, "beta_2": 0.9, "epsilon": 0.1, "amsgrad": True}),
    ("Adam", {"learning_rate": 0.01, "weight_decay": 0.5}),
    ("AdamW", {"learning_rate": 0.01}),
    ("Adagrad", {"learning_rate": 0.1}),
    ("Adagrad", {"learning_rate": 0.1, "initial_accumulator_value": 0.5, "epsilon": 0.1}),
    ("Adadelta", {"learning_rate": 1.0}),
    ("Adadelta", {"learning_rate": 0.5, "rho": 0.8, "epsilon": 1e-3}),
    ("Adamax", {"learning_rate": 0.01}),
    ("Adamax", {"learning_rate": 0.01, "epsilon": 0.1, "weight_decay": 0.1}),
    ("Nadam", {"learning_rate": 0.01}),
    ("Nadam", {"learning_rate": 0.01, "beta_1": 0.8, "epsilon": 0.01}),
    ("Lion", {"learning_rate": 0.01}),
    ("SGD", {"learning_rate": 0.1, "clipnorm": 0.5}),
    ("Adam", {"learning_rate": 0.1, "global_clipnorm": 1.0}),
    ("RMSprop", {"learning_rate": 0.01, "clipvalue": 0.3}),
]


@pytest.mark.parametrize("name, kwargs", CASES, ids=[f"{n}-{i}" for i, (n, _) in enumerate(CASES)])
def test_matches_keras(keras, name, kwargs):
    want, _ = _run(keras, name, kwargs)
    got, _ = _run(lk, name, kwargs)
    for g, w in zip(got, want):
        np.testing.assert_allclose(g, w, rtol=2e-5, atol=2e-6)  # float32 on both sides


SCHEDULES = [
    ("ExponentialDecay", dict(initial_learning_rate=0.1, decay_steps=3, decay_rate=0.5)),
    ("ExponentialDecay", dict(initial_learning_rate=0.1, decay_steps=3, decay_rate=0.5, staircase=True)),
    ("PiecewiseConstantDecay", dict(boundaries=[2, 5, 9], values=[0.1, 0.05, 0.02, 0.01])),
    ("PolynomialDecay", dict(initial_learning_rate=0.1, decay_steps=6, end_learning_rate=0.01, power=0.5)),
    ("PolynomialDecay", dict(initial_learning_rate=0.1, decay_steps=4, cycle=True)),
    ("InverseTimeDecay", dict(initial_learning_rate=0.1, decay_steps=2, decay_rate=0.5)),
    ("InverseTimeDecay", dict(initial_learning_rate=0.1, decay_steps=2, decay_rate=0.5, staircase=True)),
    ("CosineDecay", dict(initial_learning_rate=0.1, decay_steps=8, alpha=0.1)),
    ("CosineDecay", dict(initial_learning_rate=0.0, decay_steps=8, warmup_target=0.2, warmup_steps=4)),
    ("CosineDecayRestarts", dict(initial_learning_rate=0.1, first_decay_steps=3, t_mul=2.0, m_mul=0.5, alpha=0.1)),
    ("CosineDecayRestarts", dict(initial_learning_rate=0.1, first_decay_steps=4, t_mul=1.0)),
]


@pytest.mark.parametrize("name, kwargs", SCHEDULES, ids=[f"{n}-{i}" for i, (n, _) in enumerate(SCHEDULES)])
def test_schedule_values_and_config_match_keras(keras, name, kwargs):
    theirs = getattr(keras.optimizers.schedules, name)(**kwargs)
    ours = getattr(lk.optimizers.schedules, name)(**kwargs)
    steps = range(25)
    np.testing.assert_allclose([ours(s) for s in steps], [float(theirs(s)) for s in steps], rtol=1e-5, atol=1e-7)
    assert ours.get_config() == theirs.get_config()
    assert lk.optimizers.schedules.serialize(ours) == keras.optimizers.schedules.serialize(theirs)
    again = lk.optimizers.schedules.deserialize(json.loads(json.dumps(lk.optimizers.schedules.serialize(ours))))
    assert type(again) is type(ours) and again.get_config() == ours.get_config()


def test_a_schedule_drives_the_learning_rate_each_step(keras):
    def make(module):
        return {"learning_rate": module.optimizers.schedules.ExponentialDecay(0.1, 2, 0.5, staircase=True),
                "momentum": 0.9}

    want, want_rates = _run(keras, "SGD", make(keras), steps=7)
    got, got_rates = _run(lk, "SGD", make(lk), steps=7)
    np.testing.assert_allclose(got_rates, want_rates, rtol=1e-6)
    for g, w in zip(got, want):
        np.testing.assert_allclose(g, w, rtol=2e-5, atol=2e-6)


@pytest.mark.parametrize("name", ["SGD", "RMSprop", "Adam", "AdamW", "Adagrad", "Adadelta", "Adamax", "Nadam", "Lion"])
def test_configs_are_kerass(keras, name):
    theirs = getattr(keras.optimizers, name)(learning_rate=0.5).get_config()
    ours = getattr(lk.optimizers, name)(learning_rate=0.5).get_config()
    assert list(ours) == list(theirs)
    for key, value in theirs.items():
        if key != "name":  # Keras numbers its instances (adam_2, ...)
            assert ours[key] == pytest.approx(value), key
    rebuilt = getattr(lk.optimizers, name).from_config(ours)
    assert rebuilt.get_config() == ours


def test_serialize_get_and_deserialize(keras):
    opt = lk.optimizers.RMSprop(0.02, centered=True, clipnorm=2.0)
    data = lk.optimizers.serialize(opt)
    assert data["class_name"] == "RMSprop" and data["config"]["centered"] is True
    again = lk.optimizers.deserialize(json.loads(json.dumps(data)))
    assert type(again) is lk.optimizers.RMSprop and again.get_config() == opt.get_config()
    theirs = keras.optimizers.serialize(keras.optimizers.RMSprop(0.02, centered=True, clipnorm=2.0))
    assert sorted(theirs) == sorted(data) and sorted(theirs["config"]) == sorted(data["config"])
    from_keras = lk.optimizers.deserialize(json.loads(json.dumps(theirs, default=float)))
    assert type(from_keras) is lk.optimizers.RMSprop and from_keras.clipnorm == 2.0
    for name in ["sgd", "rmsprop", "adam", "adamw", "adagrad", "adadelta", "adamax", "nadam", "lion", "Adam"]:
        assert type(lk.optimizers.get(name)).__name__ == type(keras.optimizers.get(name)).__name__
    scheduled = lk.optimizers.SGD(lk.optimizers.schedules.CosineDecay(0.1, 10))
    rebuilt = lk.optimizers.get(json.loads(json.dumps(lk.optimizers.serialize(scheduled))))
    assert isinstance(rebuilt._schedule, lk.optimizers.schedules.CosineDecay)


def test_learning_rate_settable_but_not_with_a_schedule():
    opt = lk.optimizers.Adam(0.1)
    opt.learning_rate = 0.5
    assert opt.learning_rate == 0.5 and opt.lr == 0.5
    scheduled = lk.optimizers.Adam(lk.optimizers.schedules.ExponentialDecay(0.1, 1, 0.5))
    with pytest.raises(TypeError, match="not settable"):
        scheduled.learning_rate = 0.5


def test_apply_gradients_binds_once_and_rejects_unknown_variables():
    a, b = lk.Variable(np.ones(2, dtype=np.float32)), lk.Variable(np.ones(3, dtype=np.float32))
    opt = lk.optimizers.SGD(0.5)
    opt.apply_gradients([(np.ones(2, dtype=np.float32), a), (None, b)])  # None: that variable is skipped
    np.testing.assert_allclose(a.numpy(), 0.5)
    np.testing.assert_allclose(b.numpy(), 1.0)
    assert opt.iterations == 1
    with pytest.raises(ValueError, match="Unknown variable"):
        opt.apply_gradients([(np.ones(2, dtype=np.float32), lk.Variable(np.ones(2)))])
    with pytest.raises(ValueError, match="2 gradients for 1"):
        opt.apply([np.ones(2), np.ones(2)], [a])


def test_unsupported_settings_and_lazy_models_are_explained():
    with pytest.raises(ConfigError, match="use_ema"):
        lk.optimizers.Adam(use_ema=True)
    with pytest.raises(TypeError, match="unexpected keyword argument 'betas'"):
        lk.optimizers.Adam(betas=(0.9, 0.99))
    with pytest.raises(ConfigError, match="not built yet.*call it once"):
        lk.optimizers.Adam().bind(lk.layers.Dense(3))


def test_keras_weight_decay_is_decoupled_and_comes_first():
    """SGD with momentum: Keras decays ``p ← p − lr·λ·p`` before the momentum step; torch's coupled
    form differs (here by exactly the momentum the decay term would have gathered)."""
    v = lk.Variable(np.array([2.0], dtype=np.float32))
    opt = lk.optimizers.SGD(0.1, momentum=0.5, weight_decay=0.5)
    for _ in range(2):
        opt.apply_gradients([(np.array([1.0], dtype=np.float32), v)])
    p = 2.0
    p *= 1 - 0.1 * 0.5
    m = -0.1
    p += m  # step 1
    p *= 1 - 0.1 * 0.5
    m = 0.5 * m - 0.1
    p += m  # step 2
    np.testing.assert_allclose(v.numpy(), [p], rtol=1e-6)


def test_learning_rate_and_iterations_answer_like_keras_variables():
    opt = lk.optimizers.SGD(0.25)
    assert float(opt.learning_rate.numpy()) == 0.25 and opt.learning_rate.numpy().dtype == np.float32
    opt.learning_rate.assign(0.5)
    assert opt.learning_rate == 0.5
    v = lk.Variable(np.ones(2, dtype=np.float32))
    opt.apply_gradients([(np.ones(2, dtype=np.float32), v)])
    assert opt.iterations == 1 and int(opt.iterations.numpy()) == 1
    np.testing.assert_allclose(v.numpy(), 0.5)


@pytest.mark.parametrize("name", ["SGD", "Adam"])
def test_exclude_from_weight_decay_matches_keras(keras, name):
    def run(module):
        a = module.Variable(np.ones(3, dtype=np.float32), name="kernel")
        b = module.Variable(np.ones(2, dtype=np.float32), name="bias")
        c = module.Variable(np.ones(2, dtype=np.float32), name="gamma")
        opt = getattr(module.optimizers, name)(learning_rate=0.1, weight_decay=0.5)
        opt.exclude_from_weight_decay(var_list=[c], var_names=["bias"])
        for k in range(3):
            grads = [np.full(v.shape, 0.1 * (k + 1), dtype=np.float32) for v in (a, b, c)]
            opt.apply_gradients(zip([module.ops.convert_to_tensor(g) for g in grads], [a, b, c]))
        return [np.array(v.numpy()) for v in (a, b, c)]

    got, want = run(lk), run(keras)
    for g, w in zip(got, want):
        np.testing.assert_allclose(g, w, rtol=2e-5, atol=2e-6)  # float32 on both sides
    assert got[0][0] != pytest.approx(got[1][0])  # the kernel decayed, the excluded bias did not
