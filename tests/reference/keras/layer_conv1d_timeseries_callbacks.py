# A timeseries regression: Conv1D, BatchNormalization, GlobalAveragePooling1D, callbacks in fit.
# (no conv bias before BatchNormalization: its gradient is rounding noise, which Adam would scale up)
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(30)
t = np.arange(20 * 8, dtype="float32").reshape(20, 8, 1) / 10
x = np.sin(t) + 0.1 * rng.standard_normal(t.shape).astype("float32")
y = x[:, -1, 0] * 0.5
inputs = keras.Input(shape=(8, 1))
h = layers.Conv1D(filters=4, kernel_size=3, padding="same", use_bias=False)(inputs)
h = layers.BatchNormalization()(h)
h = layers.ReLU()(h)
h = layers.GlobalAveragePooling1D()(h)
outputs = layers.Dense(1)(h)
model = keras.Model(inputs, outputs)
model.set_weights([rng.uniform(-0.5, 0.5, w.shape).astype("float32") if i not in (1, 2, 3, 4)
                   else w for i, w in enumerate(model.get_weights())])
print([w.shape for w in model.get_weights()])
model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="mse", metrics=["mae"])
callbacks = [keras.callbacks.ReduceLROnPlateau(monitor="val_loss", factor=0.5, patience=1, min_lr=1e-4),
             keras.callbacks.EarlyStopping(monitor="val_loss", patience=3, restore_best_weights=True)]
history = model.fit(x, y, epochs=4, batch_size=5, validation_split=0.2, callbacks=callbacks, shuffle=False,
                    verbose=0)
for key in history.history:
    print(key, np.round(history.history[key], 4).tolist())
print(np.round(model.predict(x[:2], verbose=0), 4).tolist())
