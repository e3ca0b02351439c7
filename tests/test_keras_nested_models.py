"""A model used as a layer of a functional model (transfer learning), the training value fixed at the call,
and smaller Keras behaviours met on the way (each checked against real Keras 3.15)."""

from __future__ import annotations

import numpy as np
import pytest

import ligero.keras as keras
from ligero.errors import ShapeError
from ligero.keras import layers


def _base():
    base = keras.Sequential([keras.Input((4,)), layers.Dense(3), layers.BatchNormalization()], name="base")
    inputs = keras.Input((4,))
    model = keras.Model(inputs, layers.Dense(1, name="head")(base(inputs, training=False)))
    return base, model


def test_a_frozen_base_called_with_training_false_keeps_its_statistics_during_fit():
    base, model = _base()
    base.trainable = False
    assert [w.path.split("/")[0] for w in model.weights] == ["base"] * 6 + ["head"] * 2
    assert model.weights[0].path == f"base/{base.layers[0].name}/kernel"
    assert (len(model.trainable_weights), len(model.non_trainable_weights)) == (2, 6)
    model.compile(optimizer="sgd", loss="mse")
    before = [w.copy() for w in base.get_weights()]
    rng = np.random.default_rng(0)
    model.fit(rng.standard_normal((8, 4)).astype("float32"), np.ones((8, 1), "float32"), verbose=0)
    for a, b in zip(before, base.get_weights()):  # moving mean and variance too: inference mode inside
        np.testing.assert_array_equal(a, b)


def test_training_false_at_the_call_wins_over_fit_and_unfrozen_base_trains():
    base, model = _base()
    model.compile(optimizer="sgd", loss="mse")
    moving = base.layers[1].get_weights()[2].copy()
    model.fit(np.random.default_rng(1).standard_normal((8, 4)).astype("float32"), np.ones((8, 1), "float32"),
              verbose=0)
    np.testing.assert_array_equal(base.layers[1].get_weights()[2], moving)  # statistics: inference mode
    assert not np.allclose(base.layers[0].get_weights()[0], _base()[0].layers[0].get_weights()[0])


@pytest.mark.parametrize("name", ["nested.keras", "nested.ligero"])
def test_nested_model_saved_and_loaded(tmp_path, name):
    _, model = _base()
    model.save(tmp_path / name)
    back = keras.models.load_model(tmp_path / name)
    x = np.random.default_rng(2).standard_normal((3, 4)).astype("float32")
    np.testing.assert_allclose(back.predict(x, verbose=0), model.predict(x, verbose=0), rtol=1e-6)
    assert type(back.get_layer("base")).__name__ == "Sequential"


def test_nested_model_shape_errors_and_unbuilt_sequential_builds_on_the_input():
    _, model = _base()
    with pytest.raises(ShapeError, match="expects inputs"):
        model.get_layer("base")(keras.Input((5,)))
    stack = keras.Sequential([layers.Dense(2)])
    out = stack(keras.Input((7,)))
    assert out.shape == (None, 2) and stack.input_shape == (None, 7)


def test_learning_rate_reads_as_a_float32_variable_and_plot_model_needs_pydot():
    optimizer = keras.optimizers.SGD(0.1)
    assert optimizer.learning_rate.dtype == "float32"
    optimizer.learning_rate.assign(0.01)
    assert float(optimizer.learning_rate) == pytest.approx(0.01)
    with pytest.raises(ImportError, match="pydot"):
        keras.utils.plot_model(keras.Sequential([keras.Input((2,)), layers.Dense(1)]))


def test_sequential_builds_take_functional_names_as_keras():
    keras.backend.clear_session()
    keras.Sequential([keras.Input((3,)), layers.Dense(2), layers.Dense(2)])
    grown = keras.Sequential([keras.Input((3,))])
    grown.add(layers.Dense(2))
    grown.add(layers.Dense(2))
    inputs = keras.Input((3,))
    assert keras.Model(inputs, layers.Dense(1)(inputs)).name == "functional_3"


class _Endpoint(keras.layers.Layer):
    def call(self, targets, logits):
        self.add_loss(keras.ops.mean(keras.ops.square(targets - logits)))
        return logits


def test_a_layer_called_on_two_symbolic_arguments_and_a_model_compiled_without_loss():
    inputs, targets = keras.Input((3,), name="inputs"), keras.Input((2,), name="targets")
    out = _Endpoint(name="end")(targets, layers.Dense(2)(inputs))
    model = keras.Model([inputs, targets], out)
    assert out.shape == (None, 2)
    model.compile(optimizer="sgd")
    data = {"inputs": np.ones((4, 3), "float32"), "targets": np.zeros((4, 2), "float32")}
    history = model.fit(data, batch_size=2, epochs=2, verbose=0)
    assert len(history.history["loss"]) == 2 and history.history["loss"][1] < history.history["loss"][0]
    plain = keras.Sequential([keras.Input((3,)), layers.Dense(1)])
    plain.compile(optimizer="sgd")
    with pytest.raises(Exception, match="no loss"):
        plain.fit(np.ones((2, 3), "float32"), verbose=0)


def test_summary_show_trainable_and_expand_nested():
    base, model = _base()
    base.trainable = False
    text = model.summary(print_fn=None, show_trainable=True)
    assert "Trai…" in text and "│   N   │" in text and "│   Y   │" in text and "│   -   │" in text
    nested = model.summary(print_fn=None, expand_nested=True)
    assert f"   └ {base.layers[0].name} (Dense)" in nested and "(BatchNormalization)" in nested
