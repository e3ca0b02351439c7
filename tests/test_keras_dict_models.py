"""Functional models with dict inputs and outputs, Keras 3's model.metrics / metrics_names, and a custom
train_step in the style of Keras's PyTorch guide (each checked against real Keras 3.15)."""

from __future__ import annotations

import numpy as np
import pytest

import ligero.keras as keras
from ligero.errors import ConfigError, ShapeError
from ligero.keras import layers


def _dict_model():
    a, b = keras.Input((2,), name="a"), keras.Input((3,), name="b")
    h = layers.concatenate([a, b])
    return keras.Model({"a": a, "b": b}, {"x": layers.Dense(1, name="d1")(h), "y": layers.Dense(2, name="d2")(h)})


def _data(rng):
    x = {"a": rng.standard_normal((6, 2)).astype("float32"), "b": rng.standard_normal((6, 3)).astype("float32")}
    y = {"x": rng.standard_normal((6, 1)).astype("float32"), "y": rng.standard_normal((6, 2)).astype("float32")}
    return x, y


def test_dict_outputs_are_returned_by_key_and_shapes_listed():
    model = _dict_model()
    assert model.output_shape == [(None, 1), (None, 2)] and model.output_names == ["d1", "d2"]
    assert sorted(model.output) == ["x", "y"] and sorted(model.input) == ["a", "b"]
    x, _ = _data(np.random.default_rng(0))
    out = model(x)
    assert sorted(out) == ["x", "y"] and out["y"].shape == (6, 2)
    predicted = model.predict(x, batch_size=4, verbose=0)
    assert sorted(predicted) == ["x", "y"] and predicted["x"].shape == (6, 1)
    np.testing.assert_allclose(predicted["y"], keras.ops.convert_to_numpy(out["y"]), rtol=1e-6)


def test_dict_losses_weights_and_metrics_name_the_logs_by_output_key():
    model = _dict_model()
    model.compile(optimizer="sgd", loss={"x": "mse", "y": "mae"}, loss_weights={"x": 2.0, "y": 1.0},
                  metrics={"y": ["mse"]})
    x, y = _data(np.random.default_rng(1))
    history = model.fit(x, y, batch_size=3, epochs=1, verbose=0, shuffle=False)
    assert list(history.history) == ["loss", "x_loss", "y_loss", "y_mse"]
    logs = model.evaluate(x, y, verbose=0, return_dict=True)
    assert logs["loss"] == pytest.approx(2 * logs["x_loss"] + logs["y_loss"], rel=1e-5)
    assert model.evaluate(x, y, verbose=0) == pytest.approx([logs[k] for k in ("loss", "x_loss", "y_loss",
                                                                                 "y_mse")])


def test_dict_errors_name_the_keys():
    model = _dict_model()
    x, _ = _data(np.random.default_rng(2))
    with pytest.raises(ShapeError, match="'b'"):
        model({"a": x["a"]})
    with pytest.raises(ConfigError, match="unknown outputs"):
        model.compile(optimizer="sgd", loss={"d1": "mse", "d2": "mse"})
    with pytest.raises(ConfigError, match="strings"):
        keras.Model(keras.Input((2,)), {1: layers.Dense(1)(keras.Input((2,)))})


def test_dict_model_saved_in_both_formats(tmp_path):
    model = _dict_model()
    model.compile(optimizer="adam", loss={"x": "mse", "y": "mae"}, loss_weights={"x": 1.0, "y": 0.5},
                  metrics={"y": ["mse"]})
    x, y = _data(np.random.default_rng(3))
    model.fit(x, y, verbose=0)
    expected = model.evaluate(x, y, verbose=0, return_dict=True)
    for name in ("m.keras", "m.ligero"):
        back = keras.models.load_model(tmp_path / name) if model.save(tmp_path / name) is None else None
        assert sorted(back.output) == ["x", "y"]
        got = back.evaluate(x, y, verbose=0, return_dict=True)
        assert got == pytest.approx(expected, rel=1e-5), name


def test_metrics_and_names_as_keras_reports_them():
    model = keras.Sequential([keras.Input((3,)), layers.Dense(1, activation="sigmoid")])
    assert model.metrics == [] and model.metrics_names == []
    model.compile(optimizer="sgd", loss="binary_crossentropy")
    assert model.metrics_names == ["loss"]
    model.compile(optimizer="sgd", loss="binary_crossentropy", metrics=["accuracy"])
    assert model.metrics_names == ["loss", "compile_metrics"]
    x, y = np.ones((4, 3), "float32"), np.array([[0.0], [1.0], [1.0], [0.0]], "float32")
    model.evaluate(x, y, verbose=0)
    assert sorted(model.metrics[1].result()) == ["accuracy"]
    assert list(model.get_metrics_result()) == ["loss", "accuracy"]
    multi = _dict_model()
    multi.compile(optimizer="sgd", loss="mse")
    assert multi.metrics_names == ["loss"]
    multi.evaluate(*_data(np.random.default_rng(4)), verbose=0)
    assert multi.metrics_names == ["loss", "x_loss", "y_loss"]


