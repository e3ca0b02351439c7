# A sigmoid output with binary_crossentropy: 'accuracy' becomes binary accuracy; Precision and AUC.
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(43)


def set_seeded_weights(model):
    model.set_weights([rng.uniform(-0.5, 0.5, w.shape).astype("float32") for w in model.get_weights()])


def show_history(history):
    for key in history.history:
        print(key, np.round(history.history[key], 5).tolist())


def show_weights(model):
    for w in model.get_weights():
        print(np.round(w, 5).tolist())

x = rng.standard_normal((16, 3)).astype("float32")
y = (x[:, :1] + 0.3 * x[:, 1:2] > 0).astype("float32")
model = keras.Sequential([keras.Input(shape=(3,)), layers.Dense(4, activation="tanh"),
                          layers.Dense(1, activation="sigmoid")])
set_seeded_weights(model)
model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.5), loss="binary_crossentropy",
              metrics=["accuracy", keras.metrics.Precision(name="precision"), keras.metrics.AUC(name="auc")])
show_history(model.fit(x, y, batch_size=8, epochs=3, shuffle=False, verbose=0))
print(np.round(model.predict(x[:4], verbose=0), 5).tolist())
