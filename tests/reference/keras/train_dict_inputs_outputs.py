# A functional model with dict inputs and dict outputs: loss, loss_weights and metrics as dicts by output
# key; the history keys, metrics_names, evaluate (list and return_dict) and predict (a dict) as Keras names them.
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(3)
image = keras.Input(shape=(4,), name="image")
meta = keras.Input(shape=(2,), name="meta")
h = layers.Dense(5, activation="relu", name="trunk")(layers.concatenate([image, meta]))
cls = layers.Dense(3, activation="softmax", name="cls_head")(h)
reg = layers.Dense(1, name="reg_head")(h)
model = keras.Model(inputs={"image": image, "meta": meta}, outputs={"label": cls, "score": reg})
print(model.output_shape)
print([t.name for t in model.inputs], model.input_shape)
print(model.output_names)
model.set_weights([rng.uniform(-0.5, 0.5, w.shape).astype("float32") for w in model.get_weights()])
x = {"image": rng.standard_normal((8, 4)).astype("float32"), "meta": rng.standard_normal((8, 2)).astype("float32")}
y = {"label": rng.integers(0, 3, 8), "score": rng.standard_normal((8, 1)).astype("float32")}
model.compile(optimizer=keras.optimizers.SGD(0.1),
              loss={"label": "sparse_categorical_crossentropy", "score": "mse"},
              loss_weights={"label": 1.0, "score": 0.5},
              metrics={"label": ["accuracy"], "score": ["mae"]})
print(model.metrics_names)
history = model.fit(x, y, batch_size=4, epochs=2, verbose=0, shuffle=False)
for k, v in history.history.items():
    print(k, np.round(v, 5).tolist())
print(model.metrics_names)
r = model.evaluate(x, y, verbose=0, return_dict=True)
print({k: round(float(v), 5) for k, v in r.items()})
print(np.round(model.evaluate(x, y, verbose=0), 5).tolist())
p = model.predict(x, verbose=0)
print(type(p).__name__, sorted(p) if isinstance(p, dict) else None)
print({k: np.round(v[:2], 5).tolist() for k, v in p.items()})
out = model(x)
print(type(out).__name__, sorted(out))
history = model.fit(x, y, batch_size=4, epochs=1, verbose=0, shuffle=False, validation_data=(x, y))
print(sorted(history.history))
