"""Models: the three API styles of the design notes, parity with PyTorch, fit/evaluate/predict,
summary, determinism and the callbacks working inside ``fit``."""

from __future__ import annotations

import csv
import math
import warnings

import numpy as np
import pytest

import ligero as lg
from ligero import callbacks, layers, optimizers, regularizers
from ligero.errors import TrainingError


def blobs(n: int = 60, features: int = 6, classes: int = 3, seed: int = 0, dtype=np.float32):
    """Separable-ish Gaussian clusters: (x, integer labels)."""
    rng = np.random.default_rng(seed)
    centers = rng.standard_normal((classes, features)) * 2
    labels = rng.integers(0, classes, n)
    x = centers[labels] + rng.standard_normal((n, features))
    return x.astype(dtype), labels


XNOR_X = np.array([[-1, -1], [-1, 1], [1, -1], [1, 1]], np.float32)
XNOR_Y = np.array([[1], [-1], [-1], [1]], np.float32)


# ---------------------------------------------------------------- API styles
def test_keras_style_sequential_as_in_the_design_notes(tmp_path):
    lg.set_seed(0)
    rng = np.random.default_rng(0)
    x_train, y_train = rng.standard_normal((64, 3072)).astype(np.float32), rng.integers(0, 10, 64)
    x_test, y_test = rng.standard_normal((16, 3072)).astype(np.float32), rng.integers(0, 10, 16)
    model = lg.Sequential([
        layers.Dense(100, activation="tanh", input_dim=3072,
                     kernel_initializer="glorot_normal",
                     kernel_regularizer=regularizers.L2(0.01)),
        layers.Dense(10),
    ])
    model.compile(optimizer=optimizers.SGD(lr=1e-3),
                  loss="categorical_crossentropy", metrics=["accuracy"])
    # As written, the output layer is linear: categorical_crossentropy takes its scores
    # as logits (softmax + cross-entropy), with no warning.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        history = model.fit(x_train, y_train, batch_size=32, epochs=2,
                            validation_data=(x_test, y_test), verbose=0)
    assert set(history.history) == {"loss", "accuracy", "val_loss", "val_accuracy"}
    assert all(len(v) == 2 for v in history.history.values())
    loss, acc = model.evaluate(x_test, y_test)
    assert loss == pytest.approx(history.history["val_loss"][-1], rel=1e-6)
    assert acc == pytest.approx(history.history["val_accuracy"][-1])
    assert model.predict(x_test).shape == (16, 10)
    model.save(tmp_path / "cifar.ligero")
    loaded = lg.load_model(tmp_path / "cifar.ligero")
    np.testing.assert_array_equal(loaded.predict(x_test), model.predict(x_test))


def _xnor_b(seed: int = 0, input_name: str | None = None):
    lg.set_seed(seed)
    x = lg.Input(2, name=input_name)
    h = layers.Dense(1, activation="tanh", kernel_regularizer=regularizers.L2(0.01))(x)
    y = layers.Dense(1, activation="tanh", kernel_regularizer=regularizers.L2(0.01))(
        layers.Concatenate()([x, h]))
    return lg.Model(x, y)


def test_functional_xnor_architecture_b_learns_xnor():
    model = _xnor_b(seed=0)
    # as Keras's, a functional model's layers start with its InputLayer
    assert [type(layer).__name__ for layer in model.layers] == ["InputLayer", "Dense", "Concatenate", "Dense"]
    assert model.layers[3].kernel.shape == (3, 1)  # the output neuron sees x1, x2 and h
    model.compile(optimizer=optimizers.SGD(lr=0.5), loss="course_mse", metrics=["sign_accuracy"])
    history = model.fit(XNOR_X, XNOR_Y, batch_size=4, epochs=200, verbose=0)
    assert history.history["sign_accuracy"][-1] == 1.0
    assert history.history["loss"][-1] < 0.5 * history.history["loss"][0]
    assert np.array_equal(np.sign(model.predict(XNOR_X)), XNOR_Y)


