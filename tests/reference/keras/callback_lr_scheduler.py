# LearningRateScheduler sets the rate from schedule(epoch, lr) before each epoch.
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(74)
x = rng.standard_normal((8, 3)).astype("float32")
y = rng.standard_normal((8, 1)).astype("float32")


def make_model():
    model = keras.Sequential([keras.Input(shape=(3,)), layers.Dense(1)])
    model.set_weights([rng.uniform(-0.5, 0.5, w.shape).astype("float32") for w in model.get_weights()])
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1), loss="mse")
    return model

model = make_model()


def schedule(epoch, lr):
    return lr if epoch < 1 else lr * 0.5


history = model.fit(x, y, batch_size=4, epochs=3, shuffle=False, verbose=0,
                    callbacks=[keras.callbacks.LearningRateScheduler(schedule)])
print(np.round(history.history["learning_rate"], 6).tolist())
print(np.round(history.history["loss"], 5).tolist())
