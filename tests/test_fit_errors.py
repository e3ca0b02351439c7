"""Bad input to compile/fit/evaluate/predict: each gives the specific ligero error with a
message naming what is wrong and where. Edge cases that must work also live here."""

from __future__ import annotations

import numpy as np
import pytest

import ligero as lg
from ligero import layers, optimizers
from ligero.errors import ConfigError, DataError, ShapeError


def classifier(classes: int = 10, features: int = 4, loss: str = "categorical_crossentropy"):
    lg.set_seed(0)
    model = lg.Sequential([layers.Dense(6, activation="tanh", input_dim=features),
                           layers.Dense(classes, activation="softmax")])
    model.compile(optimizer=optimizers.SGD(lr=0.1), loss=loss, metrics=["accuracy"])
    return model


def regressor(outputs: int = 2):
    lg.set_seed(0)
    model = lg.Sequential([layers.Dense(outputs, input_dim=3)])
    model.compile(optimizer="sgd", loss="mse")
    return model


X = np.random.default_rng(0).standard_normal((12, 4)).astype(np.float32)
LABELS = np.arange(12) % 10


def test_mismatched_x_and_y_lengths():
    with pytest.raises(DataError, match=r"fit: x has 12 samples but y has 11"):
        classifier().fit(X, LABELS[:11], verbose=0)
    with pytest.raises(DataError, match=r"evaluate: x has 12 samples but y has 13"):
        classifier().evaluate(X, np.arange(13) % 10)


def test_wrong_feature_count_names_both_shapes():
    model = classifier()
    with pytest.raises(ShapeError) as info:
        model.fit(np.zeros((12, 5), np.float32), LABELS, verbose=0)
    message = str(info.value)
    assert "fit" in message and "(12, 5)" in message and "(None, 4)" in message
    with pytest.raises(ShapeError, match=r"predict.*\(3, 7\).*\(None, 4\)"):
        model.predict(np.zeros((3, 7), np.float32))
    with pytest.raises(ShapeError, match=r"validation_data"):
        model.fit(X, LABELS, validation_data=(np.zeros((2, 3)), np.array([0, 1])), verbose=0)


@pytest.mark.parametrize("bad, shown", [(10, "0..9"), (-1, "0..9")])
def test_labels_out_of_range(bad, shown):
    y = LABELS.copy()
    y[3] = bad
    with pytest.raises(DataError) as info:
        classifier().fit(X, y, verbose=0)
    message = str(info.value)
    assert "fit" in message and shown in message and "10 outputs" in message and str(bad) in message


def test_float_labels_are_refused():
    y = LABELS.astype(np.float64)
    y[2] = 2.5
    with pytest.raises(DataError, match=r"whole numbers.*2\.5"):
        classifier().fit(X, y, verbose=0)
    with pytest.raises(DataError, match=r"2\.5"):
        classifier(loss="multiclass_hinge").fit(X, y, verbose=0)


def test_float_labels_with_whole_values_are_accepted():
    history = classifier().fit(X, LABELS.astype(np.float32), epochs=1, verbose=0)
    assert np.isfinite(history.history["loss"][0])


def test_nan_in_x_names_the_sample():
    x = X.copy()
    x[5, 1] = np.nan
    with pytest.raises(DataError, match=r"fit: x contains NaN.*sample 5"):
        classifier().fit(x, LABELS, verbose=0)
    x[5, 1] = np.inf
    with pytest.raises(DataError, match=r"predict: x contains NaN or infinite"):
        classifier().predict(x)


def test_nan_in_y():
    y = np.zeros((6, 2))
    y[4, 0] = np.nan
    with pytest.raises(DataError, match=r"fit: y contains NaN"):
        regressor().fit(np.zeros((6, 3)), y, verbose=0)
    with pytest.raises(DataError, match=r"fit \(validation_data\): y contains NaN"):
        regressor().fit(np.zeros((6, 3)), np.zeros((6, 2)), validation_data=(np.zeros((6, 3)), y), verbose=0)


def test_unknown_loss_optimizer_activation_metric_names():
    model = lg.Sequential([layers.Dense(2, input_dim=3)])
    with pytest.raises(ConfigError, match=r"unknown loss 'msqe'.*mse"):
        model.compile(optimizer="sgd", loss="msqe")
    with pytest.raises(ConfigError, match=r"unknown optimizer 'sgdd'.*sgd"):
        model.compile(optimizer="sgdd", loss="mse")
    with pytest.raises(ConfigError, match=r"unknown activation 'tanhh'.*tanh"):
        layers.Dense(2, activation="tanhh")
    with pytest.raises(ConfigError, match=r"unknown metric 'acuracy'.*accuracy"):
        model.compile(optimizer="sgd", loss="mse", metrics=["acuracy"])
        model.fit(np.zeros((2, 3)), np.zeros((2, 2)), verbose=0)


