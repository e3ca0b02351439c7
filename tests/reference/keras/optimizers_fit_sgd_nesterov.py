# fit with SGD and Nesterov momentum on a one-layer model with weights copied in.
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(11)
x = rng.standard_normal((12, 3)).astype("float32")
y = rng.standard_normal((12, 1)).astype("float32")
model = keras.Sequential([layers.Dense(1, input_shape=(3,))])
model.set_weights([rng.standard_normal(w.shape).astype("float32") * 0.5 for w in model.get_weights()])
opt = keras.optimizers.SGD(learning_rate=0.1, momentum=0.9, nesterov=True)
model.compile(optimizer=opt, loss="mse")
history = model.fit(x, y, batch_size=4, epochs=3, shuffle=False, verbose=0)
print("loss", np.round(history.history["loss"], 5).tolist())
print("iterations", int(opt.iterations), "learning_rate", round(float(opt.learning_rate), 7))
for w in model.get_weights():
    print(np.round(w, 5).tolist())
