"""Keras's activation layers (ReLU, LeakyReLU, ELU, PReLU, Softmax), TimeDistributed and pad_sequences:
values and gradients against real Keras (torch backend), configs, models, a short fit, bad input."""

from __future__ import annotations

import os

import numpy as np
import pytest

os.environ.setdefault("KERAS_BACKEND", "torch")

import ligero.keras as keras  # noqa: E402
from ligero.errors import ConfigError, ShapeError  # noqa: E402
from ligero.gradcheck import gradcheck  # noqa: E402
from ligero.keras import layers  # noqa: E402
from ligero.ops.prelu import prelu  # noqa: E402
from ligero.tensor import Tensor  # noqa: E402

RNG = np.random.default_rng(7)
X = (2 * RNG.standard_normal((3, 4, 5))).astype("float32")
X[0, 0, :3] = [0.0, 0.5, 1.5]  # values at the thresholds used below

CASES = [
    ("ReLU", {}), ("ReLU", {"max_value": 1.25}), ("ReLU", {"negative_slope": 0.1, "threshold": 0.5}),
    ("ReLU", {"max_value": 2.5, "negative_slope": 0.2, "threshold": 0.5}), ("LeakyReLU", {}),
    ("LeakyReLU", {"negative_slope": 0.05}), ("ELU", {}), ("ELU", {"alpha": 0.4}), ("Softmax", {}),
    ("Softmax", {"axis": 1}),
]


@pytest.fixture(scope="module")
def real() -> tuple:
    real_keras = pytest.importorskip("keras")
    torch = pytest.importorskip("torch")
    return real_keras, torch


