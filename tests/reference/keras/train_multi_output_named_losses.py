# The Functional API guide: two named inputs, two named outputs, losses/loss_weights/metrics as dicts.
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(3)
title = keras.Input(shape=(6,), name="title")
body = keras.Input(shape=(4,), name="body")
x = layers.concatenate([layers.Dense(5, activation="relu", name="title_dense")(title),
                        layers.Dense(3, activation="relu", name="body_dense")(body)])
priority = layers.Dense(1, name="priority")(x)
department = layers.Dense(3, activation="softmax", name="department")(x)
model = keras.Model(inputs=[title, body], outputs=[priority, department])
model.set_weights([rng.uniform(-0.5, 0.5, w.shape).astype("float32") for w in model.get_weights()])
model.compile(
    optimizer=keras.optimizers.SGD(learning_rate=0.05),
    loss={"priority": "mse", "department": "sparse_categorical_crossentropy"},
    loss_weights={"priority": 1.0, "department": 0.2},
    metrics={"priority": ["mae"], "department": ["accuracy"]},
)
xt = rng.standard_normal((16, 6)).astype("float32")
xb = rng.standard_normal((16, 4)).astype("float32")
yp = rng.standard_normal((16, 1)).astype("float32")
yd = rng.integers(0, 3, 16)
history = model.fit({"title": xt, "body": xb}, {"priority": yp, "department": yd}, batch_size=8, epochs=2,
                    shuffle=False, verbose=0)
for key in sorted(history.history):
    print(key, np.round(history.history[key], 4).tolist())
result = model.evaluate({"title": xt, "body": xb}, {"priority": yp, "department": yd}, verbose=0,
                        return_dict=True)
for key in sorted(result):
    print(key, round(float(result[key]), 4))
pred = model.predict({"title": xt[:3], "body": xb[:3]}, verbose=0)
print(len(pred), pred[0].shape, pred[1].shape)
print(model.get_layer("title_dense").units, model.get_layer("department").output.shape)
print([layer.name for layer in model.layers])