def test_pytorch_style_module_with_manual_loop():
    class Net(lg.nn.Module):
        def __init__(self):
            super().__init__()
            self.hidden = lg.nn.Linear(784, 128, seed=1)
            self.output = lg.nn.Linear(128, 10, seed=2)

        def forward(self, x):
            return self.output(lg.sigmoid(self.hidden(x)))

    net = Net()
    assert len(net.parameters()) == 4
    x, labels = blobs(32, 784, 10, seed=3)
    opt = lg.optimizers.SGD(net.parameters(), lr=0.5)
    losses = []
    for _ in range(15):
        opt.zero_grad()
        loss = lg.cross_entropy(net(x), labels)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    assert losses[-1] < 0.5 * losses[0]
    assert net.hidden.weight.grad.dtype == np.float32


class SubclassedMLP(lg.Model):
    """Keras subclassing with lazily built layers (no input size given anywhere)."""

    def __init__(self, classes: int = 3):
        super().__init__()
        self.hidden = layers.Dense(16, activation="tanh", seed=1)
        self.out = layers.Dense(classes, activation="softmax", seed=2)

    def forward(self, x):
        return self.out(self.hidden(x))


def test_subclassed_model_trains_with_compile_and_fit():
    model = SubclassedMLP()
    assert not model.built
    x, y = blobs(60, 6, 3, seed=4)
    model.compile(optimizer=optimizers.SGD(lr=0.2), loss="categorical_crossentropy", metrics=["accuracy"])
    history = model.fit(x, y, batch_size=10, epochs=8, verbose=0, seed=0)
    assert model.built and len(model.parameters()) == 4
    assert history.history["loss"][-1] < history.history["loss"][0]
    assert history.history["accuracy"][-1] > 0.8
    loss, acc = model.evaluate(x, y)
    assert loss < history.history["loss"][0] and 0 <= acc <= 1
    assert model.predict(x[:5]).shape == (5, 3)


def test_subclassed_model_with_call_and_predict_before_fit():
    class Tiny(lg.Model):
        def __init__(self):
            super().__init__()
            self.dense = layers.Dense(2, seed=0)

        def call(self, x):  # Keras's name for forward
            return self.dense(x)

    model = Tiny()
    assert model.predict(np.ones((3, 4), np.float32)).shape == (3, 2)
    assert model.dense.kernel.shape == (4, 2)


# ------------------------------------------------------------ torch parity
def _mlp(dtype: str, hidden_activation: str, out_activation, l2: float, seed: int = 0):
    lg.set_seed(seed)
    reg = regularizers.L2(l2) if l2 else None
    return lg.Sequential([
        layers.Dense(5, activation=hidden_activation, input_dim=4, kernel_regularizer=reg, dtype=dtype,
                     bias_initializer="glorot_uniform"),
        layers.Dense(3, activation=out_activation, kernel_regularizer=reg, dtype=dtype),
    ])


PARITY = [
    # (loss, l2, dtype, momentum)
    ("mse", 0.0, "float32", 0.0),
    ("mse", 0.01, "float32", 0.0),
    ("cce", 0.0, "float32", 0.0),
    ("cce", 0.01, "float32", 0.9),
    ("mse", 0.01, "float64", 0.0),
    ("cce", 0.01, "float64", 0.9),
    ("cce_logits", 0.0, "float64", 0.0),
    ("mse_elements", 0.0, "float64", 0.0),
]