class _Stepped(keras.Model):
    def train_step(self, data):
        x, y = data
        self.zero_grad()
        y_pred = self(x, training=True)
        loss = self.compute_loss(y=y, y_pred=y_pred)
        loss.backward()
        weights = list(self.trainable_weights)
        self.optimizer.apply([v.value.grad for v in weights], weights)
        for metric in self.metrics:
            metric.update_state(loss) if metric.name == "loss" else metric.update_state(y, y_pred)
        return {m.name: m.result() for m in self.metrics}


def test_custom_train_step_with_apply_and_compile_metrics_matches_the_built_in_step():
    rng = np.random.default_rng(5)
    inputs = keras.Input((3,))
    custom = _Stepped(inputs, layers.Dense(1)(inputs))
    plain = keras.Sequential([keras.Input((3,)), layers.Dense(1)])
    weights = [rng.uniform(-0.5, 0.5, w.shape).astype("float32") for w in plain.get_weights()]
    x, y = rng.standard_normal((8, 3)).astype("float32"), rng.standard_normal((8, 1)).astype("float32")
    histories = []
    for model in (custom, plain):
        model.set_weights(weights)
        model.compile(optimizer=keras.optimizers.SGD(0.1), loss="mse", metrics=["mae"])
        histories.append(model.fit(x, y, batch_size=4, epochs=2, shuffle=False, verbose=0).history)
    assert list(histories[0]) == ["mae", "loss"]  # Keras: the step's dict sorted, compile_metrics spread in place
    for key in ("loss", "mae"):
        assert histories[0][key] == pytest.approx(histories[1][key], rel=1e-5)
    for a, b in zip(custom.get_weights(), plain.get_weights()):
        np.testing.assert_allclose(a, b, rtol=1e-5)


def test_a_batch_without_sample_weights_is_a_pair():
    seen = []

    class Spy(keras.Model):
        def train_step(self, data):
            seen.append(len(data))
            return super().train_step(data)

    inputs = keras.Input((2,))
    model = Spy(inputs, layers.Dense(1)(inputs))
    model.compile(optimizer="sgd", loss="mse")
    x, y = np.ones((4, 2), "float32"), np.ones((4, 1), "float32")
    model.fit(x, y, batch_size=2, verbose=0)
    model.fit(x, y, batch_size=2, verbose=0, sample_weight=np.ones(4))
    assert seen == [2, 2, 3, 3]


def test_compute_metrics_updates_the_compiled_metrics_only_and_compile_config():
    class Step(keras.Model):
        def test_step(self, data):
            x, y = data
            return self.compute_metrics(x, y, self(x, training=False))

    inputs = keras.Input((2,))
    model = Step(inputs, layers.Dense(1, kernel_initializer="ones")(inputs))
    model.compile(optimizer="sgd", loss="mse", metrics=["mae"])
    x, y = np.ones((4, 2), "float32"), np.zeros((4, 1), "float32")
    logs = model.evaluate(x, y, verbose=0, return_dict=True)
    assert logs == {"loss": 0.0, "mae": pytest.approx(2.0)}  # Keras: the loss tracker is the step's to update
    config = model.get_compile_config()
    assert config["loss"] == "mse" and config["metrics"] == ["mae"]
    assert keras.Sequential([layers.Dense(1)]).get_compile_config() is None


def test_dict_keys_are_flattened_in_sorted_order_and_given_order_kept_for_the_structure():
    b, a = keras.Input((2,), name="b"), keras.Input((3,), name="a")
    model = keras.Model({"zz": b, "aa": a}, {"y": layers.Dense(1, name="d1")(a), "x": layers.Dense(2, name="d2")(b)})
    assert [t.name for t in model.inputs] == ["a", "b"] and model.output_shape == [(None, 2), (None, 1)]
    assert model.output_names == ["d2", "d1"] and list(model.output) == ["y", "x"]
    out = model({"zz": np.ones((1, 2), "float32"), "aa": np.ones((1, 3), "float32")})
    assert list(out) == ["y", "x"] and tuple(out["x"].shape) == (1, 2)


def test_summary_of_a_graph_that_is_not_a_chain_has_keras_connected_to_column():
    shared = layers.Dense(3, name="shared")
    left, right = keras.Input((4,), name="left"), keras.Input((4,), name="right")
    twin = keras.Model([left, right], layers.add([shared(left), shared(right)], name="sum"))
    text = twin.summary(print_fn=None)
    assert "Connected to" in text and "left[0][0]," in text and "right[0][0]" in text
    assert "shared[0][0]," in text and "shared[1][0]" in text
    chain = keras.Sequential([keras.Input((4,)), layers.Dense(2)])
    assert "Connected to" not in chain.summary(print_fn=None)
