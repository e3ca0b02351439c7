"""The Keras face's training, beyond the reference programs: the seed deck's snippet on the embedded
digits, trainable and training= semantics, streams of batches, BackupAndRestore, errors."""

from __future__ import annotations

import numpy as np
import pytest

import ligero.keras as keras
from ligero.datasets.digits import load_digits
from ligero.errors import ShapeError
from ligero.keras import layers


def test_the_seed_decks_snippet_trains_on_the_embedded_digits_unchanged():
    x, y = load_digits(1200)
    x = x.astype("float32") / 255.0
    keras.utils.set_random_seed(0)
    model = keras.models.Sequential()
    model.add(keras.layers.Flatten(input_shape=[28, 28]))
    model.add(keras.layers.Dense(300, activation="relu"))
    model.add(keras.layers.Dense(100, activation="relu"))
    model.add(keras.layers.Dense(10, activation="softmax"))
    model.compile(loss="sparse_categorical_crossentropy", optimizer="sgd", metrics=["accuracy"])
    history = model.fit(x[:1000], y[:1000], epochs=10, validation_data=(x[1000:], y[1000:]), verbose=0)
    assert list(history.history) == ["accuracy", "loss", "val_accuracy", "val_loss"]
    assert history.history["loss"][-1] < history.history["loss"][0]
    assert history.history["accuracy"][-1] > 0.75 and history.history["val_accuracy"][-1] > 0.7
    assert model.count_params() == 784 * 300 + 300 + 300 * 100 + 100 + 100 * 10 + 10
    assert model.predict(x[:3], verbose=0).shape == (3, 10)


def _regressor(units: int = 1) -> keras.Model:
    model = keras.Sequential([keras.Input(shape=(3,)), layers.Dense(4, activation="tanh"), layers.Dense(units)])
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1), loss="mse")
    return model


def test_freezing_after_compile_takes_effect_at_once_as_keras_3():
    rng = np.random.default_rng(0)
    x, y = rng.standard_normal((8, 3)).astype("float32"), rng.standard_normal((8, 1)).astype("float32")
    model = _regressor()
    model.trainable = False  # after compile: Keras 3 (torch backend) leaves the weights alone at once
    before = model.get_weights()
    model.fit(x, y, epochs=2, verbose=0)
    assert all(np.array_equal(a, b) for a, b in zip(before, model.get_weights()))
    model.trainable = True
    model.fit(x, y, epochs=1, verbose=0)
    assert not np.array_equal(before[0], model.get_weights()[0])


def test_training_reaches_call_as_keras_passes_it():
    seen = []

    class Probe(layers.Layer):
        def call(self, inputs, training=None):
            seen.append(training)
            return inputs

    probe = Probe()
    model = keras.Sequential([keras.Input(shape=(2,)), probe, layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    seen.clear()
    model.fit(np.ones((4, 2), "float32"), np.ones((4, 1), "float32"), batch_size=4, verbose=0)
    model.evaluate(np.ones((4, 2), "float32"), np.ones((4, 1), "float32"), verbose=0)
    model.predict(np.ones((4, 2), "float32"), verbose=0)
    probe(np.ones((1, 2), "float32"))
    model(np.ones((1, 2), "float32"), training=True)
    assert seen == [True, False, False, None, True]


def test_dropout_is_active_only_in_training():
    drop = layers.Dropout(0.5, seed=1)
    x = np.ones((50, 20), "float32")
    assert np.array_equal(drop(x).numpy(), x)
    assert (drop(x, training=True).numpy() == 0).any()


def test_a_generator_is_one_stream_across_epochs_and_stops_when_exhausted():
    x, y = np.ones((6, 3), "float32"), np.zeros((6, 1), "float32")
    model = _regressor()

    def three_batches():
        for lo in range(0, 6, 2):
            yield x[lo:lo + 2], y[lo:lo + 2]

    history = model.fit(three_batches(), epochs=1, verbose=0)
    assert history.params["steps"] is None and len(history.history["loss"]) == 1
    stream = three_batches()
    history = model.fit(stream, steps_per_epoch=1, epochs=3, verbose=0)  # one batch an epoch, same stream
    assert len(history.history["loss"]) == 3 and next(stream, None) is None


def test_backup_and_restore_resumes_after_an_interruption(tmp_path):
    rng = np.random.default_rng(1)
    x, y = rng.standard_normal((8, 3)).astype("float32"), rng.standard_normal((8, 1)).astype("float32")
    keras.utils.set_random_seed(3)
    model = _regressor()
    start = model.get_weights()

    class Stop(keras.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            if epoch == 1:
                raise RuntimeError("power cut")

    with pytest.raises(RuntimeError):
        model.fit(x, y, epochs=4, shuffle=False, verbose=0,
                  callbacks=[keras.callbacks.BackupAndRestore(tmp_path / "b"), Stop()])
    resumed = _regressor()
    resumed.set_weights(start)
    history = resumed.fit(x, y, epochs=4, shuffle=False, verbose=0,
                          callbacks=[keras.callbacks.BackupAndRestore(tmp_path / "b")])
    assert history.epoch == [2, 3] and not (tmp_path / "b").exists()
    straight = _regressor()
    straight.set_weights(start)
    straight.fit(x, y, epochs=4, shuffle=False, verbose=0)
    for a, b in zip(resumed.get_weights(), straight.get_weights()):
        np.testing.assert_allclose(a, b, rtol=1e-6)


def test_loss_output_mismatch_says_what_to_use():
    model = keras.Sequential([keras.Input(shape=(3,)), layers.Dense(1)])
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    with pytest.raises(ShapeError, match="binary_crossentropy with a sigmoid output.*Dense\\(num_classes\\)"):
        model.fit(np.ones((4, 3)), np.array([0, 1, 1, 0]), verbose=0)
    model = keras.Sequential([keras.Input(shape=(3,)), layers.Dense(3, activation="softmax")])
    model.compile(optimizer="sgd", loss="categorical_crossentropy")
    with pytest.raises(ShapeError, match="sparse_categorical_crossentropy"):
        model.fit(np.ones((4, 3)), np.array([[0], [1], [2], [0]]), verbose=0)


def test_sparse_labels_of_shape_n_by_1_are_accepted():
    model = keras.Sequential([keras.Input(shape=(3,)), layers.Dense(3, activation="softmax")])
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    labels = np.array([[0], [1], [2], [0]])
    logs = model.evaluate(np.ones((4, 3)), labels, verbose=0, return_dict=True)
    flat = model.evaluate(np.ones((4, 3)), labels.ravel(), verbose=0, return_dict=True)
    assert logs == pytest.approx(flat)
