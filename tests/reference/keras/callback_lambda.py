# LambdaCallback runs functions at epoch and batch ends; History records the epoch logs.
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(75)
x = rng.standard_normal((8, 3)).astype("float32")
y = rng.standard_normal((8, 1)).astype("float32")


def make_model():
    model = keras.Sequential([keras.Input(shape=(3,)), layers.Dense(1)])
    model.set_weights([rng.uniform(-0.5, 0.5, w.shape).astype("float32") for w in model.get_weights()])
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1), loss="mse")
    return model

seen = []
record = keras.callbacks.LambdaCallback(
    on_epoch_end=lambda epoch, logs: print("epoch", epoch, round(float(logs["loss"]), 5)),
    on_train_batch_end=lambda batch, logs: seen.append(batch),
    on_train_end=lambda logs: print("done", sorted(logs)),
)
model = make_model()
history = model.fit(x, y, batch_size=3, epochs=2, shuffle=False, verbose=0, callbacks=[record])
print(seen)
print(isinstance(history, keras.callbacks.History), model.history is history)
