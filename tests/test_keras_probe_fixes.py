"""Keras behaviours that ordinary Keras 3 programs rely on (each checked against real Keras 3.15)."""

from __future__ import annotations

import numpy as np
import pytest

import ligero.keras as keras
from ligero.keras import layers, ops


def test_add_weight_gives_a_variable_with_assign_add():
    # keras: a layer's own state updated in call() with assign_add (the "ComputeSum" layer of the guide)
    layer = layers.Dense(2)
    total = layer.add_weight(shape=(2,), initializer="zeros", trainable=False)
    total.assign_add(np.array([1.0, 2.0], "float32"))
    total.assign_add(ops.convert_to_tensor(np.array([0.5, 0.5], "float32")))
    np.testing.assert_allclose(ops.convert_to_numpy(total), [1.5, 2.5])
    total.assign(np.zeros(2, "float32"))
    assert ops.convert_to_numpy(total).tolist() == [0.0, 0.0]


class _Hits(keras.metrics.Metric):
    def __init__(self, name: str = "hits") -> None:
        super().__init__(name=name)
        self.hits = self.add_variable(shape=(), name="hits", initializer="zeros")

    def update_state(self, y_true, y_pred, sample_weight=None):
        self.hits.assign_add(ops.sum(ops.cast(ops.argmax(y_pred, axis=1) == np.ravel(y_true), "float32")))

    def result(self):
        return self.hits


def test_metric_subclass_with_add_variable_and_default_reset():
    metric = _Hits()
    metric.update_state(np.array([0, 1]), np.array([[0.9, 0.1], [0.8, 0.2]]))
    assert float(metric.result()) == 1.0
    metric.update_state(np.array([1]), np.array([[0.1, 0.9]]))
    assert float(metric.result()) == 2.0
    metric.reset_state()  # keras's default: every variable back to zeros
    assert float(metric.result()) == 0.0


def test_functional_model_output_and_input_with_two_inputs():
    a, b = keras.Input(shape=(4,), name="a"), keras.Input(shape=(4,), name="b")
    out = layers.Dense(1)(layers.add([a, b]))
    model = keras.Model([a, b], out)
    assert tuple(model.output.shape) == (None, 1)
    assert [tuple(t.shape) for t in model.input] == [(None, 4), (None, 4)]
    two = keras.Model(a, [layers.Dense(2)(a), layers.Dense(3)(a)])
    assert [tuple(t.shape) for t in two.output] == [(None, 2), (None, 3)]
    assert tuple(two.input.shape) == (None, 4)


def test_metric_objects_survive_a_keras_file(tmp_path):
    model = keras.Sequential([keras.Input(shape=(3,)), layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer="sgd", loss="binary_crossentropy",
                  metrics=[keras.metrics.BinaryAccuracy(name="acc", threshold=0.7), "mae"])
    x, y = np.ones((4, 3), "float32"), np.array([0, 1, 0, 1], "float32")
    model.fit(x, y, verbose=0)
    path = tmp_path / "m.keras"
    model.save(path)
    loaded = keras.models.load_model(path)
    np.testing.assert_allclose(loaded.evaluate(x, y, verbose=0), model.evaluate(x, y, verbose=0), rtol=1e-6)
    assert len(loaded.evaluate(x, y, verbose=0)) == 3  # loss, acc, mae: the metrics came back
    acc = [m for m in loaded.metric_names if getattr(m, "name", None) == "acc"]
    assert len(acc) == 1 and acc[0].threshold == 0.7


def test_adapted_normalization_has_keras_weights_and_survives_a_file(tmp_path):
    data = np.arange(12, dtype="float32").reshape(4, 3)
    norm = layers.Normalization()
    norm.adapt(data)
    assert [(w.name, tuple(w.shape)) for w in norm.weights] == [("mean", (3,)), ("variance", (3,)), ("count", ())]
    assert norm.mean.shape == (1, 3) and norm.trainable_weights == []
    np.testing.assert_allclose(norm.variance, data.var(0, keepdims=True))
    model = keras.Sequential([keras.Input(shape=(3,)), norm])
    path = tmp_path / "n.keras"
    model.save(path)
    np.testing.assert_allclose(keras.models.load_model(path).predict(data, verbose=0),
                               (data - data.mean(0)) / data.std(0), rtol=1e-5)
    fresh = layers.Normalization(axis=None)
    fresh.adapt(data)
    assert fresh.mean.shape == (1, 1) and float(fresh.mean[0, 0]) == pytest.approx(5.5)


class _ActivityPenalty(layers.Layer):
    def call(self, inputs):
        self.add_loss(0.5 * ops.sum(ops.square(inputs)))
        return inputs


def test_add_loss_enters_the_training_loss_and_the_outer_call_forgets_the_last():
    # keras: model.losses holds the terms of the last call only; fit's loss is compiled loss + added terms
    inputs = keras.Input(shape=(2,))
    model = keras.Model(inputs, layers.Dense(1, use_bias=False, kernel_initializer="ones")(_ActivityPenalty()(inputs)))
    x, y = np.array([[1.0, 2.0]], "float32"), np.array([[0.0]], "float32")
    model(x)
    model(x)
    assert len(model.losses) == 1 and float(ops.convert_to_numpy(model.losses[0])) == pytest.approx(2.5)
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.0), loss="mse")
    assert model.evaluate(x, y, verbose=0) == pytest.approx(9.0 + 2.5)
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1), loss="mse")
    model.fit(x, y, verbose=0)
    # d/dw of (w·x)² with w = 1: 2·3·x = [6, 12]; the penalty does not depend on w
    np.testing.assert_allclose(model.get_weights()[0].ravel(), [1 - 0.6, 1 - 1.2], rtol=1e-6)


