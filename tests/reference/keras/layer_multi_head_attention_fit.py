# A small functional transformer block (self-attention with a causal mask, residual, LayerNormalization,
# pooling) trained 3 epochs with Adam, no shuffle; then saved to a .keras file and loaded back.
import os
import tempfile

import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(11)
x = rng.standard_normal((16, 5, 4)).astype("float32")
y = (x[:, :, 0].mean(axis=1, keepdims=True) > 0).astype("float32")
inputs = keras.Input(shape=(5, 4))
attended = layers.MultiHeadAttention(num_heads=2, key_dim=3, name="attention")(inputs, inputs, use_causal_mask=True)
hidden = layers.LayerNormalization()(layers.Add()([inputs, attended]))
outputs = layers.Dense(1, activation="sigmoid")(layers.GlobalAveragePooling1D()(hidden))
model = keras.Model(inputs, outputs)
model.set_weights([rng.standard_normal(w.shape).astype("float32") * 0.5 for w in model.get_weights()])
print([list(w.shape) for w in model.get_weights()])
print(model.count_params(), list(model.output_shape))
model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="binary_crossentropy")
history = model.fit(x, y, batch_size=4, epochs=3, shuffle=False, verbose=0)
print(np.round(history.history["loss"], 5).tolist())
print(np.round(model.get_layer("attention").get_weights()[0], 4).tolist())
path = os.path.join(tempfile.mkdtemp(), "attention.keras")
model.save(path)
loaded = keras.models.load_model(path)
print(np.round(loaded.predict(x[:4], verbose=0), 5).tolist())
print(np.round(model.predict(x[:4], verbose=0), 5).tolist())
