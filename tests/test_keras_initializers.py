"""keras.initializers against real Keras 3: names, configs, statistics of large draws, seeds, files."""

from __future__ import annotations

import os

import numpy as np
import pytest

os.environ.setdefault("KERAS_BACKEND", "torch")

import ligero  # noqa: E402
import ligero.keras as lk  # noqa: E402
from ligero import initializers as li  # noqa: E402
from ligero.errors import ConfigError  # noqa: E402

keras = pytest.importorskip("keras")

CLASSES = ["Constant", "Zeros", "Ones", "RandomNormal", "RandomUniform", "TruncatedNormal", "VarianceScaling",
           "GlorotNormal", "GlorotUniform", "HeNormal", "HeUniform", "LecunNormal", "LecunUniform", "Orthogonal",
           "Identity"]
LOWER = ["constant", "zeros", "ones", "random_normal", "random_uniform", "truncated_normal", "variance_scaling",
         "glorot_normal", "glorot_uniform", "he_normal", "he_uniform", "lecun_normal", "lecun_uniform",
         "orthogonal", "identity"]
SHAPE = (400, 300)  # 120,000 draws: sample statistics within ~1% of the population's


def _real(init, shape=SHAPE):
    return keras.ops.convert_to_numpy(init(shape)).astype(np.float64)


def _ours(init, shape=SHAPE):
    return np.asarray(init(shape).numpy(), dtype=np.float64)


def test_every_keras_name_exists_and_lowercase_names_are_the_classes():
    for name in CLASSES + LOWER + ["get", "serialize", "deserialize", "Initializer", "IdentityInitializer"]:
        assert hasattr(keras.initializers, name), name  # the list is Keras's own
        assert hasattr(lk.initializers, name), name
    for cls, lower in zip(CLASSES, LOWER):
        assert getattr(lk.initializers, lower) is getattr(lk.initializers, cls)


@pytest.mark.parametrize("build", [
    lambda I: I.GlorotUniform(), lambda I: I.HeNormal(seed=1), lambda I: I.Zeros(), lambda I: I.Constant(2.5),
    lambda I: I.RandomNormal(mean=1.0, stddev=0.3, seed=4), lambda I: I.RandomUniform(-1.0, 2.0),
    lambda I: I.TruncatedNormal(stddev=0.2), lambda I: I.VarianceScaling(2.0, "fan_out", "uniform", seed=3),
    lambda I: I.Orthogonal(gain=2.0), lambda I: I.Identity(), lambda I: I.LecunUniform(seed=7)])
def test_serialize_gives_keras_config_and_round_trips(build):
    ours = lk.initializers.serialize(build(lk.initializers))
    assert ours == keras.initializers.serialize(build(keras.initializers))
    assert lk.initializers.deserialize(ours).get_config() == build(lk.initializers).get_config()
    assert keras.initializers.deserialize(ours).get_config() == build(keras.initializers).get_config()


@pytest.mark.parametrize("name,shape", [
    ("random_normal", SHAPE), ("random_uniform", SHAPE), ("truncated_normal", SHAPE), ("variance_scaling", SHAPE),
    ("glorot_normal", SHAPE), ("glorot_uniform", SHAPE), ("he_normal", (3, 3, 16, 32)), ("he_uniform", SHAPE),
    ("lecun_normal", SHAPE), ("lecun_uniform", (5, 20, 64))])
def test_draws_have_keras_statistics(name, shape):
    ours, real = _ours(li.get(name), shape), _real(keras.initializers.get(name), shape)
    assert ours.shape == real.shape == shape
    n = ours.size  # five standard errors of the difference of two independent sample means and deviations
    assert abs(ours.mean() - real.mean()) < 5 * np.sqrt(2) * real.std() / np.sqrt(n)
    assert ours.std() == pytest.approx(real.std(), rel=5 * np.sqrt(2) / np.sqrt(2 * n))
    if "uniform" in name or "truncated" in name or name in ("variance_scaling", "glorot_normal", "he_normal",
                                                                "lecun_normal"):  # bounded: same limits
        # quantiles, not min/max: Keras's torch backend keeps an untruncated draw once in ~250,000, so a
        # quantile one such value can move (1e-4 of 4,608 draws: the extreme one) failed ~2 % of runs
        ours_q, real_q = np.quantile(ours, [1e-3, 1 - 1e-3]), np.quantile(real, [1e-3, 1 - 1e-3])
        np.testing.assert_allclose(ours_q, real_q, rtol=0.05)


def test_truncated_draws_stay_within_two_standard_deviations():
    values = _ours(li.TruncatedNormal(mean=1.0, stddev=0.5))
    assert values.min() >= 0.0 and values.max() <= 2.0
    # VarianceScaling's truncated normal is rescaled to keep the requested variance: σ² = scale / fan_in
    assert _ours(li.HeNormal()).std() == pytest.approx(np.sqrt(2.0 / SHAPE[0]), rel=0.02)