def test_fit_evaluate_train_on_batch_before_compile():
    model = lg.Sequential([layers.Dense(2, input_dim=3)])
    for call in (lambda: model.fit(np.zeros((2, 3)), np.zeros((2, 2)), verbose=0),
                 lambda: model.evaluate(np.zeros((2, 3)), np.zeros((2, 2))),
                 lambda: model.train_on_batch(np.zeros((2, 3)), np.zeros((2, 2)))):
        with pytest.raises(ConfigError, match="compile"):
            call()
    assert model.predict(np.zeros((2, 3))).shape == (2, 2)  # predict needs no compile


@pytest.mark.parametrize("batch_size", [0, -3, 2.5])  # None means 32, as in Keras
def test_bad_batch_size(batch_size):
    with pytest.raises(ConfigError, match=r"batch_size"):
        regressor().fit(np.zeros((6, 3)), np.zeros((6, 2)), batch_size=batch_size, verbose=0)


def test_bad_epochs_and_validation_settings():
    model = regressor()
    x, y = np.zeros((6, 3)), np.zeros((6, 2))
    with pytest.raises(ConfigError, match="epochs"):
        model.fit(x, y, epochs=-1, verbose=0)
    with pytest.raises(ConfigError, match="validation_split"):
        model.fit(x, y, validation_split=1.5, verbose=0)
    with pytest.raises(DataError, match="validation_split"):
        model.fit(x[:1], y[:1], validation_split=0.5, verbose=0)
    with pytest.raises(ConfigError, match="validation_data"):
        model.fit(x, y, validation_data=(x,), verbose=0)


def test_empty_dataset():
    with pytest.raises(DataError, match=r"fit: the dataset is empty"):
        regressor().fit(np.zeros((0, 3)), np.zeros((0, 2)), verbose=0)
    with pytest.raises(DataError, match=r"evaluate: the dataset is empty"):
        regressor().evaluate(np.zeros((0, 3)), np.zeros((0, 2)))


def test_y_of_wrong_shape():
    with pytest.raises(ShapeError, match=r"fit: y has shape \(6, 3\).*\(None, 2\)"):
        regressor().fit(np.zeros((6, 3)), np.zeros((6, 3)), verbose=0)
    with pytest.raises(ShapeError, match=r"fit: y has shape \(12, 7\).*10 outputs"):
        classifier().fit(X, np.zeros((12, 7)), verbose=0)
    with pytest.raises(ShapeError, match=r"fit: y has shape \(6,\)"):
        regressor().fit(np.zeros((6, 3)), np.zeros(6), verbose=0)


def test_non_numeric_data():
    with pytest.raises(DataError, match=r"fit: x must be numeric"):
        regressor().fit(np.array([["a", "b", "c"]]), np.zeros((1, 2)), verbose=0)
    with pytest.raises(DataError, match=r"fit: y must be numeric"):
        regressor().fit(np.zeros((1, 3)), np.array([["a", "b"]]), verbose=0)
    with pytest.raises(DataError, match=r"x cannot be read|x must be numeric"):
        regressor().fit([[1, 2, 3], [1, 2]], np.zeros((2, 2)), verbose=0)
    with pytest.raises(ShapeError, match="batch dimension"):
        regressor().fit(np.float32(3.0), np.zeros((1, 2)), verbose=0)


def test_one_sample_and_batch_larger_than_dataset_work():
    model = classifier()
    history = model.fit(X[:1], LABELS[:1], batch_size=32, epochs=2, verbose=0)
    assert history.params["steps"] == 1 and len(history.history["loss"]) == 2
    history = model.fit(X, LABELS, batch_size=1000, epochs=2, verbose=0)
    assert history.params["steps"] == 1
    assert model.predict(X[:1]).shape == (1, 10)
    assert len(model.evaluate(X[:1], LABELS[:1])) == 2


def test_single_output_accepts_flat_targets_and_lists():
    model = regressor(outputs=1)
    history = model.fit([[0.0, 1.0, 2.0], [1.0, 0.0, 0.5]], [0.5, -0.5], epochs=2, verbose=0)
    assert len(history.history["loss"]) == 2