@pytest.mark.parametrize("deferred", [False, True], ids=["evaluated", "deferred"])
@pytest.mark.parametrize("loss_name, l2, dtype, momentum", PARITY, ids=lambda v: str(v))
def test_training_matches_pytorch(loss_name, l2, dtype, momentum, deferred, monkeypatch):
    torch = pytest.importorskip("torch")
    if deferred:  # weight gradients left as products that SGD folds into its update
        monkeypatch.setattr(lg.blas, "DEFER_PRODUCTS_FROM", 0)
    np_dtype = np.dtype(dtype)
    rng = np.random.default_rng(7)
    x = rng.standard_normal((24, 4)).astype(np_dtype)
    labels = rng.integers(0, 3, 24)
    targets = rng.standard_normal((24, 3)).astype(np_dtype)
    lr, batch, epochs = 0.1, 8, 3

    out_activation = "softmax" if loss_name == "cce" else None
    model = _mlp(dtype, "tanh", out_activation, l2)
    assert all(p.dtype == np_dtype for p in model.parameters())
    w1, b1, w2, b2 = (np.array(w) for w in model.get_weights())

    loss_arg = {
        "mse": "course_mse",
        "mse_elements": "mse",
        "cce": "categorical_crossentropy",
        "cce_logits": lg.losses.CategoricalCrossentropy(from_logits=True),
    }[loss_name]
    y = labels if loss_name.startswith("cce") else targets
    model.compile(optimizer=optimizers.SGD(lr=lr, momentum=momentum), loss=loss_arg)
    history = model.fit(x, y, batch_size=batch, epochs=epochs, shuffle=False, verbose=0)

    tdtype = torch.float64 if dtype == "float64" else torch.float32
    first, second = torch.nn.Linear(4, 5).to(tdtype), torch.nn.Linear(5, 3).to(tdtype)
    with torch.no_grad():
        first.weight.copy_(torch.tensor(w1.T))
        first.bias.copy_(torch.tensor(b1))
        second.weight.copy_(torch.tensor(w2.T))
        second.bias.copy_(torch.tensor(b2))
    params = [first.weight, first.bias, second.weight, second.bias]
    opt = torch.optim.SGD(params, lr=lr, momentum=momentum)
    epoch_losses = []
    for _ in range(epochs):
        total = 0.0
        for lo in range(0, 24, batch):
            xb = torch.tensor(x[lo:lo + batch])
            out = second(torch.tanh(first(xb)))
            if loss_name == "mse":  # course MSE = torch's mean over elements × C
                loss = torch.nn.functional.mse_loss(out, torch.tensor(targets[lo:lo + batch])) * 3
            elif loss_name == "mse_elements":
                loss = torch.nn.functional.mse_loss(out, torch.tensor(targets[lo:lo + batch]))
            else:
                loss = torch.nn.functional.cross_entropy(out, torch.tensor(labels[lo:lo + batch]))
            if l2:
                loss = loss + l2 * (first.weight**2).sum() + l2 * (second.weight**2).sum()
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += loss.item() * len(xb)
        epoch_losses.append(total / 24)

    tol = 1e-10 if dtype == "float64" else 1e-5
    got = model.get_weights()
    expected = [first.weight.detach().numpy().T, first.bias.detach().numpy(),
                second.weight.detach().numpy().T, second.bias.detach().numpy()]
    for g, e in zip(got, expected):
        assert g.dtype == np_dtype
        np.testing.assert_allclose(g, e, rtol=tol, atol=tol)
    np.testing.assert_allclose(history.history["loss"], epoch_losses, rtol=tol * 10)
    assert not np.allclose(got[0], w1)  # training did move the weights


# ---------------------------------------------------------------- fit & co.
def _classifier(seed: int = 0, dropout: float = 0.0):
    lg.set_seed(seed)
    stack = [layers.Dense(12, activation="relu", input_dim=6)]
    if dropout:
        stack.append(layers.Dropout(dropout))
    stack.append(layers.Dense(3, activation="softmax"))
    model = lg.Sequential(stack)
    model.compile(optimizer=optimizers.SGD(lr=0.1, momentum=0.5), loss="categorical_crossentropy",
                  metrics=["accuracy"])
    return model