@pytest.mark.parametrize("build", [lambda I: I.Constant(0.7), lambda I: I.Zeros(), lambda I: I.Ones(),
                                   lambda I: I.Identity(gain=3.0)])
def test_deterministic_initializers_equal_keras_exactly(build):
    for shape in [(3, 5), (4, 4), (6, 2)]:
        np.testing.assert_array_equal(_ours(build(lk.initializers), shape), _real(build(keras.initializers), shape))


@pytest.mark.parametrize("shape", [(6, 4), (4, 6), (3, 3, 2, 8)])
def test_orthogonal_is_orthogonal_with_gain(shape):
    q = _ours(li.Orthogonal(gain=2.0), shape).reshape(-1, shape[-1])
    small = q.T @ q if q.shape[0] >= q.shape[1] else q @ q.T
    np.testing.assert_allclose(small, 4.0 * np.eye(min(q.shape)), atol=1e-5)


def test_seeded_initializer_repeats_itself_and_unseeded_follows_set_seed():
    seeded = li.HeNormal(seed=1)
    np.testing.assert_array_equal(_ours(seeded, (5, 5)), _ours(seeded, (5, 5)))
    real = keras.initializers.HeNormal(seed=1)
    np.testing.assert_array_equal(_real(real, (5, 5)), _real(real, (5, 5)))  # Keras does the same
    ligero.set_seed(3)
    first = _ours(li.GlorotUniform(), (5, 5))
    ligero.set_seed(3)
    np.testing.assert_array_equal(first, _ours(li.GlorotUniform(), (5, 5)))
    assert not np.array_equal(first, _ours(li.GlorotUniform(), (5, 5)))


def test_layer_call_form_uses_the_layer_generator_unless_the_initializer_is_seeded():
    rng = np.random.default_rng(0)
    drawn = li.GlorotUniform()((4, 3), rng, np.float64)
    assert isinstance(drawn, np.ndarray) and drawn.dtype == np.float64
    np.testing.assert_array_equal(drawn, li.GlorotUniform()((4, 3), np.random.default_rng(0), np.float64))
    a = lk.layers.Dense(3, kernel_initializer=lk.initializers.HeNormal(seed=1), seed=5)
    b = lk.layers.Dense(3, kernel_initializer=lk.initializers.HeNormal(seed=1), seed=6)
    a.build((4,)), b.build((4,))
    np.testing.assert_array_equal(a.kernel.array, b.kernel.array)
    assert a.kernel.shape == (4, 3)


def test_names_and_dicts_by_every_spelling():
    assert isinstance(li.get("truncated_normal"), li.TruncatedNormal)
    assert isinstance(li.get("HeNormal"), li.HeNormal)
    assert isinstance(li.get({"class_name": "VarianceScaling", "config": {"scale": 2.0}}), li.VarianceScaling)
    assert li.get({"name": "random_normal", "stddev": 0.3}).stddev == 0.3
    assert li.get("glorot_uniform") == "glorot_uniform" and li.get("he_normal") != "he_uniform"
    with pytest.raises(ConfigError, match="Did you mean 'lecun_normal'"):
        li.get("lecun_nromal")
    with pytest.raises(ConfigError, match="mode"):
        li.VarianceScaling(mode="fan_middle")
    with pytest.raises(ConfigError, match="2-D"):
        li.Identity()((2, 3, 4))
    with pytest.raises(ConfigError, match="does not broadcast"):
        li.Constant([1.0, 2.0])((3, 3))


def _keras_model(I):
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(5, kernel_initializer=I.HeNormal(seed=1),
                                                                      bias_initializer=I.Constant(0.1)),
                              keras.layers.Dense(2, kernel_initializer=I.Orthogonal(gain=0.5))])
    return model


def test_keras_file_with_initializers_loads_both_ways(tmp_path):
    pytest.importorskip("h5py")
    real = _keras_model(keras.initializers)
    real.save(tmp_path / "real.keras")
    ours = lk.models.load_model(tmp_path / "real.keras")
    assert ours.layers[0].kernel_initializer == lk.initializers.HeNormal(seed=1)
    assert ours.layers[0].bias_initializer == lk.initializers.Constant(0.1)
    assert ours.layers[1].kernel_initializer == lk.initializers.Orthogonal(gain=0.5)
    x = np.random.default_rng(0).standard_normal((3, 4)).astype("float32")
    np.testing.assert_allclose(ours.predict(x, verbose=0), real.predict(x, verbose=0), rtol=1e-5, atol=1e-6)
    ours.save(tmp_path / "ours.keras")
    back = keras.models.load_model(tmp_path / "ours.keras")
    assert keras.initializers.serialize(back.layers[0].kernel_initializer) == \
        keras.initializers.serialize(keras.initializers.HeNormal(seed=1))
    assert back.layers[1].kernel_initializer.get_config() == {"gain": 0.5, "seed": None}
