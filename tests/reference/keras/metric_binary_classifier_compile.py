# A binary classifier compiled with accuracy, Precision, Recall and AUC: fit history and evaluate's dict.
# reference: rtol=1e-3 atol=1e-4
import keras
import numpy as np
from keras import layers, metrics

rng = np.random.default_rng(210)
x = rng.standard_normal((40, 3)).astype("float32")
y = (x[:, :1] + 0.5 * x[:, 1:2] > 0).astype("float32")
model = keras.Sequential([keras.Input((3,)), layers.Dense(4, activation="relu"), layers.Dense(1, activation="sigmoid")])
model.set_weights([rng.uniform(-0.5, 0.5, w.shape).astype("float32") for w in model.get_weights()])
model.compile(optimizer=keras.optimizers.Adam(0.05), loss="binary_crossentropy",
              metrics=["accuracy", metrics.Precision(name="precision"), metrics.Recall(name="recall"),
                       metrics.AUC(name="auc")])
history = model.fit(x, y, batch_size=10, epochs=3, shuffle=False, verbose=0, validation_split=0.25)
for key in history.history:
    print(key, np.round(history.history[key], 4).tolist())
print({k: round(float(v), 4) for k, v in model.evaluate(x, y, verbose=0, return_dict=True).items()})
