# fit on a generator with validation_data another generator: the batches each one yields, per epoch (Keras
# draws the validation batches in the first epoch only and reuses them), then evaluate and fit again.
import keras
import numpy as np
from keras import layers

seen = []


def stream(tag):
    i = 0
    while True:
        seen.append(f"{tag}{i % 3}")
        yield np.full((2, 3), i % 3, "float32"), np.ones((2, 1), "float32")
        i += 1


model = keras.Sequential([keras.Input((3,)), layers.Dense(1)])
model.compile(optimizer="sgd", loss="mse")
history = model.fit(stream("t"), steps_per_epoch=3, epochs=3, verbose=0, validation_data=stream("v"),
                    validation_steps=2)
print(" ".join(seen), len(history.history["val_loss"]))
seen.clear()
model.evaluate(stream("e"), steps=2, verbose=0)
print(" ".join(seen))
seen.clear()
model.fit(stream("s"), steps_per_epoch=2, epochs=2, verbose=0)
print(" ".join(seen))
