# learning_rate and iterations answer like Keras variables: numpy(), assign().
import keras
import numpy as np

v = keras.Variable(np.array([1.0, 2.0], dtype="float32"))
opt = keras.optimizers.Adam(learning_rate=0.1)
for _step in range(3):
    opt.apply_gradients([(keras.ops.convert_to_tensor(v.numpy() * 2), v)])
print(float(opt.learning_rate.numpy()), int(opt.iterations.numpy()))
opt.learning_rate.assign(0.01)
opt.apply_gradients([(keras.ops.convert_to_tensor(v.numpy() * 2), v)])
print(round(float(opt.learning_rate.numpy()), 6), int(opt.iterations.numpy()))
print(np.round(v.numpy(), 6).tolist())
