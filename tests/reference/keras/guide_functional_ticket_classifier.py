# The Functional API guide's ticket classifier: three named inputs of any length (title, body) and tags,
# Embedding + LSTM per text, concatenate, two named outputs as a dict; losses and loss weights as dicts.
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(31)
num_tags, num_words, num_departments = 6, 50, 4
title_input = keras.Input(shape=(None,), name="title")
body_input = keras.Input(shape=(None,), name="body")
tags_input = keras.Input(shape=(num_tags,), name="tags")
title_features = layers.LSTM(8)(layers.Embedding(num_words, 5)(title_input))
body_features = layers.LSTM(4)(layers.Embedding(num_words, 5)(body_input))
x = layers.concatenate([title_features, body_features, tags_input])
priority_pred = layers.Dense(1, name="priority")(x)
department_pred = layers.Dense(num_departments, name="department")(x)
model = keras.Model(inputs=[title_input, body_input, tags_input],
                    outputs={"priority": priority_pred, "department": department_pred})
model.set_weights([rng.uniform(-0.3, 0.3, w.shape).astype("float32") for w in model.get_weights()])
model.compile(optimizer=keras.optimizers.RMSprop(1e-2),
              loss={"priority": keras.losses.BinaryCrossentropy(from_logits=True),
                    "department": keras.losses.CategoricalCrossentropy(from_logits=True)},
              loss_weights={"priority": 1.0, "department": 0.2})
title_data = rng.integers(0, num_words, size=(12, 7))
body_data = rng.integers(0, num_words, size=(12, 15))
tags_data = rng.integers(0, 2, size=(12, num_tags)).astype("float32")
priority_targets = rng.random(size=(12, 1))
dept_targets = rng.integers(0, 2, size=(12, num_departments)).astype("float32")
history = model.fit({"title": title_data, "body": body_data, "tags": tags_data},
                    {"priority": priority_targets, "department": dept_targets},
                    epochs=2, batch_size=4, shuffle=False, verbose=0)
for key in history.history:
    print(key, np.round(history.history[key], 5).tolist())
print([t.name for t in model.inputs], model.input_shape, model.output_shape)
out = model.predict({"title": title_data[:2], "body": body_data[:2, :4], "tags": tags_data[:2]}, verbose=0)
print(sorted(out), np.round(out["priority"], 5).tolist())
model.summary()

# a layer shared by two inputs: its second call is node 1 in "Connected to"
shared = layers.Dense(3, name="shared")
left, right = keras.Input((4,), name="left"), keras.Input((4,), name="right")
twin = keras.Model([left, right], layers.add([shared(left), shared(right)]), name="twin")
twin.summary()
residual_in = keras.Input((5,), name="x")
hidden = layers.Dense(5, activation="relu", name="block")(residual_in)
chain = keras.Model(residual_in, layers.Dense(2, name="out")(layers.add([hidden, residual_in])), name="residual")
chain.summary()
