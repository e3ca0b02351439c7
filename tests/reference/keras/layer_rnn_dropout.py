# Recurrent dropout is training-only: with dropout and recurrent_dropout set, predict and evaluate give the
# outputs of the same weights without them; the configs keep the rates; a short fit runs and stays finite.
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(5)
x = rng.standard_normal((8, 5, 3)).astype("float32")
y = (x[:, :, 0].sum(axis=1) > 0).astype("float32")
for make in (lambda **k: layers.LSTM(4, **k), lambda **k: layers.GRU(4, **k), lambda **k: layers.SimpleRNN(4, **k)):
    plain = keras.Sequential([keras.Input(shape=(5, 3)), make(), layers.Dense(1, activation="sigmoid")])
    weights = [rng.standard_normal(w.shape).astype("float32") * 0.5 for w in plain.get_weights()]
    plain.set_weights(weights)
    dropped = keras.Sequential([keras.Input(shape=(5, 3)), make(dropout=0.3, recurrent_dropout=0.2),
                                layers.Dense(1, activation="sigmoid")])
    dropped.set_weights(weights)
    print(np.round(dropped.predict(x, verbose=0)[:, 0], 5).tolist())
    print(np.abs(dropped.predict(x, verbose=0) - plain.predict(x, verbose=0)).max() < 1e-6)
    config = dropped.layers[0].get_config()
    print(config["dropout"], config["recurrent_dropout"])
    dropped.compile(optimizer="sgd", loss="binary_crossentropy")
    print(round(dropped.evaluate(x, y, verbose=0), 5), round(plain.compile(optimizer="sgd", loss="binary_crossentropy")
                                                             or plain.evaluate(x, y, verbose=0), 5))
    history = dropped.fit(x, y, epochs=2, batch_size=4, verbose=0)
    print(len(history.history["loss"]), bool(np.isfinite(history.history["loss"]).all()))