def _ours(layer: layers.Layer, x: np.ndarray, weight: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Output of ``layer`` and the gradient of ``Σ weight ⊙ y`` with respect to ``x``."""
    xt = Tensor(x, requires_grad=True)
    y = layer(xt)
    (y * weight).sum().backward()
    return y.detach().numpy(), xt.grad.numpy()


def _theirs(real: tuple, layer, x: np.ndarray, weight: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    _, torch = real
    xt = torch.tensor(x, requires_grad=True)
    y = layer(xt)
    (y * torch.tensor(weight)).sum().backward()
    return y.detach().numpy(), xt.grad.numpy()


@pytest.mark.parametrize(("name", "kwargs"), CASES, ids=lambda c: str(c))
def test_values_and_input_gradients_match_keras(real, name, kwargs):
    weight = RNG.standard_normal(X.shape).astype("float32")
    y, dx = _ours(getattr(layers, name)(**kwargs), X, weight)
    y_ref, dx_ref = _theirs(real, getattr(real[0].layers, name)(**kwargs), X, weight)
    np.testing.assert_allclose(y, y_ref, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(dx, dx_ref, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("shared_axes", [None, [1], [1, 2], 2])
def test_prelu_values_and_gradients_for_x_and_alpha_match_keras(real, shared_axes):
    real_keras, torch = real
    ours, theirs = layers.PReLU(shared_axes=shared_axes), real_keras.layers.PReLU(shared_axes=shared_axes)
    ours.build_for(X.shape[1:])
    theirs.build((None, *X.shape[1:]))
    alpha = RNG.standard_normal(ours.get_weights()[0].shape).astype("float32")
    assert theirs.get_weights()[0].shape == alpha.shape
    ours.set_weights([alpha])
    theirs.set_weights([alpha])
    weight = RNG.standard_normal(X.shape).astype("float32")
    y, dx = _ours(ours, X, weight)
    y_ref, dx_ref = _theirs(real, theirs, X, weight)
    np.testing.assert_allclose(y, y_ref, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(dx, dx_ref, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(ours.alpha.grad.numpy(), theirs.alpha.value.grad.numpy(), rtol=1e-5, atol=1e-5)


def test_prelu_op_gradients_agree_with_central_differences_in_float64():
    x = RNG.standard_normal((4, 3, 2))
    x[np.abs(x) < 1e-3] = 0.5  # keep away from the kink at 0
    assert gradcheck(prelu, [x, RNG.standard_normal((3, 1))]) < 1e-6
    assert gradcheck(prelu, [x, RNG.standard_normal((3, 2))]) < 1e-6


def test_prelu_op_refuses_an_alpha_that_does_not_broadcast_to_the_input():
    with pytest.raises(ShapeError, match=r"prelu.*\(4, 3\)"):
        prelu(np.ones((4, 3)), np.ones((2, 3)))
    with pytest.raises(ShapeError, match="alpha must broadcast"):
        prelu(np.ones((3,)), np.ones((2, 3)))


def test_prelu_weight_shapes_and_default_zero_slope():
    layer = layers.PReLU(shared_axes=[1])
    y = layer(X)
    assert layer.get_weights()[0].shape == (1, 5) and [w.path for w in layer.weights] == [f"{layer.name}/alpha"]
    np.testing.assert_array_equal(y.detach().numpy(), np.maximum(X, 0))
    with pytest.raises(ShapeError, match="shared axis 4 is out of range"):
        layers.PReLU(shared_axes=[4])(X)


def _public_config(config: dict) -> dict:
    return {k: v for k, v in config.items() if k not in ("name", "dtype")}


@pytest.mark.parametrize(("name", "kwargs"), CASES + [("PReLU", {"shared_axes": [1, 2]}), ("PReLU", {})],
                         ids=lambda c: str(c))
def test_configs_have_keras_keys_and_values_and_rebuild(real, name, kwargs):
    ours = getattr(layers, name)(**kwargs)
    theirs = getattr(real[0].layers, name)(**kwargs)
    config, ref = _public_config(ours.get_config()), _public_config(theirs.get_config())
    assert set(config) == set(ref)
    for key, value in ref.items():
        if not key.endswith("initializer"):
            assert config[key] == value, key
    rebuilt = type(ours).from_config(ours.get_config())
    assert _public_config(rebuilt.get_config()) == config


def test_default_names_are_keras_snake_case():
    assert layers.ReLU().name.startswith("re_lu") and layers.LeakyReLU().name.startswith("leaky_re_lu")
    assert layers.PReLU().name.startswith("p_re_lu") and layers.ReLU(name="mine").name == "mine"


def test_leaky_relu_takes_keras_older_alpha_name():
    assert layers.LeakyReLU(alpha=0.2).negative_slope == 0.2


@pytest.mark.parametrize(("make", "match"), [
    (lambda: layers.ReLU(max_value=-1.0), "max_value must be >= 0"),
    (lambda: layers.ReLU(threshold=-0.5), "threshold must be >= 0"),
    (lambda: layers.ReLU(negative_slope="a"), "negative_slope must be a number"),
    (lambda: layers.LeakyReLU(negative_slope=-0.1), "negative_slope must be >= 0"),
    (lambda: layers.PReLU(shared_axes=[0]), "axis 0 is the batch"),
    (lambda: layers.PReLU(alpha_constraint="non_neg"), "alpha_constraint"),
    (lambda: layers.Softmax(axis=(1, 2)), "one integer axis"),
    (lambda: layers.TimeDistributed("dense"), "must be a Keras layer"),
])
def test_bad_arguments_raise_one_clear_error(make, match):
    with pytest.raises(ConfigError, match=match):
        make()


def test_softmax_refuses_a_mask_and_an_axis_out_of_range():
    with pytest.raises(NotImplementedError, match="mask"):
        layers.Softmax()(X, mask=np.ones(X.shape, bool))
    with pytest.raises(ShapeError, match="axis 3 is out of range"):
        layers.Softmax(axis=3)(X)


def test_time_distributed_applies_one_layer_to_every_step():
    dense = layers.Dense(2, activation="tanh")
    wrapper = layers.TimeDistributed(dense)
    y = wrapper(X).detach().numpy()
    kernel, bias = dense.get_weights()
    assert y.shape == (3, 4, 2) and len(wrapper.weights) == 2
    for t in range(X.shape[1]):
        np.testing.assert_allclose(y[:, t], np.tanh(X[:, t] @ kernel + bias), rtol=1e-5, atol=1e-6)
    with pytest.raises(ShapeError, match="at least 3 axes"):
        layers.TimeDistributed(layers.Dense(2))(np.ones((2, 3), "float32"))


def test_time_distributed_matches_keras_with_gradients(real):
    real_keras, _ = real
    ours = layers.TimeDistributed(layers.Dense(3))
    theirs = real_keras.layers.TimeDistributed(real_keras.layers.Dense(3))
    ours.build_for(X.shape[1:])
    theirs.build((None, *X.shape[1:]))
    weights = [RNG.standard_normal(w.shape).astype("float32") for w in theirs.get_weights()]
    ours.set_weights(weights)
    theirs.set_weights(weights)
    weight = RNG.standard_normal((3, 4, 3)).astype("float32")
    y, dx = _ours(ours, X, weight)
    y_ref, dx_ref = _theirs(real, theirs, X, weight)
    np.testing.assert_allclose(y, y_ref, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(dx, dx_ref, rtol=1e-5, atol=1e-5)


def test_time_distributed_config_is_keras_shaped_and_rebuilds():
    wrapper = layers.TimeDistributed(layers.Dense(4, activation="relu"))
    inner = wrapper.get_config()["layer"]
    assert inner["class_name"] == "Dense" and inner["module"] == "keras.layers"
    rebuilt = layers.TimeDistributed.from_config(wrapper.get_config())
    assert isinstance(rebuilt.layer, layers.Dense) and rebuilt.layer.units == 4
    assert rebuilt(X).shape == (3, 4, 4)


def test_layers_work_in_functional_and_sequential_models_and_summary(capsys):
    inputs = keras.Input(shape=(4, 5))
    hidden = layers.TimeDistributed(layers.Dense(3))(inputs)
    outputs = layers.Softmax()(layers.ELU()(layers.PReLU(shared_axes=[1])(hidden)))
    model = keras.Model(inputs, outputs)
    assert model.output_shape == (None, 4, 3) and model.count_params() == 5 * 3 + 3 + 3
    np.testing.assert_allclose(model.predict(X, verbose=0).sum(-1), 1.0, rtol=1e-5)
    model.summary()
    printed = capsys.readouterr().out
    for name in ("TimeDistributed", "PReLU", "ELU", "Softmax"):
        assert f"({name})" in printed


def test_a_short_fit_trains_prelu_slopes_and_lowers_the_loss():
    rng = np.random.default_rng(3)
    x = rng.standard_normal((64, 3)).astype("float32")
    y = np.abs(x) @ np.array([[1.0], [-0.5], [0.3]], "float32")
    model = keras.Sequential([keras.Input(shape=(3,)), layers.Dense(8, seed=1), layers.PReLU(),
                              layers.Dense(1, seed=2), layers.LeakyReLU(negative_slope=0.1)])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.02), loss="mse")
    history = model.fit(x, y, batch_size=16, epochs=20, shuffle=False, verbose=0)
    losses = history.history["loss"]
    assert losses[-1] < 0.5 * losses[0]
    assert np.abs(model.layers[1].get_weights()[0]).max() > 1e-3  # the slopes moved from their zeros


def test_pad_sequences_matches_keras(real):
    from keras.utils import pad_sequences as real_pad

    seqs = [[1, 2, 3], [4], [], [5, 6, 7, 8, 9]]
    for kwargs in [{}, {"maxlen": 2}, {"maxlen": 4, "padding": "post", "truncating": "post"},
                   {"dtype": "float32", "value": -0.5}]:
        ours, theirs = keras.utils.pad_sequences(seqs, **kwargs), real_pad(seqs, **kwargs)
        assert ours.dtype == theirs.dtype
        np.testing.assert_array_equal(ours, theirs)
    nested = [np.ones((2, 3)), np.full((4, 3), 2.0)]
    np.testing.assert_array_equal(keras.utils.pad_sequences(nested, maxlen=3), real_pad(nested, maxlen=3))


def test_pad_sequences_pads_and_truncates_where_told_and_refuses_bad_input():
    pad = keras.utils.pad_sequences
    assert pad([[1, 2, 3], [4]], maxlen=2).tolist() == [[2, 3], [0, 4]]
    assert pad([[1, 2, 3], [4]], maxlen=2, padding="post", truncating="post").tolist() == [[1, 2], [4, 0]]
    with pytest.raises(ConfigError, match="padding must be 'pre' or 'post'"):
        pad([[1]], padding="middle")
    with pytest.raises(ConfigError, match="cannot hold the padding value"):
        pad([[1]], value="x")
    with pytest.raises(ConfigError, match="sequence 1 is not a sequence"):
        pad([[1], 2])
    with pytest.raises(ConfigError, match=r"sequence 1 has elements of shape \(2,\)"):
        pad([np.ones((2, 3)), np.ones((2, 2))])


def test_weights_of_prelu_and_time_distributed_survive_a_weights_file(tmp_path):
    pytest.importorskip("h5py")

    def make() -> keras.Sequential:
        return keras.Sequential([keras.Input(shape=(4, 5)), layers.PReLU(shared_axes=[1]),
                                 layers.TimeDistributed(layers.Dense(2))])

    model = make()
    model.set_weights([RNG.standard_normal(w.shape).astype("float32") for w in model.get_weights()])
    model.save_weights(tmp_path / "m.weights.h5")
    again = make()
    again.load_weights(tmp_path / "m.weights.h5")
    for saved, loaded in zip(model.get_weights(), again.get_weights()):
        np.testing.assert_array_equal(saved, loaded)
    np.testing.assert_allclose(again.predict(X, verbose=0), model.predict(X, verbose=0), rtol=1e-6)
