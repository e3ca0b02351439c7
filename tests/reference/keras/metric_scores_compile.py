# F1Score, R2Score and the loss-like metrics given to compile by object and by name: the epoch logs of fit
# (no shuffle) and evaluate.
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(33)
x = rng.standard_normal((24, 3)).astype("float32")
onehot = np.eye(3, dtype="float32")[np.argmax(x + 0.3 * rng.standard_normal((24, 3)), axis=1)]
model = keras.Sequential([keras.Input(shape=(3,)), layers.Dense(3, activation="softmax")])
model.set_weights([rng.standard_normal(w.shape).astype("float32") * 0.5 for w in model.get_weights()])
model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1), loss="categorical_crossentropy",
              metrics=[keras.metrics.F1Score(average="macro", name="macro_f1"),
                       keras.metrics.FBetaScore(average="weighted", beta=2.0),
                       "categorical_crossentropy", "f1_score"])
history = model.fit(x, onehot, batch_size=8, epochs=2, shuffle=False, verbose=0)
for key in sorted(history.history):
    print(key, np.round(np.asarray(history.history[key], dtype="float64"), 5).tolist())

y = x @ np.array([[1.0], [-2.0], [0.5]], "float32") + 0.1
regressor = keras.Sequential([keras.Input(shape=(3,)), layers.Dense(1)])
regressor.set_weights([rng.standard_normal(w.shape).astype("float32") * 0.5 for w in regressor.get_weights()])
regressor.compile(optimizer=keras.optimizers.SGD(learning_rate=0.05), loss="mse",
                  metrics=[keras.metrics.R2Score(), keras.metrics.LogCoshError(), "cosine_similarity"])
history = regressor.fit(x, y, batch_size=8, epochs=2, shuffle=False, verbose=0)
for key in sorted(history.history):
    print(key, np.round(history.history[key], 5).tolist())
print({k: round(float(v), 5) for k, v in regressor.evaluate(x, y, verbose=0, return_dict=True).items()})
