# Learning-rate schedules passed to optimizers and trained with fit; the schedule's value per step.
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(6)
x = rng.standard_normal((12, 3)).astype("float32")
y = rng.standard_normal((12, 1)).astype("float32")
schedules = [
    keras.optimizers.schedules.ExponentialDecay(0.1, decay_steps=2, decay_rate=0.5, staircase=True),
    keras.optimizers.schedules.PiecewiseConstantDecay(boundaries=[2, 4], values=[0.1, 0.05, 0.01]),
    keras.optimizers.schedules.CosineDecay(0.1, decay_steps=6, alpha=0.1),
]
for schedule in schedules:
    print(type(schedule).__name__, [round(float(schedule(step)), 5) for step in range(7)])
    model = keras.Sequential([keras.Input(shape=(3,)), layers.Dense(1)])
    model.set_weights([np.full((3, 1), 0.2, "float32"), np.zeros((1,), "float32")])
    optimizer = keras.optimizers.SGD(learning_rate=schedule)
    model.compile(optimizer=optimizer, loss="mse")
    history = model.fit(x, y, batch_size=4, epochs=2, shuffle=False, verbose=0)
    print(np.round(history.history["loss"], 5).tolist(), int(optimizer.iterations))
    print(np.round(model.get_weights()[0].ravel(), 5).tolist())