def test_history_names_validation_split_evaluate_and_predict():
    x, y = blobs(40, seed=1)
    model = _classifier()
    history = model.fit(x, y, batch_size=8, epochs=3, validation_split=0.25, verbose=0)
    assert list(history.history) == ["accuracy", "loss", "val_accuracy", "val_loss"]  # sorted, as Keras's
    assert history.epoch == [0, 1, 2]
    assert history.params == {"verbose": 0, "epochs": 3, "steps": 4}  # 30 samples: the last 10 are held out
    val = model.evaluate(x[30:], y[30:])
    assert isinstance(val, list) and len(val) == 2
    assert val[0] == pytest.approx(history.history["val_loss"][-1], rel=1e-6)
    assert val[1] == pytest.approx(history.history["val_accuracy"][-1])
    assert model.evaluate(x, y, return_dict=True).keys() == {"loss", "accuracy"}
    pred = model.predict(x)
    assert pred.shape == (40, 3) and pred.dtype == np.float32
    np.testing.assert_allclose(pred.sum(axis=1), 1, rtol=1e-5)
    np.testing.assert_array_equal(model.predict(x, batch_size=7), pred)
    plain = _classifier()
    plain.compile(optimizer="sgd", loss="categorical_crossentropy")  # no metrics: evaluate gives the loss
    assert isinstance(plain.evaluate(x, y), float)


def test_one_hot_targets_and_train_on_batch():
    x, y = blobs(20, seed=2)
    model = _classifier()
    one_hot = np.eye(3, dtype=np.float32)[y]
    assert model.evaluate(x, one_hot)[0] == pytest.approx(model.evaluate(x, y)[0], rel=1e-6)
    before = model.evaluate(x, y)[0]
    loss, _ = model.train_on_batch(x, y)  # [loss, accuracy], as Keras's with metrics compiled
    assert loss == pytest.approx(before, rel=1e-5)  # the loss before the step
    assert model.evaluate(x, y)[0] < before


def test_summary_lists_layers_shapes_and_parameter_counts():
    model = lg.Sequential([
        layers.Dense(100, activation="tanh", input_dim=3072, name="hidden"),
        layers.Dense(10, name="scores"),
    ])
    lines: list[str] = []
    text = model.summary(print_fn=lines.append)
    assert lines == [text]
    for piece in ("hidden (Dense)", "scores (Dense)", "(None, 100)", "(None, 10)",
                  f"{3072 * 100 + 100:,}", f"{100 * 10 + 10:,}", f"Total params: {3072 * 100 + 100 + 1010:,}",
                  "Trainable params: 308,310", "Non-trainable params: 0"):
        assert piece in text, piece

    assert "(InputLayer)" not in text  # as in Keras: a Sequential model's input is implicit

    functional = _xnor_b(input_name="xnor_inputs")
    text = functional.summary(print_fn=None)
    assert "xnor_inputs" in text and "(InputLayer)" in text  # Keras's narrower columns with "Connected to"
    assert "Connected to" in text and "xnor_inputs[0][0]" in text
    assert "Concatenate" in text and "(None, 3)" in text and "Total params: 7" in text


def test_same_seed_gives_bit_identical_training():
    x, y = blobs(50, seed=3)

    def run():
        model = _classifier(seed=11, dropout=0.3)
        history = model.fit(x, y, batch_size=7, epochs=3, seed=5, validation_split=0.2, verbose=0)
        return model.get_weights(), history.history

    (w1, h1), (w2, h2) = run(), run()
    for a, b in zip(w1, w2):
        np.testing.assert_array_equal(a, b)
    assert h1 == h2
    assert not all(np.array_equal(a, b) for a, b in zip(_classifier(seed=12).get_weights(),
                                                        _classifier(seed=11).get_weights()))


def test_fit_twice_continues_and_epochs_are_the_last_index():
    x, y = blobs(30, seed=4)
    model = _classifier()
    model.fit(x, y, epochs=2, verbose=0)
    history = model.fit(x, y, epochs=4, initial_epoch=2, verbose=0)
    assert history.epoch == [2, 3]


