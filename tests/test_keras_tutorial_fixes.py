"""What the tutorial-style reference programs found missing: layer.output/input, model.losses,
fit with a dict of inputs, KerasTensor.name, BatchNormalization's weight names, keras.ops additions."""

from __future__ import annotations

import numpy as np
import pytest

import ligero.keras as keras
from ligero.errors import DataError
from ligero.keras import layers, ops


def test_layer_output_builds_a_feature_extractor():
    model = keras.Sequential([keras.Input((3,)), layers.Dense(4, activation="relu", name="a"), layers.Dense(1)])
    x = np.random.default_rng(0).standard_normal((5, 3)).astype("float32")
    inner = keras.Model(model.inputs, model.get_layer("a").output)
    expected = np.maximum(x @ model.layers[0].kernel.array + model.layers[0].bias.array, 0)
    np.testing.assert_allclose(inner.predict(x, verbose=0), expected, rtol=1e-6)
    assert model.layers[1].input is model.get_layer("a").output
    with pytest.raises(AttributeError, match="no output yet"):
        _ = layers.Dense(2).output


def test_model_losses_are_the_regularization_penalties():
    model = keras.Sequential([keras.Input((2,)), layers.Dense(2, kernel_regularizer=keras.regularizers.l2(0.5),
                                                              bias_regularizer=keras.regularizers.l1(0.1))])
    w, b = np.array([[1.0, -2.0], [0.5, 0.0]], "float32"), np.array([1.0, -3.0], "float32")
    model.set_weights([w, b])
    values = [float(v.array) for v in model.losses]
    assert values == pytest.approx([0.5 * float((w ** 2).sum()), 0.1 * 4.0])
    assert keras.Sequential([keras.Input((2,)), layers.Dense(2)]).losses == []


def test_fit_and_predict_take_a_dict_of_inputs_by_name():
    a, b = keras.Input((3,), name="numbers"), keras.Input((2,), name="flags")
    model = keras.Model([a, b], layers.Dense(1)(layers.concatenate([a, b])))
    assert [t.name for t in model.inputs] == ["numbers", "flags"]
    rng = np.random.default_rng(1)
    x = {"flags": rng.standard_normal((6, 2)).astype("float32"),
         "numbers": rng.standard_normal((6, 3)).astype("float32")}
    np.testing.assert_array_equal(model.predict(x, verbose=0), model.predict([x["numbers"], x["flags"]], verbose=0))
    model.compile(optimizer="sgd", loss="mse")
    assert len(model.fit(x, np.zeros((6, 1), "float32"), verbose=0).history["loss"]) == 1
    with pytest.raises(DataError, match=r"no arrays for the inputs \['flags'\]"):
        model.predict({"numbers": x["numbers"]}, verbose=0)


def test_batch_normalization_weights_have_keras_names():
    bn = layers.BatchNormalization()
    bn.build((4,))
    assert [w.name for w in bn.weights] == ["gamma", "beta", "moving_mean", "moving_variance"]


def test_keras_ops_argmax_expand_squeeze_one_hot_norm():
    a = np.array([[1.0, -2.0, 3.0], [0.5, 4.0, -1.0]], "float32")
    assert ops.convert_to_numpy(ops.argmax(a, axis=1)).tolist() == [2, 1]
    assert ops.convert_to_numpy(ops.argmin(a)).tolist() == 1
    assert ops.expand_dims(a, -1).shape == (2, 3, 1) and ops.squeeze(ops.expand_dims(a, 0), 0).shape == (2, 3)
    with pytest.raises(ValueError, match="length 2"):
        ops.squeeze(a, 0)
    np.testing.assert_array_equal(ops.convert_to_numpy(ops.one_hot(np.array([0, 2, 5]), 3)),
                                  [[1, 0, 0], [0, 0, 1], [0, 0, 0]])
    assert float(ops.norm(a).array) == pytest.approx(np.linalg.norm(a), rel=1e-6)
    np.testing.assert_allclose(ops.convert_to_numpy(ops.norm(a, ord=1, axis=1)), np.abs(a).sum(axis=1))