class _Twice(layers.Layer):
    def call(self, inputs):
        return inputs * 2.0


def _mean_abs(y_true, y_pred):
    return ops.mean(ops.abs(y_true - y_pred))


def test_unregistered_layer_and_loss_function_load_with_custom_objects(tmp_path):
    # keras: an unregistered class or function is written under its own name; loading needs custom_objects
    model = keras.Sequential([keras.Input(shape=(2,)), layers.Dense(1), _Twice(name="twice")])
    model.compile(optimizer="sgd", loss=_mean_abs, metrics=[_mean_abs])
    path = tmp_path / "c.keras"
    model.save(path)
    with pytest.raises(Exception, match="custom_objects"):
        keras.models.load_model(path)
    with pytest.raises(Exception, match="_mean_abs"):
        keras.models.load_model(path, custom_objects={"_Twice": _Twice})
    loaded = keras.models.load_model(path, custom_objects={"_Twice": _Twice, "_mean_abs": _mean_abs})
    x, y = np.ones((3, 2), "float32"), np.zeros((3, 1), "float32")
    np.testing.assert_allclose(loaded.evaluate(x, y, verbose=0), model.evaluate(x, y, verbose=0), rtol=1e-6)
    assert isinstance(loaded.get_layer("twice"), _Twice)


def test_category_encoding_modes_and_errors():
    # values as real Keras 3.15 gives them
    one_hot = layers.CategoryEncoding(num_tokens=3, output_mode="one_hot")
    assert ops.convert_to_numpy(one_hot(np.array([2, 0]))).tolist() == [[0, 0, 1], [1, 0, 0]]
    assert ops.convert_to_numpy(one_hot(np.array([[1], [2]]))).tolist() == [[0, 1, 0], [0, 0, 1]]
    multi = layers.CategoryEncoding(num_tokens=3)  # multi_hot is Keras's default
    assert ops.convert_to_numpy(multi(np.array([[0, 0], [2, 1]]))).tolist() == [[1, 0, 0], [0, 1, 1]]
    count = layers.CategoryEncoding(num_tokens=3, output_mode="count")
    got = count(np.array([[1, 1, 2]]), count_weights=np.array([[0.5, 1.0, 2.0]]))
    np.testing.assert_allclose(ops.convert_to_numpy(got), [[0.0, 1.5, 2.0]])
    with pytest.raises(Exception, match=r"\[0, 3\)"):
        multi(np.array([[0, 3]]))
    with pytest.raises(Exception, match="output_mode"):
        layers.CategoryEncoding(num_tokens=3, output_mode="tf_idf")


def test_discretization_bins_as_keras_digitize():
    bins = layers.Discretization(bin_boundaries=[0.0, 1.0])
    x = np.array([[-0.5, 0.0, 0.99, 1.0, 3.0]], "float32")
    assert ops.convert_to_numpy(bins(x)).tolist() == [[0, 1, 1, 2, 2]]  # b[i-1] <= x < b[i]
    assert ops.convert_to_numpy(bins(np.array([0.5, -2.0]))).tolist() == [1, 0]  # another shape, as Keras
    count = layers.Discretization(bin_boundaries=[0.0, 1.0], output_mode="count")
    assert ops.convert_to_numpy(count(x)).tolist() == [[1, 2, 2]]
    with pytest.raises(Exception, match="adapt"):  # num_bins: the boundaries come from adapt(data)
        layers.Discretization(num_bins=3)(x)
