# Adadelta with Keras's defaults but a learning rate of 1.
import keras
import numpy as np

rng = np.random.default_rng(19)
w = keras.Variable(rng.standard_normal(4).astype("float32"))
b = keras.Variable(rng.standard_normal(2).astype("float32"))
target = rng.standard_normal(4).astype("float32")
scale = np.array([1.0, 2.0, 3.0, 0.5], dtype="float32")
opt = keras.optimizers.Adadelta(learning_rate=1.0)
for step in range(8):
    gw = 2 * scale * (w.numpy() - target)
    gb = 2 * (b.numpy() - 1.0)
    opt.apply_gradients([(keras.ops.convert_to_tensor(gw), w), (keras.ops.convert_to_tensor(gb), b)])
    print(step, int(opt.iterations), round(float(opt.learning_rate), 7))
print("w", np.round(w.numpy(), 6).tolist())
print("b", np.round(b.numpy(), 6).tolist())
