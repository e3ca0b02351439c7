# optimizer.learning_rate can be set between steps; with a schedule it cannot.
import keras
import numpy as np

v = keras.Variable(np.array([1.0, -1.0], dtype="float32"))
opt = keras.optimizers.SGD(learning_rate=0.1, momentum=0.5)
for step in range(4):
    if step == 2:
        opt.learning_rate = 0.01
    grad = keras.ops.convert_to_tensor(2 * v.numpy())
    opt.apply_gradients([(grad, v)])
    print(step, round(float(opt.learning_rate), 6), np.round(v.numpy(), 6).tolist())
scheduled = keras.optimizers.SGD(keras.optimizers.schedules.InverseTimeDecay(0.1, 1, 1.0))
try:
    scheduled.learning_rate = 0.5
    print("set")
except TypeError:
    print("TypeError")
print(round(float(scheduled.learning_rate), 6))
