# Adam with amsgrad and decoupled weight decay.
import keras
import numpy as np

rng = np.random.default_rng(36)
w = keras.Variable(rng.standard_normal(4).astype("float32"))
b = keras.Variable(rng.standard_normal(2).astype("float32"))
target = rng.standard_normal(4).astype("float32")
scale = np.array([1.0, 2.0, 3.0, 0.5], dtype="float32")
opt = keras.optimizers.Adam(0.1, beta_1=0.8, beta_2=0.99, amsgrad=True, weight_decay=0.2)
for step in range(8):
    gw = 2 * scale * (w.numpy() - target)
    gb = 2 * (b.numpy() - 1.0)
    opt.apply_gradients([(keras.ops.convert_to_tensor(gw), w), (keras.ops.convert_to_tensor(gb), b)])
    print(step, int(opt.iterations), round(float(opt.learning_rate), 7))
print("w", np.round(w.numpy(), 6).tolist())
print("b", np.round(b.numpy(), 6).tolist())
