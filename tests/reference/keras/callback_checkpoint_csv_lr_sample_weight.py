# sample_weight with validation_data, CSVLogger, LearningRateScheduler, TerminateOnNaN, LambdaCallback, checkpoint.
import os
import tempfile

import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(14)
x = rng.standard_normal((12, 3)).astype("float32")
y = rng.integers(0, 2, 12).astype("float32")
w = rng.uniform(0.5, 2.0, 12).astype("float32")
model = keras.Sequential([keras.Input(shape=(3,)), layers.Dense(1, activation="sigmoid")])
model.set_weights([rng.uniform(-0.5, 0.5, v.shape).astype("float32") for v in model.get_weights()])
model.compile(optimizer=keras.optimizers.SGD(0.3), loss="binary_crossentropy",
              metrics=[keras.metrics.BinaryAccuracy(name="acc"), keras.metrics.AUC(name="auc")])
events = []
with tempfile.TemporaryDirectory() as tmp:
    csv_path = os.path.join(tmp, "log.csv")
    ckpt = os.path.join(tmp, "best.keras")
    callbacks = [
        keras.callbacks.CSVLogger(csv_path),
        keras.callbacks.LearningRateScheduler(lambda epoch, lr: lr * 0.5 if epoch > 0 else lr),
        keras.callbacks.TerminateOnNaN(),
        keras.callbacks.LambdaCallback(on_epoch_end=lambda epoch, logs: events.append(epoch)),
        keras.callbacks.ModelCheckpoint(ckpt, monitor="val_loss", save_best_only=True),
    ]
    history = model.fit(x, y, sample_weight=w, batch_size=4, epochs=3, validation_data=(x[:6], y[:6], w[:6]),
                        shuffle=False, verbose=0, callbacks=callbacks)
    with open(csv_path) as f:
        rows = [line.strip().split(",") for line in f]
    print(rows[0])
    print(len(rows), [round(float(v), 4) for v in rows[-1]])
    print(os.path.exists(ckpt), events)
    best = keras.models.load_model(ckpt)
    print(round(float(best.evaluate(x[:6], y[:6], sample_weight=w[:6], verbose=0)[0]), 4))
for key in history.history:
    print(key, np.round(history.history[key], 4).tolist())
print(round(float(model.optimizer.learning_rate), 5))
