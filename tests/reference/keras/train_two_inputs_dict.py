# A functional model with two named inputs joined by concatenate, trained with a dict of inputs.
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(201)
numbers = keras.Input(shape=(3,), name="numbers")
flags = keras.Input(shape=(2,), name="flags")
merged = layers.concatenate([layers.Dense(4, activation="relu")(numbers), flags])
output = layers.Dense(1, activation="sigmoid", name="score")(merged)
model = keras.Model(inputs=[numbers, flags], outputs=output)
model.set_weights([rng.uniform(-0.5, 0.5, w.shape).astype("float32") for w in model.get_weights()])
x = {"numbers": rng.standard_normal((16, 3)).astype("float32"),
     "flags": rng.integers(0, 2, (16, 2)).astype("float32")}
y = rng.integers(0, 2, (16, 1)).astype("float32")
model.compile(optimizer=keras.optimizers.Adam(0.01), loss="binary_crossentropy", metrics=["accuracy"])
history = model.fit(x, y, batch_size=8, epochs=3, shuffle=False, verbose=0)
for key in history.history:
    print(key, np.round(history.history[key], 5).tolist())
print([t.name for t in model.inputs], model.output_shape)
print(np.round(model.predict(x, verbose=0)[:4], 5).tolist())
print(np.round(model.predict([x["numbers"], x["flags"]], verbose=0)[:2], 5).tolist())
print(np.round(model.evaluate(x, y, verbose=0), 5).tolist())