# ------------------------------------------------------------ callbacks
class Recorder(callbacks.Callback):
    """Keeps a copy of the weights at the end of every epoch."""

    def __init__(self):
        super().__init__()
        self.weights: list[list[np.ndarray]] = []

    def on_epoch_end(self, epoch, logs=None):
        self.weights.append(self.model.get_weights())


def test_early_stopping_stops_and_restores_the_best_weights():
    x, y = blobs(30, seed=5)
    model = _classifier()
    recorder = Recorder()
    stopper = callbacks.EarlyStopping(monitor="loss", min_delta=1e9, patience=2, restore_best_weights=True)
    history = model.fit(x, y, epochs=20, callbacks=[recorder, stopper], verbose=0)
    assert history.epoch == [0, 1, 2]  # epoch 0 is the best; 1 and 2 do not beat it by 1e9
    assert stopper.stopped_epoch == 2 and model.stop_training
    for got, best in zip(model.get_weights(), recorder.weights[0]):
        np.testing.assert_array_equal(got, best)


def test_model_checkpoint_and_csv_logger(tmp_path):
    x, y = blobs(30, seed=6)
    model = _classifier()
    checkpoint = callbacks.ModelCheckpoint(tmp_path / "ckpt-{epoch:02d}.ligero", monitor="val_loss")
    best = callbacks.ModelCheckpoint(tmp_path / "best.ligero", monitor="val_accuracy", save_best_only=True)
    log_path = tmp_path / "log.csv"
    history = model.fit(x, y, epochs=3, validation_split=0.2, verbose=0,
                        callbacks=[checkpoint, best, callbacks.CSVLogger(log_path)])
    assert sorted(p.name for p in tmp_path.glob("ckpt-*.ligero")) == [
        "ckpt-01.ligero", "ckpt-02.ligero", "ckpt-03.ligero"]
    last = lg.load_model(tmp_path / "ckpt-03.ligero")
    np.testing.assert_array_equal(last.predict(x), model.predict(x))
    assert (tmp_path / "best.ligero").exists() and 1 <= len(best.saved) <= 3
    with open(log_path, newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [int(r["epoch"]) for r in rows] == [0, 1, 2]
    assert set(rows[0]) == {"epoch", "loss", "accuracy", "val_loss", "val_accuracy"}
    for key in ("loss", "val_loss", "accuracy"):
        np.testing.assert_allclose([float(r[key]) for r in rows], history.history[key], rtol=1e-12)


def _divergent():
    lg.set_seed(0)
    model = lg.Sequential([layers.Dense(1, input_dim=3)])
    model.compile(optimizer=optimizers.SGD(lr=1e6), loss="mse")
    rng = np.random.default_rng(0)
    return model, rng.standard_normal((64, 3)).astype(np.float32) * 10, rng.standard_normal((64, 1)) * 100


def test_nan_loss_raises_training_error_naming_epoch_and_batch():
    model, x, y = _divergent()
    start = model.get_weights()
    with pytest.raises(TrainingError, match=r"epoch 1, batch \d+") as info:
        model.fit(x, y, batch_size=4, epochs=3, shuffle=False, verbose=0)
    assert "learning rate" in str(info.value)
    # no epoch completed: the weights are the initial ones, and finite
    for got, first in zip(model.get_weights(), start):
        np.testing.assert_array_equal(got, first)


def test_terminate_on_nan_stops_quietly():
    model, x, y = _divergent()
    start = model.get_weights()
    stopper = callbacks.TerminateOnNaN()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        history = model.fit(x, y, batch_size=4, epochs=3, shuffle=False, verbose=0, callbacks=[stopper])
    assert stopper.terminated and stopper.stopped_epoch == 0
    assert model.stop_training
    assert history.epoch == []  # the epoch did not complete
    for got, first in zip(model.get_weights(), start):
        assert np.isfinite(got).all()
        np.testing.assert_array_equal(got, first)


def test_keyboard_interrupt_keeps_the_last_completed_epoch():
    class Interrupt(callbacks.Callback):
        def __init__(self):
            super().__init__()
            self.epoch = 0

        def on_epoch_begin(self, epoch, logs=None):
            self.epoch = epoch

        def on_batch_end(self, batch, logs=None):
            if self.epoch == 2 and batch == 1:
                raise KeyboardInterrupt

    x, y = blobs(40, seed=7)
    model = _classifier()
    recorder = Recorder()
    with pytest.warns(UserWarning, match="interrupted"):
        history = model.fit(x, y, batch_size=8, epochs=5, callbacks=[recorder, Interrupt()], verbose=0)
    assert history.epoch == [0, 1]
    assert len(history.history["loss"]) == 2 and all(math.isfinite(v) for v in history.history["loss"])
    for got, kept in zip(model.get_weights(), recorder.weights[1]):
        np.testing.assert_array_equal(got, kept)
    assert model.history is history


def test_predict_on_no_samples_gives_an_empty_batch():
    model = _classifier()
    assert model.predict(np.zeros((0, 6), np.float32)).shape == (0, 3)


def test_a_nan_handling_callback_that_goes_on_skips_the_bad_batch():
    class Tolerant(callbacks.Callback):
        handles_nan = True

        def __init__(self):
            super().__init__()
            self.bad_batches = []

        def on_batch_end(self, batch, logs=None):
            if not math.isfinite(logs["loss"]):
                self.bad_batches.append(batch)

    def poisoned_mse(y_true, y_pred):  # NaN on the batch holding the marked target
        loss = lg.losses.MeanSquaredError()(y_true, y_pred)
        return loss * float("nan") if np.any(y_true == 99) else loss

    x = np.random.default_rng(0).standard_normal((12, 3)).astype(np.float32)
    y = np.zeros((12, 1), np.float32)
    y[5] = 99
    lg.set_seed(0)
    model = lg.Sequential([layers.Dense(1, input_dim=3)])
    model.compile(optimizer=optimizers.SGD(lr=0.1), loss=poisoned_mse)
    tolerant = Tolerant()
    history = model.fit(x, y, batch_size=4, epochs=2, shuffle=False, verbose=0, callbacks=[tolerant])
    assert tolerant.bad_batches == [1, 1]
    assert history.epoch == [0, 1] and all(math.isfinite(v) for v in history.history["loss"])
    assert all(np.isfinite(w).all() for w in model.get_weights())

    # The same training without the poisoned batch gives the same weights: it made no update.
    lg.set_seed(0)
    clean = lg.Sequential([layers.Dense(1, input_dim=3)])
    clean.compile(optimizer=optimizers.SGD(lr=0.1), loss="mse")
    for _ in range(2):
        for lo in (0, 8):
            clean.train_on_batch(x[lo:lo + 4], y[lo:lo + 4])
    for a, b in zip(model.get_weights(), clean.get_weights()):
        np.testing.assert_array_equal(a, b)


def test_subclass_with_its_own_build_is_built_once():
    class Custom(lg.Model):
        def __init__(self):
            super().__init__()
            self.builds = 0

        def build(self, input_shape):
            self.builds += 1
            self.w = lg.nn.Parameter(np.full((input_shape[0], 2), 0.1, np.float32))

        def forward(self, x):
            return lg.linear(x, self.w)

    model = Custom()
    model.compile(optimizer="sgd", loss="mse")
    x, y = np.ones((4, 3), np.float32), np.zeros((4, 2), np.float32)
    model.fit(x, y, epochs=2, verbose=0)
    model.fit(x, y, epochs=1, verbose=0)
    model.evaluate(x, y)
    model.predict(x)
    assert model.builds == 1
    assert model.w.data[0, 0] < 0.1  # the weights that build made are the ones trained
